//! The record of every test event delivery: what was sent where, each attempt and its answer,
//! and how the delivery ended. The emulator serves it as JSON at [`DELIVERIES_PATH`], and
//! [`fetch`] reads it from a running emulator.

use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;
use vibes_client::deliver::{Attempt, Ending, Reply};
use vibes_types::Timestamp;
use vibes_types::delivery::Outcome;

/// The path of the JSON view of every delivery, outside the API's paths.
pub const DELIVERIES_PATH: &str = "/_emulator/deliveries";

/// The JSON view: every delivery, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deliveries {
    /// Every delivery of every test event, oldest first.
    pub deliveries: Vec<DeliveryRecord>,
}

/// One test event delivered to one registration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    /// The event's id: the body's `event_id`, `X-Event-Id`, and the test event answer's.
    pub event_id: String,
    /// The registration it is delivered for.
    pub callback_id: String,
    /// The company key of the API call that asked for it (also `X-Company-Id`).
    pub company_key: String,
    /// The callback type.
    pub callback_type: String,
    /// The registration's method, `POST` or `PUT`.
    pub method: String,
    /// The registration's destination URL.
    pub url: String,
    /// The headers of every attempt but `X-Delivery-Attempts`, which each attempt sets to its
    /// own number (see [`AttemptRecord::number`]); names in lowercase.
    pub headers: BTreeMap<String, String>,
    /// The body, the same bytes on every attempt.
    pub body: String,
    /// When the test event was asked for.
    pub queued_at: String,
    /// Where the delivery stands.
    pub state: DeliveryState,
    /// Why the delivery could not be sent at all, when [`DeliveryState::NotDeliverable`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Every attempt made so far, in order.
    pub attempts: Vec<AttemptRecord>,
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Attempts are under way, or a retry is waiting.
    Delivering,
    /// A 2XX answered.
    Done,
    /// A 4XX answered: no retry, as Vibes records a permanent failure.
    PermanentFailure,
    /// Every attempt was answered 3XX or 5XX, or not in time.
    RetriedOut,
    /// The registration's destination cannot be sent to (not an http or https URL).
    NotDeliverable,
}

/// One attempt of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    /// Its number, sent as `X-Delivery-Attempts`, from 1.
    pub number: u32,
    /// When it ended.
    pub at: String,
    /// How long it took, in milliseconds.
    pub took_ms: u64,
    /// The answer's status, when one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The start of the answer's body (at most 4 KiB), when one came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Why no answer came (a timeout, a refused connection), when none did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What Vibes makes of it: `done`, `permanent_failure` or `retried`.
    pub outcome: String,
}

/// Why the view of a running emulator could not be read.
#[derive(Debug)]
pub struct FetchError(String);

impl DeliveryState {
    /// The state a finished delivery ended in.
    pub fn of(ending: Ending) -> Self {
        match ending {
            Ending::Done => DeliveryState::Done,
            Ending::PermanentFailure => DeliveryState::PermanentFailure,
            Ending::RetriedOut => DeliveryState::RetriedOut,
        }
    }

    /// The state as the JSON view writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Delivering => "delivering",
            DeliveryState::Done => Ending::Done.as_str(),
            DeliveryState::PermanentFailure => Ending::PermanentFailure.as_str(),
            DeliveryState::RetriedOut => Ending::RetriedOut.as_str(),
            DeliveryState::NotDeliverable => "not_deliverable",
        }
    }
}

impl fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AttemptRecord {
    /// The record of `attempt`, ended now.
    pub fn of(attempt: &Attempt) -> Self {
        let outcome = match attempt.reply.outcome() {
            Outcome::Done => "done",
            Outcome::PermanentFailure => "permanent_failure",
            _ => "retried",
        };
        let (status, answer, error) = match &attempt.reply {
            Reply::Status(status, answered) => {
                (Some(status.as_u16()), Some(answered.text.clone()), None)
            }
            Reply::NoAnswer(why) => (None, None, Some(why.clone())),
        };
        AttemptRecord {
            number: attempt.number.get(),
            at: Timestamp::now().as_str().to_owned(),
            took_ms: u64::try_from(attempt.took.as_millis()).unwrap_or(u64::MAX),
            status,
            answer,
            error,
            outcome: outcome.to_owned(),
        }
    }
}

/// The headers of a request as the view writes them: lowercase names, values as text.
pub fn header_texts(headers: &HeaderMap) -> BTreeMap<String, String> {
    headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect()
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FetchError {}

/// Reads the deliveries of the emulator at `base` (`http://127.0.0.1:8080`), within `timeout`.
pub async fn fetch(base: &Uri, timeout: Duration) -> Result<Deliveries, FetchError> {
    let url = format!(
        "{}{DELIVERIES_PATH}",
        base.to_string().trim_end_matches('/')
    );
    let uri: Uri = url
        .parse()
        .map_err(|error| FetchError(format!("`{url}` is not a URL: {error}")))?;
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let request = Request::get(uri)
        .body(Empty::new())
        .map_err(|error| FetchError(error.to_string()))?;
    let exchange = async {
        let answer = client
            .request(request)
            .await
            .map_err(|error| FetchError(format!("no answer from {url}: {error}")))?;
        let status = answer.status();
        let body = answer
            .into_body()
            .collect()
            .await
            .map_err(|error| FetchError(format!("the answer of {url} broke off: {error}")))?
            .to_bytes();
        Ok::<_, FetchError>((status, body))
    };
    let (status, body) = tokio::time::timeout(timeout, exchange)
        .await
        .map_err(|_| FetchError(format!("no answer from {url} within {timeout:?}")))??;
    if status != StatusCode::OK {
        return Err(FetchError(format!(
            "{url} answered {status}: {}",
            String::from_utf8_lossy(&body)
        )));
    }
    serde_json::from_slice(&body).map_err(|error| {
        FetchError(format!(
            "{url} did not answer the emulator's deliveries: {error}"
        ))
    })
}
