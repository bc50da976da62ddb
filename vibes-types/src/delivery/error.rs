//! Why a request is not a delivery this crate accepts: every problem, each with the part of the
//! request it concerns, as data and as the JSON body of the answer.

use super::{Answer, Mismatch};
use crate::registration::DestinationContentType;
use crate::{HeaderProblem, JsonPath, ParseError, Unrecognized};
use http::{Method, StatusCode};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::fmt;

/// A request that is not a callback delivery as Vibes sends it: every problem found, in the order
/// of the request (method, `Content-Type`, the five headers, the body, then where the headers and
/// the body disagree).
///
/// Reading never panics, whatever the method, headers and bytes: each fault is a
/// [`DeliveryProblem`]. The error displays as one sentence per problem, and
/// [`status`](Self::status) is the 4XX to answer with (Vibes does not retry a 4XX: the same
/// request would fail the same way). As JSON (serde's `Serialize`, and the body of
/// [`to_response`](Self::to_response)) it has a stable shape:
///
/// ```json
/// {"error": {"kind": "header", "message": "…every problem…", "path": null,
///   "problems": [{"kind": "header", "header": "X-Callback-Id", "path": null,
///     "message": "callback header `X-Callback-Id` is missing"}]}}
/// ```
///
/// `kind` is one of `method`, `content_type`, `header`, `body` and `mismatch` ([`DeliveryErrorKind`],
/// of the first problem at the top), `path` the JSON path in the body where a problem has one
/// (at the top: the first such path), `header` the header a problem concerns. A `SourceError`
/// (feature `sources`) has the same form with the kind `source`.
///
/// ```
/// use http::{Request, StatusCode};
/// use vibes_types::delivery::{Delivery, DeliveryErrorKind};
///
/// let request = Request::post("/vibes")
///     .header("content-type", "application/json; charset=utf-8")
///     .header("x-event-id", "e1")
///     .header("x-company-id", "zY5VnE7r")
///     .header("x-delivery-attempts", "1")
///     .header("x-event-type", "person_added")
///     .body(r#"{"event_id": "e1", "callback_type": "person_added",
///       "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": 42}}"#)?;
/// let error = Delivery::from_request(&request).unwrap_err();
/// assert_eq!(error.kind(), DeliveryErrorKind::Header);
/// assert_eq!(error.status(), StatusCode::BAD_REQUEST);
/// assert_eq!(error.path().map(ToString::to_string).as_deref(), Some("person.person_id"));
/// let json = serde_json::to_value(&error).unwrap();
/// assert_eq!(json["error"]["problems"][0]["header"], "X-Callback-Id");
/// assert_eq!(json["error"]["problems"][1]["kind"], "body");
/// assert_eq!(json["error"]["path"], "person.person_id");
/// # Ok::<(), http::Error>(())
/// ```
///
/// Available on crate feature `http` only.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryError {
    /// At least one.
    problems: Vec<DeliveryProblem>,
}

/// One thing wrong with a request that should be a callback delivery.
///
/// Available on crate feature `http` only.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DeliveryProblem {
    /// The method is neither `POST` nor `PUT`, the two a registration can name.
    Method {
        /// The request's method.
        found: Method,
    },
    /// The `Content-Type` header is missing, repeated, not text, or names a media type other
    /// than `application/json` and `text/json` (parameters such as `charset` are allowed).
    ContentType(HeaderProblem),
    /// One of the five delivery headers is missing, repeated or malformed.
    Header(HeaderProblem),
    /// The body cannot be read as a callback under the rules' body reading.
    Body(ParseError),
    /// A header and the body disagree, and the rules refuse mismatches.
    Mismatch(Mismatch),
}

/// Which part of the request a [`DeliveryProblem`] concerns, to match on (and its `kind` in the
/// JSON form).
///
/// Available on crate feature `http` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeliveryErrorKind {
    /// The method.
    Method,
    /// The `Content-Type` header.
    ContentType,
    /// One of the five delivery headers.
    Header,
    /// The body.
    Body,
    /// A header against the body.
    Mismatch,
}

