//! `vibes callbacks get ID`: one registration.

use super::Format;
use super::print;
use crate::Outcome;
use clap::Args;
use std::io::{self, Write};
use tokio::runtime::Runtime;
use vibes_client::api::Client;

/// `vibes callbacks get`.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The registration's callback_id.
    #[arg(value_name = "ID")]
    pub id: String,
}

/// Shows one registration.
pub fn run(
    args: &GetArgs,
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    match runtime.block_on(client.get(&args.id)) {
        Ok(entity) => print::entity("", &entity, format, out),
        Err(error) => print::failure(&error, format, out, errors),
    }
}
