//! Memory: whatever a body holds, reading it takes at its peak no more than 1.5 times the heap
//! `serde_json::Value` takes for the same bytes: large unknown fields, large arrays and large
//! strings, in callbacks of known and unknown types and registrations, in both modes.

use allocation_counter::measure;
use std::hint::black_box;
use vibes_types::{Callback, CallbackRegistration};

/// About ten megabytes of one kind of content.
fn payloads() -> Vec<(&'static str, String)> {
    let numbers: Vec<String> = (0..1_000_000u64).map(|n| (n * 7919).to_string()).collect();
    let strings: Vec<String> = (0..250_000).map(|n| format!("\"value-{n:08}\"")).collect();
    let objects: Vec<String> = (0..120_000)
        .map(|n| format!(r#"{{"k{n}": {n}, "s": "x{n}"}}"#))
        .collect();
    vec![
        ("an array of numbers", format!("[{}]", numbers.join(","))),
        ("an array of strings", format!("[{}]", strings.join(","))),
        ("an array of objects", format!("[{}]", objects.join(","))),
        ("one long string", format!("\"{}\"", "a".repeat(10_000_000))),
    ]
}

fn bodies() -> Vec<(String, String, bool)> {
    let envelope = r#""event_id": "e1", "event_date": "2017-03-15T15:42:23Z""#;
    let mut found = Vec::new();
    for (what, payload) in payloads() {
        found.push((format!("{what} in an unknown field"), format!(r#"{{{envelope}, "callback_type": "person_added", "person": {{}}, "extra": {payload}}}"#), true));
        found.push((format!("{what} before the type"), format!(r#"{{"extra": {payload}, {envelope}, "callback_type": "person_added", "person": {{}}}}"#), true));
        found.push((
            format!("{what} in an unknown type"),
            format!(r#"{{{envelope}, "callback_type": "points_added", "points": {payload}}}"#),
            true,
        ));
        found.push((format!("{what} in event_data"), format!(r#"{{{envelope}, "callback_type": "event_processed", "event_processed": {{"event_data": {{"a": {payload}}}, "action": {{"type": "routing", "status": "processing"}}}}}}"#), true));
        found.push((format!("{what} in a registration"), format!(r#"{{"callback_type": "subscription_added", "subscription_added": {{"list_id": "l"}}, "destination": {{"url": "https://example.com/h"}}, "extra": {payload}}}"#), false));
    }
    found
}

/// The most heap held at once while `read` runs, its result included.
fn peak(read: impl FnOnce()) -> u64 {
    measure(read).bytes_max
}

#[test]
fn peak_memory_is_at_most_one_and_a_half_times_values() {
    for (what, body, is_callback) in bodies() {
        let bytes = body.as_bytes();
        let value = peak(|| {
            black_box(serde_json::from_slice::<serde_json::Value>(bytes).expect("JSON"));
        });
        let reads: Vec<(&str, u64)> = if is_callback {
            vec![
                (
                    "lenient",
                    peak(|| {
                        black_box(Callback::from_slice(bytes).expect("reads"));
                    }),
                ),
                (
                    "strict",
                    peak(|| {
                        black_box(Callback::from_slice_strict(bytes).ok());
                    }),
                ),
            ]
        } else {
            vec![(
                "registration",
                peak(|| {
                    black_box(CallbackRegistration::from_slice(bytes).expect("reads"));
                }),
            )]
        };
        for (mode, bytes_max) in reads {
            let ratio = bytes_max as f64 / value as f64;
            println!("{what}, {mode}: {ratio:.2}x Value's peak");
            assert!(
                ratio <= 1.5,
                "{what}, {mode}: peak {bytes_max} bytes, {ratio:.2}x Value's {value}"
            );
        }
    }
}

/// The sizes Vibes documents or a receiver meets: a 16 KB `event_data` reads in both modes and
/// writes back exactly, and so does a body of 10 MB (the peak test above reads others).
#[test]
fn a_16_kb_event_data_and_a_10_mb_body_read() {
    for size in [16 * 1024, 10 * 1024 * 1024] {
        let filler = "x".repeat(size);
        // Compact and in the order the writer writes, so that the text must come back as it is.
        let body = format!(
            r#"{{"event_id":"e1","callback_type":"event_processed","event_date":"2017-03-15T15:42:23Z","event_processed":{{"event_data":{{"note":"{filler}","n":123456789012345678901234567890}},"action":{{"type":"routing","status":"processing"}}}}}}"#
        );
        assert!(body.len() > size);
        let lenient = Callback::from_slice(body.as_bytes()).expect("reads");
        let strict = Callback::from_slice_strict(body.as_bytes()).expect("reads strictly");
        assert_eq!(lenient, strict);
        let written = serde_json::to_string(&lenient).expect("writes");
        assert!(
            written == body,
            "{size} bytes of event_data are not written back as read"
        );
    }
}
