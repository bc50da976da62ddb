//! `vibes validate --ndjson`: a stream with valid and invalid lines, blank lines, a line that is
//! not UTF-8 and one too long to read; reports in line order whatever the thread count, and the
//! summary.

use crate::helpers::{TempFile, fixture_bytes, run, run_with_input, workspace};
use serde_json::{Value, json};

/// One line of each kind a stream may hold, with whether it is valid.
fn lines() -> Vec<(Vec<u8>, Option<bool>)> {
    let compact = |path: &str| -> Vec<u8> {
        let bytes = fixture_bytes(&workspace().join(path));
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        serde_json::to_vec(&value).unwrap()
    };
    let too_long = vec![b' '; vibes_cli::ndjson::MAX_LINE + 1];
    vec![
        (
            compact("tests/fixtures/callbacks/docs/person_added__platform.json"),
            Some(true),
        ),
        (
            compact("tests/fixtures/invalid/nested_wrong_type.json"),
            Some(false),
        ),
        (Vec::new(), None),
        (
            compact("tests/fixtures/strict/unknown_device_os.json"),
            Some(true),
        ),
        (b"{\"event_id\": \"\xff\"}".to_vec(), Some(false)),
        (
            compact("tests/fixtures/callbacks/seeds/event_processed__send_message_queued.json"),
            Some(true),
        ),
        (too_long, Some(false)),
        (b"   \r".to_vec(), None),
        (b"[1, 2]".to_vec(), Some(false)),
        (
            compact("tests/fixtures/callbacks/docs/wallet_item_install__platform.json"),
            Some(true),
        ),
    ]
}

/// The stream of `lines`, repeated `times` times, without a line break after the last line.
fn stream_of(lines: &[(Vec<u8>, Option<bool>)], times: usize) -> Vec<u8> {
    let mut stream = Vec::new();
    for _ in 0..times {
        for (line, _) in lines {
            stream.extend_from_slice(line);
            stream.push(b'\n');
        }
    }
    stream.pop();
    stream
}

fn stream(times: usize) -> Vec<u8> {
    stream_of(&lines(), times)
}

