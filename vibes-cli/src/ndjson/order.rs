//! The reports of a stream's batches: each worker sends its batch's report to the writer in
//! chunks, as it is made, and the writer writes the batches in order.
//!
//! A chunk that is not written yet holds its share of the [`Budget`]: a worker whose batch is
//! not the one being written waits once the budget is spent, so that however long the reports
//! of a stream's lines are, what waits to be written is bounded. The batch being written never
//! waits, and the writer writes its chunks as they come.

use super::budget::Budget;
use super::lines::{Batch, Turn};
use crate::summary::Summary;
use std::io::{self, BufWriter, Write};
use std::sync::mpsc::{Receiver, Sender, SyncSender};

/// The size a batch's report is sent at.
pub(super) const CHUNK_BYTES: usize = 64 * 1024;

/// What a worker sends the writer of its batch.
pub(super) enum Part {
    /// The next bytes of the report, which hold `charged` bytes of the budget.
    Report { chunk: Vec<u8>, charged: u64 },
    /// The batch's totals, once every line is reported.
    Totals {
        summary: Summary,
        /// The bytes of the stream it covers.
        consumed: u64,
    },
}

/// The report of one batch, as a worker writes it: a chunk is charged to the budget as it grows,
/// and sent once it is [`CHUNK_BYTES`] long.
pub(super) struct BatchReport<'a> {
    batch: u64,
    budget: &'a Budget,
    pending: Vec<u8>,
    /// The bytes of the budget `pending` holds: its capacity.
    charged: u64,
    parts: Sender<Part>,
}

impl<'a> BatchReport<'a> {
    /// The report of batch `batch`, sent to `parts`, its chunks held within `budget`.
    pub(super) fn new(batch: u64, budget: &'a Budget, parts: Sender<Part>) -> Self {
        BatchReport {
            batch,
            budget,
            pending: Vec::new(),
            charged: 0,
            parts,
        }
    }

    /// Sends what is left of the report, then the batch's totals.
    pub(super) fn finish(mut self, summary: Summary, consumed: u64) -> io::Result<()> {
        self.send_pending()?;
        self.parts
            .send(Part::Totals { summary, consumed })
            .map_err(|_| stopped())
    }

    /// Makes room in the chunk for `more` bytes, charging the budget for it first.
    fn reserve(&mut self, more: usize) -> io::Result<()> {
        let needed = self.pending.len() + more;
        if needed <= self.pending.capacity() {
            return Ok(());
        }
        // Grown as a `Vec` grows, by doubling up to a chunk, but charged before the memory is
        // taken.
        let doubled = (2 * self.pending.capacity()).clamp(4096, CHUNK_BYTES);
        let capacity = needed.max(doubled);
        let more_charged = capacity as u64 - self.charged;
        if !self.budget.take(self.batch, more_charged) {
            return Err(stopped());
        }
        self.charged = capacity as u64;
        self.pending.reserve_exact(capacity - self.pending.len());
        Ok(())
    }

    fn send_pending(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let part = Part::Report {
            chunk: std::mem::take(&mut self.pending),
            charged: std::mem::take(&mut self.charged),
        };
        self.parts.send(part).map_err(|unsent| {
            if let Part::Report { charged, .. } = unsent.0 {
                self.budget.give(charged);
            }
            stopped()
        })
    }
}

impl Write for BatchReport<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.reserve(buf.len())?;
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= CHUNK_BYTES {
            self.send_pending()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Drop for BatchReport<'_> {
    /// A chunk that was never sent (the writer stopped) gives its share back.
    fn drop(&mut self) {
        if self.charged > 0 {
            self.budget.give(self.charged);
        }
    }
}

/// The writer stopped: the report cannot go anywhere.
fn stopped() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the report's writer stopped")
}

/// Writes the reports in batch order, as their chunks come, checking with `check_here` the
/// batches that are the writer's to check, and giving a token back for each batch written;
/// returns the summary of every batch.
pub(super) fn write_in_order<W: Write>(
    turns: Receiver<Turn>,
    tokens: SyncSender<()>,
    budget: &Budget,
    out: &mut W,
    progress: &mut dyn FnMut(u64),
    check_here: &mut dyn FnMut(&Batch, &mut dyn Write) -> io::Result<Summary>,
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    for turn in turns {
        match turn {
            Turn::Workers(parts) => {
                // The parts end when the worker lets go of the batch, after its totals.
                for part in parts {
                    match part {
                        Part::Report { chunk, charged } => {
                            let written = out.write_all(&chunk);
                            budget.give(charged);
                            written?;
                        }
                        Part::Totals {
                            summary: totals,
                            consumed,
                        } => {
                            progress(consumed);
                            summary.merge(totals);
                        }
                    }
                }
            }
            Turn::Writer(batch) => {
                // The batch being written never waits for the budget; it is charged all the
                // same, so that the workers wait while its long lines are checked.
                let checking = batch.checking();
                budget.take(batch.index, checking);
                let mut buffered = BufWriter::with_capacity(CHUNK_BYTES, &mut *out);
                let checked = check_here(&batch, &mut buffered);
                let flushed = buffered.flush();
                budget.give(batch.charged + checking);
                summary.merge(checked?);
                flushed?;
                progress(batch.consumed);
            }
        }
        budget.next_batch();
        // The reader may have stopped (the stream ended): a token it will not take is fine.
        let _ = tokens.send(());
    }
    Ok(summary)
}
