//! Cutting a stream into batches of whole lines, and reading one line without holding more than
//! [`MAX_LINE`] of it.

use super::budget::Budget;
use super::order::Part;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel};

/// The longest line read as a payload: a Vibes callback body is a few kilobytes. A longer line is
/// reported as an error (kind `too_long`) and skipped without being held, so that one huge line
/// cannot take the memory a whole stream is promised.
pub const MAX_LINE: usize = 1 << 20;

/// The most bytes a batch of lines is cut at (a batch holds at least one line); with many
/// threads, batches are cut shorter (see [`batch_bytes`]).
pub const BATCH_BYTES: usize = 256 * 1024;

/// The most lines a batch holds. A short line's report is longer than the line (a 2-byte line
/// that is not a body is reported in about 250 bytes), so a batch is cut by its lines too, to
/// keep its report about as long as a batch of bodies' (a Vibes body is about 900 bytes: a
/// batch of them holds about 300 lines).
pub const BATCH_LINES: usize = 1024;

/// A run of whole lines of the stream.
pub(super) struct Batch {
    /// Its place among the stream's batches, from 0.
    pub(super) index: u64,
    pub(super) data: Vec<u8>,
    pub(super) lines: Vec<Line>,
    /// The bytes of the stream it covers, line breaks and skipped lines included.
    pub(super) consumed: u64,
    /// The bytes of the budget it holds: what its data and lines take.
    pub(super) charged: u64,
    /// Where its report goes, to the writer.
    pub(super) report: Sender<Part>,
}

/// One line of a batch.
pub(super) enum Line {
    /// A line held in the batch's data.
    Payload { number: u64, range: Range<usize> },
    /// A line longer than [`MAX_LINE`], skipped.
    TooLong { number: u64, length: u64 },
}

/// The size batches are cut at when `tokens` of them may exist at once: [`BATCH_BYTES`], or
/// less when that many batches would hold more than half the budget, so that the batches read
/// ahead leave the rest to the reports and every thread has a batch to check.
pub(super) fn batch_bytes(tokens: usize, budget: u64) -> usize {
    let share = budget / 2 / tokens.max(1) as u64;
    BATCH_BYTES.min(usize::try_from(share).unwrap_or(BATCH_BYTES))
}

/// Cuts `input` into batches of about `batch_bytes`, taking a token and the batch's share of
/// `budget` for each; each batch goes to the workers, and the end its report comes out of goes
/// to the writer, in batch order.
pub(super) fn cut(
    input: impl Read,
    batch_bytes: usize,
    tokens: &Receiver<()>,
    budget: &Budget,
    batches: &SyncSender<Batch>,
    reports: &SyncSender<Receiver<Part>>,
) -> Result<(), io::Error> {
    let mut input = BufReader::with_capacity(BATCH_BYTES, input);
    let mut number = 0;
    // Each batch is given room for what the one before held, so that a stream of short lines
    // does not allocate a full batch's bytes for a few of them.
    let (mut last_bytes, mut last_lines) = (batch_bytes, 0);
    for index in 0.. {
        if tokens.recv().is_err() {
            return Ok(());
        }
        let (report, written) = channel();
        let mut batch = Batch {
            index,
            data: Vec::with_capacity(last_bytes.min(batch_bytes) + 4096),
            lines: Vec::with_capacity(last_lines),
            consumed: 0,
            charged: 0,
            report,
        };
        let mut ended = false;
        while batch.data.len() < batch_bytes && batch.lines.len() < BATCH_LINES {
            // What has been read is checked before waiting for more, so that a stream that
            // comes slowly (`tail -f`) is reported as it comes; a file fills the buffer, and
            // so the batch, at once.
            if !batch.lines.is_empty() && input.buffer().is_empty() {
                break;
            }
            let start = batch.data.len();
            let Some((line, consumed)) = read_line(&mut input, &mut batch.data)? else {
                ended = true;
                break;
            };
            number += 1;
            batch.consumed += consumed;
            batch.lines.push(match line {
                Taken::Held => Line::Payload {
                    number,
                    range: start..batch.data.len(),
                },
                Taken::Skipped { length } => Line::TooLong { number, length },
            });
        }
        (last_bytes, last_lines) = (batch.data.len(), batch.lines.len());
        batch.charged = (batch.data.capacity() + batch.lines.capacity() * size_of::<Line>()) as u64;
        if !batch.lines.is_empty()
            && (!budget.take(index, batch.charged)
                || reports.send(written).is_err()
                || batches.send(batch).is_err())
        {
            return Ok(());
        }
        if ended {
            return Ok(());
        }
    }
    Ok(())
}

/// What [`read_line`] did with a line.
pub(crate) enum Taken {
    /// Appended it to the data, without its line break.
    Held,
    /// Skipped it, being longer than [`MAX_LINE`]: `length` bytes, without the line break.
    Skipped { length: u64 },
}

/// Reads the next line into `data`; `None` at the end of the input. Gives what was done with it
/// and the bytes consumed, its line break included.
pub(crate) fn read_line(
    input: &mut impl BufRead,
    data: &mut Vec<u8>,
) -> io::Result<Option<(Taken, u64)>> {
    let start = data.len();
    let limit = MAX_LINE as u64 + 1;
    let read = input.by_ref().take(limit).read_until(b'\n', data)? as u64;
    if read == 0 {
        return Ok(None);
    }
    if data.last() == Some(&b'\n') {
        data.pop();
        return Ok(Some((Taken::Held, read)));
    }
    if read < limit {
        // The last line, without a line break.
        return Ok(Some((Taken::Held, read)));
    }
    data.truncate(start);
    let mut length = read;
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(Some((Taken::Skipped { length }, length)));
        }
        match buffer.iter().position(|byte| *byte == b'\n') {
            Some(end) => {
                input.consume(end + 1);
                length += end as u64;
                return Ok(Some((Taken::Skipped { length }, length + 1)));
            }
            None => {
                let chunk = buffer.len();
                input.consume(chunk);
                length += chunk as u64;
            }
        }
    }
}
