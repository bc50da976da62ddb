//! The bodies `vibes send` delivers: a sample of a callback type, each file whole, or each line
//! of an NDJSON stream, read one at a time as they are sent.

use super::NotSent;
use crate::cli::SendArgs;
use crate::file_name::FileName;
use crate::inputs;
use crate::ndjson::{self, Taken};
use crate::sample::{self, SampleError};
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

/// Where the bodies come from.
#[derive(Debug)]
pub enum Bodies<'a> {
    /// The sample of `--type` (and `--variant`).
    Sample(String),
    /// Each file is one body.
    Files(&'a [PathBuf]),
    /// Each line of the file is one body.
    Stream(&'a Path),
}

/// Where one body came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file as given on the command line (`-` for standard input); `None` for a sample.
    pub file: Option<FileName>,
    /// The line of the body, for a line of a stream.
    pub line: Option<u64>,
}

/// What is done with each body, or with the reason it cannot be sent.
type Visit<'v> = dyn FnMut(Origin, Result<Vec<u8>, NotSent>) -> io::Result<()> + 'v;

impl<'a> Bodies<'a> {
    /// The bodies `args` names; an error for a sample variant its type does not have.
    pub fn of(args: &'a SendArgs) -> Result<Self, SampleError> {
        if let Some(path) = &args.ndjson {
            return Ok(Bodies::Stream(path));
        }
        match &args.callback_type {
            Some(callback_type) => {
                sample::body(callback_type, args.variant.as_deref()).map(Bodies::Sample)
            }
            None => Ok(Bodies::Files(&args.files)),
        }
    }

    /// Calls `visit` with each body in order, or with why it cannot be sent; stops at the first
    /// error `visit` gives.
    pub fn each(&self, visit: &mut Visit<'_>) -> io::Result<()> {
        match self {
            Bodies::Sample(body) => visit(Origin::SAMPLE, Ok(body.clone().into_bytes())),
            Bodies::Files(paths) => {
                for path in paths.iter() {
                    let read = inputs::read_whole(path, crate::cli::MAX_DOCUMENT_BYTES)
                        .map_err(NotSent::unreadable);
                    visit(Origin::file(path, None), read)?;
                }
                Ok(())
            }
            Bodies::Stream(path) => lines(path, visit),
        }
    }
}

impl Origin {
    /// A sample, which has no file.
    pub const SAMPLE: Origin = Origin {
        file: None,
        line: None,
    };

    fn file(path: &Path, line: Option<u64>) -> Self {
        Origin {
            file: Some(inputs::name(path)),
            line,
        }
    }

    /// The name of the body in the report: `file`, `file:line` for a line of a stream,
    /// `sample` for a sample.
    pub fn name(&self) -> String {
        let file = self
            .file
            .as_ref()
            .map_or_else(|| "sample".to_owned(), ToString::to_string);
        match self.line {
            Some(line) => format!("{file}:{line}"),
            None => file,
        }
    }
}

/// Visits each line of the stream at `path` that is not blank, one at a time, so that memory
/// holds one line whatever the length of the stream.
fn lines(path: &Path, visit: &mut Visit<'_>) -> io::Result<()> {
    let input = match inputs::open(path) {
        Ok((input, _)) => input,
        Err(error) => return visit(Origin::file(path, None), Err(NotSent::unreadable(error))),
    };
    let mut input = BufReader::new(input);
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        let origin = Origin::file(path, Some(number));
        match ndjson::read_line(&mut input, &mut line) {
            Ok(None) => return Ok(()),
            Ok(Some((Taken::Held, _))) if line.iter().all(u8::is_ascii_whitespace) => {}
            Ok(Some((Taken::Held, _))) => {
                // A line may end with `\r\n`: the `\r` is the line break's, not the body's.
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                visit(origin, Ok(std::mem::take(&mut line)))?;
            }
            Ok(Some((Taken::Skipped { length }, _))) => {
                visit(origin, Err(NotSent::new(ndjson::too_long(length))))?;
            }
            // The lines before were sent; what comes after cannot be found.
            Err(error) => return visit(origin, Err(NotSent::unreadable(error))),
        }
    }
    Ok(())
}
