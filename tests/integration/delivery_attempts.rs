//! The body's `delivery_attempt` and the `X-Delivery-Attempts` header count alike (at least 1),
//! and numbers the crate would rewrite are refused with an error that does not misquote them.

use serde_json::json;
use vibes_types::{Callback, CallbackHeaders, Count, DeliveryAttempts};

/// The seed test callback with `field` set to the JSON text `value` (kept as text, so that
/// numbers beyond 64 bits reach the parser as written).
fn body(field: &str, value: &str) -> String {
    let fields = [
        ("event_id", r#""AB234SDFD234""#),
        ("callback_id", r#""C1234""#),
        ("event_type", r#""person_added""#),
        ("event_date", r#""2017-02-15T15:42:23Z""#),
        ("delivery_attempt", r#""1""#),
        ("person", "{}"),
    ];
    let members: Vec<String> = fields
        .iter()
        .map(|&(name, text)| {
            let text = if name == field { value } else { text };
            format!("\"{name}\": {text}")
        })
        .collect();
    format!("{{{}}}", members.join(", "))
}

/// The five delivery headers, read from their JSON form (the same rules as from a request).
fn headers(attempts: &str) -> Result<CallbackHeaders, serde_json::Error> {
    serde_json::from_value(json!({
        "X-Event-Id": "AB234SDFD234",
        "X-Company-Id": "zY5VnE7r",
        "X-Callback-Id": "C1234",
        "X-Delivery-Attempts": attempts,
        "X-Event-Type": "person_added",
    }))
}

#[test]
fn delivery_attempt_zero_is_refused_as_the_header_refuses_it() {
    for zero in [r#""0""#, "0"] {
        let text = body("delivery_attempt", zero);
        for parsed in [
            Callback::from_slice(text.as_bytes()),
            Callback::from_slice_strict(text.as_bytes()),
        ] {
            let error = parsed.unwrap_err();
            assert_eq!(error.path().to_string(), "delivery_attempt", "{error}");
            assert!(
                error.to_string().contains("a count of at least 1"),
                "{error}"
            );
        }
    }
    assert!(headers("0").is_err());
}

#[test]
fn body_and_header_agree_on_every_count() {
    for count in ["1", "2", "999999999", "1000000000", "0", "01", "-1"] {
        let text = body("delivery_attempt", &format!("\"{count}\""));
        let from_body = Callback::from_slice(text.as_bytes()).ok();
        let from_header = headers(count).ok();
        assert_eq!(from_body.is_some(), from_header.is_some(), "{count}");
        if let (Some(callback), Some(headers)) = (from_body, from_header) {
            let Callback::PersonAdded(person) = callback else {
                panic!("{count}: not person_added");
            };
            let attempt: Count = person.delivery_attempt.unwrap();
            assert_eq!(DeliveryAttempts::from(attempt), headers.delivery_attempts);
        }
    }
}

#[test]
fn delivery_attempt_two_to_the_64_is_not_quoted_as_a_float() {
    for number in ["18446744073709551616", "1e3", "1.0"] {
        let text = body("delivery_attempt", number);
        let error = Callback::from_slice(text.as_bytes()).unwrap_err();
        let message = error.to_string();
        assert_eq!(error.path().to_string(), "delivery_attempt", "{message}");
        assert!(
            message.contains("a number with a fraction or an exponent, or beyond 64 bits"),
            "{message}"
        );
        for misquoted in ["18446744073709552000", "e19", "e+19", "1000", "1.0`"] {
            assert!(!message.contains(misquoted), "{number}: {message}");
        }
    }
}

#[test]
fn callback_id_beyond_64_bits_is_refused_not_rewritten() {
    for number in ["18446744073709551616", "-0", "1e3"] {
        let text = body("callback_id", number);
        let error = Callback::from_slice(text.as_bytes()).unwrap_err();
        assert_eq!(error.path().to_string(), "callback_id", "{error}");
    }
    let text = body("callback_id", "18446744073709551615");
    let callback = Callback::from_slice(text.as_bytes()).unwrap();
    let written = serde_json::to_string(&callback).unwrap();
    assert!(
        written.contains(r#""callback_id":18446744073709551615"#),
        "{written}"
    );
}
