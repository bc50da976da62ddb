//! SQLite's writer: one thread that commits together the writes waiting for it.
//!
//! The receiver has exactly one connection that writes, on a thread of its own (blocking work
//! stays off the async runtime). The handlers send it their rows; it takes every row that is
//! waiting (up to [`BATCH`]), writes them in one transaction and answers each only once that
//! transaction is committed. With `synchronous=FULL` each commit is an fsync of the write-ahead
//! log, so a row is on disk before its delivery is acknowledged, and concurrent deliveries
//! share the fsync instead of queueing for one each. The log is copied into the database file by
//! a thread of its own (`checkpoint.rs`), never inside a commit: an answer waits for its own
//! rows' fsync only. The inserts keep their prepared statements (the connection's cache), so
//! that a commit of one row does not parse its statement again.

use super::checkpoint::Checkpointer;
use super::{Open, sqlite};
use crate::error::StoreError;
use crate::observe::{Commit, Observer};
use crate::row::{Accepted, Rejected, Stored};
use crate::store::schema;
use rusqlite::{Connection, TransactionBehavior, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

/// The most rows one transaction takes.
pub const BATCH: usize = 256;

/// How many writes may wait for the writer before handlers wait to hand theirs over.
const QUEUE: usize = 1024;

/// The handle on the writer thread, shared by every handler.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    thread: Arc<Mutex<Option<JoinHandle<()>>>>,
}

/// What a handler asks of the writer, with where the answer goes.
enum Job {
    Write(Row, Reply),
    Check(Reply),
    Probe(Reply),
    Close,
}

/// A row to write.
enum Row {
    Delivery(Accepted),
    Rejected(Rejected),
}

/// Where a job's answer goes: what the write did (a check or a refusal is `Stored::New`).
type Reply = oneshot::Sender<Result<Stored, StoreError>>;

impl Writer {
    /// Opens (or creates) the database at `path`, brings its schema up to date, and starts the
    /// writer thread, which tells `observer` of each commit.
    pub async fn open(
        path: &Path,
        observer: Option<Arc<dyn Observer>>,
    ) -> Result<Writer, StoreError> {
        let path = path.to_owned();
        let (opened, is_open) = oneshot::channel();
        let (jobs, queue) = mpsc::channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("sqlite-writer".to_owned())
            .spawn(move || match open_writer(&path) {
                Ok((mut connection, checkpointer)) => {
                    let _ = opened.send(Ok(()));
                    write(&mut connection, queue, observer.as_deref(), &checkpointer);
                    // The checkpoints stop before the writer's connection closes, so that it is
                    // the last one and its close copies the log into the file.
                    checkpointer.stop();
                    drop(connection);
                }
                Err(error) => {
                    let _ = opened.send(Err(error));
                }
            })
            .map_err(|error| {
                StoreError::new(format!("the SQLite writer thread cannot start: {error}"))
            })?;
        is_open
            .await
            .unwrap_or_else(|_| Err(StoreError::new("the SQLite writer thread stopped")))?;
        Ok(Writer {
            jobs,
            thread: Arc::new(Mutex::new(Some(thread))),
        })
    }

    pub async fn accept(&self, delivery: Accepted) -> Result<Stored, StoreError> {
        self.ask(|reply| Job::Write(Row::Delivery(delivery), reply))
            .await
    }

    pub async fn reject(&self, rejected: Rejected) -> Result<(), StoreError> {
        self.ask(|reply| Job::Write(Row::Rejected(rejected), reply))
            .await
            .map(drop)
    }

    pub async fn check(&self) -> Result<(), StoreError> {
        self.ask(Job::Check).await.map(drop)
    }

    pub async fn probe(&self) -> Result<(), StoreError> {
        self.ask(Job::Probe).await.map(drop)
    }

