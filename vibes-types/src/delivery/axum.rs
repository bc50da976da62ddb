//! An axum extractor that reads a delivery and, when the request is not one, answers on its own
//! with the right status code and the error as JSON.
//!
//! A handler takes [`Received`] as its last argument (it reads the body) and answers with an
//! [`Answer`]; the crate docs' guide has a complete one. A receiver that loses no byte keeps
//! what it rejects too, by taking the `Result`:
//!
//! ```
//! use axum::{Router, response::{IntoResponse, Response}, routing::post};
//! use vibes_types::delivery::Answer;
//! use vibes_types::delivery::axum::{DeliveryRejection, Received};
//!
//! async fn receive(received: Result<Received, DeliveryRejection>) -> Response {
//!     match received {
//!         Ok(Received { delivery, body, .. }) => {
//!             println!("{}: {} bytes", delivery.dedup_key(), body.len()); // store them
//!             Answer::Acknowledge.into_response()
//!         }
//!         Err(DeliveryRejection::Invalid(invalid)) => {
//!             println!("rejected: {}", invalid.error); // store `invalid.body` and `invalid.headers`
//!             invalid.error.into_response() // its 4XX and the error as JSON
//!         }
//!         Err(other) => other.into_response(), // the body could not be read: 413, or 400
//!     }
//! }
//!
//! let app: Router = Router::new().route("/vibes", post(receive).put(receive));
//! ```
//!
//! **The rules** come from the request's extensions, where axum's `Extension(rules)` layer puts
//! them, and are the defaults when none is there. Not from the router's state: an extractor that
//! needs `DeliveryRules: FromRef<S>` would make every application put the rules in its state,
//! even to keep the defaults, and would not work with a state of its own that lacks them.
//!
//! **The body** is read with axum's own body limit (`DefaultBodyLimit`, 2 MB unless the
//! application sets another); a body over it is answered `413 Payload Too Large` by axum's
//! rejection, before any reading. A request that is not a delivery is answered by
//! [`DeliveryError::to_response`]: its 4XX and the error's JSON form, with the path of a body
//! fault; [`DeliveryRejection::Invalid`] holds the request's method, headers and body.
//!
//! Available on crate feature `axum` only.

use super::{Answer, Delivery, DeliveryError, DeliveryRules};
use axum_core::body::Body;
use axum_core::extract::rejection::BytesRejection;
use axum_core::extract::{FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use bytes::Bytes;
use http::{HeaderMap, Method};

/// A delivery read from an axum request, and its body as received (to store the exact bytes).
///
/// Available on crate feature `axum` only.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Received {
    /// The typed delivery.
    pub delivery: Delivery,
    /// The body, byte for byte.
    pub body: Bytes,
}

/// Why [`Received`] could not be extracted; as a response, the answer to give.
///
/// Available on crate feature `axum` only.
#[derive(Debug)]
#[non_exhaustive]
pub enum DeliveryRejection {
    /// The body could not be read: over the body limit (`413`), or the connection failed. Its
    /// response is axum's.
    Body(BytesRejection),
    /// The request was read but is not a delivery: answered with the error's 4XX and JSON form.
    Invalid(InvalidDelivery),
}

/// A request that is not a delivery, with everything it carried, to keep it all the same.
///
/// Available on crate feature `axum` only.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct InvalidDelivery {
    /// Every problem of the request.
    pub error: DeliveryError,
    /// The request's method.
    pub method: Method,
    /// The request's headers.
    pub headers: HeaderMap,
    /// The body, byte for byte.
    pub body: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for Received {
    type Rejection = DeliveryRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let rules = request
            .extensions()
            .get::<DeliveryRules>()
            .copied()
            .unwrap_or_default();
        let (parts, body) = request.into_parts();
        // axum's body limit lives in the extensions, so the body is read with them.
        let mut for_body = Request::new(body);
        *for_body.extensions_mut() = parts.extensions.clone();
        let body = Bytes::from_request(for_body, state)
            .await
            .map_err(DeliveryRejection::Body)?;
        match rules.read_parts(&parts, &body) {
            Ok(delivery) => Ok(Received { delivery, body }),
            Err(error) => Err(DeliveryRejection::Invalid(InvalidDelivery {
                error,
                method: parts.method,
                headers: parts.headers,
                body,
            })),
        }
    }
}

/// The status code of the answer, with an empty body.
///
/// Available on crate feature `axum` only.
impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        self.status().into_response()
    }
}

/// [`DeliveryError::to_response`]: its 4XX, and the error as JSON.
///
/// Available on crate feature `axum` only.
impl IntoResponse for DeliveryError {
    fn into_response(self) -> Response {
        self.to_response::<Body>()
    }
}

/// [`SourceError::to_response`](super::SourceError::to_response): `403`, and the error as JSON.
///
/// Available on crate features `axum` and `sources` only.
#[cfg(feature = "sources")]
impl IntoResponse for super::SourceError {
    fn into_response(self) -> Response {
        self.to_response::<Body>()
    }
}

impl IntoResponse for DeliveryRejection {
    fn into_response(self) -> Response {
        match self {
            DeliveryRejection::Body(rejection) => rejection.into_response(),
            DeliveryRejection::Invalid(invalid) => invalid.error.into_response(),
        }
    }
}

impl std::fmt::Display for DeliveryRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeliveryRejection::Body(rejection) => write!(f, "callback delivery: {rejection}"),
            DeliveryRejection::Invalid(invalid) => write!(f, "{}", invalid.error),
        }
    }
}

impl std::error::Error for DeliveryRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DeliveryRejection::Body(rejection) => Some(rejection),
            DeliveryRejection::Invalid(invalid) => Some(&invalid.error),
        }
    }
}
