//! What `create` and `update` refuse before sending: pre-flight errors, and conflicts with the
//! registrations of one list call, named by their `callback_id`s; and sending anyway on request.

use super::{ENTITY, LIST, client};
use vibes_client::api::{CallError, Checks};
use vibes_tests::endpoint::{Answer, Endpoint};
use vibes_types::{CallbackRegistration, LooseId};

#[tokio::test]
async fn a_conflict_is_refused_locally_naming_the_clashing_ids() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, LIST)]);
    // A second person callback: Vibes allows one per mobile database (P1 is registered).
    let registration = CallbackRegistration::person_added("https://hooks.example.com/other");
    let error = client(&endpoint)
        .create(&registration, Checks::Run)
        .await
        .unwrap_err();
    assert!(matches!(error, CallError::Conflicts(_)), "{error:?}");
    assert_eq!(error.clashing_ids(), [LooseId::from("P1")]);
    assert!(error.to_string().contains("`P1`"), "{error}");
    let methods: Vec<String> = endpoint.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET"], "only the list call was sent");
}

#[tokio::test]
async fn an_overlap_on_the_same_destination_is_refused() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, LIST)]);
    let registration =
        CallbackRegistration::subscription_added("my_list", "https://hooks.example.com/vibes");
    let error = client(&endpoint)
        .create(&registration, Checks::Run)
        .await
        .unwrap_err();
    assert_eq!(error.clashing_ids(), [LooseId::from("AB3423")]);
}

#[tokio::test]
async fn skipping_the_checks_sends_it_anyway() {
    let endpoint = Endpoint::start(&[Answer::WithBody(201, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/other");
    client(&endpoint)
        .create(&registration, Checks::Skip)
        .await
        .unwrap();
    let methods: Vec<String> = endpoint.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["POST"]);
}

#[tokio::test]
async fn an_update_does_not_clash_with_its_own_current_version() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, LIST), Answer::WithBody(200, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/moved");
    client(&endpoint)
        .update("P1", &registration, Checks::Run)
        .await
        .unwrap();
    let methods: Vec<String> = endpoint.requests().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["GET", "PUT"]);
}

#[tokio::test]
async fn a_preflight_error_is_refused_before_any_request() {
    let endpoint = Endpoint::start(&[]);
    let registration =
        CallbackRegistration::subscription_added(" ", "https://hooks.example.com/vibes");
    let error = client(&endpoint)
        .create(&registration, Checks::Run)
        .await
        .unwrap_err();
    match &error {
        CallError::Preflight(findings) => {
            assert_eq!(findings[0].path.to_string(), "subscription_added.list_id");
        }
        other => panic!("{other:?}"),
    }
    assert!(endpoint.requests().is_empty());
}
