//! `vibes validate --ndjson`: each line of a stream is one payload, checked on every core with
//! the memory held bounded, whatever the length of the stream and of its reports, and reported
//! in line order.
//!
//! A reader thread cuts the stream into batches of whole lines (at most [`BATCH_BYTES`] and
//! [`BATCH_LINES`] each, or one longer line); worker threads check the batches and send each
//! one's report to the calling thread in chunks as they make it; the calling thread writes the
//! reports in batch order and adds up the summary. A batch may be read only with one of a fixed
//! number of tokens, given back once its report is written, so at most that many batches exist
//! at once, read, being checked or waiting for an earlier one. What they hold takes its bytes
//! from a budget of [`HELD_BYTES`]: the lines of a batch until it is checked, what checking them
//! holds ([`CHECK_FACTOR`] times the longest) and each chunk of its report until it is written.
//! Once the budget is spent, the reader and the workers wait for the writer, which never waits
//! for anything but the batch it writes; a batch whose check alone would take more than the
//! budget is checked by the writer itself, when its turn comes. Plain `std` threads and channels
//! do it: the work is one pipeline of three stages, which needs bounded queues and an in-order
//! writer more than a work-stealing pool (rayon's ordered parallel iterators collect their input
//! first).
//!
//! With one thread (`-j 1`) there is no pipeline: the calling thread cuts the same batches,
//! checks each and writes its report in turn ([`Stream::check`]), which holds one batch at a
//! time and spares the hand-offs between threads that one checking thread would only pay for.

use crate::cli::Format;
use crate::file_name::FileName;
use crate::kind::Kind;
use crate::report::{self, Source};
use crate::summary::Summary;
use crate::validate::{Checker, Finding, Verdict};
use budget::Budget;
use lines::{Batch, Line};
use order::{BatchReport, CHUNK_BYTES, Part};
use std::io::{self, BufWriter, Read, Write};
use std::sync::mpsc::{Receiver, Sender, sync_channel};
use std::sync::{Arc, Mutex};

mod budget;
mod lines;
mod order;

pub use lines::{BATCH_BYTES, BATCH_LINES, CHECK_FACTOR, MAX_LINE};
pub(crate) use lines::{Taken, read_line};

/// The most bytes a stream holds in batches read and not yet checked, in the lines being checked
/// and in reports made and not yet written, whatever the thread count and the lines, but for
/// the batch being written.
pub const HELD_BYTES: u64 = 8 << 20;

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

/// Why a stream stopped early.
#[derive(Debug)]
pub enum StreamError {
    /// The stream could not be read to the end: the lines before were checked and reported,
    /// and these are their totals.
    Read(io::Error, Box<Summary>),
    /// The report could not be written.
    Write(io::Error),
}

