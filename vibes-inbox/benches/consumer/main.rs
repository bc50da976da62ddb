//! Deliveries per second the consumer handles with a handler that does nothing, on SQLite and
//! on PostgreSQL, with one and four workers, against a naive claim-one, handle, mark-one loop
//! in the same run; on PostgreSQL also with a handler that marks each delivery done in its own
//! transaction (the exactly-once pattern); and what an idle worker costs.
//!
//! `cargo bench -p vibes-inbox --features postgres` prints markdown tables (BENCHMARKS.md has
//! the figures). The PostgreSQL rows need the server of `VIBES_TEST_POSTGRES_URL`
//! (`eval "$(bash .ci/postgres/start.sh)"` starts a throw-away one); without it, or without the
//! `postgres` feature, they are skipped with a line that says so.
//!
//! Each measurement runs on a fresh store holding the same deliveries (the callback fixtures in
//! turn, each with an event id of its own), stored through the library's writer before the
//! clock starts. The workers are `Worker` instances with the default options (4 handlers at once,
//! 124 claimed ahead), all in this one process, each with its own connections, until every
//! delivery is handled and its outcome recorded; the store is then read back, and every
//! delivery must be done exactly once. The naive loops (`naive.rs`) handle a part of the same
//! store, as many loops as workers. Measurements take turns, round after round, so that a burst
//! of other work on the machine slows them alike; medians are reported. Since other work on
//! the machine changes the rates, each row also gives what does not depend on it so much: the
//! CPU time per delivery of this process and of the PostgreSQL server (`cpu.rs`), and on
//! PostgreSQL the transactions that wrote (each a commit that waits for the disk) per 1000
//! deliveries, all summed over the rounds.
//!
//! Settings, from the environment: `VIBES_BENCH_DELIVERIES` (20000) stored per measurement,
//! `VIBES_BENCH_NAIVE` (2000) of them handled by the naive loops, `VIBES_BENCH_TRANSACTIONAL`
//! (5000) by the workers whose handler marks done in its own transaction (their store holds
//! only those), `VIBES_BENCH_ROUNDS`
//! (3), `VIBES_BENCH_IDLE_SECONDS` (10) for the idle cost.

mod cpu;
mod idle;
mod naive;
mod stores;
mod workers;

use std::time::Duration;
use stores::{Bodies, Fresh, Kind};
use vibes_inbox::{Store, StoreSpec};
use workers::Handling;

/// How long PostgreSQL's processes for connections just closed are given to end before the CPU
/// time is read.
const SETTLE: Duration = Duration::from_millis(300);

