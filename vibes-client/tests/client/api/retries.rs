//! Which calls are tried again: the idempotent ones (list, get, delete) after a connection
//! failure, a timeout or a 5XX, with backoff; create, update and the test event never.

use super::{ENTITY, LIST, client};
use http::StatusCode;
use std::time::Duration;
use vibes_client::api::{CallError, Checks, Client, Credentials, Retry};
use vibes_tests::endpoint::{Answer, Endpoint, refusing_url};
use vibes_types::CallbackRegistration;

#[tokio::test]
async fn list_get_and_delete_are_tried_again_after_5xx() {
    let endpoint = Endpoint::start(&[
        Answer::Status(503),
        Answer::Status(500),
        Answer::WithBody(200, LIST),
    ]);
    assert_eq!(client(&endpoint).list().await.unwrap().len(), 2);
    assert_eq!(endpoint.requests().len(), 3);

    let endpoint = Endpoint::start(&[Answer::Status(502), Answer::WithBody(200, ENTITY)]);
    client(&endpoint).get("Hzh39LP3").await.unwrap();
    assert_eq!(endpoint.requests().len(), 2);

    let endpoint = Endpoint::start(&[Answer::Status(500), Answer::WithBody(200, ENTITY)]);
    client(&endpoint).delete("Hzh39LP3").await.unwrap();
    let methods: Vec<String> = endpoint.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["DELETE", "DELETE"]);
}

#[tokio::test]
async fn retries_stop_at_the_policys_attempts() {
    let endpoint = Endpoint::start(&[
        Answer::Status(500),
        Answer::Status(500),
        Answer::Status(500),
        Answer::WithBody(200, LIST),
    ]);
    let error = client(&endpoint).list().await.unwrap_err();
    match error {
        CallError::Status {
            status, attempts, ..
        } => {
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert_eq!(attempts, 3);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(endpoint.requests().len(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_tried_again_then_reported() {
    let client = Client::builder("acme", Credentials::new("u", "p").unwrap())
        .base_url(refusing_url().trim_end_matches("/vibes"))
        .retry(Retry::new(2, Duration::from_millis(5)))
        .build()
        .unwrap();
    match client.list().await.unwrap_err() {
        CallError::NoAnswer { attempts, reason } => {
            assert_eq!(attempts, 2);
            assert!(!reason.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_timeout_is_tried_again() {
    let endpoint = Endpoint::start(&[Answer::Silent, Answer::WithBody(200, LIST)]);
    let client = Client::builder("acme", Credentials::new("u", "p").unwrap())
        .base_url(endpoint.base_url())
        .timeout(Duration::from_millis(300))
        .retry(Retry::new(2, Duration::from_millis(5)))
        .build()
        .unwrap();
    assert_eq!(client.list().await.unwrap().len(), 2);
    assert_eq!(endpoint.requests().len(), 2);
}

#[tokio::test]
async fn create_is_never_tried_again() {
    let endpoint = Endpoint::start(&[Answer::Status(503), Answer::WithBody(201, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/vibes");
    let error = client(&endpoint)
        .create(&registration, Checks::Skip)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CallError::Status { status, attempts: 1, .. } if status == StatusCode::SERVICE_UNAVAILABLE),
        "{error:?}"
    );
    assert_eq!(endpoint.requests().len(), 1);

    let silent = Endpoint::start(&[Answer::Silent, Answer::WithBody(201, ENTITY)]);
    let client = Client::builder("acme", Credentials::new("u", "p").unwrap())
        .base_url(silent.base_url())
        .timeout(Duration::from_millis(300))
        .retry(Retry::new(3, Duration::from_millis(5)))
        .build()
        .unwrap();
    let error = client
        .create(&registration, Checks::Skip)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CallError::NoAnswer { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(silent.requests().len(), 1);
}

#[tokio::test]
async fn update_is_never_tried_again() {
    let endpoint = Endpoint::start(&[Answer::Status(500), Answer::WithBody(200, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/vibes");
    let error = client(&endpoint)
        .update("Hzh39LP3", &registration, Checks::Skip)
        .await
        .unwrap_err();
    assert!(matches!(error, CallError::Status { .. }), "{error:?}");
    assert_eq!(endpoint.requests().len(), 1);
}
