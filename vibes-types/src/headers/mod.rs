//! The HTTP headers Vibes sends with every callback delivery.

mod attempts;
mod error;

pub use attempts::DeliveryAttempts;
#[cfg(feature = "http")]
pub(crate) use error::quoted;
pub use error::{HeaderError, HeaderProblem, HeaderProblemKind};

use crate::CallbackType;
use crate::json_schema::JsonSchema;
use serde::{Deserialize, Serialize};
use vibes_derive::Inspect;

/// The five headers of a callback delivery, all required.
///
/// Read them from a request with `CallbackHeaders::from_headers` (feature `http`); as JSON (the
/// schema file `callback-headers.schema.json`) they are an object of strings keyed by header name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Inspect)]
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
    /// The callback type, the same as the body's (`callback_type`, else `event_type`).
    #[serde(rename = "X-Event-Type")]
    pub event_type: CallbackType,
}

impl CallbackHeaders {
    /// `X-Event-Id`: the id of the event.
    pub const EVENT_ID: &'static str = "X-Event-Id";
    /// `X-Company-Id`: the company the callback is for.
    pub const COMPANY_ID: &'static str = "X-Company-Id";
    /// `X-Callback-Id`: the registration that produced the delivery.
    pub const CALLBACK_ID: &'static str = "X-Callback-Id";
    /// `X-Delivery-Attempts`: how many attempts there have been.
    pub const DELIVERY_ATTEMPTS: &'static str = "X-Delivery-Attempts";
    /// `X-Event-Type`: the callback type.
    pub const EVENT_TYPE: &'static str = "X-Event-Type";

    /// The header names, in the order the documentation lists them.
    pub const NAMES: [&'static str; 5] = [
        Self::EVENT_ID,
        Self::COMPANY_ID,
        Self::CALLBACK_ID,
        Self::DELIVERY_ATTEMPTS,
        Self::EVENT_TYPE,
    ];

    /// Reads the five headers (names in any case, as HTTP allows). Every header that is missing,
    /// comes more than once, is not visible ASCII text or (for the attempts) is not a count of at
    /// least 1 is listed in the error, by name.
    ///
    /// An alias of a callback type (`person_add`) reads as that type, which is written back in
    /// its documented spelling (`person_added`).
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue};
    /// use vibes_types::{CallbackHeaders, CallbackType, HeaderProblemKind};
    ///
    /// let mut headers = HeaderMap::new();
    /// for (name, value) in [
    ///     ("x-event-id", "AB234SDFD234"),
    ///     ("x-company-id", "zY5VnE7r"),
    ///     ("x-callback-id", "Hzh39LP3"),
    ///     ("x-delivery-attempts", "2"),
    ///     ("x-event-type", "person_add"),
    /// ] {
    ///     headers.insert(name, HeaderValue::from_static(value));
    /// }
    /// let delivery = CallbackHeaders::from_headers(&headers)?;
    /// assert_eq!(delivery.event_id, "AB234SDFD234");
    /// assert_eq!(delivery.event_type, CallbackType::PersonAdded);
    /// assert!(!delivery.delivery_attempts.is_first()); // a retry: the event may be known already
    ///
    /// headers.remove("x-callback-id");
    /// headers.append("x-event-id", HeaderValue::from_static("AB234SDFD235"));
    /// let error = CallbackHeaders::from_headers(&headers).unwrap_err();
    /// assert_eq!(error.header(), "X-Event-Id");
    /// assert_eq!(error.problems()[1].kind(), &HeaderProblemKind::Missing);
    /// assert_eq!(
    ///     error.to_string(),
    ///     "callback header `X-Event-Id` comes 2 times, not once; \
    ///      callback header `X-Callback-Id` is missing"
    /// );
    /// # Ok::<(), vibes_types::HeaderError>(())
    /// ```
    ///
    /// Available on crate feature `http` only.
    #[cfg(feature = "http")]
    pub fn from_headers(headers: &http::HeaderMap) -> Result<Self, HeaderError> {
        let read = ReadHeaders::from(headers);
        match read.complete() {
            Some(complete) => Ok(complete),
            None => Err(HeaderError::of(read.problems)
                .unwrap_or_else(|| unreachable!("a header that was not read has a problem"))),
        }
    }

    /// The five headers as a request carries them, to send a delivery as Vibes does (in a test
    /// or a simulator); a value that is not visible ASCII text cannot be a header, and is an
    /// error naming it.
    ///
    /// ```
    /// use vibes_types::{CallbackHeaders, CallbackType, DeliveryAttempts};
    ///
    /// let headers = CallbackHeaders {
    ///     event_id: "AB234SDFD234".to_owned(),
    ///     company_id: "zY5VnE7r".to_owned(),
    ///     callback_id: "Hzh39LP3".to_owned(),
    ///     delivery_attempts: DeliveryAttempts::FIRST,
    ///     event_type: CallbackType::PersonAdded,
    /// };
    /// let map = headers.to_headers()?;
    /// assert_eq!(map["x-event-type"], "person_added");
    /// assert_eq!(CallbackHeaders::from_headers(&map)?, headers);
    /// # Ok::<(), vibes_types::HeaderError>(())
    /// ```
    ///
    /// Available on crate feature `http` only.
    #[cfg(feature = "http")]
    pub fn to_headers(&self) -> Result<http::HeaderMap, HeaderError> {
        let attempts = self.delivery_attempts.get().to_string();
        let values = [
            self.event_id.as_str(),
            &self.company_id,
            &self.callback_id,
            &attempts,
            self.event_type.as_str(),
        ];
        let mut map = http::HeaderMap::new();
        let mut problems = Vec::new();
        for (name, value) in Self::NAMES.into_iter().zip(values) {
            // `from_str` lets bytes beyond ASCII through, which a reader's `to_str` refuses.
            let value = http::HeaderValue::from_str(value)
                .ok()
                .filter(|value| value.to_str().is_ok());
            match value {
                Some(value) => {
                    map.insert(name, value);
                }
                None => problems.push(HeaderProblem::new(name, HeaderProblemKind::NotVisibleAscii)),
            }
        }
        match HeaderError::of(problems) {
            None => Ok(map),
            Some(error) => Err(error),
        }
    }

    /// The callback type the `X-Event-Type` header names.
    ///
    /// ```
    /// use vibes_types::{CallbackHeaders, CallbackType};
    ///
    /// let headers: CallbackHeaders = serde_json::from_str(r#"{"X-Event-Id": "AB234SDFD234",
    ///   "X-Company-Id": "zY5VnE7r", "X-Callback-Id": "Hzh39LP3", "X-Delivery-Attempts": "1",
    ///   "X-Event-Type": "subscription_added"}"#)?;
    /// assert_eq!(headers.callback_type(), &CallbackType::SubscriptionAdded);
    /// assert!(headers.delivery_attempts.is_first());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn callback_type(&self) -> &CallbackType {
        &self.event_type
    }
}

