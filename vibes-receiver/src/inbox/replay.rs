//! `inbox replay`: stored deliveries delivered again to an endpoint, as Vibes would (their
//! method, headers and body as received; the retry rules of `vibes send`, by the same delivery
//! engine), chosen by event id, time received, callback type or state.

use crate::cli::{StoreArg, duration};
use crate::forward::describe;
use axum::http::{Method, Uri};
use clap::{ArgGroup, Args, ValueEnum};
use serde_json::json;
use std::io::Write;
use std::time::{Duration, SystemTime};
use vibes_client::deliver::{Courier, Ending, Outgoing, Retries, endpoint};
use vibes_inbox::{Inbox, Selection, State, StoredDelivery, header_map, timestamp};

/// The flags of `inbox replay`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("selection").required(true).multiple(true)
    .args(["all", "event_ids", "since", "until", "callback_types", "states"])))]
pub struct ReplayArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// The endpoint: an `http://` or `https://` URL.
    #[arg(long, value_name = "URL", value_parser = endpoint)]
    pub to: Uri,
    /// Every stored delivery.
    #[arg(long, conflicts_with_all = ["event_ids", "since", "until", "callback_types", "states"])]
    pub all: bool,
    /// The delivery of this event id (repeatable).
    #[arg(long = "event-id", value_name = "EVENT_ID")]
    pub event_ids: Vec<String>,
    /// Received at or after this time: RFC 3339 (`2026-12-01T00:00:00Z`), or a duration ago
    /// (`2h`).
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub since: Option<String>,
    /// Received before this time: RFC 3339, or a duration ago.
    #[arg(long, value_name = "TIME", value_parser = time)]
    pub until: Option<String>,
    /// Of this callback type (repeatable).
    #[arg(long = "type", value_name = "TYPE")]
    pub callback_types: Vec<String>,
    /// In this state (repeatable): pending, leased, done or dead.
    #[arg(long = "state", value_name = "STATE")]
    pub states: Vec<State>,
    /// How many attempts a delivery gets in all, the first included (as `vibes send`).
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub attempts: u32,
    /// How long an attempt waits for the answer.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = duration)]
    pub timeout: Duration,
    /// The wait before the first retry, doubled before each next one, up to 10s (or this wait
    /// when it is longer), as `vibes send`.
    #[arg(long, value_name = "DURATION", default_value = "200ms", value_parser = duration)]
    pub backoff: Duration,
    /// How to report: a line per delivery (`text`), or a JSON object per delivery (`json`).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How `inbox replay` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `EVENT_ID\tENDING\tATTEMPTS\tLAST ANSWER`.
    Text,
    /// `{"event_id", "ending", "attempts", "reply"}` per line.
    Json,
}

/// How many stored deliveries are looked at per page.
const PAGE: u32 = 256;

/// Replays the chosen deliveries in the order received, reporting each as it ends; fails if
/// any did not end done, after trying them all.
pub async fn run(
    args: &ReplayArgs,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let selection = Selection {
        event_ids: args.event_ids.clone(),
        received_from: args.since.clone(),
        received_before: args.until.clone(),
        callback_types: args.callback_types.clone(),
        states: args.states.clone(),
    };
    let courier = Courier::builder().timeout(args.timeout).build()?;
    let retries = Retries::new(args.attempts, args.backoff);
    let mut inbox = Inbox::open(&args.store.store).await?;
    let (mut after, mut replayed, mut failed) = (0, 0, 0);
    loop {
        let (chosen, last) = inbox.select(&selection, after, PAGE).await?;
        for delivery in chosen {
            let delivered = courier
                .deliver(&outgoing(&delivery, &args.to), &retries)
                .await;
            replayed += 1;
            if delivered.ending != Ending::Done {
                failed += 1;
            }
            let reply = delivered
                .last_reply()
                .map(|reply| describe(&args.to, reply))
                .unwrap_or_default();
            let attempts = delivered.attempts.len();
            match args.format {
                Format::Text => writeln!(
                    out,
                    "{}\t{}\t{attempts}\t{reply}",
                    delivery.event_id,
                    delivered.ending.as_str()
                )?,
                Format::Json => writeln!(
                    out,
                    "{}",
                    json!({
                        "event_id": delivery.event_id,
                        "ending": delivered.ending.as_str(),
                        "attempts": attempts,
                        "reply": reply,
                    })
                )?,
            }
            out.flush()?;
        }
        match last {
            Some(last) => after = last,
            None => break,
        }
    }
    match (replayed, failed) {
        (0, _) => Err("no stored delivery matches the selection".into()),
        (_, 0) => Ok(()),
        (_, failed) => {
            Err(format!("{failed} of {replayed} replayed deliveries did not end done").into())
        }
    }
}

/// The request a stored delivery is sent again as: its method, headers and body as received.
fn outgoing(delivery: &StoredDelivery, to: &Uri) -> Outgoing {
    let method = delivery
        .method
        .as_deref()
        .and_then(|method| method.parse().ok())
        .unwrap_or(Method::POST);
    Outgoing::new(
        method,
        to.clone(),
        header_map(&delivery.headers),
        delivery.body.clone(),
    )
}

/// A time: RFC 3339, or a duration ago; as the store writes times.
fn time(text: &str) -> Result<String, String> {
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(timestamp(SystemTime::from(at.with_timezone(&chrono::Utc))));
    }
    let ago = duration(text).map_err(|_| {
        format!(
            "`{text}` is neither an RFC 3339 time (2026-12-01T00:00:00Z) nor a duration ago (2h)"
        )
    })?;
    SystemTime::now()
        .checked_sub(ago)
        .map(timestamp)
        .ok_or_else(|| format!("`{text}` ago is before 1970"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc_3339_or_a_duration_ago_written_as_the_store_writes_them() {
        assert_eq!(
            time("2026-12-01T01:00:00+01:00").as_deref(),
            Ok("2026-12-01T00:00:00.000000Z")
        );
        let hour_ago = time("1h").unwrap();
        assert!(
            hour_ago < timestamp(SystemTime::now()) && hour_ago.len() == 27,
            "{hour_ago}"
        );
        assert!(
            time("yesterday")
                .unwrap_err()
                .contains("neither an RFC 3339 time")
        );
    }
}
