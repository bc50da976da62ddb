//! `vibes validate`'s inputs: each FILE, or standard input for `-`, read whole as one document
//! or streamed line by line; an input that cannot be read is reported and the others are still
//! checked.

use crate::Outcome;
use crate::cli::{Format, Validate};
use crate::file_name::FileName;
use crate::ndjson::{Stream, StreamError};
use crate::report::{self, Source};
use crate::summary::Summary;
use crate::validate::Checker;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{self, IsTerminal, Read, Write};
use std::path::Path;

/// Checks every input `args` names, writing the report to `out` and what went wrong with the
/// inputs themselves to `errors`.
pub fn validate(
    args: &Validate,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let checker = Checker::new(args.kind.0, args.strict).schema_everywhere(args.schema_everywhere);
    if args.ndjson {
        streams(args, &checker, out, errors)
    } else {
        documents(args, &checker, out, errors)
    }
}

/// The name of an input in the report: the path as given, `-` for standard input.
pub(crate) fn name(path: &Path) -> FileName {
    FileName::of(path)
}

/// Whether `path` names standard input (`-`).
pub(crate) fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// The whole of an input: the file at `path`, or standard input for `-`, when it holds at most
/// `limit` bytes. A larger one is an error of the kind `FileTooLarge`, found before reading
/// when the file says its length, else after reading one byte more than the limit: an endless
/// input (`/dev/zero`, a pipe that never closes) is never read to the end of memory.
pub(crate) fn read_whole(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let too_large = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!("over the limit of {limit} bytes, so not read to the end"),
        )
    };
    let (input, length): (Box<dyn Read>, Option<u64>) = if is_stdin(path) {
        (Box::new(io::stdin().lock()), None)
    } else {
        let file = File::open(path)?;
        let metadata = file.metadata()?;
        // A regular file's length is its content's; a device or a pipe says 0.
        let length = metadata.is_file().then_some(metadata.len());
        (Box::new(file), length)
    };
    if length.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(length.map_or(0, |length| length as usize));
    input
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

/// An input opened to be streamed, with its length when it is a file: the file at `path`, or
/// standard input for `-`.
pub(crate) fn open(path: &Path) -> io::Result<(Box<dyn Read + Send>, Option<u64>)> {
    if is_stdin(path) {
        Ok((Box::new(io::stdin()), None))
    } else {
        File::open(path).and_then(|opened| {
            let length = opened.metadata()?.len();
            Ok((Box::new(opened) as Box<dyn Read + Send>, Some(length)))
        })
    }
}

/// Each input is one document.
fn documents(
    args: &Validate,
    checker: &Checker,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let mut outcome = Outcome::Valid;
    for path in &args.files {
        let file = name(path);
        let bytes = match read_whole(path, args.max_bytes) {
            Ok(bytes) => bytes,
            Err(error) => {
                outcome = outcome.max(Outcome::Trouble);
                unreadable(&file, &error, args.format, out, errors)?;
                continue;
            }
        };
        let verdict = checker.check(&bytes);
        if !verdict.valid {
            outcome = outcome.max(Outcome::Invalid);
        }
        let source = Source {
            file: &file,
            line: None,
        };
        match args.format {
            Format::Text => report::text(source, &verdict, out)?,
            Format::Json => report::json(source, &verdict, out)?,
        }
    }
    Ok(outcome)
}

/// Each line of each input is one document; a summary of all of them ends the report.
fn streams(
    args: &Validate,
    checker: &Checker,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let stream = Stream {
        checker,
        format: args.format,
        threads,
    };
    let mut outcome = Outcome::Valid;
    let mut summary = Summary::default();
    for path in &args.files {
        let file = name(path);
        let (input, length) = match open(path) {
            Ok(opened) => opened,
            Err(error) => {
                outcome = outcome.max(Outcome::Trouble);
                summary.add_unreadable(&file);
                unreadable(&file, &error, args.format, out, errors)?;
                continue;
            }
        };
        let bar = progress_bar(&file.to_string(), length);
        let mut shown = Suspended {
            bar: &bar,
            out: &mut *out,
        };
        let checked = stream.check(&file, input, &mut shown, &mut |bytes| bar.inc(bytes));
        bar.finish_and_clear();
        match checked {
            Ok(totals) => summary.merge(totals),
            Err(StreamError::Write(error)) => return Err(error),
            Err(StreamError::Read(error, totals)) => {
                outcome = outcome.max(Outcome::Trouble);
                summary.merge(*totals);
                summary.add_unreadable(&file);
                unreadable(&file, &error, args.format, out, errors)?;
            }
        }
    }
    if summary.invalid > 0 {
        outcome = outcome.max(Outcome::Invalid);
    }
    match args.format {
        Format::Text => summary.text(out)?,
        Format::Json => summary.json(out)?,
    }
    Ok(outcome)
}

/// Reports an input that could not be read: on the error stream, and as a JSON object in the
/// report when the report is JSON.
fn unreadable(
    file: &FileName,
    error: &io::Error,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<()> {
    writeln!(errors, "vibes: {}", report::unreadable(file, error))?;
    match format {
        Format::Json => report::unreadable_json(file, error, out),
        Format::Text => Ok(()),
    }
}

/// A progress bar of the bytes of a stream, on the error stream when it is a terminal, hidden
/// otherwise.
fn progress_bar(file: &str, length: Option<u64>) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let (bar, template) = match length {
        Some(length) => (
            ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr()),
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{spinner} {msg} {bytes} {bytes_per_sec}",
        ),
    };
    let style = ProgressStyle::with_template(template)
        .expect("the templates are well formed")
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(file.to_owned());
    bar
}

/// The report's writer, hiding the progress bar while a report line is written, so that the two
/// do not mix on one terminal.
struct Suspended<'a, W> {
    bar: &'a ProgressBar,
    out: &'a mut W,
}

impl<W: Write> Write for Suspended<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Flushed here, while the bar is hidden: the bytes reach the terminal now, not later.
        self.bar.suspend(|| {
            self.out.write_all(buf)?;
            self.out.flush()?;
            Ok(buf.len())
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.bar.suspend(|| self.out.flush())
    }
}
