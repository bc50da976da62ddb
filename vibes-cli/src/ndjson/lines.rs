//! Cutting a stream into batches of whole lines, and reading one line without holding more than
//! [`MAX_LINE`] of it.

use super::budget::Budget;
use super::order::Part;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;
use std::sync::mpsc::{Receiver, Sender, SyncSender, channel};

/// How many times its length checking a line may hold while it is checked, at most: the JSON
/// value the schema validates, the typed parser's reading, the findings and their report. The
/// most measured is about 55 times, for a line of 1 MiB holding 96,000 unknown fields (each one
/// a warning); a line of 1 MiB of `[0,0,…]` holds about 20 times its length.
pub const CHECK_FACTOR: u64 = 64;

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
    /// The length of its longest line held.
    pub(super) longest: usize,
}

impl Batch {
    /// The bytes of the budget checking its lines takes: [`CHECK_FACTOR`] times the longest,
    /// the lines being checked one at a time.
    pub(super) fn checking(&self) -> u64 {
        self.longest as u64 * CHECK_FACTOR
    }
}

/// Who checks a batch, in the order the writer takes them.
pub(super) enum Turn {
    /// The workers; its report comes out of this end.
    Workers(Receiver<Part>),
    /// The writer itself, when checking the batch takes more than the whole budget: the batch
    /// could not be checked before its turn to be written anyway, and checked on the writer's
    /// thread, the memory that long lines take is allocated by one thread only. (The C library's
    /// allocator gives each thread an arena of its own and keeps what was freed in it: long lines
    /// checked one at a time, but each on another thread, held 500 MB on 256 threads.)
    Writer(Batch),
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

/// Cuts `input` into batches of about `batch_bytes`, waiting for `room` before reading each
/// (false: the stream is stopping) and handing each to `hand` (false: the stream is stopping).
pub(super) fn cut(
    input: impl Read,
    batch_bytes: usize,
    mut room: impl FnMut() -> bool,
    mut hand: impl FnMut(Batch) -> bool,
) -> Result<(), io::Error> {
    let mut input = BufReader::with_capacity(BATCH_BYTES, input);
    let mut number = 0;
    // Each batch is given room for what the one before held, so that a stream of short lines
    // does not allocate a full batch's bytes for a few of them.
    let (mut last_bytes, mut last_lines) = (batch_bytes, 0);
    for index in 0.. {
        if !room() {
            return Ok(());
        }
        let mut batch = Batch {
            index,
            data: Vec::with_capacity(last_bytes.min(batch_bytes) + 4096),
            lines: Vec::with_capacity(last_lines),
            consumed: 0,
            charged: 0,
            longest: 0,
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
                Taken::Held => {
                    batch.longest = batch.longest.max(batch.data.len() - start);
                    Line::Payload {
                        number,
                        range: start..batch.data.len(),
                    }
                }
                Taken::Skipped { length } => Line::TooLong { number, length },
            });
        }
        (last_bytes, last_lines) = (batch.data.len(), batch.lines.len());
        batch.charged = (batch.data.capacity() + batch.lines.capacity() * size_of::<Line>()) as u64;
        if !batch.lines.is_empty() && !hand(batch) {
            return Ok(());
        }
        if ended {
            return Ok(());
        }
    }
    Ok(())
}

/// Takes the share of `batch` in the budget, and sends it to whoever checks it, the workers (with
/// the end of the channel its report goes to) or the writer, telling the writer whose turn it
/// is, in batch order; false when the stream is stopping.
pub(super) fn send(
    batch: Batch,
    budget: &Budget,
    workers: &SyncSender<(Batch, Sender<Part>)>,
    turns: &SyncSender<Turn>,
) -> bool {
    if !budget.take(batch.index, batch.charged) {
        return false;
    }
    if batch.checking() > budget.limit() {
        return turns.send(Turn::Writer(batch)).is_ok();
    }
    let (report, written) = channel();
    turns.send(Turn::Workers(written)).is_ok() && workers.send((batch, report)).is_ok()
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
    let read = read_until_line_break(input, data, limit)?;
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
        match memchr::memchr(b'\n', buffer) {
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

/// Appends to `data` the bytes of `input` up to its next line break, that included, and at most
/// `limit` bytes; how many it appended (0 at the end of the input). What `read_until` does on
/// `take(limit)`, with the vectorised search of the memchr crate instead of the standard
/// library's word-at-a-time one, which cost about one instruction a byte of every line.
fn read_until_line_break(
    input: &mut impl BufRead,
    data: &mut Vec<u8>,
    limit: u64,
) -> io::Result<u64> {
    let mut read = 0;
    while read < limit {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let room =
            usize::try_from(limit - read).map_or(buffer.len(), |room| room.min(buffer.len()));
        let buffer = &buffer[..room];
        if buffer.is_empty() {
            break;
        }
        let (taken, ended) = match memchr::memchr(b'\n', buffer) {
            Some(end) => (end + 1, true),
            None => (buffer.len(), false),
        };
        data.extend_from_slice(&buffer[..taken]);
        input.consume(taken);
        read += taken as u64;
        if ended {
            break;
        }
    }
    Ok(read)
}
