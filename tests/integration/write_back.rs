//! Reading and writing back: every way of reading a callback gives the same verdict and value,
//! and every body written back is the JSON value that was read, explicit `null`s included.

use serde::Deserialize;
use serde_json::Value;
use vibes_tests::mutations::{member_paths, mutations, with_null, without};
use vibes_types::schema::Document;
use vibes_types::{ApiErrors, Callback, CallbackEntity, TestEventRequest, TestEventResponse};

/// What lenient reading of `bytes` as `document` writes back, or `None` when it does not read.
/// Registrations and headers are left out: a registration's writer normalises by design, and
/// headers are not a JSON body.
fn written_back(document: &Document, bytes: &[u8]) -> Option<Option<Value>> {
    fn back<T: serde::Serialize>(read: Result<T, impl std::fmt::Debug>) -> Option<Option<Value>> {
        Some(
            read.ok()
                .map(|value| serde_json::to_value(value).expect("writes")),
        )
    }
    match document {
        Document::Callback | Document::CallbackOf(_) => back(Callback::from_slice(bytes)),
        Document::Entity => back(serde_json::from_slice::<CallbackEntity>(bytes)),
        Document::List => back(serde_json::from_slice::<Vec<CallbackEntity>>(bytes)),
        Document::TestEventRequest => back(serde_json::from_slice::<TestEventRequest>(bytes)),
        Document::TestEventResponse => back(serde_json::from_slice::<TestEventResponse>(bytes)),
        Document::ApiErrors => back(serde_json::from_slice::<ApiErrors>(bytes)),
        _ => None,
    }
}

/// Setting any member of any fixture to `null`, one at a time: whatever reads writes back
/// exactly (the `null` kept). Wherever the contract lets a field be absent and `null` (every
/// `Option` field), `null` gives the same lenient and strict verdicts as leaving the member out,
/// since both read as `None`; a member that is not nullable (a defaulted `method`, a required
/// field) refuses `null` in both modes.
#[test]
fn every_member_set_to_null_writes_back_exactly_with_the_same_verdicts() {
    let (mut exact, mut as_absent, mut not_nullable) = (0, 0, 0);
    for (path, document, seed) in vibes_tests::json_fixtures() {
        for (label, member) in member_paths(&seed) {
            let nulled = with_null(&seed, &member);
            let removed = without(&seed, &member);
            let (nulled_bytes, removed_bytes) = (nulled.to_string(), removed.to_string());
            let Some(back) = written_back(&document, nulled_bytes.as_bytes()) else {
                continue;
            };
            let name = path.file_name().unwrap().to_string_lossy();
            let lenient = (
                back.is_some(),
                written_back(&document, removed_bytes.as_bytes())
                    .flatten()
                    .is_some(),
            );
            let strict = (
                document.accepts(nulled_bytes.as_bytes()),
                document.accepts(removed_bytes.as_bytes()),
            );
            if lenient.0 == lenient.1 && strict.0 == strict.1 {
                as_absent += 1;
            } else {
                assert!(
                    !lenient.0 && !strict.0,
                    "{name} {label}: null reads but differs from absent (lenient {lenient:?}, strict {strict:?})"
                );
                not_nullable += 1;
            }
            if let Some(back) = back {
                assert_eq!(back, nulled, "{name} {label}: not written back as read");
                exact += 1;
            }
        }
    }
    println!(
        "null write-back: {exact} exact; {as_absent} judged as when absent, {not_nullable} not nullable"
    );
    assert!(exact > 400, "only {exact} bodies with a null read");
    assert!(as_absent > exact, "only {as_absent} judged as when absent");
}

/// A queue message of the user's own that carries a callback body.
#[derive(Debug, Deserialize, PartialEq)]
struct QueueMessage {
    received_at: String,
    body: Callback,
}

