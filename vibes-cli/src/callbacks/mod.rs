//! `vibes callbacks`: the callback configuration API of one company on the command line, through
//! the typed client of `vibes-client` (`list`, `get`, `create`, `update`, `delete`, `test`).
//!
//! Each subcommand has its file; this one holds the options they share, builds the client and
//! turns what a call gave into output and an exit status: 0 done, 1 refused (by the API's 4XX or
//! 404, or locally by pre-flight or the conflict rules), 2 trouble (a usage error, a file or the
//! credentials that cannot be read, no answer, a 5XX or an answer that cannot be read).

mod apply;
mod create;
mod list;
mod plan;
mod print;
mod test;
mod update;

use crate::Outcome;
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vibes_client::api::{
    CallError, Checks, Client, Credentials, Region, credentials_from_env, credentials_from_file,
};
use vibes_types::CallbackRegistration;

/// `vibes callbacks`.
#[derive(Debug, Args)]
pub struct CallbacksArgs {
    /// The options every subcommand takes.
    #[command(flatten)]
    pub api: ApiOptions,
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
}

/// Where the API is, whose registrations, and how to print; credentials come from the
/// environment or a file, never from an option (which every user of the host sees).
#[derive(Debug, Args)]
pub struct ApiOptions {
    /// The company key whose callbacks are managed (required).
    #[arg(long, value_name = "KEY", global = true)]
    pub company: Option<String>,
    /// The region whose API is called.
    #[arg(long, value_enum, global = true, default_value_t = RegionArg::Us)]
    pub region: RegionArg,
    /// Call this URL instead of the region's API (a proxy, `vibes emulate`).
    #[arg(long, value_name = "URL", global = true)]
    pub base_url: Option<String>,
    /// Read the credentials from this file (lines `VIBES_API_USER=…` and
    /// `VIBES_API_PASSWORD=…`) instead of those environment variables.
    #[arg(long, value_name = "FILE", global = true)]
    pub credentials_file: Option<PathBuf>,
    /// How long one request may take, in seconds.
    #[arg(long, value_name = "SECONDS", global = true, default_value_t = 30.0)]
    pub timeout: f64,
    /// Text for people, or JSON: the API's answer as data, or an object saying what went wrong.
    #[arg(long, value_enum, global = true, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `vibes callbacks` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Lines for people; errors on standard error.
    Text,
    /// The API's answer as one JSON document on a line; a failure also as a JSON object.
    Json,
}

/// A region of the Vibes API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    /// The United States (public-api.vibescm.com).
    Us,
    /// Europe (public-api.eu.vibes.com).
    Eu,
}

/// The subcommands of `vibes callbacks`.
#[derive(Debug, Subcommand)]
pub enum Action {
    /// List the company's active and future registrations.
    List,
    /// Show one registration.
    Get(IdArgs),
    /// Register a callback from a registration file (JSON; `-` reads standard input).
    Create(create::CreateArgs),
    /// Replace a registration with the one of a file.
    Update(update::UpdateArgs),
    /// End a registration.
    Delete(IdArgs),
    /// Ask Vibes to send a test callback of a type to its active registration.
    Test(test::TestArgs),
    /// Print what `apply` would create, update and delete to make the registrations what a
    /// plan file says.
    Plan(plan::PlanArgs),
    /// Create, update and delete registrations until they are what a plan file says.
    Apply(apply::ApplyArgs),
}

/// The registration `get` and `delete` act on.
#[derive(Debug, Args)]
pub struct IdArgs {
    /// The registration's callback_id.
    #[arg(value_name = "ID")]
    pub id: String,
}

/// The registration file `create` and `update` send, and whether to check it first.
#[derive(Debug, Args)]
pub struct RegistrationFile {
    /// The registration, as JSON (`-` reads standard input).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Send it without pre-flight and the conflict check (Vibes still judges it).
    #[arg(long)]
    pub no_checks: bool,
}

