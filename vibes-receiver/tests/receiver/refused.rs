//! Requests that are not deliveries: answered with the library's 4XX and JSON error naming each
//! problem, and kept in `rejected` with every byte they carried.

use crate::helpers::{
    Folder, client, deliveries, delivery, headers_for, person_added, problem_headers, receiver,
    rejected, request, send,
};
use axum::http::{HeaderValue, Method, StatusCode};

#[tokio::test]
async fn a_malformed_body_is_refused_with_its_path_and_kept_byte_for_byte() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let headers = headers_for(&person_added("bad-body"));
    let broken = br#"{"event_id": "bad-body", "callback_type": "person_added",
      "event_date": "2017-03-15T15:42:23Z", "person": {"mobile_phone": {"mdn": 12995551234}}}"#;
    let answer = send(
        &client,
        request(Method::POST, &receiver.url("/"), &headers, broken),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.json();
    assert_eq!(error["error"]["kind"], "body");
    assert_eq!(error["error"]["path"], "person.mobile_phone.mdn");
    // Not JSON at all, and not even UTF-8.
    let garbage = b"{\"event_id\": \"bad-body\", \xff\n";
    let answer = send(
        &client,
        request(Method::POST, &receiver.url("/"), &headers, garbage),
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);

    assert!(deliveries(&folder.store()).is_empty());
    let kept = rejected(&folder.store());
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].status, 400);
    assert_eq!(kept[0].body.as_deref(), Some(&broken[..]));
    assert_eq!(kept[0].error, error, "the stored error is the one answered");
    assert_eq!(kept[0].event_id.as_deref(), Some("bad-body"));
    assert_eq!(kept[0].method, "POST");
    assert_eq!(kept[1].body.as_deref(), Some(&garbage[..]));
    assert_eq!(kept[1].error["error"]["kind"], "body");
    let line = receiver.wait_for_log("delivery bad-body was refused with 400 and kept");
    assert!(line.contains("person.mobile_phone.mdn"), "{line}");
}

#[tokio::test]
async fn missing_repeated_and_mismatched_headers_are_each_named_and_kept() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let body = person_added("E-headers");
    let url = receiver.url("/");

    let mut missing = headers_for(&body);
    missing.remove("x-callback-id");
    missing.remove("x-delivery-attempts");
    let answer = send(&client, request(Method::POST, &url, &missing, &body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        problem_headers(&answer.json()),
        ["X-Callback-Id", "X-Delivery-Attempts"]
    );

    let mut repeated = headers_for(&body);
    repeated.append("x-event-type", HeaderValue::from_static("person_updated"));
    let answer = send(&client, request(Method::POST, &url, &repeated, &body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.json();
    assert_eq!(problem_headers(&error), ["X-Event-Type"]);
    assert_eq!(
        error["error"]["problems"][0]["message"],
        "callback header `X-Event-Type` comes 2 times, not once"
    );

    let mut mismatched = headers_for(&body);
    mismatched.insert("x-event-id", HeaderValue::from_static("E-other"));
    mismatched.insert("x-event-type", HeaderValue::from_static("person_updated"));
    let answer = send(&client, request(Method::POST, &url, &mismatched, &body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let error = answer.json();
    assert_eq!(error["error"]["kind"], "mismatch");
    assert_eq!(problem_headers(&error), ["X-Event-Id", "X-Event-Type"]);
    assert_eq!(error["error"]["problems"][1]["path"], "callback_type");

    assert!(deliveries(&folder.store()).is_empty());
    let kept = rejected(&folder.store());
    assert_eq!(kept.len(), 3);
    for row in &kept {
        assert_eq!(row.status, 400);
        assert_eq!(row.body.as_deref(), Some(&body[..]));
    }
    assert_eq!(kept[0].header("x-callback-id"), None);
    // Both values of the repeated header are kept, in order.
    let types: Vec<_> = kept[1]
        .headers
        .iter()
        .filter(|(name, _)| name == "x-event-type")
        .map(|(_, value)| value.as_str().unwrap())
        .collect();
    assert_eq!(types, ["person_added", "person_updated"]);
    assert_eq!(kept[1].event_id.as_deref(), Some("E-headers"));
    assert_eq!(kept[2].event_id.as_deref(), Some("E-other"));
}

#[tokio::test]
async fn put_and_text_json_are_deliveries_and_other_methods_and_types_are_kept_refusals() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let url = receiver.url("/");

    let body = person_added("E-put");
    let mut headers = headers_for(&body);
    headers.insert(
        "content-type",
        HeaderValue::from_static("text/json; charset=utf-8"),
    );
    let answer = send(&client, request(Method::PUT, &url, &headers, &body)).await;
    assert_eq!(answer.status, StatusCode::OK);

    let refused = person_added("E-get");
    let answer = send(
        &client,
        request(Method::GET, &url, &headers_for(&refused), &refused),
    )
    .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.headers["allow"], "POST, PUT");
    assert_eq!(answer.json()["error"]["kind"], "method");

    let plain = person_added("E-plain");
    let mut headers = headers_for(&plain);
    headers.insert("content-type", HeaderValue::from_static("text/plain"));
    let answer = send(&client, request(Method::POST, &url, &headers, &plain)).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(problem_headers(&answer.json()), ["Content-Type"]);

    // Another path is not the delivery path: not found, and not a delivery to keep.
    let elsewhere = send(&client, delivery(&receiver.url("/other"), &body)).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].event_id, "E-put");
    assert_eq!(rows[0].body, body);
    assert_eq!(
        rows[0].header("content-type"),
        Some("text/json; charset=utf-8")
    );
    let kept = rejected(&folder.store());
    let found: Vec<_> = kept
        .iter()
        .map(|row| (row.status, row.method.as_str(), row.body.clone()))
        .collect();
    assert_eq!(
        found,
        [(405, "GET", Some(refused)), (415, "POST", Some(plain))]
    );
}

#[tokio::test]
async fn strict_reading_refuses_what_lenient_reading_accepts() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).args(["--strict"]).run();
    let body = br#"{"event_id": "7c1d", "callback_type": "person_merged",
      "event_date": "2026-03-01T09:00:00Z", "merged_into": {"person_id": "ABC123"}}"#;
    let answer = send(&client(), delivery(&receiver.url("/"), body)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["error"]["path"], "callback_type");
    let kept = rejected(&folder.store());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].body.as_deref(), Some(&body[..]));
    assert!(deliveries(&folder.store()).is_empty());
}

#[tokio::test]
async fn accepted_mismatches_are_stored_by_the_header_and_logged() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).args(["--accept-mismatches"]).run();
    let body = person_added("E-body");
    let mut headers = headers_for(&body);
    headers.insert("x-event-id", HeaderValue::from_static("E-header"));
    let answer = send(
        &client(),
        request(Method::POST, &receiver.url("/"), &headers, &body),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].event_id, "E-header",
        "the key is the header's event id"
    );
    assert_eq!(rows[0].body, body);
    let line = receiver.wait_for_log("delivery E-header was accepted with something outside");
    assert!(line.contains(r#"kind="mismatch""#), "{line}");
    assert!(line.contains(r#"path="event_id""#), "{line}");
}
