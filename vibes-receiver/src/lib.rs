//! A receiver of Vibes callbacks: every delivery is checked, read by `vibes_types::delivery`,
//! and written to a durable inbox before it is answered, the ones it refuses included.
//!
//! The binary (`vibes-receiver --listen 127.0.0.1:8080 --store inbox.sqlite`) is [`run`] on the
//! parsed command line; the pieces are public so that tests and benches can put them together:
//! [`app::router`] is the axum `Router`, [`vibes_inbox::Store`] the inbox it writes to, and
//! [`server::serve`] runs a router on a listener until a shutdown signal. Its README
//! (`vibes-receiver/README.md`) describes the flags, the store's schema and the subcommands that
//! read it back.

#![forbid(unsafe_code)]

pub mod admin;
pub mod app;
pub mod budget;
pub mod cli;
pub mod connection;
pub mod forward;
pub mod inbox;
pub mod receive;
pub mod refusal;
pub mod server;
pub mod shutdown;

use cli::{Cli, Command};

/// Runs what the command line asks: the receiver, or one of the `inbox` subcommands.
pub async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    match cli.command {
        Some(Command::Inbox(inbox)) => inbox::run(inbox).await,
        Some(Command::Forward(args)) => forward::run(args).await,
        None => server::run(cli.serve.settings()?).await,
    }
}
