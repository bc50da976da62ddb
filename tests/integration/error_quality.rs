//! Error quality: every bad input under `tests/fixtures/errors` is refused with an error whose
//! full text is a reviewed snapshot, that names no internal type and, for byte input, gives its
//! line and column; and every prefix of every good fixture is an error saying the input ended.
//!
//! Inputs in `.json` files are read byte for byte. Inputs in `.txt` files are the ones that cannot
//! be shown as they are (bytes that are not UTF-8, a byte order mark, control characters): there
//! `\xHH` stands for the byte `HH`, so that the file stays readable text.

use crate::helpers::fixture;
use serde_json::Value;
use std::path::{Path, PathBuf};
use vibes_types::{
    ApiErrors, Callback, CallbackEntity, CallbackRegistration, ParseError, ParseErrorKind,
    TestEventRequest, TestEventResponse,
};

/// Names of the implementation (types, serde's and serde_json's internals) that a message must
/// never show: the reader of a message knows JSON and this crate's public types, nothing else.
const INTERNAL_NAMES: [&str; 7] = [
    "TypeProbe",
    "Builder",
    "Content",
    "RawValue",
    "$serde_json",
    "__private",
    "Visitor",
];

// What the library currently gets wrong, by input (relative to `tests/fixtures/errors`). The test
// asserts these lists exactly, both ways: a new fault fails it, and so does a fixed one, so that
// each fix removes its line here and the lists never go stale.

/// Inputs that are read, though they should be refused: none.
const ACCEPTED: &[&str] = &[];

/// Inputs whose error names a type or item of the implementation.
const INTERNAL_NAME: &[&str] = &[];

/// Inputs whose error has no line and column: none since faults found after reading are located
/// by their paths.
const NO_POSITION: &[&str] = &[];

/// Inputs whose error is at column 0; none since columns are clamped to count from 1.
const POSITION_FROM_ZERO: &[&str] = &[];

/// Inputs whose error's text does not name the JSON path its `path()` holds: none.
const PATH_NOT_SHOWN: &[&str] = &[];

/// Rust's number types, which serde names in what a field expects: a message must say the
/// numbers instead. Matched as whole words, since `u8` may be part of a value.
const RUST_NUMBER_TYPES: [&str; 12] = [
    "i8", "i16", "i32", "i64", "isize", "u8", "u16", "u32", "u64", "usize", "f32", "f64",
];

/// A way an error falls short of what every error must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// The input is read, though it breaks the documented contract.
    Accepted,
    /// The error's text names a type or item of the implementation.
    InternalName,
    /// The error of a byte input has no line and column.
    NoPosition,
    /// The error's line or column is 0, though both count from 1.
    PositionFromZero,
    /// The error has a path below the root, and its text does not name it.
    PathNotShown,
}

/// The entry points, one per kind of document.
#[derive(Clone, Copy, Debug)]
enum Reader {
    Callback,
    Registration,
    Entity,
    EntityList,
    TestEventRequest,
    TestEventResponse,
    ApiErrors,
}

