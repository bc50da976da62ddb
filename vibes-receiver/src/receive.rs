//! The delivery handler: the source checked, the body read in time, the delivery read by the
//! library, and a row written to the store before any answer.
//!
//! | the request | row | answer |
//! |---|---|---|
//! | a delivery, new | `deliveries` | `200` |
//! | a delivery whose event id is stored | none (the first is kept) | `200` |
//! | from a source not allowed | `rejected` | `403` (`SourceError`, naming the flag that allows it) |
//! | not a delivery: method, content type, headers, body, mismatch | `rejected` | its 4XX (`DeliveryError`) |
//! | a body over the limit, too slow, or cut off | `rejected`, without the body | `413`, `408`, `400` ([`Refusal`]) |
//! | any of these when the store fails | none | `503` (`Answer::Retry`): Vibes sends it again |

use crate::admin::metrics::Outcome;
use crate::app::Receiver;
use crate::budget::Held;
use crate::refusal::Refusal;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime};
use tracing::{debug, error, info, warn};
use vibes_inbox::{Accepted, Rejected, Stored, headers_json, timestamp};
use vibes_types::CallbackHeaders;
use vibes_types::delivery::axum::{DeliveryRejection, Received};
use vibes_types::delivery::{Answer, DeliveryWarning, SourceError};

/// Receives one request on the delivery path.
pub async fn receive(
    State(receiver): State<Arc<Receiver>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    // The body reads within the budget; the room it takes is given back once this handler is
    // done with it, the row written.
    let request = receiver.body_budget.apply(request);
    let _held = request.extensions().get::<Held>().cloned();
    let arrival = Arrival {
        started: Instant::now(),
        received_at: timestamp(SystemTime::now()),
        event_id: event_id(request.headers()),
        method: request.method().clone(),
        headers: request.headers().clone(),
        peer,
    };
    debug!(%peer, "receiving {}", arrival.named());
    let source = match &receiver.sources {
        Some(allowed) => allowed.check(peer.ip(), &arrival.headers).map(drop),
        None => Ok(()),
    };
    // The body of a refused source is read too, to keep it.
    let read =
        tokio::time::timeout(receiver.read_timeout, Received::from_request(request, &())).await;
    let refused = match (source, read) {
        (Err(source), read) => {
            let body = match read {
                Ok(Ok(received)) => Some(received.body),
                Ok(Err(DeliveryRejection::Invalid(invalid))) => Some(invalid.body),
                _ => None,
            };
            Refused::source(&source, body)
        }
        (Ok(()), Err(_elapsed)) => Refused::own(Refusal::too_slow(receiver.read_timeout), None),
        (Ok(()), Ok(Ok(received))) => return accept(&receiver, arrival, received).await,
        (Ok(()), Ok(Err(DeliveryRejection::Invalid(invalid)))) => Refused::new(
            invalid.error.status(),
            &invalid.error,
            invalid.error.to_response(),
            Some(invalid.body),
        ),
        (Ok(()), Ok(Err(DeliveryRejection::Body(rejection)))) => {
            let refusal = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Refusal::too_large(receiver.max_body_bytes)
            } else {
                Refusal::unreadable(rejection.status(), &rejection.body_text())
            };
            Refused::own(refusal, None)
        }
        (Ok(()), Ok(Err(other))) => Refused::own(
            Refusal::unreadable(StatusCode::BAD_REQUEST, &other.to_string()),
            None,
        ),
    };
    keep(&receiver, arrival, refused).await
}

/// What is known of a request as soon as its head arrived.
struct Arrival {
    started: Instant,
    received_at: String,
    event_id: Option<String>,
    method: Method,
    headers: HeaderMap,
    peer: SocketAddr,
}

/// A refusal to keep and answer: its status, its JSON form and message, the response, and the
/// body if it was read.
struct Refused {
    status: StatusCode,
    json: String,
    message: String,
    response: Response,
    body: Option<Bytes>,
}

/// Stores a delivery that was read, then acknowledges it; asks for a retry if the store fails.
async fn accept(receiver: &Receiver, arrival: Arrival, received: Received) -> Response {
    let Received { delivery, body, .. } = received;
    let event_id = delivery.dedup_key().to_owned();
    let callback_type = delivery.headers.event_type.as_str().to_owned();
    for warning in &delivery.warnings {
        log_warning(&event_id, &callback_type, warning);
    }
    let bytes = body.len();
    let row = Accepted {
        event_id: event_id.clone(),
        callback_type: callback_type.clone(),
        received_at: arrival.received_at,
        source: arrival.peer.ip().to_string(),
        headers: headers_json(&arrival.headers),
        body,
        method: arrival.method.to_string(),
    };
    let stored = receiver.store.accept(row).await;
    receiver.writes.record(&stored);
    let outcome = match &stored {
        Ok(Stored::New) => Outcome::Accepted,
        Ok(Stored::Duplicate) => Outcome::Duplicate,
        Err(_) => Outcome::StoreFailed,
    };
    let answer = match outcome {
        Outcome::StoreFailed => Answer::Retry,
        _ => Answer::Acknowledge,
    };
    receiver.metrics.delivery(
        outcome,
        answer.status().as_u16(),
        Some(&callback_type),
        arrival.started.elapsed(),
    );
    match stored {
        Ok(Stored::New) => {
            info!(event_id, callback_type, bytes, "stored delivery {event_id}");
        }
        Ok(Stored::Duplicate) => {
            info!(
                event_id,
                callback_type,
                bytes,
                "delivery {event_id} was stored already: acknowledged again, not stored twice"
            );
        }
        Err(failure) => {
            error!(
                event_id,
                callback_type,
                error = %failure,
                "delivery {event_id} could not be stored, so it was answered 503 for Vibes to send it again: {failure}"
            );
        }
    }
    answer.into_response()
}

