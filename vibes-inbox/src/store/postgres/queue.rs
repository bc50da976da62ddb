//! PostgreSQL's side of a worker: claims with `FOR UPDATE SKIP LOCKED`, so that any number of
//! workers on any number of hosts share one inbox; a batch of done marks and the next claim in
//! one statement, lease extensions a batch per statement; and idle workers woken by the
//! notification each commit of new deliveries sends.

use super::{connect, open, postgres};
use crate::error::StoreError;
use crate::store::queue::{Claim, Claimed, Finished, Outcome};
use crate::store::schema;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, Notify};
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{AsyncMessage, Client, Config, GenericClient, NoTls, Statement};
use tracing::{debug, warn};

/// How long the listener waits before connecting again after its connection broke.
const RELISTEN: Duration = Duration::from_secs(1);

/// A PostgreSQL store opened by a worker: a connection for its changes, and a listener on the
/// channel new deliveries are announced on.
#[derive(Debug)]
pub struct Queue {
    config: Config,
    connection: Mutex<Option<Connection>>,
    woken: Arc<Notify>,
    listener: tokio::task::JoinHandle<()>,
}

/// The worker's connection and its prepared statements.
#[derive(Debug)]
struct Connection {
    client: Client,
    claim: Statement,
    done_and_claim: Statement,
    done_many: Statement,
    retry_later: Statement,
    dead: Statement,
    release: Statement,
    extend_many: Statement,
}

impl Queue {
    /// Connects to the database at `url`, brings its schema up to date, and starts listening.
    pub async fn open(url: &str) -> Result<Queue, StoreError> {
        let (config, client) = open(url).await?;
        let connection = prepare(client).await?;
        let woken = Arc::new(Notify::new());
        let listener = tokio::spawn(listen(config.clone(), Arc::clone(&woken)));
        Ok(Queue {
            config,
            connection: Mutex::new(Some(connection)),
            woken,
            listener,
        })
    }

