//! The command line: its subcommands, options and help text, as clap reads them.

use crate::kind::Kind;
use crate::{sample, send};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};
use http::{HeaderValue, Uri};
use std::path::PathBuf;
use std::time::Duration;
use vibes_types::CallbackType;
use vibes_types::registration::{DestinationContentType, DestinationMethod};

/// Checks Vibes callback bodies and the other documents of the callback API, prints their JSON
/// Schemas and sample bodies, and delivers bodies to an endpoint as Vibes does.
#[derive(Debug, Parser)]
#[command(name = "vibes", version, max_term_width = 100)]
#[command(after_help = "\
Examples:
  vibes validate body.json                 check a callback body (the kind is recognised)
  vibes validate --ndjson callbacks.ndjson check a stored stream, one body per line
  vibes schema callback.schema.json        print the schema validators use
  vibes sample person_added                print a valid person_added body
  vibes send URL --type person_added       deliver a person_added body to URL as Vibes does
  vibes completions bash                   print the bash completion script")]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Reads the command line; where it is wrong, exits with clap's usage error (status 2),
    /// for what clap's attributes cannot state too (see [`Command::check`]).
    pub fn parse_checked() -> Self {
        let cli = Cli::parse();
        if let Err(error) = cli.command.check() {
            error.exit();
        }
        cli
    }
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
    /// Deliver callback bodies to an endpoint as Vibes does, headers and retries included, and
    /// say how each delivery ended.
    #[command(after_help = "\
Examples:
  vibes send http://localhost:8080/vibes --type person_added
  vibes send http://localhost:8080/vibes --type event_processed --variant routing_no_route_rules
  vibes send https://hooks.example.com/vibes body.json other.json
  vibes send http://localhost:8080/vibes --ndjson callbacks-2026-03-01.ndjson --format json
  vibes send http://localhost:8080/vibes --method PUT --content-type text/json device.json

Each body goes out as its bytes, with X-Event-Id its event_id, X-Event-Type its callback type,
X-Company-Id the --company-id given, else the company an unmatched_message_received body names
(source_code.company_key), else zY5VnE7r; X-Callback-Id --callback-id; X-Delivery-Attempts 1,
then 2, 3... on the retries.

Answers are read as Vibes reads them: 2XX is done; 4XX a permanent failure, not retried; 3XX
(not followed), 5XX and no answer within --timeout are retried, after --backoff, doubling up to
10s, until --attempts in all. The start of an answer's body that is not a 2XX (the first 4 KiB)
is shown under the delivery: a receiver says there why it refused.

Exit status: 0 when every delivery was acknowledged (2XX), 1 when any was not, 2 for a usage
error or an input that cannot be read or is not a callback body (reported and not sent; the
others still are).")]
    Send(Box<SendArgs>),
    /// Run a local Vibes: the callback configuration API, and test events delivered to the
    /// registered destinations as Vibes delivers them; or list a running one's deliveries.
    #[command(after_help = "\
Examples:
  vibes emulate                                   (on 127.0.0.1:8090, a password printed)
  vibes emulate --listen 127.0.0.1:0 --time-scale 0.01 --state emulator.json
  vibes emulate deliveries --from http://127.0.0.1:8090

It serves list, get, create, update and delete of callbacks and the test event request at the
paths of the Vibes API, under any company key; point `vibes callbacks --base-url` at it. Each
test event is delivered to every active registration of its type, 3XX, 5XX and no answer within
--timeout retried --retry-wait apart (times --time-scale) until --attempts in all; a 4XX is a
permanent failure. The first line printed is `listening on http://ADDRESS`.

Exit status: 0 when stopped by Ctrl-C or SIGTERM, 2 when it cannot start or the deliveries
cannot be read.")]
    Emulate(Box<crate::emulate::Emulate>),
    /// Manage the company's callback registrations through the Vibes API: list, get, create,
    /// update and delete them, and ask for a test event.
    #[command(after_help = "\
