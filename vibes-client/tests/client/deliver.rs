//! The delivery engine against a scripted endpoint: stored headers sent as given, each attempt
//! numbered, replies classified as Vibes reads them, retries until done or refused, and no
//! answer said in a sentence.

use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use std::time::Duration;
use vibes_client::deliver::{
    Answered, Courier, Ending, Identity, Outgoing, Reply, Retries, Target, fill,
};
use vibes_tests::endpoint::{Answer, Endpoint, refusing_url};
use vibes_types::DeliveryAttempts;
use vibes_types::delivery::{DeliveryRules, Outcome};
use vibes_types::registration::Destination;

const BODY: &[u8] = br#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2026-03-01T09:00:00Z", "person": {"person_id": "42"}}"#;

fn quick(attempts: u32) -> Retries {
    Retries::new(attempts, Duration::from_millis(1))
}

fn count(number: u32) -> DeliveryAttempts {
    DeliveryAttempts::new(number).unwrap()
}

/// The headers a receiver stored with a delivery, connection headers and all.
fn stored_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("host", "receiver.example.com"),
        ("content-length", "999"),
        ("connection", "keep-alive"),
        ("content-type", "text/json"),
        ("user-agent", "Vibes-Callbacks/2"),
        ("x-event-id", "e1"),
        ("x-company-id", "zY5VnE7r"),
        ("x-callback-id", "Hzh39LP3"),
        ("x-delivery-attempts", "7"),
        ("x-event-type", "person_added"),
        ("x-trace", "kept"),
    ] {
        headers.append(name, HeaderValue::from_static(value));
    }
    headers
}

#[tokio::test]
async fn stored_headers_go_out_as_given_with_each_attempt_counted() {
    let endpoint = Endpoint::start(&[Answer::Status(503), Answer::Status(502)]);
    let url: Uri = endpoint.url().parse().unwrap();
    let outgoing = Outgoing::new(Method::PUT, url, stored_headers(), BODY);
    let courier = Courier::builder().build().unwrap();
    let delivered = courier.deliver(&outgoing, &quick(5)).await;
    assert_eq!(delivered.ending, Ending::Done);
    let numbers: Vec<u32> = delivered
        .attempts
        .iter()
        .map(|attempt| attempt.number.get())
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    let requests = endpoint.requests();
    let sent: Vec<&str> = requests.iter().map(|request| request.attempt()).collect();
    assert_eq!(sent, ["1", "2", "3"]);
    let address = endpoint
        .url()
        .trim_start_matches("http://")
        .replace("/vibes", "");
    for request in &requests {
        assert_eq!(request.method, "PUT");
        assert_eq!(request.body, BODY);
        assert_eq!(request.header("host"), [address.as_str()]);
        assert_eq!(request.header("content-length"), [BODY.len().to_string()]);
        assert_eq!(request.header("user-agent"), ["Vibes-Callbacks/2"]);
        assert_eq!(request.header("content-type"), ["text/json"]);
        assert_eq!(request.header("x-trace"), ["kept"]);
        assert!(request.header("connection").is_empty(), "{request:?}");
        DeliveryRules::lenient()
            .read(&request.http_method(), &request.header_map(), &request.body)
            .unwrap_or_else(|error| panic!("a receiver refuses it: {error}"));
    }
}

#[tokio::test]
async fn one_attempt_gives_its_reply_classified() {
    let endpoint = Endpoint::start(&[
        Answer::WithBody(503, "busy, try later"),
        Answer::WithBody(400, "{\"error\": \"no\"}"),
    ]);
    let target = Target::of(&Destination::new(endpoint.url())).unwrap();
    let identity = Identity {
        company_id: None,
        fallback_company_id: "zY5VnE7r",
        callback_id: "C1",
    };
    let headers = fill(BODY, &identity).unwrap();
    let outgoing = Outgoing::callback(&target, &headers, BODY).unwrap();
    let courier = Courier::builder().build().unwrap();

    let busy = courier.attempt(&outgoing, count(4)).await;
    assert_eq!(busy.number, count(4));
    assert_eq!(
        busy.reply,
        Reply::Status(
            StatusCode::SERVICE_UNAVAILABLE,
            Answered {
                text: "busy, try later".to_owned(),
                cut: false
            }
        )
    );
    assert_eq!(busy.reply.outcome(), Outcome::Retried);
    assert_eq!(busy.reply.to_string(), "503 Service Unavailable");

    let refused = courier.attempt(&outgoing, count(5)).await;
    assert_eq!(refused.reply.outcome(), Outcome::PermanentFailure);
    assert_eq!(
        refused.reply.answered().unwrap().text,
        "{\"error\": \"no\"}"
    );

    let done = courier.attempt(&outgoing, count(6)).await;
    assert_eq!(done.reply.outcome(), Outcome::Done);
    let sent: Vec<String> = endpoint
        .requests()
        .iter()
        .map(|request| request.attempt().to_owned())
        .collect();
    assert_eq!(sent, ["4", "5", "6"]);
}

#[tokio::test]
async fn a_4xx_ends_the_delivery_and_each_attempt_is_observed_as_it_ends() {
    let endpoint = Endpoint::start(&[
        Answer::Status(500),
        Answer::Status(302),
        Answer::Status(410),
    ]);
    let url: Uri = endpoint.url().parse().unwrap();
    let outgoing = Outgoing::new(Method::POST, url, stored_headers(), BODY);
    let courier = Courier::builder().build().unwrap();
    let mut seen = Vec::new();
    let delivered = courier
        .deliver_observed(&outgoing, &quick(9), |attempt| {
            seen.push((
                attempt.number.get(),
                attempt.reply.status().map(|s| s.as_u16()),
            ));
        })
        .await;
    assert_eq!(delivered.ending, Ending::PermanentFailure);
    assert_eq!(seen, [(1, Some(500)), (2, Some(302)), (3, Some(410))]);
    // The redirect was not followed: every request went to the same place.
    assert!(
        endpoint
            .requests()
            .iter()
            .all(|request| request.target == "/vibes")
    );
}

#[tokio::test]
async fn no_answer_is_retried_and_said_in_a_sentence() {
    let url: Uri = refusing_url().parse().unwrap();
    let outgoing = Outgoing::new(Method::POST, url, stored_headers(), BODY);
    let courier = Courier::builder().build().unwrap();
    let delivered = courier.deliver(&outgoing, &quick(2)).await;
    assert_eq!(delivered.ending, Ending::RetriedOut);
    assert_eq!(delivered.attempts.len(), 2);
    let Some(Reply::NoAnswer(why)) = delivered.last_reply() else {
        panic!("{delivered:?}");
    };
    assert!(why.to_lowercase().contains("refused"), "{why}");

    let silent = Endpoint::start(&[Answer::Silent]);
    let url: Uri = silent.url().parse().unwrap();
    let outgoing = Outgoing::new(Method::POST, url, stored_headers(), BODY);
    let courier = Courier::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let attempt = courier.attempt(&outgoing, count(1)).await;
    assert_eq!(
        attempt.reply,
        Reply::NoAnswer("none within 0.3s".to_owned())
    );
    assert_eq!(attempt.reply.outcome(), Outcome::Retried);
    assert!(attempt.took >= Duration::from_millis(300), "{attempt:?}");
}
