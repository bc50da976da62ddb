//! The command line: the receiver's flags, the `inbox` subcommands, and the settings they make.

use crate::admin::{AdminArgs, AdminSettings};
use crate::forward::ForwardArgs;
use crate::inbox::InboxCommand;
use axum::http::HeaderName;
use clap::{Args, Parser, Subcommand};
use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;
use vibes_inbox::StoreSpec;
use vibes_types::delivery::{
    BodyReading, DeliveryRules, IpNet, Mismatches, SourceAllowList, TrustedProxy,
};

/// Receives Vibes callbacks and stores each delivery, byte for byte, before answering it.
///
/// Without a subcommand it runs the receiver; its first line on standard output is `listening
/// on http://ADDRESS`, the address it bound (an OS-chosen port with `--listen 127.0.0.1:0`).
/// Logs go to standard error; `RUST_LOG` filters them (default `info`).
#[derive(Debug, Parser)]
#[command(
    name = "vibes-receiver",
    version,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// How to run the receiver.
    #[command(flatten)]
    pub serve: ServeArgs,
    /// A subcommand, instead of running the receiver.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reads the store back and manages the deliveries' state.
    #[command(subcommand)]
    Inbox(InboxCommand),
    /// Forwards each stored delivery to a downstream endpoint, with its method, headers and
    /// body as received: a 2XX is done, a 4XX dead, anything else tried again with backoff.
    /// Runs until Ctrl-C or SIGTERM; any number may run on one PostgreSQL store.
    Forward(ForwardArgs),
}

/// Where the store is.
#[derive(Debug, Args)]
pub struct StoreArg {
    /// A SQLite file, or a `postgres://` URL.
    #[arg(long, default_value = "inbox.sqlite")]
    pub store: StoreSpec,
}

/// The receiver's flags.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 lets the system choose one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// The store: a SQLite file (created if missing), or a `postgres://` URL whose database
    /// several receivers can share.
    #[arg(long, default_value = "inbox.sqlite")]
    pub store: StoreSpec,
    /// The path deliveries are accepted on, by `POST` and `PUT`.
    #[arg(long, default_value = "/", value_parser = delivery_path)]
    pub path: String,
    /// Also accept the older Vibes source ranges (legacy data centres).
    #[arg(long)]
    pub legacy_sources: bool,
    /// Also accept deliveries from this range (repeatable), such as a test host.
    #[arg(long = "allow-source", value_name = "CIDR")]
    pub allow_sources: Vec<IpNet>,
    /// A reverse proxy of your own (repeatable): requests from it are checked by the client
    /// address its `--forwarded-header` gives.
    #[arg(long = "trust-proxy", value_name = "CIDR")]
    pub trust_proxies: Vec<IpNet>,
    /// The header in which the trusted proxy writes the client address; its last entry is read.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "x-forwarded-for",
        requires = "trust_proxies"
    )]
    pub forwarded_header: HeaderName,
    /// Accept deliveries from any address: no source check.
    #[arg(long, conflicts_with_all = ["legacy_sources", "allow_sources", "trust_proxies"])]
    pub allow_any_source: bool,
    /// Read bodies strictly: a value outside the documented contract (an unknown callback type
    /// included) is refused with 400, which Vibes does not retry.
    #[arg(long)]
    pub strict: bool,
    /// Accept a delivery whose headers and body disagree, with a warning in the log.
    #[arg(long)]
    pub accept_mismatches: bool,
    /// The largest body accepted; a larger one is answered 413.
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// The most connections served at once; more wait to be accepted until one closes.
    #[arg(long, value_name = "N", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// The most body bytes held in memory across all requests: each body reads its first 32 KiB
    /// freely, and the rest within this budget, waiting while it is spent.
    #[arg(long, value_name = "BYTES", default_value_t = crate::budget::DEFAULT_BYTES_IN_FLIGHT)]
    pub max_body_bytes_in_flight: usize,
    /// How long a request's head may take to arrive (a slower one closes its connection,
    /// unanswered), and then its body (a slower one is answered 408) (`10s`, `500ms`; a bare
    /// number is seconds).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = duration)]
    pub read_timeout: Duration,
    /// After Ctrl-C or SIGTERM, how long the requests in flight may take to finish before the
    /// receiver exits without them.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = duration)]
    pub shutdown_timeout: Duration,
    /// Also forward each stored delivery to this endpoint, in this process, as `vibes-receiver
    /// forward --to URL` does with its default policy (run that command on its own to choose
    /// the concurrency and the retries, or to run several).
    #[arg(long, value_name = "URL", value_parser = vibes_client::deliver::endpoint)]
    pub forward: Option<axum::http::Uri>,
    /// The admin listener.
    #[command(flatten)]
    pub admin: AdminArgs,
}

