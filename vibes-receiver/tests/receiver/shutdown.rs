//! A clean shutdown: on SIGTERM (a supervisor) or SIGINT (Ctrl-C) the request in flight is
//! finished, acknowledged and stored, and the receiver exits with status 0.

use crate::helpers::{Folder, deliveries, person_added, read_head, receiver, stalled};
use std::io::Write;

/// Sends `signal` while a request is in flight, and checks that the request is answered and
/// stored, and the receiver exits 0 after saying in its log that `named` came.
fn the_request_in_flight_finishes_on(signal: &str, named: &str) {
    let folder = Folder::new();
    let mut running = receiver(folder.store())
        .log("info,vibes_receiver=debug")
        .run();
    let body = person_added("E-in-flight");
    let half = body.len() / 2;
    let mut stream = stalled(running.address, &body, half);
    // The handler has the request; half of its body is still to come.
    running.wait_for_log("receiving delivery E-in-flight");
    running.signal(signal);
    running.wait_for_log(&format!("{named} received: shutting down"));
    stream.write_all(&body[half..]).unwrap();
    let head = read_head(&mut stream);
    assert!(head.starts_with("HTTP/1.1 200 "), "{signal}: {head}");
    let status = running.wait();
    assert!(
        status.success(),
        "{signal}: {status}; the log:\n{}",
        running.log_text()
    );
    running.wait_for_log("stopped");

    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1, "{signal}");
    assert_eq!(rows[0].body, body, "{signal}");
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_then_exits_0() {
    the_request_in_flight_finishes_on("TERM", "SIGTERM");
}

#[test]
fn ctrl_c_lets_the_request_in_flight_finish_then_exits_0() {
    the_request_in_flight_finishes_on("INT", "Ctrl-C (SIGINT)");
}
