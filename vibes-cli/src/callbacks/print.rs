//! What `vibes callbacks` prints: a registration as one line of text or as the API's JSON, and
//! a failed call as a sentence on standard error (and, with `--format json`, an object on
//! standard output saying the same as data).

use super::Format;
use super::outcome_of;
use crate::Outcome;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};
use vibes_client::api::CallError;
use vibes_types::CallbackEntity;

/// One registration as a line: `ID  TYPE  METHOD URL  START .. END`.
pub fn line(entity: &CallbackEntity) -> String {
    let callback_type = entity
        .callback_type()
        .map_or_else(|| "?".to_owned(), ToString::to_string);
    let method = entity
        .destination
        .method
        .as_ref()
        .map_or_else(|| "POST".to_owned(), ToString::to_string);
    let start = entity
        .start_date
        .as_ref()
        .map_or_else(|| "created".to_owned(), |date| date.as_str().to_owned());
    let end = entity
        .end_date
        .as_ref()
        .map_or_else(|| "never".to_owned(), |date| date.as_str().to_owned());
    format!(
        "{}  {callback_type}  {method} {}  {start} .. {end}",
        entity.callback_id, entity.destination.url
    )
}

/// `value` as one JSON document on a line.
pub fn json_line(value: &impl Serialize, out: &mut impl Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    writeln!(out)
}

/// One registration the API answered, after `done` (`created`, `deleted`, …) in text.
fn entity(
    done: &str,
    entity: &CallbackEntity,
    format: Format,
    out: &mut impl Write,
) -> io::Result<Outcome> {
    match format {
        Format::Text if done.is_empty() => writeln!(out, "{}", line(entity))?,
        Format::Text => writeln!(out, "{done} {}", line(entity))?,
        Format::Json => json_line(entity, out)?,
    }
    Ok(Outcome::Valid)
}

/// What a call answering one registration gave: the registration after `done`, or the failure.
pub fn answer(
    done: &str,
    result: Result<CallbackEntity, CallError>,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    match result {
        Ok(registered) => entity(done, &registered, format, out),
        Err(error) => failure(&error, format, out, errors),
    }
}

/// A failed call: its sentence on `errors`, and with JSON its data on `out`; the exit status
/// it means.
pub fn failure(
    error: &CallError,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    writeln!(errors, "vibes callbacks: {error}")?;
    if format == Format::Json {
        json_line(&as_data(error), out)?;
    }
    Ok(outcome_of(error))
}

/// What went wrong as a JSON object: `error` (its kind), `message`, and what the kind has.
fn as_data(error: &CallError) -> Value {
    let message = error.to_string();
    match error {
        CallError::Refused { status, errors } => json!({
            "error": "refused", "message": message, "status": status.as_u16(),
            "errors": errors.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }),
        CallError::NotFound {
            callback_id,
            errors,
        } => json!({
            "error": "not_found", "message": message, "status": 404, "callback_id": callback_id,
            "errors": errors.errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }),
        CallError::Status {
            status, attempts, ..
        } => json!({
            "error": "status", "message": message, "status": status.as_u16(), "attempts": attempts,
        }),
        CallError::NoAnswer { attempts, .. } => {
            json!({"error": "no_answer", "message": message, "attempts": attempts})
        }
        CallError::Preflight(findings) => json!({
            "error": "preflight", "message": message,
            "findings": findings.iter().map(|finding| json!({
                "path": finding.path.to_string(), "message": finding.to_string(),
            })).collect::<Vec<_>>(),
        }),
        CallError::Conflicts(conflicts) => json!({
            "error": "conflicts", "message": message,
            "callback_ids": error.clashing_ids().iter().map(ToString::to_string).collect::<Vec<_>>(),
            "conflicts": conflicts.iter().map(ToString::to_string).collect::<Vec<_>>(),
        }),
        _ => json!({"error": "other", "message": message}),
    }
}
