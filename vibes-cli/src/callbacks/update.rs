//! `vibes callbacks update ID FILE`: replaces a registration with the one of a file.

use super::{Format, RegistrationFile, print, trouble};
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use tokio::runtime::Runtime;
use vibes_client::api::Client;

/// `vibes callbacks update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The registration's callback_id.
    #[arg(value_name = "ID")]
    pub id: String,
    /// The new registration.
    #[command(flatten)]
    pub registration: RegistrationFile,
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
    let (registration, checks) = match args.registration.read(errors) {
        Ok(read) => read,
        Err(problem) => return trouble(&problem, errors),
    };
    let updated = runtime.block_on(client.update(&args.id, &registration, checks));
    print::answer("updated", updated, format, out, errors)
}