/// One line of the table: a consumer on a store, its rates over the rounds.
struct Row {
    kind: Kind,
    consumer: Consumer,
    workers: usize,
    count: usize,
    times: Vec<Duration>,
    /// Over every round: the CPU time of this process and of PostgreSQL, and the transactions
    /// that wrote (PostgreSQL).
    cpu: cpu::Reading,
    commits: Option<i64>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Consumer {
    Worker(Handling),
    Naive,
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
    let deliveries = setting("VIBES_BENCH_DELIVERIES", 20_000);
    let naive = setting("VIBES_BENCH_NAIVE", 2_000).min(deliveries);
    #[cfg(feature = "postgres")]
    let transactional = setting("VIBES_BENCH_TRANSACTIONAL", 5_000).min(deliveries);
    let rounds = setting("VIBES_BENCH_ROUNDS", 3).max(1);
    let idle_span = Duration::from_secs(setting("VIBES_BENCH_IDLE_SECONDS", 10) as u64);
    let load_before = load_average();
    let (kinds, server) = kinds();
    let bodies = Bodies::new(deliveries);
    // A worker stops once every delivery is done, so the rows that handle fewer get a store
    // that holds only those.
    #[cfg(feature = "postgres")]
    let fewer = Bodies::new(transactional);
    let mut rows = Vec::new();
    for &kind in &kinds {
        for workers in [1, 4] {
            #[cfg(feature = "postgres")]
            let in_its_transaction = (kind == Kind::Postgres).then_some((
                Consumer::Worker(Handling::MarksDoneInItsTransaction),
                transactional,
            ));
            #[cfg(not(feature = "postgres"))]
            let in_its_transaction = None;
            let consumers = [
                (Consumer::Worker(Handling::Nothing), deliveries),
                (Consumer::Naive, naive),
            ];
            for (consumer, count) in consumers.into_iter().chain(in_its_transaction) {
                rows.push(Row {
                    kind,
                    consumer,
                    workers,
                    count,
                    times: Vec::new(),
                    cpu: cpu::Reading::default(),
                    commits: None,
                });
            }
        }
    }
    for _ in 0..rounds {
        for row in &mut rows {
            let filled = match row.consumer {
                #[cfg(feature = "postgres")]
                Consumer::Worker(Handling::MarksDoneInItsTransaction) => &fewer,
                _ => &bodies,
            };
            let fresh = Fresh::filled(row.kind, server.as_deref(), filled).await;
            // The connections that filled the store end first, and those of the workers after
            // them, so that each reading counts whole processes.
            tokio::time::sleep(SETTLE).await;
            let commits_before = commits(&fresh.spec).await;
            let cpu_before = cpu::Reading::now();
            let took = match row.consumer {
                Consumer::Worker(handling) => {
                    workers::drain(&fresh.spec, row.workers, row.count, handling).await
                }
                Consumer::Naive => naive::drain(&fresh.spec, row.workers, row.count).await,
            };
            tokio::time::sleep(SETTLE).await;
            let spent = cpu::Reading::now().since(cpu_before);
            let commits_after = commits(&fresh.spec).await;
            row.cpu = cpu::Reading {
                bench: row.cpu.bench + spent.bench,
                postgres: spent
                    .postgres
                    .map(|spent| row.cpu.postgres.unwrap_or_default() + spent),
            };
            if let (Some(before), Some(after)) = (commits_before, commits_after) {
                // The reading after is a writing transaction itself.
                row.commits = Some(row.commits.unwrap_or(0) + after - before - 1);
            }
            assert_eq!(
                done(&fresh.spec).await,
                row.count,
                "the store holds every delivery handled as done"
            );
            row.times.push(took);
            fresh.remove().await;
        }
    }
    let mut idles = Vec::new();
    let alone = idle::cpu_over(None, idle_span).await;
    for &kind in &kinds {
        let fresh = Fresh::new(kind, server.as_deref()).await;
        Store::open(&fresh.spec)
            .await
            .expect("an empty store")
            .close()
            .await;
        idles.push((kind, idle::cpu_over(Some(&fresh.spec), idle_span).await));
        fresh.remove().await;
    }
    let load_after = load_average();

    println!(
        "{deliveries} deliveries stored per measurement (the callback fixtures in turn); the \
         naive loops handle {naive} of them; median of {rounds} rounds; workers are Worker \
         instances in this one process, default options"
    );
    println!("load average before: {load_before}; after: {load_after}\n");
    println!(
        "| store | consumer | workers | deliveries/s (median) | slowest to fastest round | vs naive, same workers | CPU µs per delivery: this process / PostgreSQL | commits per 1000 deliveries |"
    );
    println!("|---|---|--:|--:|---|--:|--:|--:|");
    let rate = |count: usize, time: Duration| count as f64 / time.as_secs_f64();
    let median = |row: &Row| {
        let mut times = row.times.clone();
        times.sort();
        (times[times.len() / 2], times[0], times[times.len() - 1])
    };
    let mut targets = Vec::new();
    for row in &rows {
        let (middle, fastest, slowest) = median(row);
        let naive_rate = rows
            .iter()
            .find(|other| {
                other.kind == row.kind
                    && other.workers == row.workers
                    && other.consumer == Consumer::Naive
            })
            .map(|other| rate(other.count, median(other).0))
            .expect("a naive row");
        let ratio = rate(row.count, middle) / naive_rate;
        let handled = (row.count * row.times.len()) as f64;
        let per_delivery = |spent: Duration| spent.as_secs_f64() * 1e6 / handled;
        println!(
            "| {} | {} | {} | {:.0} | {:.0} to {:.0} | {:.2}× | {:.0} / {} | {} |",
            row.kind.name(),
            match row.consumer {
                Consumer::Worker(Handling::Nothing) => "Worker, no-op handler",
                #[cfg(feature = "postgres")]
                Consumer::Worker(Handling::MarksDoneInItsTransaction) =>
                    "Worker, handler marks done in its own transaction",
                Consumer::Naive => "naive loop (baseline)",
            },
            row.workers,
            rate(row.count, middle),
            rate(row.count, slowest),
            rate(row.count, fastest),
            ratio,
            per_delivery(row.cpu.bench),
            row.cpu.postgres.map_or("—".to_owned(), |spent| format!(
                "{:.0}",
                per_delivery(spent)
            )),
            row.commits.map_or("—".to_owned(), |commits| format!(
                "{:.1}",
                commits as f64 * 1e3 / handled
            )),
        );
        if row.consumer == Consumer::Worker(Handling::Nothing) {
            targets.push(format!(
                "| {} workers on {} ≥ 5× the naive loop | {ratio:.2}× | {} |",
                row.workers,
                row.kind.name(),
                met(ratio >= 5.0)
            ));
            #[cfg(feature = "postgres")]
            if row.kind == Kind::Postgres {
                let per_second = rate(row.count, middle);
                targets.push(format!(
                    "| {} workers on PostgreSQL ≥ 5,000/s | {per_second:.0}/s | {} |",
                    row.workers,
                    met(per_second >= 5_000.0)
                ));
            }
        }
    }
    println!("\n| target (issue 20, point 10) | measured | met |\n|---|--:|:-:|");
    for target in targets {
        println!("{target}");
    }
    println!(
        "\nIdle: CPU time of this process over {} s, waiting with one idle worker (nothing due) \
         and with none\n",
        idle_span.as_secs()
    );
    println!("| waiting | CPU time | share of one core |\n|---|--:|--:|");
    let share = |spent: Duration| 100.0 * spent.as_secs_f64() / idle_span.as_secs_f64();
    println!(
        "| no worker (baseline) | {:.1} ms | {:.3} % |",
        alone.as_secs_f64() * 1e3,
        share(alone)
    );
    for (kind, spent) in idles {
        println!(
            "| one idle worker on {} | {:.1} ms | {:.3} % |",
            kind.name(),
            spent.as_secs_f64() * 1e3,
            share(spent)
        );
    }
}

fn met(yes: bool) -> &'static str {
    if yes { "yes" } else { "no" }
}

