//! `vibes callbacks` against the scripted endpoint of `vibes-tests` on loopback: the request
//! each subcommand sends, what it prints in text and JSON, its exit statuses, and where the
//! credentials come from.

use crate::helpers::{Run, TempFile, vibes};
use std::process::Stdio;
use vibes_tests::endpoint::{Answer, Endpoint};

const PASSWORD: &str = "S3cret-Passw0rd";

const ENTITY: &str = r#"{"callback_id":"Hzh39LP3","callback_type":"person_added","destination":{"url":"https://hooks.example.com/vibes","method":"POST","content_type":"application/json"},"start_date":"2017-01-01T00:00Z"}"#;

const LIST: &str = r#"[{"callback_id":"AB3423","callback_type":"subscription_added","subscription_added":{"list_id":"my_list"},"destination":{"url":"https://hooks.example.com/vibes"},"start_date":"2017-01-01T00:00Z"},{"callback_id":"P1","callback_type":"person_added","destination":{"url":"https://hooks.example.com/people"}}]"#;

const REGISTRATION: &str = r#"{"callback_type": "person_added", "destination": {"url": "https://hooks.example.com/other"}}"#;

/// Runs `vibes callbacks --company acme --base-url ENDPOINT args`, the credentials in the
/// environment.
fn callbacks(endpoint: &Endpoint, args: &[&str]) -> Run {
    let base = endpoint.base_url();
    let mut all = vec!["callbacks", "--company", "acme", "--base-url", &base];
    all.extend_from_slice(args);
    let output = vibes(&all)
        .env("VIBES_API_USER", "VibesUser")
        .env("VIBES_API_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    crate::helpers::finished(output)
}

#[test]
fn list_prints_a_line_per_registration_or_the_json() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, LIST), Answer::WithBody(200, LIST)]);
    let text = callbacks(&endpoint, &["list"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert_eq!(
        text.stdout,
        "AB3423  subscription_added  POST https://hooks.example.com/vibes  2017-01-01T00:00Z .. never\n\
         P1  person_added  POST https://hooks.example.com/people  created .. never\n"
    );
    let json = callbacks(&endpoint, &["list", "--format", "json"]);
    assert_eq!(json.code, 0);
    let listed = &json.json_lines()[0];
    assert_eq!(listed[1]["callback_id"], "P1");
    let request = &endpoint.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/companies/acme/config/callbacks");
    assert_eq!(request.header("x-api-version"), ["2"]);
}

#[test]
fn get_and_delete_name_the_id_and_a_404_exits_1() {
    let body = r#"{"errors":[{"message":"Callback not found"}]}"#;
    let endpoint = Endpoint::start(&[Answer::WithBody(200, ENTITY), Answer::WithBody(404, body)]);
    let got = callbacks(&endpoint, &["get", "Hzh39LP3"]);
    assert_eq!(got.code, 0, "{}", got.stderr);
    assert!(
        got.stdout.starts_with("Hzh39LP3  person_added"),
        "{}",
        got.stdout
    );
    let deleted = callbacks(&endpoint, &["delete", "nope", "--format", "json"]);
    assert_eq!(deleted.code, 1);
    assert!(
        deleted.stderr.contains("Callback not found"),
        "{}",
        deleted.stderr
    );
    let data = &deleted.json_lines()[0];
    assert_eq!(data["error"], "not_found");
    assert_eq!(data["callback_id"], "nope");
    let targets: Vec<(String, String)> = endpoint
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target))
        .collect();
    assert_eq!(
        targets,
        [
            (
                "GET".to_owned(),
                "/companies/acme/config/callbacks/Hzh39LP3".to_owned()
            ),
            (
                "DELETE".to_owned(),
                "/companies/acme/config/callbacks/nope".to_owned()
            ),
        ]
    );
}

#[test]
fn create_checks_then_posts_the_file() {
    let file = TempFile::new("registration.json", REGISTRATION.as_bytes());
    let endpoint = Endpoint::start(&[Answer::WithBody(200, "[]"), Answer::WithBody(201, ENTITY)]);
    let run = callbacks(&endpoint, &["create", file.arg()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("created Hzh39LP3"), "{}", run.stdout);
    let requests = endpoint.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[1].method, "POST");
    let sent: serde_json::Value = serde_json::from_slice(&requests[1].body).unwrap();
    assert_eq!(
        sent["destination"]["url"],
        "https://hooks.example.com/other"
    );
}

