//! The leased consumer on each store: deliveries handled in order and marked done; failures
//! retried with backoff and then dead; panics, timeouts and unreadable bodies; leases extended
//! while a handler runs, and claimed again when a worker stops holding them; a clean stop.

use crate::stores::{TestStore, delivery, on_each_store, stored};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use vibes_inbox::{Failure, Inbox, Options, Reading, RetryPolicy, State, Store, Tally, Worker};

/// What the handlers saw: `(event id, attempt, when)`.
type Seen = Arc<Mutex<Vec<(String, u32, Instant)>>>;

/// Options for tests: quick retries, a short idle wait.
fn quick(concurrency: usize) -> Options {
    Options {
        concurrency,
        retry: RetryPolicy {
            attempts: 3,
            first: Duration::from_millis(50),
            factor: 2.0,
            cap: Duration::from_secs(1),
            jitter: 0.0,
        },
        idle: Duration::from_millis(200),
        ..Options::default()
    }
}

/// Runs `worker` with `handler` until no delivery in the store is pending or leased.
async fn until_settled<F, Fut>(store: &TestStore, worker: &Worker, handler: F) -> Tally
where
    F: Fn(vibes_inbox::Delivery) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), Failure>> + Send + 'static,
{
    let spec = store.spec.clone();
    let settled = async move {
        let mut inbox = Inbox::open(&spec).await.unwrap();
        loop {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let states = inbox.states().await.unwrap();
            if !states
                .iter()
                .any(|count| matches!(count.state, State::Pending | State::Leased))
            {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(60), worker.run(handler, settled))
        .await
        .expect("the deliveries settle within a minute")
}

/// `(event id, state, attempts, last error)` of each delivery, in the order received.
async fn outcomes(store: &TestStore) -> Vec<(String, String, String, Option<String>)> {
    store
        .texts("SELECT event_id, state, CAST(attempts AS TEXT), last_error FROM processing ORDER BY seq")
        .await
        .into_iter()
        .map(|row| {
            let mut row = row.into_iter();
            let mut next = || row.next().unwrap();
            (next().unwrap(), next().unwrap(), next().unwrap(), next())
        })
        .collect()
}

fn recorder() -> (Seen, impl Fn(&vibes_inbox::Delivery) + Clone) {
    let seen: Seen = Arc::default();
    let record = {
        let seen = Arc::clone(&seen);
        move |delivery: &vibes_inbox::Delivery| {
            seen.lock()
                .unwrap()
                .push((delivery.event_id.clone(), delivery.attempt, Instant::now()))
        }
    };
    (seen, record)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_worker_handles_every_delivery_once_in_the_order_received() {
    on_each_store(
        "one_worker_handles_every_delivery_once_in_the_order_received",
        async |store| {
            let ids: Vec<String> = (0..150).map(|n| format!("E{n:03}")).collect();
            let names: Vec<&str> = ids.iter().map(String::as_str).collect();
            stored(store, &names).await.close().await;
            let worker = Worker::open(&store.spec, quick(1)).await.unwrap();
            let (seen, record) = recorder();
            let tally = until_settled(store, &worker, move |delivery| {
                record(&delivery);
                // The handler is given the typed body, the headers and the bytes as stored.
                assert_eq!(
                    delivery.callback.event_id(),
                    Some(delivery.event_id.as_str())
                );
                assert_eq!(delivery.headers["x-event-id"], delivery.event_id.as_str());
                assert_eq!(
                    delivery.body,
                    crate::stores::delivery(&delivery.event_id, "").body
                );
                async { Ok(()) }
            })
            .await;
            let handled: Vec<String> = seen.lock().unwrap().iter().map(|s| s.0.clone()).collect();
            assert_eq!(handled, ids, "each once, in the order received");
            assert_eq!(
                (tally.done, tally.retried, tally.dead, tally.lost),
                (150, 0, 0, 0)
            );
            for (event_id, state, attempts, error) in outcomes(store).await {
                assert_eq!(
                    (state.as_str(), attempts.as_str(), error),
                    ("done", "1", None),
                    "{event_id}"
                );
            }
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_attempts_are_retried_with_growing_waits_then_dead() {
    on_each_store(
        "failed_attempts_are_retried_with_growing_waits_then_dead",
        async |store| {
            stored(store, &["poison", "refused"]).await.close().await;
            let worker = Worker::open(&store.spec, quick(2)).await.unwrap();
            let (seen, record) = recorder();
            let tally = until_settled(store, &worker, move |delivery| {
                record(&delivery);
                let event_id = delivery.event_id.clone();
                async move {
                    if event_id == "refused" {
                        return Err(Failure::dead("the handler gives up on it"));
                    }
                    // Any error converts into a failure to retry.
                    Err(std::io::Error::other("the downstream is down"))?
                }
            })
            .await;
            let attempts: Vec<(u32, Instant)> = seen
                .lock()
                .unwrap()
                .iter()
                .filter(|seen| seen.0 == "poison")
                .map(|seen| (seen.1, seen.2))
                .collect();
            assert_eq!(attempts.iter().map(|a| a.0).collect::<Vec<_>>(), [1, 2, 3]);
            let waits = [attempts[1].1 - attempts[0].1, attempts[2].1 - attempts[1].1];
            assert!(waits[0] >= Duration::from_millis(50), "{waits:?}");
            assert!(waits[1] >= Duration::from_millis(100), "{waits:?}");
            assert_eq!((tally.retried, tally.dead, tally.done), (2, 2, 0));
            assert_eq!(
                outcomes(store).await,
                [
                    (
                        "poison".to_owned(),
                        "dead".to_owned(),
                        "3".to_owned(),
                        Some("attempt 3 of 3 failed: the downstream is down".to_owned())
                    ),
                    (
                        "refused".to_owned(),
                        "dead".to_owned(),
                        "1".to_owned(),
                        Some("the handler gives up on it".to_owned())
                    ),
                ]
            );
            // After a fix, `inbox retry` brings the poison back with a fresh count of attempts.
            let mut inbox = Inbox::open(&store.spec).await.unwrap();
            assert_eq!(
                inbox
                    .retry_dead(&vibes_inbox::timestamp(std::time::SystemTime::now()))
                    .await
                    .unwrap(),
                2
            );
            let tally = until_settled(store, &worker, |_| async { Ok(()) }).await;
            assert_eq!(tally.done, 2);
            assert!(
                outcomes(store)
                    .await
                    .iter()
                    .all(|o| o.1 == "done" && o.2 == "1")
            );
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_panics_or_runs_past_its_timeout_is_a_failed_attempt() {
    on_each_store(
        "a_handler_that_panics_or_runs_past_its_timeout_is_a_failed_attempt",
        async |store| {
            stored(store, &["E1"]).await.close().await;
            let options = Options {
                timeout: Duration::from_millis(200),
                ..quick(1)
            };
            let worker = Worker::open(&store.spec, options).await.unwrap();
            let tally = until_settled(store, &worker, |delivery| async move {
                match delivery.attempt {
                    1 => panic!("the handler's own bug"),
                    2 => {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        Ok(())
                    }
                    _ => Ok(()),
                }
            })
            .await;
            assert_eq!((tally.retried, tally.done, tally.handled), (2, 1, 2));
            let history = store
                .texts("SELECT state, CAST(attempts AS TEXT), last_error FROM processing")
                .await;
            assert_eq!(
                history,
                [[
                    Some("done".to_owned()),
                    Some("3".to_owned()),
                    Some("the handler ran past its timeout of 200ms".to_owned())
                ]]
            );
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_the_reader_cannot_read_is_dead_with_its_error_and_never_handled() {
    on_each_store(
        "a_body_the_reader_cannot_read_is_dead_with_its_error_and_never_handled",
        async |store| {
            let writer = Store::open(&store.spec).await.unwrap();
            let mut broken = delivery("broken", "2026-01-01T00:00:00.000000Z");
            broken.body = b"{\"event_id\": \"broken\", ".to_vec().into();
            writer.accept(broken).await.unwrap();
            // Lenient reading keeps a value outside the documented enumeration; strict does not.
            let mut outside = delivery("outside", "2026-01-01T00:00:01.000000Z");
            outside.body = br#"{"event_id": "outside", "callback_type": "device_added",
                "event_date": "2017-03-15T15:42:23Z", "push_device": {"device_os": "HARMONYOS"}}"#
                .to_vec()
                .into();
            writer.accept(outside).await.unwrap();
            writer.close().await;
            let options = Options {
                reading: Reading::Strict,
                ..quick(1)
            };
            let worker = Worker::open(&store.spec, options).await.unwrap();
            let (seen, record) = recorder();
            let tally = until_settled(store, &worker, move |delivery| {
                record(&delivery);
                async { Ok(()) }
            })
            .await;
            assert!(seen.lock().unwrap().is_empty(), "no handler call");
            assert_eq!(tally.dead, 2);
            let reasons = outcomes(store).await;
            assert_eq!(
                (reasons[0].1.as_str(), reasons[0].2.as_str()),
                ("dead", "1")
            );
            let broken = reasons[0].3.as_deref().unwrap();
            assert!(
                broken.starts_with("the body cannot be read strictly: "),
                "{broken}"
            );
            let outside = reasons[1].3.as_deref().unwrap();
            assert!(outside.contains("push_device.device_os"), "{outside}");
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_is_extended_while_its_handler_runs_and_claimed_again_once_it_runs_out() {
    on_each_store(
        "a_lease_is_extended_while_its_handler_runs_and_claimed_again_once_it_runs_out",
        async |store| {
            stored(store, &["slow", "orphan"]).await.close().await;
            let options = Options {
                lease: Duration::from_millis(300),
                ..quick(1)
            };
            // A worker that stops holding its leases without a word: killed mid-handler.
            let killed = Arc::new(Worker::open(&store.spec, options.clone()).await.unwrap());
            let (started, mut is_started) = tokio::sync::watch::channel(false);
            let running = tokio::spawn({
                let killed = Arc::clone(&killed);
                async move {
                    killed
                        .run(
                            move |_| {
                                let _ = started.send(true);
                                std::future::pending()
                            },
                            std::future::pending(),
                        )
                        .await
                }
            });
            is_started.wait_for(|started| *started).await.unwrap();
            running.abort();
            let _ = running.await;

            // Another worker: its slow handler keeps its lease (three leases long), and the
            // killed worker's deliveries come to it once their leases ran out.
            let worker = Worker::open(&store.spec, options).await.unwrap();
            let (seen, record) = recorder();
            let tally = until_settled(store, &worker, move |delivery| {
                record(&delivery);
                async move {
                    if delivery.event_id == "slow" {
                        tokio::time::sleep(Duration::from_millis(900)).await;
                    }
                    Ok(())
                }
            })
            .await;
            let mut handled: Vec<(String, u32)> = seen
                .lock()
                .unwrap()
                .iter()
                .map(|s| (s.0.clone(), s.1))
                .collect();
            handled.sort();
            // Both were claimed by the killed worker first (its claim took them together), so
            // each comes as attempt 2, and once: the slow handler's lease did not run out.
            assert_eq!(handled, [("orphan".to_owned(), 2), ("slow".to_owned(), 2)]);
            assert_eq!((tally.done, tally.lost), (2, 0));
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_that_stops_finishes_its_handlers_and_gives_back_what_it_did_not_start() {
    on_each_store(
        "a_worker_that_stops_finishes_its_handlers_and_gives_back_what_it_did_not_start",
        async |store| {
            let ids: Vec<String> = (0..20).map(|n| format!("E{n:02}")).collect();
            let names: Vec<&str> = ids.iter().map(String::as_str).collect();
            stored(store, &names).await.close().await;
            let worker = Worker::open(&store.spec, quick(1)).await.unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let stop = Mutex::new(Some(stop));
            let tally = worker
                .run(
                    move |_| {
                        // The first handler asks the worker to stop, then takes a while.
                        if let Some(stop) = stop.lock().unwrap().take() {
                            let _ = stop.send(());
                        }
                        async {
                            tokio::time::sleep(Duration::from_millis(100)).await;
                            Ok(())
                        }
                    },
                    async {
                        let _ = stopped.await;
                    },
                )
                .await;
            assert_eq!(tally.done, 1, "the handler under way finished");
            let states = outcomes(store).await;
            assert_eq!(states[0].1, "done");
            for (event_id, state, attempts, _) in &states[1..] {
                assert_eq!(
                    (state.as_str(), attempts.as_str()),
                    ("pending", "0"),
                    "{event_id}"
                );
            }
        },
    )
    .await;
}