/// What the receiver runs with, from its flags.
#[derive(Debug)]
pub struct Settings {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The store.
    pub store: StoreSpec,
    /// The path deliveries are accepted on.
    pub path: String,
    /// The sources deliveries are accepted from; `None` for any.
    pub sources: Option<SourceAllowList>,
    /// How deliveries are read.
    pub rules: DeliveryRules,
    /// The largest body accepted.
    pub max_body_bytes: usize,
    /// The most connections served at once.
    pub max_connections: usize,
    /// The most body bytes held in memory across all requests.
    pub max_body_bytes_in_flight: usize,
    /// How long a request head, then its body, may take to arrive.
    pub read_timeout: Duration,
    /// How long the requests in flight may take after a shutdown signal.
    pub shutdown_timeout: Duration,
    /// The endpoint to forward each stored delivery to, in this process.
    pub forward: Option<axum::http::Uri>,
    /// The admin listener, if any.
    pub admin: Option<AdminSettings>,
}

impl ServeArgs {
    /// The settings these flags make.
    pub fn settings(&self) -> Result<Settings, SettingsError> {
        if self.path == crate::app::HEALTH_PATH {
            return Err(SettingsError::PathTaken);
        }
        let admin = self.admin.settings().map_err(SettingsError::Admin)?;
        // Two OS-chosen ports (port 0) differ; the listener checks the address it bound too.
        if admin
            .as_ref()
            .is_some_and(|admin| admin.address == self.listen && self.listen.port() != 0)
        {
            return Err(SettingsError::AdminOnDeliveries);
        }
        let sources = (!self.allow_any_source).then(|| {
            let listed = if self.legacy_sources {
                SourceAllowList::current_and_legacy()
            } else {
                SourceAllowList::current()
            };
            let allowed = self
                .allow_sources
                .iter()
                .fold(listed, |list, network| list.with_extra(*network));
            if self.trust_proxies.is_empty() {
                allowed
            } else {
                allowed.behind_proxy(TrustedProxy::new(
                    self.forwarded_header.clone(),
                    self.trust_proxies.iter().copied(),
                ))
            }
        });
        let body = if self.strict {
            BodyReading::Strict
        } else {
            BodyReading::Lenient
        };
        let mismatches = if self.accept_mismatches {
            Mismatches::Warn
        } else {
            Mismatches::Refuse
        };
        Ok(Settings {
            listen: self.listen,
            store: self.store.clone(),
            path: self.path.clone(),
            sources,
            rules: DeliveryRules::default()
                .with_body(body)
                .with_mismatches(mismatches),
            max_body_bytes: self.max_body_bytes,
            max_connections: self.max_connections as usize,
            max_body_bytes_in_flight: self.max_body_bytes_in_flight,
            read_timeout: self.read_timeout,
            shutdown_timeout: self.shutdown_timeout,
            forward: self.forward.clone(),
            admin,
        })
    }
}

/// Flags that parse one by one but do not go together.
#[derive(Debug)]
#[non_exhaustive]
pub enum SettingsError {
    /// `--path` names the health check's path.
    PathTaken,
    /// `--admin` is the delivery address.
    AdminOnDeliveries,
    /// The admin token cannot be read.
    Admin(String),
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::PathTaken => write!(
                f,
                "--path cannot be {}: the health check answers there",
                crate::app::HEALTH_PATH
            ),
            SettingsError::AdminOnDeliveries => write!(
                f,
                "--admin cannot be the --listen address: the admin listener never serves on the delivery address"
            ),
            SettingsError::Admin(error) => f.write_str(error),
        }
    }
}

impl std::error::Error for SettingsError {}

/// A path of plain segments (letters, digits, `-`, `.`, `_`, `~`), as a route takes it
/// literally: no `{capture}`, `*wildcard` or empty segment.
fn delivery_path(text: &str) -> Result<String, String> {
    let Some(rest) = text.strip_prefix('/') else {
        return Err("a path starts with `/`".to_owned());
    };
    let plain = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
    let segments_ok = rest.is_empty()
        || rest
            .split('/')
            .all(|segment| !segment.is_empty() && segment.chars().all(plain));
    if segments_ok {
        Ok(text.to_owned())
    } else {
        Err("each segment is letters, digits, `-`, `.`, `_` or `~`, and none is empty".to_owned())
    }
}

