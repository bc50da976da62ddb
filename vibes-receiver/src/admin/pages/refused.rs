//! `GET /refused`: the refused requests, newest first, with their errors; `GET /refused/one?id=…`
//! one of them with its headers and body.

use super::{answer, body_as_text, bytes_as_text, page, trouble, unreadable};
use crate::admin::Admin;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;
use serde::Deserialize;
use std::sync::Arc;
use vibes_inbox::header_pairs;

/// The most refused requests on one page.
const PAGE: u32 = 50;

/// Which page, or which request.
#[derive(Debug, Deserialize)]
pub struct Which {
    /// The page after the one whose last request had this id; one request, for `/refused/one`.
    #[serde(default)]
    pub id: Option<i64>,
}

/// The message of an error answered, as the JSON error form writes it; the whole text if it has
/// none.
fn message(error: &str) -> String {
    serde_json::from_str::<serde_json::Value>(error)
        .ok()
        .and_then(|value| value["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| error.to_owned())
}

/// The list of refused requests.
pub async fn list(State(admin): State<Arc<Admin>>, Query(which): Query<Which>) -> Response {
    let refused = match admin
        .read(async |inbox| inbox.refused(which.id, PAGE).await)
        .await
    {
        Ok(refused) => refused,
        Err(error) => return unreadable(&error),
    };
    let last = refused.last().map(|request| request.id);
    let body = html! {
        @if refused.is_empty() {
            p.note { "No request was refused." }
        } @else {
            table #refused {
                thead { tr { th { "Received (UTC)" } th { "Status" } th { "Event id" } th { "Method" } th { "From" } th { "Error" } th { "Bytes" } } }
                tbody {
                    @for request in &refused {
                        tr {
                            td { a href={ "/refused/one?id=" (request.id) } { (request.received_at) } }
                            td.num { (request.status) }
                            td { code { (request.event_id.as_deref().unwrap_or("")) } }
                            td { (request.method) }
                            td { (request.source) }
                            td.error { (message(&request.error)) }
                            td.num { (request.size.map(|size| size.to_string()).unwrap_or_else(|| "not kept".to_owned())) }
                        }
                    }
                }
            }
            @if let Some(last) = last.filter(|_| refused.len() == PAGE as usize) {
                p { a href={ "/refused?id=" (last) } { "Older refusals" } }
            }
        }
    };
    answer(StatusCode::OK, page("Refused requests", body))
}

/// One refused request.
pub async fn one(State(admin): State<Arc<Admin>>, Query(which): Query<Which>) -> Response {
    let Some(id) = which.id else {
        return trouble(
            StatusCode::BAD_REQUEST,
            "id: which refused request is missing",
        );
    };
    let shown = match admin.read(async |inbox| inbox.refused_one(id).await).await {
        Ok(Some(shown)) => shown,
        Ok(None) => {
            return trouble(
                StatusCode::NOT_FOUND,
                &format!("no refused request has the id {id}"),
            );
        }
        Err(error) => return unreadable(&error),
    };
    let request = &shown.refused;
    let headers = header_pairs(&shown.headers).unwrap_or_default();
    let body = html! {
        table {
            tr { th { "Received (UTC)" } td { (request.received_at) } }
            tr { th { "Status" } td { (request.status) } }
            tr { th { "Event id" } td { code { (request.event_id.as_deref().unwrap_or("")) } } }
            tr { th { "Method" } td { (request.method) } }
            tr { th { "From" } td { (request.source) } }
        }
        h2 { "Error answered" }
        pre #error { (body_as_text(request.error.as_bytes()).1) }
        h2 { "Headers" }
        table.headers {
            @for (name, value) in &headers {
                tr { th { code { (name) } } td { code { (bytes_as_text(value)) } } }
            }
        }
        h2 { "Body" }
        @match &shown.body {
            Some(body) => {
                @let (json, text) = body_as_text(body);
                p.note { (body.len()) " bytes" @if json { ", JSON, indented here" } @else { ", not JSON, shown as text" } }
                pre #body { (text) }
            }
            None => p.note { "The body was not kept: it was not received whole." },
        }
    };
    answer(StatusCode::OK, page(&format!("Refused request {id}"), body))
}