/// The stores to measure, and the PostgreSQL server's URL; says why a store is left out.
fn kinds() -> (Vec<Kind>, Option<String>) {
    let mut kinds = Vec::new();
    if cfg!(feature = "sqlite") {
        kinds.push(Kind::Sqlite);
    } else {
        println!("SQLite skipped: built without the `sqlite` feature\n");
    }
    #[cfg(feature = "postgres")]
    match std::env::var("VIBES_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            kinds.push(Kind::Postgres);
            return (kinds, Some(url));
        }
        _ => println!(
            "PostgreSQL skipped: VIBES_TEST_POSTGRES_URL is not set (`eval \"$(bash \
             .ci/postgres/start.sh)\"` starts a throw-away server)\n"
        ),
    }
    #[cfg(not(feature = "postgres"))]
    println!(
        "PostgreSQL skipped: built without the `postgres` feature (`cargo bench -p \
         vibes-inbox --features postgres`)\n"
    );
    (kinds, None)
}

/// On PostgreSQL, the id the next writing transaction takes; none on SQLite.
async fn commits(spec: &StoreSpec) -> Option<i64> {
    match spec {
        StoreSpec::Sqlite(_) => None,
        #[cfg(feature = "postgres")]
        StoreSpec::Postgres(url) => Some(cpu::transaction_id(url).await),
        #[cfg(not(feature = "postgres"))]
        StoreSpec::Postgres(_) => None,
    }
}

/// How many deliveries the store holds as done, read past the library.
async fn done(spec: &StoreSpec) -> usize {
    const DONE: &str = "SELECT count(*) FROM processing WHERE state = 'done'";
    match spec {
        StoreSpec::Sqlite(path) => rusqlite::Connection::open(path)
            .and_then(|connection| connection.query_row(DONE, [], |row| row.get::<_, i64>(0)))
            .expect("the rows are counted") as usize,
        #[cfg(feature = "postgres")]
        StoreSpec::Postgres(url) => {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .expect("the database answers");
            tokio::spawn(connection);
            client
                .query_one(DONE, &[])
                .await
                .expect("the rows are counted")
                .get::<_, i64>(0) as usize
        }
        #[cfg(not(feature = "postgres"))]
        StoreSpec::Postgres(_) => unreachable!("PostgreSQL rows need the postgres feature"),
    }
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
