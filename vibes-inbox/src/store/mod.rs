//! The durable inbox: what is written for each request, and the two kinds of store that keep it.
//!
//! Every request on the delivery path becomes one row before it is answered: an accepted
//! delivery in `deliveries` (unique on its event id, so a repeat is acknowledged and not stored
//! again), a refused one in `rejected`. The schema is in [`schema`].

mod postgres;
pub mod schema;
mod sqlite;

use axum::http::HeaderMap;
use bytes::Bytes;
use serde_json::Value;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::SystemTime;

/// Which store, from `--store`: a SQLite file, or a PostgreSQL URL.
#[derive(Clone, Debug)]
pub enum StoreSpec {
    /// An embedded SQLite database in this file.
    Sqlite(PathBuf),
    /// A PostgreSQL database, by its `postgres://` (or `postgresql://`) URL.
    Postgres(String),
}

/// A delivery that was read and is to be acknowledged once stored.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// The event id, `X-Event-Id`: the de-duplication key.
    pub event_id: String,
    /// The callback type `X-Event-Type` names, in its documented spelling.
    pub callback_type: String,
    /// When the request's head arrived (RFC 3339, UTC).
    pub received_at: String,
    /// The address of the TCP peer.
    pub source: String,
    /// Every request header, as [`headers_json`] writes them.
    pub headers: String,
    /// The body, byte for byte.
    pub body: Bytes,
}

/// A request on the delivery path that was refused with a 4XX.
#[derive(Clone, Debug)]
pub struct Rejected {
    /// When the request's head arrived (RFC 3339, UTC).
    pub received_at: String,
    /// The status code answered.
    pub status: u16,
    /// The `X-Event-Id` header, when it came once as text.
    pub event_id: Option<String>,
    /// The request's method.
    pub method: String,
    /// The address of the TCP peer.
    pub source: String,
    /// The error answered, as JSON text.
    pub error: String,
    /// Every request header, as [`headers_json`] writes them.
    pub headers: String,
    /// The body, byte for byte; `None` when it was not received whole (over the size limit, too
    /// slow, or the connection failed).
    pub body: Option<Bytes>,
}

/// What storing an accepted delivery did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// The delivery is stored.
    New,
    /// A delivery of the same event id was stored already; nothing was written.
    Duplicate,
}

/// One line of `inbox list`.
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
}

/// A stored request with its headers and body, for `inbox show`.
#[derive(Clone, Debug)]
pub struct Shown {
    /// When the request arrived.
    pub received_at: String,
    /// The callback type, or for a refused request the status code and the error.
    pub summary: String,
    /// The headers, as [`headers_json`] wrote them.
    pub headers: String,
    /// The body, if it was kept.
    pub body: Option<Vec<u8>>,
}

/// The store failed: unreachable, full, or its schema is not what it should be.
#[derive(Clone, Debug)]
pub struct StoreError {
    what: String,
}

/// A store the receiver writes to, opened for serving: its schema exists.
#[derive(Clone, Debug)]
pub enum Store {
    /// SQLite, written by one thread of its own.
    Sqlite(sqlite::Writer),
    /// PostgreSQL, through a few connections.
    Postgres(postgres::Pool),
}

/// A store opened to read it back, for the `inbox` subcommands.
#[derive(Debug)]
pub enum Inbox {
    /// SQLite.
    Sqlite(sqlite::Reader),
    /// PostgreSQL.
    Postgres(postgres::Reader),
}

impl Store {
    /// Opens the store, creating the file (SQLite) and the tables where they are missing.
    pub async fn open(spec: &StoreSpec) -> Result<Store, StoreError> {
        match spec {
            StoreSpec::Sqlite(path) => Ok(Store::Sqlite(sqlite::Writer::open(path).await?)),
            StoreSpec::Postgres(url) => Ok(Store::Postgres(postgres::Pool::open(url).await?)),
        }
    }

    /// Stores an accepted delivery, durably, unless its event id is stored already.
    pub async fn accept(&self, delivery: Accepted) -> Result<Stored, StoreError> {
        match self {
            Store::Sqlite(writer) => writer.accept(delivery).await,
            Store::Postgres(pool) => pool.accept(&delivery).await,
        }
    }

    /// Stores a refused request, durably.
    pub async fn reject(&self, rejected: Rejected) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(writer) => writer.reject(rejected).await,
            Store::Postgres(pool) => pool.reject(&rejected).await,
        }
    }

    /// Whether the store answers a trivial query on its tables.
    pub async fn check(&self) -> Result<(), StoreError> {
        match self {
            Store::Sqlite(writer) => writer.check().await,
            Store::Postgres(pool) => pool.check().await,
        }
    }

    /// Waits for the writes under way to end and closes the store.
    pub async fn close(self) {
        match self {
            Store::Sqlite(writer) => writer.close().await,
            Store::Postgres(_) => {}
        }
    }
}

