//! The command line: its subcommands, options and help text, as clap reads them.

use crate::kind::Kind;
use crate::sample;
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use vibes_types::CallbackType;

/// Checks Vibes callback bodies and the other documents of the callback API, and prints their
/// JSON Schemas and sample bodies.
#[derive(Debug, Parser)]
#[command(name = "vibes", version, max_term_width = 100)]
#[command(after_help = "\
Examples:
  vibes validate body.json                 check a callback body (the kind is recognised)
  vibes validate --ndjson callbacks.ndjson check a stored stream, one body per line
  vibes schema callback.schema.json        print the schema validators use
  vibes sample person_added                print a valid person_added body
  vibes completions bash                   print the bash completion script")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check documents with the typed parser and the JSON Schema, and say what each is.
    #[command(after_help = "\
Examples:
  vibes validate body.json other.json
  pbpaste | vibes validate -              (a body on the clipboard)
  vibes validate --kind registration --strict --format json registration.json
  vibes validate --ndjson -j 2 callbacks-2026-03-01.ndjson

Exit status: 0 when every input is valid, 1 when any is not, 2 for a usage error or a file that
cannot be read (the other files are still checked).")]
    Validate(Validate),
    /// Print the embedded JSON Schema files, the same bytes as the repository's `schemas/`.
    #[command(after_help = "\
Examples:
  vibes schema --list
  vibes schema callback.schema.json
  vibes schema person_added          (the file of one callback type)
  vibes schema openapi > openapi.json")]
    Schema(Schema),
    /// Print a valid example body of a callback type, to feed a receiver.
    #[command(after_help = "\
Examples:
  vibes sample --list
  vibes sample subscription_added
  vibes sample event_processed --variant routing_no_route_rules
  vibes sample device_added | vibes validate --strict -")]
    Sample(Sample),
    /// Print the completion script of a shell.
    #[command(after_help = "\
Examples:
  vibes completions bash > /etc/bash_completion.d/vibes
  vibes completions zsh > \"${fpath[1]}/_vibes\"
  vibes completions fish > ~/.config/fish/completions/vibes.fish")]
    Completions(Completions),
}

/// `vibes validate`.
#[derive(Debug, Args)]
pub struct Validate {
    /// The files to check; `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// What the inputs are; `auto` recognises each from its content and says which it chose.
    #[arg(long, value_name = "KIND", default_value = "auto")]
    pub kind: KindArg,
    /// Refuse what the documented contract does not name (unknown enumeration values and
    /// callback types, repeated keys), as the JSON Schema does; unknown fields stay allowed.
    #[arg(long)]
    pub strict: bool,
    /// How to report: a line per input, or a JSON object per input.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read each line of the inputs as one payload, streaming, on every core, with a summary at
    /// the end.
    #[arg(long)]
    pub ndjson: bool,
    /// How many threads check NDJSON lines (default: one per core).
    #[arg(short = 'j', long, value_name = "N", requires = "ndjson",
          value_parser = clap::value_parser!(u16).range(1..=256))]
    pub threads: Option<u16>,
}

/// `vibes schema`.
#[derive(Debug, Args)]
pub struct Schema {
    /// List the files, one path a line.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
    /// The file to print: its path under `schemas/` (`callback.schema.json`), without its
    /// suffix (`callback`, `openapi`), or a callback type (`person_added`).
    #[arg(value_name = "NAME", required_unless_present = "list")]
    pub name: Option<String>,
}

/// `vibes sample`.
#[derive(Debug, Args)]
pub struct Sample {
    /// List the callback types and the variants of each.
    #[arg(long, conflicts_with_all = ["callback_type", "variant"])]
    pub list: bool,
    /// The callback type of the body.
    #[arg(value_name = "TYPE", required_unless_present = "list",
          value_parser = PossibleValuesParser::new(CallbackType::KNOWN))]
    pub callback_type: Option<String>,
    /// Which case of the type (the `event_processed` actions; `vibes sample --list` shows them).
    #[arg(long, value_name = "NAME", value_parser = PossibleValuesParser::new(sample::variant_names()))]
    pub variant: Option<String>,
}

/// `vibes completions`.
#[derive(Debug, Args)]
pub struct Completions {
    /// The shell to print the completion script of.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The shells completions are printed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// GNU bash.
    Bash,
    /// Z shell.
    Zsh,
    /// The friendly interactive shell.
    Fish,
}

/// How `vibes validate` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A line per input, then what lenient reading let through.
    Text,
    /// A JSON object per input, one a line.
    Json,
}

/// A `--kind` value: a kind, or `None` for `auto`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindArg(pub Option<Kind>);

/// `auto`, then every kind.
const KIND_ARGS: [KindArg; Kind::ALL.len() + 1] = {
    let mut args = [KindArg(None); Kind::ALL.len() + 1];
    let mut at = 0;
    while at < Kind::ALL.len() {
        args[at + 1] = KindArg(Some(Kind::ALL[at]));
        at += 1;
    }
    args
};

impl ValueEnum for KindArg {
    fn value_variants<'a>() -> &'a [Self] {
        &KIND_ARGS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self.0 {
            None => PossibleValue::new("auto").help("recognise each input's kind from its content"),
            Some(kind) => PossibleValue::new(kind.name()).help(kind.about()),
        })
    }
}

/// Prints the completion script of `shell` for this command line.
pub fn print_completions(shell: Shell, out: &mut dyn std::io::Write) {
    use clap::CommandFactory;
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(generator, &mut Cli::command(), "vibes", out);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
