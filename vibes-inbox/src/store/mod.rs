//! The two kinds of store and one interface over them: [`Store`] for the receiver that writes
//! deliveries, [`Inbox`] for the commands that read them back and manage their state.
//!
//! Every request on the delivery path becomes one row before it is answered: an accepted
//! delivery in `deliveries` (unique on its event id, so a repeat is acknowledged and not stored
//! again), a refused one in `rejected`; each stored delivery gets a `processing` row beside it,
//! pending. The schema and every statement are in [`schema`], both dialects side by side; each
//! database has a driver folder (`sqlite/`, `postgres/`) with the same parts: the writer, the
//! reader, the leases a worker takes, and the migrations.

pub(crate) mod queue;
pub mod schema;

#[cfg(feature = "postgres")]
pub(crate) mod postgres;
#[cfg(feature = "sqlite")]
pub(crate) mod sqlite;

use crate::error::StoreError;
use crate::observe::Observer;
use crate::row::{Accepted, Rejected, Stored};
use crate::spec::StoreSpec;
use crate::state::{Processing, State};
use std::sync::Arc;

#[cfg(not(any(feature = "sqlite", feature = "postgres")))]
compile_error!(
    "vibes-inbox needs a store: enable its `sqlite` feature, its `postgres` one, or both"
);

/// Runs `$body` with `$driver` bound to the driver of whichever store `$value` is.
macro_rules! each_driver {
    ($value:expr, $driver:ident => $body:expr) => {
        match $value {
            #[cfg(feature = "sqlite")]
            Self::Sqlite($driver) => $body,
            #[cfg(feature = "postgres")]
            Self::Postgres($driver) => $body,
        }
    };
}
pub(crate) use each_driver;

/// A store the receiver writes to, opened for serving: its schema is up to date.
///
/// Cloning it is cheap: the clones share the writer.
#[derive(Clone, Debug)]
pub enum Store {
    /// SQLite, written by one thread of its own that commits the waiting rows together.
    #[cfg(feature = "sqlite")]
    Sqlite(sqlite::Writer),
    /// PostgreSQL, through a few connections, each committing the waiting rows together.
    #[cfg(feature = "postgres")]
    Postgres(postgres::Writer),
}

/// A store opened to read it back and to manage the deliveries' state, for the `inbox`
/// commands.
#[derive(Debug)]
pub enum Inbox {
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(sqlite::Reader),
    /// PostgreSQL.
    #[cfg(feature = "postgres")]
    Postgres(postgres::Reader),
}

/// One line of `inbox list`: a delivery with its state, or a refused request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When the request arrived.
    pub received_at: String,
    /// `None` for an accepted delivery, the status code for a refused one.
    pub rejected: Option<u16>,
    /// The event id, if known.
    pub event_id: Option<String>,
    /// The callback type of an accepted delivery.
    pub callback_type: Option<String>,
    /// The body's size in bytes, if it was kept.
    pub size: Option<u64>,
    /// The processing state of an accepted delivery.
    pub processing: Option<Processing>,
}

/// A stored request with its headers and body, for `inbox show`.
#[derive(Clone, Debug)]
pub struct Shown {
    /// When the request arrived.
    pub received_at: String,
    /// The callback type, or for a refused request the status code and the error.
    pub summary: String,
    /// The headers, as [`headers_json`](crate::headers_json) wrote them.
    pub headers: String,
    /// The body, if it was kept.
    pub body: Option<Vec<u8>>,
    /// The processing state of an accepted delivery.
    pub processing: Option<Processing>,
}

/// A stored delivery as it came, with its state: what a replay sends again.
#[derive(Clone, Debug)]
pub struct StoredDelivery {
    /// Its place in the order received.
    pub seq: i64,
    /// The event id.
    pub event_id: String,
    /// The callback type `X-Event-Type` named.
    pub callback_type: String,
    /// When it arrived.
    pub received_at: String,
    /// The headers, as [`headers_json`](crate::headers_json) wrote them.
    pub headers: String,
    /// The body, byte for byte.
    pub body: Vec<u8>,
    /// Its processing state.
    pub state: State,
    /// The request's method; `None` for a delivery stored before methods were kept (it came as
    /// `POST`, the default, unless its registration said `PUT`).
    pub method: Option<String>,
}

