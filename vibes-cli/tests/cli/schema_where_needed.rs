//! The JSON Schema runs only where its verdict can differ from the typed reader's
//! (`Checker::typed_only`), and the report is the same as with `--schema-everywhere`: on every
//! fixture of the repository as its bytes stand, on the agreement corpus's mutations of each, and
//! on the bodies the fast path must leave to the schema (nesting deeper than a JSON value reads,
//! keys of another kind at the top level, repeated keys).

use crate::helpers::run_with_input;
use serde_json::Value;
use std::path::{Path, PathBuf};
use vibes_cli::file_name::FileName;
use vibes_cli::kind::Kind;
use vibes_cli::report::{self, Source};
use vibes_cli::validate::Checker;
use vibes_tests::mutations::mutations;

/// Every file under `tests/fixtures`, at any depth, with its bytes.
fn fixture_files() -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![vibes_tests::fixtures_dir()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("a fixtures folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                let bytes = std::fs::read(&path).expect("a readable fixture");
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

/// Bodies the fast path must leave to the schema, each beside a near twin it may take.
fn edge_bodies() -> Vec<(String, Vec<u8>)> {
    let envelope = r#""event_id": "e1", "event_date": "2017-03-15T15:42:23Z""#;
    let event = |data: &str| {
        format!(
            r#"{{{envelope}, "callback_type": "event_processed", "event_processed": {{"event_data": {data}, "action": {{"type": "routing", "status": "processing"}}}}}}"#
        )
    };
    let nested = |levels: usize| format!("{}{}", "[".repeat(levels), "]".repeat(levels));
    let mut bodies = vec![
        (
            "120 arrays deep".to_owned(),
            event(&format!(r#"{{"a": {}}}"#, nested(120))),
        ),
        (
            "128 arrays deep".to_owned(),
            event(&format!(r#"{{"a": {}}}"#, nested(128))),
        ),
        (
            "1000 arrays deep".to_owned(),
            event(&format!(r#"{{"a": {}}}"#, nested(1000))),
        ),
        (
            "200 brackets in a string".to_owned(),
            event(&format!(r#"{{"a": "{}"}}"#, "[".repeat(200))),
        ),
        (
            "a repeated key in event_data".to_owned(),
            event(r#"{"a": 1, "a": 2}"#),
        ),
    ];
    for (key, value) in [
        ("errors", "[]"),
        ("destination", "{}"),
        ("message", r#""PIZZA""#),
        ("callback_id", r#""7""#),
    ] {
        bodies.push((
            format!("`{key}` at the top level"),
            format!(
                r#"{{{envelope}, "callback_type": "person_added", "{key}": {value}, "person": {{}}}}"#
            ),
        ));
    }
    bodies
        .into_iter()
        .map(|(what, body)| (what, body.into_bytes()))
        .collect()
}

/// Both reports of one verdict, text and JSON.
fn reports(checker: &Checker, bytes: &[u8]) -> (String, String) {
    let verdict = checker.check(bytes);
    let file = FileName::of(Path::new("body.json"));
    let source = Source {
        file: &file,
        line: Some(1),
    };
    let (mut text, mut json) = (Vec::new(), Vec::new());
    report::text(source, &verdict, &mut text).expect("written to memory");
    report::json(source, &verdict, &mut json).expect("written to memory");
    (
        String::from_utf8(text).expect("text"),
        String::from_utf8(json).expect("text"),
    )
}

#[test]
fn the_report_is_the_same_with_the_schema_everywhere() {
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for (path, bytes) in fixture_files() {
        let name = path.display().to_string();
        if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
            for (what, mutated) in mutations(&value) {
                cases.push((format!("{name} {what}"), mutated.to_string().into_bytes()));
            }
        }
        cases.push((name, bytes));
    }
    cases.extend(edge_bodies());
    let mut typed_only = 0;
    let mut compared = 0;
    for kind in [None, Some(Kind::Callback)] {
        for strict in [false, true] {
            let fast = Checker::new(kind, strict);
            let everywhere = Checker::new(kind, strict).schema_everywhere(true);
            for (what, bytes) in &cases {
                assert_eq!(
                    reports(&fast, bytes),
                    reports(&everywhere, bytes),
                    "{what} (kind {kind:?}, strict {strict}): {}",
                    String::from_utf8_lossy(bytes)
                );
                compared += 1;
                typed_only += usize::from(fast.typed_only(bytes).is_some());
            }
        }
    }
    // Both paths are taken often: a test where the schema always ran would compare nothing.
    assert!(compared > 20_000, "{compared} reports compared");
    assert!(
        typed_only > compared / 10 && typed_only < compared * 9 / 10,
        "one typed read gave {typed_only} of {compared} verdicts"
    );
}

#[test]
fn the_schema_runs_where_it_can_differ() {
    let checker = Checker::new(None, false);
    let leaves = |what: &str| {
        let (_, body) = edge_bodies()
            .into_iter()
            .find(|(name, _)| name == what)
            .expect("an edge body");
        checker.typed_only(&body).is_none()
    };
    for what in [
        "128 arrays deep",
        "1000 arrays deep",
        "200 brackets in a string",
        "a repeated key in event_data",
        "`errors` at the top level",
        "`destination` at the top level",
    ] {
        assert!(leaves(what), "{what} is read without the schema");
    }
    for what in [
        "120 arrays deep",
        "`message` at the top level",
        "`callback_id` at the top level",
    ] {
        assert!(!leaves(what), "{what} is left to the schema");
    }
    // Another kind, given: the schema runs.
    let registration =
        br#"{"callback_type": "person_added", "destination": {"url": "https://example.com/h"}}"#;
    assert!(
        Checker::new(Some(Kind::Registration), false)
            .typed_only(registration)
            .is_none()
    );
}

#[test]
fn the_flag_runs_the_schema_everywhere_with_the_same_report() {
    let body = std::fs::read(
        vibes_tests::fixtures_dir().join("callbacks/docs/person_added__platform.json"),
    )
    .expect("the fixture");
    let mut lines = Vec::new();
    for _ in 0..3 {
        lines.extend(
            body.iter()
                .map(|&byte| if byte == b'\n' { b' ' } else { byte }),
        );
        lines.push(b'\n');
    }
    let fast = run_with_input(&["validate", "--ndjson", "--format", "json", "-"], &lines);
    let everywhere = run_with_input(
        &[
            "validate",
            "--ndjson",
            "--format",
            "json",
            "--schema-everywhere",
            "-",
        ],
        &lines,
    );
    assert_eq!(fast.code, 0, "{}", fast.stderr);
    assert_eq!(
        (fast.code, &fast.stdout),
        (everywhere.code, &everywhere.stdout)
    );
    assert!(fast.stdout.contains(r#""schema":true"#), "{}", fast.stdout);
}