/// Keeps a refused request in `rejected`, then answers with its refusal; asks for a retry if the
/// store fails, so that the bytes come again.
async fn keep(receiver: &Receiver, arrival: Arrival, refused: Refused) -> Response {
    let named = arrival.named().to_string();
    let status = refused.status.as_u16();
    let row = Rejected {
        received_at: arrival.received_at,
        status,
        event_id: arrival.event_id,
        method: arrival.method.to_string(),
        source: arrival.peer.ip().to_string(),
        error: refused.json,
        headers: headers_json(&arrival.headers),
        body: refused.body,
    };
    let message = refused.message;
    let callback_type = arrival
        .headers
        .get(CallbackHeaders::EVENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let kept = receiver.store.reject(row).await;
    receiver.writes.record(&kept);
    let (outcome, answered) = match &kept {
        Ok(()) => (Outcome::Refused, status),
        Err(_) => (Outcome::StoreFailed, Answer::Retry.status().as_u16()),
    };
    receiver.metrics.delivery(
        outcome,
        answered,
        callback_type.as_deref(),
        arrival.started.elapsed(),
    );
    match kept {
        Ok(()) => {
            warn!(
                status,
                peer = %arrival.peer,
                "{named} was refused with {status} and kept in `rejected`: {message}"
            );
            refused.response
        }
        Err(failure) => {
            error!(
                status,
                peer = %arrival.peer,
                error = %failure,
                "{named} was refused with {status} but could not be kept, so it was answered 503 for Vibes to send it again: {failure}"
            );
            Answer::Retry.into_response()
        }
    }
}

impl Refused {
    /// A refusal by one of the library's errors.
    fn new(
        status: StatusCode,
        error: &(impl Serialize + fmt::Display),
        response: axum::http::Response<axum::body::Body>,
        body: Option<Bytes>,
    ) -> Refused {
        Refused {
            status,
            // Writing a map of strings as JSON cannot fail.
            json: serde_json::to_string(error).unwrap_or_default(),
            message: error.to_string(),
            response,
            body,
        }
    }

    /// A refused source: the library's error, with a sentence naming the flag that lets the
    /// source in, in the answer, the row and the log alike (the library knows no flags).
    fn source(error: &SourceError, body: Option<Bytes>) -> Refused {
        let message = format!("{error}; {}", source_hint(error));
        let mut json = serde_json::to_value(error).unwrap_or_default();
        json["error"]["message"] = message.clone().into();
        if let Some(problems) = json["error"]["problems"].as_array_mut() {
            for problem in problems {
                problem["message"] = message.clone().into();
            }
        }
        let json = json.to_string();
        let mut response = (error.status(), json.clone()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        Refused {
            status: error.status(),
            json,
            message,
            response,
            body,
        }
    }

    /// A refusal of the receiver's own.
    fn own(refusal: Refusal, body: Option<Bytes>) -> Refused {
        Refused {
            status: refusal.status,
            json: refusal.to_json(),
            message: refusal.message.clone(),
            response: refusal.into_response(),
            body,
        }
    }
}

impl Arrival {
    /// The request as the log names it.
    fn named(&self) -> Named<'_> {
        Named(self.event_id.as_deref())
    }
}

/// A request named by its event id, when it has one.
struct Named<'a>(Option<&'a str>);

impl fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(event_id) => write!(f, "delivery {event_id}"),
            None => write!(
                f,
                "a request without a readable {}",
                CallbackHeaders::EVENT_ID
            ),
        }
    }
}

/// What lets a refused source in: the `--allow-source` range of the address (a test host, a
/// probe), or, behind a proxy, the flags that say where it writes the client address.
fn source_hint(error: &SourceError) -> String {
    match error {
        SourceError::NotAllowed { address } => {
            let bits = if address.is_ipv4() { 32 } else { 128 };
            format!("to accept it, start the receiver with `--allow-source {address}/{bits}`")
        }
        _ => "the trusted proxy (`--trust-proxy`) must write the client address in the header of \
              `--forwarded-header`"
            .to_owned(),
    }
}

/// The `X-Event-Id` header, when it comes once as visible text.
fn event_id(headers: &HeaderMap) -> Option<String> {
    let mut values = headers.get_all(CallbackHeaders::EVENT_ID).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => value.to_str().ok().map(str::to_owned),
        _ => None,
    }
}

/// One log line for what lenient reading let through, with its kind and JSON path as fields.
fn log_warning(event_id: &str, callback_type: &str, warning: &DeliveryWarning) {
    let (kind, path) = match warning {
        DeliveryWarning::Unrecognized(found) => ("unrecognized", found.path().to_string()),
        DeliveryWarning::Mismatch(mismatch) => ("mismatch", mismatch.path.to_string()),
        _ => ("other", String::new()),
    };
    warn!(
        event_id,
        callback_type,
        kind,
        path,
        "delivery {event_id} was accepted with something outside the contract: {warning}"
    );
}