/// Which deliveries a replay takes: those that match every criterion given (an empty list or
/// `None` does not filter).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// These event ids.
    pub event_ids: Vec<String>,
    /// Received at or after this time (a timestamp as the store writes them).
    pub received_from: Option<String>,
    /// Received before this time.
    pub received_before: Option<String>,
    /// Of these callback types.
    pub callback_types: Vec<String>,
    /// In these states.
    pub states: Vec<State>,
}

/// What `inbox retry` did with one event id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retried {
    /// It is pending again, with a fresh count of attempts; it was in this state.
    Pending(State),
    /// It is leased: a worker is on it, so it was left alone.
    Leased,
    /// No delivery of this event id is stored.
    Unknown,
}

/// What `inbox purge` removes: the done deliveries finished before a time, and only with their
/// flag the dead ones, the unfinished ones and the refused requests.
#[derive(Clone, Debug)]
pub struct Purge {
    /// Remove what finished (or, for unfinished deliveries and refusals, arrived) before this
    /// time.
    pub before: String,
    /// Also the dead deliveries declared dead before it.
    pub dead: bool,
    /// Also the pending and leased deliveries received before it.
    pub unfinished: bool,
    /// Also the refused requests received before it.
    pub rejected: bool,
}

/// How many rows `inbox purge` removed, of each kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    /// Done deliveries.
    pub done: u64,
    /// Dead deliveries.
    pub dead: u64,
    /// Pending or leased deliveries.
    pub unfinished: u64,
    /// Refused requests.
    pub rejected: u64,
}

/// How many deliveries are in one state, and the earliest due time among them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateCount {
    /// The state.
    pub state: State,
    /// How many deliveries are in it.
    pub count: u64,
    /// The earliest `due_at` among them.
    pub earliest_due: Option<String>,
}

/// Which deliveries the inbox page lists: the newest first, those that match every filter
/// given (`None` does not filter), [`limit`](Recent::limit) at most.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recent {
    /// Of this callback type.
    pub callback_type: Option<String>,
    /// In this state.
    pub state: Option<State>,
    /// Received at or after this time (a timestamp as the store writes them).
    pub received_from: Option<String>,
    /// Received before this time.
    pub received_before: Option<String>,
    /// Stored before the delivery of this sequence number: the next page after one whose last
    /// delivery had it.
    pub before_seq: Option<i64>,
    /// The most deliveries listed.
    pub limit: u32,
}

/// A delivery as the inbox page lists it: its place in the order stored, and its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Its place in the order stored.
    pub seq: i64,
    /// Its received time, event id, callback type, size and processing state.
    pub entry: Entry,
}

/// A refused request, as the inbox page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// Its place in the order refused.
    pub id: i64,
    /// When it arrived.
    pub received_at: String,
    /// The status code answered.
    pub status: u16,
    /// The `X-Event-Id` header, when it came once as text.
    pub event_id: Option<String>,
    /// The request's method.
    pub method: String,
    /// The address of the TCP peer.
    pub source: String,
    /// The error answered, as its JSON text.
    pub error: String,
    /// The body's size in bytes, if it was kept.
    pub size: Option<u64>,
}

/// A refused request with its headers and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedShown {
    /// The request.
    pub refused: Refused,
    /// The headers, as [`headers_json`](crate::headers_json) wrote them.
    pub headers: String,
    /// The body, if it was kept.
    pub body: Option<Vec<u8>>,
}

impl Store {
    /// Opens the store, creating the file (SQLite) and the tables where they are missing and
    /// upgrading an older schema in place.
    pub async fn open(spec: &StoreSpec) -> Result<Store, StoreError> {
        Store::open_with(spec, None).await
    }

