//! `vibes emulate`: a local Vibes (the `vibes-emulator` crate) on the command line, and
//! `vibes emulate deliveries`, the listing of a running one's deliveries.

use crate::Outcome;
use crate::cli::{Format, duration, timeout};
use clap::{Args, Subcommand, ValueEnum};
use http::Uri;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vibes_emulator::{
    DEFAULT_ATTEMPTS, DELIVERIES_PATH, Deliveries, DeliveryRecord, Emulator, Options,
};
use vibes_types::registration::ConflictRules;

/// The environment variable the API user is read from when `--user` is not given, as
/// `vibes callbacks` reads it.
pub const USER_VARIABLE: &str = "VIBES_API_USER";

/// The environment variable the API password is read from when `--password` is not given.
pub const PASSWORD_VARIABLE: &str = "VIBES_API_PASSWORD";

/// `vibes emulate`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Emulate {
    /// `deliveries`, or nothing to run the emulator.
    #[command(subcommand)]
    pub view: Option<View>,
    /// How to run the emulator.
    #[command(flatten)]
    pub serve: Serve,
}

/// What `vibes emulate` does besides running the emulator.
#[derive(Debug, Subcommand)]
pub enum View {
    /// List the deliveries of a running emulator: each test event sent to each registration,
    /// its attempts and how it ended.
    Deliveries(DeliveriesArgs),
}

/// `vibes emulate deliveries`.
#[derive(Debug, Args)]
pub struct DeliveriesArgs {
    /// The running emulator's address, as it printed it.
    #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8090")]
    pub from: Uri,
    /// A line per delivery with one per attempt (`text`), or the emulator's JSON view (`json`).
    #[arg(long, value_enum, default_value_t = Format::Text, hide_possible_values = true)]
    pub format: Format,
}

/// The conflict rules a `--rules` value names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Rules {
    /// Same type, same destination and overlapping dates conflict; at most 50 destinations per
    /// type (the newer documentation).
    Newer,
    /// One active registration per type, whatever the destination (the older documentation).
    Older,
}

/// How to run the emulator.
#[derive(Debug, Args)]
pub struct Serve {
    /// The address to listen on; port 0 lets the system choose one.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1:8090")]
    pub listen: SocketAddr,
    /// The API user [default: $VIBES_API_USER, else `emulator`].
    #[arg(long, value_name = "USER")]
    pub user: Option<String>,
    /// The API password [default: $VIBES_API_PASSWORD, else one generated and printed]. Other
    /// users of the host see a flag in the process list: prefer the variable.
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,
    /// Keep the registrations in this JSON file across runs (read at start, rewritten after
    /// each change) instead of in memory.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The conflict rules create and update apply.
    #[arg(long, value_enum, default_value_t = Rules::Newer)]
    pub rules: Rules,
    /// How many attempts a delivery gets in all, the first included.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ATTEMPTS,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub attempts: u32,
    /// The wait before each retry, before --time-scale.
    #[arg(long, value_name = "DURATION", default_value = "300s", value_parser = duration)]
    pub retry_wait: Duration,
    /// What the waits between attempts are multiplied by: 0.01 makes 5 minutes 3 seconds.
    #[arg(long, value_name = "FACTOR", default_value_t = 1.0, value_parser = time_scale)]
    pub time_scale: f64,
    /// How long an attempt waits for the destination's answer (not scaled).
    #[arg(long, value_name = "DURATION", default_value = "2s", value_parser = timeout)]
    pub timeout: Duration,
}

/// Reads `--time-scale`: a number from 0 to 1000.
fn time_scale(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(scale) if (0.0..=1000.0).contains(&scale) => Ok(scale),
        _ => Err(format!("`{text}` is not a factor from 0 to 1000 (0.01, 1)")),
    }
}

/// Runs `vibes emulate` as `args` say.
pub fn run(
    args: &Emulate,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> std::io::Result<Outcome> {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            writeln!(errors, "vibes: cannot start the runtime: {error}")?;
            return Ok(Outcome::Trouble);
        }
    };
    match &args.view {
        Some(View::Deliveries(view)) => runtime.block_on(list(view, out, errors)),
        None => runtime.block_on(serve(&args.serve, out, errors)),
    }
}

async fn serve(
    args: &Serve,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> std::io::Result<Outcome> {
    let from_environment = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let password = args
        .password
        .clone()
        .or_else(|| from_environment(PASSWORD_VARIABLE));
    let generated = password.is_none();
    let options = Options {
        listen: args.listen,
        user: args
            .user
            .clone()
            .or_else(|| from_environment(USER_VARIABLE)),
        password,
        state: args.state.clone(),
        rules: match args.rules {
            Rules::Newer => ConflictRules::newer(),
            Rules::Older => ConflictRules::older(),
        },
        attempts: args.attempts,
        retry_wait: args.retry_wait,
        max_retry_wait: args.retry_wait,
        time_scale: args.time_scale,
        delivery_timeout: args.timeout,
    };
    let emulator = match Emulator::start(options).await {
        Ok(emulator) => emulator,
        Err(error) => {
            writeln!(errors, "vibes: {error}")?;
            return Ok(Outcome::Trouble);
        }
    };
    writeln!(out, "listening on {}", emulator.base_url())?;
    writeln!(out, "user: {}", emulator.user())?;
    if generated {
        writeln!(out, "password: {}", emulator.password())?;
    } else {
        writeln!(out, "password: as given")?;
    }
    writeln!(out, "deliveries: {}{DELIVERIES_PATH}", emulator.base_url())?;
    out.flush()?;
    stopped().await;
    emulator.stop().await;
    Ok(Outcome::Valid)
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

async fn list(
    args: &DeliveriesArgs,
    out: &mut impl Write,
    errors: &mut impl Write,
) -> std::io::Result<Outcome> {
    let deliveries =
        match vibes_emulator::deliveries::fetch(&args.from, Duration::from_secs(10)).await {
            Ok(deliveries) => deliveries,
            Err(error) => {
                writeln!(errors, "vibes: {error}")?;
                return Ok(Outcome::Trouble);
            }
        };
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &deliveries)?;
            writeln!(out)?;
        }
        Format::Text => write_text(&deliveries, out)?,
    }
    Ok(Outcome::Valid)
}

/// A line per delivery, and an indented line per attempt.
fn write_text(deliveries: &Deliveries, out: &mut impl Write) -> std::io::Result<()> {
    if deliveries.deliveries.is_empty() {
        writeln!(out, "no deliveries yet")?;
    }
    for delivery in &deliveries.deliveries {
        write_delivery(delivery, out)?;
    }
    Ok(())
}

fn write_delivery(delivery: &DeliveryRecord, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {} to {} {} (callback {}, company {}): {}",
        delivery.event_id,
        delivery.callback_type,
        delivery.method,
        delivery.url,
        delivery.callback_id,
        delivery.company_key,
        delivery.state,
    )?;
    if let Some(problem) = &delivery.problem {
        writeln!(out, "  {problem}")?;
    }
    for attempt in &delivery.attempts {
        let answer = match (attempt.status, &attempt.error) {
            (Some(status), _) => status.to_string(),
            (None, Some(error)) => format!("no answer: {error}"),
            (None, None) => "no answer".to_owned(),
        };
        writeln!(
            out,
            "  attempt {} at {}: {answer} ({}, {} ms)",
            attempt.number, attempt.at, attempt.outcome, attempt.took_ms
        )?;
    }
    Ok(())
}
