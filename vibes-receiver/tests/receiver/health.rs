//! `/healthz`, and a store that fails: the health check says 503, and a delivery is answered
//! 503 (`Answer::Retry`) so that Vibes sends it again; once the store is back, both are 200.

use crate::helpers::{
    Folder, client, deliveries, delivery, health, open_store, person_added, receiver, rejected,
    send,
};
use axum::http::StatusCode;

#[tokio::test]
async fn healthz_and_deliveries_follow_the_store() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let answer = health(&client, &receiver).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "ok\n");

    // Another process takes the table away: the store no longer answers.
    let store = open_store(&folder.store());
    store
        .execute_batch("ALTER TABLE deliveries RENAME TO deliveries_away")
        .unwrap();
    let answer = health(&client, &receiver).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        String::from_utf8_lossy(&answer.body).contains("no such table: deliveries"),
        "{:?}",
        answer.body
    );
    let body = person_added("E-store-down");
    let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
    let line = receiver.wait_for_log("delivery E-store-down could not be stored");
    assert!(
        line.contains("answered 503 for Vibes to send it again"),
        "{line}"
    );
    assert!(line.contains("no such table: deliveries"), "{line}");

    store
        .execute_batch("ALTER TABLE deliveries_away RENAME TO deliveries")
        .unwrap();
    assert_eq!(health(&client, &receiver).await.status, StatusCode::OK);
    let answer = send(&client, delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::OK);
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].body, body);
    assert!(rejected(&folder.store()).is_empty());
}