    /// Opens the store as [`Store::open`] does, with an observer told of each commit.
    pub async fn open_observed(
        spec: &StoreSpec,
        observer: Arc<dyn Observer>,
    ) -> Result<Store, StoreError> {
        Store::open_with(spec, Some(observer)).await
    }

    async fn open_with(
        spec: &StoreSpec,
        observer: Option<Arc<dyn Observer>>,
    ) -> Result<Store, StoreError> {
        match spec {
            #[cfg(feature = "sqlite")]
            StoreSpec::Sqlite(path) => {
                Ok(Store::Sqlite(sqlite::Writer::open(path, observer).await?))
            }
            #[cfg(feature = "postgres")]
            StoreSpec::Postgres(url) => Ok(Store::Postgres(
                postgres::Writer::open(url, observer).await?,
            )),
            #[cfg(not(feature = "sqlite"))]
            StoreSpec::Sqlite(_) => Err(not_built(spec)),
            #[cfg(not(feature = "postgres"))]
            StoreSpec::Postgres(_) => Err(not_built(spec)),
        }
    }

    /// Stores an accepted delivery durably, pending, unless its event id is stored already.
    pub async fn accept(&self, delivery: Accepted) -> Result<Stored, StoreError> {
        each_driver!(self, writer => writer.accept(delivery).await)
    }

    /// Stores a refused request, durably.
    pub async fn reject(&self, rejected: Rejected) -> Result<(), StoreError> {
        each_driver!(self, writer => writer.reject(rejected).await)
    }

    /// Whether the store answers a trivial query on its tables.
    pub async fn check(&self) -> Result<(), StoreError> {
        each_driver!(self, writer => writer.check().await)
    }

    /// Whether the store can commit a write now: a write that changes nothing, committed as
    /// the rows are (through SQLite's writer, with its fsync; on a PostgreSQL connection). A
    /// receiver whose last write failed tries it to learn when writes succeed again.
    pub async fn probe(&self) -> Result<(), StoreError> {
        each_driver!(self, writer => writer.probe().await)
    }

    /// Waits for the writes under way to end and closes the store.
    pub async fn close(self) {
        each_driver!(self, writer => writer.close().await)
    }
}

impl Inbox {
    /// Opens a store that exists, upgrading an older schema in place.
    pub async fn open(spec: &StoreSpec) -> Result<Inbox, StoreError> {
        match spec {
            #[cfg(feature = "sqlite")]
            StoreSpec::Sqlite(path) => Ok(Inbox::Sqlite(sqlite::Reader::open(path)?)),
            #[cfg(feature = "postgres")]
            StoreSpec::Postgres(url) => Ok(Inbox::Postgres(postgres::Reader::open(url).await?)),
            #[cfg(not(feature = "sqlite"))]
            StoreSpec::Sqlite(_) => Err(not_built(spec)),
            #[cfg(not(feature = "postgres"))]
            StoreSpec::Postgres(_) => Err(not_built(spec)),
        }
    }

    /// Every stored request, accepted and refused, oldest first.
    pub async fn entries(&mut self) -> Result<Vec<Entry>, StoreError> {
        let mut entries = each_driver!(self, reader => reader.entries().await?);
        // Each table comes sorted; the merge is stable, so a delivery comes before a refusal of
        // the same instant.
        entries.sort_by(|a, b| a.received_at.cmp(&b.received_at));
        Ok(entries)
    }

    /// The accepted delivery of `event_id`, or else every refused request that named it.
    pub async fn show(&mut self, event_id: &str) -> Result<Vec<Shown>, StoreError> {
        each_driver!(self, reader => reader.show(event_id).await)
    }

    /// Calls `each` with every accepted body, oldest first.
    pub async fn bodies(
        &mut self,
        each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        each_driver!(self, reader => reader.bodies(each).await)
    }

