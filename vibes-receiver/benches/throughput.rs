//! Deliveries per second into the receiver's SQLite store, over real HTTP on 127.0.0.1, against
//! two axum handlers on the same sockets that store nothing: one that only reads the body, one
//! that also reads it as a delivery with the library's extractor.
//!
//! `cargo bench -p vibes-receiver` prints a markdown table (BENCHMARKS.md has the figures). The
//! client and the servers run in this one process, on the same cores: the figures are for the
//! whole round trip on one machine, not for the receiver alone.

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use axum::routing::any;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use vibes_inbox::{Store, StoreSpec};
use vibes_receiver::app::{self, Receiver};
use vibes_types::Callback;
use vibes_types::delivery::axum::Received;
use vibes_types::delivery::{Answer, DeliveryRules};

/// Concurrent clients, each sending one delivery after another.
const CONCURRENCY: usize = 32;
/// Deliveries per measurement.
const DELIVERIES: usize = 2_000;
/// Measurements of each server, taking turns so that a burst of other work on the machine slows
/// them alike; the median is reported. The first round is a warm-up, not counted.
const ROUNDS: usize = 7;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(measure());
}

async fn measure() {
    let load_before = load_average();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("inbox.sqlite");
    let store = Store::open(&StoreSpec::Sqlite(path.clone()))
        .await
        .expect("the SQLite store opens");
    let servers = [
        (
            "axum handler reading the body only (baseline)",
            Router::new().route("/", any(|_: Bytes| async { StatusCode::OK })),
        ),
        (
            "axum handler reading the delivery (`Received`), no store",
            Router::new()
                .route("/", any(|_: Received| async { Answer::Acknowledge }))
                .layer(axum::Extension(DeliveryRules::default())),
        ),
        (
            "vibes-receiver into SQLite (WAL, synchronous=FULL)",
            app::router(Arc::new(Receiver {
                store: store.clone(),
                path: "/".to_owned(),
                sources: None,
                rules: DeliveryRules::default(),
                max_body_bytes: 1 << 20,
                read_timeout: Duration::from_secs(10),
                body_budget: vibes_receiver::budget::BodyBudget::default(),
                writes: app::Writes::default(),
                metrics: Arc::default(),
            })),
        ),
    ];
    let mut running = Vec::new();
    for (name, router) in servers {
        running.push((name, Running::start(router).await, Vec::new()));
    }
    // Each server gets event ids of its own, so that the store never sees a repeat.
    let requests = Arc::new(requests(ROUNDS * running.len() * DELIVERIES));
    let mut next = 0;
    for round in 0..ROUNDS {
        for (_, server, times) in &mut running {
            let started = Instant::now();
            send_all(server.address, &requests, next..next + DELIVERIES).await;
            if round > 0 {
                times.push(started.elapsed());
            }
            next += DELIVERIES;
        }
    }
    let mut medians = Vec::new();
    for (name, server, mut times) in running {
        server.stop().await;
        times.sort();
        medians.push((
            name,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1],
        ));
    }
    store.close().await;
    let rows = rusqlite::Connection::open(&path)
        .and_then(|connection| {
            connection.query_row("SELECT count(*) FROM deliveries", [], |row| {
                row.get::<_, i64>(0)
            })
        })
        .expect("the rows are counted");
    assert_eq!(
        rows,
        (ROUNDS * DELIVERIES) as i64,
        "every delivery is stored once"
    );
    let load_after = load_average();

    println!(
        "{DELIVERIES} deliveries of the callback fixtures (unique event ids) per measurement, \
         {CONCURRENCY} concurrent clients, HTTP/1.1 on 127.0.0.1; median of {} rounds",
        ROUNDS - 1
    );
    println!("load average before: {load_before}; after: {load_after}\n");
    println!(
        "| server | deliveries/s (median) | slowest to fastest round | against the baseline |"
    );
    println!("|---|---|---|---|");
    let rate = |time: Duration| DELIVERIES as f64 / time.as_secs_f64();
    let baseline = medians[0].1;
    for (name, median, fastest, slowest) in medians {
        println!(
            "| {name} | {:.0} | {:.0} to {:.0} | {:.2} |",
            rate(median),
            rate(slowest),
            rate(fastest),
            baseline.as_secs_f64() / median.as_secs_f64(),
        );
    }
}

/// A server on 127.0.0.1, until stopped.
struct Running {
    address: SocketAddr,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn start(router: Router) -> Running {
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

    async fn stop(self) {
        let _ = self.stop.send(());
        self.task
            .await
            .expect("the server task")
            .expect("the server ran");
    }
}

/// Sends `requests[range]` to `address` from [`CONCURRENCY`] clients, each taking the next
/// request when its answer came; every answer must be 200.
async fn send_all(
    address: SocketAddr,
    requests: &Arc<Vec<(HeaderMap, Bytes)>>,
    range: std::ops::Range<usize>,
) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let next = Arc::new(AtomicUsize::new(range.start));
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, next, requests) = (client.clone(), Arc::clone(&next), Arc::clone(requests));
        let end = range.end;
        clients.spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= end {
                    return;
                }
                let (headers, body) = &requests[index];
                let mut request = Request::post(format!("http://{address}/"))
                    .body(Full::new(body.clone()))
                    .expect("a request");
                *request.headers_mut() = headers.clone();
                let response = client.request(request).await.expect("an answer");
                let status = response.status();
                response.into_body().collect().await.expect("a body");
                assert_eq!(status, StatusCode::OK);
            }
        });
    }
    while let Some(done) = clients.join_next().await {
        done.expect("a client");
    }
}

/// `count` deliveries: the callback fixtures in turn, each with an event id of its own (in the
/// body and its header), with the headers Vibes sends.
fn requests(count: usize) -> Vec<(HeaderMap, Bytes)> {
    let fixtures: Vec<Value> = vibes_tests::callback_fixtures()
        .into_iter()
        .map(|(_, bytes, _)| serde_json::from_slice(&bytes).expect("a JSON fixture"))
        .collect();
    (0..count)
        .map(|n| {
            let mut body = fixtures[n % fixtures.len()].clone();
            body["event_id"] = Value::from(format!("bench-{n:06}"));
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

/// The system's load averages over 1, 5 and 15 minutes, as `/proc/loadavg` gives them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}
