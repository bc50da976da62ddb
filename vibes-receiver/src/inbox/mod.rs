//! The `inbox` commands: the store read back (`list`, `show`, `export`, `dead`) and the
//! deliveries' processing state managed (`retry`, `purge`). One file per command holds its
//! flags and a thin `run`; the work is `vibes_inbox`'s.

mod dead;
mod export;
mod list;
mod purge;
mod replay;
mod retry;
mod show;

pub use export::{export, ndjson_line};
pub use list::list_line;

use crate::cli::StoreArg;
use clap::Subcommand;
use std::io::{BufWriter, Write};

/// The subcommands that read the store back and manage the deliveries' state.
#[derive(Debug, Subcommand)]
pub enum InboxCommand {
    /// One line per request, oldest first: received time, `accepted` or `rejected STATUS`, event
    /// id, callback type, body size in bytes, and for a delivery its state (pending, leased,
    /// done, dead) and the attempts made, separated by tabs (`-` for what does not apply).
    List(StoreArg),
    /// The stored delivery of an event with its state: its headers, a blank line, then the
    /// body exactly as received; or, when none was accepted, every refused request that named
    /// the event.
    Show(show::ShowArgs),
    /// The accepted bodies as NDJSON, oldest first, for `vibes validate --ndjson`: each body as
    /// received, except that one holding a line break is written compact, on one line.
    Export(StoreArg),
    /// The dead deliveries, in the order they died: when, event id, callback type, attempts,
    /// and why, separated by tabs.
    Dead(StoreArg),
    /// Makes deliveries pending again, due now, with a fresh count of attempts: the ones named,
    /// or with `--dead` every dead one. A leased delivery is left to its worker.
    Retry(retry::RetryArgs),
    /// Delivers stored deliveries again to an endpoint, as Vibes would: their method, headers
    /// and body as received, with the retry rules of `vibes send`; chosen by event id, time
    /// received, callback type or state (`--all` for every one). One line per delivery, as it
    /// ends.
    Replay(Box<replay::ReplayArgs>),
    /// The retention rule: removes the done deliveries that finished longer ago than
    /// `--done-before`, and only with their flags the dead and unfinished ones and the refused
    /// requests.
    Purge(purge::PurgeArgs),
}

/// Runs an `inbox` subcommand, writing to standard output.
pub async fn run(command: InboxCommand) -> Result<(), Box<dyn std::error::Error>> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    match command {
        InboxCommand::List(store) => list::run(&store, &mut out).await?,
        InboxCommand::Show(args) => show::run(&args, &mut out).await?,
        InboxCommand::Export(store) => export(&store.store, &mut out).await?,
        InboxCommand::Dead(store) => dead::run(&store, &mut out).await?,
        InboxCommand::Retry(args) => retry::run(&args, &mut out).await?,
        InboxCommand::Purge(args) => purge::run(&args, &mut out).await?,
        InboxCommand::Replay(args) => replay::run(&args, &mut out).await?,
    }
    out.flush()?;
    Ok(())
}

/// Text from the store as one tab-separated field: a tab, a line break or another control
/// character is written as its escape (`\t`, `\n`, `\u{1b}`), so that a field is never split.
fn field(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_keeps_to_one_line_and_one_column() {
        assert_eq!(field("a\tb\nc\u{1b}d é"), "a\\tb\\nc\\u{1b}d é");
    }
}
