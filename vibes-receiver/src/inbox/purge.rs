//! `inbox purge`: the retention rule. Done deliveries go after a while; nothing unfinished,
//! dead or refused goes without the flag that says so.

use crate::cli::{StoreArg, duration};
use clap::Args;
use std::io::Write;
use std::time::{Duration, SystemTime};
use vibes_inbox::{Inbox, Purge, timestamp};

/// The flags of `inbox purge`.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// Remove the done deliveries that finished longer ago than this (`30d`, `12h`, `90m`).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub done_before: Duration,
    /// Also remove the dead deliveries declared dead longer ago than that.
    #[arg(long)]
    pub dead: bool,
    /// Also remove the pending and leased deliveries received longer ago than that: they were
    /// never handled.
    #[arg(long)]
    pub unfinished: bool,
    /// Also remove the refused requests received longer ago than that.
    #[arg(long)]
    pub rejected: bool,
}

/// Purges what the flags say and says how many of each went.
pub async fn run(args: &PurgeArgs, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let before = SystemTime::now()
        .checked_sub(args.done_before)
        .ok_or("--done-before reaches before 1970")?;
    let purge = Purge {
        before: timestamp(before),
        dead: args.dead,
        unfinished: args.unfinished,
        rejected: args.rejected,
    };
    let purged = Inbox::open(&args.store.store).await?.purge(&purge).await?;
    writeln!(
        out,
        "removed {} done, {} dead and {} unfinished deliveries and {} refused requests from before {}",
        purged.done, purged.dead, purged.unfinished, purged.rejected, purge.before
    )?;
    Ok(())
}