    pub async fn exchange(
        &self,
        worker: &str,
        finished: &[Finished],
        claim: Option<&Claim>,
    ) -> Result<(Vec<bool>, Vec<Claimed>), StoreError> {
        if finished.is_empty() && claim.is_none() {
            return Ok((Vec::new(), Vec::new()));
        }
        let mut done: (Vec<&str>, Vec<i32>) = (Vec::new(), Vec::new());
        let mut at = None;
        for one in finished {
            if let Outcome::Done { at: when } = &one.outcome {
                done.0.push(&one.event_id);
                done.1.push(attempt(one.attempt));
                at.get_or_insert(when);
            }
        }
        let only_done = finished
            .iter()
            .all(|one| matches!(one.outcome, Outcome::Done { .. }));
        // Whether each outcome was recorded: a done mark if its event id came back.
        let recorded = |marked: &[String]| -> Vec<bool> {
            finished
                .iter()
                .map(|one| marked.contains(&one.event_id))
                .collect()
        };
        let (recorded, claimed) = self
            .with(async |connection| {
                match (at, claim) {
                    // Done marks and a claim, or either alone: one statement each, atomic
                    // without a transaction around it, so one round trip and one commit.
                    (Some(at), Some(claim)) if only_done => {
                        let params: [&(dyn ToSql + Sync); 7] = [
                            &done.0,
                            &done.1,
                            &worker,
                            at,
                            &claim.until,
                            &claim.now,
                            &i64::from(claim.limit),
                        ];
                        let rows = connection
                            .client
                            .query(&connection.done_and_claim, &params)
                            .await?;
                        // The claimed deliveries come with their sequence number, the ones
                        // marked done without.
                        let (claimed, marked): (Vec<_>, Vec<_>) = rows
                            .into_iter()
                            .partition(|row| row.get::<_, Option<i64>>(0).is_some());
                        let marked: Vec<String> = marked.iter().map(|row| row.get(1)).collect();
                        Ok((recorded(&marked), claimed))
                    }
                    (Some(at), None) if only_done => {
                        let marked: Vec<String> = connection
                            .client
                            .query(&connection.done_many, &[&done.0, &done.1, &worker, at])
                            .await?
                            .iter()
                            .map(|row| row.get(0))
                            .collect();
                        Ok((recorded(&marked), Vec::new()))
                    }
                    (None, Some(claim)) if finished.is_empty() => {
                        let claimed = connection
                            .client
                            .query(
                                &connection.claim,
                                &[&worker, &claim.until, &claim.now, &i64::from(claim.limit)],
                            )
                            .await?;
                        Ok((Vec::new(), claimed))
                    }
                    // Other outcomes: a transaction, a statement each, the claim last.
                    _ => {
                        let transaction = connection.client.transaction().await?;
                        let marked: Vec<String> = match at {
                            Some(at) => transaction
                                .query(&connection.done_many, &[&done.0, &done.1, &worker, at])
                                .await?
                                .iter()
                                .map(|row| row.get(0))
                                .collect(),
                            None => Vec::new(),
                        };
                        let mut recorded = recorded(&marked);
                        for (one, recorded) in finished.iter().zip(&mut recorded) {
                            let attempt = attempt(one.attempt);
                            let changed = match &one.outcome {
                                Outcome::Done { .. } => continue,
                                Outcome::Retry { due_at, error } => {
                                    let params: [&(dyn ToSql + Sync); 5] =
                                        [due_at, error, &one.event_id, &worker, &attempt];
                                    transaction
                                        .execute(&connection.retry_later, &params)
                                        .await?
                                }
                                Outcome::Dead { at, reason } => {
                                    let params: [&(dyn ToSql + Sync); 5] =
                                        [at, reason, &one.event_id, &worker, &attempt];
                                    transaction.execute(&connection.dead, &params).await?
                                }
                                Outcome::Release { due_at } => {
                                    let params: [&(dyn ToSql + Sync); 4] =
                                        [due_at, &one.event_id, &worker, &attempt];
                                    transaction.execute(&connection.release, &params).await?
                                }
                            };
                            *recorded = changed == 1;
                        }
                        let claimed = match claim {
                            Some(claim) => {
                                transaction
                                    .query(
                                        &connection.claim,
                                        &[
                                            &worker,
                                            &claim.until,
                                            &claim.now,
                                            &i64::from(claim.limit),
                                        ],
                                    )
                                    .await?
                            }
                            None => Vec::new(),
                        };
                        transaction.commit().await?;
                        Ok((recorded, claimed))
                    }
                }
            })
            .await?;
        let claimed = claimed
            .iter()
            .map(|row| {
                let attempt: i32 = row.try_get(2).map_err(postgres)?;
                // Column 0 is the sequence number the rows are sorted by.
                Ok(Claimed {
                    event_id: row.try_get(1).map_err(postgres)?,
                    attempt: u32::try_from(attempt).unwrap_or_default(),
                    callback_type: row.try_get(3).map_err(postgres)?,
                    received_at: row.try_get(4).map_err(postgres)?,
                    headers: row.try_get(5).map_err(postgres)?,
                    body: row.try_get(6).map_err(postgres)?,
                    method: row.try_get(7).map_err(postgres)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok((recorded, claimed))
    }

    pub async fn extend(
        &self,
        worker: &str,
        leases: &[(String, u32)],
        until: &str,
    ) -> Result<(), StoreError> {
        let event_ids: Vec<&str> = leases
            .iter()
            .map(|(event_id, _)| event_id.as_str())
            .collect();
        let attempts: Vec<i32> = leases.iter().map(|(_, n)| attempt(*n)).collect();
        self.with(async |connection| {
            connection
                .client
                .execute(
                    &connection.extend_many,
                    &[&event_ids, &attempts, &worker, &until],
                )
                .await
        })
        .await
        .map(drop)
    }

    pub async fn next_due(&self) -> Result<Option<String>, StoreError> {
        self.with(async |connection| {
            let row = connection.client.query_one(schema::NEXT_DUE, &[]).await?;
            Ok(row.get(0))
        })
        .await
    }

    /// Returns once a commit of new deliveries was announced (since the last wait, too) or
    /// `longest` passed.
    pub async fn wait(&self, longest: Duration) {
        let _ = tokio::time::timeout(longest, self.woken.notified()).await;
    }

    /// Runs `work` on the connection, opened again first if it broke.
    async fn with<T>(
        &self,
        work: impl AsyncFnOnce(&mut Connection) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, StoreError> {
        let mut slot = self.connection.lock().await;
        if slot.as_ref().is_none_or(|open| open.client.is_closed()) {
            *slot = None;
            *slot = Some(prepare(connect(&self.config).await?).await?);
        }
        let connection = slot.as_mut().expect("opened above");
        work(connection).await.map_err(postgres)
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        self.listener.abort();
    }
}

/// Marks the delivery `event_id` done at `at` through `client` (the handler's own
/// transaction), if `worker` still holds the lease of `attempt`; answers whether it did.
///
/// The handler's connection is not the worker's, so no statement prepared by the worker can
/// run on it, and preparing one there would cost a round trip of its own on every call. The
/// statement goes unprepared with its parameters' types given (`execute_typed`): parse, bind
/// and execute in one round trip.
pub(crate) async fn mark_done(
    client: &impl GenericClient,
    event_id: &str,
    worker: &str,
    attempt: u32,
    at: &str,
) -> Result<bool, StoreError> {
    let attempt = self::attempt(attempt);
    let params: [(&(dyn ToSql + Sync), Type); 4] = [
        (&at, Type::TEXT),
        (&event_id, Type::TEXT),
        (&worker, Type::TEXT),
        (&attempt, Type::INT4),
    ];
    let changed = client
        .execute_typed(schema::DONE, &params)
        .await
        .map_err(postgres)?;
    Ok(changed == 1)
}

/// An attempt number as the `INTEGER` column holds it.
fn attempt(attempt: u32) -> i32 {
    i32::try_from(attempt).unwrap_or(i32::MAX)
}

async fn prepare(client: Client) -> Result<Connection, StoreError> {
    let statement = async |sql| client.prepare(sql).await.map_err(postgres);
    Ok(Connection {
        claim: statement(schema::POSTGRES_CLAIM).await?,
        done_and_claim: statement(schema::POSTGRES_DONE_AND_CLAIM).await?,
        done_many: statement(schema::POSTGRES_DONE_MANY).await?,
        retry_later: statement(schema::RETRY_LATER).await?,
        dead: statement(schema::DEAD).await?,
        release: statement(schema::RELEASE).await?,
        extend_many: statement(schema::POSTGRES_EXTEND_MANY).await?,
        client,
    })
}

/// Listens on the channel for as long as the worker runs, on a connection of its own, waking
/// the worker at each notification; after its connection broke, it connects again and wakes the
/// worker once, since a notification may have been missed meanwhile.
async fn listen(config: Config, woken: Arc<Notify>) {
    loop {
        match config.connect(NoTls).await {
            Ok((client, mut connection)) => {
                let listening = async {
                    client
                        .batch_execute(&format!("LISTEN {}", schema::CHANNEL))
                        .await
                };
                // The connection must be driven for the LISTEN to be answered, and then for
                // the notifications to arrive.
                let mut listening = std::pin::pin!(listening);
                let mut listened = false;
                woken.notify_one();
                loop {
                    tokio::select! {
                        done = &mut listening, if !listened => {
                            listened = true;
                            if let Err(error) = done {
                                warn!("the worker cannot listen for new deliveries: {}", postgres(error));
                                break;
                            }
                        }
                        message = std::future::poll_fn(|context| connection.poll_message(context)) => {
                            match message {
                                Some(Ok(AsyncMessage::Notification(_))) => woken.notify_one(),
                                Some(Ok(_)) => {}
                                Some(Err(error)) => {
                                    warn!("the worker's listening connection to PostgreSQL broke: {}", postgres(error));
                                    break;
                                }
                                None => break,
                            }
                        }
                    }
                }
            }
            Err(error) => debug!("the worker cannot reach PostgreSQL to listen: {error}"),
        }
        tokio::time::sleep(RELISTEN).await;
    }
}
