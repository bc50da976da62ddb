//! `vibes`: reads the command line and runs the subcommand (the work is in the library).
#![forbid(unsafe_code)]

use clap::Parser;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;
use vibes_cli::cli::{Cli, Command};
use vibes_cli::{Outcome, inputs, sample, schema};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut errors = io::stderr().lock();
    let outcome = run(cli.command, &mut out, &mut errors).and_then(|outcome| {
        out.flush()?;
        Ok(outcome)
    });
    match outcome {
        Ok(outcome) => ExitCode::from(outcome.code()),
        // A reader that stops early (`| head`) is not a failure worth a message.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
            ExitCode::from(Outcome::Trouble.code())
        }
        Err(error) => {
            let _ = writeln!(errors, "vibes: cannot write the report: {error}");
            ExitCode::from(Outcome::Trouble.code())
        }
    }
}

fn run(command: Command, out: &mut impl Write, errors: &mut impl Write) -> io::Result<Outcome> {
    match command {
        Command::Validate(args) => inputs::validate(&args, out, errors),
        Command::Schema(args) if args.list => {
            for file in schema::files() {
                writeln!(out, "{}", file.path())?;
            }
            Ok(Outcome::Valid)
        }
        Command::Schema(args) => {
            let name = args.name.unwrap_or_default();
            match schema::find(&name) {
                Some(file) => {
                    out.write_all(file.text().as_bytes())?;
                    Ok(Outcome::Valid)
                }
                None => {
                    writeln!(
                        errors,
                        "vibes: no schema file is named `{name}` (`vibes schema --list` lists them)"
                    )?;
                    Ok(Outcome::Trouble)
                }
            }
        }
        Command::Sample(args) if args.list => {
            sample::list(out)?;
            Ok(Outcome::Valid)
        }
        Command::Sample(args) => {
            let callback_type = args.callback_type.unwrap_or_default();
            match sample::body(&callback_type, args.variant.as_deref()) {
                Ok(body) => {
                    out.write_all(body.as_bytes())?;
                    Ok(Outcome::Valid)
                }
                Err(error) => {
                    writeln!(errors, "vibes: {error}")?;
                    Ok(Outcome::Trouble)
                }
            }
        }
        Command::Completions(args) => {
            vibes_cli::cli::print_completions(args.shell, out);
            Ok(Outcome::Valid)
        }
    }
}
