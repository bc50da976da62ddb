//! The admin listener (`--admin ADDR`): `/metrics` for Prometheus, and the inbox page an operator
//! reads, on an address of their own, never the delivery address. One file per job: the
//! listener, the token, the metrics, the pages and the retry button.
//!
//! Every answer of the admin listener is only read from the store but the retry button's, which
//! makes a dead delivery pending again.

pub mod auth;
pub mod listener;
pub mod metrics;
pub mod pages;
pub mod retry;

use crate::admin::auth::Token;
use crate::admin::metrics::{Backlog, Metrics};
use crate::admin::retry::FormToken;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::Mutex;
use tracing::warn;
use vibes_inbox::{Inbox, State as DeliveryState, StoreSpec};

/// The admin listener's flags, for the receiver and for `forward`.
#[derive(Clone, Debug, Default, Args)]
pub struct AdminArgs {
    /// Serve `/metrics` and the inbox page on this address, apart from deliveries: `HOST:PORT`,
    /// or a bare port for `127.0.0.1:PORT`. Off unless given.
    #[arg(long, value_name = "ADDR", value_parser = listener::address)]
    pub admin: Option<SocketAddr>,
    /// A file holding the token the admin listener asks for (`Authorization: Bearer TOKEN`, or
    /// the password of HTTP Basic); or give it in the environment, `VIBES_ADMIN_TOKEN`. Without
    /// either, the admin listener asks for none.
    #[arg(long, value_name = "FILE", requires = "admin")]
    pub admin_token_file: Option<PathBuf>,
}

/// The admin listener's settings, from its flags and the environment.
#[derive(Clone, Debug)]
pub struct AdminSettings {
    /// Where it listens.
    pub address: SocketAddr,
    /// The token it asks for, if any.
    pub token: Option<Token>,
}

impl AdminArgs {
    /// The settings, `None` without `--admin`; the token read from `VIBES_ADMIN_TOKEN` or the
    /// file.
    pub fn settings(&self) -> Result<Option<AdminSettings>, String> {
        let from_env = std::env::var(auth::TOKEN_VARIABLE).ok();
        let Some(address) = self.admin else {
            return Ok(None);
        };
        let token = Token::load(from_env, self.admin_token_file.as_deref())?;
        Ok(Some(AdminSettings { address, token }))
    }
}

/// What the admin listener's handlers share.
#[derive(Debug)]
pub struct Admin {
    /// The process's metrics.
    pub metrics: Arc<Metrics>,
    /// The store the page and the inbox metrics read.
    store: StoreSpec,
    /// A connection to it, opened at the first read and again after one failed.
    inbox: Mutex<Option<Inbox>>,
    /// The token of the page's forms.
    form_token: FormToken,
}

impl Admin {
    /// The admin state of a process with these metrics, on `store`.
    pub fn new(metrics: Arc<Metrics>, store: StoreSpec) -> Result<Admin, String> {
        Ok(Admin {
            metrics,
            store,
            inbox: Mutex::new(None),
            form_token: FormToken::new()?,
        })
    }

    /// Runs `read` on the store's connection, opening it if needed; a failure drops the
    /// connection, so that the next read opens a new one (a PostgreSQL server restarted).
    pub async fn read<T>(
        &self,
        read: impl AsyncFnOnce(&mut Inbox) -> Result<T, vibes_inbox::StoreError>,
    ) -> Result<T, vibes_inbox::StoreError> {
        let mut held = self.inbox.lock().await;
        let inbox = match &mut *held {
            Some(inbox) => inbox,
            None => held.insert(Inbox::open(&self.store).await?),
        };
        let result = read(inbox).await;
        if result.is_err() {
            *held = None;
        }
        result
    }

    /// The inbox's state now, as the store answers; `None`, logged, if it cannot be read.
    async fn backlog(&self) -> Option<Backlog> {
        let read = self
            .read(async |inbox| Ok((inbox.states().await?, inbox.oldest_pending().await?)))
            .await;
        let (counts, oldest) = match read {
            Ok(read) => read,
            Err(error) => {
                warn!("/metrics could not read the inbox's state from the store: {error}");
                return None;
            }
        };
        let states = DeliveryState::ALL
            .into_iter()
            .map(|state| {
                let count = counts
                    .iter()
                    .find(|count| count.state == state)
                    .map_or(0, |count| count.count);
                (state, count)
            })
            .collect();
        Some(Backlog {
            states,
            oldest_pending_age: oldest.as_deref().map(age),
        })
    }
}

/// How long ago `received_at` (a store timestamp) was; zero if it cannot be read or is ahead.
fn age(received_at: &str) -> Duration {
    chrono::DateTime::parse_from_rfc3339(received_at)
        .ok()
        .and_then(|then| {
            let now = chrono::DateTime::<chrono::Utc>::from(SystemTime::now());
            (now - then.with_timezone(&chrono::Utc)).to_std().ok()
        })
        .unwrap_or_default()
}

/// The admin router: `/metrics` and the pages, behind the token when one is set.
pub fn router(admin: Arc<Admin>, token: Option<Token>) -> Router {
    Router::new()
        .route("/", get(pages::list::show))
        .route("/delivery", get(pages::delivery::show))
        .route("/refused", get(pages::refused::list))
        .route("/refused/one", get(pages::refused::one))
        .route("/dead", get(pages::dead::list))
        .route("/retry", post(retry::retry))
        .route("/metrics", get(scrape))
        .with_state(admin)
        .layer(axum::middleware::from_fn_with_state(token, auth::require))
}

/// `GET /metrics`: every metric, the inbox's read from the store now.
async fn scrape(State(admin): State<Arc<Admin>>) -> Response {
    let backlog = admin.backlog().await;
    let mut response = (StatusCode::OK, admin.metrics.encode(backlog)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(metrics::CONTENT_TYPE),
    );
    response
}

/// Starts the admin listener of `settings`, if any, for a process with these metrics on `store`.
pub async fn start(
    settings: Option<AdminSettings>,
    metrics: &Arc<Metrics>,
    store: &StoreSpec,
    delivery: Option<SocketAddr>,
) -> Result<Option<listener::Running>, String> {
    let Some(settings) = settings else {
        return Ok(None);
    };
    let admin = Arc::new(Admin::new(Arc::clone(metrics), store.clone())?);
    listener::start(settings.address, delivery, router(admin, settings.token))
        .await
        .map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_age_is_measured_from_a_store_timestamp() {
        let minute_ago = vibes_inbox::timestamp(SystemTime::now() - Duration::from_secs(60));
        let measured = age(&minute_ago);
        assert!((60..62).contains(&measured.as_secs()), "{measured:?}");
        assert_eq!(age("not a time"), Duration::ZERO);
        assert_eq!(age("2999-01-01T00:00:00.000000Z"), Duration::ZERO);
    }
}
