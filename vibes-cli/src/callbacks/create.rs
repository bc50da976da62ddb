//! `vibes callbacks create FILE`: registers the callback of a registration file.

use super::Format;
use super::{print, registration};
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use tokio::runtime::Runtime;
use vibes_client::api::{Checks, Client};

/// `vibes callbacks create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The registration, as JSON (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Send it without pre-flight and the conflict check (Vibes still judges it).
    #[arg(long)]
    pub no_checks: bool,
}

/// Registers the callback.
pub fn run(
    args: &CreateArgs,
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
    match runtime.block_on(client.create(&registration, checks)) {
        Ok(entity) => print::entity("created", &entity, format, out),
        Err(error) => print::failure(&error, format, out, errors),
    }
}
