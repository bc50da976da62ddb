//! `vibes callbacks delete ID`: ends a registration.

use super::Format;
use super::print;
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use tokio::runtime::Runtime;
use vibes_client::api::Client;

/// `vibes callbacks delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The registration's callback_id.
    #[arg(value_name = "ID")]
    pub id: String,
}

/// Ends one registration and shows it with its new dates.
pub fn run(
    args: &DeleteArgs,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    match runtime.block_on(client.delete(&args.id)) {
        Ok(entity) => print::entity("deleted", &entity, format, out),
        Err(error) => print::failure(&error, format, out, errors),
    }
}