impl Stream<'_> {
    /// Checks every line of `input`, named `file` in the report, writing the report to `out`;
    /// `progress` is told each byte that was checked.
    pub fn check(
        &self,
        file: &FileName,
        input: impl Read + Send,
        out: &mut impl Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Summary, StreamError> {
        let threads = self.threads.max(1);
        if threads == 1 {
            return self.check_alone(file, input, out, progress);
        }
        let tokens = 2 * threads + 2;
        let (token_sender, token_receiver) = sync_channel::<()>(tokens);
        for _ in 0..tokens {
            token_sender
                .send(())
                .expect("the channel has room for every token");
        }
        let budget = Budget::new(HELD_BYTES);
        let (work_sender, work_receiver) = sync_channel(tokens);
        let work_receiver = Arc::new(Mutex::new(work_receiver));
        let (turn_sender, turn_receiver) = sync_channel(tokens);
        std::thread::scope(|scope| {
            let budget = &budget;
            let batch_bytes = lines::batch_bytes(tokens, HELD_BYTES);
            let reader = scope.spawn(move || {
                let (work, turns) = (&work_sender, &turn_sender);
                let room = || token_receiver.recv().is_ok();
                lines::cut(input, batch_bytes, room, |batch| {
                    lines::send(batch, budget, work, turns)
                })
            });
            for _ in 0..threads {
                let work = Arc::clone(&work_receiver);
                scope.spawn(move || self.work(file, &work, budget));
            }
            // Only the workers hold it now, so that when they stop the reader stops too.
            drop(work_receiver);
            let mut check_here =
                |batch: &Batch, mut out: &mut dyn Write| self.check_lines(file, batch, &mut out);
            let written = order::write_in_order(
                turn_receiver,
                token_sender,
                budget,
                out,
                progress,
                &mut check_here,
            );
            // The reader stops when the tokens stop coming back, the workers when the batches
            // stop coming or their reports cannot be sent; all are joined at the end of the
            // scope.
            budget.close();
            let read = reader
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let summary = written.map_err(StreamError::Write)?;
            if let Err(error) = read {
                return Err(StreamError::Read(error, Box::new(summary)));
            }
            Ok(summary)
        })
    }

    /// With one thread, the calling thread reads each batch, checks it and writes its report in
    /// turn: the same batches and the same report, without the pipeline's threads and hand-offs,
    /// which one thread would only pay for. One batch is held at a time, and its report goes out
    /// through a buffer of [`CHUNK_BYTES`], written at the end of each batch so that a stream that
    /// comes slowly is reported as it comes.
    fn check_alone(
        &self,
        file: &FileName,
        input: impl Read,
        out: &mut impl Write,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Summary, StreamError> {
        let mut summary = Summary::default();
        let mut out = BufWriter::with_capacity(CHUNK_BYTES, out);
        let mut written = Ok(());
        let read = lines::cut(
            input,
            BATCH_BYTES,
            || true,
            |batch| {
                written = self.check_lines(file, &batch, &mut out).and_then(|totals| {
                    out.flush()?;
                    summary.merge(totals);
                    progress(batch.consumed);
                    Ok(())
                });
                written.is_ok()
            },
        );
        written.map_err(StreamError::Write)?;
        match read {
            Ok(()) => Ok(summary),
            Err(error) => Err(StreamError::Read(error, Box::new(summary))),
        }
    }

    /// Checks batches until there are no more, sending each one's report.
    fn work(
        &self,
        file: &FileName,
        work: &Mutex<Receiver<(Batch, Sender<Part>)>>,
        budget: &Budget,
    ) {
        loop {
            // The lock is held only while waiting for the next batch, not while checking it.
            let next = work
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .recv();
            let Ok((batch, parts)) = next else { return };
            // What checking its lines holds is charged for the longest, one line being checked
            // at a time, so that long lines are checked on fewer threads at once.
            let checking = batch.checking();
            if !budget.take(batch.index, checking) {
                return;
            }
            let mut report = BatchReport::new(batch.index, budget, parts);
            let checked = self.check_lines(file, &batch, &mut report);
            let (charged, consumed) = (batch.charged, batch.consumed);
            // The batch's lines are let go once checked, before its report is written.
            drop(batch);
            budget.give(charged + checking);
            if checked
                .and_then(|summary| report.finish(summary, consumed))
                .is_err()
            {
                return;
            }
        }
    }

    /// Checks the lines of `batch`, writing their report to `out`; an error when it cannot be
    /// written.
    fn check_lines(
        &self,
        file: &FileName,
        batch: &Batch,
        out: &mut impl Write,
    ) -> io::Result<Summary> {
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
            match self.format {
                Format::Json => report::json(source, &verdict, &mut *out)?,
                // A clean valid line says nothing; the summary counts it.
                Format::Text if verdict.valid && verdict.warnings.is_empty() => {}
                Format::Text => report::text(source, &verdict, &mut *out)?,
            }
        }
        Ok(summary)
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

#[cfg(test)]
mod tests {
    use super::{Stream, StreamError};
    use crate::cli::Format;
    use crate::validate::Checker;
    use std::io::{self, Read};

    /// Gives its bytes, then fails, as a disk or a network stream may.
    struct FailingAfter(&'static [u8]);

    impl Read for FailingAfter {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let taken = buf.len().min(self.0.len());
            buf[..taken].copy_from_slice(&self.0[..taken]);
            self.0 = &self.0[taken..];
            Ok(taken)
        }
    }

    #[test]
    fn a_stream_that_fails_keeps_the_totals_of_the_lines_before() {
        let checker = Checker::new(None, false);
        let stream = Stream {
            checker: &checker,
            format: Format::Text,
            threads: 2,
        };
        let mut report = Vec::new();
        let checked = stream.check(
            &crate::file_name::FileName::of(std::path::Path::new("s")),
            FailingAfter(b"1\n{}\n"),
            &mut report,
            &mut |_| {},
        );
        let Err(StreamError::Read(error, totals)) = checked else {
            panic!("the read error is reported: {checked:?}");
        };
        assert_eq!(error.to_string(), "the disk went away");
        assert_eq!((totals.payloads, totals.invalid), (2, 2));
        let report = String::from_utf8(report).unwrap();
        assert_eq!(report.lines().count(), 2, "{report}");
    }
}
