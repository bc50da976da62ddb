//! The configuration API's other bodies: test event requests and answers, and 4XX error bodies.

use crate::helpers::{assert_round_trip, fixture};
use vibes_types::{ApiErrors, Inspect, TestEventRequest, TestEventResponse};

/// Every documented test event request and answer reads and writes back as read.
#[test]
fn documented_test_events() {
    insta::glob!("../fixtures/test_events", "*/*.json", |path| {
        let bytes = fixture(path);
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let shown = if name.starts_with("request__") {
            let request: TestEventRequest = serde_json::from_slice(&bytes)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_round_trip(&request, &bytes, path);
            assert!(request.unrecognized().is_empty(), "{}", path.display());
            format!("{request:#?}")
        } else {
            let response: TestEventResponse = serde_json::from_slice(&bytes)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_round_trip(&response, &bytes, path);
            format!("{response:#?}")
        };
        insta::assert_snapshot!(shown);
    });
}

/// Every documented 4XX body reads, writes back as read, and displays its messages.
#[test]
fn documented_api_errors() {
    insta::glob!("../fixtures/api_errors", "{docs,seeds}/*.json", |path| {
        let bytes = fixture(path);
        let errors: ApiErrors = serde_json::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_round_trip(&errors, &bytes, path);
        let as_error: &dyn std::error::Error = &errors;
        insta::assert_snapshot!(format!("{as_error}\n\n{errors:#?}"));
    });
}

/// Every error body of another shape than the documented one still gives every message it holds:
/// `from_slice` reads the JSON ones, `from_answer` every one (a body without JSON as its text),
/// and what is read writes back to a body that reads the same.
#[test]
fn odd_api_errors() {
    insta::glob!(
        "../fixtures/api_errors",
        "{authored,odd,not_json}/*.{json,txt}",
        |path| {
            let bytes = fixture(path);
            let answer = ApiErrors::from_answer(&bytes);
            let shown = answer.to_string();
            let messages = match serde_json::from_slice::<serde_json::Value>(&bytes) {
                Ok(body) => {
                    let read = ApiErrors::from_slice(&bytes)
                        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                    assert_eq!(read, answer, "{}", path.display());
                    let written = serde_json::to_vec(&read).unwrap();
                    assert_eq!(
                        ApiErrors::from_slice(&written).as_ref(),
                        Ok(&read),
                        "{}: written back as {}",
                        path.display(),
                        String::from_utf8_lossy(&written)
                    );
                    let mut messages = Vec::new();
                    messages_in(&body, &mut messages);
                    messages
                }
                Err(_) => vec![String::from_utf8_lossy(&bytes).trim().to_owned()],
            };
            assert!(!messages.is_empty(), "{}", path.display());
            for message in &messages {
                assert!(
                    shown.contains(message.as_str()),
                    "{}: {message:?} is not in {shown:?}",
                    path.display()
                );
            }
            let strict = match ApiErrors::from_slice_strict(&bytes) {
                Ok(_) => "read by from_slice_strict".to_owned(),
                Err(error) => format!("refused by from_slice_strict: {error}"),
            };
            insta::assert_snapshot!(format!("{shown}\n\n{strict}\n\n{answer:#?}"));
        }
    );
}

/// Every string under a `message` key of `value`, at any depth.
fn messages_in(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (key, field) in fields {
                match (key.as_str(), field) {
                    ("message", serde_json::Value::String(message)) => found.push(message.clone()),
                    _ => messages_in(field, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| messages_in(item, found)),
        _ => {}
    }
}