    /// Lets the writer commit what it holds, then waits for its thread to close the database
    /// (which checkpoints the write-ahead log into the file).
    pub async fn close(self) {
        let _ = self.jobs.send(Job::Close).await;
        let thread = self.thread.lock().ok().and_then(|mut thread| thread.take());
        if let Some(thread) = thread {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }

    async fn ask(&self, job: impl FnOnce(Reply) -> Job) -> Result<Stored, StoreError> {
        let stopped = || StoreError::new("SQLite: the writer thread has stopped");
        let (reply, answer) = oneshot::channel();
        self.jobs.send(job(reply)).await.map_err(|_| stopped())?;
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }
}

/// The writer's connection, which never checkpoints in a commit, and the thread that does.
fn open_writer(path: &Path) -> Result<(Connection, Checkpointer), StoreError> {
    let connection = super::open(path, Open::Create)?;
    connection
        .pragma_update(None, "wal_autocheckpoint", 0)
        .map_err(sqlite)?;
    let checkpointer = Checkpointer::start(path)?;
    Ok((connection, checkpointer))
}

/// The writer thread's loop: a transaction for every group of jobs that wait, until `Close`
/// or until every handle is gone.
fn write(
    connection: &mut Connection,
    mut queue: mpsc::Receiver<Job>,
    observer: Option<&dyn Observer>,
    checkpointer: &Checkpointer,
) {
    while let Some(first) = queue.blocking_recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let closing = batch.iter().any(|job| matches!(job, Job::Close));
        let rows = batch
            .iter()
            .filter(|job| matches!(job, Job::Write(..)))
            .count();
        let started = Instant::now();
        let committed = commit(connection, batch);
        if committed {
            checkpointer.committed();
        }
        if let Some(observer) = observer.filter(|_| rows > 0) {
            let took = started.elapsed();
            observer.committed(&Commit {
                rows,
                took,
                committed,
            });
        }
        if closing {
            return;
        }
    }
}

/// Runs `batch` in one transaction and answers each job once it is committed; if the commit
/// fails, every write of the batch fails with it, so that none is acknowledged unstored.
/// Answers whether it committed.
fn commit(connection: &mut Connection, batch: Vec<Job>) -> bool {
    let transaction = match connection.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(transaction) => transaction,
        Err(error) => {
            let error = sqlite(error);
            for job in batch {
                if let Job::Write(_, reply) | Job::Check(reply) | Job::Probe(reply) = job {
                    let _ = reply.send(Err(error.clone()));
                }
            }
            return false;
        }
    };
    // Each answer, and whether it waits for the commit (a write) or not (a check).
    let mut answers = Vec::with_capacity(batch.len());
    for job in batch {
        match job {
            Job::Write(Row::Delivery(delivery), reply) => {
                answers.push((reply, insert_delivery(&transaction, &delivery), true));
            }
            Job::Write(Row::Rejected(rejected), reply) => {
                let written = insert_rejected(&transaction, &rejected).map(|()| Stored::New);
                answers.push((reply, written, true));
            }
            Job::Check(reply) => {
                let answered = transaction.query_row(schema::CHECK, [], |_| Ok(Stored::New));
                answers.push((reply, answered, false));
            }
            Job::Probe(reply) => {
                let written = transaction.execute(schema::PROBE, []).map(|_| Stored::New);
                answers.push((reply, written, true));
            }
            Job::Close => {}
        }
    }
    let committed = transaction.commit().map_err(sqlite);
    for (reply, answer, is_write) in answers {
        let answer = match (&committed, is_write) {
            (Err(error), true) => Err(error.clone()),
            _ => answer.map_err(sqlite),
        };
        let _ = reply.send(answer);
    }
    committed.is_ok()
}

fn insert_delivery(connection: &Connection, delivery: &Accepted) -> rusqlite::Result<Stored> {
    let changed = connection
        .prepare_cached(schema::INSERT_DELIVERY)?
        .execute(params![
            delivery.event_id,
            delivery.callback_type,
            delivery.received_at,
            delivery.source,
            delivery.headers,
            &delivery.body[..],
            delivery.method,
        ])?;
    Ok(if changed == 1 {
        Stored::New
    } else {
        Stored::Duplicate
    })
}

