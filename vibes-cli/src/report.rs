//! Writing verdicts: a line per input (then its other errors and its warnings, indented) or a
//! JSON object per input, with the field names vibes-cli/README.md documents.

use crate::file_name::FileName;
use crate::validate::{Finding, Verdict};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// Where a document came from: a file (`-` for standard input) and, in a stream, its line.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// The file as given on the command line.
    pub file: &'a FileName,
    /// The line of the document, for one line of an NDJSON stream.
    pub line: Option<u64>,
}

/// The JSON object of one input. The field names are stable: tools read them.
#[derive(Serialize)]
struct Record<'a> {
    file: &'a FileName,
    line: Option<u64>,
    kind: Option<&'static str>,
    recognised: bool,
    valid: bool,
    callback_type: Option<&'a str>,
    schema: Option<bool>,
    errors: &'a [Finding],
    warnings: &'a [Finding],
}

/// Writes `verdict` as text: `file: valid callback person_added (…)`, or `file: invalid …: the
/// error`, then the other errors and the warnings, one an indented line.
///
/// Each piece is written as it comes, nothing gathered in a string first: a stream reports a
/// line with warnings for each such body, and the report should not cost more than the check.
pub fn text(source: Source<'_>, verdict: &Verdict, out: &mut impl Write) -> io::Result<()> {
    let validity = if verdict.valid { "valid" } else { "invalid" };
    let schema = match verdict.schema {
        Some(true) => "JSON Schema accepts it",
        Some(false) if verdict.valid => "JSON Schema refuses it, as --strict would",
        Some(false) => "JSON Schema refuses it",
        None => "JSON Schema could not check it",
    };
    let recognised = if verdict.recognised {
        "kind recognised; "
    } else {
        ""
    };
    write_name(source, out)?;
    write!(out, ": {validity} {}", verdict.kind)?;
    if let Some(callback_type) = &verdict.callback_type {
        write!(out, " {}", shown(callback_type))?;
    }
    write!(out, " ({recognised}{schema})")?;
    let mut errors = verdict.errors.iter();
    if let Some(first) = errors.next() {
        out.write_all(b": ")?;
        write_described(first, source.line, out)?;
    }
    out.write_all(b"\n")?;
    for error in errors {
        out.write_all(b"  error: ")?;
        write_described(error, source.line, out)?;
        out.write_all(b"\n")?;
    }
    for warning in &verdict.warnings {
        out.write_all(b"  warning: ")?;
        write_described(warning, source.line, out)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes `verdict` as one JSON object on one line.
pub fn json(source: Source<'_>, verdict: &Verdict, out: &mut impl Write) -> io::Result<()> {
    let record = Record {
        file: source.file,
        line: source.line,
        kind: Some(verdict.kind.name()),
        recognised: verdict.recognised,
        valid: verdict.valid,
        callback_type: verdict.callback_type.as_deref(),
        schema: verdict.schema,
        errors: &verdict.errors,
        warnings: &verdict.warnings,
    };
    write_json_line(&record, out)
}

/// Writes the JSON object of an input that could not be read: not valid, of no kind, with one
/// error of kind `unreadable`, or `too_large` for one over the limit of `--max-bytes`.
pub fn unreadable_json(file: &FileName, error: &io::Error, out: &mut impl Write) -> io::Result<()> {
    let kind = match error.kind() {
        io::ErrorKind::FileTooLarge => "too_large",
        _ => "unreadable",
    };
    let errors = [Finding {
        kind,
        path: ".".to_owned(),
        message: unreadable(file, error),
        line: None,
        column: None,
    }];
    let record = Record {
        file,
        line: None,
        kind: None,
        recognised: false,
        valid: false,
        callback_type: None,
        schema: None,
        errors: &errors,
        warnings: &[],
    };
    write_json_line(&record, out)
}

/// The sentence saying that `file` could not be read (and, for one over the limit, the flag
/// that raises it).
pub fn unreadable(file: &FileName, error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::FileTooLarge => format!("{file}: cannot be read: {error} (--max-bytes)"),
        _ => format!("{file}: cannot be read: {error}"),
    }
}

/// Writes `value` as compact JSON and a line break.
pub fn write_json_line(value: &impl Serialize, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// Writes `file`, or `file:line` for a line of a stream.
fn write_name(source: Source<'_>, out: &mut impl Write) -> io::Result<()> {
    match source.line {
        Some(line) => write!(out, "{}:{line}", source.file),
        None => write!(out, "{}", source.file),
    }
}

/// `text` as it is when it is a plain name, else as a JSON string, escaped, so that no input (a
/// callback type holding a line break, a terminal escape) can pass for another line of the
/// report.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    let plain = !text.is_empty()
        && !text.starts_with('"')
        && text.chars().all(|c| !c.is_control() && c != ' ');
    if plain {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(serde_json::Value::from(text).to_string())
    }
}

/// A finding's message with its position: line and column, or only the column in a line of a
/// stream (`in_stream`), whose line is already in the input's name.
pub(crate) fn described(finding: &Finding, in_stream: Option<u64>) -> String {
    let mut text = Vec::new();
    write_described(finding, in_stream, &mut text).expect("written to memory");
    String::from_utf8(text).expect("a message and numbers are text")
}

/// Writes what [`described`] gives.
fn write_described(
    finding: &Finding,
    in_stream: Option<u64>,
    out: &mut impl Write,
) -> io::Result<()> {
    out.write_all(finding.message.as_bytes())?;
    match (finding.line, finding.column, in_stream) {
        (Some(_), Some(column), Some(_)) => write!(out, " (column {column})"),
        (Some(line), Some(column), None) => write!(out, " (line {line}, column {column})"),
        _ => Ok(()),
    }
}
