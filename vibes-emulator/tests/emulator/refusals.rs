//! What the emulator refuses, each in the documented error body with its status and code, and
//! valid against the OpenAPI document.

use crate::helpers::{Api, COMPANY, conforms, emulator, registration, replacing, start, without};
use http::header::{ALLOW, AUTHORIZATION, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{Method, StatusCode};
use vibes_emulator::Options;
use vibes_types::api::{Credentials, Operation, X_API_VERSION};
use vibes_types::registration::ConflictRules;

#[tokio::test]
async fn credentials_are_required_and_checked() {
    let emulator = emulator().await;
    for headers in [
        without(&emulator, AUTHORIZATION),
        Credentials::new(emulator.user(), "not the password")
            .unwrap()
            .headers(),
        Credentials::new("someone", emulator.password())
            .unwrap()
            .headers(),
        replacing(&emulator, AUTHORIZATION, "Bearer abc"),
    ] {
        let api = Api::with(&emulator, headers);
        for operation in [
            Operation::List,
            Operation::Create,
            Operation::Delete("x".to_owned()),
        ] {
            let answer = api.call(&operation, "{}").await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
            assert_eq!(answer.code(), 1001);
            assert!(
                answer.headers[WWW_AUTHENTICATE]
                    .to_str()
                    .unwrap()
                    .starts_with("Basic")
            );
            conforms(&operation, &answer);
        }
    }
}

#[tokio::test]
async fn given_credentials_are_the_ones_checked() {
    let emulator = start(Options {
        user: Some("team".to_owned()),
        password: Some("s3cret:with colon".to_owned()),
        ..Options::default()
    })
    .await;
    assert_eq!(
        (emulator.user(), emulator.password()),
        ("team", "s3cret:with colon")
    );
    assert!(!format!("{emulator:?}").contains("s3cret"));
    let answer = Api::of(&emulator).call(&Operation::List, "").await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn api_version_2_is_required() {
    let emulator = emulator().await;
    for headers in [
        without(&emulator, X_API_VERSION),
        replacing(&emulator, X_API_VERSION, "1"),
        replacing(&emulator, X_API_VERSION, "2.0"),
    ] {
        let answer = Api::with(&emulator, headers)
            .call(&Operation::List, "")
            .await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
        assert_eq!(answer.code(), 1002);
        assert!(
            answer.messages()[0].contains("version 2"),
            "{:?}",
            answer.messages()
        );
        conforms(&Operation::List, &answer);
    }
}

#[tokio::test]
async fn a_body_must_be_declared_json() {
    let emulator = emulator().await;
    let body = registration("person_added", "https://e.com/hook");
    for headers in [
        without(&emulator, CONTENT_TYPE),
        replacing(&emulator, CONTENT_TYPE, "text/plain"),
    ] {
        let answer = Api::with(&emulator, headers)
            .call(&Operation::Create, &body)
            .await;
        assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(answer.code(), 1003);
        conforms(&Operation::Create, &answer);
    }
    let with_charset = replacing(&emulator, CONTENT_TYPE, "Application/JSON; charset=utf-8");
    let answer = Api::with(&emulator, with_charset)
        .call(&Operation::Create, &body)
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
}

#[tokio::test]
async fn bodies_are_validated_and_every_problem_is_named() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    for (body, code, needle) in [
        ("{", 2001, "line 1"),
        ("[]", 2001, ""),
        (r#"{"callback_type": "person_added"}"#, 2001, "destination"),
        (
            r#"{"callback_type": "person_added", "destination": {"url": 7}}"#,
            2001,
            "destination.url",
        ),
        (
            r#"{"callback_type": "person_exploded", "destination": {"url": "https://e.com/h"}}"#,
            2003,
            "Invalid callback_type 'person_exploded'",
        ),
        (
            r#"{"callback_type": "person_added", "destination": {"url": "/relative"}}"#,
            2002,
            "destination.url",
        ),
        (
            r#"{"callback_type": "subscription_added", "subscription_added": {"list_id": " "}, "destination": {"url": "https://e.com/h"}}"#,
            2002,
            "subscription_added.list_id",
        ),
        (
            r#"{"callback_type": "person_added", "destination": {"url": "https://e.com/h"}, "start_date": "2026-02-01T00:00Z", "end_date": "2026-01-01T00:00Z"}"#,
            2002,
            "end_date",
        ),
    ] {
        let answer = api.call(&Operation::Create, body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.code(), code, "{body}: {:?}", answer.messages());
        assert!(
            answer
                .messages()
                .iter()
                .any(|message| message.contains(needle)),
            "{body}: {:?}",
            answer.messages()
        );
        conforms(&Operation::Create, &answer);
    }
    let test = api
        .call(&Operation::SendTestEvent, r#"{"event_type": 3}"#)
        .await;
    assert_eq!((test.status, test.code()), (StatusCode::BAD_REQUEST, 2001));
    conforms(&Operation::SendTestEvent, &test);
    let test = api
        .call(
            &Operation::SendTestEvent,
            r#"{"event_type": "nothing_happened"}"#,
        )
        .await;
    assert_eq!((test.status, test.code()), (StatusCode::BAD_REQUEST, 2003));
    assert_eq!(test.messages(), ["Invalid event_type 'nothing_happened'"]);
    let list = api.call(&Operation::List, "").await;
    assert_eq!(
        list.json(),
        serde_json::json!([]),
        "nothing refused was kept"
    );
}

#[tokio::test]
async fn overlapping_registrations_conflict_by_the_rules_and_name_the_other() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let first = api
        .create(&registration("subscription_added", "https://e.com/a"))
        .await;
    let first_id = first["callback_id"].as_str().unwrap();
    // Newer rules: another destination is fine, the same one overlaps.
    api.create(&registration("subscription_added", "https://e.com/b"))
        .await;
    let answer = api
        .call(
            &Operation::Create,
            &registration("subscription_added", "https://e.com/a"),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (StatusCode::CONFLICT, 3001));
    assert!(
        answer.messages()[0].contains(first_id),
        "{:?}",
        answer.messages()
    );
    conforms(&Operation::Create, &answer);
    // A second person callback conflicts whatever its destination.
    api.create(&registration("person_added", "https://e.com/a"))
        .await;
    let answer = api
        .call(
            &Operation::Create,
            &registration("person_added", "https://e.com/z"),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (StatusCode::CONFLICT, 3001));
    // Updating a registration onto another's destination conflicts too; onto its own does not.
    let second = api
        .create(&registration("subscription_added", "https://e.com/c"))
        .await;
    let second_id = second["callback_id"].as_str().unwrap().to_owned();
    let update = api
        .call(
            &Operation::Update(second_id.clone()),
            &registration("subscription_added", "https://e.com/a"),
        )
        .await;
    assert_eq!((update.status, update.code()), (StatusCode::CONFLICT, 3001));
    conforms(&Operation::Update(second_id.clone()), &update);
    let update = api
        .call(
            &Operation::Update(second_id),
            &registration("subscription_added", "https://e.com/c"),
        )
        .await;
    assert_eq!(update.status, StatusCode::OK);
    // Once the first is deleted, its destination is free again.
    api.call(&Operation::Delete(first_id.to_owned()), "").await;
    api.create(&registration("subscription_added", "https://e.com/a"))
        .await;
}

#[tokio::test]
async fn the_older_rules_allow_one_registration_per_type() {
    let emulator = start(Options {
        rules: ConflictRules::older(),
        ..Options::default()
    })
    .await;
    let api = Api::of(&emulator);
    api.create(&registration("event_processed", "https://e.com/a"))
        .await;
    let answer = api
        .call(
            &Operation::Create,
            &registration("event_processed", "https://e.com/b"),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (StatusCode::CONFLICT, 3001));
}

#[tokio::test]
async fn a_type_has_at_most_50_destinations() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    for n in 0..50 {
        api.create(&registration(
            "event_processed",
            &format!("https://e.com/{n}"),
        ))
        .await;
    }
    let answer = api
        .call(
            &Operation::Create,
            &registration("event_processed", "https://e.com/50"),
        )
        .await;
    assert_eq!((answer.status, answer.code()), (StatusCode::CONFLICT, 3002));
    assert!(
        answer.messages()[0].contains("50"),
        "{:?}",
        answer.messages()
    );
    conforms(&Operation::Create, &answer);
    // Another type has its own 50.
    api.create(&registration("device_added", "https://e.com/50"))
        .await;
}

#[tokio::test]
async fn unknown_ids_answer_404() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    for operation in [
        Operation::Get("nope".to_owned()),
        Operation::Update("nope".to_owned()),
        Operation::Delete("nope".to_owned()),
    ] {
        let answer = api
            .call(&operation, &registration("person_added", "https://e.com/a"))
            .await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::NOT_FOUND, 4001),
            "{operation:?}"
        );
        assert_eq!(
            answer.messages(),
            ["Could not find a callback with callback_id 'nope'"]
        );
        conforms(&operation, &answer);
    }
}

