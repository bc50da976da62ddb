//! The delivery check: any header names and values and any body, as a request could carry them.

use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::Value;
use vibes_types::delivery::{
    BodyReading, DeliveryProblem, DeliveryRules, DeliveryWarning, Mismatches, Outcome,
};
use vibes_types::{Callback, CallbackHeaders, Count, DeliveryAttempts};

/// The header a one-byte name stands for: the five delivery headers, then `Content-Type`.
const SELECTED: [&str; 6] = {
    let [a, b, c, d, e] = CallbackHeaders::NAMES;
    [a, b, c, d, e, "Content-Type"]
};

/// Reads the input as HTTP/1 header lines (`name: value`, one a line; a name of one byte below 6
/// stands for one of the five delivery headers or `Content-Type`, so that the fuzzer reaches
/// them), up to an empty line after which the rest is the body. Then holds the readers to their
/// promises: no panic; a header error lists problems each naming one of the five headers; what
/// is read writes to JSON and reads back equal; the body's count and the header's agree on any
/// text; and a delivery is read under every rule as its parts are read alone, or refused with a
/// 4XX whose every problem names its part.
pub fn headers(bytes: &[u8]) {
    let (head, body) = match bytes.windows(2).position(|pair| pair == b"\n\n") {
        Some(end) => (&bytes[..end], &bytes[end + 2..]),
        None => (bytes, &[][..]),
    };
    let mut map = HeaderMap::new();
    for line in head.split(|&byte| byte == b'\n') {
        let Some(colon) = line.iter().position(|&byte| byte == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        let name = match name {
            [selector] if usize::from(*selector) < SELECTED.len() => {
                SELECTED[usize::from(*selector)].as_bytes()
            }
            _ => name,
        };
        let value = value.strip_prefix(b" ").unwrap_or(value);
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name), HeaderValue::from_bytes(value))
        {
            map.append(name, value);
        }
    }
    match CallbackHeaders::from_headers(&map) {
        Ok(read) => {
            let attempts = map
                .get("x-delivery-attempts")
                .and_then(|value| value.to_str().ok())
                .expect("read, so present and text");
            assert_eq!(
                DeliveryAttempts::parse(attempts),
                Some(read.delivery_attempts)
            );
            let json = serde_json::to_value(&read).expect("headers serialize");
            let again: CallbackHeaders =
                serde_json::from_value(json).expect("written headers read back");
            assert_eq!(again, read, "headers read back differently");
        }
        Err(error) => {
            assert!(!error.problems().is_empty(), "an error with no problem");
            let shown = error.to_string();
            for problem in error.problems() {
                assert!(CallbackHeaders::NAMES.contains(&problem.header()));
                assert!(shown.contains(&problem.to_string()), "{shown}");
            }
            assert_eq!(error.header(), error.problems()[0].header());
        }
    }
    delivery(&map, body);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let count = serde_json::from_value::<Count>(Value::String(text.to_owned()));
        let attempts = DeliveryAttempts::parse(text);
        assert_eq!(
            count
                .as_ref()
                .ok()
                .map(|&count| DeliveryAttempts::from(count)),
            attempts,
            "the body's count and the header's disagree on {text:?}"
        );
    }
}

/// Reads `map` and `body` as a `POST` delivery under every rule, and checks the verdict against
/// the headers and the body read on their own.
fn delivery(map: &HeaderMap, body: &[u8]) {
    let headers = CallbackHeaders::from_headers(map);
    for body_reading in [BodyReading::Lenient, BodyReading::Strict] {
        let callback = match body_reading {
            BodyReading::Strict => Callback::from_slice_strict(body),
            _ => Callback::from_slice(body),
        };
        for mismatches in [Mismatches::Refuse, Mismatches::Warn] {
            let rules = DeliveryRules::default()
                .with_body(body_reading)
                .with_mismatches(mismatches);
            match rules.read(&Method::POST, map, body) {
                Ok(delivery) => {
                    assert_eq!(Ok(&delivery.headers), headers.as_ref());
                    assert_eq!(Ok(&delivery.callback), callback.as_ref());
                    let accepted = delivery
                        .warnings
                        .iter()
                        .any(|warning| matches!(warning, DeliveryWarning::Mismatch(_)));
                    if mismatches == Mismatches::Refuse {
                        assert!(!accepted, "a mismatch accepted under Refuse");
                        if let Some(body_id) = delivery.callback.event_id() {
                            assert_eq!(body_id, delivery.headers.event_id);
                        }
                    }
                }
                Err(error) => {
                    assert!(!error.problems().is_empty(), "an error with no problem");
                    assert!(error.status().is_client_error(), "{}", error.status());
                    assert_eq!(
                        Outcome::from_status(error.status()),
                        Outcome::PermanentFailure
                    );
                    let shown = error.to_string();
                    for problem in error.problems() {
                        assert!(shown.contains(&problem.to_string()), "{shown}");
                        match problem {
                            DeliveryProblem::ContentType(problem) => {
                                assert_eq!(problem.header(), SELECTED[5]);
                            }
                            DeliveryProblem::Header(problem) => {
                                assert!(CallbackHeaders::NAMES.contains(&problem.header()));
                                assert!(headers.is_err(), "a header problem the headers lack");
                            }
                            DeliveryProblem::Body(_) => {
                                assert!(callback.is_err(), "a body problem the body lacks");
                            }
                            DeliveryProblem::Mismatch(mismatch) => {
                                assert_eq!(mismatches, Mismatches::Refuse);
                                assert_ne!(mismatch.header_value, mismatch.body_value);
                            }
                            _ => {}
                        }
                    }
                    let json = serde_json::to_value(&error).expect("the error serializes");
                    assert!(json["error"]["problems"].is_array());
                }
            }
        }
    }
}