/// The headers of a request as far as they could be read, with every problem: a delivery reader
/// compares the ones it has with the body even when others are missing.
#[cfg(feature = "http")]
#[derive(Debug)]
pub(crate) struct ReadHeaders {
    pub(crate) event_id: Option<String>,
    pub(crate) company_id: Option<String>,
    pub(crate) callback_id: Option<String>,
    pub(crate) delivery_attempts: Option<DeliveryAttempts>,
    pub(crate) event_type: Option<CallbackType>,
    pub(crate) problems: Vec<HeaderProblem>,
}

#[cfg(feature = "http")]
impl From<&http::HeaderMap> for ReadHeaders {
    fn from(headers: &http::HeaderMap) -> Self {
        let mut problems = Vec::new();
        let mut text = |name: &'static str| match single_value(headers, name) {
            Ok(text) => Some(text),
            Err(kind) => {
                problems.push(HeaderProblem::new(name, kind));
                None
            }
        };
        let event_id = text(CallbackHeaders::EVENT_ID).map(str::to_owned);
        let company_id = text(CallbackHeaders::COMPANY_ID).map(str::to_owned);
        let callback_id = text(CallbackHeaders::CALLBACK_ID).map(str::to_owned);
        let attempts = text(CallbackHeaders::DELIVERY_ATTEMPTS);
        let event_type = text(CallbackHeaders::EVENT_TYPE).map(CallbackType::from);
        let delivery_attempts = attempts.and_then(|value| {
            let count = DeliveryAttempts::parse(value);
            if count.is_none() {
                problems.push(HeaderProblem::new(
                    CallbackHeaders::DELIVERY_ATTEMPTS,
                    HeaderProblemKind::NotACount {
                        value: value.to_owned(),
                    },
                ));
            }
            count
        });
        // The attempts are checked after the others are read; the documentation's order is the
        // order of the list.
        problems.sort_by_key(|problem| {
            CallbackHeaders::NAMES
                .iter()
                .position(|name| *name == problem.header())
        });
        ReadHeaders {
            event_id,
            company_id,
            callback_id,
            delivery_attempts,
            event_type,
            problems,
        }
    }
}

#[cfg(feature = "http")]
impl ReadHeaders {
    /// The five headers, when all of them were read.
    pub(crate) fn complete(&self) -> Option<CallbackHeaders> {
        Some(CallbackHeaders {
            event_id: self.event_id.clone()?,
            company_id: self.company_id.clone()?,
            callback_id: self.callback_id.clone()?,
            delivery_attempts: self.delivery_attempts?,
            event_type: self.event_type.clone()?,
        })
    }
}

