//! The HTTP headers Vibes sends with every callback delivery.

use crate::CallbackType;
use crate::json_schema::JsonSchema;
#[cfg(feature = "schema")]
use schemars::{Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// The five headers of a callback delivery, all required.
///
/// Read them from a request with `CallbackHeaders::from_headers` (feature `http`); as JSON (the
/// schema file `callback-headers.schema.json`) they are an object of strings keyed by header name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CallbackHeaders {
    /// The id of the event, the same as the body's `event_id`.
    #[serde(rename = "X-Event-Id")]
    pub event_id: String,
    /// The company the callback is for.
    #[serde(rename = "X-Company-Id")]
    pub company_id: String,
    /// The registration that produced the delivery.
    #[serde(rename = "X-Callback-Id")]
    pub callback_id: String,
    /// How many delivery attempts there have been, this one included.
    #[serde(rename = "X-Delivery-Attempts")]
    pub delivery_attempts: DeliveryAttempts,
    /// The callback type, as free text.
    #[serde(rename = "X-Event-Type")]
    pub event_type: String,
}

/// The number of delivery attempts so far: a decimal integer of at least 1, sent as text.
///
/// ```
/// use vibes_types::DeliveryAttempts;
///
/// let attempts = DeliveryAttempts::parse("3").unwrap();
/// assert_eq!(attempts.get(), 3);
/// assert!(!attempts.is_first());
/// assert_eq!(DeliveryAttempts::parse("0"), None);
/// assert_eq!(DeliveryAttempts::parse("03"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryAttempts(u32);

/// A header of a callback delivery that is missing or malformed, by name.
///
/// `CallbackHeaders::from_headers` (feature `http`) returns it; its documentation has an example.
/// It displays as one sentence (``callback header `X-Callback-Id` is missing``), and
/// [`header`](Self::header) names the header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    header: &'static str,
    problem: String,
}

impl CallbackHeaders {
    /// The header names, in the order the documentation lists them.
    pub const NAMES: [&'static str; 5] = [
        "X-Event-Id",
        "X-Company-Id",
        "X-Callback-Id",
        "X-Delivery-Attempts",
        "X-Event-Type",
    ];

    /// Reads the five headers (names in any case, as HTTP allows); the first one missing, not
    /// text, or (for the attempts) not a count of at least 1 is an error naming it.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use vibes_types::CallbackHeaders;
    ///
    /// let mut headers = HeaderMap::new();
    /// for (name, value) in [
    ///     ("x-event-id", "AB234SDFD234"),
    ///     ("x-company-id", "zY5VnE7r"),
    ///     ("x-callback-id", "Hzh39LP3"),
    ///     ("x-delivery-attempts", "2"),
    ///     ("x-event-type", "person_added"),
    /// ] {
    ///     headers.insert(name, HeaderValue::from_static(value));
    /// }
    /// let delivery = CallbackHeaders::from_headers(&headers)?;
    /// assert_eq!(delivery.event_id, "AB234SDFD234");
    /// assert!(!delivery.delivery_attempts.is_first()); // a retry: the event may be known already
    ///
    /// headers.remove("x-callback-id");
    /// let error = CallbackHeaders::from_headers(&headers).unwrap_err();
    /// assert_eq!(error.header(), "X-Callback-Id");
    /// assert_eq!(error.to_string(), "callback header `X-Callback-Id` is missing");
    /// # Ok::<(), vibes_types::HeaderError>(())
    /// ```
    #[cfg(feature = "http")]
    pub fn from_headers(headers: &http::HeaderMap) -> Result<Self, HeaderError> {
        let text = |header: &'static str| -> Result<String, HeaderError> {
            let value = headers.get(header).ok_or_else(|| HeaderError {
                header,
                problem: "is missing".to_owned(),
            })?;
            value.to_str().map(str::to_owned).map_err(|_| HeaderError {
                header,
                problem: "is not visible ASCII text".to_owned(),
            })
        };
        let [event_id, company_id, callback_id, attempts, event_type] = Self::NAMES;
        let attempts_text = text(attempts)?;
        Ok(CallbackHeaders {
            event_id: text(event_id)?,
            company_id: text(company_id)?,
            callback_id: text(callback_id)?,
            delivery_attempts: DeliveryAttempts::parse(&attempts_text).ok_or_else(|| {
                HeaderError {
                    header: attempts,
                    problem: format!("is {}, not a count of at least 1", quoted(&attempts_text)),
                }
            })?,
            event_type: text(event_type)?,
        })
    }

    /// The callback type the `X-Event-Type` header names.
    ///
    /// ```
    /// use vibes_types::{CallbackHeaders, CallbackType};
    ///
    /// let headers: CallbackHeaders = serde_json::from_str(r#"{"X-Event-Id": "AB234SDFD234",
    ///   "X-Company-Id": "zY5VnE7r", "X-Callback-Id": "Hzh39LP3", "X-Delivery-Attempts": "1",
    ///   "X-Event-Type": "subscription_added"}"#)?;
    /// assert_eq!(headers.callback_type(), CallbackType::SubscriptionAdded);
    /// assert!(headers.delivery_attempts.is_first());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn callback_type(&self) -> CallbackType {
        CallbackType::from(self.event_type.as_str())
    }
}