/// Something lenient reading let through: the delivery was read, and this is worth a log line.
///
/// Available on crate feature `http` only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryWarning {
    /// The body holds something outside the documented contract (an unknown field, value or
    /// callback type), kept as received.
    Unrecognized(Unrecognized),
    /// A header and the body disagree, accepted because the rules say `Mismatches::Warn`.
    Mismatch(Mismatch),
}

impl DeliveryError {
    /// The error of `problems`, if there is one.
    pub(crate) fn of(problems: Vec<DeliveryProblem>) -> Option<Self> {
        (!problems.is_empty()).then_some(DeliveryError { problems })
    }

    /// Every problem, in the order of the request.
    pub fn problems(&self) -> &[DeliveryProblem] {
        &self.problems
    }

    /// The part of the request of the first problem.
    pub fn kind(&self) -> DeliveryErrorKind {
        self.first().kind()
    }

    /// The JSON path of the first problem that has one (a body fault or a mismatch).
    pub fn path(&self) -> Option<&JsonPath> {
        self.problems.iter().find_map(DeliveryProblem::path)
    }

    /// The status code to answer with, from the first problem: `405 Method Not Allowed` for the
    /// method, `415 Unsupported Media Type` for the content type, `400 Bad Request` for the rest.
    /// Every one is a 4XX, which Vibes treats as a permanent failure: no retry.
    pub fn status(&self) -> StatusCode {
        match self.first() {
            DeliveryProblem::Method { .. } => StatusCode::METHOD_NOT_ALLOWED,
            DeliveryProblem::ContentType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The answer to give: [`Answer::Reject`], since the same request would fail the same way.
    pub fn answer(&self) -> Answer {
        Answer::Reject
    }

    /// The answer as a response: [`status`](Self::status), the JSON form of the error as the
    /// body (`Content-Type: application/json`) and, for `405`, the `Allow` header naming `POST`
    /// and `PUT`. `B` is any body type made from bytes (hyper's `Full<Bytes>`, axum's `Body`).
    ///
    /// ```
    /// use http::{Method, Request};
    /// use vibes_types::delivery::Delivery;
    ///
    /// let request = Request::get("/vibes").body(Vec::new())?;
    /// let response = Delivery::from_request(&request).unwrap_err().to_response::<Vec<u8>>();
    /// assert_eq!(response.status(), 405);
    /// assert_eq!(response.headers()["allow"], "POST, PUT");
    /// assert_eq!(response.headers()["content-type"], "application/json");
    /// let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    /// assert_eq!(body["error"]["kind"], "method");
    /// # Ok::<(), http::Error>(())
    /// ```
    pub fn to_response<B: From<Vec<u8>>>(&self) -> http::Response<B> {
        let mut response = json_response(self.status(), self);
        let headers = response.headers_mut();
        if self.status() == StatusCode::METHOD_NOT_ALLOWED {
            let allowed = super::read::METHODS
                .map(|method| method.to_string())
                .join(", ");
            if let Ok(allowed) = http::HeaderValue::from_str(&allowed) {
                headers.insert(http::header::ALLOW, allowed);
            }
        }
        response
    }

    fn first(&self) -> &DeliveryProblem {
        &self.problems[0]
    }
}

/// A response of `status` with `error`'s JSON form as its body (`Content-Type:
/// application/json`).
pub(crate) fn json_response<B: From<Vec<u8>>>(
    status: StatusCode,
    error: &impl Serialize,
) -> http::Response<B> {
    // Writing a map of strings to JSON cannot fail; an empty body would still say the status.
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut response = http::Response::new(B::from(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        // The first documented content type: `application/json`.
        http::HeaderValue::from_static(DestinationContentType::KNOWN[0]),
    );
    response
}

impl DeliveryProblem {
    /// The part of the request it concerns.
    pub fn kind(&self) -> DeliveryErrorKind {
        match self {
            DeliveryProblem::Method { .. } => DeliveryErrorKind::Method,
            DeliveryProblem::ContentType(_) => DeliveryErrorKind::ContentType,
            DeliveryProblem::Header(_) => DeliveryErrorKind::Header,
            DeliveryProblem::Body(_) => DeliveryErrorKind::Body,
            DeliveryProblem::Mismatch(_) => DeliveryErrorKind::Mismatch,
        }
    }

    /// The header it concerns, as the documentation spells it (`Content-Type`, `X-Event-Id`).
    pub fn header(&self) -> Option<&'static str> {
        match self {
            DeliveryProblem::ContentType(problem) | DeliveryProblem::Header(problem) => {
                Some(problem.header())
            }
            DeliveryProblem::Mismatch(mismatch) => Some(mismatch.header()),
            DeliveryProblem::Method { .. } | DeliveryProblem::Body(_) => None,
        }
    }

    /// The JSON path in the body it concerns: where a body fault is, or the field a header
    /// disagrees with.
    pub fn path(&self) -> Option<&JsonPath> {
        match self {
            DeliveryProblem::Body(error) => Some(error.path()),
            DeliveryProblem::Mismatch(mismatch) => Some(&mismatch.path),
            _ => None,
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("callback delivery: ")?;
        for (position, problem) in self.problems.iter().enumerate() {
            if position > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DeliveryError {
    /// The body's error, when the body is among the problems.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.problems.iter().find_map(|problem| match problem {
            DeliveryProblem::Body(error) => Some(error as &(dyn std::error::Error + 'static)),
            _ => None,
        })
    }
}

impl fmt::Display for DeliveryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryProblem::Method { found } => {
                let [post, put] = super::read::METHODS;
                write!(f, "method `{found}` is neither `{post}` nor `{put}`")
            }
            DeliveryProblem::ContentType(problem) | DeliveryProblem::Header(problem) => {
                write!(f, "{problem}")
            }
            DeliveryProblem::Body(error) => write!(f, "{error}"),
            DeliveryProblem::Mismatch(mismatch) => write!(f, "{mismatch}"),
        }
    }
}

impl fmt::Display for DeliveryWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeliveryWarning::Unrecognized(found) => write!(f, "{found}"),
            DeliveryWarning::Mismatch(mismatch) => write!(f, "{mismatch} (accepted)"),
        }
    }
}

