//! The `vibes` command line: checks Vibes callback bodies and the other documents of the
//! callback API with the typed parser of `vibes-types` and the JSON Schemas it generates, streams
//! NDJSON files of them on every core, prints the schema files and sample bodies, and delivers
//! bodies to an endpoint as Vibes does.
//!
//! This library is the command's implementation, shared with its tests and benchmarks; it makes
//! no promise of stability beyond the command line itself (see vibes-cli/README.md).
#![forbid(unsafe_code)]

use cli::Command;
use std::io::{self, Write};

pub mod callbacks;
pub mod cli;
pub mod emulate;
pub mod file_name;
pub mod inputs;
pub mod kind;
pub mod ndjson;
pub mod report;
pub mod sample;
pub mod schema;
pub mod send;
pub mod summary;
pub mod validate;

/// How a run ended, from best to worst; the process exits with its [`code`](Outcome::code).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Everything checked is valid, every delivery acknowledged (exit status 0).
    Valid,
    /// Some input is not valid, or some delivery ended unacknowledged (exit status 1).
    Invalid,
    /// A usage error, an input that could not be read, or a body that could not be sent (exit
    /// status 2).
    Trouble,
}

impl Outcome {
    /// The exit status.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Valid => 0,
            Outcome::Invalid => 1,
            Outcome::Trouble => 2,
        }
    }
}

/// Runs `command`, writing its output to `out` and what went wrong to `errors`.
pub fn run(command: Command, out: &mut impl Write, errors: &mut impl Write) -> io::Result<Outcome> {
    match command {
        Command::Validate(args) => inputs::validate(&args, out, errors),
        Command::Schema(args) => schema::print(&args, out, errors),
        Command::Sample(args) => sample::print(&args, out, errors),
        Command::Send(args) => send::send(&args, out, errors),
        Command::Emulate(args) => emulate::run(&args, out, errors),
        Command::Callbacks(args) => callbacks::run(&args, out, errors),
        Command::Completions(args) => {
            cli::print_completions(args.shell, out)?;
            Ok(Outcome::Valid)
        }
    }
}
