//! Deliveries per second into the receiver's stores, over real HTTP on 127.0.0.1, at 1, 16, 64
//! and 200 concurrent clients, with each answer's latency: the receiver on SQLite and on
//! PostgreSQL, two receivers on one PostgreSQL database, and the baselines, all in one run.
//!
//! `cargo bench -p vibes-receiver --bench throughput` prints markdown tables (BENCHMARKS.md has
//! the figures). The servers:
//!
//! - two axum handlers that store nothing: one reads the body only, one reads the delivery with
//!   the library's extractor (`Received`);
//! - a naive server: the same extractor, then one `INSERT` of the same row per request, in its
//!   own transaction, into a SQLite file in WAL mode with `synchronous=FULL` (the receiver's
//!   durability), on one connection shared under a lock;
//! - the receiver's own router (`app::router`) on SQLite, on PostgreSQL, and twice on one
//!   PostgreSQL database, each receiver with its own store handle (writer), the clients split
//!   between them.
//!
//! The client runs in this process, on the same cores as the servers (and PostgreSQL): the
//! figures are for the whole round trip on one machine. To leave the servers as much of the
//! cores as it can, each client keeps one HTTP/1.1 connection of its own (as a sender's pool
//! would keep it alive), opened before the clock starts, and every request is built before
//! it too; a client only sends, and reads the answer. For the PostgreSQL rows the bench also
//! reads the CPU time of this process and of the server (`VIBES_POSTGRES_DIR`), to say which
//! of them the cores went to. The PostgreSQL rows need the server of `VIBES_TEST_POSTGRES_URL`;
//! without it they are skipped with a line that says so.
//!
//! Settings, from the environment: `VIBES_BENCH_DELIVERIES` (2000) per measurement,
//! `VIBES_BENCH_ROUNDS` (5, the first a warm-up not counted), `VIBES_BENCH_CLIENTS` (the numbers
//! of clients, separated by commas: `1,16,64,200`), to profile one of them alone.

mod support;

use axum::Router;
use axum::extract::State;
use axum::http::header::HOST;
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use axum::routing::any;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use support::cpu;
use support::{Running, load_average, ms, percentile, postgres_server, receiver, requests};
use tokio::net::TcpStream;
use vibes_inbox::{Commit, Observer, Store, StoreSpec, headers_json, timestamp};
use vibes_types::delivery::axum::Received;
use vibes_types::delivery::{Answer, DeliveryRules};

/// The numbers of concurrent clients, each sending one delivery after another.
const CLIENTS: [usize; 4] = [1, 16, 64, 200];

/// The numbers of clients measured: `VIBES_BENCH_CLIENTS` (numbers separated by commas), or
/// [`CLIENTS`].
fn client_counts() -> Vec<usize> {
    std::env::var("VIBES_BENCH_CLIENTS")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|count| count.trim().parse().ok())
                .filter(|&count| count > 0)
                .collect::<Vec<usize>>()
        })
        .filter(|counts| !counts.is_empty())
        .unwrap_or_else(|| CLIENTS.to_vec())
}

/// A server measured: its name, and where it listens (the clients take its addresses in turn).
struct Server {
    name: &'static str,
    running: Vec<Running>,
    /// Whether it writes to PostgreSQL, whose CPU time is then its own.
    postgres: bool,
    /// The commits of the receivers' writers, for those that are receivers.
    commits: Option<Arc<Commits>>,
    /// Per number of clients: each round's time, every answer's latency, the CPU spent.
    measured: Vec<Measured>,
}

#[derive(Default)]
struct Measured {
    times: Vec<Duration>,
    latencies: Vec<Duration>,
    cpu: cpu::Reading,
    /// The commits of the writers, when the server is a receiver.
    commits: u64,
}

/// Counts the commits of the writers it is given to, as the receiver's metrics would: how many
/// rows each commit takes says how well the writes are batched, whatever the machine's load.
#[derive(Debug, Default)]
struct Commits(AtomicU64);

