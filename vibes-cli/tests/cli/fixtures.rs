//! `vibes validate` on every fixture of the repository, in both modes: the verdict each folder's
//! files must get, the kind `--kind auto` recognises, and never a disagreement between the typed
//! parser and the schema.

use crate::helpers::{TempFile, fixture_bytes, run, workspace};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A folder of fixtures: the `--kind` its files are checked as (`auto` where the folder mixes
/// kinds) and whether they pass leniently and with `--strict`.
struct Folder {
    path: &'static str,
    kind: &'static str,
    lenient: bool,
    strict: bool,
}

const fn folder(path: &'static str, kind: &'static str, lenient: bool, strict: bool) -> Folder {
    Folder {
        path,
        kind,
        lenient,
        strict,
    }
}

/// Every folder of `tests/fixtures` holding fixtures; a test checks none is left out.
const FOLDERS: [Folder; 33] = [
    folder("callbacks/docs", "callback", true, true),
    folder("callbacks/seeds", "callback", true, true),
    folder("callbacks/authored", "callback", true, true),
    folder("strict", "callback", true, false),
    folder("invalid", "callback", false, false),
    folder("registrations/docs", "registration", true, true),
    folder("registrations/seeds", "registration", true, true),
    folder("registrations/authored", "registration", true, true),
    folder("registrations/strict", "registration", true, false),
    // An entity and a list of entities: `auto` tells them apart.
    folder("entities/docs", "auto", true, true),
    folder("entities/seeds", "auto", true, true),
    // Requests and a response: `auto` tells them apart.
    folder("test_events/seeds", "auto", true, true),
    folder("api_errors/docs", "api-errors", true, true),
    folder("api_errors/seeds", "api-errors", true, true),
    folder("api_errors/authored", "api-errors", true, true),
    // Error bodies of other shapes keep their messages leniently (issue 21).
    folder("api_errors/odd", "api-errors", true, false),
    folder("api_errors/not_json", "api-errors", false, false),
    // The delivery headers are not a document `validate` checks: read as a callback, they are
    // refused, and say why.
    folder("headers/authored", "auto", false, false),
    folder("errors/api_errors", "api-errors", false, false),
    folder("errors/api_errors/strict", "api-errors", true, false),
    folder("errors/callbacks", "callback", false, false),
    folder("errors/callbacks/strict", "callback", true, false),
    folder("errors/entities", "entity", false, false),
    folder("errors/entities/strict", "entity", true, false),
    folder("errors/entity_lists", "entity-list", false, false),
    folder("errors/registrations", "registration", false, false),
    folder("errors/registrations/strict", "registration", true, false),
    folder(
        "errors/test_event_requests",
        "test-event-request",
        false,
        false,
    ),
    folder(
        "errors/test_event_requests/strict",
        "test-event-request",
        true,
        false,
    ),
    folder(
        "errors/test_event_responses",
        "test-event-response",
        false,
        false,
    ),
    // An unknown callback type, kept by lenient reading.
    folder("regressions/callback_lenient", "callback", true, false),
    // Registrations and entities that once broke a fuzz target.
    folder("regressions/registrations", "auto", true, true),
    // Inputs that once broke a fuzz target and are refused since its fix.
    folder("regressions/registrations/refused", "auto", false, false),
];

fn listed(path: &str) -> &'static Folder {
    FOLDERS
        .iter()
        .find(|folder| folder.path == path)
        .unwrap_or_else(|| panic!("{path} is not in FOLDERS"))
}

fn fixtures_dir() -> PathBuf {
    workspace().join("tests").join("fixtures")
}

/// The fixture files directly in `folder`, sorted.
fn files_in(folder: &str) -> Vec<PathBuf> {
    let dir = fixtures_dir().join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|ext| ext == "json" || ext == "txt")
        })
        .collect();
    files.sort();
    files
}

/// Each fixture of `folder` as a path to give the binary: the fixture itself, or for a `.txt`
/// fixture the bytes it stands for, in a temporary file.
fn inputs(folder: &str) -> (Vec<String>, Vec<TempFile>) {
    let mut args = Vec::new();
    let mut decoded = Vec::new();
    for path in files_in(folder) {
        if path.extension().is_some_and(|ext| ext == "txt") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let file = TempFile::new(&name, &fixture_bytes(&path));
            args.push(file.arg().to_owned());
            decoded.push(file);
        } else {
            let relative = path.strip_prefix(workspace()).unwrap_or(&path);
            args.push(relative.to_string_lossy().into_owned());
        }
    }
    (args, decoded)
}