impl Reader {
    /// The entry point, as a caller writes it.
    fn name(self, strict: bool) -> &'static str {
        match (self, strict) {
            (Reader::Callback, false) => "Callback::from_slice",
            (Reader::Callback, true) => "Callback::from_slice_strict",
            (Reader::Registration, false) => "CallbackRegistration::from_slice",
            (Reader::Registration, true) => "CallbackRegistration::from_slice_strict",
            (Reader::Entity, false) => "CallbackEntity::from_slice",
            (Reader::Entity, true) => "CallbackEntity::from_slice_strict",
            (Reader::EntityList, _) => "CallbackEntity::list_from_slice",
            (Reader::TestEventRequest, false) => "TestEventRequest::from_slice",
            (Reader::TestEventRequest, true) => "TestEventRequest::from_slice_strict",
            (Reader::TestEventResponse, false) => "TestEventResponse::from_slice",
            (Reader::TestEventResponse, true) => "TestEventResponse::from_slice_strict",
            (Reader::ApiErrors, false) => "ApiErrors::from_slice",
            (Reader::ApiErrors, true) => "ApiErrors::from_slice_strict",
        }
    }

    /// Whether the document has a strict reader (a list is read only as a list of entities).
    fn has_strict(self) -> bool {
        !matches!(self, Reader::EntityList)
    }

    /// Reads `bytes` with the entry point, keeping only whether it read and the error.
    fn read(self, bytes: &[u8], strict: bool) -> Result<(), ParseError> {
        match (self, strict) {
            (Reader::Callback, false) => Callback::from_slice(bytes).map(drop),
            (Reader::Callback, true) => Callback::from_slice_strict(bytes).map(drop),
            (Reader::Registration, false) => CallbackRegistration::from_slice(bytes).map(drop),
            (Reader::Registration, true) => {
                CallbackRegistration::from_slice_strict(bytes).map(drop)
            }
            (Reader::Entity, false) => CallbackEntity::from_slice(bytes).map(drop),
            (Reader::Entity, true) => CallbackEntity::from_slice_strict(bytes).map(drop),
            (Reader::EntityList, _) => CallbackEntity::list_from_slice(bytes).map(drop),
            (Reader::TestEventRequest, false) => TestEventRequest::from_slice(bytes).map(drop),
            (Reader::TestEventRequest, true) => {
                TestEventRequest::from_slice_strict(bytes).map(drop)
            }
            (Reader::TestEventResponse, false) => TestEventResponse::from_slice(bytes).map(drop),
            (Reader::TestEventResponse, true) => {
                TestEventResponse::from_slice_strict(bytes).map(drop)
            }
            (Reader::ApiErrors, false) => ApiErrors::from_slice(bytes).map(drop),
            (Reader::ApiErrors, true) => ApiErrors::from_slice_strict(bytes).map(drop),
        }
    }
}

/// Bad callback bodies, of several types; those in `strict/` break only the documented contract.
#[test]
fn callback_bodies() {
    insta::glob!("../fixtures/errors/callbacks", "**/*.{json,txt}", |path| {
        insta::assert_snapshot!(check_bad_input(path, Reader::Callback));
    });
}

/// Bad registration bodies.
#[test]
fn registrations() {
    insta::glob!(
        "../fixtures/errors/registrations",
        "**/*.{json,txt}",
        |path| {
            insta::assert_snapshot!(check_bad_input(path, Reader::Registration));
        }
    );
}

/// Bad callback entities, as the API answers them one at a time.
#[test]
fn entities() {
    insta::glob!("../fixtures/errors/entities", "**/*.{json,txt}", |path| {
        insta::assert_snapshot!(check_bad_input(path, Reader::Entity));
    });
}

/// Bad answers of the list call.
#[test]
fn entity_lists() {
    insta::glob!(
        "../fixtures/errors/entity_lists",
        "**/*.{json,txt}",
        |path| {
            insta::assert_snapshot!(check_bad_input(path, Reader::EntityList));
        }
    );
}

/// Bad test event requests.
#[test]
fn requests_for_a_test_event() {
    insta::glob!(
        "../fixtures/errors/test_event_requests",
        "**/*.{json,txt}",
        |path| {
            insta::assert_snapshot!(check_bad_input(path, Reader::TestEventRequest));
        }
    );
}

/// Bad test event answers.
#[test]
fn answers_to_a_test_event() {
    insta::glob!(
        "../fixtures/errors/test_event_responses",
        "**/*.{json,txt}",
        |path| {
            insta::assert_snapshot!(check_bad_input(path, Reader::TestEventResponse));
        }
    );
}

/// Bad 4XX error bodies.
#[test]
fn api_errors() {
    insta::glob!("../fixtures/errors/api_errors", "**/*.{json,txt}", |path| {
        insta::assert_snapshot!(check_bad_input(path, Reader::ApiErrors));
    });
}

/// Every bad input is listed, with what it exercises, in its folder's `SOURCES.md`, and every
/// known fault names an input.
#[test]
fn every_bad_input_is_described() {
    let root = errors_dir();
    let mut undescribed = Vec::new();
    for path in files_under(&root) {
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if name == "SOURCES.md" {
            continue;
        }
        let sources = path.with_file_name("SOURCES.md");
        let text = std::fs::read_to_string(&sources)
            .unwrap_or_else(|error| panic!("{}: {error}", sources.display()));
        if !text.contains(&format!("`{name}`")) {
            undescribed.push(relative(&path));
        }
    }
    assert!(
        undescribed.is_empty(),
        "not in their SOURCES.md: {undescribed:#?}"
    );
    let stale: Vec<&str> = [
        ACCEPTED,
        INTERNAL_NAME,
        NO_POSITION,
        POSITION_FROM_ZERO,
        PATH_NOT_SHOWN,
    ]
    .concat()
    .into_iter()
    .filter(|name| !root.join(name).is_file())
    .collect();
    assert!(stale.is_empty(), "known faults of no input: {stale:#?}");
}