/// A duration: a number of seconds, or a number followed by `ms`, `s`, `m`, `h` or `d`.
pub(crate) fn duration(text: &str) -> Result<Duration, String> {
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let seconds_per_unit = match unit {
        "ms" => 0.001,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3_600.0,
        "d" => 86_400.0,
        _ => {
            return Err(format!(
                "unknown unit `{unit}`: use `ms`, `s`, `m`, `h` or `d`"
            ));
        }
    };
    let number: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{number}` is not a number"))?;
    Duration::try_from_secs_f64(number * seconds_per_unit)
        .ok()
        .filter(|duration| !duration.is_zero())
        .ok_or_else(|| format!("`{text}` is not a positive duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_with_or_without_a_unit() {
        for (text, millis) in [
            ("10s", 10_000),
            ("10", 10_000),
            ("500ms", 500),
            ("1.5s", 1_500),
            ("2m", 120_000),
            ("1h", 3_600_000),
            ("30d", 2_592_000_000),
        ] {
            assert_eq!(duration(text), Ok(Duration::from_millis(millis)), "{text}");
        }
        for text in ["", "s", "0", "-1s", "10w", "ten", "nan"] {
            assert!(duration(text).is_err(), "{text}");
        }
    }

    #[test]
    fn paths_are_literal_routes() {
        for path in ["/", "/vibes", "/hooks/vibes-1.0_x~y"] {
            assert_eq!(delivery_path(path).as_deref(), Ok(path));
        }
        for path in [
            "", "vibes", "//", "/a//b", "/a/", "/{id}", "/*rest", "/:id", "/é",
        ] {
            assert!(delivery_path(path).is_err(), "{path}");
        }
    }

    #[test]
    fn the_flags_make_the_settings() {
        let cli = Cli::try_parse_from([
            "vibes-receiver",
            "--allow-source",
            "192.0.2.0/24",
            "--trust-proxy",
            "10.0.0.1/32",
            "--strict",
            "--accept-mismatches",
        ])
        .unwrap();
        let settings = cli.serve.settings().unwrap();
        assert_eq!(settings.rules.body, BodyReading::Strict);
        assert_eq!(settings.rules.mismatches, Mismatches::Warn);
        assert_eq!(settings.max_body_bytes, 1 << 20);
        assert_eq!(settings.read_timeout, Duration::from_secs(10));
        let sources = settings.sources.unwrap();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "192.0.2.9".parse().unwrap());
        assert!(sources.check("10.0.0.1".parse().unwrap(), &headers).is_ok());
        assert!(!sources.allows("127.0.0.1".parse().unwrap()));

        let any = Cli::try_parse_from(["vibes-receiver", "--allow-any-source"]).unwrap();
        assert!(any.serve.settings().unwrap().sources.is_none());
        for refused in [
            &["vibes-receiver", "--allow-any-source", "--legacy-sources"][..],
            &["vibes-receiver", "--forwarded-header", "x-real-ip"],
            &["vibes-receiver", "--path", "/{id}"],
            &["vibes-receiver", "--read-timeout", "0s"],
        ] {
            assert!(Cli::try_parse_from(refused).is_err(), "{refused:?}");
        }
        let health = Cli::try_parse_from(["vibes-receiver", "--path", "/healthz"]).unwrap();
        assert!(health.serve.settings().is_err());
        let admin = Cli::try_parse_from(["vibes-receiver", "--admin", "9090"]).unwrap();
        let admin = admin.serve.settings().unwrap().admin.unwrap();
        assert_eq!(admin.address, "127.0.0.1:9090".parse().unwrap());
        let same = Cli::try_parse_from(["vibes-receiver", "--admin", "127.0.0.1:8080"]).unwrap();
        assert!(matches!(
            same.serve.settings(),
            Err(SettingsError::AdminOnDeliveries)
        ));
        // The token is never a flag's value, and its file needs the listener.
        assert!(
            Cli::try_parse_from(["vibes-receiver", "--admin", "9090", "--admin-token", "x"])
                .is_err()
        );
        assert!(Cli::try_parse_from(["vibes-receiver", "--admin-token-file", "t"]).is_err());
    }

    #[test]
    fn the_inbox_subcommands_take_a_store() {
        let cli = Cli::try_parse_from(["vibes-receiver", "inbox", "show", "--store", "x.db", "E1"])
            .unwrap();
        let Some(Command::Inbox(InboxCommand::Show(show))) = cli.command else {
            panic!("{cli:?}");
        };
        assert_eq!(show.event_id, "E1");
        assert!(matches!(show.store.store, StoreSpec::Sqlite(path) if path.as_os_str() == "x.db"));
    }
}
