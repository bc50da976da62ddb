//! The write-ahead log's checkpoints, off the writer's path.
//!
//! SQLite's default is that the commit which takes the log past 1000 pages also copies the log
//! into the database file and syncs it, before that commit returns: the delivery whose row
//! happened to be in that commit waited for the copy of every page written since the last one.
//! The writer's connection has that turned off (`wal_autocheckpoint = 0`); this thread, on a
//! connection of its own, runs a passive checkpoint (one that never waits for, nor blocks, the
//! writer or a reader) at most every [`EVERY`] while commits come, and none while nothing is
//! written. Should the log still grow past [`RESTART_PAGES`] (a passive checkpoint copies only
//! what was committed when it began, and the log starts again from its beginning only once
//! everything was copied), a restarting checkpoint makes the writer wait once for the copy, so
//! that the log's size stays bounded.

use super::{Open, sqlite};
use crate::error::StoreError;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::thread::JoinHandle;
use std::time::Duration;
use tracing::warn;

/// The least time between two checkpoints while commits come.
pub const EVERY: Duration = Duration::from_millis(100);

/// The size of the log, in pages, past which a checkpoint makes the writer wait to start the log
/// again (4 KiB pages: 40 MB).
pub const RESTART_PAGES: i64 = 10_000;

/// The checkpointing thread, told of each commit.
#[derive(Debug)]
pub struct Checkpointer {
    commits: SyncSender<()>,
    thread: JoinHandle<()>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path`, which the writer has created.
    pub fn start(path: &Path) -> Result<Checkpointer, StoreError> {
        let connection = super::open(path, Open::Existing)?;
        // One notice is enough: it says that something was committed since the last look.
        let (commits, notices) = sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".to_owned())
            .spawn(move || run(&connection, &notices))
            .map_err(|error| {
                StoreError::new(format!(
                    "the SQLite checkpoint thread cannot start: {error}"
                ))
            })?;
        Ok(Checkpointer { commits, thread })
    }

    /// Tells the thread that the writer committed; never waits.
    pub fn committed(&self) {
        match self.commits.try_send(()) {
            Ok(()) | Err(TrySendError::Full(())) | Err(TrySendError::Disconnected(())) => {}
        }
    }

    /// Stops the thread once its checkpoint under way is done.
    pub fn stop(self) {
        drop(self.commits);
        let _ = self.thread.join();
    }
}

fn run(connection: &rusqlite::Connection, notices: &Receiver<()>) {
    while notices.recv().is_ok() {
        // Let the commits of the next moment gather into this checkpoint.
        std::thread::sleep(EVERY);
        match checkpoint(connection, "PASSIVE") {
            Ok(pages) if pages >= RESTART_PAGES => {
                if let Err(error) = checkpoint(connection, "RESTART") {
                    warn!("the SQLite write-ahead log could not be started again: {error}");
                }
            }
            Ok(_) => {}
            Err(error) => warn!("the SQLite write-ahead log could not be checkpointed: {error}"),
        }
    }
}

/// Runs a checkpoint of `mode`; answers the size of the log, in pages.
fn checkpoint(connection: &rusqlite::Connection, mode: &str) -> Result<i64, StoreError> {
    connection
        .query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |row| {
            row.get::<_, i64>(1)
        })
        .map_err(sqlite)
}
