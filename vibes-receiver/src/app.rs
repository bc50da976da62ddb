//! The router: the delivery path and the health check, with the layers around them.

use crate::admin::metrics::Metrics;
use crate::budget::BodyBudget;
use crate::receive;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Extension, Router};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tracing::warn;
use vibes_inbox::Store;
use vibes_types::delivery::{DeliveryRules, SourceAllowList};

/// The path of the health check.
pub const HEALTH_PATH: &str = "/healthz";

/// What the handlers share: the store, and how requests are checked and read.
#[derive(Debug)]
pub struct Receiver {
    /// Where every request is written.
    pub store: Store,
    /// The path deliveries are accepted on: a plain path as `--path` takes it.
    pub path: String,
    /// The sources deliveries are accepted from; `None` for any.
    pub sources: Option<SourceAllowList>,
    /// How deliveries are read.
    pub rules: DeliveryRules,
    /// The largest body accepted.
    pub max_body_bytes: usize,
    /// How long a body may take to arrive.
    pub read_timeout: Duration,
    /// The bound on body bytes in memory across all requests.
    pub body_budget: BodyBudget,
    /// Whether the last write to the store failed, as `/healthz` reports it.
    pub writes: Writes,
    /// What the admin listener's `/metrics` counts.
    pub metrics: Arc<Metrics>,
}

/// The outcome of the receiver's last write to the store: a delivery or a refused request
/// stored, or the health check's write. A failure makes `/healthz` answer 503 until a write
/// succeeds; reading the store alone cannot tell, since a full disk or a lock held elsewhere
/// lets reads through.
#[derive(Debug, Default)]
pub struct Writes(Mutex<Option<WriteFailure>>);

/// A failed write: when, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WriteFailure {
    /// When it failed, in RFC 3339.
    pub at: String,
    /// The store's error.
    pub reason: String,
}

impl Writes {
    /// Records the outcome of a write.
    pub fn record<T, E: std::fmt::Display>(&self, outcome: &Result<T, E>) {
        let failure = outcome.as_ref().err().map(|error| WriteFailure {
            at: vibes_inbox::timestamp(std::time::SystemTime::now()),
            reason: error.to_string(),
        });
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = failure;
    }

    /// The last write's failure, if it failed.
    pub fn failure(&self) -> Option<WriteFailure> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// The receiver's routes: every method on the delivery path (the reader answers a method other
/// than `POST` and `PUT` with 405, and the request is kept like any refused one), and `GET
/// /healthz`. To be served with `into_make_service_with_connect_info::<SocketAddr>()`, which
/// gives the handler the peer address the source check needs.
pub fn router(receiver: Arc<Receiver>) -> Router {
    Router::new()
        .route(HEALTH_PATH, get(healthz))
        .route(&receiver.path, any(receive::receive))
        // The delivery extractor finds its rules and its body limit in the extensions.
        .layer(Extension(receiver.rules))
        .layer(DefaultBodyLimit::max(receiver.max_body_bytes))
        .with_state(receiver)
}

/// Whether a delivery can be stored now: `200` while the last write succeeded and the store
/// answers a trivial query on its tables; `503`, saying why, when it does not answer, or after
/// a write failed until one succeeds. After a failure each check tries a write of its own (one
/// that changes nothing), so that the receiver comes back once the store does, deliveries or
/// not.
async fn healthz(State(receiver): State<Arc<Receiver>>) -> Response {
    let unavailable = |body: String| (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    if let Some(failed) = receiver.writes.failure() {
        let probed = receiver.store.probe().await;
        receiver.writes.record(&probed);
        if let Err(error) = probed {
            warn!(
                "the health check failed, since the store cannot write: a write failed at {} ({}), and a write tried now fails too: {error}",
                failed.at, failed.reason
            );
            return unavailable(format!(
                "the store cannot write: a write failed at {} ({}), and a write tried now fails too: {error}\n",
                failed.at, failed.reason
            ));
        }
    }
    match receiver.store.check().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(error) => {
            warn!("the health check failed, since the store does not answer: {error}");
            unavailable(format!("the store does not answer: {error}\n"))
        }
    }
}
