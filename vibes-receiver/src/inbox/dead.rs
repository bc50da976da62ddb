//! `inbox dead`: the deliveries given up on, with why.

use super::field;
use crate::cli::StoreArg;
use std::io::Write;
use vibes_inbox::Inbox;

/// Writes a line per dead delivery: when it died, event id, callback type, attempts, and the
/// reason; tab-separated.
pub async fn run(store: &StoreArg, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    for entry in Inbox::open(&store.store).await?.dead().await? {
        let Some(processing) = entry.processing else {
            continue;
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            processing.finished_at.as_deref().unwrap_or("-"),
            field(entry.event_id.as_deref().unwrap_or("-")),
            entry.callback_type.as_deref().unwrap_or("-"),
            processing.attempts,
            field(processing.last_error.as_deref().unwrap_or("-")),
        )?;
    }
    Ok(())
}
