//! `inbox retry`: deliveries made pending again after a fix, by event id or every dead one.

use crate::cli::StoreArg;
use clap::Args;
use std::io::Write;
use std::time::SystemTime;
use vibes_inbox::{Inbox, Retried, timestamp};

/// The flags of `inbox retry`.
#[derive(Debug, Args)]
pub struct RetryArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Every dead delivery.
    #[arg(
        long,
        conflicts_with = "event_ids",
        required_unless_present = "event_ids"
    )]
    pub dead: bool,
    /// The event ids of the deliveries to retry.
    #[arg(value_name = "EVENT_ID")]
    pub event_ids: Vec<String>,
}

/// Retries what the flags name and says what became of each; fails if an event id is unknown
/// or leased, after doing the others.
pub async fn run(args: &RetryArgs, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let mut inbox = Inbox::open(&args.store.store).await?;
    let now = timestamp(SystemTime::now());
    if args.dead {
        let count = inbox.retry_dead(&now).await?;
        writeln!(out, "{count} dead deliveries are pending again")?;
        return Ok(());
    }
    let retried = inbox.retry(&args.event_ids, &now).await?;
    let mut left = Vec::new();
    for (event_id, retried) in args.event_ids.iter().zip(retried) {
        match retried {
            Retried::Pending(before) => writeln!(out, "{event_id}\tpending again (was {before})")?,
            Retried::Leased => left.push(format!("{event_id} is leased: a worker is on it")),
            Retried::Unknown => left.push(format!(
                "no delivery with the event id {event_id} is stored"
            )),
        }
    }
    if left.is_empty() {
        Ok(())
    } else {
        Err(left.join("; ").into())
    }
}