/// The stable JSON form: `{"error": {"kind", "message", "path", "problems": [...]}}`.
impl Serialize for DeliveryError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_error(
            serializer,
            self.kind(),
            &self.to_string(),
            self.path().map(ToString::to_string),
            &self.problems,
        )
    }
}

/// The JSON form every error answer of this module has: `{"error": {"kind", "message", "path",
/// "problems"}}`.
pub(crate) fn serialize_error<S: Serializer>(
    serializer: S,
    kind: impl Serialize,
    message: &str,
    path: Option<String>,
    problems: &impl Serialize,
) -> Result<S::Ok, S::Error> {
    struct Body<'a, K, P> {
        kind: K,
        message: &'a str,
        path: Option<String>,
        problems: &'a P,
    }

    impl<K: Serialize, P: Serialize> Serialize for Body<'_, K, P> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut body = serializer.serialize_struct("DeliveryError", 4)?;
            body.serialize_field("kind", &self.kind)?;
            body.serialize_field("message", self.message)?;
            body.serialize_field("path", &self.path)?;
            body.serialize_field("problems", self.problems)?;
            body.end()
        }
    }

    let mut outer = serializer.serialize_map(Some(1))?;
    outer.serialize_entry(
        "error",
        &Body {
            kind,
            message,
            path,
            problems,
        },
    )?;
    outer.end()
}

/// One entry of `problems`: `{"kind", "header", "path", "message"}`.
impl Serialize for DeliveryProblem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut problem = serializer.serialize_struct("DeliveryProblem", 4)?;
        problem.serialize_field("kind", &self.kind())?;
        problem.serialize_field("header", &self.header())?;
        problem.serialize_field("path", &self.path().map(ToString::to_string))?;
        problem.serialize_field("message", &self.to_string())?;
        problem.end()
    }
}
