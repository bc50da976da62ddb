//! `vibes callbacks update ID FILE`: replaces a registration with the one of a file.

use super::Format;
use super::{print, registration};
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use tokio::runtime::Runtime;
use vibes_client::api::{Checks, Client};

/// `vibes callbacks update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The registration's callback_id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The new registration, as JSON (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Send it without pre-flight and the conflict check (Vibes still judges it).
    #[arg(long)]
    pub no_checks: bool,
}

/// Replaces the registration.
pub fn run(
    args: &UpdateArgs,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let registration = match registration(&args.file, errors) {
        Ok(registration) => registration,
        Err(problem) => {
            writeln!(errors, "vibes callbacks: {problem}")?;
            return Ok(Outcome::Trouble);
        }
    };
    let checks = if args.no_checks {
        Checks::Skip
    } else {
        Checks::Run
    };
    match runtime.block_on(client.update(&args.id, &registration, checks)) {
        Ok(entity) => print::entity("updated", &entity, format, out),
        Err(error) => print::failure(&error, format, out, errors),
    }
}
