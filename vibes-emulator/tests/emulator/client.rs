//! vibes-client's API client against the emulator: every operation, and every error case it
//! turns an answer into (refusals with their messages and codes, the 404 of get and delete, an
//! unexpected status, no answer), and the checks it runs before sending.

use crate::helpers::{COMPANY, DEADLINE, emulator, start};
use http::StatusCode;
use std::time::Duration;
use vibes_client::api::{CallError, Checks, Client, Credentials, Retry};
use vibes_emulator::{DeliveryState, Emulator, Options};
use vibes_tests::endpoint::Endpoint;
use vibes_types::registration::Lifecycle;
use vibes_types::{CallbackRegistration, CallbackType, LooseId, TestEventRequest, Timestamp};

fn client(emulator: &Emulator) -> Client {
    client_as(emulator, emulator.password())
}

fn client_as(emulator: &Emulator, password: &str) -> Client {
    Client::builder(
        COMPANY,
        Credentials::new(emulator.user(), password).unwrap(),
    )
    .base_url(emulator.base_url())
    .retry(Retry::new(2, Duration::from_millis(10)))
    .build()
    .unwrap()
}

/// The messages and codes of a refusal, or a panic naming what came instead.
fn refused(
    result: Result<impl std::fmt::Debug, CallError>,
) -> (StatusCode, Vec<(String, Option<i64>)>) {
    match result {
        Err(CallError::Refused { status, errors }) => (
            status,
            errors
                .errors
                .into_iter()
                .map(|error| (error.message, error.code))
                .collect(),
        ),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[tokio::test]
async fn every_operation_gives_the_existing_types() {
    let endpoint = Endpoint::start(&[]);
    let emulator = emulator().await;
    let client = client(&emulator);
    let registration = CallbackRegistration::subscription_added("my_list", endpoint.url());

    let created = client.create(&registration, Checks::Run).await.unwrap();
    let id = created.callback_id.to_text();
    assert_eq!(
        created.registration().unwrap(),
        registration_with_defaults(&registration, &created)
    );
    assert_eq!(client.get(&id).await.unwrap(), created);
    assert_eq!(client.list().await.unwrap(), vec![created.clone()]);

    let moved = CallbackRegistration::subscription_added("other_list", endpoint.url());
    let updated = client.update(&id, &moved, Checks::Run).await.unwrap();
    assert_eq!(updated.callback_id, created.callback_id);
    assert_eq!(updated.created_at, created.created_at);
    assert_eq!(updated.registration().unwrap().callback, moved.callback);

    let answer = client
        .send_test_event(&TestEventRequest::new(CallbackType::SubscriptionAdded))
        .await
        .unwrap();
    assert_eq!(
        answer.message,
        "Created event for event_type 'subscription_added'"
    );
    let (view, settled) = emulator.settled(DEADLINE).await;
    assert!(settled);
    assert_eq!(view.deliveries[0].event_id, answer.event_id);
    assert_eq!(view.deliveries[0].state, DeliveryState::Done);
    assert_eq!(endpoint.requests().len(), 1);

    let deleted = client.delete(&id).await.unwrap();
    let now = Timestamp::now().to_utc();
    assert_eq!(
        deleted.status_at(now),
        vibes_types::registration::Status::Ended
    );
    assert!(client.list().await.unwrap().is_empty());
    assert_eq!(client.get(&id).await.unwrap(), deleted);
}

/// `registration` as the emulator gives it back: its start set to the creation time, and the
/// destination's defaults written out.
fn registration_with_defaults(
    registration: &CallbackRegistration,
    created: &vibes_types::CallbackEntity,
) -> CallbackRegistration {
    let mut expected = registration.clone();
    expected.start_date = created.created_at.clone();
    expected.destination.method = Some(expected.destination.method());
    expected.destination.content_type = Some(expected.destination.content_type());
    expected
}

#[tokio::test]
async fn get_and_delete_of_an_unknown_id_are_not_found_and_update_is_refused() {
    let emulator = emulator().await;
    let client = client(&emulator);
    for result in [client.get("nope").await, client.delete("nope").await] {
        match result {
            Err(CallError::NotFound {
                callback_id,
                errors,
            }) => {
                assert_eq!(callback_id, "nope");
                assert_eq!(
                    errors.errors[0].message,
                    "Could not find a callback with callback_id 'nope'"
                );
                assert_eq!(errors.errors[0].code, Some(4001));
            }
            other => panic!("not NotFound: {other:?}"),
        }
    }
    let registration = CallbackRegistration::person_added("https://e.com/hook");
    let (status, errors) = refused(client.update("nope", &registration, Checks::Run).await);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(errors[0].1, Some(4001));
}

#[tokio::test]
async fn wrong_credentials_are_a_refusal_with_the_emulators_message() {
    let emulator = emulator().await;
    let (status, errors) = refused(client_as(&emulator, "wrong").list().await);
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        errors,
        [(
            "the Basic credentials are not the emulator's".to_owned(),
            Some(1001)
        )]
    );
}

#[tokio::test]
async fn the_client_refuses_locally_what_the_emulator_would_refuse_and_sends_it_when_told_not_to_check()
 {
    let emulator = emulator().await;
    let client = client(&emulator);
    let invalid = CallbackRegistration::person_added("not a url");
    match client.create(&invalid, Checks::Run).await {
        Err(CallError::Preflight(findings)) => {
            assert_eq!(findings[0].path.to_string(), "destination.url")
        }
        other => panic!("not a pre-flight refusal: {other:?}"),
    }
    assert!(client.list().await.unwrap().is_empty(), "nothing was sent");
    // Unchecked, the emulator refuses it the same way, with its own message for the finding.
    let (status, errors) = refused(client.create(&invalid, Checks::Skip).await);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        errors[0].0.contains("destination.url") && errors[0].1 == Some(2002),
        "{errors:?}"
    );

    let first = client
        .create(
            &CallbackRegistration::person_added("https://e.com/a"),
            Checks::Run,
        )
        .await
        .unwrap();
    let second = CallbackRegistration::person_added("https://e.com/b");
    let local = client.create(&second, Checks::Run).await.unwrap_err();
    assert_eq!(
        local.clashing_ids(),
        std::slice::from_ref(&first.callback_id)
    );
    let (status, errors) = refused(client.create(&second, Checks::Skip).await);
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        errors[0].0.contains(&first.callback_id.to_text()) && errors[0].1 == Some(3001),
        "{errors:?}"
    );
}

