//! Test events delivered as Vibes delivers them: the sample body with the event's id, the five
//! headers, the registered method, retries of 5XX and timeouts with a growing
//! `X-Delivery-Attempts`, a 4XX a permanent failure; and the view of every attempt.

use crate::helpers::{Api, COMPANY, DEADLINE, emulator, registration, start};
use http::StatusCode;
use std::time::Duration;
use vibes_emulator::deliveries::fetch;
use vibes_emulator::{DeliveryState, Options};
use vibes_tests::endpoint::{Answer, Endpoint};
use vibes_types::api::Operation;
use vibes_types::{Callback, CallbackHeaders, CallbackType};

async fn test_event(api: &Api, body: &str) -> String {
    let answer = api.call(&Operation::SendTestEvent, body).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json());
    answer.json()["event_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_sample_goes_to_every_active_registration_with_the_five_headers() {
    let first = Endpoint::start(&[]);
    let second = Endpoint::start(&[]);
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let one = api
        .create(&registration("subscription_added", &first.url()))
        .await;
    let two = api
        .create(&format!(
            r#"{{"callback_type": "subscription_added", "subscription_added": {{"list_id": "9"}}, "destination": {{"url": "{}", "method": "PUT", "content_type": "text/json"}}}}"#,
            second.url()
        ))
        .await;
    // Another type's registration gets nothing.
    let other = Endpoint::start(&[]);
    api.create(&registration("person_added", &other.url()))
        .await;

    let event_id = test_event(
        &api,
        r#"{"event_type": "subscription_added", "subscription": {"subscription_list": {"id": "my_list"}}}"#,
    )
    .await;
    let (view, settled) = emulator.settled(DEADLINE).await;
    assert!(settled, "{view:?}");
    assert_eq!(view.deliveries.len(), 2);
    for (endpoint, entity, method, content_type) in [
        (&first, &one, "POST", "application/json"),
        (&second, &two, "PUT", "text/json"),
    ] {
        let callback_id = entity["callback_id"].as_str().unwrap();
        let [request] = &endpoint.requests()[..] else {
            panic!("one request: {:?}", endpoint.requests());
        };
        assert_eq!(request.method, method);
        assert_eq!(request.header("content-type"), [content_type]);
        assert_eq!(
            request.header(CallbackHeaders::EVENT_ID),
            [event_id.as_str()]
        );
        assert_eq!(request.header(CallbackHeaders::CALLBACK_ID), [callback_id]);
        assert_eq!(request.header(CallbackHeaders::COMPANY_ID), [COMPANY]);
        assert_eq!(
            request.header(CallbackHeaders::EVENT_TYPE),
            ["subscription_added"]
        );
        assert_eq!(request.attempt(), "1");
        // The body is the sample, with the event's id, the registration's and the override.
        let body = Callback::from_slice_strict(&request.body).unwrap();
        assert_eq!(body.event_id(), Some(event_id.as_str()));
        assert_eq!(body.callback_type(), &CallbackType::SubscriptionAdded);
        let json: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(json["callback_id"], callback_id);
        assert_eq!(json["delivery_attempt"], "1");
        assert_eq!(json["subscription"]["subscription_list"]["id"], "my_list");
        // The view has it as sent, byte for byte.
        let record = view
            .deliveries
            .iter()
            .find(|record| record.callback_id == callback_id)
            .unwrap();
        assert_eq!(record.body.as_bytes(), request.body.as_slice());
        assert_eq!(record.event_id, event_id);
        assert_eq!(record.method, method);
        assert_eq!(record.state, DeliveryState::Done);
        assert_eq!(record.attempts.len(), 1);
        assert_eq!(record.attempts[0].status, Some(200));
        assert_eq!(record.attempts[0].outcome, "done");
        assert_eq!(
            record.headers[&CallbackHeaders::EVENT_ID.to_ascii_lowercase()],
            event_id
        );
    }
    assert!(other.requests().is_empty());
}

