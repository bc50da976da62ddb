//! `vibes callbacks create FILE`: registers the callback of a registration file.

use super::{Format, RegistrationFile, print, trouble};
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use tokio::runtime::Runtime;
use vibes_client::api::Client;

/// `vibes callbacks create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    /// The registration to send.
    #[command(flatten)]
    pub registration: RegistrationFile,
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
    let (registration, checks) = match args.registration.read(errors) {
        Ok(read) => read,
        Err(problem) => return trouble(&problem, errors),
    };
    let created = runtime.block_on(client.create(&registration, checks));
    print::answer("created", created, format, out, errors)
}
