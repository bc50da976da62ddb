//! The inbox page over real HTTP: the list and its filters, one delivery's headers and body
//! shown as text, the refused requests, and the retry button's protection against cross-site
//! posts. The browser test (`browser.rs`) checks in Chromium what these check in the HTML.

use crate::admin::{get, with_admin};
use crate::helpers::{
    Answered, Folder, HttpClient, client, delivery, headers_for, open_store, request, send,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use std::net::SocketAddr;
use std::path::Path;

/// A `person_added` body that carries markup a browser would run, were it not shown as text.
pub fn hostile(event_id: &str) -> Vec<u8> {
    format!(
        r#"{{"event_id": "{event_id}", "callback_type": "person_added",
  "event_date": "2017-03-15T15:42:23Z", "person": {{"person_id": "1",
  "custom_fields": {{"note": "<script>window.vibesPwned = 1; alert(1)</script>",
  "pic": "<img src=x onerror=\"window.vibesPwned = 2; alert(2)\">"}}}}}}"#
    )
    .into_bytes()
}

/// The text of a page, which must be an HTML answer with the page's security headers.
pub fn html(answer: &Answered) -> String {
    assert_eq!(answer.headers["content-type"], "text/html; charset=utf-8");
    assert!(
        answer.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .starts_with("default-src 'none'"),
        "{:?}",
        answer.headers
    );
    String::from_utf8(answer.body.to_vec()).expect("UTF-8 HTML")
}

/// `GET path` on the admin listener, as HTML.
async fn page(client: &HttpClient, admin: SocketAddr, path: &str) -> (StatusCode, String) {
    let answer = get(client, admin, path, &HeaderMap::new()).await;
    (answer.status, html(&answer))
}

/// Makes the delivery of `event_id` dead, as a worker does after its last attempt.
pub fn kill_delivery(store: &Path, event_id: &str, why: &str) {
    let changed = open_store(store)
        .execute(
            "UPDATE processing SET state = 'dead', attempts = 3, last_error = ?2,
             finished_at = '2026-01-01T00:00:00.000000Z' WHERE event_id = ?1",
            [event_id, why],
        )
        .unwrap();
    assert_eq!(changed, 1);
}

/// The state of the delivery of `event_id` in the store.
pub fn state_of(store: &Path, event_id: &str) -> String {
    open_store(store)
        .query_row(
            "SELECT state FROM processing WHERE event_id = ?1",
            [event_id],
            |row| row.get(0),
        )
        .unwrap()
}

