//! Nesting: however deep a body nests, reading it is an answer (a value or an error), never a
//! stack overflow, on a thread with a 256 KiB stack (async runtimes' blocking pools and test
//! threads are that small), in debug and release builds alike.

use vibes_types::{Callback, CallbackEntity, CallbackRegistration};

const SMALL_STACK: usize = 256 * 1024;

/// `levels` arrays nested in one another.
fn nested(levels: usize) -> String {
    format!("{}{}", "[".repeat(levels), "]".repeat(levels))
}

/// Runs `read` on a thread with a 256 KiB stack; returns whether it read the body.
fn on_small_stack(body: String, read: fn(&[u8]) -> bool) -> bool {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(move || read(body.as_bytes()))
        .expect("a thread")
        .join()
        .expect("no stack overflow")
}

fn bodies(levels: usize) -> Vec<(&'static str, String)> {
    let deep = nested(levels);
    let envelope = r#""event_id": "e1", "event_date": "2017-03-15T15:42:23Z""#;
    vec![
        (
            "event_data",
            format!(
                r#"{{{envelope}, "callback_type": "event_processed", "event_processed": {{"event_data": {{"a": {deep}}}, "action": {{"type": "routing", "status": "processing"}}}}}}"#
            ),
        ),
        (
            "an unknown field",
            format!(
                r#"{{{envelope}, "callback_type": "person_added", "person": {{"extra": {deep}}}}}"#
            ),
        ),
        (
            "an unknown field before the type",
            format!(
                r#"{{"extra": {deep}, {envelope}, "callback_type": "person_added", "person": {{}}}}"#
            ),
        ),
        (
            "an unknown type",
            format!(r#"{{{envelope}, "callback_type": "points_added", "points": {deep}}}"#),
        ),
        (
            "a body that fails after it",
            format!(
                r#"{{{envelope}, "callback_type": "person_added", "person": {{"extra": {deep}}}, "event_date": 7}}"#
            ),
        ),
        (
            "a known field",
            format!(r#"{{{envelope}, "callback_type": "person_added", "person": {deep}}}"#),
        ),
    ]
}

#[test]
fn deep_nesting_anywhere_is_an_answer_on_a_small_stack() {
    for levels in [100, 127, 129, 1_000, 100_000] {
        for (where_, body) in bodies(levels) {
            let lenient = on_small_stack(body.clone(), |bytes| Callback::from_slice(bytes).is_ok());
            let strict = on_small_stack(body.clone(), |bytes| {
                Callback::from_slice_strict(bytes).is_ok()
            });
            let serde = on_small_stack(body, |bytes| {
                serde_json::from_slice::<Callback>(bytes).is_ok()
            });
            assert_eq!(lenient, serde, "{levels} levels in {where_}");
            assert!(lenient || !strict, "{levels} levels in {where_}");
        }
    }
}

#[test]
fn deep_nesting_in_registrations_and_entities_is_an_answer_on_a_small_stack() {
    for levels in [127, 1_000, 100_000] {
        let deep = nested(levels);
        let registration = format!(
            r#"{{"callback_type": "person_added", "destination": {{"url": "https://example.com/h"}}, "extra": {deep}}}"#
        );
        on_small_stack(registration.clone(), |bytes| {
            CallbackRegistration::from_slice(bytes).is_ok()
        });
        on_small_stack(registration, |bytes| {
            CallbackEntity::from_slice(bytes).is_ok()
        });
    }
}
