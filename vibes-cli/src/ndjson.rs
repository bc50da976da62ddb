//! `vibes validate --ndjson`: each line of a stream is one payload, checked on every core with
//! the memory held bounded, whatever the length of the stream, and reported in line order.
//!
//! A reader thread cuts the stream into batches of whole lines (about [`BATCH_BYTES`] each);
//! worker threads check the batches and write each one's report into a buffer; the calling
//! thread writes the buffers in batch order and adds up the summary. A batch may be read only
//! with one of a fixed number of tokens, given back once its report is written, so at most that
//! many batches exist at once, read, being checked or waiting for an earlier one: memory is
//! bounded by the token count times the batch size. Plain `std` threads and channels do it: the
//! work is one pipeline of three stages, which needs a bounded queue and an in-order writer
//! more than a work-stealing pool (rayon's ordered parallel iterators collect their input
//! first).

use crate::cli::Format;
use crate::kind::Kind;
use crate::report::{self, Source};
use crate::summary::Summary;
use crate::validate::{Checker, Finding, Verdict};
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// The longest line read as a payload: a Vibes callback body is a few kilobytes. A longer line is
/// reported as an error (kind `too_long`) and skipped without being held, so that one huge line
/// cannot take the memory a whole stream is promised.
pub const MAX_LINE: usize = 1 << 20;

/// The size a batch of lines is cut at (a batch holds at least one line).
pub const BATCH_BYTES: usize = 256 * 1024;

/// How a stream is checked and reported.
#[derive(Debug)]
pub struct Stream<'a> {
    /// Checks each payload.
    pub checker: &'a Checker,
    /// How each payload is reported.
    pub format: Format,
    /// How many threads check payloads.
    pub threads: usize,
}

/// A run of whole lines of the stream.
struct Batch {
    /// Its place among the stream's batches, from 0.
    index: u64,
    data: Vec<u8>,
    lines: Vec<Line>,
    /// The bytes of the stream it covers, line breaks and skipped lines included.
    consumed: u64,
}

/// One line of a batch.
enum Line {
    /// A line held in the batch's data.
    Payload { number: u64, range: Range<usize> },
    /// A line longer than [`MAX_LINE`], skipped.
    TooLong { number: u64, length: u64 },
}

/// The report and totals of a batch.
struct Checked {
    index: u64,
    report: Vec<u8>,
    summary: Summary,
    consumed: u64,
}

/// Why a stream stopped early.
#[derive(Debug)]
pub enum StreamError {
    /// The stream could not be read (the lines before were checked and reported).
    Read(io::Error),
    /// The report could not be written.
    Write(io::Error),
}

