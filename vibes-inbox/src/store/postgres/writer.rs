//! PostgreSQL's writer: a few connections that each commit together the writes waiting for
//! them, as SQLite's writer thread does.
//!
//! The handlers put their rows in one queue. Each of [`CONNECTIONS`] tasks takes every row that
//! is waiting (up to [`BATCH`]) and writes them in one statement per table (arrays of columns
//! through `unnest`), which is one commit, and answers each row only once it is committed
//! (with PostgreSQL's default `synchronous_commit = on`, flushed to its write-ahead log). While
//! one task waits for its commit, the next takes the rows that arrived meanwhile, so that
//! commits overlap and concurrent deliveries share them instead of queueing for one each.
//! Several receivers may share the database: the unique key on the event id decides inside the
//! insert which of two racing deliveries is stored.
//!
//! Idle workers are woken by a notification on [`schema::CHANNEL`], which the writer sends
//! after the commits, from a task and a connection of its own, not inside them: PostgreSQL
//! lets one notifying transaction commit at a time (it holds a lock for the whole database
//! from before the commit until its flush to disk), which made each commit of deliveries wait
//! for the flush of the one before instead of sharing it. The announcing task sends one
//! notification for every commit that arrived while the last one was sent, without waiting
//! for the disk, since a notification has nothing to keep. Should the receiver stop between a
//! commit and its notification, the workers find the deliveries at their next look anyway
//! (`Options::idle`, 5 s at most).

use super::{connect, open, postgres};
use crate::error::StoreError;
use crate::observe::{Commit, Observer};
use crate::row::{Accepted, Rejected, Stored};
use crate::store::schema;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::{Mutex, mpsc, oneshot};
use tokio::task::JoinSet;
use tokio_postgres::{Client, Config, Statement};
use tracing::warn;

/// How many connections one receiver writes on: enough to overlap the round trips and commits of
/// concurrent deliveries, few enough that many receivers fit a server's `max_connections`.
pub const CONNECTIONS: usize = 4;

/// The most rows one commit takes.
pub const BATCH: usize = 256;

/// How many writes may wait for a connection before handlers wait to hand theirs over.
const QUEUE: usize = 1024;

/// The handle on the writing tasks, shared by every handler.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
    tasks: Arc<Mutex<JoinSet<()>>>,
}

/// What a handler asks of the writer, with where the answer goes.
#[derive(Debug)]
enum Job {
    Delivery(Accepted, Reply),
    Rejected(Rejected, Reply),
    Check(Reply),
    Probe(Reply),
}

/// Where a job's answer goes: what the write did (a check or a refusal is `Stored::New`).
type Reply = oneshot::Sender<Result<Stored, StoreError>>;

/// One open connection and its prepared statements.
struct Connection {
    client: Client,
    insert_deliveries: Statement,
    insert_rejected: Statement,
    check: Statement,
}

impl Writer {
    /// Connects to the database at `url`, brings its schema up to date, and starts the writing
    /// tasks, the first on the connection that upgraded the schema; they tell `observer` of each
    /// commit.
    pub async fn open(
        url: &str,
        observer: Option<Arc<dyn Observer>>,
    ) -> Result<Writer, StoreError> {
        let (config, client) = open(url).await?;
        let first = prepare(client).await?;
        let (jobs, queue) = mpsc::channel(QUEUE);
        let queue = Arc::new(Mutex::new(queue));
        let config = Arc::new(config);
        let mut tasks = JoinSet::new();
        // One announcement waits at most: commits that come while it does share it.
        let (news, announcements) = mpsc::channel(1);
        tasks.spawn(announce(Arc::clone(&config), announcements));
        let mut first = Some(first);
        for _ in 0..CONNECTIONS {
            tasks.spawn(write(
                first.take(),
                Arc::clone(&config),
                Arc::clone(&queue),
                news.clone(),
                observer.clone(),
            ));
        }
        Ok(Writer {
            jobs,
            tasks: Arc::new(Mutex::new(tasks)),
        })
    }

    pub async fn accept(&self, delivery: Accepted) -> Result<Stored, StoreError> {
        self.ask(|reply| Job::Delivery(delivery, reply)).await
    }

    pub async fn reject(&self, rejected: Rejected) -> Result<(), StoreError> {
        self.ask(|reply| Job::Rejected(rejected, reply))
            .await
            .map(drop)
    }

    pub async fn check(&self) -> Result<(), StoreError> {
        self.ask(Job::Check).await.map(drop)
    }

    pub async fn probe(&self) -> Result<(), StoreError> {
        self.ask(Job::Probe).await.map(drop)
    }

