//! Registrations and callback entities: every fixture folder parsed, snapshotted and written back.

use crate::helpers::{assert_round_trip, fixture};
use serde_json::Value;
use vibes_types::registration::Lifecycle;
use vibes_types::{CallbackEntity, CallbackRegistration, Inspect, Timestamp};

/// The instant the checks run at: within the documented examples' January 2017 ranges.
fn now() -> Timestamp {
    Timestamp::parse("2017-01-15T12:00Z").expect("a timestamp")
}

/// Every registration fixture reads, writes the normalised form, reads back to the same value
/// (the writer is idempotent), and its warnings and pre-flight findings match the snapshot.
#[test]
fn documented_registrations() {
    insta::glob!("../fixtures/registrations", "*/*.json", |path| {
        let bytes = fixture(path);
        let registration = CallbackRegistration::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let written = serde_json::to_value(&registration).expect("a registration serializes");
        let again = CallbackRegistration::from_slice(written.to_string().as_bytes())
            .unwrap_or_else(|error| panic!("{}: written form unreadable: {error}", path.display()));
        assert_eq!(again, registration, "{}: not idempotent", path.display());
        assert_eq!(
            serde_json::to_value(&again).expect("serializes"),
            written,
            "{}: writing twice differs",
            path.display()
        );
        let via_serde: CallbackRegistration =
            serde_json::from_slice(&bytes).expect("serde reads what from_slice reads");
        assert_eq!(via_serde, registration);
        insta::assert_snapshot!(report(&registration, &written));
    });
}

/// Every documented entity (and list answer) reads and writes back the same JSON value, and the
/// registration it holds reads too.
#[test]
fn documented_entities() {
    insta::glob!("../fixtures/entities", "*/*.json", |path| {
        let bytes = fixture(path);
        let entities: Vec<CallbackEntity> = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Array(_)) => {
                let list: Vec<CallbackEntity> = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                assert_round_trip(&list, &bytes, path);
                list
            }
            _ => {
                let entity: CallbackEntity = serde_json::from_slice(&bytes)
                    .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
                assert_round_trip(&entity, &bytes, path);
                vec![entity]
            }
        };
        let mut shown = String::new();
        for entity in &entities {
            let registration = entity
                .registration()
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            shown.push_str(&format!(
                "status at {}: {:?}\nunrecognized: {:?}\n{entity:#?}\n\nregistration: {registration:#?}\n\n",
                now(),
                entity.status_at(now().to_utc()),
                entity.unrecognized(),
            ));
        }
        insta::assert_snapshot!(shown);
    });
}

/// What a registration snapshot shows: the written form, what reading noticed, and pre-flight.
fn report(registration: &CallbackRegistration, written: &Value) -> String {
    let findings: Vec<String> = registration
        .preflight(now().to_utc())
        .iter()
        .map(ToString::to_string)
        .collect();
    let unrecognized: Vec<String> = registration
        .unrecognized()
        .iter()
        .map(ToString::to_string)
        .collect();
    format!(
        "written: {}\n\npreflight at {}: {findings:#?}\n\nunrecognized: {unrecognized:#?}\n\n{registration:#?}",
        serde_json::to_string_pretty(written).expect("JSON"),
        now(),
    )
}
