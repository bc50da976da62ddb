//! Errors as data: each kind of fault is told apart, says where it is, and stays small.

use vibes_types::{
    ApiErrors, Callback, CallbackEntity, CallbackRegistration, Inspect, ParseError, ParseErrorKind,
    TestEventRequest, Unrecognized,
};

const PERSON_ADDED: &str = r#"{"event_id": "e1", "callback_type": "person_added",
  "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "1"}}"#;

fn callback_error(body: &str) -> ParseError {
    Callback::from_slice(body.as_bytes()).expect_err("refused")
}

#[test]
fn each_kind_of_fault_is_its_own_kind() {
    let cases = [
        (
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z"}"#,
            ParseErrorKind::MissingField,
            ".",
        ),
        (
            &PERSON_ADDED.replace(r#""1""#, "1"),
            ParseErrorKind::WrongType,
            "person.person_id",
        ),
        (
            &PERSON_ADDED.replace("2017-03-15T15:42:23Z", "yesterday"),
            ParseErrorKind::InvalidValue,
            "event_date",
        ),
        (
            &PERSON_ADDED.replace(r#""person":"#, r#""event_id": "e2", "person":"#),
            ParseErrorKind::DuplicateField,
            "event_id",
        ),
        (
            &PERSON_ADDED[..40],
            ParseErrorKind::Truncated,
            "callback_type",
        ),
        (
            &PERSON_ADDED.replace("{\"person_id", "{person_id"),
            ParseErrorKind::Syntax,
            "person",
        ),
        (r#"{"event_id": "e1"}"#, ParseErrorKind::NoCallbackType, "."),
        ("[1, 2]", ParseErrorKind::NotAnObject, "."),
    ];
    for (body, kind, path) in cases {
        let error = callback_error(body);
        assert_eq!(error.kind(), kind, "{error}");
        assert_eq!(error.path().to_string(), path, "{error}");
    }
}

#[test]
fn a_document_that_is_not_an_object_says_so() {
    for (body, found) in [
        ("[1,2]", "an array"),
        ("\"x\"", "a string"),
        ("7", "a number"),
        ("null", "null"),
        (" true ", "a boolean"),
    ] {
        assert_eq!(
            callback_error(body).to_string(),
            format!(
                "callback body: a callback body is a JSON object, not {found} (line 1, column {})",
                if body.starts_with(' ') { 2 } else { 1 }
            )
        );
    }
    assert_eq!(
        CallbackRegistration::from_slice(b"[]")
            .unwrap_err()
            .to_string(),
        "callback registration: a callback registration is a JSON object, not an array (line 1, column 1)"
    );
    assert_eq!(
        ApiErrors::from_slice(b"[]").unwrap_err().to_string(),
        "API error body: an API error body is a JSON object, not an array (line 1, column 1)"
    );
    // A list is an array: there an object is the wrong shape, and an array is right.
    let error = CallbackEntity::list_from_slice(b"{}").unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::NotAnObject, "{error}");
    assert_eq!(
        error.to_string(),
        "callback list: a callback list is a JSON array, not an object (line 1, column 1)"
    );
    let error = CallbackEntity::list_from_slice(br#"[{"callback_id": true}]"#).unwrap_err();
    assert_eq!(error.path().to_string(), "[0].callback_id", "{error}");
}

#[test]
fn a_byte_order_mark_is_named() {
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(PERSON_ADDED.as_bytes());
    let error = Callback::from_slice(&body).unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::Syntax);
    assert!(error.to_string().contains("byte order mark"), "{error}");
    let error = CallbackRegistration::from_slice(&body).unwrap_err();
    assert_eq!((error.line(), error.column()), (Some(1), Some(1)));
}

#[test]
fn strict_reading_reports_every_problem() {
    let body = r#"{"event_id": "e1", "callback_type": "ack_participant_added", "event_type": "person_merged",
      "event_date": "2017-03-15T15:42:23Z", "participant": {"status": "EXPIRED"}}"#;
    let error = Callback::from_slice_strict(body.as_bytes()).unwrap_err();
    assert_eq!(error.kind(), ParseErrorKind::OutsideContract);
    let paths: Vec<String> = error
        .problems()
        .iter()
        .map(|problem| problem.path().to_string())
        .collect();
    assert_eq!(paths, ["event_type", "participant.status"]);
    assert!(
        matches!(error.problems()[1], Unrecognized::Value { ref value, .. } if value == "EXPIRED")
    );
    assert_eq!(error.path().to_string(), "event_type");
    let shown = error.to_string();
    assert!(
        shown.contains(r#""person_merged""#) && shown.contains(r#""EXPIRED""#),
        "{shown}"
    );
    let request =
        TestEventRequest::from_slice_strict(br#"{"event_type": "points_added"}"#).unwrap_err();
    assert_eq!(request.problems().len(), 1);
}

#[test]
fn the_json_readers_error_is_the_source() {
    use std::error::Error as _;
    let shape = callback_error(&PERSON_ADDED.replace(r#""1""#, "1"));
    let source = shape.source().expect("a source");
    assert!(source.downcast_ref::<serde_json::Error>().is_some());
    assert!(callback_error(r#"{"event_id": "e1"}"#).source().is_none());
}

#[test]
fn values_are_small() {
    use std::mem::size_of;
    assert!(
        size_of::<Callback>() <= 64,
        "Callback is {} bytes",
        size_of::<Callback>()
    );
    assert_eq!(size_of::<ParseError>(), size_of::<usize>());
    assert!(size_of::<Result<Callback, ParseError>>() <= 64);
    // Registrations are built once per API call, not per delivery: a bound, not a box.
    for (name, size) in [
        ("CallbackRegistration", size_of::<CallbackRegistration>()),
        ("CallbackEntity", size_of::<CallbackEntity>()),
    ] {
        assert!(size <= 384, "{name} is {size} bytes");
    }
}

#[test]
fn every_document_reads_through_from_str_and_try_from() {
    let from_str: Callback = PERSON_ADDED.parse().unwrap();
    let try_from = Callback::try_from(PERSON_ADDED.as_bytes()).unwrap();
    assert_eq!(from_str, try_from);
    let errors: ApiErrors = r#"{"errors": [{"message": "No"}]}"#.parse().unwrap();
    assert_eq!(errors.errors[0].message, "No");
    let registration: CallbackRegistration =
        r#"{"callback_type": "person_added", "destination": {"url": "https://example.com/h"}}"#
            .parse()
            .unwrap();
    assert_eq!(registration.callback_type().as_str(), "person_added");
}

/// A key twice in one object: the envelope's `event_id`, `callback_type` and `event_type` are
/// refused in any mode, whatever the type; any other key keeps its last value (as
/// `serde_json::Value` does), is reported by `unrecognized()`, and strict reading refuses it.
#[test]
fn repeated_keys_are_refused_in_the_envelope_and_reported_elsewhere() {
    let envelope_twice = [
        (
            r#"{"event_id": "e1", "event_id": "e2", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {}}"#,
            "event_id",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "points_added", "event_id": "e2"}"#,
            "event_id",
        ),
        (
            r#"{"event_id": "e1", "event_id": "e2", "callback_type": "points_added"}"#,
            "event_id",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "points_added", "callback_type": "points_added"}"#,
            "callback_type",
        ),
        (
            r#"{"event_id": "e1", "event_type": "points_added", "event_type": "points_added"}"#,
            "event_type",
        ),
    ];
    for (body, key) in envelope_twice {
        for error in [
            callback_error(body),
            Callback::from_slice_strict(body.as_bytes()).unwrap_err(),
        ] {
            assert!(
                error.to_string().contains("duplicate field"),
                "{body}: {error}"
            );
            assert_eq!(error.path().to_string(), key, "{body}: {error}");
        }
    }
    let repeated = [
        (
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "1"}, "person": {"person_id": "2"}}"#,
            "person",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {"loyalty": 1, "loyalty": 2}}"#,
            "person.loyalty",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "points_added", "points": 1, "points": 2}"#,
            "points",
        ),
        // Inside text kept as it came: a free-form object, an unknown field's value, a field of
        // an unknown body.
        (
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {"custom_fields": {"tier": "gold", "tier": "lead"}}}"#,
            "person.custom_fields.tier",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "event_processed", "event_date": "2022-08-15T20:20:02Z", "event_processed": {"event_type": "order", "event_data": {"items": [{"sku": 1, "sku": 2}]}, "action": {"type": "routing", "status": "processing"}}}"#,
            "event_processed.event_data.items[0].sku",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {}, "zz": {"a": 1, "a": 2}}"#,
            "zz.a",
        ),
        (
            r#"{"event_id": "e1", "callback_type": "brand_new", "data": {"a": {"b": 1, "b": 2}}}"#,
            "data.a.b",
        ),
    ];
    for (body, path) in repeated {
        let callback =
            Callback::from_slice(body.as_bytes()).unwrap_or_else(|error| panic!("{body}: {error}"));
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            serde_json::to_value(&callback).unwrap(),
            value,
            "{body}: the last value is kept"
        );
        let reported: Vec<String> = callback
            .unrecognized()
            .iter()
            .filter(|item| matches!(item, Unrecognized::RepeatedKey { .. }))
            .map(|item| item.path().to_string())
            .collect();
        assert_eq!(reported, [path], "{body}");
        let error = Callback::from_slice_strict(body.as_bytes()).unwrap_err();
        assert!(
            error
                .problems()
                .iter()
                .any(|problem| problem.path().to_string() == path),
            "{error}"
        );
    }
    let registration =
        br#"{"callback_type": "subscription_added", "subscription_added": {"list_id": "a"},
        "subscription_added": {"list_id": "b"}, "destination": {"url": "https://example.com/h"}}"#;
    let read = CallbackRegistration::from_slice(registration).unwrap();
    assert!(
        matches!(&read.callback, vibes_types::registration::CallbackFilter::SubscriptionAdded(filter) if filter.list_id == "b")
    );
    let reported: Vec<String> = read
        .unrecognized()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        reported,
        ["key `subscription_added` comes more than once (the last value was kept)"]
    );
    let error = CallbackRegistration::from_slice_strict(registration).unwrap_err();
    assert_eq!(error.path().to_string(), "subscription_added", "{error}");
}

