//! `--state FILE`: the registrations outlive the emulator, and a change that cannot be saved
//! changes nothing.

use crate::helpers::{Api, registration, start};
use http::StatusCode;
use vibes_emulator::Options;
use vibes_types::api::Operation;

fn with_state(path: &std::path::Path) -> Options {
    Options {
        state: Some(path.to_owned()),
        password: Some("p".to_owned()),
        ..Options::default()
    }
}

#[tokio::test]
async fn registrations_are_kept_in_the_state_file_across_runs() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("emulator.json");
    let emulator = start(with_state(&path)).await;
    let api = Api::of(&emulator);
    let kept = api
        .create(&registration("person_added", "https://e.com/a"))
        .await;
    let ended = api
        .create(&registration("event_processed", "https://e.com/b"))
        .await;
    let ended_id = ended["callback_id"].as_str().unwrap().to_owned();
    let ended = api
        .call(&Operation::Delete(ended_id.clone()), "")
        .await
        .json();
    emulator.stop().await;
    assert!(path.exists());

    let again = start(with_state(&path)).await;
    let api = Api::of(&again);
    assert_eq!(
        api.call(&Operation::List, "").await.json(),
        serde_json::json!([kept])
    );
    assert_eq!(api.call(&Operation::Get(ended_id), "").await.json(), ended);
}

#[tokio::test]
async fn a_state_file_that_is_not_one_stops_the_start() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("emulator.json");
    std::fs::write(&path, "not json").unwrap();
    let error = vibes_emulator::Emulator::start(with_state(&path))
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("emulator.json is not an emulator state file"),
        "{error}"
    );
}

#[tokio::test]
async fn a_change_that_cannot_be_saved_is_refused_and_not_made() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("gone").join("emulator.json");
    let emulator = start(with_state(&path)).await;
    let api = Api::of(&emulator);
    let answer = api
        .call(
            &Operation::Create,
            &registration("person_added", "https://e.com/a"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.code(), 5001);
    assert!(
        answer.messages()[0].contains("cannot write the state file"),
        "{:?}",
        answer.messages()
    );
    assert_eq!(
        api.call(&Operation::List, "").await.json(),
        serde_json::json!([])
    );
}
