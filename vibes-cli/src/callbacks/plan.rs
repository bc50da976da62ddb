//! `vibes callbacks plan FILE`: what `apply` would create, update and delete to make the
//! registered callbacks what a plan file says (see `vibes_client::api::plan` for the file).

use super::{Format, print};
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tokio::runtime::Runtime;
use vibes_client::api::Client;
use vibes_client::api::plan::{Change, Plan, PlanFile, plan};

/// `vibes callbacks plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The plan file: `{"owns_all": …, "callbacks": [{"name": …, "registration": …}]}`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Delete the registered callbacks the file does not name, even when it does not own all.
    #[arg(long)]
    pub prune: bool,
}

/// Prints the plan.
pub fn run(
    args: &PlanArgs,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    match planned(&args.file, args.prune, runtime, client, format, out, errors)? {
        Ok(plan) => {
            show(&plan, format, out)?;
            Ok(Outcome::Valid)
        }
        Err(outcome) => Ok(outcome),
    }
}

/// The plan of `file` against one list call, or the exit status of why there is none (said on
/// `errors`).
pub fn planned(
    file: &Path,
    prune: bool,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Result<Plan, Outcome>> {
    let shown = crate::file_name::FileName::of(file).to_string();
    let read = std::fs::read(file)
        .map_err(|error| format!("{shown}: {error}"))
        .and_then(|bytes| {
            PlanFile::from_slice(&bytes).map_err(|error| format!("{shown}: {error}"))
        });
    let wanted = match read {
        Ok(wanted) => wanted,
        Err(problem) => {
            writeln!(errors, "vibes callbacks: {problem}")?;
            return Ok(Err(Outcome::Trouble));
        }
    };
    let registered = match runtime.block_on(client.list()) {
        Ok(registered) => registered,
        Err(error) => return print::failure(&error, format, out, errors).map(Err),
    };
    match plan(&wanted, &registered, prune) {
        Ok(plan) => Ok(Ok(plan)),
        Err(error) => {
            writeln!(errors, "vibes callbacks: {shown}: {error}")?;
            Ok(Err(Outcome::Trouble))
        }
    }
}

/// One change as a line: `create crm: person_added POST https://…`.
pub fn line(change: &Change) -> String {
    match change {
        Change::Create { name, registration } => format!(
            "create {name}: {} {}",
            registration.callback_type(),
            registration.destination.url
        ),
        Change::Update {
            name,
            callback_id,
            registration,
        } => format!(
            "update {name} ({callback_id}): {} {}",
            registration.callback_type(),
            registration.destination.url
        ),
        Change::Delete {
            callback_id,
            name,
            reason,
        } => match name {
            Some(name) => format!("delete {callback_id} ({name}): {reason}"),
            None => format!("delete {callback_id}: {reason}"),
        },
    }
}

/// The plan in text (a line per change, then what stays) or as one JSON object.
fn show(plan: &Plan, format: Format, out: &mut impl Write) -> io::Result<()> {
    if format == Format::Json {
        return print::json_line(plan, out);
    }
    for change in &plan.changes {
        writeln!(out, "{}", line(change))?;
    }
    for callback_id in &plan.kept {
        writeln!(
            out,
            "keep {callback_id}: not in the file, which does not own all registrations (--prune deletes it)"
        )?;
    }
    let count = |wanted: fn(&Change) -> bool| plan.changes.iter().filter(|c| wanted(c)).count();
    writeln!(
        out,
        "{} to create, {} to update, {} to delete, {} unchanged",
        count(|change| matches!(change, Change::Create { .. })),
        count(|change| matches!(change, Change::Update { .. })),
        count(|change| matches!(change, Change::Delete { .. })),
        plan.unchanged.len()
    )
}
