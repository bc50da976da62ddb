//! Nesting: however deep a body nests, reading it is an answer (a value or an error), never a
//! stack overflow, on a thread with a 256 KiB stack (async runtimes' blocking pools and test
//! threads are that small), in debug and release builds alike.

use std::io::Write;
use std::process::{Command, Stdio};
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

/// A registration (and entity) body with `levels` of nesting in an unknown field.
fn registration(levels: usize) -> String {
    let deep = nested(levels);
    format!(
        r#"{{"callback_type": "person_added", "destination": {{"url": "https://example.com/h"}}, "extra": {deep}}}"#
    )
}

#[test]
fn deep_nesting_in_registrations_and_entities_is_an_answer_on_a_small_stack() {
    for levels in [127, 1_000, 100_000] {
        let registration = registration(levels);
        on_small_stack(registration.clone(), |bytes| {
            CallbackRegistration::from_slice(bytes).is_ok()
        });
        on_small_stack(registration, |bytes| {
            CallbackEntity::from_slice(bytes).is_ok()
        });
    }
}

/// Whether `reader` (see `src/bin/stack_probe.rs`) answers `body` on a thread with `stack`
/// bytes of stack, in a child process: a stack overflow ends the child, not this test.
fn answers(reader: &str, body: &str, stack: usize) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stack_probe"))
        .args([reader, &stack.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the stack probe starts");
    child
        .stdin
        .take()
        .expect("its input")
        .write_all(body.as_bytes())
        .expect("the body is written");
    child.wait().expect("the probe ends").success()
}

/// The smallest stack, to 4 KiB, on which `reader` answers `body`.
fn least_stack(reader: &str, body: &str) -> usize {
    const STEP: usize = 4 * 1024;
    let (mut enough, mut too_little) = (4 * 1024 * 1024, 4 * 1024);
    assert!(
        answers(reader, body, enough),
        "{reader} needs more than 4 MiB"
    );
    while enough - too_little > STEP {
        let middle = (enough + too_little) / 2 / STEP * STEP;
        if answers(reader, body, middle) {
            enough = middle;
        } else {
            too_little = middle;
        }
    }
    enough
}

/// The stack each level of nesting costs a reader: measured, as the smallest stack that answers
/// a body nested `deep` levels less the one that answers it nested 10 levels, per level.
fn stack_per_level(reader: &str, body: impl Fn(usize) -> String, deep: usize) -> f64 {
    let shallow = least_stack(reader, &body(10));
    let deeper = least_stack(reader, &body(deep));
    deeper.saturating_sub(shallow) as f64 / (deep - 10) as f64
}

/// Each level of nesting costs the crate's readers no more stack than it costs
/// `serde_json::Value`, wherever the nesting is (Value refuses more than 127 levels, so it is
/// measured up to there; the crate's readers up to 100,000).
#[test]
fn a_level_of_nesting_costs_no_more_stack_than_values() {
    let value = stack_per_level("value", nested, 127);
    assert!(value > 0.0, "Value's nesting costs stack: {value}");
    let mut measured = Vec::new();
    for (index, (place, _)) in bodies(10).into_iter().enumerate() {
        // A body of the same shape at any depth: `bodies` builds the places in one order.
        let body = |levels: usize| bodies(levels).swap_remove(index).1;
        for reader in ["lenient", "strict"] {
            measured.push((
                format!("{reader}, {place}"),
                stack_per_level(reader, body, 100_000),
            ));
        }
    }
    for reader in ["registration", "entity"] {
        measured.push((
            reader.to_owned(),
            stack_per_level(reader, registration, 100_000),
        ));
    }
    for (what, per_level) in measured {
        println!("{what}: {per_level:.1} bytes of stack a level, Value {value:.1}");
        assert!(
            per_level <= value,
            "{what}: {per_level:.1} bytes of stack a level, more than Value's {value:.1}"
        );
    }
}
