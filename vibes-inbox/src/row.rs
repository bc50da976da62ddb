//! What a receiver writes for each request: an accepted delivery or a refused request, with its
//! headers and body exactly as they came.

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use std::time::SystemTime;

/// A delivery that was read and is to be acknowledged once stored.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// The event id, `X-Event-Id`: the de-duplication key.
    pub event_id: String,
    /// The callback type `X-Event-Type` names, in its documented spelling.
    pub callback_type: String,
    /// When the request's head arrived, as [`timestamp`] writes it.
    pub received_at: String,
    /// The address of the TCP peer.
    pub source: String,
    /// Every request header, as [`headers_json`] writes them.
    pub headers: String,
    /// The body, byte for byte.
    pub body: Bytes,
    /// The request's method: `POST` or `PUT`, as the registration names it.
    pub method: String,
}

/// A request on the delivery path that was refused with a 4XX.
#[derive(Clone, Debug)]
pub struct Rejected {
    /// When the request's head arrived, as [`timestamp`] writes it.
    pub received_at: String,
    /// The status code answered.
    pub status: u16,
    /// The `X-Event-Id` header, when it came once as text.
    pub event_id: Option<String>,
    /// The request's method.
    pub method: String,
    /// The address of the TCP peer.
    pub source: String,
    /// The error answered, as JSON text.
    pub error: String,
    /// Every request header, as [`headers_json`] writes them.
    pub headers: String,
    /// The body, byte for byte; `None` when it was not received whole (over the size limit, too
    /// slow, or the connection failed).
    pub body: Option<Bytes>,
}

/// What storing an accepted delivery did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// The delivery is stored, and pending.
    New,
    /// A delivery of the same event id was stored already; nothing was written.
    Duplicate,
}

/// The headers as JSON text: an array of `[name, value]` pairs in the order of the request (the
/// values of a repeated header together), the name in lower case; a value that is not visible
/// ASCII is the array of its bytes, so that nothing is lost. [`header_pairs`] reads it back.
pub fn headers_json(headers: &HeaderMap) -> String {
    let pairs: Vec<Value> = headers
        .iter()
        .map(|(name, value)| {
            let value = match value.to_str() {
                Ok(text) => Value::from(text),
                Err(_) => Value::from(value.as_bytes().to_vec()),
            };
            Value::from(vec![Value::from(name.as_str()), value])
        })
        .collect();
    Value::from(pairs).to_string()
}

/// The headers [`headers_json`] wrote, as `(name, value bytes)` pairs in their order; `None` if
/// the text is not what it writes.
pub fn header_pairs(json: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let pairs: Vec<(String, Value)> = serde_json::from_str(json).ok()?;
    pairs
        .into_iter()
        .map(|(name, value)| {
            let bytes = match value {
                Value::String(text) => text.into_bytes(),
                bytes => serde_json::from_value(bytes).ok()?,
            };
            Some((name, bytes))
        })
        .collect()
}

/// The headers [`headers_json`] wrote, as a `HeaderMap` to send or read again; a pair that is
/// not a valid header (none is, of what a server accepted) is left out.
pub fn header_map(json: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in header_pairs(json).unwrap_or_default() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(&value),
        ) {
            headers.append(name, value);
        }
    }
    headers
}

/// `time` as the store writes it: RFC 3339 in UTC to the microsecond, of fixed width, so that the
/// text sorts as the instants do.
pub fn timestamp(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn headers_keep_their_order_repeats_and_bytes() {
        let mut headers = HeaderMap::new();
        headers.insert("x-event-id", HeaderValue::from_static("E1"));
        headers.append("x-event-id", HeaderValue::from_static("E2"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("x-odd", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let json = headers_json(&headers);
        assert_eq!(
            json,
            r#"[["x-event-id","E1"],["x-event-id","E2"],["content-type","application/json"],["x-odd",[99,97,102,233]]]"#
        );
        let pairs = header_pairs(&json).unwrap();
        let back: Vec<(&str, &[u8])> = pairs
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_slice()))
            .collect();
        assert_eq!(
            back,
            [
                ("x-event-id", &b"E1"[..]),
                ("x-event-id", b"E2"),
                ("content-type", b"application/json"),
                ("x-odd", b"caf\xe9"),
            ]
        );
        let map = header_map(&json);
        assert_eq!(map.get_all("x-event-id").iter().count(), 2);
        assert_eq!(map["x-odd"].as_bytes(), b"caf\xe9");
        assert_eq!(header_pairs("{}"), None);
        assert_eq!(header_pairs(r#"[["x", [256]]]"#), None);
    }

    #[test]
    fn timestamps_have_a_fixed_width_and_sort_as_instants() {
        let early = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let late = early + Duration::from_micros(1);
        assert_eq!(timestamp(early), "2023-11-14T22:13:20.000000Z");
        assert_eq!(timestamp(late), "2023-11-14T22:13:20.000001Z");
        assert!(timestamp(early) < timestamp(late));
    }
}