/// Every prefix of every good fixture that is not itself a whole JSON document is an error of
/// kind `Truncated` whose text says the input ended early.
#[test]
fn every_prefix_of_every_fixture_is_truncated() {
    const ENDED_EARLY: &str = "the input ended before the JSON document did";
    let mut cases_per_folder = Vec::new();
    let mut wrong = Vec::new();
    for folder in [
        "callbacks",
        "registrations",
        "entities",
        "test_events",
        "api_errors",
    ] {
        let mut cases = 0_usize;
        for path in files_under(&crate_fixtures().join(folder)) {
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let bytes = fixture(&path);
            let reader = reader_of_good_fixture(folder, &path, &bytes);
            let strict_reads_whole = reader.read(&bytes, true).is_ok();
            for end in 0..bytes.len() {
                let prefix = &bytes[..end];
                // A prefix can be a whole document (the file without its trailing newline):
                // that one reads, and is no truncation.
                if serde_json::from_slice::<Value>(prefix).is_ok() {
                    continue;
                }
                cases += 1;
                // Strict reading too, where the document has it and reads the whole fixture
                // (an error body of another shape, kept leniently, is refused strictly at its
                // first fault, which can come before the cut): a truncation is found before
                // anything strict reading checks.
                let modes: &[bool] = if reader.has_strict() && strict_reads_whole {
                    &[false, true]
                } else {
                    &[false]
                };
                for &strict in modes {
                    let shown = match reader.read(prefix, strict) {
                        Ok(()) => "read".to_owned(),
                        Err(error)
                            if error.kind() == ParseErrorKind::Truncated
                                && error.to_string().contains(ENDED_EARLY) =>
                        {
                            continue;
                        }
                        Err(error) => format!("{:?}: {error}", error.kind()),
                    };
                    wrong.push(format!(
                        "{} cut at byte {end} ({}): {shown}",
                        relative(&path),
                        reader.name(strict)
                    ));
                }
            }
        }
        cases_per_folder.push((folder, cases));
    }
    let cases: usize = cases_per_folder.iter().map(|(_, cases)| cases).sum();
    assert!(
        wrong.is_empty(),
        "{} of {cases} prefixes are not reported as truncated, first ones: {:#?}",
        wrong.len(),
        &wrong[..wrong.len().min(20)]
    );
    // Every folder is walked, and the fixtures hold more prefixes than this (28,353 when it was
    // written): fewer means the walk lost fixtures.
    assert!(
        cases_per_folder.iter().all(|(_, cases)| *cases > 0) && cases >= 28_000,
        "too few prefixes tried: {cases_per_folder:?}"
    );
}