    /// The dead deliveries, in the order they died, with why.
    pub async fn dead(&mut self) -> Result<Vec<Entry>, StoreError> {
        each_driver!(self, reader => reader.dead().await)
    }

    /// Makes each of these deliveries pending again, due at `now`, with a fresh count of
    /// attempts; a leased one is left to its worker.
    pub async fn retry(
        &mut self,
        event_ids: &[String],
        now: &str,
    ) -> Result<Vec<Retried>, StoreError> {
        each_driver!(self, reader => reader.retry(event_ids, now).await)
    }

    /// Makes every dead delivery pending again, due at `now`; answers how many.
    pub async fn retry_dead(&mut self, now: &str) -> Result<u64, StoreError> {
        each_driver!(self, reader => reader.retry_dead(now).await)
    }

    /// The next deliveries after sequence number `after` in the order received that
    /// `selection` takes, looking at `page` rows at most: the caller goes on from the last
    /// sequence number looked at (the second value) until it is `None`.
    pub async fn select(
        &mut self,
        selection: &Selection,
        after: i64,
        page: u32,
    ) -> Result<(Vec<StoredDelivery>, Option<i64>), StoreError> {
        let rows = each_driver!(self, reader => reader.page(after, page).await?);
        let last = rows.last().map(|row| row.seq);
        let full = rows.len() >= page as usize;
        let chosen = rows
            .into_iter()
            .filter(|row| selection.takes(row))
            .collect();
        Ok((chosen, last.filter(|_| full)))
    }

    /// Removes what `purge` says, in one transaction.
    pub async fn purge(&mut self, purge: &Purge) -> Result<Purged, StoreError> {
        each_driver!(self, reader => reader.purge(purge).await)
    }

    /// How many deliveries are in each state that has any.
    pub async fn states(&mut self) -> Result<Vec<StateCount>, StoreError> {
        each_driver!(self, reader => reader.states().await)
    }

    /// When the oldest pending delivery was received, if any is pending: how long the backlog
    /// has been waiting.
    pub async fn oldest_pending(&mut self) -> Result<Option<String>, StoreError> {
        each_driver!(self, reader => reader.oldest_pending().await)
    }

    /// The deliveries `recent` takes, newest first.
    pub async fn recent(&mut self, recent: &Recent) -> Result<Vec<Listed>, StoreError> {
        each_driver!(self, reader => reader.recent(recent).await)
    }

    /// The refused requests, newest first: those refused before the one of id `before_id`
    /// (all when `None`), `limit` at most.
    pub async fn refused(
        &mut self,
        before_id: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Refused>, StoreError> {
        each_driver!(self, reader => reader.refused(before_id, limit).await)
    }

    /// The refused request of id `id`, with its headers and body.
    pub async fn refused_one(&mut self, id: i64) -> Result<Option<RefusedShown>, StoreError> {
        each_driver!(self, reader => reader.refused_one(id).await)
    }
}

impl Selection {
    /// Whether this selection takes `delivery`.
    pub fn takes(&self, delivery: &StoredDelivery) -> bool {
        let listed =
            |list: &[String], value: &str| list.is_empty() || list.iter().any(|v| v == value);
        listed(&self.event_ids, &delivery.event_id)
            && listed(&self.callback_types, &delivery.callback_type)
            && (self.states.is_empty() || self.states.contains(&delivery.state))
            && self
                .received_from
                .as_ref()
                .is_none_or(|from| delivery.received_at >= *from)
            && self
                .received_before
                .as_ref()
                .is_none_or(|before| delivery.received_at < *before)
    }
}

/// The error for a store whose kind this build left out.
#[cfg(not(all(feature = "sqlite", feature = "postgres")))]
fn not_built(spec: &StoreSpec) -> StoreError {
    let feature = match spec {
        StoreSpec::Sqlite(_) => "sqlite",
        StoreSpec::Postgres(_) => "postgres",
    };
    StoreError::new(format!(
        "{spec} cannot be opened: this build of vibes-inbox has no `{feature}` feature"
    ))
}