#[test]
fn a_conflict_is_refused_with_exit_status_1_naming_the_ids() {
    let file = TempFile::new("registration.json", REGISTRATION.as_bytes());
    let endpoint = Endpoint::start(&[Answer::WithBody(200, LIST)]);
    let run = callbacks(&endpoint, &["create", file.arg(), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("`P1`"), "{}", run.stderr);
    assert_eq!(
        run.json_lines()[0]["callback_ids"],
        serde_json::json!(["P1"])
    );
    assert_eq!(endpoint.requests().len(), 1, "only the list call");

    let skipped = Endpoint::start(&[Answer::WithBody(201, ENTITY)]);
    let run = callbacks(&skipped, &["create", file.arg(), "--no-checks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(skipped.requests()[0].method, "POST");
}

#[test]
fn update_puts_and_test_posts_the_event() {
    let file = TempFile::new("registration.json", REGISTRATION.as_bytes());
    let answer = r#"{"message": "Created event for event_type 'person_added'", "event_id": "e-1"}"#;
    let endpoint = Endpoint::start(&[Answer::WithBody(200, ENTITY), Answer::WithBody(201, answer)]);
    let updated = callbacks(
        &endpoint,
        &["update", "Hzh39LP3", file.arg(), "--no-checks"],
    );
    assert_eq!(updated.code, 0, "{}", updated.stderr);
    assert!(updated.stdout.starts_with("updated Hzh39LP3"));
    let tested = callbacks(&endpoint, &["test", "person_added"]);
    assert_eq!(tested.code, 0, "{}", tested.stderr);
    assert_eq!(
        tested.stdout,
        "test event e-1 created: Created event for event_type 'person_added'\n"
    );
    let requests = endpoint.requests();
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(
        requests[0].target,
        "/companies/acme/config/callbacks/Hzh39LP3"
    );
    assert_eq!(
        requests[1].target,
        "/companies/acme/config/callback_events/test"
    );
    assert_eq!(requests[1].body, br#"{"event_type":"person_added"}"#);
}

#[test]
fn a_5xx_after_the_retries_exits_2() {
    let endpoint = Endpoint::start(&[
        Answer::Status(503),
        Answer::Status(503),
        Answer::Status(503),
    ]);
    let run = callbacks(&endpoint, &["list"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("503"), "{}", run.stderr);
}

#[test]
fn credentials_come_from_the_environment_or_a_file_never_shown() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, "[]")]);
    let base = endpoint.base_url();
    let args = [
        "callbacks",
        "--company",
        "acme",
        "--base-url",
        &base,
        "list",
    ];
    let missing = crate::helpers::finished(
        vibes(&args)
            .env_remove("VIBES_API_USER")
            .env_remove("VIBES_API_PASSWORD")
            .output()
            .unwrap(),
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("VIBES_API_USER"),
        "{}",
        missing.stderr
    );
    assert!(endpoint.requests().is_empty());

    let file = TempFile::new(
        "credentials",
        format!("VIBES_API_USER=FileUser\nVIBES_API_PASSWORD={PASSWORD}\n").as_bytes(),
    );
    let mut with_file = args.to_vec();
    with_file.extend(["--credentials-file", file.arg()]);
    let run = crate::helpers::finished(
        vibes(&with_file)
            .env_remove("VIBES_API_USER")
            .env_remove("VIBES_API_PASSWORD")
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "no callbacks registered\n");
    // Basic base64("FileUser:S3cret-Passw0rd").
    assert_eq!(
        endpoint.requests()[0].header("authorization"),
        ["Basic RmlsZVVzZXI6UzNjcmV0LVBhc3N3MHJk"]
    );
    assert!(!run.stderr.contains(PASSWORD));
}

#[test]
fn the_company_is_required() {
    let run = crate::helpers::run(&["callbacks", "list"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--company"), "{}", run.stderr);
}

const PLAN_FILE: &str = r#"{"owns_all": true, "callbacks": [{"name": "crm", "registration": {"callback_type": "person_added", "destination": {"url": "https://hooks.example.com/vibes"}}}]}"#;

const UNNAMED: &str = r#"[{"callback_id":"X9","callback_type":"subscription_added","subscription_added":{"list_id":"l1"},"destination":{"url":"https://old.example.com/hook"}}]"#;

const NAMED: &str = r#"[{"callback_id":"C1","callback_type":"person_added","destination":{"url":"https://hooks.example.com/vibes?vibes_name=crm","method":"POST","content_type":"application/json"},"start_date":"2026-01-01T00:00Z"}]"#;

#[test]
fn plan_prints_the_changes_in_text_and_json() {
    let file = TempFile::new("plan.json", PLAN_FILE.as_bytes());
    let endpoint = Endpoint::start(&[
        Answer::WithBody(200, UNNAMED),
        Answer::WithBody(200, UNNAMED),
    ]);
    let text = callbacks(&endpoint, &["plan", file.arg()]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert_eq!(
        text.stdout,
        "delete X9: not in the file\n\
         create crm: person_added https://hooks.example.com/vibes?vibes_name=crm\n\
         1 to create, 0 to update, 1 to delete, 0 unchanged\n"
    );
    let json = callbacks(&endpoint, &["plan", file.arg(), "--format", "json"]);
    let plan = &json.json_lines()[0];
    assert_eq!(plan["changes"][0]["action"], "delete");
    assert_eq!(plan["changes"][0]["callback_id"], "X9");
    assert_eq!(plan["changes"][1]["action"], "create");
    assert_eq!(plan["changes"][1]["name"], "crm");
    assert_eq!(
        endpoint
            .requests()
            .iter()
            .map(|r| r.method.as_str())
            .collect::<Vec<_>>(),
        ["GET", "GET"],
        "plan changes nothing"
    );
}

#[test]
fn apply_makes_the_changes_and_a_second_apply_changes_nothing() {
    let file = TempFile::new("plan.json", PLAN_FILE.as_bytes());
    let endpoint = Endpoint::start(&[
        Answer::WithBody(200, UNNAMED),
        Answer::WithBody(200, ENTITY),
        Answer::WithBody(200, "[]"),
        Answer::WithBody(201, ENTITY),
    ]);
    let run = callbacks(&endpoint, &["apply", file.arg()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("applied 2 changes, 0 callbacks were already as the file says\n"),
        "{}",
        run.stdout
    );
    let requests = endpoint.requests();
    let methods: Vec<(&str, &str)> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.target.as_str()))
        .collect();
    assert_eq!(
        methods,
        [
            ("GET", "/companies/acme/config/callbacks"),
            ("DELETE", "/companies/acme/config/callbacks/X9"),
            ("GET", "/companies/acme/config/callbacks"),
            ("POST", "/companies/acme/config/callbacks"),
        ]
    );
    let sent: serde_json::Value = serde_json::from_slice(&requests[3].body).unwrap();
    assert_eq!(
        sent["destination"]["url"],
        "https://hooks.example.com/vibes?vibes_name=crm"
    );

    let again = Endpoint::start(&[Answer::WithBody(200, NAMED)]);
    let second = callbacks(&again, &["apply", file.arg()]);
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert_eq!(
        second.stdout,
        "no changes: 1 callbacks are as the file says\n"
    );
    assert_eq!(again.requests().len(), 1, "only the list call");
}

#[test]
fn without_owns_all_or_prune_nothing_is_deleted() {
    let file = TempFile::new(
        "plan.json",
        PLAN_FILE.replace(r#""owns_all": true, "#, "").as_bytes(),
    );
    let endpoint = Endpoint::start(&[
        Answer::WithBody(200, UNNAMED),
        Answer::WithBody(200, UNNAMED),
    ]);
    let kept = callbacks(&endpoint, &["plan", file.arg()]);
    assert!(kept.stdout.contains("keep X9"), "{}", kept.stdout);
    assert!(
        !kept.stdout.lines().any(|line| line.starts_with("delete")),
        "{}",
        kept.stdout
    );
    assert!(
        kept.stdout.ends_with("0 to delete, 0 unchanged\n"),
        "{}",
        kept.stdout
    );
    let pruned = callbacks(&endpoint, &["plan", file.arg(), "--prune"]);
    assert!(pruned.stdout.starts_with("delete X9"), "{}", pruned.stdout);
}