impl Stream<'_> {
    /// Checks every line of `input`, named `file` in the report, writing the report to `out`;
    /// `progress` is told each byte that was checked.
    pub fn check(
        &self,
        file: &str,
        input: impl Read + Send,
        out: &mut impl Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Summary, StreamError> {
        let threads = self.threads.max(1);
        let tokens = 2 * threads + 2;
        let (token_sender, token_receiver) = sync_channel::<()>(tokens);
        for _ in 0..tokens {
            token_sender
                .send(())
                .expect("the channel has room for every token");
        }
        let (batch_sender, batch_receiver) = sync_channel::<Batch>(tokens);
        let batch_receiver = Arc::new(Mutex::new(batch_receiver));
        let (checked_sender, checked_receiver) = sync_channel::<Checked>(tokens);
        std::thread::scope(|scope| {
            let reader = scope.spawn(move || cut(input, &token_receiver, &batch_sender));
            for _ in 0..threads {
                let batches = Arc::clone(&batch_receiver);
                let checked = checked_sender.clone();
                scope.spawn(move || self.work(file, &batches, &checked));
            }
            // Only the workers hold these now, so that a stage that stops lets the others stop.
            drop(batch_receiver);
            drop(checked_sender);
            let written = write_in_order(checked_receiver, token_sender, out, progress);
            // The reader stops when the tokens stop coming back, the workers when the batches
            // or the report's channel close; all are joined at the end of the scope.
            let read = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let summary = written.map_err(StreamError::Write)?;
            read.map_err(StreamError::Read)?;
            Ok(summary)
        })
    }

    /// Checks batches until there are no more, sending each one's report.
    fn work(&self, file: &str, batches: &Mutex<Receiver<Batch>>, checked: &SyncSender<Checked>) {
        loop {
            // The lock is held only while waiting for the next batch, not while checking it.
            let next = batches
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv();
            let Ok(batch) = next else { return };
            if checked.send(self.check_batch(file, batch)).is_err() {
                return;
            }
        }
    }

    fn check_batch(&self, file: &str, batch: Batch) -> Checked {
        let mut report = Vec::new();
        let mut summary = Summary::default();
        for line in &batch.lines {
            let (number, verdict) = match line {
                Line::Payload { number, range } => {
                    let payload = &batch.data[range.clone()];
                    if payload.iter().all(u8::is_ascii_whitespace) {
                        summary.blank_lines += 1;
                        continue;
                    }
                    let mut verdict = self.checker.check(payload);
                    // A payload is one line: its positions are in that line of the file.
                    for finding in verdict.errors.iter_mut().chain(&mut verdict.warnings) {
                        if finding.line.is_some() {
                            finding.line = usize::try_from(*number).ok();
                        }
                    }
                    (*number, verdict)
                }
                Line::TooLong { number, length } => (*number, self.too_long(*length)),
            };
            summary.add(file, number, &verdict);
            let source = Source {
                file,
                line: Some(number),
            };
            // Reports go to a buffer, which cannot fail to take them.
            let _ = match self.format {
                Format::Json => report::json(source, &verdict, &mut report),
                // A clean valid line says nothing; the summary counts it.
                Format::Text if verdict.valid && verdict.warnings.is_empty() => Ok(()),
                Format::Text => report::text(source, &verdict, &mut report),
            };
        }
        Checked {
            index: batch.index,
            report,
            summary,
            consumed: batch.consumed,
        }
    }

    /// The verdict on a line too long to be read.
    fn too_long(&self, length: u64) -> Verdict {
        Verdict {
            // Nothing of it was read, so nothing was recognised: the kind is the one given, or
            // else `callback`.
            kind: self.checker.kind().unwrap_or(Kind::Callback),
            recognised: false,
            callback_type: None,
            valid: false,
            schema: None,
            errors: vec![Finding::whole(
                "too_long",
                format!(
                    "{} (check such a body as a file of its own)",
                    too_long(length)
                ),
            )],
            warnings: Vec::new(),
        }
    }
}

/// Why a line of `length` bytes was skipped.
pub(crate) fn too_long(length: u64) -> String {
    format!(
        "the line is {length} bytes long, more than the {MAX_LINE} bytes (1 MiB) a line of a \
         stream may hold, so it was not read"
    )
}

/// Cuts `input` into batches, taking a token for each.
fn cut(
    input: impl Read,
    tokens: &Receiver<()>,
    batches: &SyncSender<Batch>,
) -> Result<(), io::Error> {
    let mut input = BufReader::with_capacity(BATCH_BYTES, input);
    let mut number = 0;
    for index in 0.. {
        if tokens.recv().is_err() {
            return Ok(());
        }
        let mut batch = Batch {
            index,
            data: Vec::with_capacity(BATCH_BYTES + 4096),
            lines: Vec::new(),
            consumed: 0,
        };
        let mut ended = false;
        while batch.data.len() < BATCH_BYTES {
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
        if !batch.lines.is_empty() && batches.send(batch).is_err() {
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

/// Writes the reports in batch order, giving a token back for each one written; returns the
/// summary of every batch.
fn write_in_order(
    checked: Receiver<Checked>,
    tokens: SyncSender<()>,
    out: &mut impl Write,
    progress: &mut dyn FnMut(u64),
) -> io::Result<Summary> {
    let mut summary = Summary::default();
    let mut waiting: BTreeMap<u64, Checked> = BTreeMap::new();
    let mut next = 0;
    for batch in checked {
        waiting.insert(batch.index, batch);
        while let Some(batch) = waiting.remove(&next) {
            out.write_all(&batch.report)?;
            progress(batch.consumed);
            summary.merge(batch.summary);
            next += 1;
            // The reader may have stopped (the stream ended): a token it will not take is fine.
            let _ = tokens.send(());
        }
    }
    Ok(summary)
}
