//! The `inbox` subcommands: the store read back as a list, as one event's requests, or as NDJSON
//! of the accepted bodies.

use crate::cli::InboxCommand;
use crate::store::{Entry, Inbox, Shown, StoreSpec};
use serde_json::Value;
use std::io::{BufWriter, Write};

/// Runs an `inbox` subcommand, writing to standard output.
pub async fn run(command: InboxCommand) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    match command {
        InboxCommand::List(store) => {
            for entry in Inbox::open(&store.store).await?.entries().await? {
                writeln!(out, "{}", list_line(&entry))?;
            }
        }
        InboxCommand::Show { store, event_id } => {
            let shown = Inbox::open(&store.store).await?.show(&event_id).await?;
            if shown.is_empty() {
                return Err(format!("no request with the event id {event_id} is stored").into());
            }
            for (position, request) in shown.iter().enumerate() {
                if position > 0 {
                    out.write_all(b"\n\n")?;
                }
                write_shown(&mut out, request)?;
            }
        }
        InboxCommand::Export(store) => export(&store.store, &mut out).await?,
    }
    out.flush()?;
    Ok(())
}

/// `inbox export`: every accepted body of the store `spec`, in the order received, one NDJSON
/// line each (see [`ndjson_line`]), ready for `vibes validate --ndjson`.
pub async fn export(
    spec: &StoreSpec,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut inbox = Inbox::open(spec).await?;
    inbox
        .bodies(&mut |body| {
            out.write_all(&ndjson_line(body))?;
            out.write_all(b"\n")
        })
        .await?;
    Ok(())
}

/// A line of `inbox list`: received time, `accepted` or `rejected STATUS`, event id, callback
/// type, body size in bytes; tab-separated, `-` for what is not known.
pub fn list_line(entry: &Entry) -> String {
    let state = match entry.rejected {
        None => "accepted".to_owned(),
        Some(status) => format!("rejected {status}"),
    };
    let size = entry
        .size
        .map_or_else(|| "-".to_owned(), |size| size.to_string());
    [
        entry.received_at.as_str(),
        &state,
        entry.event_id.as_deref().unwrap_or("-"),
        entry.callback_type.as_deref().unwrap_or("-"),
        &size,
    ]
    .join("\t")
}

/// One request of `inbox show`: received time and callback type (or status and error), the
/// headers as `name: value` lines, a blank line, then the body exactly as received.
fn write_shown(out: &mut impl Write, request: &Shown) -> std::io::Result<()> {
    writeln!(out, "{}\t{}", request.received_at, request.summary)?;
    let pairs: Vec<(String, Value)> = serde_json::from_str(&request.headers).unwrap_or_default();
    for (name, value) in pairs {
        write!(out, "{name}: ")?;
        match value {
            Value::String(text) => out.write_all(text.as_bytes())?,
            // A value that was not visible ASCII, kept as its bytes.
            bytes => {
                let bytes: Vec<u8> = serde_json::from_value(bytes).unwrap_or_default();
                out.write_all(&bytes)?;
            }
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    match &request.body {
        Some(body) => out.write_all(body),
        None => writeln!(out, "(the body was not kept: it was not received whole)"),
    }
}

/// A body as one NDJSON line: as received, unless it holds a line break, which a line cannot.
///
/// JSON allows line breaks only as whitespace between tokens (inside a string they are
/// escaped), so such a body is written compact: every whitespace byte between tokens removed,
/// the tokens themselves (key order, number spelling, escapes) untouched. A `serde_json::Value`
/// round trip would sort the keys and could respell numbers.
pub fn ndjson_line(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !body.iter().any(|&byte| byte == b'\n' || byte == b'\r') {
        return body.into();
    }
    let mut compact = Vec::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in body {
        if in_string {
            compact.push(byte);
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = byte == b'"';
            compact.push(byte);
        }
    }
    compact.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_on_one_line_is_exported_as_received() {
        let body = br#"{"b": 1,  "a": "x y"}"#;
        assert_eq!(&*ndjson_line(body), &body[..]);
    }

    #[test]
    fn a_body_with_line_breaks_is_compacted_keeping_every_token() {
        let body =
            b"{\r\n  \"b\": 1.50,\n  \"a\": \"two  words \\\" \\n\",\n  \"c\": [ 1 , {} ]\n}\n";
        let line = ndjson_line(body);
        assert_eq!(
            std::str::from_utf8(&line).unwrap(),
            r#"{"b":1.50,"a":"two  words \" \n","c":[1,{}]}"#
        );
        let before: Value = serde_json::from_slice(body).unwrap();
        let after: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(before, after);
    }

    #[test]
    fn list_lines_mark_refusals_and_what_is_unknown() {
        let accepted = Entry {
            received_at: "2026-01-02T03:04:05.000006Z".to_owned(),
            rejected: None,
            event_id: Some("E1".to_owned()),
            callback_type: Some("person_added".to_owned()),
            size: Some(120),
        };
        assert_eq!(
            list_line(&accepted),
            "2026-01-02T03:04:05.000006Z\taccepted\tE1\tperson_added\t120"
        );
        let rejected = Entry {
            rejected: Some(413),
            event_id: None,
            callback_type: None,
            size: None,
            ..accepted
        };
        assert_eq!(
            list_line(&rejected),
            "2026-01-02T03:04:05.000006Z\trejected 413\t-\t-\t-"
        );
    }
}