/// `vibes validate --format json` of every file of `folder`, one record per file.
fn records(folder: &Folder, strict: bool) -> Vec<(String, Value)> {
    let (files, _decoded) = inputs(folder.path);
    if files.is_empty() {
        return Vec::new();
    }
    let mut args = vec!["validate", "--format", "json", "--kind", folder.kind];
    if strict {
        args.push("--strict");
    }
    args.extend(files.iter().map(String::as_str));
    let run = run(&args);
    let records = run.json_lines();
    assert_eq!(
        records.len(),
        files.len(),
        "{}: {}",
        folder.path,
        run.stderr
    );
    let expected_code = i32::from(!records.iter().all(|record| record["valid"] == true));
    assert_eq!(run.code, expected_code, "{}: {}", folder.path, run.stderr);
    files.into_iter().zip(records).collect()
}

#[test]
fn every_fixture_folder_is_listed() {
    let mut pending = vec![fixtures_dir()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "json" || ext == "txt")
            {
                let folder = path.parent().unwrap().strip_prefix(fixtures_dir()).unwrap();
                let folder = folder.to_string_lossy().replace('\\', "/");
                assert!(
                    FOLDERS.iter().any(|listed| listed.path == folder),
                    "{} is in a folder FOLDERS does not list",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_fixture_gets_its_folders_verdict_and_the_two_readers_never_disagree() {
    let mut checked = 0;
    for folder in &FOLDERS {
        for strict in [false, true] {
            let expected = if strict {
                folder.strict
            } else {
                folder.lenient
            };
            for (file, record) in records(folder, strict) {
                checked += 1;
                assert_eq!(
                    record["valid"], expected,
                    "{file} (strict: {strict}): {record:#}"
                );
                if !expected {
                    assert!(
                        !record["errors"].as_array().unwrap().is_empty(),
                        "{file}: invalid without an error"
                    );
                }
                for finding in record["errors"].as_array().unwrap() {
                    assert!(
                        !["disagreement", "bug"].contains(&finding["kind"].as_str().unwrap()),
                        "{file} (strict: {strict}): {record:#}"
                    );
                }
            }
        }
    }
    assert!(checked > 400, "only {checked} checks");
}

#[test]
fn auto_recognises_the_kind_of_each_fixture_folder() {
    let kinds = [
        ("callbacks/docs", "callback"),
        ("callbacks/seeds", "callback"),
        ("callbacks/authored", "callback"),
        ("strict", "callback"),
        ("registrations/docs", "registration"),
        ("registrations/seeds", "registration"),
        ("registrations/authored", "registration"),
        ("registrations/strict", "registration"),
        ("api_errors/docs", "api-errors"),
        ("api_errors/seeds", "api-errors"),
    ];
    for (path, kind) in kinds {
        let listed = listed(path);
        let auto = folder(listed.path, "auto", listed.lenient, listed.strict);
        for (file, record) in records(&auto, false) {
            assert_eq!(record["kind"], kind, "{file}");
            assert_eq!(record["recognised"], true, "{file}");
        }
    }
    for (file, record) in records(listed("entities/seeds"), false) {
        let expected = if file.ends_with("list.json") {
            "entity-list"
        } else {
            "entity"
        };
        assert_eq!(record["kind"], expected, "{file}");
    }
    for (file, record) in records(listed("test_events/seeds"), false) {
        let name = Path::new(&file)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let expected = if name.starts_with("response") {
            "test-event-response"
        } else {
            "test-event-request"
        };
        assert_eq!(record["kind"], expected, "{file}");
    }
}

/// A filter field both at the top level and in the filter object is refused by the schema as by
/// strict reading, so `validate` reports it as the warning or error it is and never as a
/// difference between the two; the bodies at the edge of that rule pass both.
#[test]
fn the_schema_refuses_a_flat_filter_field_beside_the_filter_object_as_strict_reading_does() {
    const BESIDE: &str = "flat_field_beside_filter";
    let has = |findings: &Value, kind: &str| {
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|finding| finding["kind"] == kind)
    };
    for strict in [false, true] {
        for (file, record) in records(listed("registrations/strict"), strict) {
            let reported = if strict { "errors" } else { "warnings" };
            assert!(
                record["schema"] == false
                    && has(&record[reported], BESIDE)
                    && !has(&record["warnings"], "beyond_the_schema"),
                "{file} (strict: {strict}): {record:#}"
            );
        }
        for (file, record) in records(listed("registrations/authored"), strict) {
            assert!(
                record["schema"] == true
                    && record["valid"] == true
                    && !has(&record["warnings"], BESIDE),
                "{file} (strict: {strict}): {record:#}"
            );
        }
    }
}