/// `Callback::from_slice`, serde_json's readers (slice, str, reader, value) and a `Callback`
/// inside the user's own struct give the same verdict and the same value on every callback
/// fixture and every mutation of one, and the tracked reader behind errors agrees with them.
#[test]
fn every_reader_agrees_on_every_fixture_and_mutation() {
    let mut cases = 0;
    for (path, document, seed) in vibes_tests::json_fixtures() {
        if document != Document::Callback {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy();
        let mut corpus = vec![("as published".to_owned(), seed.clone())];
        corpus.extend(mutations(&seed));
        for (what, body) in corpus {
            let text = body.to_string();
            let read = Callback::from_slice(text.as_bytes()).ok();
            let tracked = vibes_types::__private::read_callback_tracked(text.as_bytes()).ok();
            let from_str = serde_json::from_str::<Callback>(&text).ok();
            let from_reader = serde_json::from_reader::<_, Callback>(text.as_bytes()).ok();
            let from_value = serde_json::from_value::<Callback>(body.clone()).ok();
            let wrapped = serde_json::from_value::<QueueMessage>(serde_json::json!({
                "received_at": "2026-11-23T00:00:00Z",
                "body": body,
            }))
            .ok()
            .map(|message| message.body);
            for (reader, other) in [
                ("tracked", &tracked),
                ("from_str", &from_str),
                ("from_reader", &from_reader),
                ("from_value", &from_value),
                ("a field of the user's struct", &wrapped),
            ] {
                assert_eq!(
                    &read, other,
                    "{name} {what}: from_slice and {reader} differ"
                );
            }
            cases += 1;
        }
    }
    assert!(cases > 5_000, "only {cases} cases");
}

/// Values that arrive before the type (here every field, the type last) are read once the type
/// is known, in both the known and the unknown case, from borrowed and owned input.
#[test]
fn fields_before_the_type_are_read_once_it_is_known() {
    let known = r#"{"person": {"person_id": "1", "custom_fields": {"n": 18446744073709551617}},
        "event_date": "2017-03-15T15:42:23Z", "event_id": "e1", "event_type": "person_added",
        "callback_type": "person_updated"}"#;
    let callback = Callback::from_slice(known.as_bytes()).unwrap();
    let Callback::PersonUpdated(updated) = &callback else {
        panic!("dispatched on event_type: {callback:?}");
    };
    let custom_fields = updated.person.custom_fields.as_ref().unwrap();
    assert_eq!(custom_fields.as_json(), r#"{"n": 18446744073709551617}"#);
    let owned: Callback = serde_json::from_reader(known.as_bytes()).unwrap();
    assert_eq!(owned, callback);

    let unknown =
        r#"{"points": [1, 2.5, {"a": null}], "event_id": "e2", "callback_type": "points_added"}"#;
    let callback = Callback::from_slice(unknown.as_bytes()).unwrap();
    let Callback::Unknown(body) = &callback else {
        panic!("read as known: {callback:?}");
    };
    assert_eq!(
        body.body()["points"],
        serde_json::json!([1, 2.5, {"a": null}])
    );
    assert_eq!(
        serde_json::to_value(&callback).unwrap(),
        serde_json::from_str::<Value>(unknown).unwrap()
    );
}

/// How a user's own enums and structs carry callbacks: serde buffers the value first there, and
/// every field, free-form objects included, still reads.
#[derive(Debug, Deserialize)]
#[serde(tag = "source", content = "payload")]
enum Adjacent {
    Vibes(Callback),
}

#[derive(Debug, Deserialize)]
#[serde(tag = "source")]
enum Internal {
    #[serde(rename = "vibes")]
    Vibes(Callback),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Untagged {
    Vibes(Callback),
}

#[derive(Debug, Deserialize)]
struct Flattened {
    received_at: String,
    #[serde(flatten)]
    body: vibes_types::events::EventProcessed,
}

#[test]
fn callbacks_read_inside_the_users_tagged_untagged_and_flattened_types() {
    let mut read = 0;
    for (path, document, seed) in vibes_tests::json_fixtures() {
        let Ok(expected) = Callback::from_slice(seed.to_string().as_bytes()) else {
            continue;
        };
        if document != Document::Callback {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy();
        let adjacent: Adjacent =
            serde_json::from_value(serde_json::json!({"source": "Vibes", "payload": seed}))
                .unwrap_or_else(|error| panic!("{name} adjacent: {error}"));
        let Adjacent::Vibes(callback) = adjacent;
        assert_eq!(callback, expected, "{name} adjacent");
        let mut tagged = seed.clone();
        tagged["source"] = "vibes".into();
        let Internal::Vibes(callback) = serde_json::from_value(tagged)
            .unwrap_or_else(|error| panic!("{name} internally tagged: {error}"));
        assert_eq!(callback, expected, "{name} internally tagged");
        let Untagged::Vibes(callback) = serde_json::from_str(&seed.to_string())
            .unwrap_or_else(|error| panic!("{name} untagged: {error}"));
        assert_eq!(callback, expected, "{name} untagged");
        if let Callback::EventProcessed(processed) = &expected {
            let mut flattened = seed.clone();
            flattened["received_at"] = "2026-11-23T00:00:00Z".into();
            let read: Flattened = serde_json::from_value(flattened)
                .unwrap_or_else(|error| panic!("{name} flattened: {error}"));
            assert_eq!(read.received_at, "2026-11-23T00:00:00Z");
            assert_eq!(
                read.body.event_processed.event_data, processed.event_processed.event_data,
                "{name} flattened"
            );
        }
        read += 1;
    }
    assert!(read > 30, "only {read} bodies");
}

/// The finding "numbers rewritten": a free-form or unknown number beyond 64 bits, `-0` and
/// `1e3` came back as `1e+20`, `-0.0` and `1000.0`. Kept as text wherever the crate does not
/// model a number, each is written back as it was spelled, by every reader and in each place.
#[test]
fn numbers_in_free_form_and_unknown_values_are_written_back_as_spelled() {
    let numbers = [
        "99999999999999999999",
        "18446744073709551616",
        "-0",
        "1e3",
        "1E+3",
        "0.10",
        "-1.50e-7",
    ];
    for number in numbers {
        // Each body, and the text that must come back in what is written.
        let callbacks = [
            (
                format!(
                    r#"{{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{"person_id": "1", "custom_fields": {{"n": {number}}}}}}}"#
                ),
                format!(r#"{{"n": {number}}}"#),
            ),
            (
                format!(
                    r#"{{"event_id": "e1", "callback_type": "event_processed", "event_date": "2022-08-15T20:20:02Z", "event_processed": {{"event_type": "order", "event_data": {{"n": [{number}]}}, "action": {{"type": "routing", "status": "processing"}}}}}}"#
                ),
                format!(r#"{{"n": [{number}]}}"#),
            ),
            (
                format!(
                    r#"{{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{}}, "unknown": {{"n": {number}}}}}"#
                ),
                format!(r#""unknown":{{"n": {number}}}"#),
            ),
            (
                format!(r#"{{"event_id": "e1", "callback_type": "brand_new", "n": {number}}}"#),
                format!(r#""n":{number}}}"#),
            ),
        ];
        for (body, expected) in &callbacks {
            let readers = [
                Callback::from_slice(body.as_bytes()),
                Callback::from_slice_strict(body.as_bytes()),
                Ok(serde_json::from_str::<Callback>(body).unwrap()),
            ];
            for callback in readers {
                let Ok(callback) = callback else {
                    // Only strict reading of the unknown type refuses, for its type.
                    assert!(body.contains("brand_new"), "{body}");
                    continue;
                };
                let written = serde_json::to_string(&callback).unwrap();
                assert!(
                    written.contains(expected.as_str()),
                    "{number} in {body} was written back as {written}"
                );
            }
        }
        let registration = format!(
            r#"{{"callback_type": "person_added", "destination": {{"url": "https://example.com/h"}}, "extra": {number}}}"#
        );
        let read = vibes_types::CallbackRegistration::from_slice(registration.as_bytes()).unwrap();
        let written = serde_json::to_string(&read).unwrap();
        assert!(
            written.contains(&format!(r#""extra":{number}}}"#)),
            "{number}: {written}"
        );
    }
}