Examples:
  export VIBES_API_USER=VibesUser VIBES_API_PASSWORD=...   (or --credentials-file FILE)
  vibes callbacks --company bi3bwNRk list
  vibes callbacks --company bi3bwNRk --region eu get Hzh39LP3
  vibes callbacks --company acme --base-url http://127.0.0.1:8090 create registration.json
  vibes callbacks --company acme update Hzh39LP3 registration.json
  vibes callbacks --company acme delete Hzh39LP3
  vibes callbacks --company acme test person_added --format json

The credentials come from VIBES_API_USER and VIBES_API_PASSWORD, or from the file given with
--credentials-file (lines VIBES_API_USER=... and VIBES_API_PASSWORD=...), never from an option,
which other users of the host see in the process list. create and update first check the
registration (pre-flight, then the conflict rules against the registered callbacks) and refuse
it locally, naming the clashing callback ids, unless given --no-checks. list, get and delete are
retried after a connection failure, a timeout or a 5XX; create, update and test are sent once.

Exit status: 0 when the call succeeded, 1 when it was refused (a 4XX of the API, an unknown id,
or the local checks), 2 for a usage error, a file or credentials that cannot be read, no answer,
a 5XX or an answer that cannot be read.")]
    Callbacks(Box<crate::callbacks::CallbacksArgs>),
    /// Print the completion script of a shell.
    #[command(after_help = "\
Examples:
  vibes completions bash > /etc/bash_completion.d/vibes
  vibes completions zsh > \"${fpath[1]}/_vibes\"
  vibes completions fish > ~/.config/fish/completions/vibes.fish")]
    Completions(Completions),
}

impl Command {
    /// Checks what clap's attributes cannot state: standard input (`-`) can be read once only,
    /// so it may not be named twice among the files.
    pub fn check(&self) -> Result<(), clap::Error> {
        let (name, files) = match self {
            Command::Validate(args) => ("validate", &args.files),
            Command::Send(args) => ("send", &args.files),
            _ => return Ok(()),
        };
        if files
            .iter()
            .filter(|file| crate::inputs::is_stdin(file))
            .count()
            < 2
        {
            return Ok(());
        }
        use clap::CommandFactory;
        let mut cli = Cli::command();
        cli.build();
        let subcommand = cli
            .find_subcommand_mut(name)
            .expect("every subcommand is declared");
        Err(subcommand.error(
            clap::error::ErrorKind::ArgumentConflict,
            "`-` (standard input) is named more than once, but standard input can be read only once",
        ))
    }
}

/// `vibes validate`.
#[derive(Debug, Args)]
pub struct Validate {
    /// The files to check; `-` reads standard input (named once at most).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// What the inputs are; `auto` recognises each from its content and says which it chose.
    #[arg(long, value_name = "KIND", default_value = "auto")]
    pub kind: KindArg,
    /// Refuse what the documented contract does not name (unknown enumeration values and
    /// callback types, repeated keys), as the JSON Schema does; unknown fields stay allowed.
    #[arg(long)]
    pub strict: bool,
    /// Run the JSON Schema on every input. By default it runs only where its verdict can
    /// differ from the typed parser's (another kind than a callback body, a body refused or
    /// outside the contract, one nested deeper than a JSON value reads); elsewhere one typed
    /// read gives both verdicts, and the report is the same.
    #[arg(long)]
    pub schema_everywhere: bool,
    /// How to report: a line per input, or a JSON object per input.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Read each line of the inputs as one payload, streaming, on every core, with a summary at
    /// the end.
    #[arg(long)]
    pub ndjson: bool,
    /// The largest input read as one document, in bytes: a larger one is refused without being
    /// read to the end (exit status 2). The default is far above any callback body; with
    /// `--ndjson` each line is bounded instead.
    #[arg(long, value_name = "BYTES", default_value_t = MAX_DOCUMENT_BYTES,
          conflicts_with = "ndjson")]
    pub max_bytes: u64,
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

