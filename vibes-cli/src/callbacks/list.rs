//! `vibes callbacks list`: every active and future registration, a line each.

use super::Format;
use super::print;
use crate::Outcome;
use std::io::{self, Write};
use tokio::runtime::Runtime;
use vibes_client::api::Client;

/// Lists the registrations.
pub fn run(
    runtime: &Runtime,
    client: &Client,
    format: Format,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<Outcome> {
    let listed = match runtime.block_on(client.list()) {
        Ok(listed) => listed,
        Err(error) => return print::failure(&error, format, out, errors),
    };
    match format {
        Format::Json => print::json_line(&listed, out)?,
        Format::Text if listed.is_empty() => writeln!(out, "no callbacks registered")?,
        Format::Text => {
            for entity in &listed {
                writeln!(out, "{}", print::line(entity))?;
            }
        }
    }
    Ok(Outcome::Valid)
}
