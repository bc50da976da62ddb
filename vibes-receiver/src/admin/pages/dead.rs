//! `GET /dead`: the dead deliveries, in the order they died, with why and a retry button each.

use super::{answer, page, unreadable};
use crate::admin::Admin;
use crate::admin::retry::retry_button;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use std::sync::Arc;

/// The most dead deliveries listed, the latest to die.
const SHOWN: usize = 500;

/// The dead deliveries.
pub async fn list(State(admin): State<Arc<Admin>>) -> Response {
    let dead = match admin.read(async |inbox| inbox.dead().await).await {
        Ok(dead) => dead,
        Err(error) => return unreadable(&error),
    };
    let skipped = dead.len().saturating_sub(SHOWN);
    let body = html! {
        @if dead.is_empty() {
            p.note { "No delivery is dead." }
        } @else {
            @if skipped > 0 {
                p.note { (skipped) " that died earlier are left out; `vibes-receiver inbox dead` lists them all." }
            }
            table #dead {
                thead { tr { th { "Died (UTC)" } th { "Event id" } th { "Callback type" } th { "Attempts" } th { "Why" } th {} } }
                tbody {
                    @for entry in &dead[skipped..] {
                        @let event_id = entry.event_id.as_deref().unwrap_or_default();
                        @let processing = entry.processing.as_ref();
                        tr {
                            td { (processing.and_then(|processing| processing.finished_at.as_deref()).unwrap_or_default()) }
                            td { a href={ "/delivery?event_id=" (super::delivery::encode(event_id)) } { code { (event_id) } } }
                            td { (entry.callback_type.as_deref().unwrap_or_default()) }
                            td.num { (processing.map_or(0, |processing| processing.attempts)) }
                            td.error { (processing.and_then(|processing| processing.last_error.as_deref()).unwrap_or_default()) }
                            td { (retry_button(&admin, event_id)) }
                        }
                    }
                }
            }
        }
    };
    answer(StatusCode::OK, page("Dead deliveries", body))
}
