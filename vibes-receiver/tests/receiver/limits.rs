//! The body size limit (413) and the read timeout (408): answered, and the request kept in
//! `rejected` without the body it did not receive whole. A request head that does not arrive in
//! time closes its connection.

use crate::helpers::{
    DEADLINE, Folder, client, deliveries, delivery, health, person_added, read_head, receiver,
    rejected, send, stalled,
};
use axum::http::StatusCode;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;

/// A `person_added` body of `size` bytes, padded with an unknown field.
fn body_of_size(event_id: &str, size: usize) -> Vec<u8> {
    let head = format!(
        r#"{{"event_id": "{event_id}", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{}}, "padding": ""#
    );
    let mut body = head.into_bytes();
    body.resize(size - 2, b'x');
    body.extend_from_slice(b"\"}");
    body
}

#[tokio::test]
async fn a_body_over_the_limit_is_answered_413_and_recorded() {
    let folder = Folder::new();
    let receiver = receiver(folder.store())
        .args(["--max-body-bytes", "1024"])
        .run();
    let client = client();
    let fits = body_of_size("E-fits", 1024);
    let answer = send(&client, delivery(&receiver.url("/"), &fits)).await;
    assert_eq!(answer.status, StatusCode::OK);
    // Small enough for the socket buffers, so the client has sent it all when the answer comes.
    let over = body_of_size("E-over", 1025 + 2048);
    let answer = send(&client, delivery(&receiver.url("/"), &over)).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.json()["error"]["message"],
        "the body is over the limit of 1024 bytes"
    );

    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].body, fits);
    let kept = rejected(&folder.store());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].status, 413);
    assert_eq!(kept[0].event_id.as_deref(), Some("E-over"));
    assert_eq!(kept[0].body, None, "a body over the limit is not held");
    assert_eq!(kept[0].header("content-length"), Some("3073"));
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_answered_408_and_recorded() {
    let folder = Folder::new();
    let receiver = receiver(folder.store())
        .args(["--read-timeout", "300ms"])
        .run();
    // The rest of the body never comes: the receiver's own timer answers.
    let mut stream = stalled(receiver.address, &person_added("E-slow"), 10);
    let head = read_head(&mut stream);
    assert!(head.starts_with("HTTP/1.1 408 "), "{head}");

    assert!(deliveries(&folder.store()).is_empty());
    let kept = rejected(&folder.store());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].status, 408);
    assert_eq!(kept[0].event_id.as_deref(), Some("E-slow"));
    assert_eq!(kept[0].body, None);
    assert_eq!(
        kept[0].error["error"]["message"],
        "the body did not arrive within 300ms"
    );
}

#[tokio::test]
async fn a_request_head_that_does_not_arrive_in_time_closes_the_connection() {
    let folder = Folder::new();
    let receiver = receiver(folder.store())
        .args(["--read-timeout", "300ms"])
        .run();
    // Half a head, then nothing, as a client that sends it a byte at a time would leave it; and
    // a connection that sends nothing at all.
    let mut half = TcpStream::connect(receiver.address).expect("the receiver accepts");
    half.write_all(b"POST / HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-le")
        .unwrap();
    let silent = TcpStream::connect(receiver.address).expect("the receiver accepts");
    for (mut stream, what) in [(half, "half a head"), (silent, "no head")] {
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        let mut answer = Vec::new();
        match stream.read_to_end(&mut answer) {
            // Closed, unanswered: there is no request to answer.
            Ok(_) => assert!(answer.is_empty(), "{what}: {answer:?}"),
            Err(error) if error.kind() == ErrorKind::ConnectionReset => {}
            Err(error) => panic!("{what}: the connection is still open ({error})"),
        }
    }
    // The receiver goes on serving, and nothing of either connection is a delivery to keep.
    assert_eq!(health(&client(), &receiver).await.status, StatusCode::OK);
    assert!(deliveries(&folder.store()).is_empty());
    assert!(rejected(&folder.store()).is_empty());
    receiver.wait_for_log("no whole request head within 300ms");
}
