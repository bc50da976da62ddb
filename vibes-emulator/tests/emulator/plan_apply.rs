//! `vibes callbacks plan` and `apply` against the emulator: a first apply creates, a changed file
//! updates and, with `--prune`, deletes what it does not name, and a second apply changes
//! nothing and says so; the emulator's registrations are read back after each step.

use crate::helpers::{Api, emulator, registration};
use crate::programs::{callbacks, run_callbacks};
use serde_json::{Value, json};
use vibes_types::api::Operation;

/// Writes `plan` to a file of `folder`; its path.
fn plan_file(folder: &std::path::Path, name: &str, plan: &Value) -> String {
    let path = folder.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(plan).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The registered callbacks, by the `vibes_name` in their URL: (name, id, url).
async fn registered(api: &Api) -> Vec<(String, String, String)> {
    let list = api.call(&Operation::List, "").await.json();
    let mut named: Vec<(String, String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|entity| {
            let url = entity["destination"]["url"].as_str().unwrap().to_owned();
            let name = url
                .split_once("vibes_name=")
                .map_or("", |(_, name)| name)
                .to_owned();
            (
                name,
                entity["callback_id"].as_str().unwrap().to_owned(),
                url,
            )
        })
        .collect();
    named.sort();
    named
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_creates_updates_and_prunes_and_a_second_apply_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let emulator = emulator().await;
    let api = Api::of(&emulator);
    // A registration made by hand, which no plan names.
    let by_hand = api
        .create(&registration("event_processed", "https://e.com/by-hand"))
        .await;
    let by_hand_id = by_hand["callback_id"].as_str().unwrap().to_owned();

    let first = plan_file(
        folder.path(),
        "first.json",
        &json!({"callbacks": [
            {"name": "crm-people", "registration": {"callback_type": "person_added",
                "destination": {"url": "https://e.com/people"}}},
            {"name": "newsletter", "registration": {"callback_type": "subscription_added",
                "subscription_added": {"list_id": "1234"},
                "destination": {"url": "https://e.com/lists", "method": "PUT"}}}
        ]}),
    );
    let plan = callbacks(&emulator, &["plan", &first]);
    let actions: Vec<(&str, &str)> = plan["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            (
                change["action"].as_str().unwrap(),
                change["name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [("create", "crm-people"), ("create", "newsletter")]
    );
    assert_eq!(
        plan["kept"],
        json!([by_hand_id]),
        "not owned, not pruned: kept"
    );
    assert!(registered(&api).await.len() == 1, "plan changes nothing");

    let applied = callbacks(&emulator, &["apply", &first]);
    assert_eq!(applied["applied"].as_array().unwrap().len(), 2, "{applied}");
    let after_first = registered(&api).await;
    let names: Vec<&str> = after_first
        .iter()
        .map(|(name, _, _)| name.as_str())
        .collect();
    assert_eq!(names, ["", "crm-people", "newsletter"]);
    let crm_id = after_first[1].1.clone();
    assert_eq!(
        after_first[1].2,
        "https://e.com/people?vibes_name=crm-people"
    );

    // The same file again: nothing to do, and it says so.
    let again = callbacks(&emulator, &["apply", &first]);
    assert_eq!(again, json!({"applied": [], "unchanged": 2}));
    let text = run_callbacks(&emulator, &["apply", &first]);
    assert!(text.status.success());
    assert_eq!(
        String::from_utf8_lossy(&text.stdout),
        "no changes: 2 callbacks are as the file says\n"
    );
    assert_eq!(registered(&api).await, after_first);

    // A changed file: crm-people moves, newsletter is gone, devices is new; --prune deletes what
    // the file does not name, the registration made by hand too.
    let second = plan_file(
        folder.path(),
        "second.json",
        &json!({"callbacks": [
            {"name": "crm-people", "registration": {"callback_type": "person_added",
                "destination": {"url": "https://e.com/people/v2"}}},
            {"name": "devices", "registration": {"callback_type": "device_added",
                "device_added": {"app_id": "9aab65b3"},
                "destination": {"url": "https://e.com/devices"}}}
        ]}),
    );
    let applied = callbacks(&emulator, &["apply", &second, "--prune"]);
    let mut done: Vec<String> = applied["applied"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["change"]["action"].as_str().unwrap().to_owned())
        .collect();
    done.sort();
    assert_eq!(done, ["create", "delete", "delete", "update"], "{applied}");
    let after_second = registered(&api).await;
    let summary: Vec<(&str, &str)> = after_second
        .iter()
        .map(|(name, _, url)| (name.as_str(), url.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "crm-people",
                "https://e.com/people/v2?vibes_name=crm-people"
            ),
            ("devices", "https://e.com/devices?vibes_name=devices"),
        ]
    );
    assert_eq!(after_second[0].1, crm_id, "an update keeps the callback id");
    let ended = api.call(&Operation::Get(by_hand_id), "").await.json();
    assert!(ended["end_date"].is_string(), "pruned means ended: {ended}");

    // And a second apply of it changes nothing.
    let again = callbacks(&emulator, &["apply", &second, "--prune"]);
    assert_eq!(again, json!({"applied": [], "unchanged": 2}));
    assert_eq!(registered(&api).await, after_second);
}
