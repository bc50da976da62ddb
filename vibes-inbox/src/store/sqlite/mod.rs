//! The SQLite driver: one writer thread that commits together the writes waiting for it, a
//! reader for the `inbox` commands, and the leases a worker takes, each on a connection of its
//! own to one database file in WAL mode.
//!
//! SQLite takes one writer at a time. The receiver's writer, the workers' claims and the
//! commands' changes each wait for the others' transactions for up to [`BUSY_TIMEOUT`], and
//! readers never wait for a writer nor it for them.

mod checkpoint;
mod migrate;
mod queue;
mod reader;
mod writer;

pub use queue::Queue;
pub use reader::Reader;
pub use writer::Writer;

use super::StoreError;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long a connection waits for another's lock (a worker's claim, a command, a second
/// writer) before it fails.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How a connection is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// Creating the file if it is missing: the receiver's writer.
    Create,
    /// The file must exist: the commands and the workers, which must not make an empty store
    /// where a path was mistyped.
    Existing,
}

/// A connection shared by the async methods of a reader or a worker, each of which runs its
/// statements on a blocking thread.
#[derive(Clone, Debug)]
struct Shared {
    connection: Arc<Mutex<Connection>>,
}

/// Opens the database at `path` in WAL mode with `synchronous=FULL` (a commit is on disk, not
/// only handed to the system, before it returns), and brings its schema up to date.
fn open(path: &Path, how: Open) -> Result<Connection, StoreError> {
    if how == Open::Existing && !path.is_file() {
        return Err(StoreError::new(format!(
            "there is no SQLite store at {}",
            path.display()
        )));
    }
    let opening = |error: rusqlite::Error| {
        StoreError::new(format!(
            "the SQLite store {} cannot be opened: {error}",
            path.display()
        ))
    };
    let flags = match how {
        Open::Create => OpenFlags::default(),
        Open::Existing => OpenFlags::default() - OpenFlags::SQLITE_OPEN_CREATE,
    };
    let mut connection = Connection::open_with_flags(path, flags).map_err(opening)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(opening)?;
    let mode: String = connection
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(opening)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::new(format!(
            "the SQLite store {} stays in journal mode {mode}, not WAL",
            path.display()
        )));
    }
    connection
        .pragma_update(None, "synchronous", "FULL")
        .map_err(opening)?;
    migrate::migrate(&mut connection, path)?;
    Ok(connection)
}

impl Shared {
    fn new(connection: Connection) -> Shared {
        Shared {
            connection: Arc::new(Mutex::new(connection)),
        }
    }

    /// Runs `work` on the connection, on a blocking thread.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || work(&mut lock(&connection)))
            .await
            .unwrap_or_else(|_| Err(StoreError::new("SQLite: a blocking task failed")))
    }
}

/// The connection, even if a thread panicked while holding it: SQLite rolls back the
/// transaction of a statement left unfinished, so the connection stays usable.
fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    connection
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A body's size, from `length(body)`.
fn size(length: Option<i64>) -> Option<u64> {
    length.and_then(|length| u64::try_from(length).ok())
}

/// A SQLite error as the store's.
fn sqlite(error: rusqlite::Error) -> StoreError {
    StoreError::new(format!("SQLite: {error}"))
}
