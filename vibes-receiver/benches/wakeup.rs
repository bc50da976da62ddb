//! From the receiver's 200 to the handler's start: how long an idle worker takes to begin a
//! delivery the receiver has just stored, on SQLite and on PostgreSQL (issue 20, point 6).
//!
//! `cargo bench -p vibes-receiver --bench wakeup` prints a markdown table (BENCHMARKS.md has the
//! figures). In this one process: the receiver's own router on a fresh store, served on
//! 127.0.0.1, and one `Worker` with the default options on the same store, whose handler notes
//! when it starts. One client sends one delivery at a time, at a random moment 20 to 60 ms after
//! the previous one started, so that the worker is idle each time and the moment falls anywhere
//! in its wait; the latency is from the moment the client has the 200 to the handler's start,
//! both read from this process's monotonic clock. A handler may start before the client has
//! read its 200 (the worker is woken by the commit, which comes before the answer): such a
//! latency counts as zero, and the table says how many there were.
//!
//! The PostgreSQL rows need the server of `VIBES_TEST_POSTGRES_URL`; without it they are
//! skipped with a line that says so. `VIBES_BENCH_SAMPLES` (300) deliveries per store.

mod support;

use axum::http::{Request, StatusCode};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};
use support::{Running, load_average, ms, percentile, postgres_server, receiver, requests};
use tokio::sync::mpsc;
use vibes_inbox::{Delivery, Failure, Options, Store, StoreSpec, Worker};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(measure());
}

async fn measure() {
    let samples = std::env::var("VIBES_BENCH_SAMPLES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(300usize);
    let load_before = load_average();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut stores = vec![(
        "SQLite",
        StoreSpec::Sqlite(folder.path().join("inbox.sqlite")),
        None,
    )];
    match postgres_server() {
        Ok(server) => {
            let schema = vibes_tests::postgres::Schema::new(&server, "wakeup").await;
            stores.push((
                "PostgreSQL",
                StoreSpec::Postgres(schema.url.clone()),
                Some(schema),
            ));
        }
        Err(skipped) => println!("{skipped}\n"),
    }
    let mut rows = Vec::new();
    for (name, spec, _) in &stores {
        rows.push((*name, wakeups(spec, samples).await));
    }
    for (_, _, schema) in stores {
        if let Some(schema) = schema {
            schema.drop().await;
        }
    }
    let load_after = load_average();
    println!(
        "{samples} deliveries per store, one at a time, 20 to 60 ms apart, to the receiver's \
         router in this process, with one idle Worker (default options) on the same store"
    );
    println!("load average before: {load_before}; after: {load_after}\n");
    println!("| store | p50 | p90 | p99 | max | started before the 200 was read |");
    println!("|---|--:|--:|--:|--:|--:|");
    for (name, (mut latencies, early)) in rows {
        latencies.sort();
        println!(
            "| {name} | {} | {} | {} | {} | {early} of {} |",
            ms(percentile(&latencies, 0.50)),
            ms(percentile(&latencies, 0.90)),
            ms(percentile(&latencies, 0.99)),
            ms(percentile(&latencies, 1.0)),
            latencies.len()
        );
    }
}

/// Sends `samples` deliveries one at a time to a receiver on `spec` with an idle worker beside
/// it; answers each latency from the 200 to the handler's start, and how many handlers started
/// before the client had its 200.
async fn wakeups(spec: &StoreSpec, samples: usize) -> (Vec<Duration>, usize) {
    let store = Store::open(spec).await.expect("the store opens");
    let server = Running::start(receiver(store.clone())).await;
    let worker = Worker::open(spec, Options::default())
        .await
        .expect("a worker opens");
    let (started, mut starts) = mpsc::unbounded_channel::<(String, Instant)>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        let handler = move |delivery: Delivery| {
            let _ = started.send((delivery.event_id, Instant::now()));
            async { Ok::<(), Failure>(()) }
        };
        worker
            .run(handler, async {
                let _ = stopped.await;
            })
            .await
    });
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let requests = requests(0, samples);
    let mut random = 0x2545_f491_4f6c_dd1d_u64;
    let mut latencies = Vec::with_capacity(samples);
    let mut early = 0;
    // The worker starts idle.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for (n, (headers, body)) in requests.into_iter().enumerate() {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        tokio::time::sleep(Duration::from_micros(20_000 + random % 40_000)).await;
        let mut request = Request::post(format!("http://{}/", server.address))
            .body(Full::new(body))
            .expect("a request");
        *request.headers_mut() = headers;
        let response = client.request(request).await.expect("an answer");
        let answered = Instant::now();
        assert_eq!(response.status(), StatusCode::OK);
        response.into_body().collect().await.expect("a body");
        let (event_id, began) = tokio::time::timeout(Duration::from_secs(10), starts.recv())
            .await
            .expect("the handler starts within 10 s")
            .expect("the worker runs");
        assert_eq!(event_id, format!("bench-{n:07}"), "the delivery just sent");
        if began < answered {
            early += 1;
        }
        latencies.push(began.saturating_duration_since(answered));
    }
    let _ = stop.send(());
    let tally = running.await.expect("the worker ran");
    assert_eq!(
        tally.handled as usize, samples,
        "each delivery handled once"
    );
    server.stop().await;
    store.close().await;
    (latencies, early)
}
