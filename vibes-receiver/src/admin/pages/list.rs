//! `GET /`: the recent deliveries, newest first, a page at a time, filtered by callback type,
//! state and time received.

use super::{answer, page, state_label, trouble, unreadable};
use crate::admin::Admin;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use std::sync::Arc;
use vibes_inbox::{Listed, Recent, State as DeliveryState, StateCount};
use vibes_types::CallbackType;

/// The most deliveries on one page.
const PAGE: u32 = 50;

/// The filters, as the form sends them: an empty field does not filter.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Filters {
    /// The callback type.
    #[serde(default, rename = "type")]
    pub callback_type: String,
    /// The state.
    #[serde(default)]
    pub state: String,
    /// Received at or after this time.
    #[serde(default)]
    pub from: String,
    /// Received before this time.
    #[serde(default)]
    pub before: String,
    /// The page after the one whose last delivery had this sequence number.
    #[serde(default)]
    pub before_seq: Option<i64>,
}

/// The list page.
pub async fn show(State(admin): State<Arc<Admin>>, Query(filters): Query<Filters>) -> Response {
    let recent = match filters.recent() {
        Ok(recent) => recent,
        Err(why) => return trouble(StatusCode::BAD_REQUEST, &why),
    };
    let read = admin
        .read(async |inbox| Ok((inbox.states().await?, inbox.recent(&recent).await?)))
        .await;
    match read {
        Ok((counts, listed)) => answer(
            StatusCode::OK,
            page("Deliveries", render(&filters, &counts, &listed)),
        ),
        Err(error) => unreadable(&error),
    }
}

impl Filters {
    /// The store's query for these filters; an error naming the field that does not read.
    fn recent(&self) -> Result<Recent, String> {
        let state = match self.state.as_str() {
            "" => None,
            text => Some(
                text.parse::<DeliveryState>()
                    .map_err(|error| format!("state: {error}"))?,
            ),
        };
        Ok(Recent {
            callback_type: Some(self.callback_type.clone()).filter(|text| !text.is_empty()),
            state,
            received_from: time("from", &self.from)?,
            received_before: time("before", &self.before)?,
            before_seq: self.before_seq,
            limit: PAGE,
        })
    }
}

/// A time filter as the store writes timestamps: RFC 3339, or `YYYY-MM-DDTHH:MM[:SS]` (a
/// browser's date and time field) read as UTC; `None` when empty.
pub fn time(field: &str, text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let utc = chrono::DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&chrono::Utc))
        .or_else(|_| {
            [
                "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%dT%H:%M",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%d %H:%M",
            ]
            .iter()
            .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
            .or_else(|| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .ok()
                    .and_then(|day| day.and_hms_opt(0, 0, 0))
            })
            .map(|naive| naive.and_utc())
            .ok_or(())
        })
        .map_err(|()| {
            format!("{field}: `{text}` is not a time: write 2026-12-07T19:50 (UTC) or RFC 3339")
        })?;
    Ok(Some(
        utc.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
    ))
}

/// The page's body.
fn render(filters: &Filters, counts: &[StateCount], listed: &[Listed]) -> Markup {
    let last = listed.last().map(|listed| listed.seq);
    html! {
        p.counts {
            @for state in DeliveryState::ALL {
                @let count = counts.iter().find(|count| count.state == state).map_or(0, |count| count.count);
                span { (state_label(state.as_str())) " " (count) }
            }
        }
        form.filters method="get" action="/" {
            label { "Callback type"
                select name="type" {
                    option value="" { "any" }
                    @for name in CallbackType::KNOWN {
                        option value=(name) selected[filters.callback_type == *name] { (name) }
                    }
                }
            }
            label { "State"
                select name="state" {
                    option value="" { "any" }
                    @for state in DeliveryState::ALL {
                        option value=(state.as_str()) selected[filters.state == state.as_str()] { (state.as_str()) }
                    }
                }
            }
            label { "Received from (UTC)" input type="text" name="from" value=(filters.from) placeholder="2026-12-07T19:50"; }
            label { "Received before (UTC)" input type="text" name="before" value=(filters.before) placeholder="2026-12-08"; }
            button type="submit" { "Filter" }
            a href="/" { "Clear" }
        }
        @if listed.is_empty() {
            p.note { "No delivery matches." }
        } @else {
            table #deliveries {
                thead { tr { th { "Received (UTC)" } th { "Event id" } th { "Callback type" } th { "State" } th { "Attempts" } th { "Bytes" } } }
                tbody {
                    @for listed in listed {
                        @let entry = &listed.entry;
                        @let event_id = entry.event_id.as_deref().unwrap_or_default();
                        tr {
                            td { (entry.received_at) }
                            td { a href={ "/delivery?event_id=" (super::delivery::encode(event_id)) } { code { (event_id) } } }
                            td { (entry.callback_type.as_deref().unwrap_or_default()) }
                            @match &entry.processing {
                                Some(processing) => {
                                    td { (state_label(processing.state.as_str())) }
                                    td.num { (processing.attempts) }
                                }
                                None => { td {} td {} }
                            }
                            td.num { (entry.size.map(|size| size.to_string()).unwrap_or_default()) }
                        }
                    }
                }
            }
            @if let Some(last) = last.filter(|_| listed.len() == PAGE as usize) {
                form method="get" action="/" {
                    input type="hidden" name="type" value=(filters.callback_type);
                    input type="hidden" name="state" value=(filters.state);
                    input type="hidden" name="from" value=(filters.from);
                    input type="hidden" name="before" value=(filters.before);
                    input type="hidden" name="before_seq" value=(last);
                    button type="submit" { "Older deliveries" }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_filter_reads_a_browser_field_or_rfc_3339() {
        assert_eq!(
            time("from", "2026-12-07T19:50").unwrap().as_deref(),
            Some("2026-12-07T19:50:00.000000Z")
        );
        assert_eq!(
            time("from", "2026-12-07T20:50:00+01:00")
                .unwrap()
                .as_deref(),
            Some("2026-12-07T19:50:00.000000Z")
        );
        assert_eq!(
            time("from", "2026-12-07").unwrap().as_deref(),
            Some("2026-12-07T00:00:00.000000Z")
        );
        assert_eq!(time("from", " ").unwrap(), None);
        assert!(
            time("before", "yesterday")
                .unwrap_err()
                .starts_with("before: ")
        );
    }
}
