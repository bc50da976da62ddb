//! `GET /delivery?event_id=…`: one delivery's state, headers and body (JSON pretty-printed,
//! every byte shown as text), or the refused requests that named the event.

use super::{answer, body_as_text, bytes_as_text, page, state_label, trouble, unreadable};
use crate::admin::Admin;
use crate::admin::retry::retry_button;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use serde::Deserialize;
use std::sync::Arc;
use vibes_inbox::{Shown, State as DeliveryState, header_pairs};

/// Which delivery.
#[derive(Debug, Deserialize)]
pub struct Which {
    /// Its event id.
    pub event_id: String,
    /// Set after the retry button made it pending again.
    #[serde(default)]
    pub retried: Option<String>,
}

/// `text` for a URL's query: every byte but letters, digits and `-._~` percent-encoded.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

/// The delivery page.
pub async fn show(State(admin): State<Arc<Admin>>, Query(which): Query<Which>) -> Response {
    let event_id = which.event_id.clone();
    let shown = match admin.read(async |inbox| inbox.show(&event_id).await).await {
        Ok(shown) => shown,
        Err(error) => return unreadable(&error),
    };
    if shown.is_empty() {
        return trouble(
            StatusCode::NOT_FOUND,
            &format!("no request with the event id {} is stored", which.event_id),
        );
    }
    let title = format!("Delivery {}", which.event_id);
    let body = html! {
        @if which.retried.is_some() {
            p.note { "Made pending again: a worker will take it when it is due." }
        }
        @for request in &shown {
            (render(&admin, &which.event_id, request))
        }
    };
    answer(StatusCode::OK, page(&title, body))
}

/// One stored request: its line, its state, its headers and its body.
fn render(admin: &Admin, event_id: &str, request: &Shown) -> Markup {
    let headers = header_pairs(&request.headers).unwrap_or_default();
    html! {
        section.request {
            table {
                tr { th { "Received (UTC)" } td { (request.received_at) } }
                tr { th { @if request.processing.is_some() { "Callback type" } @else { "Refused" } } td { (request.summary) } }
                @if let Some(processing) = &request.processing {
                    tr { th { "State" } td { (state_label(processing.state.as_str())) } }
                    tr { th { "Attempts" } td { (processing.attempts) } }
                    tr { th { @if processing.state == DeliveryState::Leased { "Lease ends" } @else { "Due" } } td { (processing.due_at) } }
                    @if let Some(worker) = &processing.leased_by { tr { th { "Leased by" } td { code { (worker) } } } }
                    @if let Some(error) = &processing.last_error { tr { th { "Last error" } td.error { (error) } } }
                    @if let Some(finished) = &processing.finished_at { tr { th { "Finished" } td { (finished) } } }
                }
            }
            @if request.processing.as_ref().is_some_and(|processing| processing.state == DeliveryState::Dead) {
                (retry_button(admin, event_id))
            }
            h2 { "Headers" }
            table.headers {
                @for (name, value) in &headers {
                    tr { th { code { (name) } } td { code { (bytes_as_text(value)) } } }
                }
            }
            h2 { "Body" }
            @match &request.body {
                Some(body) => {
                    @let (json, text) = body_as_text(body);
                    p.note { (body.len()) " bytes" @if json { ", JSON, indented here" } @else { ", not JSON, shown as text" } }
                    pre #body { (text) }
                    @if json {
                        details { summary { "As received" } pre #raw { (bytes_as_text(body)) } }
                    }
                }
                None => p.note { "The body was not kept: it was not received whole." },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_id_is_percent_encoded_for_a_query() {
        assert_eq!(encode("E-1.a_b~"), "E-1.a_b~");
        assert_eq!(encode("a b&c=<é>"), "a%20b%26c%3D%3C%C3%A9%3E");
    }
}