fn insert_rejected(connection: &Connection, rejected: &Rejected) -> rusqlite::Result<()> {
    connection
        .prepare_cached(schema::INSERT_REJECTED)?
        .execute(params![
            rejected.received_at,
            rejected.status,
            rejected.event_id,
            rejected.method,
            rejected.source,
            rejected.error,
            rejected.headers,
            rejected.body.as_deref(),
        ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(event_id: &str) -> Accepted {
        Accepted {
            event_id: event_id.to_owned(),
            callback_type: "person_added".to_owned(),
            received_at: "2026-01-01T00:00:00.000000Z".to_owned(),
            source: "127.0.0.1".to_owned(),
            headers: "[]".to_owned(),
            body: bytes::Bytes::from(format!("{{\"event_id\": \"{event_id}\"}}")),
            method: "POST".to_owned(),
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_of_one_event_store_it_once_and_are_committed_when_answered() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("inbox.sqlite");
        let writer = Writer::open(&path, None).await.unwrap();
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..64 {
            let writer = writer.clone();
            let event_id = if n % 2 == 0 {
                "same".to_owned()
            } else {
                format!("e{n}")
            };
            tasks
                .spawn(async move { (event_id.clone(), writer.accept(delivery(&event_id)).await) });
        }
        let mut new_of_same = 0;
        while let Some(joined) = tasks.join_next().await {
            let (event_id, stored) = joined.unwrap();
            match stored.unwrap() {
                Stored::New if event_id == "same" => new_of_same += 1,
                Stored::New => {}
                Stored::Duplicate => assert_eq!(event_id, "same"),
            }
        }
        assert_eq!(new_of_same, 1);
        // Answered means committed: another connection sees every row.
        let reader = Connection::open(&path).unwrap();
        let rows: i64 = reader
            .query_row("SELECT count(*) FROM deliveries", [], |row| row.get(0))
            .unwrap();
        assert_eq!(rows, 33);
        writer.check().await.unwrap();
        writer.clone().close().await;
        let error = writer.accept(delivery("late")).await.unwrap_err();
        assert_eq!(error.to_string(), "SQLite: the writer thread has stopped");
    }

    /// Records the rows of each commit it is told of.
    #[derive(Debug, Default)]
    struct Commits(Mutex<Vec<usize>>);

    impl Observer for Commits {
        fn committed(&self, commit: &Commit) {
            assert!(commit.committed);
            self.0.lock().unwrap().push(commit.rows);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn lone_writes_are_committed_when_answered_with_their_statements_kept() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("inbox.sqlite");
        let commits = Arc::new(Commits::default());
        let observer: Arc<dyn Observer> = commits.clone();
        let writer = Writer::open(&path, Some(observer)).await.unwrap();
        let reader = Connection::open(&path).unwrap();
        for n in 0..20_i64 {
            let stored = writer.accept(delivery(&format!("lone-{n}"))).await.unwrap();
            assert_eq!(stored, Stored::New);
            let rows: i64 = reader
                .query_row("SELECT count(*) FROM processing", [], |row| row.get(0))
                .unwrap();
            assert_eq!(
                rows,
                n + 1,
                "answered means committed, queued for the workers"
            );
        }
        // The kept statement still tells a repeat, and a refusal's statement works beside it.
        let repeat = writer.accept(delivery("lone-0")).await.unwrap();
        assert_eq!(repeat, Stored::Duplicate);
        writer
            .reject(Rejected {
                received_at: "2026-01-01T00:00:00.000000Z".to_owned(),
                status: 400,
                event_id: Some("lone-x".to_owned()),
                method: "POST".to_owned(),
                source: "127.0.0.1".to_owned(),
                error: "{}".to_owned(),
                headers: "[]".to_owned(),
                body: None,
            })
            .await
            .unwrap();
        // The observer is told after the answers; once the writer is closed, of every commit.
        writer.close().await;
        assert_eq!(*commits.0.lock().unwrap(), vec![1; 22]);
    }

    #[tokio::test]
    async fn a_store_that_cannot_be_created_says_where() {
        let folder = tempfile::tempdir().unwrap();
        let error = Writer::open(&folder.path().join("missing/inbox.sqlite"), None)
            .await
            .unwrap_err();
        assert!(
            error.to_string().starts_with("the SQLite store ")
                && error.to_string().contains("cannot be opened"),
            "{error}"
        );
    }
}