#[tokio::test]
async fn a_5xx_is_retried_with_a_growing_attempt_count_and_a_4xx_is_a_permanent_failure() {
    let flaky = Endpoint::start(&[
        Answer::Status(500),
        Answer::Status(503),
        Answer::Status(302),
    ]);
    let refusing = Endpoint::start(&[Answer::WithBody(400, "no thanks")]);
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    api.create(&registration("event_processed", &flaky.url()))
        .await;
    api.create(&registration("event_processed", &refusing.url()))
        .await;
    test_event(&api, r#"{"event_type": "event_processed"}"#).await;
    let (view, settled) = emulator.settled(DEADLINE).await;
    assert!(settled, "{view:?}");

    let attempts: Vec<String> = flaky
        .requests()
        .iter()
        .map(|r| r.attempt().to_owned())
        .collect();
    assert_eq!(attempts, ["1", "2", "3", "4"]);
    let bodies: Vec<Vec<u8>> = flaky.requests().into_iter().map(|r| r.body).collect();
    assert!(
        bodies.windows(2).all(|pair| pair[0] == pair[1]),
        "every attempt sends the same body"
    );
    let retried = view
        .deliveries
        .iter()
        .find(|d| d.url == flaky.url())
        .unwrap();
    assert_eq!(retried.state, DeliveryState::Done);
    let statuses: Vec<Option<u16>> = retried.attempts.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(500), Some(503), Some(302), Some(200)]);
    let outcomes: Vec<&str> = retried
        .attempts
        .iter()
        .map(|a| a.outcome.as_str())
        .collect();
    assert_eq!(outcomes, ["retried", "retried", "retried", "done"]);

    assert_eq!(refusing.requests().len(), 1, "a 4XX is not retried");
    let refused = view
        .deliveries
        .iter()
        .find(|d| d.url == refusing.url())
        .unwrap();
    assert_eq!(refused.state, DeliveryState::PermanentFailure);
    assert_eq!(refused.attempts[0].status, Some(400));
    assert_eq!(refused.attempts[0].answer.as_deref(), Some("no thanks"));
    assert_eq!(refused.attempts[0].outcome, "permanent_failure");
}

#[tokio::test]
async fn no_answer_in_time_is_retried_until_the_attempts_run_out() {
    let silent = Endpoint::start(&[Answer::Silent, Answer::Silent, Answer::Silent]);
    let emulator = start(Options {
        attempts: 3,
        time_scale: 0.001,
        delivery_timeout: Duration::from_millis(300),
        ..Options::default()
    })
    .await;
    let api = Api::of(&emulator);
    api.create(&registration("device_added", &silent.url()))
        .await;
    test_event(&api, r#"{"event_type": "device_added"}"#).await;
    let (view, settled) = emulator.settled(DEADLINE).await;
    assert!(settled);
    let record = &view.deliveries[0];
    assert_eq!(record.state, DeliveryState::RetriedOut);
    assert_eq!(record.attempts.len(), 3);
    assert!(
        record
            .attempts
            .iter()
            .all(|a| a.status.is_none() && a.error.is_some()),
        "{record:?}"
    );
    assert_eq!(silent.requests().len(), 3);
}

#[tokio::test]
async fn the_waits_between_attempts_are_the_schedule_times_the_scale() {
    let flaky = Endpoint::start(&[Answer::Status(500), Answer::Status(500)]);
    // 5 minutes × 0.002 = 600 ms before each retry.
    let emulator = start(Options {
        time_scale: 0.002,
        ..Options::default()
    })
    .await;
    let api = Api::of(&emulator);
    api.create(&registration("device_added", &flaky.url()))
        .await;
    test_event(&api, r#"{"event_type": "device_added"}"#).await;
    let (view, _) = emulator.settled(DEADLINE).await;
    let times: Vec<chrono::DateTime<chrono::Utc>> = view.deliveries[0]
        .attempts
        .iter()
        .map(|a| a.at.parse().unwrap())
        .collect();
    assert_eq!(times.len(), 3);
    for pair in times.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= chrono::TimeDelta::milliseconds(590), "{gap}");
    }
}

#[tokio::test]
async fn the_view_is_served_as_json_at_its_own_path() {
    let endpoint = Endpoint::start(&[]);
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    api.create(&registration("person_added", &endpoint.url()))
        .await;
    let event_id = test_event(&api, r#"{"event_type": "person_added"}"#).await;
    let (local, _) = emulator.settled(DEADLINE).await;
    let served = fetch(&emulator.base_url().parse().unwrap(), DEADLINE)
        .await
        .unwrap();
    assert_eq!(served, local);
    assert_eq!(served.deliveries[0].event_id, event_id);
    // Read as plain JSON too, the view's field names are the documented ones.
    let raw = api
        .raw(http::Method::GET, vibes_emulator::DELIVERIES_PATH, "")
        .await;
    let json = raw.json();
    assert_eq!(json["deliveries"][0]["state"], "done");
    assert_eq!(json["deliveries"][0]["attempts"][0]["number"], 1);
}