/// `vibes send` (not named `Send`, the standard marker trait).
#[derive(Debug, Args)]
#[command(override_usage = "vibes send [OPTIONS] <URL> <FILE...|--type <TYPE>|--ndjson <FILE>>")]
#[command(group(ArgGroup::new("bodies").required(true).args(["files", "callback_type", "ndjson"])))]
pub struct SendArgs {
    /// The endpoint: an `http://` or `https://` URL.
    #[arg(value_name = "URL", value_parser = endpoint)]
    pub url: Uri,
    /// The files to send, each one callback body, sent as its bytes; `-` reads standard input
    /// (named once at most).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Send the sample body of this callback type (what `vibes sample TYPE` prints).
    #[arg(long = "type", value_name = "TYPE",
          value_parser = PossibleValuesParser::new(CallbackType::KNOWN))]
    pub callback_type: Option<String>,
    /// Which case of the type's sample (`vibes sample --list` shows them).
    // `requires = "callback_type"` would not do: clap lets a required argument be missing when
    // it conflicts with one given, as `--type` does with the files through the group.
    #[arg(long, value_name = "NAME", requires = "callback_type", conflicts_with_all = ["files", "ndjson"],
          value_parser = PossibleValuesParser::new(sample::variant_names()))]
    pub variant: Option<String>,
    /// Send each line of this file as one body, in order, as it is read; `-` reads standard
    /// input.
    #[arg(long, value_name = "FILE")]
    pub ndjson: Option<PathBuf>,
    /// How many attempts a delivery gets in all, the first included.
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=MAX_ATTEMPTS))]
    pub attempts: u32,
    /// How long an attempt waits for the answer (`10s`, `500ms`; a bare number is seconds);
    /// after that it counts as no answer, and is retried.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = timeout)]
    pub timeout: Duration,
    /// The wait before the first retry, doubled before each next one, up to 10s (or this wait
    /// when it is longer).
    #[arg(long, value_name = "DURATION", default_value = "200ms", value_parser = duration)]
    pub backoff: Duration,
    /// The HTTP method, as a registration's `destination.method` names it.
    #[arg(long, value_name = "METHOD", ignore_case = true,
          default_value_t = DestinationMethod::default(),
          value_parser = PossibleValuesParser::new(DestinationMethod::KNOWN)
              .map(|name| DestinationMethod::from(name.as_str())))]
    pub method: DestinationMethod,
    /// The `Content-Type`, as a registration's `destination.content_type` names it.
    #[arg(long, value_name = "TYPE", ignore_case = true,
          default_value_t = DestinationContentType::default(),
          value_parser = PossibleValuesParser::new(DestinationContentType::KNOWN)
              .map(|name| DestinationContentType::from(name.as_str())))]
    pub content_type: DestinationContentType,
    /// The `X-Company-Id` of every body [default: the company an `unmatched_message_received`
    /// body names, else zY5VnE7r].
    #[arg(long, value_name = "ID", value_parser = header_text)]
    pub company_id: Option<String>,
    /// The `X-Callback-Id`: the registration the deliveries come from.
    #[arg(long, value_name = "ID", default_value = send::DEFAULT_CALLBACK_ID,
          value_parser = header_text)]
    pub callback_id: String,
    /// How to report: a line per delivery (`text`), or a JSON object per delivery (`json`).
    #[arg(long, value_enum, default_value_t = Format::Text, hide_possible_values = true)]
    pub format: Format,
}

/// The most attempts `--attempts` allows.
pub const MAX_ATTEMPTS: i64 = 100;

/// The default of `vibes validate --max-bytes`, and the limit of a file `vibes send` sends: 64
/// MiB, 64 times the receiver's default body limit and six times the largest body Vibes
/// documents (10 MB), while reading it takes a few hundred MB at most.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

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

/// How a report is written.
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

