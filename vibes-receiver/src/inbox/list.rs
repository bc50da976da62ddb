//! `inbox list`: every stored request, oldest first, a line each, deliveries with their state.

use super::field;
use crate::cli::StoreArg;
use std::io::Write;
use vibes_inbox::{Entry, Inbox};

/// Writes a line per stored request.
pub async fn run(store: &StoreArg, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    for entry in Inbox::open(&store.store).await?.entries().await? {
        writeln!(out, "{}", list_line(&entry))?;
    }
    Ok(())
}

/// A line of `inbox list`: received time, `accepted` or `rejected STATUS`, event id, callback
/// type, body size in bytes, state and attempts; tab-separated, `-` for what is not known or
/// does not apply.
pub fn list_line(entry: &Entry) -> String {
    let kind = match entry.rejected {
        None => "accepted".to_owned(),
        Some(status) => format!("rejected {status}"),
    };
    let known = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
    let processing = entry.processing.as_ref();
    [
        entry.received_at.clone(),
        kind,
        known(entry.event_id.as_deref().map(field)),
        known(entry.callback_type.clone()),
        known(entry.size.map(|size| size.to_string())),
        known(processing.map(|processing| processing.state.to_string())),
        known(processing.map(|processing| processing.attempts.to_string())),
    ]
    .join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;
    use vibes_inbox::{Processing, State};

    #[test]
    fn list_lines_give_the_state_and_mark_refusals_and_what_is_unknown() {
        let accepted = Entry {
            received_at: "2026-01-02T03:04:05.000006Z".to_owned(),
            rejected: None,
            event_id: Some("E1".to_owned()),
            callback_type: Some("person_added".to_owned()),
            size: Some(120),
            processing: Some(Processing {
                state: State::Dead,
                attempts: 3,
                due_at: "2026-01-02T03:04:05.000006Z".to_owned(),
                leased_by: Some("w".to_owned()),
                last_error: Some("no".to_owned()),
                finished_at: Some("2026-01-02T03:04:09.000000Z".to_owned()),
            }),
        };
        assert_eq!(
            list_line(&accepted),
            "2026-01-02T03:04:05.000006Z\taccepted\tE1\tperson_added\t120\tdead\t3"
        );
        let rejected = Entry {
            rejected: Some(413),
            event_id: None,
            callback_type: None,
            size: None,
            processing: None,
            ..accepted
        };
        assert_eq!(
            list_line(&rejected),
            "2026-01-02T03:04:05.000006Z\trejected 413\t-\t-\t-\t-\t-"
        );
    }
}