impl Observer for Commits {
    fn committed(&self, commit: &Commit) {
        if commit.committed {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Opens `spec` for a receiver, its commits counted by `commits`.
async fn observed(spec: &StoreSpec, commits: &Arc<Commits>) -> Store {
    Store::open_observed(spec, Arc::clone(commits) as Arc<dyn Observer>)
        .await
        .expect("the store opens")
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(measure());
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

async fn measure() {
    let deliveries = setting("VIBES_BENCH_DELIVERIES", 2_000);
    let rounds = setting("VIBES_BENCH_ROUNDS", 5).max(2);
    let counts = client_counts();
    let load_before = load_average();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let sqlite_commits = Arc::new(Commits::default());
    let sqlite = observed(
        &StoreSpec::Sqlite(folder.path().join("inbox.sqlite")),
        &sqlite_commits,
    )
    .await;
    let naive = Arc::new(Naive::open(&folder.path().join("naive.sqlite")));
    let mut stores = vec![sqlite.clone()];
    let mut servers = vec![
        server(
            "axum handler reading the body only",
            [Router::new().route("/", any(|_: Bytes| async { StatusCode::OK }))],
        )
        .await,
        server(
            "axum handler reading the delivery (`Received`), no store",
            [Router::new()
                .route("/", any(|_: Received| async { Answer::Acknowledge }))
                .layer(axum::Extension(DeliveryRules::default()))],
        )
        .await,
        server(
            "naive: `Received`, one INSERT per request (SQLite, synchronous=FULL)",
            [Router::new()
                .route("/", any(naive_insert))
                .layer(axum::Extension(DeliveryRules::default()))
                .with_state(Arc::clone(&naive))],
        )
        .await,
        server("vibes-receiver into SQLite", [receiver(sqlite)])
            .await
            .counting(sqlite_commits),
    ];
    let mut schemas = Vec::new();
    match postgres_server() {
        Ok(url) => {
            let one = vibes_tests::postgres::Schema::new(&url, "throughput").await;
            let commits = Arc::new(Commits::default());
            let store = observed(&StoreSpec::Postgres(one.url.clone()), &commits).await;
            stores.push(store.clone());
            servers.push(
                server("vibes-receiver into PostgreSQL", [receiver(store)])
                    .await
                    .counting(commits),
            );
            let two = vibes_tests::postgres::Schema::new(&url, "throughput").await;
            let spec = StoreSpec::Postgres(two.url.clone());
            let commits = Arc::new(Commits::default());
            let (first, second) = (
                observed(&spec, &commits).await,
                observed(&spec, &commits).await,
            );
            stores.extend([first.clone(), second.clone()]);
            servers.push(
                server(
                    "two vibes-receivers into one PostgreSQL",
                    [receiver(first), receiver(second)],
                )
                .await
                .counting(commits),
            );
            schemas.extend([one, two]);
        }
        Err(skipped) => println!("{skipped}\n"),
    }
    // Each measurement has event ids of its own, so that a store never sees a repeat.
    let mut next = 0;
    for server in &mut servers {
        server.measured = counts.iter().map(|_| Measured::default()).collect();
    }
    for round in 0..rounds {
        for (level, &clients) in counts.iter().enumerate() {
            for server in &mut servers {
                let addresses: Vec<SocketAddr> = server
                    .running
                    .iter()
                    .map(|running| running.address)
                    .collect();
                let requests = built(requests(next, deliveries));
                let commits_before = server.committed();
                let Sent {
                    latencies,
                    took,
                    spent,
                } = send_all(&addresses, clients, requests).await;
                next += deliveries;
                let commits = server.committed() - commits_before;
                if round > 0 {
                    let measured = &mut server.measured[level];
                    measured.times.push(took);
                    measured.latencies.extend(latencies);
                    measured.cpu.bench += spent.bench;
                    measured.commits += commits;
                    if let Some(postgres) = spent.postgres {
                        *measured.cpu.postgres.get_or_insert_default() += postgres;
                    }
                }
            }
        }
    }
    for server in &mut servers {
        for running in server.running.drain(..) {
            running.stop().await;
        }
    }
    for store in stores {
        store.close().await;
    }
    // Every delivery a store was sent is in it once.
    let sent = (rounds * counts.len() * deliveries) as i64;
    let count = |path: &Path, table: &str| {
        rusqlite::Connection::open(path)
            .and_then(|connection| {
                connection.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get::<_, i64>(0)
                })
            })
            .expect("the rows are counted")
    };
    assert_eq!(
        count(&folder.path().join("inbox.sqlite"), "deliveries"),
        sent
    );
    assert_eq!(
        count(&folder.path().join("naive.sqlite"), "deliveries"),
        sent
    );
    for schema in schemas {
        let rows = schema.rows("SELECT count(*) FROM deliveries").await;
        assert_eq!(rows[0].get::<_, i64>(0), sent, "every delivery stored once");
        schema.drop().await;
    }
    let load_after = load_average();
    report(
        &servers,
        &counts,
        deliveries,
        rounds,
        &load_before,
        &load_after,
    );
}

async fn server<const N: usize>(name: &'static str, routers: [Router; N]) -> Server {
    let mut running = Vec::new();
    for router in routers {
        running.push(Running::start(router).await);
    }
    Server {
        name,
        postgres: name.contains("PostgreSQL"),
        commits: None,
        running,
        measured: Vec::new(),
    }
}

impl Server {
    /// The server, with its writers' commits counted by `commits`.
    fn counting(self, commits: Arc<Commits>) -> Server {
        Server {
            commits: Some(commits),
            ..self
        }
    }

    /// How many commits its writers made so far.
    fn committed(&self) -> u64 {
        self.commits
            .as_ref()
            .map_or(0, |commits| commits.0.load(Ordering::Relaxed))
    }
}

fn report(
    servers: &[Server],
    counts: &[usize],
    deliveries: usize,
    rounds: usize,
    before: &str,
    after: &str,
) {
    println!(
        "{deliveries} deliveries of the callback fixtures (unique event ids) per measurement, \
         HTTP/1.1 on 127.0.0.1, clients in this process; deliveries/s is the median of {} \
         rounds, p50 and p99 over every answer of those rounds",
        rounds - 1
    );
    println!("load average before: {before}; after: {after}\n");
    println!(
        "| server | clients | deliveries/s (median) | p50 | p99 | CPU ms per 1000 deliveries: this process / PostgreSQL | deliveries per commit |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|");
    let stats: Vec<Vec<(f64, Duration, Duration)>> = servers
        .iter()
        .map(|server| {
            server
                .measured
                .iter()
                .map(|measured| {
                    let mut times = measured.times.clone();
                    times.sort();
                    let mut latencies = measured.latencies.clone();
                    latencies.sort();
                    (
                        deliveries as f64 / times[times.len() / 2].as_secs_f64(),
                        percentile(&latencies, 0.50),
                        percentile(&latencies, 0.99),
                    )
                })
                .collect()
        })
        .collect();
    let per_thousand = |server: &Server, level: usize| {
        let measured = &server.measured[level];
        let count = (measured.times.len() * deliveries) as f64 / 1000.0;
        let bench = measured.cpu.bench.as_secs_f64() * 1e3 / count;
        match (server.postgres, measured.cpu.postgres) {
            (true, Some(postgres)) => {
                format!("{bench:.0} / {:.0}", postgres.as_secs_f64() * 1e3 / count)
            }
            _ => format!("{bench:.0} / —"),
        }
    };
    let per_commit = |server: &Server, level: usize| {
        let measured = &server.measured[level];
        match (&server.commits, measured.commits) {
            (Some(_), commits) if commits > 0 => {
                let count = measured.times.len() * deliveries;
                format!("{:.1}", count as f64 / commits as f64)
            }
            _ => "—".to_owned(),
        }
    };
    for (level, clients) in counts.iter().enumerate() {
        for (server, stats) in servers.iter().zip(&stats) {
            let (rate, p50, p99) = stats[level];
            println!(
                "| {} | {clients} | {rate:.0} | {} | {} | {} | {} |",
                server.name,
                ms(p50),
                ms(p99),
                per_thousand(server, level),
                per_commit(server, level)
            );
        }
    }
    let find = |name: &str| {
        servers
            .iter()
            .position(|server| server.name.starts_with(name))
    };
    let ratio = |a: usize, b: usize, level: usize| stats[a][level].0 / stats[b][level].0;
    let (naive, sqlite) = (
        find("naive").expect("naive"),
        find("vibes-receiver into SQLite").expect("SQLite"),
    );
    println!("\nIssue 23, point 4: the receiver on SQLite against the naive one-INSERT server\n");
    println!("| clients | deliveries/s vs naive | p50 vs naive | p99 vs naive |");
    println!("|--:|--:|--:|--:|");
    let times = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    for (level, clients) in counts.iter().enumerate() {
        let (ours, theirs) = (stats[sqlite][level], stats[naive][level]);
        println!(
            "| {clients} | {:.2}× | {:.2}× | {:.2}× |",
            ratio(sqlite, naive, level),
            times(ours.1, theirs.1),
            times(ours.2, theirs.2)
        );
    }
    let (Some(postgres), Some(two)) = (
        find("vibes-receiver into PostgreSQL"),
        find("two vibes-receivers"),
    ) else {
        return;
    };
    println!("\nIssue 20, point 8: PostgreSQL against SQLite, and two receivers against one\n");
    println!(
        "| clients | PostgreSQL vs SQLite | two receivers vs one | CPU ms per 1000 deliveries, one receiver: this process / PostgreSQL | two receivers | deliveries per commit: one receiver / two |"
    );
    println!("|--:|--:|--:|--:|--:|--:|");
    for (level, clients) in counts.iter().enumerate() {
        println!(
            "| {clients} | {:.2}× | {:.2}× | {} | {} | {} / {} |",
            ratio(postgres, sqlite, level),
            ratio(two, postgres, level),
            per_thousand(&servers[postgres], level),
            per_thousand(&servers[two], level),
            per_commit(&servers[postgres], level),
            per_commit(&servers[two], level),
        );
    }
}

/// A measurement's requests, built, each taken once by whichever client is free.
type Requests = Arc<Vec<Mutex<Option<Request<Full<Bytes>>>>>>;

/// The requests of `deliveries`, ready to send (to the path `/` of any of the servers).
fn built(deliveries: Vec<(HeaderMap, Bytes)>) -> Requests {
    Arc::new(
        deliveries
            .into_iter()
            .map(|(mut headers, body)| {
                headers.insert(HOST, HeaderValue::from_static("127.0.0.1"));
                let mut request = Request::post("/").body(Full::new(body)).expect("a request");
                *request.headers_mut() = headers;
                Mutex::new(Some(request))
            })
            .collect(),
    )
}

/// What a measurement gives: each request's latency, from sending to the whole answer, the
/// time of them all, and the CPU spent meanwhile.
struct Sent {
    latencies: Vec<Duration>,
    took: Duration,
    spent: cpu::Reading,
}

/// Sends `requests` from `clients` concurrent clients, each on a connection of its own to
/// `addresses[n % len]` (client `n`), opened before the clock starts, and each taking the next
/// request when its answer came; every answer must be 200.
async fn send_all(addresses: &[SocketAddr], clients: usize, requests: Requests) -> Sent {
    let mut senders = Vec::with_capacity(clients);
    for n in 0..clients {
        let stream = TcpStream::connect(addresses[n % addresses.len()])
            .await
            .expect("a connection");
        stream.set_nodelay(true).expect("TCP_NODELAY");
        let (sender, connection) = http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
            .await
            .expect("an HTTP/1.1 connection");
        tokio::spawn(connection);
        senders.push(sender);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let before = cpu::Reading::now();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for mut sender in senders {
        let (next, requests) = (Arc::clone(&next), Arc::clone(&requests));
        tasks.spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(slot) = requests.get(index) else {
                    return latencies;
                };
                let request = slot.lock().expect("a request").take().expect("sent once");
                let sent = Instant::now();
                sender.ready().await.expect("the connection is ready");
                let response = sender.send_request(request).await.expect("an answer");
                let status = response.status();
                response.into_body().collect().await.expect("a body");
                latencies.push(sent.elapsed());
                assert_eq!(status, StatusCode::OK);
            }
        });
    }
    let mut latencies = Vec::with_capacity(requests.len());
    while let Some(done) = tasks.join_next().await {
        latencies.extend(done.expect("a client"));
    }
    Sent {
        latencies,
        took: started.elapsed(),
        spent: cpu::Reading::now().since(before),
    }
}

