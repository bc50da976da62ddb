//! What an operator's view reads: the recent deliveries with their filters and pages, the
//! refused requests, the age of the backlog, and what the observer is told of each commit and
//! each attempt.

use crate::stores::{delivery, on_each_store, stored};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use vibes_inbox::{
    Commit, Failure, Inbox, Listed, Observer, Options, Recent, Recorded, Rejected, RetryPolicy,
    State, Store, Worker,
};

/// Every filter off, `limit` at most.
fn all(limit: u32) -> Recent {
    Recent {
        callback_type: None,
        state: None,
        received_from: None,
        received_before: None,
        before_seq: None,
        limit,
    }
}

fn event_ids(listed: &[Listed]) -> Vec<&str> {
    listed
        .iter()
        .map(|listed| listed.entry.event_id.as_deref().unwrap())
        .collect()
}

/// A refused request received at `at`, naming `event_id`.
fn refusal(event_id: Option<&str>, status: u16, at: &str, body: Option<&[u8]>) -> Rejected {
    Rejected {
        received_at: at.to_owned(),
        status,
        event_id: event_id.map(str::to_owned),
        method: "POST".to_owned(),
        source: "192.0.2.7".to_owned(),
        error: format!(r#"{{"error": {{"message": "refused {status}"}}}}"#),
        headers: r#"[["x-test","1"]]"#.to_owned(),
        body: body.map(bytes::Bytes::copy_from_slice),
    }
}

#[tokio::test]
async fn recent_deliveries_are_listed_newest_first_by_type_state_and_time_a_page_at_a_time() {
    on_each_store(
        "recent_deliveries_are_listed_newest_first_by_type_state_and_time_a_page_at_a_time",
        async |store| {
            let writer = Store::open(&store.spec).await.unwrap();
            for (n, (event_id, callback_type)) in [
                ("E1", "person_added"),
                ("E2", "subscription_added"),
                ("E3", "person_added"),
                ("E4", "person_updated"),
                ("E5", "person_added"),
            ]
            .into_iter()
            .enumerate()
            {
                let at = format!("2026-01-0{}T00:00:00.000000Z", n + 1);
                let stored = writer
                    .accept(vibes_inbox::Accepted {
                        callback_type: callback_type.to_owned(),
                        ..delivery(event_id, &at)
                    })
                    .await
                    .unwrap();
                assert_eq!(stored, vibes_inbox::Stored::New);
            }
            writer.close().await;
            store
                .execute(
                    "UPDATE processing SET state = 'dead', attempts = 3, last_error = 'no'
                     WHERE event_id IN ('E2', 'E3')",
                )
                .await;

            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            let listed = inbox.recent(&all(10)).await.unwrap();
            assert_eq!(event_ids(&listed), ["E5", "E4", "E3", "E2", "E1"]);
            assert!(listed.windows(2).all(|pair| pair[0].seq > pair[1].seq));
            let e3 = &listed[2].entry;
            assert_eq!(e3.received_at, "2026-01-03T00:00:00.000000Z");
            assert_eq!(e3.callback_type.as_deref(), Some("person_added"));
            assert_eq!(e3.size, Some(vibes_tests::person_added("E3").len() as u64));
            let processing = e3.processing.as_ref().unwrap();
            assert_eq!(
                (
                    processing.state,
                    processing.attempts,
                    processing.last_error.as_deref()
                ),
                (State::Dead, 3, Some("no"))
            );

            let of_type = Recent {
                callback_type: Some("person_added".to_owned()),
                ..all(10)
            };
            assert_eq!(
                event_ids(&inbox.recent(&of_type).await.unwrap()),
                ["E5", "E3", "E1"]
            );
            let dead = Recent {
                state: Some(State::Dead),
                ..all(10)
            };
            assert_eq!(event_ids(&inbox.recent(&dead).await.unwrap()), ["E3", "E2"]);
            let dead_of_type = Recent {
                state: Some(State::Dead),
                ..of_type.clone()
            };
            assert_eq!(
                event_ids(&inbox.recent(&dead_of_type).await.unwrap()),
                ["E3"]
            );
            let between = Recent {
                received_from: Some("2026-01-02T00:00:00.000000Z".to_owned()),
                received_before: Some("2026-01-04T00:00:00.000000Z".to_owned()),
                ..all(10)
            };
            assert_eq!(
                event_ids(&inbox.recent(&between).await.unwrap()),
                ["E3", "E2"]
            );
            let nothing = Recent {
                callback_type: Some("no_such_type".to_owned()),
                ..all(10)
            };
            assert!(inbox.recent(&nothing).await.unwrap().is_empty());

            // Pages of two: each goes on from the last sequence number of the one before.
            let mut pages = Vec::new();
            let mut page = all(2);
            loop {
                let listed = inbox.recent(&page).await.unwrap();
                let Some(last) = listed.last() else { break };
                page.before_seq = Some(last.seq);
                pages.push(event_ids(&listed).join(" "));
            }
            assert_eq!(pages, ["E5 E4", "E3 E2", "E1"]);
        },
    )
    .await;
}

#[tokio::test]
async fn refused_requests_are_listed_newest_first_and_shown_with_their_headers_and_body() {
    on_each_store(
        "refused_requests_are_listed_newest_first_and_shown_with_their_headers_and_body",
        async |store| {
            let writer = Store::open(&store.spec).await.unwrap();
            writer
                .reject(refusal(
                    Some("E1"),
                    400,
                    "2026-01-01T00:00:00.000000Z",
                    Some(b"{"),
                ))
                .await
                .unwrap();
            writer
                .reject(refusal(None, 413, "2026-01-02T00:00:00.000000Z", None))
                .await
                .unwrap();
            writer
                .reject(refusal(
                    Some("E3"),
                    403,
                    "2026-01-03T00:00:00.000000Z",
                    Some(b"{}"),
                ))
                .await
                .unwrap();
            writer.close().await;

            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            let listed = inbox.refused(None, 10).await.unwrap();
            let statuses: Vec<u16> = listed.iter().map(|refused| refused.status).collect();
            assert_eq!(statuses, [403, 413, 400]);
            assert!(listed.windows(2).all(|pair| pair[0].id > pair[1].id));
            let first = &listed[2];
            assert_eq!(first.event_id.as_deref(), Some("E1"));
            assert_eq!(first.received_at, "2026-01-01T00:00:00.000000Z");
            assert_eq!(
                (first.method.as_str(), first.source.as_str()),
                ("POST", "192.0.2.7")
            );
            assert_eq!(first.error, r#"{"error": {"message": "refused 400"}}"#);
            assert_eq!(first.size, Some(1));
            assert_eq!(listed[1].size, None, "no body was kept");

            let page = inbox.refused(Some(listed[0].id), 1).await.unwrap();
            assert_eq!(page, [listed[1].clone()]);
            assert!(inbox.refused(Some(first.id), 10).await.unwrap().is_empty());

            let shown = inbox.refused_one(first.id).await.unwrap().unwrap();
            assert_eq!(shown.refused, *first);
            assert_eq!(shown.headers, r#"[["x-test","1"]]"#);
            assert_eq!(shown.body.as_deref(), Some(&b"{"[..]));
            let bodiless = inbox.refused_one(listed[1].id).await.unwrap().unwrap();
            assert_eq!(bodiless.body, None);
            assert_eq!(inbox.refused_one(first.id + 100).await.unwrap(), None);
        },
    )
    .await;
}

#[tokio::test]
async fn the_oldest_pending_delivery_is_the_backlog_s_age() {
    on_each_store(
        "the_oldest_pending_delivery_is_the_backlog_s_age",
        async |store| {
            let writer = stored(store, &["E1", "E2", "E3"]).await;
            writer.close().await;
            let received = store
                .texts("SELECT received_at FROM deliveries ORDER BY received_at")
                .await;
            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            assert_eq!(inbox.oldest_pending().await.unwrap(), received[0][0]);
            // A leased, done or dead delivery is not waiting for a worker.
            store
                .execute(
                    "UPDATE processing SET state = 'leased' WHERE event_id = 'E1';
                     UPDATE processing SET state = 'done' WHERE event_id = 'E2'",
                )
                .await;
            assert_eq!(inbox.oldest_pending().await.unwrap(), received[2][0]);
            store
                .execute("UPDATE processing SET state = 'dead' WHERE event_id = 'E3'")
                .await;
            assert_eq!(inbox.oldest_pending().await.unwrap(), None);
        },
    )
    .await;
}

/// An observer that keeps what it is told.
#[derive(Debug, Default)]
struct Kept {
    commits: Mutex<Vec<Commit>>,
    handled: Mutex<Vec<Duration>>,
    recorded: Mutex<Vec<Recorded>>,
}

impl Observer for Kept {
    fn committed(&self, commit: &Commit) {
        self.commits.lock().unwrap().push(*commit);
    }

    fn handled(&self, took: Duration) {
        self.handled.lock().unwrap().push(took);
    }

    fn recorded(&self, recorded: Recorded) {
        self.recorded.lock().unwrap().push(recorded);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_observer_is_told_of_every_row_the_writer_commits() {
    on_each_store(
        "the_observer_is_told_of_every_row_the_writer_commits",
        async |store| {
            let kept = Arc::new(Kept::default());
            let writer = Store::open_observed(&store.spec, kept.clone())
                .await
                .unwrap();
            let mut tasks = tokio::task::JoinSet::new();
            // 40 deliveries (30 new, 10 repeats) and 5 refusals, at once, so that commits take
            // several rows; and a health check, which writes nothing.
            for n in 0..45 {
                let writer = writer.clone();
                tasks.spawn(async move {
                    match n {
                        0..40 => {
                            let event_id = format!("E{}", n % 30);
                            let at = vibes_inbox::timestamp(std::time::SystemTime::now());
                            writer.accept(delivery(&event_id, &at)).await.map(drop)
                        }
                        _ => {
                            let at = vibes_inbox::timestamp(std::time::SystemTime::now());
                            writer.reject(refusal(None, 400, &at, None)).await
                        }
                    }
                });
            }
            while let Some(done) = tasks.join_next().await {
                done.unwrap().unwrap();
            }
            writer.check().await.unwrap();
            writer.close().await;
            let commits = kept.commits.lock().unwrap().clone();
            assert!(!commits.is_empty());
            assert!(
                commits
                    .iter()
                    .all(|commit| commit.committed && commit.rows > 0)
            );
            let rows: usize = commits.iter().map(|commit| commit.rows).sum();
            assert_eq!(rows, 45, "{commits:?}");
            let stored = store
                .texts("SELECT CAST(count(*) AS TEXT) FROM deliveries")
                .await;
            assert_eq!(stored[0][0].as_deref(), Some("30"));
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_observer_is_told_of_every_handler_call_and_outcome_a_worker_records() {
    on_each_store(
        "the_observer_is_told_of_every_handler_call_and_outcome_a_worker_records",
        async |store| {
            stored(store, &["ok-1", "ok-2", "flaky-1", "bad-1"])
                .await
                .close()
                .await;
            let kept = Arc::new(Kept::default());
            let options = Options {
                retry: RetryPolicy {
                    attempts: 3,
                    first: Duration::from_millis(20),
                    factor: 1.0,
                    cap: Duration::from_millis(20),
                    jitter: 0.0,
                },
                idle: Duration::from_millis(50),
                observer: Some(kept.clone()),
                ..Options::default()
            };
            let worker = Worker::open(&store.spec, options).await.unwrap();
            let spec = store.spec.clone();
            let settled = async move {
                let mut inbox = Inbox::open(&spec).await.unwrap();
                loop {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    let states = inbox.states().await.unwrap();
                    if states
                        .iter()
                        .all(|count| matches!(count.state, State::Done | State::Dead))
                    {
                        return;
                    }
                }
            };
            let tally = tokio::time::timeout(
                Duration::from_secs(60),
                worker.run(
                    |delivery: vibes_inbox::Delivery| async move {
                        match delivery.event_id.split('-').next() {
                            Some("flaky") if delivery.attempt == 1 => {
                                Err(Failure::retry("not yet"))
                            }
                            Some("bad") => Err(Failure::dead("never")),
                            _ => Ok(()),
                        }
                    },
                    settled,
                ),
            )
            .await
            .expect("settled within a minute");
            let mut recorded = kept.recorded.lock().unwrap().clone();
            recorded.sort_by_key(|recorded| recorded.as_str());
            assert_eq!(
                recorded,
                [
                    Recorded::Dead,
                    Recorded::Done,
                    Recorded::Done,
                    Recorded::Done,
                    Recorded::Retried
                ]
            );
            assert_eq!((tally.done, tally.retried, tally.dead), (3, 1, 1));
            let handled = kept.handled.lock().unwrap().len();
            assert_eq!(handled as u64, tally.handled);
            assert_eq!(handled, 5);
        },
    )
    .await;
}
