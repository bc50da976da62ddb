//! `vibes`: reads the command line and runs the subcommand (the work is in the library).
#![forbid(unsafe_code)]

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use vibes_cli::Outcome;
use vibes_cli::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse_checked();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut errors = io::stderr().lock();
    let outcome = vibes_cli::run(cli.command, &mut out, &mut errors).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match outcome {
        Ok(outcome) => ExitCode::from(outcome.code()),
        // A reader that stops early (`| head`) has read all it wanted: the program ends there,
        // quietly and with exit status 0, as ripgrep does, so that a pipeline under
        // `set -o pipefail` does not fail for it.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(errors, "vibes: cannot write the report: {error}");
            ExitCode::from(Outcome::Trouble.code())
        }
    }
}
