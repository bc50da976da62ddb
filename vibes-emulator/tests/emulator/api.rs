//! The six operations answered as the documentation describes them, each answer valid against
//! the OpenAPI document's response schema.

use crate::helpers::{Api, COMPANY, conforms, emulator, registration};
use http::StatusCode;
use serde_json::json;
use vibes_types::api::Operation;
use vibes_types::{CallbackEntity, Timestamp};

#[tokio::test]
async fn create_get_list_update_and_delete_follow_the_documentation() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let before = Timestamp::now().to_utc();

    let answer = api
        .call(
            &Operation::Create,
            &registration("person_added", "https://e.com/hook"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED);
    conforms(&Operation::Create, &answer);
    let created = CallbackEntity::from_slice(&answer.body).unwrap();
    let id = created.callback_id.to_text();
    assert_eq!(
        created.url.as_deref(),
        Some(Operation::Get(id.clone()).path(COMPANY).unwrap().as_str())
    );
    let created_at = created.created_at.clone().unwrap().to_utc();
    assert!(
        created_at >= before - chrono::TimeDelta::seconds(1),
        "{created_at}"
    );
    assert_eq!(created.updated_at, created.created_at);
    assert_eq!(
        created.start_date, created.created_at,
        "start defaults to now"
    );
    assert_eq!(created.end_date, None);
    let entity = answer.json();
    assert_eq!(entity["destination"]["method"], "POST");
    assert_eq!(entity["destination"]["content_type"], "application/json");

    let get = api.call(&Operation::Get(id.clone()), "").await;
    assert_eq!(get.status, StatusCode::OK);
    conforms(&Operation::Get(id.clone()), &get);
    assert_eq!(get.json(), entity);

    let list = api.call(&Operation::List, "").await;
    assert_eq!(list.status, StatusCode::OK);
    conforms(&Operation::List, &list);
    assert_eq!(list.json(), json!([entity]));

    // An update keeps the id, the creation time and the start; the body replaces the rest.
    let update = api
        .call(
            &Operation::Update(id.clone()),
            r#"{"callback_type": "person_added", "destination": {"url": "https://e.com/other", "method": "PUT", "content_type": "text/json"}, "end_date": "2999-01-01T00:00:00Z"}"#,
        )
        .await;
    assert_eq!(update.status, StatusCode::OK, "{}", update.json());
    conforms(&Operation::Update(id.clone()), &update);
    let updated = update.json();
    assert_eq!(updated["callback_id"], id.as_str());
    assert_eq!(updated["created_at"], entity["created_at"]);
    assert_eq!(updated["start_date"], entity["start_date"]);
    assert_eq!(
        updated["destination"],
        json!({"url": "https://e.com/other", "method": "PUT", "content_type": "text/json"})
    );
    assert_eq!(updated["end_date"], "2999-01-01T00:00:00Z");

    // Deleting ends the registration now: gone from the list, still found by id.
    let delete = api.call(&Operation::Delete(id.clone()), "").await;
    assert_eq!(delete.status, StatusCode::OK);
    conforms(&Operation::Delete(id.clone()), &delete);
    let deleted = CallbackEntity::from_slice(&delete.body).unwrap();
    let end = deleted.end_date.clone().unwrap().to_utc();
    assert!(
        end <= Timestamp::now().to_utc() && end >= created_at,
        "{end}"
    );
    let list = api.call(&Operation::List, "").await;
    assert_eq!(list.json(), json!([]));
    let get = api.call(&Operation::Get(id.clone()), "").await;
    assert_eq!(get.status, StatusCode::OK);
    assert_eq!(get.json()["end_date"], delete.json()["end_date"]);
}

#[tokio::test]
async fn deleting_a_future_registration_moves_its_start_to_now_and_the_list_has_future_ones() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let future = api
        .create(r#"{"callback_type": "event_processed", "destination": {"url": "https://e.com/hook"}, "start_date": "2999-01-01T00:00Z"}"#)
        .await;
    let id = future["callback_id"].as_str().unwrap().to_owned();
    assert_eq!(
        future["start_date"], "2999-01-01T00:00Z",
        "a given start is kept as written"
    );
    let list = api.call(&Operation::List, "").await;
    assert_eq!(
        list.json(),
        json!([future]),
        "the list has the future registrations"
    );
    let deleted = api.call(&Operation::Delete(id), "").await.json();
    assert_eq!(deleted["start_date"], deleted["end_date"]);
    assert_ne!(deleted["start_date"], "2999-01-01T00:00Z");
}

#[tokio::test]
async fn the_older_event_type_field_and_a_trailing_slash_are_accepted() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    // The documentation's own create example: `event_type`, and a path ending in a slash.
    let path = format!("{}/", Operation::Create.path(COMPANY).unwrap());
    let answer = api
        .raw(
            http::Method::POST,
            &path,
            r#"{"event_type": "person_added", "destination": {"url": "https://YOUR.DESTINATION.URL", "method": "POST", "content_type": "application/json"}}"#,
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json());
    conforms(&Operation::Create, &answer);
    let entity = CallbackEntity::from_slice(&answer.body).unwrap();
    assert_eq!(
        entity.callback_type(),
        Some(&vibes_types::CallbackType::PersonAdded)
    );
}

#[tokio::test]
async fn a_test_event_answers_201_with_a_fresh_event_id() {
    let endpoint = vibes_tests::endpoint::Endpoint::start(&[]);
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    api.create(&registration("person_added", &endpoint.url()))
        .await;
    let mut ids = Vec::new();
    for _ in 0..2 {
        let answer = api
            .call(
                &Operation::SendTestEvent,
                r#"{"event_type": "person_added"}"#,
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED);
        conforms(&Operation::SendTestEvent, &answer);
        let body = answer.json();
        assert_eq!(
            body["message"],
            "Created event for event_type 'person_added'"
        );
        ids.push(body["event_id"].as_str().unwrap().to_owned());
    }
    assert_ne!(ids[0], ids[1]);
    assert_eq!(ids[0].len(), 12);
}

#[tokio::test]
async fn companies_are_kept_apart() {
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    let entity = api
        .create(&registration("person_added", "https://e.com/hook"))
        .await;
    let id = entity["callback_id"].as_str().unwrap().to_owned();
    let other = Operation::Get(id).path("another").unwrap();
    let answer = api.raw(http::Method::GET, &other, "").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let list = api
        .raw(
            http::Method::GET,
            &Operation::List.path("another").unwrap(),
            "",
        )
        .await;
    assert_eq!(list.json(), json!([]));
}
