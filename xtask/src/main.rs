//! `cargo xtask generate [--check]`: writes the generated files of the workspace, or with
//! `--check` fails when any of them is stale. `cargo xtask verdicts`: the Rust verdict on every
//! fixture, for the cross-language checks. `cargo xtask readings`: the Rust readings of every
//! callback body fixture, for the tests of the packages in `bindings/`.

mod codegen;
mod readings;
mod readmes;
mod schemas;
mod verdicts;

use codegen::Mode;
use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask generate [--check] | cargo xtask verdicts | cargo xtask readings";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate"] => Mode::Write,
        ["generate", "--check"] => Mode::Check,
        ["verdicts"] => {
            println!("{:#}", verdicts::verdicts(&codegen::project_root()));
            return ExitCode::SUCCESS;
        }
        ["readings"] => {
            println!("{:#}", readings::readings(&codegen::project_root()));
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match schemas::generate(mode) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