#[tokio::test]
async fn the_page_lists_filters_and_shows_every_byte_as_text() {
    let folder = Folder::new();
    let (receiver, admin) = with_admin(&folder);
    let client = client();
    let url = receiver.url("/");
    let fixtures = vibes_tests::callback_fixtures();
    for (_, body, _) in &fixtures {
        assert_eq!(
            send(&client, delivery(&url, body)).await.status,
            StatusCode::OK
        );
    }
    let xss = hostile("E-xss");
    assert_eq!(
        send(&client, delivery(&url, &xss)).await.status,
        StatusCode::OK
    );
    let binary = b"{\"event_id\": \"E-bin\", \xff\xfe <b>bold</b>";
    let refused = send(
        &client,
        request(
            Method::POST,
            &url,
            &headers_for(&vibes_tests::person_added("E-bin")),
            binary,
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);

    let (status, list) = page(&client, admin, "/").await;
    assert_eq!(status, StatusCode::OK);
    for (path, _, callback) in &fixtures {
        let event_id = callback.event_id().unwrap();
        assert!(list.contains(event_id), "{} is listed", path.display());
    }
    assert!(list.contains("E-xss"));
    // By callback type: only that type.
    let (_, person_added) = page(&client, admin, "/?type=person_added&state=&from=&before=").await;
    assert!(person_added.contains("E-xss"));
    let other = fixtures
        .iter()
        .find(|(_, _, callback)| callback.callback_type().as_str() != "person_added")
        .unwrap();
    assert!(!person_added.contains(other.2.event_id().unwrap()));
    // By state and time.
    let (_, dead) = page(&client, admin, "/?state=dead").await;
    assert!(dead.contains("No delivery matches."), "{dead}");
    let (_, future) = page(&client, admin, "/?from=2999-01-01T00:00").await;
    assert!(future.contains("No delivery matches."));
    let (_, past) = page(&client, admin, "/?before=2999-01-01").await;
    assert!(past.contains("E-xss"));
    let (status, bad) = page(&client, admin, "/?from=yesterday").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(bad.contains("from: `yesterday` is not a time"), "{bad}");

    // One delivery: its markup is text, its JSON indented.
    let (status, shown) = page(&client, admin, "/delivery?event_id=E-xss").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!shown.contains("<script>window"), "{shown}");
    assert!(!shown.contains("<img src"), "{shown}");
    assert!(
        shown.contains("&lt;script&gt;window.vibesPwned = 1; alert(1)&lt;/script&gt;"),
        "{shown}"
    );
    assert!(
        shown.contains("&lt;img src=x onerror=\\&quot;window.vibesPwned = 2"),
        "{shown}"
    );
    assert!(
        shown.contains("\n  &quot;event_id&quot;: &quot;E-xss&quot;,\n"),
        "{shown}"
    );
    assert!(shown.contains("x-event-type"));
    assert!(shown.contains("pending"));
    let (status, _) = page(&client, admin, "/delivery?event_id=nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The refused requests, with their errors; a body that is not UTF-8, escaped.
    let (_, refusals) = page(&client, admin, "/refused").await;
    assert!(refusals.contains("E-bin"));
    let link = refusals
        .split("href=\"/refused/one?id=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the refused request");
    let (status, one) = page(&client, admin, &format!("/refused/one?id={link}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(one.contains("\\xff\\xfe &lt;b&gt;bold&lt;/b&gt;"), "{one}");
    assert!(one.contains("not JSON, shown as text"));
    receiver.stop();
}

/// Posts the retry form for `event_id` with `token` and these extra headers.
async fn post_retry(
    client: &HttpClient,
    admin: SocketAddr,
    event_id: &str,
    token: &str,
    extra: &[(&'static str, String)],
) -> Answered {
    let mut headers = HeaderMap::new();
    headers.insert(
        "content-type",
        HeaderValue::from_static("application/x-www-form-urlencoded"),
    );
    for (name, value) in extra {
        headers.insert(*name, HeaderValue::from_str(value).unwrap());
    }
    let form = format!("event_id={event_id}&token={token}");
    send(
        client,
        request(
            Method::POST,
            &format!("http://{admin}/retry"),
            &headers,
            form.as_bytes(),
        ),
    )
    .await
}

#[tokio::test]
async fn the_retry_button_needs_the_pages_token_and_origin() {
    let folder = Folder::new();
    let (receiver, admin) = with_admin(&folder);
    let client = client();
    let body = vibes_tests::person_added("E-dead");
    assert_eq!(
        send(&client, delivery(&receiver.url("/"), &body))
            .await
            .status,
        StatusCode::OK
    );
    kill_delivery(
        &folder.store(),
        "E-dead",
        "https://downstream.example answered 400",
    );

    let (_, dead) = page(&client, admin, "/dead").await;
    assert!(
        dead.contains("https://downstream.example answered 400"),
        "{dead}"
    );
    let token = dead
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the form token")
        .to_owned();
    assert_eq!(token.len(), 64);

    let same_origin = [
        ("origin", format!("http://{admin}")),
        ("sec-fetch-site", "same-origin".to_owned()),
    ];
    for (token, extra, why) in [
        ("", &same_origin[..], "token"),
        ("0".repeat(64).as_str(), &same_origin[..], "token"),
        (
            &token,
            &[("sec-fetch-site", "cross-site".to_owned())][..],
            "another site",
        ),
        (
            &token,
            &[("origin", "http://evil.example".to_owned())][..],
            "evil.example",
        ),
    ] {
        let answer = post_retry(&client, admin, "E-dead", token, extra).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{why}");
        assert!(String::from_utf8_lossy(&answer.body).contains(why), "{why}");
        assert_eq!(state_of(&folder.store(), "E-dead"), "dead");
    }
    let answer = post_retry(&client, admin, "E-dead", &token, &same_origin).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(
        answer.headers["location"],
        "/delivery?event_id=E-dead&retried=1"
    );
    assert_eq!(state_of(&folder.store(), "E-dead"), "pending");
    // Only a dead delivery is retried from the page.
    let again = post_retry(&client, admin, "E-dead", &token, &same_origin).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let unknown = post_retry(&client, admin, "E-none", &token, &same_origin).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    receiver.stop();
}
