//! SQLite's side of a worker: outcomes and the next claim in one short immediate transaction on
//! a connection of the worker's own, and new deliveries noticed by the database's change
//! counter.
//!
//! SQLite has one writer at a time: a claim takes the write lock for the few statements it
//! runs, as the receiver's writer and other workers' claims do, each waiting for the others up
//! to the busy timeout. `PRAGMA data_version` changes when another connection commits, and
//! reading it costs a look at the shared memory of the write-ahead log, so an idle worker looks
//! at it every [`POLL`] instead of querying the tables.

use super::{Open, Shared, sqlite};
use crate::error::StoreError;
use crate::store::queue::{Claim, Claimed, Finished, Outcome};
use crate::store::schema;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

/// How often an idle worker looks at the change counter.
pub const POLL: Duration = Duration::from_millis(10);

/// A SQLite store opened by a worker: one connection for its changes, one to watch for others'.
#[derive(Debug)]
pub struct Queue {
    shared: Shared,
    watch: std::sync::Mutex<rusqlite::Connection>,
    /// The change counter as it was just before the last claim: a change after it may have
    /// stored a delivery that claim did not see.
    seen: AtomicI64,
}

impl Queue {
    /// Opens the database at `path`, which must exist, and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Queue, StoreError> {
        Ok(Queue {
            shared: Shared::new(super::open(path, Open::Existing)?),
            watch: std::sync::Mutex::new(super::open(path, Open::Existing)?),
            seen: AtomicI64::new(i64::MIN),
        })
    }

    pub async fn exchange(
        &self,
        worker: &str,
        finished: &[Finished],
        claim: Option<&Claim>,
    ) -> Result<(Vec<bool>, Vec<Claimed>), StoreError> {
        if claim.is_some()
            && let Some(version) = self.version()
        {
            self.seen.store(version, Ordering::Relaxed);
        }
        let (worker, finished, claim) = (worker.to_owned(), finished.to_vec(), claim.cloned());
        self.shared
            .run(move |connection| {
                let transaction = connection
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(sqlite)?;
                let recorded = record(&transaction, &worker, &finished).map_err(sqlite)?;
                let claimed = match &claim {
                    Some(claim) => lease(&transaction, &worker, claim).map_err(sqlite)?,
                    None => Vec::new(),
                };
                transaction.commit().map_err(sqlite)?;
                Ok((recorded, claimed))
            })
            .await
    }

    pub async fn extend(
        &self,
        worker: &str,
        leases: &[(String, u32)],
        until: &str,
    ) -> Result<(), StoreError> {
        let (worker, leases, until) = (worker.to_owned(), leases.to_vec(), until.to_owned());
        self.shared
            .run(move |connection| {
                let transaction = connection
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(sqlite)?;
                {
                    let mut extend = transaction.prepare_cached(schema::EXTEND).map_err(sqlite)?;
                    for (event_id, attempt) in &leases {
                        extend
                            .execute(params![until, worker, event_id, attempt])
                            .map_err(sqlite)?;
                    }
                }
                transaction.commit().map_err(sqlite)
            })
            .await
    }

    pub async fn next_due(&self) -> Result<Option<String>, StoreError> {
        self.shared
            .run(|connection| {
                connection
                    .query_row(schema::NEXT_DUE, [], |row| row.get(0))
                    .map_err(sqlite)
            })
            .await
    }

    /// Returns once the change counter moved since the last claim (another connection
    /// committed) or `longest` passed.
    pub async fn wait(&self, longest: Duration) {
        let deadline = Instant::now() + longest;
        let seen = self.seen.load(Ordering::Relaxed);
        while self.version().is_some_and(|version| version == seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            tokio::time::sleep(POLL.min(left)).await;
        }
    }

    /// The change counter. Reading it takes no lock and no disk access (a look at the shared
    /// memory of the write-ahead log), so it runs on the calling thread.
    fn version(&self) -> Option<i64> {
        super::lock(&self.watch)
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut version| version.query_row([], |row| row.get::<_, i64>(0)))
            .ok()
    }
}

/// Records each outcome whose lease `worker` still holds; answers, for each, whether it was.
fn record(
    transaction: &Transaction<'_>,
    worker: &str,
    finished: &[Finished],
) -> rusqlite::Result<Vec<bool>> {
    let mut recorded = Vec::with_capacity(finished.len());
    for one in finished {
        let changed = match &one.outcome {
            Outcome::Done { at } => transaction.prepare_cached(schema::DONE)?.execute(params![
                at,
                one.event_id,
                worker,
                one.attempt
            ]),
            Outcome::Retry { due_at, error } => transaction
                .prepare_cached(schema::RETRY_LATER)?
                .execute(params![due_at, error, one.event_id, worker, one.attempt]),
            Outcome::Dead { at, reason } => transaction
                .prepare_cached(schema::DEAD)?
                .execute(params![at, reason, one.event_id, worker, one.attempt]),
            Outcome::Release { due_at } => transaction
                .prepare_cached(schema::RELEASE)?
                .execute(params![due_at, one.event_id, worker, one.attempt]),
        }?;
        recorded.push(changed == 1);
    }
    Ok(recorded)
}

/// Leases `claim`'s due deliveries to `worker`, and reads them, in the order received.
fn lease(
    transaction: &Transaction<'_>,
    worker: &str,
    claim: &Claim,
) -> rusqlite::Result<Vec<Claimed>> {
    let mut leased: Vec<(i64, String, u32)> = transaction
        .prepare_cached(schema::SQLITE_CLAIM)?
        .query_map(
            params![worker, claim.until, claim.now, claim.limit],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?
        .collect::<Result<_, _>>()?;
    // RETURNING gives the rows in no promised order; the worker takes them in the order
    // received.
    leased.sort_by_key(|(seq, _, _)| *seq);
    let mut delivery = transaction.prepare_cached(schema::CLAIMED_DELIVERY)?;
    let mut claimed = Vec::with_capacity(leased.len());
    for (_, event_id, attempt) in leased {
        let columns = delivery
            .query_row([&event_id], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .optional()?;
        // The processing row references its delivery, so it is there.
        let Some((callback_type, received_at, headers, body, method)) = columns else {
            continue;
        };
        claimed.push(Claimed {
            event_id,
            attempt,
            callback_type,
            received_at,
            headers,
            body,
            method,
        });
    }
    Ok(claimed)
}
