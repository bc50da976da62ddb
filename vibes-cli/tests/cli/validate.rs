//! `vibes validate` on whole documents: exit statuses, standard input, inputs that are not
//! documents at all, the JSON report's fields, and reviewed snapshots of both reports.

use crate::helpers::{TempFile, run, run_with_input};
use serde_json::Value;

const VALID: &str = "tests/fixtures/callbacks/docs/person_added__platform.json";
const INVALID: &str = "tests/fixtures/invalid/nested_wrong_type.json";
const OUTSIDE_CONTRACT: &str = "tests/fixtures/strict/unknown_participant_status.json";
const UNKNOWN_FIELDS: &str = "tests/fixtures/callbacks/authored/person_added__unknown_fields.json";

#[test]
fn exit_status_is_0_when_all_are_valid_1_when_any_is_not_2_when_a_file_cannot_be_read() {
    assert_eq!(run(&["validate", VALID, UNKNOWN_FIELDS]).code, 0);
    assert_eq!(run(&["validate", VALID, INVALID]).code, 1);
    assert_eq!(run(&["validate", "--strict", OUTSIDE_CONTRACT]).code, 1);
    assert_eq!(run(&["validate", OUTSIDE_CONTRACT]).code, 0);

    let missing = run(&["validate", "no/such/file.json", VALID, INVALID]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no/such/file.json: cannot be read"),
        "{}",
        missing.stderr
    );
    // The other files are still checked and reported.
    assert!(
        missing.stdout.contains(&format!("{VALID}: valid")),
        "{}",
        missing.stdout
    );
    assert!(
        missing.stdout.contains(&format!("{INVALID}: invalid")),
        "{}",
        missing.stdout
    );

    let folder = run(&["validate", "tests/fixtures", VALID]);
    assert_eq!(folder.code, 2);
    assert!(
        folder.stderr.contains("tests/fixtures: cannot be read"),
        "{}",
        folder.stderr
    );
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["validate"][..],
        &["validate", "--kind", "person", VALID],
        &["validate", "--format", "yaml", VALID],
        &["validate", "-j", "2", VALID],
        &["validate", "--ndjson", "-j", "0", VALID],
        &["validate", "-", "-"],
        &["validate", "--ndjson", "-", VALID, "-"],
        &["frobnicate"],
    ] {
        let run = run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(run.stderr.contains("error:"), "{args:?}: {}", run.stderr);
    }
}

/// Standard input can be read once: named twice, the second read would find it empty.
#[test]
fn standard_input_named_twice_is_a_usage_error() {
    let body = std::fs::read(crate::helpers::workspace().join(VALID)).unwrap();
    // `-/` (given after `--`, as clap wants) is the path `-` too, read from standard input.
    for second in [&["-"][..], &["--", "-/"]] {
        let args = [&["validate", "-", VALID][..], second].concat();
        let twice = run_with_input(&args, &body);
        assert_eq!((twice.code, twice.stdout.as_str()), (2, ""), "{second:?}");
        assert!(
            twice.stderr.starts_with(
                "error: `-` (standard input) is named more than once, but standard input can be \
                 read only once\n"
            ),
            "{}",
            twice.stderr
        );
    }
}

#[test]
fn standard_input_is_read_for_a_dash() {
    let body = std::fs::read(crate::helpers::workspace().join(VALID)).unwrap();
    let valid = run_with_input(&["validate", "-"], &body);
    assert_eq!(valid.code, 0, "{}", valid.stderr);
    assert_eq!(
        valid.stdout,
        "-: valid callback person_added (kind recognised; JSON Schema accepts it)\n"
    );
    let invalid = run_with_input(&["validate", "--format", "json", "-"], b"{\"event_id\": 7}");
    assert_eq!(invalid.code, 1);
    let record = &invalid.json_lines()[0];
    assert_eq!(record["file"], "-");
    assert_eq!(record["valid"], false);
}

#[test]
fn bytes_that_are_no_document_are_reported_never_a_panic() {
    let cases: [(&str, &[u8]); 7] = [
        ("empty.json", b""),
        ("whitespace.json", b" \n\t "),
        (
            "not_utf8.json",
            b"{\"event_id\": \"\xff\xfe\", \"callback_type\": \"person_added\"}",
        ),
        ("binary.json", &[0, 159, 146, 150, 0, 1]),
        ("deep.json", &[b'['; 100_000]),
        ("number.json", b"42"),
        ("bom.json", b"\xEF\xBB\xBF{}"),
    ];
    for (name, bytes) in cases {
        let file = TempFile::new(name, bytes);
        let run = run(&["validate", "--format", "json", file.arg()]);
        assert_eq!(run.code, 1, "{name}: {}", run.stderr);
        let record = &run.json_lines()[0];
        assert_eq!(record["valid"], false, "{name}");
        let error = &record["errors"][0];
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|text| !text.is_empty()),
            "{name}"
        );
        assert!(run.stderr.is_empty(), "{name}: {}", run.stderr);
    }
}

/// The field names of the JSON report are documented and stable.
#[test]
fn the_json_report_has_its_documented_fields() {
    let run = run(&[
        "validate",
        "--format",
        "json",
        "--strict",
        VALID,
        INVALID,
        OUTSIDE_CONTRACT,
    ]);
    let records = run.json_lines();
    let keys =
        |value: &Value| -> Vec<String> { value.as_object().unwrap().keys().cloned().collect() };
    let mut expected = [
        "file",
        "line",
        "kind",
        "recognised",
        "valid",
        "callback_type",
        "schema",
        "errors",
        "warnings",
    ];
    expected.sort_unstable();
    for record in &records {
        assert_eq!(keys(record), expected);
        for finding in record["errors"]
            .as_array()
            .unwrap()
            .iter()
            .chain(record["warnings"].as_array().unwrap())
        {
            assert_eq!(keys(finding), ["column", "kind", "line", "message", "path"]);
        }
    }
    assert_eq!(records[0]["file"], VALID);
    assert_eq!(records[0]["valid"], true);
    assert_eq!(records[0]["callback_type"], "person_added");
    assert_eq!(records[0]["kind"], "callback");
    assert_eq!(records[0]["schema"], true);
    let error = &records[1]["errors"][0];
    assert_eq!(error["path"], "event_processed.action.failure.reason");
    assert_eq!(error["kind"], "wrong_type");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(22), Some(20))
    );
    assert_eq!(records[2]["errors"][0]["kind"], "outside_contract");
    assert_eq!(records[2]["schema"], false);
}

#[test]
fn an_explicit_kind_is_used_as_given() {
    let run = run(&["validate", "--kind", "registration", VALID]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with(&format!(
            "{VALID}: invalid registration (JSON Schema refuses it)"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn text_report() {
    let run = run(&[
        "validate",
        VALID,
        UNKNOWN_FIELDS,
        OUTSIDE_CONTRACT,
        INVALID,
        "tests/fixtures/errors/callbacks/event_id_twice.json",
        "tests/fixtures/errors/callbacks/strict/unknown_callback_type_with_a_newline.json",
        "tests/fixtures/registrations/docs/person_added__registration_platform.json",
    ]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn text_report_strict() {
    let run = run(&[
        "validate",
        "--strict",
        OUTSIDE_CONTRACT,
        "tests/fixtures/errors/registrations/strict/unknown_method_and_content_type.json",
    ]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_report() {
    let run = run(&[
        "validate",
        "--format",
        "json",
        VALID,
        INVALID,
        OUTSIDE_CONTRACT,
    ]);
    let records = run.json_lines();
    insta::assert_json_snapshot!(records);
}
