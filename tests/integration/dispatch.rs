//! The dispatch rules of a callback body (the type from `callback_type`, else `event_type`), one
//! test each, and the promise never to panic.

use crate::helpers::fixture;
use serde_json::json;
use vibes_types::{Callback, CallbackType, Inspect, ParseErrorKind, Unrecognized};

fn parse(value: &serde_json::Value) -> Result<Callback, vibes_types::ParseError> {
    Callback::from_slice(value.to_string().as_bytes())
}

fn person_added(type_fields: serde_json::Value) -> serde_json::Value {
    let mut body = json!({
        "event_id": "e1",
        "event_date": "2017-03-15T15:42:23Z",
        "person": {"person_id": "1"},
    });
    body.as_object_mut()
        .unwrap()
        .extend(type_fields.as_object().unwrap().clone());
    body
}

#[test]
fn callback_type_wins_over_event_type_and_both_stay_visible() {
    let body =
        person_added(json!({"callback_type": "person_added", "event_type": "person_updated"}));
    let callback = parse(&body).unwrap();
    assert_eq!(callback.callback_type(), &CallbackType::PersonAdded);
    let envelope = callback.envelope().unwrap();
    assert_eq!(envelope.callback_type(), Some("person_added"));
    assert_eq!(envelope.event_type(), Some("person_updated"));
    assert_eq!(
        callback.unrecognized(),
        [Unrecognized::TypeMismatch {
            callback_type: "person_added".into(),
            event_type: "person_updated".into()
        }]
    );
    // The documentation publishes such a body, so it is within the contract.
    assert!(Callback::from_slice_strict(body.to_string().as_bytes()).is_ok());
}

#[test]
fn event_type_alone_dispatches() {
    let callback = parse(&person_added(json!({"event_type": "person_updated"}))).unwrap();
    assert!(matches!(callback, Callback::PersonUpdated(_)));
}

#[test]
fn person_add_is_person_added_and_is_written_as_read() {
    let body = person_added(json!({"event_type": "person_add"}));
    let callback = parse(&body).unwrap();
    assert!(matches!(callback, Callback::PersonAdded(_)));
    assert!(callback.unrecognized().is_empty());
    assert_eq!(serde_json::to_value(&callback).unwrap(), body);
}

#[test]
fn an_unknown_event_type_beside_a_known_callback_type_is_reported() {
    let body =
        person_added(json!({"callback_type": "person_added", "event_type": "person_merged"}));
    let callback = parse(&body).unwrap();
    assert!(matches!(callback, Callback::PersonAdded(_)));
    let error = Callback::from_slice_strict(body.to_string().as_bytes()).unwrap_err();
    assert_eq!(error.path().to_string(), "event_type");
    assert_eq!(error.callback_type(), Some(&CallbackType::PersonAdded));
}

#[test]
fn an_unknown_type_keeps_its_whole_body() {
    let body = json!({"event_id": "e9", "event_type": "loyalty_points_earned", "points": 7});
    let callback = parse(&body).unwrap();
    let Callback::Unknown(unknown) = &callback else {
        panic!("read as a known type: {callback:?}");
    };
    assert_eq!(unknown.event_type(), Some("loyalty_points_earned"));
    assert_eq!(unknown.callback_type(), None);
    assert_eq!(callback.event_id(), Some("e9"));
    assert_eq!(
        callback.callback_type(),
        &CallbackType::Unknown("loyalty_points_earned".into())
    );
    assert_eq!(serde_json::Value::Object(unknown.body().clone()), body);
    assert_eq!(callback.unrecognized()[0].path().to_string(), "event_type");
    // No event_date: no envelope.
    assert!(callback.envelope().is_none());
}

#[test]
fn an_unknown_type_with_the_envelope_fields_lends_its_envelope() {
    let body = json!({"event_id": "e9", "callback_type": "points_added", "event_date": "2026-01-02T03:04Z"});
    let callback = parse(&body).unwrap();
    let envelope = callback.envelope().expect("an envelope");
    assert_eq!(envelope.event_id(), "e9");
    assert_eq!(envelope.callback_type(), Some("points_added"));
    assert_eq!(envelope.event_date().as_str(), "2026-01-02T03:04Z");
    let bad_date = json!({"event_id": "e9", "callback_type": "points_added", "event_date": "soon"});
    assert!(parse(&bad_date).unwrap().envelope().is_none());
}

#[test]
fn a_known_type_with_a_bad_body_is_an_error_not_an_unknown_callback() {
    let body = person_added(json!({"callback_type": "person_added", "event_date": 5}));
    let error = parse(&body).unwrap_err();
    assert_eq!(error.callback_type(), Some(&CallbackType::PersonAdded));
    assert_eq!(error.path().to_string(), "event_date");
    assert_eq!(error.kind(), ParseErrorKind::WrongType);
}

#[test]
fn a_type_field_that_is_not_a_string_is_an_error_at_that_field() {
    let error = parse(&json!({"event_id": "e", "callback_type": 3})).unwrap_err();
    assert_eq!(error.path().to_string(), "callback_type");
    assert_eq!(
        error.to_string(),
        "callback body: invalid type: integer `3`, expected a string at `callback_type` (line 1, column 18)"
    );
}

#[test]
fn trailing_bytes_after_the_body_are_an_error() {
    let mut bytes = person_added(json!({"callback_type": "person_added"}))
        .to_string()
        .into_bytes();
    bytes.extend_from_slice(b" {}");
    let error = Callback::from_slice(&bytes).unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::Syntax, "{error:?}");
}

/// Whatever the bytes, parsing answers with a value or an error: every prefix of every fixture,
/// and every fixture with each byte replaced by characters that break JSON in different ways.
#[test]
fn never_panics_on_damaged_bodies() {
    let mut cases = 0;
    for folder in [
        "callbacks/docs",
        "callbacks/seeds",
        "callbacks/authored",
        "strict",
        "invalid",
    ] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(folder);
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let bytes = fixture(&path);
            for end in 0..bytes.len() {
                let _ = Callback::from_slice_strict(&bytes[..end]);
                cases += 1;
            }
            for index in 0..bytes.len() {
                for replacement in [b'"', b'{', b']', 0xff, b'0'] {
                    let mut damaged = bytes.clone();
                    damaged[index] = replacement;
                    let _ = Callback::from_slice_strict(&damaged);
                    cases += 1;
                }
            }
        }
    }
    assert!(cases > 100_000, "only {cases} damaged bodies");
}
