//! What the inbox tells a monitor of its work, as it happens: each commit of the receiver's
//! writer, and each attempt a worker handled and recorded.
//!
//! The crate depends on no metrics library: give an [`Observer`] of your own to
//! [`Store::open_observed`](crate::Store::open_observed) and to a worker's
//! [`Options::observer`](crate::Options::observer), and count what it is told with the library
//! you use (the receiver's admin listener counts it with `prometheus-client`). Its methods are
//! called on the writer's thread or the worker's task, once per commit or attempt: keep them
//! cheap (an atomic add, a histogram's bucket), and never block in them.

use std::fmt;
use std::time::Duration;

/// Told of the inbox's work. Every method does nothing unless implemented.
pub trait Observer: Send + Sync + fmt::Debug + 'static {
    /// The receiver's writer committed rows, or failed to.
    fn committed(&self, commit: &Commit) {
        let _ = commit;
    }

    /// A worker's handler call ended (done or failed, a timeout or a panic included) after
    /// `took`.
    fn handled(&self, took: Duration) {
        let _ = took;
    }

    /// A worker recorded what became of an attempt.
    fn recorded(&self, recorded: Recorded) {
        let _ = recorded;
    }
}

/// One commit of the receiver's writer: SQLite's transaction of the rows that waited, or
/// PostgreSQL's statements of a batch, run together on one connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The rows it wrote (deliveries, repeats and refused requests); never zero.
    pub rows: usize,
    /// From the start of its transaction to the end of its commit.
    pub took: Duration,
    /// Whether it committed; when not, every write in it was answered with the error.
    pub committed: bool,
}

/// What a worker recorded of an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Recorded {
    /// The delivery is done.
    Done,
    /// The attempt failed, and the delivery will be tried again.
    Retried,
    /// The delivery is dead.
    Dead,
    /// The outcome was not recorded: the attempt's lease was lost to a later claim.
    Lost,
}

impl Recorded {
    /// Every outcome, as [`Tally`](crate::Tally) counts them.
    pub const ALL: [Recorded; 4] = [
        Recorded::Done,
        Recorded::Retried,
        Recorded::Dead,
        Recorded::Lost,
    ];

    /// Its name, as the tally's fields and the receiver's metrics spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Recorded::Done => "done",
            Recorded::Retried => "retried",
            Recorded::Dead => "dead",
            Recorded::Lost => "lost",
        }
    }
}
