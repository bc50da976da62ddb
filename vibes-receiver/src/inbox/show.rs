//! `inbox show EVENT_ID`: one event's stored delivery with its state, or the refused requests
//! that named it.

use super::field;
use crate::cli::StoreArg;
use clap::Args;
use std::io::Write;
use vibes_inbox::{Inbox, Shown, header_pairs};

/// The flags of `inbox show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The store to read.
    #[command(flatten)]
    pub store: StoreArg,
    /// The event id (`X-Event-Id`).
    pub event_id: String,
}

/// Writes the requests stored for the event, or fails if there is none.
pub async fn run(args: &ShowArgs, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let shown = Inbox::open(&args.store.store)
        .await?
        .show(&args.event_id)
        .await?;
    if shown.is_empty() {
        return Err(format!("no request with the event id {} is stored", args.event_id).into());
    }
    for (position, request) in shown.iter().enumerate() {
        if position > 0 {
            out.write_all(b"\n\n")?;
        }
        write_shown(out, request)?;
    }
    Ok(())
}

/// One request: received time and callback type (or status and error), for a delivery its state
/// and attempts (and its last error, if any) on the same line, the headers as `name: value`
/// lines, a blank line, then the body exactly as received.
fn write_shown(out: &mut impl Write, request: &Shown) -> std::io::Result<()> {
    write!(out, "{}\t{}", request.received_at, request.summary)?;
    if let Some(processing) = &request.processing {
        write!(
            out,
            "\t{}\t{} attempts",
            processing.state, processing.attempts
        )?;
        if let Some(error) = &processing.last_error {
            write!(out, "\tlast error: {}", field(error))?;
        }
    }
    writeln!(out)?;
    for (name, value) in header_pairs(&request.headers).unwrap_or_default() {
        write!(out, "{name}: ")?;
        out.write_all(&value)?;
        writeln!(out)?;
    }
    writeln!(out)?;
    match &request.body {
        Some(body) => out.write_all(body),
        None => writeln!(out, "(the body was not kept: it was not received whole)"),
    }
}
