//! The `vibes-receiver` command: reads the command line, sets up the logs, and runs.

#![forbid(unsafe_code)]

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;
use vibes_receiver::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // `RUST_LOG` filters the logs, as `tracing-subscriber` reads it; `info` by default.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let ran = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Into::into)
        .and_then(|runtime| runtime.block_on(vibes_receiver::run(cli)));
    match ran {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Standard error may be closed; the exit status still says it.
            let _ = writeln!(std::io::stderr(), "vibes-receiver: {error}");
            ExitCode::FAILURE
        }
    }
}