#[test]
fn each_line_is_reported_in_order_with_its_verdict_and_a_summary_ends_the_report() {
    let file = TempFile::new("mixed.ndjson", &stream(1));
    let run = run(&["validate", "--ndjson", "--format", "json", file.arg()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let mut records = run.json_lines();
    let summary = records.pop().unwrap();
    let expected: Vec<(u64, bool)> = lines()
        .iter()
        .enumerate()
        .filter_map(|(at, (_, valid))| valid.map(|valid| (at as u64 + 1, valid)))
        .collect();
    let reported: Vec<(u64, bool)> = records
        .iter()
        .map(|record| {
            (
                record["line"].as_u64().unwrap(),
                record["valid"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(reported, expected);
    assert!(records.iter().all(|record| record["file"] == file.arg()));
    // Positions are in the file: the line of the payload, the column in it.
    let wrong_type = &records[1]["errors"][0];
    assert_eq!(
        (wrong_type["line"].as_u64(), wrong_type["kind"].as_str()),
        (Some(2), Some("wrong_type"))
    );
    assert_eq!(records[5]["errors"][0]["kind"], "too_long");
    assert_eq!(
        summary,
        json!({"summary": {
            "payloads": 8, "valid": 4, "invalid": 4, "with_warnings": 1, "blank_lines": 2,
            "callback_types": {"device_added": 1, "event_processed": 2, "person_added": 1,
                "wallet_item_install": 1},
            // `[1, 2]` is recognised as a list of entities, whose items are not numbers; the
            // line that is not UTF-8 names no callback type before its fault.
            "error_kinds": {"no_callback_type": 1, "too_long": 1, "wrong_type": 2},
            "first_invalid": [
                {"file": file.arg(), "line": 2}, {"file": file.arg(), "line": 5},
                {"file": file.arg(), "line": 7}, {"file": file.arg(), "line": 9}],
            "unreadable": 0, "unreadable_files": [],
        }})
    );
}

#[test]
fn the_report_is_the_same_on_one_thread_and_on_many() {
    // About 3 MB of payloads: a dozen batches, so that the workers finish them out of order.
    let held: Vec<_> = lines()
        .into_iter()
        .filter(|(line, _)| line.len() < vibes_cli::ndjson::MAX_LINE)
        .collect();
    let file = TempFile::new("long.ndjson", &stream_of(&held, 700));
    let one = run(&[
        "validate",
        "--ndjson",
        "--format",
        "json",
        "-j",
        "1",
        file.arg(),
    ]);
    let four = run(&[
        "validate",
        "--ndjson",
        "--format",
        "json",
        "-j",
        "4",
        file.arg(),
    ]);
    assert_eq!(one.code, 1);
    assert_eq!(one, four);
    let text_one = run(&["validate", "--ndjson", "-j", "1", file.arg()]);
    let text_four = run(&["validate", "--ndjson", "-j", "4", file.arg()]);
    assert_eq!(text_one, text_four);
    let lines: Vec<u64> = one
        .json_lines()
        .iter()
        .filter_map(|record| record["line"].as_u64())
        .collect();
    assert!(lines.windows(2).all(|pair| pair[0] < pair[1]));
    assert_eq!(lines.len(), 700 * 7);
}

#[test]
fn standard_input_is_a_stream_too() {
    let run = run_with_input(&["validate", "--ndjson", "-"], &stream(1));
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_stream_of_valid_lines_exits_with_0_and_an_unreadable_one_with_2() {
    let valid: Vec<u8> = lines()
        .into_iter()
        .filter(|(_, valid)| *valid == Some(true))
        .flat_map(|(mut line, _)| {
            line.push(b'\n');
            line
        })
        .collect();
    let file = TempFile::new("valid.ndjson", &valid);
    let run_valid = run(&["validate", "--ndjson", file.arg()]);
    assert_eq!(run_valid.code, 0, "{}", run_valid.stdout);
    // A file that cannot be opened, and a folder, which opens but cannot be read: both are
    // named in the summary, and the others still checked.
    let unreadable = [
        "validate",
        "--ndjson",
        "no/such.ndjson",
        file.arg(),
        "tests",
    ];
    let missing = run(&unreadable);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stdout.contains("summary: 4 payloads, 4 valid")
            && missing
                .stdout
                .ends_with("\n  unreadable inputs: no/such.ndjson, tests\n"),
        "{}",
        missing.stdout
    );
    let missing_json = run(&[&unreadable[..], &["--format", "json"]].concat());
    let summary = &missing_json.json_lines().pop().unwrap()["summary"];
    assert_eq!(
        (
            &summary["payloads"],
            &summary["unreadable"],
            &summary["unreadable_files"]
        ),
        (&json!(4), &json!(2), &json!(["no/such.ndjson", "tests"]))
    );
    let empty = TempFile::new("empty.ndjson", b"");
    let run_empty = run(&["validate", "--ndjson", empty.arg()]);
    assert_eq!(run_empty.code, 0);
    assert!(
        run_empty.stdout.starts_with("summary: 0 payloads"),
        "{}",
        run_empty.stdout
    );
}

/// The progress bar is for a person watching: drawn on standard error when it is a terminal,
/// and nothing is written there when it is not (a pipe, a file, CI's log).
#[test]
fn the_progress_bar_is_drawn_on_a_terminal_only() {
    let valid = lines()
        .into_iter()
        .filter(|(_, valid)| *valid == Some(true))
        .collect::<Vec<_>>();
    // Several batches, so that the bar moves.
    let file = TempFile::new("valid.ndjson", &stream_of(&valid, 1500));
    let args = ["validate", "--ndjson", "-j", "1", file.arg()];
    let piped = run(&args);
    assert_eq!((piped.code, piped.stderr.as_str()), (0, ""));
    #[cfg(target_os = "linux")]
    {
        let (code, terminal) = crate::helpers::run_on_a_terminal(&args);
        assert_eq!(code, 0, "{terminal}");
        // The bar: the file's name, the bar, then the bytes read of the file's length.
        let length = std::fs::metadata(&file.path).unwrap().len() as f64;
        let bar = format!("{} [", file.arg());
        let total = format!("B/{:.2} MiB", length / f64::from(1 << 20));
        assert!(
            terminal.contains(&bar) && terminal.contains(&total),
            "no progress bar drawn ({bar}…{total}): {terminal:?}"
        );
    }
}
