//! Reading a delivery in one call: method, content type, the five headers, the body, and
//! whether headers and body agree.

use super::mismatch::mismatches;
use super::{
    BodyReading, DeliveryError, DeliveryProblem, DeliveryRules, DeliveryWarning, Mismatches,
};
use crate::headers::{ReadHeaders, single_value};
use crate::registration::DestinationContentType;
use crate::{Callback, CallbackHeaders, HeaderProblem, HeaderProblemKind, Inspect};
use http::{HeaderMap, Method};

/// The methods a registration can name for its destination: `POST` (the default) and `PUT`.
pub(crate) const METHODS: [Method; 2] = [Method::POST, Method::PUT];

/// The content type header, as messages spell it.
pub(crate) const CONTENT_TYPE: &str = "Content-Type";

/// A callback delivery as Vibes sends it: its five headers, its body, and what lenient reading
/// let through.
///
/// Read one with [`Delivery::from_parts`] or [`Delivery::from_request`] (the default rules), or
/// with [`DeliveryRules::read`] and its siblings for other rules.
///
/// ```
/// use http::Request;
/// use vibes_types::Callback;
/// use vibes_types::delivery::Delivery;
///
/// let request = Request::put("/vibes")
///     .header("content-type", "text/json")
///     .header("x-event-id", "AB234SDFD234")
///     .header("x-company-id", "zY5VnE7r")
///     .header("x-callback-id", "Hzh39LP3")
///     .header("x-delivery-attempts", "1")
///     .header("x-event-type", "person_added")
///     .body(r#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
///       "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "12344566"},
///       "loyalty_tier": "gold"}"#)?;
/// let delivery = Delivery::from_request(&request)?;
/// assert_eq!(delivery.dedup_key(), "AB234SDFD234");
/// assert!(matches!(delivery.callback, Callback::PersonAdded(_)));
/// assert_eq!(delivery.warnings[0].to_string(), "unknown field `loyalty_tier` (kept)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Available on crate feature `http` only.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Delivery {
    /// The five headers.
    pub headers: CallbackHeaders,
    /// The body.
    pub callback: Callback,
    /// What the rules let through: everything the body holds beyond the documented contract
    /// (`Inspect::unrecognized`), then the mismatches accepted by `Mismatches::Warn`.
    pub warnings: Vec<DeliveryWarning>,
}

impl Delivery {
    /// Reads a delivery from the head of a request and its body, by the default rules (lenient
    /// body, mismatches refused): see [`DeliveryRules::read`].
    pub fn from_parts(
        parts: &http::request::Parts,
        body: &[u8],
    ) -> Result<Delivery, DeliveryError> {
        DeliveryRules::default().read_parts(parts, body)
    }

    /// Reads a delivery from a whole request, by the default rules: see [`DeliveryRules::read`].
    pub fn from_request<B: AsRef<[u8]>>(
        request: &http::Request<B>,
    ) -> Result<Delivery, DeliveryError> {
        DeliveryRules::default().read_request(request)
    }

    /// The key to de-duplicate deliveries on: the event id, `X-Event-Id` (which the body's
    /// `event_id` matches unless the rules accept mismatches).
    ///
    /// Deliveries are at-least-once: a retry, or a delivery repeated in error, carries the same
    /// event id. Not the callback id: it names the registration, which every event it produces
    /// shares, and several registrations (up to 50 destinations of one type) can deliver the
    /// same event. Not the delivery attempt: it grows with each retry of the same event.
    pub fn dedup_key(&self) -> &str {
        &self.headers.event_id
    }
}

