//! The whole flow in one test: the emulator, the `vibes-receiver` program on SQLite, a
//! `vibes-inbox` worker, and the `vibes` program registering and asking for test events. The
//! receiver registered with `vibes callbacks create`, a `vibes callbacks test person_added` read
//! back from the receiver's store byte for byte as the emulator sent it and handed to the
//! worker; a destination answering 500 then 200 retried with a growing `X-Delivery-Attempts`;
//! one answering 400 recorded as a permanent failure.

use crate::helpers::{COMPANY, DEADLINE, emulator, registration};
use crate::programs::{callbacks, program};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use vibes_emulator::DeliveryState;
use vibes_emulator::Emulator;
use vibes_tests::endpoint::{Answer, Endpoint};
use vibes_types::{CallbackHeaders, CallbackType};

/// `vibes callbacks create` of `registration`, written to a file in `folder`; the entity.
fn create(emulator: &Emulator, folder: &std::path::Path, registration: &str) -> serde_json::Value {
    let file = folder.join(format!("registration-{}.json", registration.len()));
    std::fs::write(&file, registration).unwrap();
    callbacks(emulator, &["create", file.to_str().unwrap()])
}

/// The receiver program, killed when dropped.
struct Receiver {
    child: Child,
    address: SocketAddr,
}

impl Receiver {
    fn start(store: &std::path::Path) -> Receiver {
        let mut child = Command::new(program("vibes-receiver"))
            .args([
                "--listen",
                "127.0.0.1:0",
                "--allow-source",
                "127.0.0.1/32",
                "--store",
            ])
            .arg(store)
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("vibes-receiver starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .trim()
            .strip_prefix("listening on http://")
            .and_then(|address| address.parse().ok())
            .unwrap_or_else(|| panic!("not an address line: {line:?}"));
        Receiver { child, address }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_event_reaches_the_receiver_and_its_worker_as_the_emulator_sent_it() {
    let folder = tempfile::tempdir().unwrap();
    let store = folder.path().join("inbox.sqlite");
    let receiver = Receiver::start(&store);
    let emulator = emulator().await;

    // Register the receiver for person_added, and ask for a test event, with the `vibes` program.
    let destination = format!("http://{}/", receiver.address);
    let entity = create(
        &emulator,
        folder.path(),
        &registration("person_added", &destination),
    );
    let callback_id = entity["callback_id"].as_str().unwrap().to_owned();
    let answer = callbacks(&emulator, &["test", "person_added"]);
    let event_id = answer["event_id"].as_str().unwrap().to_owned();
    let (view, settled) = emulator.settled(DEADLINE).await;
    assert!(settled, "{view:?}");
    let [sent] = &view.deliveries[..] else {
        panic!("one delivery: {view:?}");
    };
    assert_eq!(sent.state, DeliveryState::Done, "{sent:?}");
    assert_eq!(sent.event_id, event_id);

    // The receiver stored it byte for byte, with the headers the emulator sent.
    let connection = rusqlite::Connection::open(&store).unwrap();
    let (body, headers): (Vec<u8>, String) = connection
        .query_row(
            "SELECT body, headers FROM deliveries WHERE event_id = ?1",
            [&event_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("the delivery is in the receiver's store");
    assert_eq!(body, sent.body.as_bytes());
    // `[name, value]` pairs in the order received.
    let pairs: Vec<(String, String)> = serde_json::from_str(&headers).unwrap();
    let header = |name: &str| {
        pairs
            .iter()
            .filter(|(found, _)| found.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(header(CallbackHeaders::EVENT_ID), [event_id.as_str()]);
    assert_eq!(header(CallbackHeaders::CALLBACK_ID), [callback_id.as_str()]);
    assert_eq!(header(CallbackHeaders::EVENT_TYPE), ["person_added"]);
    assert_eq!(header(CallbackHeaders::DELIVERY_ATTEMPTS), ["1"]);
    assert_eq!(header(CallbackHeaders::COMPANY_ID), [COMPANY]);

    // The worker is handed it, read as a person_added callback.
    let worker = vibes_inbox::Worker::open(
        &vibes_inbox::StoreSpec::Sqlite(store.clone()),
        vibes_inbox::Options::default(),
    )
    .await
    .unwrap();
    let (handled, mut got) = tokio::sync::mpsc::unbounded_channel();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        worker
            .run(
                move |delivery: vibes_inbox::Delivery| {
                    let handled = handled.clone();
                    async move {
                        let _ = handled.send(delivery);
                        Ok(())
                    }
                },
                async {
                    let _ = stopped.await;
                },
            )
            .await
    });
    let delivery = tokio::time::timeout(DEADLINE, got.recv())
        .await
        .expect("the worker handles the delivery in time")
        .unwrap();
    assert_eq!(delivery.event_id, event_id);
    assert_eq!(delivery.body.as_ref(), sent.body.as_bytes());
    assert_eq!(
        delivery.callback.callback_type(),
        &CallbackType::PersonAdded
    );
    let _ = stop.send(());
    let tally = running.await.unwrap();
    assert_eq!(tally.done, 1, "{tally:?}");

    // A destination answering 500 then 200 is retried with a growing X-Delivery-Attempts; one
    // answering 400 is a permanent failure, tried once.
    let flaky = Endpoint::start(&[Answer::Status(500)]);
    let refusing = Endpoint::start(&[Answer::Status(400)]);
    create(
        &emulator,
        folder.path(),
        &registration("event_processed", &flaky.url()),
    );
    create(
        &emulator,
        folder.path(),
        &registration("event_processed", &refusing.url()),
    );
    callbacks(&emulator, &["test", "event_processed"]);
    let (view, settled) = emulator.settled(DEADLINE).await;
    assert!(settled, "{view:?}");
    let attempts: Vec<String> = flaky
        .requests()
        .iter()
        .map(|r| r.attempt().to_owned())
        .collect();
    assert_eq!(attempts, ["1", "2"]);
    let state = |url: &str| {
        view.deliveries
            .iter()
            .find(|delivery| delivery.url == url)
            .map(|delivery| (delivery.state, delivery.attempts.len()))
    };
    assert_eq!(state(&flaky.url()), Some((DeliveryState::Done, 2)));
    assert_eq!(
        state(&refusing.url()),
        Some((DeliveryState::PermanentFailure, 1))
    );
    assert_eq!(refusing.requests().len(), 1);
}
