//! `vibes-receiver inbox list|show|export`: the store read back, checked against what was sent
//! and against the rows.

use crate::helpers::{
    Folder, Receiver, client, deliveries, delivery, headers_for, person_added, receiver, request,
    send,
};
use axum::http::{Method, StatusCode};
use std::process::{Command, Output};

/// Runs `vibes-receiver inbox ARGS --store STORE`.
pub fn inbox(store: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vibes-receiver"))
        .arg("inbox")
        .args(args)
        .args(["--store", store])
        .env_remove("RUST_LOG")
        .output()
        .expect("the receiver binary runs")
}

/// The standard output of a subcommand that succeeded.
pub fn stdout_of(output: Output) -> Vec<u8> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Checks the three subcommands against a store that [`fill`] filled.
pub fn check_subcommands(store: &str, pretty: &[u8], compact: &[u8]) {
    let listed = String::from_utf8(stdout_of(inbox(store, &["list"]))).unwrap();
    let lines: Vec<Vec<&str>> = listed
        .lines()
        .map(|line| line.split('\t').collect())
        .collect();
    let pretty_id = vibes_types::Callback::from_slice(pretty).unwrap();
    let pretty_id = pretty_id.event_id().unwrap();
    assert_eq!(lines.len(), 3, "{listed}");
    assert_eq!(
        lines[0][1..],
        [
            "accepted",
            pretty_id,
            "person_added",
            &pretty.len().to_string(),
            "pending",
            "0"
        ]
    );
    assert_eq!(
        lines[1][1..],
        [
            "accepted",
            "E-compact",
            "person_added",
            &compact.len().to_string(),
            "pending",
            "0"
        ]
    );
    assert_eq!(
        lines[2][1..],
        ["rejected 400", "E-refused", "-", "5", "-", "-"]
    );
    assert!(
        lines[0][0] <= lines[1][0] && lines[1][0] <= lines[2][0],
        "{listed}"
    );

    let shown = stdout_of(inbox(store, &["show", pretty_id]));
    let blank = shown
        .windows(2)
        .position(|pair| pair == b"\n\n")
        .expect("a blank line after the headers");
    let head = String::from_utf8(shown[..blank].to_vec()).unwrap();
    assert!(
        head.lines()
            .next()
            .unwrap()
            .ends_with("\tperson_added\tpending\t0 attempts"),
        "{head}"
    );
    assert!(
        head.contains(&format!("\nx-event-id: {pretty_id}\n")),
        "{head}"
    );
    assert!(
        head.contains("\ncontent-type: application/json\n"),
        "{head}"
    );
    assert_eq!(&shown[blank + 2..], pretty, "the body exactly as received");

    let refused = String::from_utf8(stdout_of(inbox(store, &["show", "E-refused"]))).unwrap();
    assert!(refused.contains("\trejected 400: {\"error\""), "{refused}");
    assert!(refused.ends_with("\n\n{oops"), "{refused}");

    let missing = inbox(store, &["show", "E-none"]);
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("no request with the event id E-none is stored")
    );

    let exported = stdout_of(inbox(store, &["export"]));
    let lines: Vec<&[u8]> = exported.split(|&byte| byte == b'\n').collect();
    assert_eq!(lines.len(), 3, "two lines and the end: {exported:?}");
    assert!(lines[2].is_empty());
    // The body on several lines is written compact; the same JSON, token for token.
    let as_json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).unwrap();
    assert_eq!(as_json(lines[0]), as_json(pretty));
    assert_eq!(
        lines[1], compact,
        "a body on one line is exported as received"
    );
    for line in &lines[..2] {
        vibes_types::Callback::from_slice(line).expect("each line reads as a callback");
    }
}

/// Sends what [`check_subcommands`] expects in the store: `pretty`, `compact`, `pretty` again
/// (a repeat) and a refused request; returns `pretty` and `compact`.
pub async fn fill(receiver: &Receiver) -> (Vec<u8>, Vec<u8>) {
    let client = client();
    let (pretty, compact) = bodies();
    for body in [&pretty, &compact, &pretty] {
        let answer = send(&client, delivery(&receiver.url("/"), body)).await;
        assert_eq!(answer.status, StatusCode::OK);
    }
    let refused = request(
        Method::POST,
        &receiver.url("/"),
        &headers_for(&person_added("E-refused")),
        b"{oops",
    );
    let answer = send(&client, refused).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.json()["error"]["kind"], "body");
    (pretty, compact)
}

#[tokio::test]
async fn the_subcommands_read_the_sqlite_store_back() {
    let folder = Folder::new();
    let receiver = receiver(folder.store()).run();
    let (pretty, compact) = fill(&receiver).await;
    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|row| row.body == pretty));

    // While the receiver runs, and after it stopped.
    let store = folder.store().display().to_string();
    check_subcommands(&store, &pretty, &compact);
    assert!(receiver.stop().success());
    check_subcommands(&store, &pretty, &compact);
}

#[test]
fn a_store_that_does_not_exist_is_an_error_not_a_new_file() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let output = inbox(&store, &["list"]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("there is no SQLite store at"));
    assert!(!folder.store().exists());
}

/// A fixture on several lines (its event id sorts first), and a body on one line.
pub fn bodies() -> (Vec<u8>, Vec<u8>) {
    let pretty = std::fs::read(
        vibes_tests::fixtures_dir().join("callbacks/docs/person_added__platform.json"),
    )
    .unwrap();
    assert!(pretty.contains(&b'\n'));
    let compact = person_added("E-compact")
        .into_iter()
        .filter(|&byte| byte != b'\n')
        .collect();
    (pretty, compact)
}