impl RegistrationFile {
    /// The registration of the file (what reading it accepted written to `errors` as
    /// warnings) and the checks asked for, or why it cannot be read.
    fn read(&self, errors: &mut impl Write) -> Result<(CallbackRegistration, Checks), String> {
        let checks = if self.no_checks {
            Checks::Skip
        } else {
            Checks::Run
        };
        Ok((registration(&self.file, errors)?, checks))
    }
}

/// Runs `vibes callbacks`.
pub fn run(
    args: &CallbacksArgs,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> std::io::Result<Outcome> {
    let client = match client(&args.api) {
        Ok(client) => client,
        Err(problem) => return trouble(&problem, errors),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return trouble(&format!("cannot start the runtime: {error}"), errors),
    };
    let format = args.api.format;
    match &args.action {
        Action::List => list::run(&runtime, &client, format, out, errors),
        Action::Get(get) => {
            let found = runtime.block_on(client.get(&get.id));
            print::answer("", found, format, out, errors)
        }
        Action::Create(create) => create::run(create, &runtime, &client, format, out, errors),
        Action::Update(update) => update::run(update, &runtime, &client, format, out, errors),
        Action::Delete(delete) => {
            let deleted = runtime.block_on(client.delete(&delete.id));
            print::answer("deleted", deleted, format, out, errors)
        }
        Action::Test(test) => test::run(test, &runtime, &client, format, out, errors),
        Action::Plan(plan) => plan::run(plan, &runtime, &client, format, out, errors),
        Action::Apply(apply) => apply::run(apply, &runtime, &client, format, out, errors),
    }
}

/// The client the options describe, or why there is none.
fn client(options: &ApiOptions) -> Result<Client, String> {
    let company = options
        .company
        .as_deref()
        .ok_or("--company KEY is required: the company key whose callbacks are managed")?;
    let credentials = credentials(options.credentials_file.as_deref())?;
    if !(options.timeout.is_finite() && options.timeout > 0.0) {
        return Err(format!(
            "--timeout {} is not a positive number of seconds",
            options.timeout
        ));
    }
    let mut builder = Client::builder(company, credentials)
        .timeout(Duration::from_secs_f64(options.timeout))
        .region(match options.region {
            RegionArg::Us => Region::Us,
            RegionArg::Eu => Region::Eu,
        });
    if let Some(url) = &options.base_url {
        builder = builder.base_url(url);
    }
    builder.build().map_err(|error| error.to_string())
}

fn credentials(file: Option<&Path>) -> Result<Credentials, String> {
    match file {
        Some(file) => credentials_from_file(file).map_err(|error| error.to_string()),
        None => credentials_from_env().map_err(|error| {
            format!("{error} (the API credentials come from VIBES_API_USER and VIBES_API_PASSWORD, or --credentials-file FILE)")
        }),
    }
}

/// The registration in `file` (`-`: standard input), with what reading it accepted written to
/// `errors` as warnings.
fn registration(file: &Path, errors: &mut impl Write) -> Result<CallbackRegistration, String> {
    let shown = crate::file_name::FileName::of(file).to_string();
    let bytes = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|error| format!("standard input: {error}"))?;
        bytes
    } else {
        std::fs::read(file).map_err(|error| format!("{shown}: {error}"))?
    };
    let registration =
        CallbackRegistration::from_slice(&bytes).map_err(|error| format!("{shown}: {error}"))?;
    for warning in registration.warnings() {
        let _ = writeln!(errors, "vibes callbacks: {shown}: warning: {warning}");
    }
    Ok(registration)
}

/// A problem found before any call (options, files, the runtime) on `errors`: exit status 2.
fn trouble(problem: &str, errors: &mut impl Write) -> std::io::Result<Outcome> {
    writeln!(errors, "vibes callbacks: {problem}")?;
    Ok(Outcome::Trouble)
}

/// The exit status of a failed call: 1 when the API or the local checks refused it, 2 for
/// everything else.
fn outcome_of(error: &CallError) -> Outcome {
    match error {
        CallError::Refused { .. }
        | CallError::NotFound { .. }
        | CallError::Preflight(_)
        | CallError::Conflicts(_) => Outcome::Invalid,
        _ => Outcome::Trouble,
    }
}
