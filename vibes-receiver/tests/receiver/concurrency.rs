//! Many deliveries at once: every one acknowledged and stored exactly once.

use crate::helpers::{Folder, client, deliveries, delivery, person_added, receiver, send};
use axum::http::StatusCode;
use tokio::task::JoinSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_deliveries_are_each_stored_once() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let url = receiver.url("/");
    let mut sent = JoinSet::new();
    for n in 0..200 {
        let (client, url) = (client.clone(), url.clone());
        sent.spawn(async move {
            let body = person_added(&format!("E-{n:03}"));
            let answer = send(&client, delivery(&url, &body)).await;
            (answer.status, body)
        });
    }
    // And one event sent 20 times at once: acknowledged each time, stored once.
    for _ in 0..20 {
        let (client, url) = (client.clone(), url.clone());
        sent.spawn(async move {
            let body = person_added("E-same");
            (send(&client, delivery(&url, &body)).await.status, body)
        });
    }
    let mut bodies = Vec::new();
    while let Some(joined) = sent.join_next().await {
        let (status, body) = joined.unwrap();
        assert_eq!(status, StatusCode::OK);
        bodies.push(body);
    }
    bodies.sort();
    bodies.dedup();
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 201);
    let mut stored: Vec<_> = rows.into_iter().map(|row| row.body).collect();
    stored.sort();
    assert_eq!(stored, bodies);
}
