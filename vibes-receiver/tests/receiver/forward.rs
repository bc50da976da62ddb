//! `vibes-receiver forward` and `--forward`: each stored delivery posted to a downstream
//! endpoint with its method, headers and body, the answers read as Vibes reads them (2XX done,
//! 4XX dead, 3XX/5XX/silence retried), through kills of the receiver and the forwarder.

use crate::helpers::{
    DEADLINE, FROM_LOOPBACK, Folder, client, delivery, forwarder, receiver, receiver_on, send,
};
use crate::inbox::{inbox, stdout_of};
use axum::http::StatusCode;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use vibes_tests::endpoint::{Answer, Endpoint};
use vibes_tests::person_added;

/// The kinds of event the downstream answers differently, by the start of the event id.
const KINDS: [&str; 4] = ["ok", "flaky", "bad", "slow"];

/// The downstream: `ok` 200; `flaky` 503 then 200; `bad` 400 always; `slow` silent (past the
/// forwarder's timeout) then 200.
fn downstream() -> Endpoint {
    Endpoint::by_event(|event_id, nth| match (event_id.split('-').next(), nth) {
        (Some("flaky"), 0) => Answer::Status(503),
        (Some("bad"), _) => Answer::WithBody(400, "{\"error\": \"not for us\"}"),
        (Some("slow"), 0) => Answer::Silent,
        _ => Answer::Status(200),
    })
}

/// The forwarder's flags for a test: quick retries, a short timeout and lease.
const QUICK: [&str; 8] = [
    "--backoff",
    "100ms",
    "--timeout",
    "300ms",
    "--lease",
    "1s",
    "--concurrency",
    "4",
];

/// Each delivery's `(state, attempts)` from `inbox list`, by event id.
fn states(store: &str) -> BTreeMap<String, (String, u32)> {
    let listed = String::from_utf8(stdout_of(inbox(store, &["list"]))).unwrap();
    listed
        .lines()
        .map(|line| line.split('\t').collect::<Vec<_>>())
        .filter(|fields| fields[1] == "accepted")
        .map(|fields| {
            (
                fields[2].to_owned(),
                (fields[5].to_owned(), fields[6].parse().unwrap()),
            )
        })
        .collect()
}