/// The one value of the header `name` as text: a header that is missing, repeated, empty or not
/// visible ASCII is the problem it has.
#[cfg(feature = "http")]
pub(crate) fn single_value<'a>(
    headers: &'a http::HeaderMap,
    name: &'static str,
) -> Result<&'a str, HeaderProblemKind> {
    let mut values = headers.get_all(name).iter();
    let first = values.next().ok_or(HeaderProblemKind::Missing)?;
    let more = values.count();
    if more > 0 {
        return Err(HeaderProblemKind::Repeated { count: more + 1 });
    }
    match first.to_str() {
        Ok("") => Err(HeaderProblemKind::Empty),
        Ok(text) => Ok(text),
        Err(_) => Err(HeaderProblemKind::NotVisibleAscii),
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
    fn an_empty_value_is_refused_by_name() {
        let mut headers = delivery();
        headers.insert("x-event-id", HeaderValue::from_static(""));
        headers.insert("x-event-type", HeaderValue::from_static(""));
        let error = CallbackHeaders::from_headers(&headers).unwrap_err();
        let problems: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            problems,
            [
                "callback header `X-Event-Id` is empty",
                "callback header `X-Event-Type` is empty"
            ]
        );
    }

    #[test]
    fn reads_the_five_headers_in_any_case() {
        let headers = CallbackHeaders::from_headers(&delivery()).unwrap();
        assert_eq!(headers.event_id, "AB234SDFD234");
        assert_eq!(headers.delivery_attempts.get(), 2);
        assert!(!headers.delivery_attempts.is_first());
        assert_eq!(headers.callback_type(), &CallbackType::PersonAdded);
        let json = serde_json::to_value(&headers).unwrap();
        assert_eq!(json["X-Delivery-Attempts"], "2");
        assert_eq!(
            serde_json::from_value::<CallbackHeaders>(json).unwrap(),
            headers
        );
        assert_eq!(
            CallbackHeaders::from_headers(&headers.to_headers().unwrap()).unwrap(),
            headers
        );
    }

    #[test]
    fn an_unknown_callback_type_is_kept_and_reported() {
        let mut map = delivery();
        map.insert("x-event-type", HeaderValue::from_static("person_merged"));
        let headers = CallbackHeaders::from_headers(&map).unwrap();
        assert_eq!(
            headers.event_type,
            CallbackType::Unknown("person_merged".to_owned())
        );
        let found = crate::Inspect::unrecognized(&headers);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].path().to_string(), r#"["X-Event-Type"]"#);
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
        for bad in ["0", "01", "-1", "one", "1000000000"] {
            let mut headers = delivery();
            headers.insert("x-delivery-attempts", HeaderValue::from_str(bad).unwrap());
            let error = CallbackHeaders::from_headers(&headers).unwrap_err();
            assert_eq!(error.header(), "X-Delivery-Attempts", "{bad}");
            assert_eq!(
                error.problems()[0].kind(),
                &HeaderProblemKind::NotACount {
                    value: bad.to_owned()
                }
            );
        }
        let mut headers = delivery();
        headers.insert("x-event-id", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let error = CallbackHeaders::from_headers(&headers).unwrap_err();
        assert_eq!(error.header(), "X-Event-Id");
        assert_eq!(
            error.problems()[0].kind(),
            &HeaderProblemKind::NotVisibleAscii
        );
    }

    #[test]
    fn lists_every_problem_in_the_documented_order() {
        let mut headers = HeaderMap::new();
        headers.insert("x-delivery-attempts", HeaderValue::from_static("0"));
        headers.append("x-event-type", HeaderValue::from_static("person_added"));
        headers.append("x-event-type", HeaderValue::from_static("person_updated"));
        headers.append("x-event-type", HeaderValue::from_static("person_added"));
        headers.insert("x-company-id", HeaderValue::from_bytes(b"\xff").unwrap());
        let error = CallbackHeaders::from_headers(&headers).unwrap_err();
        let found: Vec<(&str, &HeaderProblemKind)> = error
            .problems()
            .iter()
            .map(|problem| (problem.header(), problem.kind()))
            .collect();
        assert_eq!(
            found,
            [
                ("X-Event-Id", &HeaderProblemKind::Missing),
                ("X-Company-Id", &HeaderProblemKind::NotVisibleAscii),
                ("X-Callback-Id", &HeaderProblemKind::Missing),
                (
                    "X-Delivery-Attempts",
                    &HeaderProblemKind::NotACount {
                        value: "0".to_owned()
                    }
                ),
                ("X-Event-Type", &HeaderProblemKind::Repeated { count: 3 }),
            ]
        );
        assert_eq!(
            error.to_string(),
            "callback header `X-Event-Id` is missing; \
             callback header `X-Company-Id` is not visible ASCII text; \
             callback header `X-Callback-Id` is missing; \
             callback header `X-Delivery-Attempts` is \"0\", not a count of at least 1; \
             callback header `X-Event-Type` comes 3 times, not once"
        );
    }

    #[test]
    fn a_value_that_cannot_be_a_header_is_not_written() {
        let mut headers = CallbackHeaders::from_headers(&delivery()).unwrap();
        headers.callback_id = "line\nbreak".to_owned();
        headers.company_id = "caf\u{e9}".to_owned();
        let error = headers.to_headers().unwrap_err();
        let names: Vec<&str> = error.problems().iter().map(HeaderProblem::header).collect();
        assert_eq!(names, ["X-Company-Id", "X-Callback-Id"]);
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