impl Inbox {
    /// Opens a store that exists, to read it.
    pub async fn open(spec: &StoreSpec) -> Result<Inbox, StoreError> {
        match spec {
            StoreSpec::Sqlite(path) => Ok(Inbox::Sqlite(sqlite::Reader::open(path)?)),
            StoreSpec::Postgres(url) => Ok(Inbox::Postgres(postgres::Reader::open(url).await?)),
        }
    }

    /// Every stored request, accepted and refused, oldest first.
    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let mut entries = match self {
            Inbox::Sqlite(reader) => reader.entries()?,
            Inbox::Postgres(reader) => reader.entries().await?,
        };
        // Each table comes sorted; the merge is stable, so a delivery comes before a refusal of
        // the same instant.
        entries.sort_by(|a, b| a.received_at.cmp(&b.received_at));
        Ok(entries)
    }

    /// The accepted delivery of `event_id`, or else every refused request that named it.
    pub async fn show(&self, event_id: &str) -> Result<Vec<Shown>, StoreError> {
        match self {
            Inbox::Sqlite(reader) => reader.show(event_id),
            Inbox::Postgres(reader) => reader.show(event_id).await,
        }
    }

    /// Calls `each` with every accepted body, oldest first.
    pub async fn bodies(
        &mut self,
        each: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<(), StoreError> {
        match self {
            Inbox::Sqlite(reader) => reader.bodies(each),
            Inbox::Postgres(reader) => reader.bodies(each).await,
        }
    }
}

/// The headers as JSON text: an array of `[name, value]` pairs in the order of the request (the
/// values of a repeated header together), the name in lower case; a value that is not visible
/// ASCII is the array of its bytes, so that nothing is lost.
pub fn headers_json(headers: &HeaderMap) -> String {
    let pairs: Vec<Value> = headers
        .iter()
        .map(|(name, value)| {
            let value = match value.to_str() {
                Ok(text) => Value::from(text),
                Err(_) => Value::from(value.as_bytes().to_vec()),
            };
            Value::from(vec![Value::from(name.as_str()), value])
        })
        .collect();
    Value::from(pairs).to_string()
}

/// `time` as the store writes it: RFC 3339 in UTC to the microsecond, of fixed width, so that the
/// text sorts as the instants do.
pub fn timestamp(time: SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time).to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

impl FromStr for StoreSpec {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let postgres = ["postgres://", "postgresql://"]
            .iter()
            .any(|scheme| text.starts_with(scheme));
        Ok(if postgres {
            StoreSpec::Postgres(text.to_owned())
        } else {
            StoreSpec::Sqlite(PathBuf::from(text))
        })
    }
}

impl fmt::Display for StoreSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreSpec::Sqlite(path) => write!(f, "the SQLite store {}", path.display()),
            // The URL may hold a password: only its kind is said.
            StoreSpec::Postgres(_) => f.write_str("the PostgreSQL store"),
        }
    }
}

impl StoreError {
    /// An error that says what failed, as a phrase ("the SQLite store x.sqlite cannot be
    /// opened: …").
    pub(crate) fn new(what: impl Into<String>) -> Self {
        StoreError { what: what.into() }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for StoreError {}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn headers_keep_their_order_repeats_and_bytes() {
        let mut headers = HeaderMap::new();
        headers.insert("x-event-id", HeaderValue::from_static("E1"));
        headers.append("x-event-id", HeaderValue::from_static("E2"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("x-odd", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        assert_eq!(
            headers_json(&headers),
            r#"[["x-event-id","E1"],["x-event-id","E2"],["content-type","application/json"],["x-odd",[99,97,102,233]]]"#
        );
    }

    #[test]
    fn timestamps_have_a_fixed_width_and_sort_as_instants() {
        let early = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let late = early + Duration::from_micros(1);
        assert_eq!(timestamp(early), "2023-11-14T22:13:20.000000Z");
        assert_eq!(timestamp(late), "2023-11-14T22:13:20.000001Z");
        assert!(timestamp(early) < timestamp(late));
    }

    #[test]
    fn a_postgres_url_is_postgres_and_anything_else_a_file() {
        for url in ["postgres://u@localhost/db", "postgresql://localhost"] {
            assert!(matches!(url.parse(), Ok(StoreSpec::Postgres(found)) if found == url));
        }
        for path in ["inbox.sqlite", "/tmp/postgres://x", "postgres"] {
            assert!(matches!(path.parse(), Ok(StoreSpec::Sqlite(_))), "{path}");
        }
        let secret: StoreSpec = "postgres://u:secret@h/db".parse().unwrap();
        assert!(!secret.to_string().contains("secret"));
    }
}
