//! The bytes a stream may hold at once: each stage takes its share before it holds memory for a
//! batch, and the share is given back once that memory is let go.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// A count of bytes held, at most a limit, shared by the stages of one stream.
///
/// The batch the writer is writing never waits: the writer waits for it, so it must go on, and
/// everything else waits for the writer. Its shares may take the count past the limit, by at
/// most what one batch holds; a line longer than the whole budget is checked that way, when its
/// turn comes.
#[derive(Debug)]
pub(crate) struct Budget {
    limit: u64,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// The bytes held now.
    held: u64,
    /// The batch being written.
    writing: u64,
    /// Whether the stream is stopping: nothing is taken any more.
    closed: bool,
}

impl Budget {
    /// A budget of `limit` bytes, the writer at batch 0.
    pub(crate) fn new(limit: u64) -> Self {
        Budget {
            limit,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        }
    }

    /// The most bytes held at once, but for the batch being written.
    pub(crate) fn limit(&self) -> u64 {
        self.limit
    }

    /// Takes `bytes` for batch `batch`, waiting until they fit in the limit or the writer
    /// reaches the batch; false when the budget was closed, and nothing was taken.
    pub(crate) fn take(&self, batch: u64, bytes: u64) -> bool {
        let mut state = self.lock();
        loop {
            if state.closed {
                return false;
            }
            if batch <= state.writing || state.held + bytes <= self.limit {
                state.held += bytes;
                return true;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Gives back `bytes` taken before.
    pub(crate) fn give(&self, bytes: u64) {
        let mut state = self.lock();
        state.held = state.held.saturating_sub(bytes);
        drop(state);
        self.changed.notify_all();
    }

    /// The writer has written a batch and waits for the next one.
    pub(crate) fn next_batch(&self) {
        self.lock().writing += 1;
        self.changed.notify_all();
    }

    /// The stream is stopping: every wait ends, and every take after fails.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is a few counters, consistent after every change: a panic elsewhere does
        // not spoil it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::Budget;
    use std::sync::mpsc::channel;
    use std::time::Duration;

    /// Takes `bytes` for `batch` on another thread, and calls `unblock` once that thread has
    /// waited a while; whether it was still waiting then, and whether it took the bytes.
    fn wait_to_take(
        budget: &Budget,
        batch: u64,
        bytes: u64,
        unblock: impl FnOnce(),
    ) -> (bool, bool) {
        std::thread::scope(|scope| {
            let (sender, receiver) = channel();
            scope.spawn(move || sender.send(budget.take(batch, bytes)));
            let waiting = receiver.recv_timeout(Duration::from_millis(50)).is_err();
            unblock();
            let taken = receiver.recv().expect("the taker ends");
            (waiting, taken)
        })
    }

    #[test]
    fn a_later_batch_waits_for_room_and_the_one_being_written_never_waits() {
        let budget = Budget::new(100);
        assert!(budget.take(1, 60));
        // Batch 0 is being written: it passes the limit rather than wait.
        assert!(budget.take(0, 1000));
        budget.give(1000);
        assert_eq!(
            wait_to_take(&budget, 2, 50, || budget.give(60)),
            (true, true)
        );
        assert!(budget.take(2, 50));
        // A batch waits for the writer when its share is more than the whole budget.
        let writer_reaches_3 = || (0..3).for_each(|_| budget.next_batch());
        assert_eq!(
            wait_to_take(&budget, 3, 500, writer_reaches_3),
            (true, true)
        );
    }

    #[test]
    fn closing_ends_every_wait() {
        let budget = Budget::new(10);
        assert!(budget.take(1, 10));
        assert_eq!(
            wait_to_take(&budget, 1, 1, || budget.close()),
            (true, false)
        );
        assert!(!budget.take(0, 0));
    }
}
