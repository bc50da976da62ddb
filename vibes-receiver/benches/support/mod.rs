//! What the receiver's benches share: a server on 127.0.0.1, the receiver's router on a store,
//! the requests Vibes would send, and the machine's load.

#![allow(dead_code)]

pub mod cpu;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue};
use bytes::Bytes;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use vibes_inbox::Store;
use vibes_receiver::app::{self, Receiver};
use vibes_types::Callback;
use vibes_types::delivery::DeliveryRules;

/// A server on 127.0.0.1, until stopped.
pub struct Running {
    pub address: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub async fn start(router: Router) -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("the address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(vibes_receiver::server::serve(
            listener,
            router,
            async {
                let _ = stopped.await;
            },
            vibes_receiver::server::Limits {
                head_timeout: Duration::from_secs(10),
                grace: Duration::from_secs(10),
                max_connections: 1024,
            },
        ));
        Running {
            address,
            stop,
            task,
        }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.task
            .await
            .expect("the server task")
            .expect("the server ran");
    }
}

/// The receiver's own router on `store`, every source allowed, with its default limits.
pub fn receiver(store: Store) -> Router {
    app::router(Arc::new(Receiver {
        store,
        path: "/".to_owned(),
        sources: None,
        rules: DeliveryRules::default(),
        max_body_bytes: 1 << 20,
        read_timeout: Duration::from_secs(10),
        body_budget: vibes_receiver::budget::BodyBudget::default(),
        writes: app::Writes::default(),
        metrics: Arc::default(),
    }))
}

/// Deliveries `first..first + count`: the callback fixtures in turn, each with an event id of its
/// own (in the body and its header), with the headers Vibes sends.
pub fn requests(first: usize, count: usize) -> Vec<(HeaderMap, Bytes)> {
    let fixtures: Vec<Value> = vibes_tests::callback_fixtures()
        .into_iter()
        .map(|(_, bytes, _)| serde_json::from_slice(&bytes).expect("a JSON fixture"))
        .collect();
    (first..first + count)
        .map(|n| {
            let mut body = fixtures[n % fixtures.len()].clone();
            body["event_id"] = Value::from(format!("bench-{n:07}"));
            let body = serde_json::to_vec(&body).expect("JSON");
            let callback = Callback::from_slice(&body).expect("a callback");
            let mut headers = vibes_tests::headers_for(&callback)
                .to_headers()
                .expect("text headers");
            headers.insert("content-type", HeaderValue::from_static("application/json"));
            (headers, Bytes::from(body))
        })
        .collect()
}

/// The PostgreSQL test server's URL, or why its rows are skipped.
pub fn postgres_server() -> Result<String, &'static str> {
    match std::env::var("VIBES_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Ok(url),
        _ => Err(
            "PostgreSQL skipped: VIBES_TEST_POSTGRES_URL is not set (`eval \"$(bash \
             .ci/postgres/start.sh)\"` starts a throw-away server)",
        ),
    }
}

/// The value at `fraction` (0 to 1) of `sorted`, nearest rank.
pub fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * fraction).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// A duration in milliseconds, for the tables.
pub fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1e3)
}

/// The system's load averages over 1, 5 and 15 minutes, as `/proc/loadavg` gives them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}
