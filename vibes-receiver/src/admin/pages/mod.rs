//! The inbox page, rendered on the server with maud: the recent deliveries with filters
//! (`list.rs`), one delivery's headers and body (`delivery.rs`), the refused requests
//! (`refused.rs`) and the dead deliveries with their retry buttons (`dead.rs`).
//!
//! Everything from the store is text: maud escapes every value it writes, bodies and headers are
//! shown with [`bytes_as_text`] (bytes that are not UTF-8, and control characters, as `\xNN`
//! escapes), and the answers carry a Content-Security-Policy that lets no script run and nothing
//! load, so that even a mistake in escaping could not run a body's `<script>`. No external
//! asset: the style is inline, and the page needs no script.

pub mod dead;
pub mod delivery;
pub mod list;
pub mod refused;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};
use vibes_inbox::StoreError;

/// What every page answers with: no script, no outside resource, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The style of every page.
const STYLE: &str = "
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 1.5em 2em; color: #1d232a; }
nav { display: flex; gap: 1.2em; align-items: baseline; border-bottom: 1px solid #d0d7de; padding: .8em 0; margin-bottom: 1em; }
nav strong { font-size: 1.1em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code, pre { font: 13px/1.4 ui-monospace, monospace; }
pre { background: #f6f8fa; padding: .8em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.state { padding: 0 .4em; border-radius: 3px; font-size: .9em; }
.pending { background: #ddf4ff; } .leased { background: #fff8c5; } .done { background: #dafbe1; } .dead { background: #ffebe9; }
form.filters { display: flex; gap: .8em; flex-wrap: wrap; align-items: end; margin-bottom: 1em; }
form.filters label { display: flex; flex-direction: column; font-size: .85em; }
.counts span { margin-right: 1em; }
.note { color: #57606a; }
.error { color: #cf222e; }
";

/// A whole page: the navigation, then `body`.
pub fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · vibes-receiver" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                nav {
                    strong { "vibes-receiver" }
                    a href="/" { "Deliveries" }
                    a href="/refused" { "Refused" }
                    a href="/dead" { "Dead" }
                    a href="/metrics" { "Metrics" }
                }
                h1 { (title) }
                (body)
            }
        }
    }
}

/// An HTML answer with the page's security headers.
pub fn answer(status: StatusCode, markup: Markup) -> Response {
    let mut response = (status, markup.into_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // `same-origin`, not `no-referrer`: under `no-referrer` Chromium posts the retry form with
    // `Origin: null` (the browser test found it); a link to another site still carries no
    // referrer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page for a request that cannot be answered: `status`, and why.
pub fn trouble(status: StatusCode, why: &str) -> Response {
    answer(
        status,
        page(
            status.canonical_reason().unwrap_or("Error"),
            html! { p.error { (why) } },
        ),
    )
}

/// The page for a store that could not be read.
pub fn unreadable(error: &StoreError) -> Response {
    trouble(
        StatusCode::SERVICE_UNAVAILABLE,
        &format!("the store could not be read: {error}"),
    )
}

/// Bytes as text to show: UTF-8 as it is, except control characters other than line breaks and
/// tabs, written `\u{..}`; a byte that is not part of UTF-8 as `\xNN`. The HTML escaping is
/// maud's, after.
pub fn bytes_as_text(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() && c != '\n' && c != '\t' && c != '\r' {
                text.extend(c.escape_default());
            } else {
                text.push(c);
            }
        }
        for byte in chunk.invalid() {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    }
    text
}

/// A body to show: JSON pretty-printed when it is JSON (its keys in their order, its numbers and
/// strings as they came), else its bytes as text; the first value says which.
pub fn body_as_text(body: &[u8]) -> (bool, String) {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        (true, bytes_as_text(&indent(body)))
    } else {
        (false, bytes_as_text(body))
    }
}

/// JSON text indented by two spaces a level: the whitespace between tokens replaced, nothing
/// inside a string touched.
fn indent(json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', depth * 2));
    };
    let mut bytes = json.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        if in_string {
            out.push(byte);
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b' ' | b'\n' | b'\r' | b'\t' => {}
            b'"' => {
                in_string = true;
                out.push(byte);
            }
            b'{' | b'[' => {
                out.push(byte);
                while bytes.next_if(|b| b" \n\r\t".contains(b)).is_some() {}
                if bytes
                    .peek()
                    .is_some_and(|next| *next == b'}' || *next == b']')
                {
                    out.push(bytes.next().unwrap_or_default());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(byte);
            }
            b',' => {
                out.push(byte);
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(byte),
        }
    }
    out
}

/// A state, as a coloured label.
pub fn state_label(state: &str) -> Markup {
    html! { span class={ "state " (state) } { (state) } }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_shown_as_text_with_escapes() {
        assert_eq!(
            bytes_as_text(b"caf\xc3\xa9 \xff\x00\n"),
            "café \\xff\\u{0}\n"
        );
        let (json, shown) =
            body_as_text(br#"{"z":"<script>alert(1)</script>", "a": [1.50, {}, []]}"#);
        assert!(json);
        assert_eq!(
            shown,
            "{\n  \"z\": \"<script>alert(1)</script>\",\n  \"a\": [\n    1.50,\n    {},\n    []\n  ]\n}"
        );
        assert_eq!(
            body_as_text(br#"{"q": "a\\\"{,"}"#).1,
            "{\n  \"q\": \"a\\\\\\\"{,\"\n}"
        );
        let markup = html! { pre { (shown) } }.into_string();
        assert!(markup.contains("&lt;script&gt;"), "{markup}");
        assert!(!markup.contains("<script>"), "{markup}");
        assert_eq!(body_as_text(b"{\xff"), (false, "{\\xff".to_owned()));
    }
}
