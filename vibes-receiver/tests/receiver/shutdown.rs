//! A clean shutdown: on SIGTERM the request in flight is finished, acknowledged and stored, and
//! the receiver exits with status 0.

use crate::helpers::{Folder, deliveries, person_added, read_head, receiver, stalled};
use std::io::Write;

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    let folder = Folder::new();
    let mut running = receiver(folder.store())
        .log("info,vibes_receiver=debug")
        .run();
    let body = person_added("E-in-flight");
    let half = body.len() / 2;
    let mut stream = stalled(running.address, &body, half);
    // The handler has the request; half of its body is still to come.
    running.wait_for_log("receiving delivery E-in-flight");
    running.terminate();
    running.wait_for_log("SIGTERM received: shutting down");
    stream.write_all(&body[half..]).unwrap();
    let head = read_head(&mut stream);
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    let status = running.wait();
    assert!(
        status.success(),
        "{status}; the log:\n{}",
        running.log_text()
    );
    running.wait_for_log("stopped");

    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].body, body);
}
