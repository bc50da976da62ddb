//! What a worker asks of a store: record the outcomes of its attempts and claim the next due
//! deliveries with a lease, both in one exchange; extend the leases it holds; and wait for new
//! deliveries. Each driver implements it in its `queue.rs`.

use crate::error::StoreError;
use crate::spec::StoreSpec;
use std::time::Duration;

/// A store opened by a worker.
#[derive(Debug)]
pub(crate) enum Queue {
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(super::sqlite::Queue),
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(Box<super::postgres::Queue>),
}

/// A delivery a worker claimed: its lease is the worker's and this attempt's.
#[derive(Clone, Debug)]
pub(crate) struct Claimed {
    /// The event id.
    pub event_id: String,
    /// The attempt this claim is, from 1.
    pub attempt: u32,
    /// The callback type `X-Event-Type` named.
    pub callback_type: String,
    /// When it arrived.
    pub received_at: String,
    /// The headers, as `headers_json` wrote them.
    pub headers: String,
    /// The body.
    pub body: Vec<u8>,
    /// The request's method, if it was kept.
    pub method: Option<String>,
}

/// A claim to make: at most `limit` deliveries due by `now`, leased until `until`.
#[derive(Clone, Debug)]
pub(crate) struct Claim {
    /// The most deliveries to lease.
    pub limit: u32,
    /// The time they must be due by.
    pub now: String,
    /// The lease's end.
    pub until: String,
}

/// An attempt's outcome, to record if the worker still holds the attempt's lease.
#[derive(Clone, Debug)]
pub(crate) struct Finished {
    /// The event id.
    pub event_id: String,
    /// The attempt.
    pub attempt: u32,
    /// What became of it.
    pub outcome: Outcome,
}

/// What an attempt's outcome makes of a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Done at this time.
    Done { at: String },
    /// Pending again, due at this time, with the attempt's error.
    Retry { due_at: String, error: String },
    /// Dead at this time, for this reason.
    Dead { at: String, reason: String },
    /// Given back unstarted, due at this time, the attempt not counted.
    Release { due_at: String },
}

impl Queue {
    /// Opens the store for a worker, bringing its schema up to date.
    pub async fn open(spec: &StoreSpec) -> Result<Queue, StoreError> {
        match spec {
            #[cfg(feature = "sqlite")]
            StoreSpec::Sqlite(path) => Ok(Queue::Sqlite(super::sqlite::Queue::open(path)?)),
            #[cfg(feature = "postgres")]
            StoreSpec::Postgres(url) => Ok(Queue::Postgres(Box::new(
                super::postgres::Queue::open(url).await?,
            ))),
            #[cfg(not(feature = "sqlite"))]
            StoreSpec::Sqlite(_) => Err(super::not_built(spec)),
            #[cfg(not(feature = "postgres"))]
            StoreSpec::Postgres(_) => Err(super::not_built(spec)),
        }
    }

    /// Records each outcome of `finished` whose lease `worker` still holds, then, if asked,
    /// leases `claim`'s deliveries to `worker`, in the order received; all in one transaction,
    /// so that a worker's writes cost one commit, and on PostgreSQL, when the outcomes are all
    /// done marks, one statement. Answers, for each outcome, whether it was recorded (false:
    /// the lease was lost, and the delivery belongs to a later claim), and the deliveries
    /// claimed. On an error nothing was written, or the store cannot tell (a connection that
    /// broke at the commit): a write again then records nothing twice, since an outcome is
    /// recorded only on a leased delivery.
    pub async fn exchange(
        &self,
        worker: &str,
        finished: &[Finished],
        claim: Option<&Claim>,
    ) -> Result<(Vec<bool>, Vec<Claimed>), StoreError> {
        super::each_driver!(self, queue => queue.exchange(worker, finished, claim).await)
    }

    /// Extends until `until` the leases `worker` holds of these `(event id, attempt)`s.
    pub async fn extend(
        &self,
        worker: &str,
        leases: &[(String, u32)],
        until: &str,
    ) -> Result<(), StoreError> {
        super::each_driver!(self, queue => queue.extend(worker, leases, until).await)
    }

    /// The earliest time a pending or leased delivery is due.
    pub async fn next_due(&self) -> Result<Option<String>, StoreError> {
        super::each_driver!(self, queue => queue.next_due().await)
    }

    /// Waits until a delivery may have been stored, or `longest` passed: PostgreSQL's
    /// notification, SQLite's change counter looked at every few milliseconds.
    pub async fn wait(&self, longest: Duration) {
        super::each_driver!(self, queue => queue.wait(longest).await)
    }
}