#[test]
fn a_flat_filter_field_beside_the_filter_object_is_reported_and_refused_strictly() {
    use vibes_types::registration::{FindingKind, ReadWarning};
    let registration = br#"{"callback_type": "subscription_added", "list_id": "flat",
        "subscription_added": {"list_id": "nested"}, "destination": {"url": "https://example.com/h"}}"#;
    let read = CallbackRegistration::from_slice(registration).unwrap();
    assert!(
        matches!(&read.callback, vibes_types::registration::CallbackFilter::SubscriptionAdded(filter) if filter.list_id == "nested")
    );
    assert!(matches!(
        read.warnings(),
        [ReadWarning::FlatFieldBesideFilter { field, filter_under }]
            if field == "list_id" && filter_under == "subscription_added"
    ));
    // Nothing is lost: the top-level value is kept and written back.
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(written["list_id"], "flat");
    assert_eq!(written["subscription_added"]["list_id"], "nested");
    assert!(read.unrecognized().iter().any(|item| matches!(
        item,
        Unrecognized::FlatFieldBesideFilter { .. }
    ) && item.path().to_string() == "list_id"
        && item.breaks_contract()));
    let error = CallbackRegistration::from_slice_strict(registration).unwrap_err();
    assert_eq!(error.path().to_string(), "list_id", "{error}");
    assert_eq!(
        (error.line(), error.column()),
        (Some(1), Some(52)),
        "{error}"
    );
    let now = vibes_types::Timestamp::parse("2026-01-01T00:00Z")
        .unwrap()
        .to_utc();
    assert!(read.preflight(now).iter().any(|finding| matches!(
        &finding.kind,
        FindingKind::FlatFieldBesideFilter { filter_under } if filter_under == "subscription_added"
    ) && finding.path.to_string() == "list_id"));
    // The same beside a filter read from another type's key.
    let misplaced = br#"{"callback_type": "wallet_item_remove", "campaign_token": "flat",
        "wallet_item_install": {"campaign_token": "r3zhm8"}, "destination": {"url": "https://example.com/h"}}"#;
    let read = CallbackRegistration::from_slice(misplaced).unwrap();
    assert!(read.warnings().iter().any(|warning| matches!(
        warning,
        ReadWarning::FlatFieldBesideFilter { field, filter_under }
            if field == "campaign_token" && filter_under == "wallet_item_install"
    )));
    assert!(CallbackRegistration::from_slice_strict(misplaced).is_err());
}
