//! The router: the delivery path and the health check, with the layers around them.

use crate::budget::BodyBudget;
use crate::receive;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Extension, Router};
use std::sync::Arc;
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

/// `200` while the store answers a trivial query on its tables, `503` when it does not.
async fn healthz(State(receiver): State<Arc<Receiver>>) -> Response {
    match receiver.store.check().await {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(error) => {
            warn!("the health check failed, since the store does not answer: {error}");
            let body = format!("the store does not answer: {error}\n");
            (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
        }
    }
}