/// `text` quoted with escapes, cut after 32 characters so that a huge header keeps the error
/// short.
#[cfg(feature = "http")]
fn quoted(text: &str) -> String {
    const SHOWN: usize = 32;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], text.len()),
        None => format!("{text:?}"),
    }
}

impl DeliveryAttempts {
    /// The first attempt.
    pub const FIRST: DeliveryAttempts = DeliveryAttempts(1);

    /// The largest count the header form may hold: nine digits.
    pub(crate) const MAX: u32 = 999_999_999;

    /// The regular expression (ECMA-262, as JSON Schema uses) of the text form.
    #[cfg(feature = "schema")]
    pub(crate) const PATTERN: &'static str = "^[1-9][0-9]{0,8}$";

    /// The count `value`, if it is at least 1 and at most nine digits.
    pub fn new(value: u32) -> Option<Self> {
        (1..=Self::MAX)
            .contains(&value)
            .then_some(DeliveryAttempts(value))
    }

    /// The count, if `text` is a canonical decimal of at least 1 and at most nine digits.
    pub fn parse(text: &str) -> Option<Self> {
        let canonical = !text.is_empty()
            && text.len() <= 9
            && !text.starts_with('0')
            && text.bytes().all(|byte| byte.is_ascii_digit());
        let value: u32 = text.parse().ok().filter(|_| canonical)?;
        DeliveryAttempts::new(value)
    }

    /// The count.
    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether this is the first attempt (so not a retry of an earlier one).
    pub fn is_first(self) -> bool {
        self.0 == 1
    }
}

impl Serialize for DeliveryAttempts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DeliveryAttempts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DeliveryAttempts::parse(&text).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Str(&text), &"a count of at least 1")
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for DeliveryAttempts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DeliveryAttempts".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The number of delivery attempts so far, a decimal integer of at least 1.",
            "type": "string",
            "pattern": DeliveryAttempts::PATTERN,
        })
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "callback header `{}` {}", self.header, self.problem)
    }
}

impl std::error::Error for HeaderError {}

impl HeaderError {
    /// The header at fault.
    pub fn header(&self) -> &'static str {
        self.header
    }
}

#[cfg(all(test, feature = "http"))]
mod tests {
    use super::*;
    use http::{HeaderMap, HeaderValue};

    fn delivery() -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("x-event-id", "AB234SDFD234"),
            ("X-Company-Id", "zY5VnE7r"),
            ("X-CALLBACK-ID", "C1234"),
            ("X-Delivery-Attempts", "2"),
            ("X-Event-Type", "person_added"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn reads_the_five_headers_in_any_case() {
        let headers = CallbackHeaders::from_headers(&delivery()).unwrap();
        assert_eq!(headers.event_id, "AB234SDFD234");
        assert_eq!(headers.delivery_attempts.get(), 2);
        assert!(!headers.delivery_attempts.is_first());
        assert_eq!(headers.callback_type(), CallbackType::PersonAdded);
        let json = serde_json::to_value(&headers).unwrap();
        assert_eq!(json["X-Delivery-Attempts"], "2");
        assert_eq!(
            serde_json::from_value::<CallbackHeaders>(json).unwrap(),
            headers
        );
    }

    #[test]
    fn names_the_missing_or_malformed_header() {
        let mut headers = delivery();
        headers.remove("x-callback-id");
        let error = CallbackHeaders::from_headers(&headers).unwrap_err();
        assert_eq!(
            error.to_string(),
            "callback header `X-Callback-Id` is missing"
        );
        for bad in ["0", "01", "-1", "one", "", "1000000000"] {
            let mut headers = delivery();
            headers.insert("x-delivery-attempts", HeaderValue::from_str(bad).unwrap());
            let error = CallbackHeaders::from_headers(&headers).unwrap_err();
            assert_eq!(error.header(), "X-Delivery-Attempts", "{bad}");
        }
        let mut headers = delivery();
        headers.insert("x-event-id", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let error = CallbackHeaders::from_headers(&headers).unwrap_err();
        assert_eq!(error.header(), "X-Event-Id");
    }

    #[test]
    fn a_malformed_count_is_quoted_and_cut_short() {
        let mut headers = delivery();
        headers.insert("x-delivery-attempts", HeaderValue::from_static("0"));
        assert_eq!(
            CallbackHeaders::from_headers(&headers)
                .unwrap_err()
                .to_string(),
            r#"callback header `X-Delivery-Attempts` is "0", not a count of at least 1"#
        );
        let long = format!("`{}", "9".repeat(5000));
        headers.insert("x-delivery-attempts", HeaderValue::from_str(&long).unwrap());
        let error = CallbackHeaders::from_headers(&headers).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "callback header `X-Delivery-Attempts` is \"`{}\"… (5001 bytes), not a count of at least 1",
                "9".repeat(31)
            )
        );
    }
}