impl DeliveryRules {
    /// Reads a delivery from its method, headers and body, and lists every problem when it is
    /// not one: a method other than `POST` and `PUT`; a `Content-Type` other than
    /// `application/json` or `text/json` (in any letter case, parameters such as
    /// `charset=utf-8` allowed, and not read: JSON is UTF-8, and a body that is not fails as a
    /// body); each of the five headers missing, repeated or malformed; the body, read leniently
    /// or strictly as [`body`](Self::body) says; and, where both sides have it, the event id,
    /// the callback type and the company id (see [`MismatchField`](super::MismatchField)) of the
    /// headers against the body's, which are errors or warnings as
    /// [`mismatches`](Self::mismatches) says.
    ///
    /// Everything is checked even after a problem, so one answer names every fault. It never
    /// panics, whatever the input.
    ///
    /// ```
    /// use http::{HeaderMap, HeaderValue, Method};
    /// use vibes_types::delivery::{DeliveryRules, DeliveryWarning, Mismatches};
    ///
    /// let mut headers = HeaderMap::new();
    /// for (name, value) in [
    ///     ("content-type", "application/json"),
    ///     ("x-event-id", "8e1a4d6b"),
    ///     ("x-company-id", "zY5VnE7r"),
    ///     ("x-callback-id", "Hzh39LP3"),
    ///     ("x-delivery-attempts", "1"),
    ///     ("x-event-type", "unmatched_message_received"),
    /// ] {
    ///     headers.insert(name, HeaderValue::from_static(value));
    /// }
    /// let body = br#"{"event_id": "8e1a4d6b", "callback_type": "unmatched_message_received",
    ///   "event_date": "2019-06-04T22:29:51+00:00", "source_code": {"company_key": "bi3bwNRk"}}"#;
    ///
    /// let error = DeliveryRules::default().read(&Method::POST, &headers, body).unwrap_err();
    /// assert_eq!(error.path().unwrap().to_string(), "source_code.company_key");
    ///
    /// let rules = DeliveryRules::default().with_mismatches(Mismatches::Warn);
    /// let delivery = rules.read(&Method::POST, &headers, body)?;
    /// assert!(matches!(delivery.warnings[..], [DeliveryWarning::Mismatch(_)]));
    /// # Ok::<(), vibes_types::delivery::DeliveryError>(())
    /// ```
    pub fn read(
        &self,
        method: &Method,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Delivery, DeliveryError> {
        let mut problems = Vec::new();
        if !METHODS.contains(method) {
            problems.push(DeliveryProblem::Method {
                found: method.clone(),
            });
        }
        if let Err(kind) = json_content_type(headers) {
            problems.push(DeliveryProblem::ContentType(HeaderProblem::new(
                CONTENT_TYPE,
                kind,
            )));
        }
        let read = ReadHeaders::from(headers);
        problems.extend(read.problems.iter().cloned().map(DeliveryProblem::Header));
        let callback = match self.body {
            BodyReading::Lenient => Callback::from_slice(body),
            BodyReading::Strict => Callback::from_slice_strict(body),
        };
        let callback = callback
            .map_err(|error| problems.push(DeliveryProblem::Body(error)))
            .ok();
        let mut warnings = Vec::new();
        if let Some(callback) = &callback {
            warnings.extend(
                callback
                    .unrecognized()
                    .into_iter()
                    .map(DeliveryWarning::Unrecognized),
            );
            for mismatch in mismatches(&read, callback) {
                match self.mismatches {
                    Mismatches::Refuse => problems.push(DeliveryProblem::Mismatch(mismatch)),
                    Mismatches::Warn => warnings.push(DeliveryWarning::Mismatch(mismatch)),
                }
            }
        }
        if let Some(error) = DeliveryError::of(problems) {
            return Err(error);
        }
        match (read.complete(), callback) {
            (Some(headers), Some(callback)) => Ok(Delivery {
                headers,
                callback,
                warnings,
            }),
            _ => unreachable!("a header or a body that was not read is a problem"),
        }
    }

    /// Reads a delivery from the head of a request and its body: see [`read`](Self::read).
    pub fn read_parts(
        &self,
        parts: &http::request::Parts,
        body: &[u8],
    ) -> Result<Delivery, DeliveryError> {
        self.read(&parts.method, &parts.headers, body)
    }

    /// Reads a delivery from a whole request: see [`read`](Self::read).
    pub fn read_request<B: AsRef<[u8]>>(
        &self,
        request: &http::Request<B>,
    ) -> Result<Delivery, DeliveryError> {
        self.read(request.method(), request.headers(), request.body().as_ref())
    }
}

/// Whether the request's one `Content-Type` names a JSON media type Vibes sends.
fn json_content_type(headers: &HeaderMap) -> Result<(), HeaderProblemKind> {
    let value = single_value(headers, CONTENT_TYPE)?;
    // The media type is what comes before the parameters; the parameters are not read.
    let media_type = value.split(';').next().unwrap_or_default().trim();
    if DestinationContentType::from(media_type).is_known() {
        Ok(())
    } else {
        Err(HeaderProblemKind::NotJson {
            value: value.to_owned(),
        })
    }
}