/// Reads `--timeout`: a [`duration`] longer than zero.
pub(crate) fn timeout(text: &str) -> Result<Duration, String> {
    match duration(text)? {
        Duration::ZERO => Err("an attempt needs some time to be answered in".to_owned()),
        wait => Ok(wait),
    }
}

/// Reads a duration: a number of seconds (`10`, `0.5`, `10s`) or milliseconds (`200ms`), at most
/// an hour.
pub(crate) fn duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = match text.strip_suffix("ms") {
        Some(number) => (number, 1e-3),
        None => (text.strip_suffix('s').unwrap_or(text), 1.0),
    };
    // Digits and a point only: `f64` would also read signs, exponents, `inf` and `NaN`.
    let plain = number.bytes().any(|byte| byte.is_ascii_digit())
        && number
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'.');
    let seconds = plain
        .then(|| number.parse::<f64>().ok())
        .flatten()
        .map(|number| number * unit);
    match seconds {
        Some(seconds) if seconds <= 3600.0 => Ok(Duration::from_secs_f64(seconds)),
        Some(_) => Err(format!("`{text}` is longer than an hour")),
        None => Err(format!(
            "`{text}` is not a duration: write seconds (`10`, `0.5`, `10s`) or milliseconds (`200ms`)"
        )),
    }
}

/// Reads the endpoint: an absolute `http://` or `https://` URL with a host.
fn endpoint(text: &str) -> Result<Uri, String> {
    vibes_client::deliver::endpoint(text)
}

/// Reads a header's value: text a header can carry and a receiver can read (visible ASCII and
/// spaces), not empty.
fn header_text(text: &str) -> Result<String, String> {
    let readable = HeaderValue::from_str(text)
        .ok()
        .is_some_and(|value| value.to_str().is_ok());
    if text.is_empty() || !readable {
        return Err(format!(
            "`{text}` cannot be a header's value: write visible ASCII text, not empty"
        ));
    }
    Ok(text.to_owned())
}

/// Prints the completion script of `shell` for this command line.
pub fn print_completions(shell: Shell, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    // Made whole first: clap_complete panics when its writer fails, as a closed pipe does.
    let mut script = Vec::new();
    clap_complete::generate(generator, &mut Cli::command(), "vibes", &mut script);
    out.write_all(&script)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn the_help_of_send_names_the_defaults_it_uses() {
        let mut cli = super::Cli::command();
        let send = cli.find_subcommand_mut("send").expect("a send subcommand");
        let help = send.render_long_help().to_string();
        for default in [
            format!("else {}", crate::send::DEFAULT_COMPANY_ID),
            format!("[default: {}]", crate::send::DEFAULT_CALLBACK_ID),
            format!("up to {}s", crate::send::MAX_BACKOFF.as_secs()),
        ] {
            assert!(help.contains(&default), "{default}: {help}");
        }
    }

    #[test]
    fn durations_are_seconds_or_milliseconds() {
        use std::time::Duration;
        for (text, expected) in [
            ("10", Duration::from_secs(10)),
            ("10s", Duration::from_secs(10)),
            ("0.5", Duration::from_millis(500)),
            ("200ms", Duration::from_millis(200)),
            ("0ms", Duration::ZERO),
            ("3600s", Duration::from_secs(3600)),
        ] {
            assert_eq!(super::duration(text), Ok(expected), "{text}");
        }
        for text in [
            "", "s", "ms", "-1", "+1", "1e3", "inf", "NaN", "1.2.3", "1 s", "3601", "1h",
        ] {
            assert!(super::duration(text).is_err(), "{text}");
        }
        assert!(super::timeout("0").is_err());
        assert!(super::endpoint("https://hooks.example.com/vibes").is_ok());
        for text in [
            "localhost:8080",
            "/vibes",
            "ftp://example.com/",
            "http://",
            "hooks",
        ] {
            assert!(super::endpoint(text).is_err(), "{text}");
        }
    }
}
