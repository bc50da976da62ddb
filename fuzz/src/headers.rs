//! The delivery-headers check: any header names and values, as a request could carry them.

use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use vibes_types::{CallbackHeaders, Count, DeliveryAttempts};

/// Reads the input as HTTP/1 header lines (`name: value`, one a line; a name of one byte below 5
/// stands for one of the five delivery headers, so that the fuzzer reaches them), then holds the
/// reader to its promises: no panic, an error lists problems each naming one of the five headers,
/// what is read writes to JSON and reads back equal, and the body's count and the header's agree
/// on any text.
pub fn headers(bytes: &[u8]) {
    let mut map = HeaderMap::new();
    for line in bytes.split(|&byte| byte == b'\n') {
        let Some(colon) = line.iter().position(|&byte| byte == b':') else {
            continue;
        };
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        let name = match name {
            [selector] if usize::from(*selector) < CallbackHeaders::NAMES.len() => {
                CallbackHeaders::NAMES[usize::from(*selector)].as_bytes()
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
