//! `vibes send` against the workspace's own receiver (`vibes-receiver`), served on a loopback
//! port by the test: every sample it sends is read by the receiver's delivery checks and stored
//! as sent, a repeated delivery is acknowledged and stored once, and a delivery the receiver
//! refuses ends as a permanent failure, kept in the receiver's `rejected` table. The inbox,
//! exported as `vibes-receiver inbox export` writes it, passes `vibes validate --ndjson --strict`.

use crate::helpers::{TempFile, run, run_with_input};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;
use vibes_inbox::{Store, StoreSpec};
use vibes_receiver::app::{Receiver, router};
use vibes_receiver::inbox;
use vibes_receiver::server::serve;
use vibes_types::delivery::DeliveryRules;
use vibes_types::{Callback, CallbackType};

/// A receiver serving on `127.0.0.1` with a SQLite store of its own, stopped when dropped.
struct LiveReceiver {
    url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _folder: TempFile,
}

impl LiveReceiver {
    fn start(store: &Path) -> LiveReceiver {
        let folder = TempFile::new("marker", b"");
        let spec = StoreSpec::Sqlite(store.to_owned());
        let (stop, stopped) = oneshot::channel::<()>();
        let (bound, address) = std::sync::mpsc::channel::<SocketAddr>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("a runtime");
            runtime.block_on(async move {
                let store = Store::open(&spec).await.expect("the store opens");
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("a loopback port");
                bound
                    .send(listener.local_addr().expect("its address"))
                    .expect("the test waits for it");
                let receiver = Arc::new(Receiver {
                    store: store.clone(),
                    path: "/vibes".to_owned(),
                    // The test sends from 127.0.0.1, which is not Vibes.
                    sources: None,
                    rules: DeliveryRules::lenient(),
                    max_body_bytes: 1024 * 1024,
                    read_timeout: Duration::from_secs(30),
                    body_budget: vibes_receiver::budget::BodyBudget::default(),
                    writes: vibes_receiver::app::Writes::default(),
                    metrics: Arc::new(vibes_receiver::admin::metrics::Metrics::default()),
                });
                let signal = async move {
                    let _ = stopped.await;
                };
                let timeout = Duration::from_secs(30);
                let limits = vibes_receiver::server::Limits {
                    head_timeout: timeout,
                    grace: timeout,
                    max_connections: 1024,
                };
                serve(listener, router(receiver), signal, limits)
                    .await
                    .expect("the receiver serves");
                store.close().await;
            });
        });
        let address = address
            .recv_timeout(Duration::from_secs(60))
            .expect("the receiver listens");
        LiveReceiver {
            url: format!("http://{address}/vibes"),
            stop: Some(stop),
            thread: Some(thread),
            _folder: folder,
        }
    }

    /// Stops the receiver, once the requests in flight are answered and the store is closed.
    fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            thread.join().expect("the receiver stops cleanly");
        }
    }
}

impl Drop for LiveReceiver {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The rows of `table` in the SQLite store at `path`: event id and body.
fn rows(path: &Path, query: &str) -> Vec<(Option<String>, Option<Vec<u8>>)> {
    let connection = rusqlite::Connection::open(path).expect("the store opens");
    let mut statement = connection.prepare(query).expect("a query");
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("rows")
        .map(|row| row.expect("a row"))
        .collect()
}

#[test]
fn every_sample_sent_to_the_receiver_is_acknowledged_and_stored_as_sent() {
    let store = TempFile::new("inbox.sqlite", b"");
    std::fs::remove_file(&store.path).expect("a fresh store");
    let receiver = LiveReceiver::start(&store.path);
    let mut sent = Vec::new();
    for callback_type in CallbackType::KNOWN {
        let run = run(&[
            "send",
            &receiver.url,
            "--backoff",
            "1ms",
            "--type",
            callback_type,
        ]);
        assert_eq!(run.code, 0, "{callback_type}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("done"),
            "{callback_type}: {}",
            run.stdout
        );
        let sample = vibes_cli::sample::body(callback_type, None).expect("a sample");
        sent.push(sample);
    }
    // The same event again: acknowledged, and not stored twice.
    let again = run(&["send", &receiver.url, "--type", "person_added"]);
    assert_eq!(again.code, 0, "{}{}", again.stdout, again.stderr);
    // A company the body does not name: the receiver refuses the mismatch, for good.
    let refused = run(&[
        "send",
        &receiver.url,
        "--type",
        "unmatched_message_received",
        "--company-id",
        "someone-else",
    ]);
    assert_eq!(refused.code, 1, "{}{}", refused.stdout, refused.stderr);
    assert!(
        refused.stdout.contains("permanent failure"),
        "{}",
        refused.stdout
    );
    // The receiver's JSON error is shown under it, naming the header that disagreed.
    let answer = refused
        .stdout
        .lines()
        .find_map(|line| line.strip_prefix("  answer: "))
        .unwrap_or_else(|| panic!("the receiver's answer is shown: {}", refused.stdout));
    let error: serde_json::Value = serde_json::from_str(answer).expect("the answer is JSON");
    assert!(error.to_string().contains("X-Company-Id"), "{error}");
    receiver.stop();

    let stored = rows(&store.path, "SELECT event_id, body FROM deliveries");
    assert_eq!(stored.len(), CallbackType::KNOWN.len(), "one row per event");
    for sample in &sent {
        let callback = Callback::from_slice(sample.as_bytes()).expect("a sample reads");
        let event_id = callback.event_id().expect("a sample has an event id");
        let row = stored
            .iter()
            .find(|(stored_id, _)| stored_id.as_deref() == Some(event_id))
            .unwrap_or_else(|| panic!("{event_id} is stored"));
        let body = row.1.as_deref().expect("a stored body");
        assert_eq!(
            Callback::from_slice(body).expect("the stored body reads"),
            callback,
            "{event_id} is stored as sent"
        );
    }
    // The inbox exported (the samples are pretty-printed, so each line is compacted) and read
    // back by the command line: every body, strictly valid, in the order received.
    let mut exported = Vec::new();
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
        .block_on(inbox::export(
            &StoreSpec::Sqlite(store.path.clone()),
            &mut exported,
        ))
        .expect("the inbox exports");
    let validated = run_with_input(
        &["validate", "--ndjson", "--strict", "--format", "json", "-"],
        &exported,
    );
    assert_eq!(
        validated.code, 0,
        "{}{}",
        validated.stdout, validated.stderr
    );
    let records = validated.json_lines();
    let summary = &records.last().expect("a summary")["summary"];
    assert_eq!(summary["payloads"], CallbackType::KNOWN.len());
    assert_eq!(summary["valid"], CallbackType::KNOWN.len());
    let types: Vec<&str> = records[..records.len() - 1]
        .iter()
        .map(|record| record["callback_type"].as_str().expect("a callback type"))
        .collect();
    assert_eq!(types, CallbackType::KNOWN, "in the order received");

    let rejected = rows(&store.path, "SELECT event_id, body FROM rejected");
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    let body = rejected[0].1.as_deref().expect("the refused body is kept");
    assert!(matches!(
        Callback::from_slice(body),
        Ok(Callback::UnmatchedMessageReceived(_))
    ));
}