#[tokio::test]
async fn a_test_event_without_an_active_registration_answers_the_documented_404() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let answer = api
        .call(
            &Operation::SendTestEvent,
            r#"{"event_type": "person_added"}"#,
        )
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::NOT_FOUND, 4002)
    );
    assert_eq!(
        answer.messages(),
        ["Could not find a callback registration for event type 'person_added'"]
    );
    conforms(&Operation::SendTestEvent, &answer);
    // A registration that has ended, or not started, is not active.
    let ended = api
        .create(&registration("person_added", "https://e.com/a"))
        .await;
    api.call(
        &Operation::Delete(ended["callback_id"].as_str().unwrap().to_owned()),
        "",
    )
    .await;
    api.create(r#"{"callback_type": "person_updated", "destination": {"url": "https://e.com/a"}, "start_date": "2999-01-01T00:00Z"}"#).await;
    for event_type in ["person_added", "person_updated"] {
        let answer = api
            .call(
                &Operation::SendTestEvent,
                &format!(r#"{{"event_type": "{event_type}"}}"#),
            )
            .await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{event_type}");
    }
}

#[tokio::test]
async fn other_paths_answer_404_and_other_methods_405() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let answer = api.raw(Method::GET, "/companies", "").await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::NOT_FOUND, 4003)
    );
    let list = Operation::List.path(COMPANY).unwrap();
    let answer = api.raw(Method::PATCH, &list, "").await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::METHOD_NOT_ALLOWED, 4004)
    );
    assert_eq!(answer.headers[ALLOW], "GET, POST");
}

#[tokio::test]
async fn a_body_over_a_mebibyte_is_refused() {
    let emulator = emulator().await;
    let body = format!(
        r#"{{"event_type": "person_added", "pad": "{}"}}"#,
        "x".repeat(1 << 20)
    );
    let answer = Api::of(&emulator)
        .call(&Operation::SendTestEvent, &body)
        .await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, 1004)
    );
    conforms(&Operation::SendTestEvent, &answer);
}