/// Reads one bad input with `reader` (strictly when it lies in a `strict` folder), checks what
/// every error must give, and returns the error as its snapshot shows it.
fn check_bad_input(path: &Path, reader: Reader) -> String {
    let bytes = vibes_tests::fixture_input(path);
    let strict = path
        .parent()
        .and_then(Path::file_name)
        .is_some_and(|folder| folder == "strict");
    let name = relative(path);
    let lenient = reader.read(&bytes, false);
    if strict {
        // Only faults against the contract belong in `strict/`: lenient reading keeps them.
        if let Err(error) = &lenient {
            panic!("{name}: refused leniently too, so it belongs outside `strict/`: {error}");
        }
    } else if let Err(error) = &lenient
        && reader.has_strict()
    {
        // Strict reading reads leniently first: a fault found there is the same error.
        assert_eq!(
            reader.read(&bytes, true).as_ref().err(),
            Some(error),
            "{name}: strict and lenient reading disagree"
        );
    }
    let result = if strict {
        reader.read(&bytes, true)
    } else {
        lenient
    };
    let mut faults = Vec::new();
    let shown = match &result {
        Ok(()) => {
            faults.push(Fault::Accepted);
            let mut shown = format!("read with: {}\n\nACCEPTED\n", reader.name(strict));
            if !strict
                && reader.has_strict()
                && let Err(error) = reader.read(&bytes, true)
            {
                shown.push_str(&format!(
                    "\nrefused by {}:\n\n{}",
                    reader.name(true),
                    describe(&error)
                ));
            }
            shown
        }
        Err(error) => {
            let text = error.to_string();
            let words: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .collect();
            if INTERNAL_NAMES
                .iter()
                .any(|internal| text.contains(internal))
                || RUST_NUMBER_TYPES.iter().any(|rust| words.contains(rust))
            {
                faults.push(Fault::InternalName);
            }
            match (error.line(), error.column()) {
                (Some(line), Some(column)) if line == 0 || column == 0 => {
                    faults.push(Fault::PositionFromZero);
                }
                (Some(_), Some(_)) => {}
                _ => faults.push(Fault::NoPosition),
            }
            if !error.path().is_root() && !text.contains(&format!("`{}`", error.path())) {
                faults.push(Fault::PathNotShown);
            }
            format!("read with: {}\n\n{}", reader.name(strict), describe(error))
        }
    };
    let known: Vec<Fault> = [
        (ACCEPTED, Fault::Accepted),
        (INTERNAL_NAME, Fault::InternalName),
        (NO_POSITION, Fault::NoPosition),
        (POSITION_FROM_ZERO, Fault::PositionFromZero),
        (PATH_NOT_SHOWN, Fault::PathNotShown),
    ]
    .into_iter()
    .filter(|(inputs, _)| inputs.contains(&name.as_str()))
    .map(|(_, fault)| fault)
    .collect();
    assert_eq!(
        faults, known,
        "{name}: the faults found differ from the lists of known faults\n{shown}"
    );
    shown
}

/// The full error: its text, then each part a program reads.
fn describe(error: &ParseError) -> String {
    let mut shown = format!("{}\n\n", legible(&error.to_string()));
    let position = match (error.line(), error.column()) {
        (Some(line), Some(column)) => format!("line {line}, column {column}"),
        _ => "none".to_owned(),
    };
    let callback_type = error
        .callback_type()
        .map_or_else(|| "none".to_owned(), ToString::to_string);
    shown.push_str(&format!(
        "kind: {:?}\npath: {}\nposition: {position}\ncallback type: {}\n",
        error.kind(),
        legible(&error.path().to_string()),
        legible(&callback_type),
    ));
    for problem in error.problems() {
        shown.push_str(&format!(
            "problem at {}: {}\n",
            legible(&problem.path().to_string()),
            legible(&problem.to_string())
        ));
    }
    shown
}

/// `text` as it is, or, when it holds control characters (a line break, a terminal escape),
/// escaped as a Rust string literal after the word `escaped`: the snapshot then holds no raw
/// control bytes, and a line break that a message lets through shows as `\n`.
fn legible(text: &str) -> String {
    if text.chars().any(char::is_control) {
        format!("escaped {text:?}")
    } else {
        text.to_owned()
    }
}

/// The entry point for a good fixture of `folder`: entities and lists are told apart by their
/// JSON, test event requests and answers by their file names.
fn reader_of_good_fixture(folder: &str, path: &Path, bytes: &[u8]) -> Reader {
    match folder {
        "callbacks" => Reader::Callback,
        "registrations" => Reader::Registration,
        "entities" => match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Array(_)) => Reader::EntityList,
            _ => Reader::Entity,
        },
        "test_events"
            if path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("response")) =>
        {
            Reader::TestEventResponse
        }
        "test_events" => Reader::TestEventRequest,
        "api_errors" => Reader::ApiErrors,
        other => panic!("no reader for the fixture folder {other}"),
    }
}

fn crate_fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn errors_dir() -> PathBuf {
    crate_fixtures().join("errors")
}

/// `path` relative to `tests/fixtures/errors` (or to `tests/fixtures`), with `/` separators.
fn relative(path: &Path) -> String {
    let base = if path.starts_with(errors_dir()) {
        errors_dir()
    } else {
        crate_fixtures()
    };
    path.strip_prefix(&base)
        .unwrap_or(path)
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every file under `dir`, in every folder below it, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("{}: {error}", folder.display()));
        for entry in entries {
            let path = entry.expect("a readable folder").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