/// Waits until no delivery of `store` is pending or leased, and `count` are stored.
pub fn settled(store: &str, count: usize) -> BTreeMap<String, (String, u32)> {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let states = states(store);
        if states.len() == count
            && states
                .values()
                .all(|(state, _)| state == "done" || state == "dead")
        {
            return states;
        }
        assert!(Instant::now() < deadline, "not settled: {states:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Delivers `event ids` to the receiver, each answered 200.
async fn deliver(receiver: &crate::helpers::Receiver, event_ids: impl Iterator<Item = String>) {
    let client = client();
    for event_id in event_ids {
        let answer = send(
            &client,
            delivery(&receiver.url("/"), &person_added(&event_id)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{event_id}");
    }
}

/// `forward --admin` serves the worker's metrics: its outcomes match the states it recorded,
/// each handler call is timed, and the inbox's states come from the store.
#[tokio::test]
async fn the_forwarders_admin_listener_counts_its_outcomes() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let downstream = downstream();
    let receiver = receiver_on(&store).args(FROM_LOOPBACK).run();
    deliver(&receiver, event_ids(0..2)).await;
    let forwarding = forwarder(&store, &downstream.url())
        .args(QUICK)
        .args(["--admin", "127.0.0.1:0"])
        .run();
    let admin = forwarding.admin_address();
    let states = settled(&store, 8);
    let scraped = crate::admin::scrape(&client(), admin).await;
    let count = |wanted: &str| states.values().filter(|(state, _)| state == wanted).count() as f64;
    assert_eq!(
        scraped.sum("vibes_consumer_outcomes_total", &[("outcome", "done")]),
        count("done")
    );
    assert_eq!(
        scraped.sum("vibes_consumer_outcomes_total", &[("outcome", "dead")]),
        count("dead")
    );
    let attempts: u32 = states.values().map(|(_, attempts)| attempts).sum();
    let retried = f64::from(attempts) - count("done") - count("dead");
    assert_eq!(
        scraped.sum("vibes_consumer_outcomes_total", &[("outcome", "retried")]),
        retried
    );
    assert_eq!(
        scraped.sum("vibes_consumer_handler_duration_seconds_count", &[]),
        f64::from(attempts)
    );
    assert_eq!(
        scraped.sum("vibes_inbox_deliveries", &[("state", "done")]),
        count("done")
    );
    assert_eq!(
        scraped.sum("vibes_inbox_deliveries", &[("state", "dead")]),
        count("dead")
    );
    assert_eq!(
        scraped.sum("vibes_inbox_deliveries", &[("state", "pending")]),
        0.0
    );
    forwarding.stop();
    receiver.stop();
}

fn event_ids(numbers: std::ops::Range<usize>) -> impl Iterator<Item = String> {
    numbers.flat_map(|n| KINDS.map(|kind| format!("{kind}-{n:02}")))
}

/// The scenario on the store `store`: deliveries stored, forwarded, the receiver and the
/// forwarder killed with SIGKILL while deliveries are on their way, both started again, more
/// deliveries; then every delivery reached the downstream and its state says what it answered.
pub async fn forward_through_kills(store: &str) {
    let downstream = downstream();
    let mut receiver = receiver_on(store).args(FROM_LOOPBACK).run();
    let mut forwarding = forwarder(store, &downstream.url()).args(QUICK).run();
    deliver(&receiver, event_ids(0..10)).await;
    let deadline = Instant::now() + DEADLINE;
    while downstream.requests().len() < 15 {
        assert!(Instant::now() < deadline, "the forwarder sent nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    forwarding.kill();
    receiver.kill();
    receiver = receiver_on(store).args(FROM_LOOPBACK).run();
    forwarding = forwarder(store, &downstream.url()).args(QUICK).run();
    deliver(&receiver, event_ids(10..15)).await;
    let states = settled(store, 60);

    let requests = downstream.requests();
    for event_id in event_ids(0..15) {
        let sent: Vec<_> = requests
            .iter()
            .filter(|request| request.header("x-event-id") == [event_id.as_str()])
            .collect();
        assert!(!sent.is_empty(), "{event_id} reached the downstream");
        let body = person_added(&event_id);
        for request in &sent {
            assert_eq!(request.body, body, "the body as received: {event_id}");
            assert_eq!(request.method, "POST");
            assert_eq!(request.header("content-type"), ["application/json"]);
            assert_eq!(request.header("x-event-type"), ["person_added"]);
        }
        let attempts: Vec<u32> = sent
            .iter()
            .map(|request| request.attempt().parse().unwrap())
            .collect();
        let (state, stored_attempts) = &states[&event_id];
        match event_id.split('-').next().unwrap() {
            "bad" => assert_eq!(state, "dead", "{event_id}: 400 is permanent"),
            kind => {
                assert_eq!(state, "done", "{event_id}");
                if kind != "ok" {
                    // Retried: a second request, its attempt counted in X-Delivery-Attempts.
                    assert!(sent.len() >= 2, "{event_id} was retried: {attempts:?}");
                    assert!(
                        attempts.windows(2).any(|pair| pair[1] > pair[0]),
                        "{event_id}: {attempts:?}"
                    );
                    assert!(*stored_attempts >= 2, "{event_id}");
                }
            }
        }
    }
    let dead = String::from_utf8(stdout_of(inbox(store, &["dead"]))).unwrap();
    assert_eq!(dead.lines().count(), 15, "{dead}");
    for line in dead.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert!(fields[1].starts_with("bad-"), "{line}");
        assert!(
            fields[4].ends_with("answered 400 Bad Request: {\"error\": \"not for us\"}"),
            "{line}"
        );
    }
    assert!(forwarding.stop().success());
    assert!(receiver.stop().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forward_on_sqlite_through_kills_reaches_the_downstream_and_records_its_answers() {
    let folder = Folder::new();
    forward_through_kills(&folder.store().display().to_string()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_receiver_forwards_in_process_with_forward() {
    let folder = Folder::new();
    let downstream = Endpoint::start(&[]);
    let receiver = receiver(folder.store())
        .args(["--forward", &downstream.url()])
        .run();
    deliver(&receiver, (0..3).map(|n| format!("E{n}"))).await;
    let store = folder.store().display().to_string();
    let states = settled(&store, 3);
    assert!(
        states
            .values()
            .all(|(state, attempts)| state == "done" && *attempts == 1),
        "{states:?}"
    );
    let mut forwarded: Vec<String> = downstream
        .requests()
        .iter()
        .map(|request| request.header("x-event-id")[0].to_owned())
        .collect();
    forwarded.sort();
    assert_eq!(forwarded, ["E0", "E1", "E2"]);
    assert!(receiver.stop().success());
}
