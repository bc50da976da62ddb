//! A hard kill (SIGKILL) during a burst of deliveries: every delivery acknowledged before it is
//! in the store, byte for byte, and a restarted receiver takes the rest as Vibes resends them.

use crate::helpers::{
    Folder, client, deliveries, delivery, person_added, receiver, send, try_send,
};
use axum::http::StatusCode;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// How many deliveries the burst holds, how many clients send them, and how many answers come
/// before the kill.
const BURST: usize = 600;
const CLIENTS: usize = 32;
const BEFORE_KILL: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hard_kill_during_a_burst_loses_no_acknowledged_delivery() {
    let folder = Folder::new();
    let running = receiver(folder.store()).run();
    let url = running.url("/");
    let client = client();
    let next = Arc::new(AtomicUsize::new(0));
    let acknowledged = Arc::new(AtomicUsize::new(0));
    let enough = Arc::new(Notify::new());
    let mut clients = JoinSet::new();
    for _ in 0..CLIENTS {
        let (client, url, next) = (client.clone(), url.clone(), Arc::clone(&next));
        let (acknowledged, enough) = (Arc::clone(&acknowledged), Arc::clone(&enough));
        clients.spawn(async move {
            let mut answers = Vec::new();
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= BURST {
                    return answers;
                }
                let body = person_added(&format!("kill-{n:04}"));
                let status = try_send(&client, delivery(&url, &body))
                    .await
                    .ok()
                    .map(|answer| answer.status);
                if status.is_some_and(|status| status.is_success())
                    && acknowledged.fetch_add(1, Ordering::Relaxed) + 1 == BEFORE_KILL
                {
                    enough.notify_one();
                }
                answers.push((body, status));
            }
        });
    }
    enough.notified().await;
    running.kill();
    let mut answers = Vec::new();
    while let Some(joined) = clients.join_next().await {
        answers.extend(joined.unwrap());
    }
    assert_eq!(answers.len(), BURST);
    let acknowledged: Vec<&Vec<u8>> = answers
        .iter()
        .filter(|(_, status)| status.is_some_and(|status| status.is_success()))
        .map(|(body, _)| body)
        .collect();
    assert!(acknowledged.len() >= BEFORE_KILL);
    assert!(
        acknowledged.len() < BURST,
        "the kill came after the whole burst: nothing was tested"
    );

    let stored: BTreeMap<String, Vec<u8>> = deliveries(&folder.store())
        .into_iter()
        .map(|row| (row.event_id, row.body))
        .collect();
    for body in &acknowledged {
        let callback = vibes_types::Callback::from_slice(body).unwrap();
        let event_id = callback.event_id().unwrap();
        assert_eq!(
            stored.get(event_id),
            Some(*body),
            "{event_id} was acknowledged but is not stored as sent"
        );
    }

    // Vibes sends again what got no 2XX; a restarted receiver takes it, and repeats nothing.
    let restarted = receiver(folder.store()).run();
    for (body, _) in &answers {
        let answer = send(&client, delivery(&restarted.url("/"), body)).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), BURST);
    for row in &rows {
        let n: usize = row.event_id["kill-".len()..].parse().unwrap();
        assert_eq!(row.body, person_added(&format!("kill-{n:04}")));
    }
}
