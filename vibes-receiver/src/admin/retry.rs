//! The retry button: `POST /retry` makes a dead delivery pending again, as `vibes-receiver inbox
//! retry` does.
//!
//! It is a form post, so a page of another site could send it from an operator's browser. It is
//! refused unless both hold:
//! - the form carries this process's token (random, made at start, written into the page's
//!   forms as a hidden field), which another site cannot read;
//! - the browser says the request comes from this origin: `Sec-Fetch-Site` (which no page can
//!   set) is `same-origin` (or `none`, typed by the user); or, from a client that does not send
//!   it, `Origin`, when sent, is the `Host` the request was sent to.

use crate::admin::Admin;
use crate::admin::pages::{delivery::encode, trouble, unreadable};
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;
use tracing::info;
use vibes_inbox::{Retried, State as DeliveryState, timestamp};

/// The token the retry forms carry: 32 random bytes, in hex. Its `Debug` does not show it.
#[derive(Clone)]
pub struct FormToken(String);

impl fmt::Debug for FormToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FormToken(..)")
    }
}

impl FormToken {
    /// A new token from the system's random generator.
    pub fn new() -> Result<FormToken, String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|error| format!("cannot make the admin page's form token: {error}"))?;
        Ok(FormToken(
            bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
        ))
    }

    /// Whether `given` is this token, compared in a time that depends on its length only.
    fn matches(&self, given: &str) -> bool {
        given.len() == self.0.len()
            && given
                .bytes()
                .zip(self.0.bytes())
                .fold(0u8, |differ, (a, b)| differ | (a ^ b))
                == 0
    }
}

/// The form's fields.
#[derive(Debug, Deserialize)]
pub struct RetryForm {
    /// The delivery.
    pub event_id: String,
    /// The form token.
    #[serde(default)]
    pub token: String,
}

/// The button: a form posting `event_id` with the token.
pub fn retry_button(admin: &Admin, event_id: &str) -> Markup {
    html! {
        form.retry method="post" action="/retry" {
            input type="hidden" name="event_id" value=(event_id);
            input type="hidden" name="token" value=(admin.form_token.0);
            button type="submit" { "Retry" }
        }
    }
}

/// Why a post is not from this site's page, if it is not. `Sec-Fetch-Site`, which a page cannot
/// set, decides when the browser sends it (under a `no-referrer` policy Chromium posts a page's
/// forms with `Origin: null`, but still with `Sec-Fetch-Site: same-origin`); without it (an older
/// browser, a script), `Origin`, when sent, must be the `Host` the request was sent to.
fn cross_site(headers: &HeaderMap) -> Option<String> {
    let text = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return (site != "same-origin" && site != "none").then(|| {
            format!("the browser says this post comes from another site (Sec-Fetch-Site: {site})")
        });
    }
    let origin = text(header::ORIGIN.as_str())?;
    let host = text(header::HOST.as_str()).unwrap_or_default();
    let same = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|origin_host| origin_host == host);
    (!same).then(|| {
        format!("the post comes from the origin {origin}, not from this listener ({host})")
    })
}

/// `POST /retry`: a dead delivery made pending again, then its page.
pub async fn retry(
    State(admin): State<Arc<Admin>>,
    headers: HeaderMap,
    Form(form): Form<RetryForm>,
) -> Response {
    if let Some(why) = cross_site(&headers) {
        tracing::warn!("the admin page's retry button was refused: {why}; {headers:?}");
        return trouble(StatusCode::FORBIDDEN, &format!("not retried: {why}"));
    }
    if !admin.form_token.matches(&form.token) {
        return trouble(
            StatusCode::FORBIDDEN,
            "not retried: the form's token is missing or stale (the receiver restarted?): reload the page and try again",
        );
    }
    let event_id = form.event_id.clone();
    let now = timestamp(SystemTime::now());
    let outcome = admin
        .read(async |inbox| {
            let shown = inbox.show(&event_id).await?;
            let state = shown.iter().find_map(|request| {
                request
                    .processing
                    .as_ref()
                    .map(|processing| processing.state)
            });
            if state != Some(DeliveryState::Dead) {
                return Ok(Err(state));
            }
            let retried = inbox.retry(std::slice::from_ref(&event_id), &now).await?;
            Ok(Ok(retried.into_iter().next()))
        })
        .await;
    let event_id = &form.event_id;
    match outcome {
        Err(error) => unreadable(&error),
        Ok(Ok(Some(Retried::Pending(_)))) => {
            info!("the admin page's retry button made the dead delivery {event_id} pending again");
            Redirect::to(&format!(
                "/delivery?event_id={}&retried=1",
                encode(event_id)
            ))
            .into_response()
        }
        Ok(Ok(Some(Retried::Leased))) => trouble(
            StatusCode::CONFLICT,
            &format!("not retried: {event_id} is leased, a worker is on it"),
        ),
        Ok(Err(Some(state))) => trouble(
            StatusCode::CONFLICT,
            &format!("not retried: {event_id} is {state}, not dead"),
        ),
        Ok(Err(None) | Ok(Some(Retried::Unknown) | None)) => trouble(
            StatusCode::NOT_FOUND,
            &format!("no delivery with the event id {event_id} is stored"),
        ),
    }
}
