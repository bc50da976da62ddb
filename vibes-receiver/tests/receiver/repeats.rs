//! Repeated deliveries: acknowledged every time, stored once, across a restart too; and a
//! callback type this version does not know, acknowledged and stored.

use crate::helpers::{
    Folder, client, deliveries, delivery, headers_for, person_added, receiver, rejected, request,
    send,
};
use axum::http::{HeaderValue, Method, StatusCode};

#[tokio::test]
async fn a_repeated_delivery_is_acknowledged_twice_and_stored_once() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let body = person_added("AB234SDFD234");
    let first = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(first.status, StatusCode::OK);
    // The retry Vibes sends: the same event, the attempt count grown.
    let mut headers = headers_for(&body);
    headers.insert("x-delivery-attempts", HeaderValue::from_static("2"));
    let retry = send(
        &client,
        request(Method::PUT, &receiver.url("/"), &headers, &body),
    )
    .await;
    assert_eq!(retry.status, StatusCode::OK);
    // The same event id with another body is the same event: the first body stays.
    let other = br#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
      "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "999"}}"#;
    let third = send(&client, delivery(&receiver.url("/"), other)).await;
    assert_eq!(third.status, StatusCode::OK);

    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].body, body);
    assert_eq!(rows[0].header("x-delivery-attempts"), Some("1"));
    assert!(rejected(&folder.store()).is_empty());
    receiver.wait_for_log("delivery AB234SDFD234 was stored already");
}

#[tokio::test]
async fn an_unknown_callback_type_is_acknowledged_and_stored() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let body = br#"{"event_id": "7c1d", "callback_type": "person_merged",
      "event_date": "2026-03-01T09:00:00Z", "merged_into": {"person_id": "ABC123"}}"#;
    let answer = send(&client(), delivery(&receiver.url("/"), body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].callback_type, "person_merged");
    assert_eq!(rows[0].body, body);
    // What lenient reading let through is logged, with its kind and path as fields.
    let line = receiver.wait_for_log("delivery 7c1d was accepted with something outside");
    assert!(line.contains(r#"kind="unrecognized""#), "{line}");
    assert!(line.contains(r#"path="callback_type""#), "{line}");
}

#[tokio::test]
async fn a_restart_between_two_deliveries_of_an_event_keeps_one_row() {
    let folder = Folder::new();
    let body = person_added("restart-1");
    let first = receiver(folder.store()).run();
    let answer = send(&client(), delivery(&first.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(first.stop().success());

    let second = receiver(folder.store()).run();
    let answer = send(&client(), delivery(&second.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].body, body);
    second.wait_for_log("delivery restart-1 was stored already");
}