/// The naive server's store: one connection, one `INSERT` per request in its own transaction.
struct Naive {
    connection: Mutex<rusqlite::Connection>,
}

impl Naive {
    fn open(path: &Path) -> Naive {
        let connection = rusqlite::Connection::open(path).expect("the naive store opens");
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                 CREATE TABLE deliveries (
                     event_id TEXT NOT NULL PRIMARY KEY, callback_type TEXT NOT NULL,
                     received_at TEXT NOT NULL, source TEXT NOT NULL, headers TEXT NOT NULL,
                     body BLOB NOT NULL, method TEXT)",
            )
            .expect("the naive table");
        Naive {
            connection: Mutex::new(connection),
        }
    }
}

/// The naive handler: the delivery read, its row inserted on a blocking thread, then 200.
async fn naive_insert(
    State(naive): State<Arc<Naive>>,
    request_headers: HeaderMap,
    received: Received,
) -> StatusCode {
    let received_at = timestamp(SystemTime::now());
    let Received { delivery, body, .. } = received;
    let event_id = delivery.dedup_key().to_owned();
    let callback_type = delivery.headers.event_type.as_str().to_owned();
    let headers = headers_json(&request_headers);
    let inserted = tokio::task::spawn_blocking(move || {
        let connection = naive.connection.lock().expect("the naive connection");
        connection
            .prepare_cached(
                "INSERT INTO deliveries VALUES ($1, $2, $3, '127.0.0.1', $4, $5, 'POST')
                 ON CONFLICT (event_id) DO NOTHING",
            )
            .and_then(|mut insert| {
                insert.execute(rusqlite::params![
                    event_id,
                    callback_type,
                    received_at,
                    headers,
                    &body[..]
                ])
            })
    })
    .await;
    match inserted {
        Ok(Ok(_)) => StatusCode::OK,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}
