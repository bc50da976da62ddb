//! The baseline: what a team writes by hand without the consumer. Each loop, on a connection of
//! its own, takes one due delivery in a transaction, reads its body as the worker does, runs the
//! same empty handler, marks it done and commits: one transaction, so one durable commit, per
//! delivery. Prepared statements are kept, and the durability is the store's (SQLite in WAL
//! mode with `synchronous=FULL`; PostgreSQL's default `synchronous_commit`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};
use vibes_inbox::{StoreSpec, timestamp};
use vibes_types::Callback;

/// SQLite: the oldest due delivery, and its body.
const SQLITE_TAKE: &str = "
SELECT p.seq, d.body FROM processing p JOIN deliveries d ON d.event_id = p.event_id
WHERE p.state = 'pending' AND p.due_at <= ?1 ORDER BY p.due_at, p.seq LIMIT 1";

/// PostgreSQL: the same, locked, skipping the rows other loops hold.
#[cfg(feature = "postgres")]
const POSTGRES_TAKE: &str = "
SELECT p.seq, d.body FROM processing p JOIN deliveries d ON d.event_id = p.event_id
WHERE p.state = 'pending' AND p.due_at <= $1 ORDER BY p.due_at, p.seq LIMIT 1
FOR UPDATE OF p SKIP LOCKED";

/// Marks it done, its one attempt counted.
const MARK_DONE: &str = "
UPDATE processing SET state = 'done', attempts = attempts + 1, finished_at = $1 WHERE seq = $2";

/// Runs `loops` naive loops on `spec` until `count` deliveries were handled; answers the time.
pub async fn drain(spec: &StoreSpec, loops: usize, count: usize) -> Duration {
    let handled = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    match spec {
        StoreSpec::Sqlite(path) => {
            let mut threads = Vec::new();
            for _ in 0..loops {
                let (path, handled) = (path.clone(), Arc::clone(&handled));
                threads.push(std::thread::spawn(move || {
                    sqlite_loop(&path, &handled, count)
                }));
            }
            for thread in threads {
                thread.join().expect("a naive loop");
            }
        }
        #[cfg(feature = "postgres")]
        StoreSpec::Postgres(url) => {
            let mut tasks = tokio::task::JoinSet::new();
            for _ in 0..loops {
                let (url, handled) = (url.clone(), Arc::clone(&handled));
                tasks.spawn(async move { postgres_loop(&url, &handled, count).await });
            }
            while let Some(ended) = tasks.join_next().await {
                ended.expect("a naive loop");
            }
        }
        #[cfg(not(feature = "postgres"))]
        StoreSpec::Postgres(_) => unreachable!("PostgreSQL rows need the postgres feature"),
    }
    started.elapsed()
}

/// A no-op handler that still gets the body read, as a worker's does.
fn handle(body: &[u8]) {
    let callback = Callback::from_slice(body).expect("a stored body reads");
    std::hint::black_box(callback);
}

/// Takes a ticket for one more delivery; false once `count` are taken.
fn ticket(handled: &AtomicUsize, count: usize) -> bool {
    handled.fetch_add(1, Ordering::Relaxed) < count
}

fn sqlite_loop(path: &std::path::Path, handled: &AtomicUsize, count: usize) {
    let mut connection = rusqlite::Connection::open(path).expect("the store opens");
    connection
        .busy_timeout(Duration::from_secs(30))
        .expect("a busy timeout");
    connection
        .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
        .expect("WAL and synchronous=FULL");
    while ticket(handled, count) {
        let transaction = connection
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .expect("a transaction");
        let now = timestamp(SystemTime::now());
        let (seq, body): (i64, Vec<u8>) = transaction
            .prepare_cached(SQLITE_TAKE)
            .and_then(|mut take| take.query_row([&now], |row| Ok((row.get(0)?, row.get(1)?))))
            .expect("a due delivery");
        handle(&body);
        let marked = transaction
            .prepare_cached(MARK_DONE)
            .and_then(|mut mark| mark.execute(rusqlite::params![now, seq]))
            .expect("marked done");
        assert_eq!(marked, 1);
        transaction.commit().expect("committed");
    }
}

#[cfg(feature = "postgres")]
async fn postgres_loop(url: &str, handled: &AtomicUsize, count: usize) {
    let (mut client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .expect("the database answers");
    tokio::spawn(connection);
    let take = client.prepare(POSTGRES_TAKE).await.expect("prepared");
    let mark = client.prepare(MARK_DONE).await.expect("prepared");
    while ticket(handled, count) {
        let transaction = client.transaction().await.expect("a transaction");
        let now = timestamp(SystemTime::now());
        let row = transaction
            .query_one(&take, &[&now])
            .await
            .expect("a due delivery");
        let (seq, body): (i64, Vec<u8>) = (row.get(0), row.get(1));
        handle(&body);
        let marked = transaction
            .execute(&mark, &[&now, &seq])
            .await
            .expect("marked done");
        assert_eq!(marked, 1);
        transaction.commit().await.expect("committed");
    }
}
