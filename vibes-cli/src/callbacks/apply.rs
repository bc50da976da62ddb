//! `vibes callbacks apply FILE`: makes the changes `plan` prints, in its order (deletions,
//! updates, creations), stopping at the first that fails; a second apply finds nothing to do
//! and says so.

use super::plan::{line, planned};
use super::{Format, print};
use crate::Outcome;
use clap::Args;
use serde_json::json;
use std::io::{self, Write};
use std::path::PathBuf;
use tokio::runtime::Runtime;
use vibes_client::api::plan::Change;
use vibes_client::api::{Checks, Client};

/// `vibes callbacks apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The plan file (see `vibes callbacks plan`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Delete the registered callbacks the file does not name, even when it does not own all.
    #[arg(long)]
    pub prune: bool,
}

/// Applies the plan.
pub fn run(
    args: &ApplyArgs,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let plan = match planned(&args.file, args.prune, runtime, client, format, out, errors)? {
        Ok(plan) => plan,
        Err(outcome) => return Ok(outcome),
    };
    if plan.is_empty() {
        match format {
            Format::Text => writeln!(
                out,
                "no changes: {} callbacks are as the file says",
                plan.unchanged.len()
            )?,
            Format::Json => print::json_line(
                &json!({"applied": [], "unchanged": plan.unchanged.len()}),
                out,
            )?,
        }
        return Ok(Outcome::Valid);
    }
    let mut applied = Vec::new();
    for change in &plan.changes {
        let done = match change {
            Change::Create { registration, .. } => runtime
                .block_on(client.create(registration, Checks::Run))
                .map(|entity| entity.callback_id),
            Change::Update {
                callback_id,
                registration,
                ..
            } => runtime
                .block_on(client.update(&callback_id.to_text(), registration, Checks::Run))
                .map(|entity| entity.callback_id),
            Change::Delete { callback_id, .. } => runtime
                .block_on(client.delete(&callback_id.to_text()))
                .map(|entity| entity.callback_id),
        };
        match done {
            Ok(callback_id) => {
                if format == Format::Text {
                    writeln!(out, "done: {} -> {callback_id}", line(change))?;
                }
                applied.push(json!({"change": change, "callback_id": callback_id}));
            }
            Err(error) => {
                writeln!(errors, "vibes callbacks: failed: {}", line(change))?;
                if format == Format::Json {
                    print::json_line(&json!({"applied": applied}), out)?;
                }
                return print::failure(&error, format, out, errors);
            }
        }
    }
    match format {
        Format::Text => writeln!(
            out,
            "applied {} changes, {} callbacks were already as the file says",
            applied.len(),
            plan.unchanged.len()
        )?,
        Format::Json => print::json_line(
            &json!({"applied": applied, "unchanged": plan.unchanged.len()}),
            out,
        )?,
    }
    Ok(Outcome::Valid)
}
