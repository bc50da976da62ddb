//! `inbox replay`, `inbox retry`, `inbox purge` and the upgrade of a first-schema store, from
//! the command line, against a real receiver, forwarder and endpoints.

use crate::forward::settled;
use crate::helpers::{Folder, client, delivery, forwarder, receiver, send};
use crate::inbox::{inbox, stdout_of};
use axum::http::StatusCode;
use vibes_tests::endpoint::{Answer, Endpoint};
use vibes_tests::person_added;

/// The delivery headers a replay must send as they were received.
const KEPT: [&str; 5] = [
    "content-type",
    "x-event-id",
    "x-company-id",
    "x-callback-id",
    "x-event-type",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replay_sends_the_dead_and_a_time_range_again_as_they_were_received() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let receiver = receiver(folder.store()).run();
    let client = client();
    let mut sent = Vec::new();
    let mut times = Vec::new();
    for event_id in ["ok-0", "bad-1", "ok-2", "bad-3", "ok-4"] {
        let request = delivery(&receiver.url("/"), &person_added(event_id));
        let headers = request.headers().clone();
        assert_eq!(send(&client, request).await.status, StatusCode::OK);
        sent.push((event_id, headers));
        std::thread::sleep(std::time::Duration::from_millis(5));
        times.push(vibes_inbox::timestamp(std::time::SystemTime::now()));
    }
    // A forwarder makes the `bad` ones dead.
    let first = Endpoint::by_event(|event_id, _| match event_id.starts_with("bad") {
        true => Answer::Status(400),
        false => Answer::Status(200),
    });
    let forwarding = forwarder(&store, &first.url()).run();
    settled(&store, 5);
    assert!(forwarding.stop().success());

    let again = Endpoint::start(&[]);
    let replayed = stdout_of(inbox(
        &store,
        &["replay", "--to", &again.url(), "--state", "dead"],
    ));
    let lines = String::from_utf8(replayed).unwrap();
    let summary: Vec<Vec<&str>> = lines
        .lines()
        .map(|line| line.split('\t').take(3).collect())
        .collect();
    assert_eq!(summary, [["bad-1", "done", "1"], ["bad-3", "done", "1"]]);
    let requests = again.requests();
    assert_eq!(requests.len(), 2);
    for (request, (event_id, headers)) in requests
        .iter()
        .zip(sent.iter().filter(|s| s.0.starts_with("bad")))
    {
        assert_eq!(request.body, person_added(event_id), "the body as received");
        assert_eq!(request.method, "POST");
        assert_eq!(request.attempt(), "1", "the replay's own attempt");
        for name in KEPT {
            let stored: Vec<&str> = headers
                .get_all(name)
                .iter()
                .map(|v| v.to_str().unwrap())
                .collect();
            assert_eq!(request.header(name), stored, "{event_id}: {name}");
        }
    }

    // A time range: received after the first and before the fourth was.
    let range = Endpoint::start(&[]);
    let replayed = stdout_of(inbox(
        &store,
        &[
            "replay",
            "--to",
            &range.url(),
            "--since",
            &times[0],
            "--until",
            &times[2],
            "--format",
            "json",
        ],
    ));
    let lines: Vec<serde_json::Value> = replayed
        .split(|&byte| byte == b'\n')
        .filter(|line| !line.is_empty())
        .map(|line| serde_json::from_slice(line).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|line| line["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["bad-1", "ok-2"]);
    assert!(
        lines
            .iter()
            .all(|line| line["ending"] == "done" && line["attempts"] == 1)
    );

    // An endpoint that refuses: the replay says so, and fails.
    let refusing = Endpoint::start(&[Answer::Status(400)]);
    let output = inbox(
        &store,
        &["replay", "--to", &refusing.url(), "--event-id", "ok-4"],
    );
    assert!(!output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("ok-4\tpermanent_failure\t1\t"), "{text}");
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("1 of 1 replayed deliveries did not end done")
    );
    let none = inbox(
        &store,
        &["replay", "--to", &refusing.url(), "--type", "device_added"],
    );
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("no stored delivery matches the selection")
    );
    assert!(receiver.stop().success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poison_delivery_is_dead_after_its_attempts_and_inbox_retry_brings_it_back() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let receiver = receiver(folder.store()).run();
    let client = client();
    for event_id in ["poison", "fine"] {
        let answer = send(
            &client,
            delivery(&receiver.url("/"), &person_added(event_id)),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    // The poison fails three times, then the downstream is fixed.
    let downstream = Endpoint::by_event(|event_id, nth| match (event_id, nth) {
        ("poison", 0..3) => Answer::Status(503),
        _ => Answer::Status(200),
    });
    let flags = ["--attempts", "3", "--backoff", "50ms"];
    let forwarding = forwarder(&store, &downstream.url()).args(flags).run();
    let states = settled(&store, 2);
    assert_eq!(states["poison"], ("dead".to_owned(), 3));
    assert_eq!(states["fine"], ("done".to_owned(), 1));
    let dead = String::from_utf8(stdout_of(inbox(&store, &["dead"]))).unwrap();
    assert!(
        dead.contains("\tpoison\tperson_added\t3\tattempt 3 of 3 failed: "),
        "{dead}"
    );
    assert!(
        dead.trim_end()
            .ends_with("answered 503 Service Unavailable: scripted answer 503"),
        "{dead}"
    );

    let retried = String::from_utf8(stdout_of(inbox(&store, &["retry", "poison"]))).unwrap();
    assert_eq!(retried, "poison\tpending again (was dead)\n");
    let states = settled(&store, 2);
    assert_eq!(
        states["poison"],
        ("done".to_owned(), 1),
        "a fresh count of attempts"
    );
    let unknown = inbox(&store, &["retry", "nothing"]);
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("no delivery with the event id nothing is stored")
    );
    assert!(forwarding.stop().success());
    assert!(receiver.stop().success());
}

#[test]
fn a_store_of_the_first_schema_is_listed_with_every_delivery_pending_and_purged_by_the_rule() {
    let folder = Folder::new();
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../vibes-inbox/tests/fixtures/v1.sqlite"
        ),
        folder.store(),
    )
    .unwrap();
    let store = folder.store().display().to_string();
    let listed = String::from_utf8(stdout_of(inbox(&store, &["list"]))).unwrap();
    let accepted: Vec<&str> = listed
        .lines()
        .filter(|line| line.contains("\taccepted\t"))
        .collect();
    assert_eq!(accepted.len(), 21);
    assert!(
        accepted.iter().all(|line| line.ends_with("\tpending\t0")),
        "{listed}"
    );
    assert_eq!(
        listed
            .lines()
            .filter(|line| line.contains("\trejected "))
            .count(),
        2
    );
    // Nothing is done yet: the rule removes nothing unless told to take the unfinished too.
    let kept =
        String::from_utf8(stdout_of(inbox(&store, &["purge", "--done-before", "1s"]))).unwrap();
    assert!(
        kept.starts_with(
            "removed 0 done, 0 dead and 0 unfinished deliveries and 0 refused requests"
        ),
        "{kept}"
    );
    let purged = stdout_of(inbox(
        &store,
        &["purge", "--done-before", "1s", "--unfinished", "--rejected"],
    ));
    let purged = String::from_utf8(purged).unwrap();
    assert!(
        purged.starts_with(
            "removed 0 done, 0 dead and 21 unfinished deliveries and 2 refused requests"
        ),
        "{purged}"
    );
    assert!(
        String::from_utf8(stdout_of(inbox(&store, &["list"])))
            .unwrap()
            .is_empty()
    );
}