#[tokio::test]
async fn the_50_destination_limit_is_checked_on_both_sides() {
    let emulator = emulator().await;
    let client = client(&emulator);
    for n in 0..50 {
        let registration = CallbackRegistration::event_processed(format!("https://e.com/{n}"));
        client.create(&registration, Checks::Skip).await.unwrap();
    }
    let one_more = CallbackRegistration::event_processed("https://e.com/50");
    let local = client.create(&one_more, Checks::Run).await.unwrap_err();
    assert!(
        matches!(&local, CallError::Conflicts(conflicts) if conflicts.len() == 1),
        "{local:?}"
    );
    assert_eq!(local.clashing_ids().len(), 50);
    let (status, errors) = refused(client.create(&one_more, Checks::Skip).await);
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(errors[0].1, Some(3002));
}

#[tokio::test]
async fn a_test_event_without_an_active_registration_is_refused_with_the_documented_message() {
    let emulator = emulator().await;
    let (status, errors) = refused(
        client(&emulator)
            .send_test_event(&TestEventRequest::new(CallbackType::PersonAdded))
            .await,
    );
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        errors[0].0,
        "Could not find a callback registration for event type 'person_added'"
    );
}

#[tokio::test]
async fn an_unexpected_status_is_kept_with_the_start_of_its_body() {
    // A state file in a folder that does not exist: the emulator answers 500.
    let folder = tempfile::tempdir().unwrap();
    let emulator = start(Options {
        state: Some(folder.path().join("gone").join("state.json")),
        ..Options::default()
    })
    .await;
    let registration = CallbackRegistration::person_added("https://e.com/a");
    match client(&emulator).create(&registration, Checks::Run).await {
        Err(CallError::Status {
            status,
            body_start,
            attempts,
        }) => {
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
            assert!(
                body_start.contains("cannot write the state file"),
                "{body_start}"
            );
            assert_eq!(attempts, 1, "create is never retried");
        }
        other => panic!("not a Status error: {other:?}"),
    }
}

#[tokio::test]
async fn no_answer_is_retried_for_list_and_reported() {
    let emulator = emulator().await;
    let client = client(&emulator);
    emulator.stop().await;
    match client.list().await {
        Err(CallError::NoAnswer { attempts, .. }) => assert_eq!(attempts, 2),
        other => panic!("not NoAnswer: {other:?}"),
    }
    let id = LooseId::from("x");
    assert!(matches!(
        client.get(&id.to_text()).await,
        Err(CallError::NoAnswer { attempts: 2, .. })
    ));
}