    /// Lets the tasks commit and announce what they hold, then waits for them to end. The queue
    /// closes once every handle on it is dropped, so the tasks end when the last handler is
    /// gone too (and the announcing task once the writing ones have).
    pub async fn close(self) {
        let Writer { jobs, tasks } = self;
        drop(jobs);
        let mut tasks = tasks.lock().await;
        while tasks.join_next().await.is_some() {}
    }

    async fn ask(&self, job: impl FnOnce(Reply) -> Job) -> Result<Stored, StoreError> {
        let stopped = || StoreError::new("PostgreSQL: the writer has stopped");
        let (reply, answer) = oneshot::channel();
        self.jobs.send(job(reply)).await.map_err(|_| stopped())?;
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }
}

/// One writing task: a batch of the waiting jobs at a time, on its own connection, opened again
/// when it breaks, until the queue closes; it tells `news` of each commit that stored a new
/// delivery.
async fn write(
    mut connection: Option<Connection>,
    config: Arc<Config>,
    queue: Arc<Mutex<mpsc::Receiver<Job>>>,
    news: mpsc::Sender<()>,
    observer: Option<Arc<dyn Observer>>,
) {
    loop {
        let batch = {
            let mut queue = queue.lock().await;
            let Some(first) = queue.recv().await else {
                return;
            };
            let mut batch = vec![first];
            while batch.len() < BATCH {
                match queue.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            batch
        };
        if connection
            .as_ref()
            .is_none_or(|open| open.client.is_closed())
        {
            match reconnect(&config).await {
                Ok(open) => connection = Some(open),
                Err(error) => {
                    fail(batch, &error);
                    connection = None;
                    continue;
                }
            }
        }
        if let Some(open) = &connection {
            let rows = batch
                .iter()
                .filter(|job| !matches!(job, Job::Check(_) | Job::Probe(_)))
                .count();
            let started = Instant::now();
            let committed = commit(open, batch, &news).await;
            if let Some(observer) = observer.as_deref().filter(|_| rows > 0) {
                let took = started.elapsed();
                observer.committed(&Commit {
                    rows,
                    took,
                    committed,
                });
            }
        }
    }
}

async fn reconnect(config: &Config) -> Result<Connection, StoreError> {
    prepare(connect(config).await?).await
}

/// The announcing task: a notification to the idle workers after each commit of new
/// deliveries told of on `news` (one for all those told of while the last was sent), on a
/// connection of its own, opened again when it breaks, until every writing task has ended.
async fn announce(config: Arc<Config>, mut news: mpsc::Receiver<()>) {
    let mut connection: Option<Client> = None;
    while news.recv().await.is_some() {
        if connection.as_ref().is_none_or(Client::is_closed) {
            connection = None;
            match connect(&config).await {
                Ok(client) => match client.batch_execute(schema::ANNOUNCE[0]).await {
                    Ok(()) => connection = Some(client),
                    Err(error) => {
                        warn!("the receiver cannot wake the workers: {}", postgres(error))
                    }
                },
                Err(error) => warn!("the receiver cannot wake the workers: {error}"),
            }
        }
        if let Some(client) = &connection
            && let Err(error) = client.batch_execute(schema::ANNOUNCE[1]).await
        {
            warn!("the receiver cannot wake the workers: {}", postgres(error));
        }
    }
}

/// Answers every job of `batch` with `error`.
fn fail(batch: Vec<Job>, error: &StoreError) {
    for job in batch {
        let (Job::Delivery(_, reply)
        | Job::Rejected(_, reply)
        | Job::Check(reply)
        | Job::Probe(reply)) = job;
        let _ = reply.send(Err(error.clone()));
    }
}

/// Writes `batch`: the deliveries in one statement, the refusals in another, run together on
/// the connection's pipeline; each job is answered once its statement has committed, and
/// `news` told when a new delivery was. Answers whether every write committed.
async fn commit(connection: &Connection, batch: Vec<Job>, news: &mpsc::Sender<()>) -> bool {
    let mut deliveries = Vec::new();
    let mut rejected = Vec::new();
    let mut checks = Vec::new();
    let mut probes = Vec::new();
    for job in batch {
        match job {
            Job::Delivery(delivery, reply) => deliveries.push((delivery, reply)),
            Job::Rejected(row, reply) => rejected.push((row, reply)),
            Job::Check(reply) => checks.push(reply),
            Job::Probe(reply) => probes.push(reply),
        }
    }
    let check = async {
        if checks.is_empty() {
            return Ok(());
        }
        connection
            .client
            .query_one(&connection.check, &[])
            .await
            .map(drop)
    };
    let probe = async {
        if probes.is_empty() {
            return Ok(());
        }
        connection
            .client
            .execute(schema::PROBE, &[])
            .await
            .map(drop)
    };
    let (stored, refused, checked, probed) = tokio::join!(
        insert_deliveries(connection, &deliveries),
        insert_rejected(connection, &rejected),
        check,
        probe
    );
    let committed = stored.is_ok() && refused.is_ok();
    match stored {
        Ok(stored) => {
            if !stored.is_empty() {
                // Full: an announcement not yet sent will cover this commit too.
                let _ = news.try_send(());
            }
            let mut answered = HashSet::with_capacity(stored.len());
            for (delivery, reply) in deliveries {
                // The first of an event id in the batch is the one stored.
                let new = stored.contains(&delivery.event_id) && answered.insert(delivery.event_id);
                let _ = reply.send(Ok(if new { Stored::New } else { Stored::Duplicate }));
            }
        }
        Err(error) => {
            for (_, reply) in deliveries {
                let _ = reply.send(Err(error.clone()));
            }
        }
    }
    for (_, reply) in rejected {
        let _ = reply.send(refused.clone().map(|()| Stored::New));
    }
    let checked = checked.map_err(postgres);
    for reply in checks {
        let _ = reply.send(checked.clone().map(|()| Stored::New));
    }
    let probed = probed.map_err(postgres);
    for reply in probes {
        let _ = reply.send(probed.clone().map(|()| Stored::New));
    }
    committed
}

/// Inserts the deliveries, answering the event ids that were stored (not already there).
async fn insert_deliveries(
    connection: &Connection,
    deliveries: &[(Accepted, Reply)],
) -> Result<HashSet<String>, StoreError> {
    if deliveries.is_empty() {
        return Ok(HashSet::new());
    }
    let column = |get: fn(&Accepted) -> &str| -> Vec<&str> {
        deliveries
            .iter()
            .map(|(delivery, _)| get(delivery))
            .collect()
    };
    let bodies: Vec<&[u8]> = deliveries
        .iter()
        .map(|(delivery, _)| &delivery.body[..])
        .collect();
    let rows = connection
        .client
        .query(
            &connection.insert_deliveries,
            &[
                &column(|delivery| &delivery.event_id),
                &column(|delivery| &delivery.callback_type),
                &column(|delivery| &delivery.received_at),
                &column(|delivery| &delivery.source),
                &column(|delivery| &delivery.headers),
                &bodies,
                &column(|delivery| &delivery.method),
            ],
        )
        .await
        .map_err(postgres)?;
    rows.iter()
        .map(|row| row.try_get(0).map_err(postgres))
        .collect()
}

async fn insert_rejected(
    connection: &Connection,
    rejected: &[(Rejected, Reply)],
) -> Result<(), StoreError> {
    if rejected.is_empty() {
        return Ok(());
    }
    let column = |get: fn(&Rejected) -> &str| -> Vec<&str> {
        rejected.iter().map(|(row, _)| get(row)).collect()
    };
    let statuses: Vec<i32> = rejected
        .iter()
        .map(|(row, _)| i32::from(row.status))
        .collect();
    let event_ids: Vec<Option<&str>> = rejected
        .iter()
        .map(|(row, _)| row.event_id.as_deref())
        .collect();
    let bodies: Vec<Option<&[u8]>> = rejected
        .iter()
        .map(|(row, _)| row.body.as_deref())
        .collect();
    connection
        .client
        .execute(
            &connection.insert_rejected,
            &[
                &column(|row| &row.received_at),
                &statuses,
                &event_ids,
                &column(|row| &row.method),
                &column(|row| &row.source),
                &column(|row| &row.error),
                &column(|row| &row.headers),
                &bodies,
            ],
        )
        .await
        .map_err(postgres)?;
    Ok(())
}

/// Prepares the writer's statements on `client`, and tells the trigger that the writer
/// announces its commits itself.
async fn prepare(client: Client) -> Result<Connection, StoreError> {
    client
        .batch_execute(schema::POSTGRES_QUIET)
        .await
        .map_err(postgres)?;
    let insert_deliveries = client
        .prepare(schema::POSTGRES_INSERT_DELIVERIES)
        .await
        .map_err(postgres)?;
    let insert_rejected = client
        .prepare(schema::POSTGRES_INSERT_REJECTED)
        .await
        .map_err(postgres)?;
    let check = client.prepare(schema::CHECK).await.map_err(postgres)?;
    Ok(Connection {
        client,
        insert_deliveries,
        insert_rejected,
        check,
    })
}
