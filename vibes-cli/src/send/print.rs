//! Reporting deliveries: a line per delivery (then its earlier attempts, indented) or a JSON
//! object per delivery, with the field names vibes-cli/README.md documents.

use super::bodies::Origin;
use super::headers::NotSent;
use crate::cli::Format;
use crate::file_name::FileName;
use crate::report::{shown, write_json_line};
use serde::Serialize;
use std::io::{self, Write};
use vibes_client::deliver::{Answered, Delivered, Reply};
use vibes_types::CallbackHeaders;

/// The `outcome` of a body that was not sent.
const NOT_SENT: &str = "not_sent";

/// The JSON object of one delivery. The field names are stable: tools read them.
#[derive(Serialize)]
struct Record<'a> {
    file: Option<&'a FileName>,
    line: Option<u64>,
    event_id: Option<&'a str>,
    callback_type: Option<&'a str>,
    company_id: Option<&'a str>,
    outcome: &'static str,
    status: Option<u16>,
    attempts: usize,
    elapsed_ms: u128,
    error: Option<&'a str>,
    replies: Vec<ReplyRecord<'a>>,
}

/// What one attempt had, in the JSON object.
#[derive(Serialize)]
struct ReplyRecord<'a> {
    status: Option<u16>,
    error: Option<&'a str>,
    body: Option<&'a str>,
    body_truncated: bool,
}

/// Writes how a delivery of a body with `headers` ended.
pub fn delivered(
    origin: &Origin,
    headers: &CallbackHeaders,
    delivered: &Delivered,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    match format {
        Format::Text => text(origin, headers, delivered, out),
        Format::Json => {
            let replies: Vec<ReplyRecord<'_>> = delivered
                .attempts
                .iter()
                .map(|attempt| record(&attempt.reply))
                .collect();
            let (status, error) = replies
                .last()
                .map_or((None, None), |last| (last.status, last.error));
            let record = Record {
                file: origin.file.as_ref(),
                line: origin.line,
                event_id: Some(&headers.event_id),
                callback_type: Some(headers.event_type.as_str()),
                company_id: Some(&headers.company_id),
                outcome: delivered.ending.as_str(),
                status,
                attempts: replies.len(),
                elapsed_ms: delivered.elapsed.as_millis(),
                error,
                replies,
            };
            write_json_line(&record, out)
        }
    }
}

/// Writes why a body was not sent: on the error stream, and as a JSON object in the report when
/// the report is JSON.
pub fn not_sent(
    origin: &Origin,
    not_sent: &NotSent,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<()> {
    let sentence = not_sent.sentence(origin.line);
    writeln!(errors, "vibes: {}: not sent: {sentence}", origin.name())?;
    match format {
        Format::Text => Ok(()),
        Format::Json => write_json_line(
            &Record {
                file: origin.file.as_ref(),
                line: origin.line,
                event_id: None,
                callback_type: not_sent.callback_type.as_deref(),
                company_id: None,
                outcome: NOT_SENT,
                status: None,
                attempts: 0,
                elapsed_ms: 0,
                error: Some(&sentence),
                replies: Vec::new(),
            },
            out,
        ),
    }
}

/// `name: done: person_added e1, 200 OK, 1 attempt, 4 ms`, then the body of that last answer
/// unless it was a 2XX, then each earlier attempt's reply with its body.
fn text(
    origin: &Origin,
    headers: &CallbackHeaders,
    delivered: &Delivered,
    out: &mut impl Write,
) -> io::Result<()> {
    let ending = delivered.ending;
    let replies: Vec<&Reply> = delivered
        .attempts
        .iter()
        .map(|attempt| &attempt.reply)
        .collect();
    let attempts = replies.len();
    let last = replies
        .last()
        .map_or_else(String::new, |reply| format!(", {reply}"));
    writeln!(
        out,
        "{}: {ending}: {} {}{last}, {attempts} attempt{}, {} ms",
        origin.name(),
        shown(headers.event_type.as_str()),
        shown(&headers.event_id),
        if attempts == 1 { "" } else { "s" },
        delivered.elapsed.as_millis(),
    )?;
    if let Some(body) = replies.last().and_then(|reply| refusal(reply)) {
        writeln!(out, "  answer: {body}")?;
    }
    if attempts > 1 {
        for (attempt, reply) in replies[..attempts - 1].iter().enumerate() {
            let body = refusal(reply).map_or_else(String::new, |body| format!(": {body}"));
            writeln!(out, "  attempt {}: {reply}{body}", attempt + 1)?;
        }
    }
    Ok(())
}

/// The body of an answer that was not a 2XX, on one line, when it has one: what an endpoint
/// says about a body it did not take.
fn refusal(reply: &Reply) -> Option<String> {
    match reply {
        Reply::Status(status, answered) if !status.is_success() => one_line(answered),
        _ => None,
    }
}

/// An answer's text on one line: control characters (line breaks, terminal escapes) escaped so
/// that no answer can pass for another line of the report; `…` when it went on.
fn one_line(answered: &Answered) -> Option<String> {
    let text = answered.text.trim();
    if text.is_empty() {
        return None;
    }
    let mut line = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    if answered.cut {
        line.push('…');
    }
    Some(line)
}

fn record(reply: &Reply) -> ReplyRecord<'_> {
    match reply {
        Reply::Status(status, answered) => ReplyRecord {
            status: Some(status.as_u16()),
            error: None,
            body: Some(&answered.text),
            body_truncated: answered.cut,
        },
        Reply::NoAnswer(why) => ReplyRecord {
            status: None,
            error: Some(why),
            body: None,
            body_truncated: false,
        },
    }
}
