//! `vibes send` against a loopback endpoint each test starts: what a request carries (method,
//! content type, the five headers as a receiver checks them, the body's bytes), the answers read
//! as Vibes reads them (retries, redirects not followed, timeouts, refused connections), the
//! reports and the exit statuses.

use crate::helpers::{Run, TempFile, run, run_with_env, run_with_input, workspace};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use vibes_tests::endpoint::{Answer, Endpoint, Recorded, refusing_url};
use vibes_types::delivery::DeliveryRules;
use vibes_types::registration::DestinationContentType;
use vibes_types::{Callback, CallbackHeaders, CallbackType};

const PERSON_ADDED: &str = "tests/fixtures/callbacks/docs/person_added__platform.json";
const INVALID: &str = "tests/fixtures/invalid/nested_wrong_type.json";

/// Back-offs of a millisecond keep the retry tests fast; the timeout stays the default, so that a
/// loaded machine still answers in time.
const QUICK: [&str; 2] = ["--backoff", "1ms"];

/// Runs `vibes send URL args…`.
fn send(url: &str, args: &[&str]) -> Run {
    let mut all = vec!["send", url];
    all.extend(QUICK);
    all.extend(args);
    run(&all)
}

/// The one value of a header of `request`.
fn header<'a>(request: &'a Recorded, name: &str) -> &'a str {
    match request.header(name)[..] {
        [value] => value,
        ref found => panic!("{name}: {found:?}"),
    }
}

/// Checks that `request` is a delivery a receiver accepts, with headers that agree with its body,
/// and gives it.
fn accepted(request: &Recorded) -> vibes_types::delivery::Delivery {
    let headers = request.header_map();
    DeliveryRules::lenient()
        .read(&request.http_method(), &headers, &request.body)
        .unwrap_or_else(|error| panic!("a receiver refuses it: {error}: {request:?}"))
}

#[test]
fn every_sample_goes_out_as_vibes_sends_it() {
    let endpoint = Endpoint::start(&[]);
    let mut cases: Vec<(&str, Option<&str>)> = CallbackType::KNOWN
        .iter()
        .map(|name| (*name, None))
        .collect();
    for variant in vibes_cli::sample::variant_names() {
        cases.push(("event_processed", Some(variant)));
    }
    for (callback_type, variant) in &cases {
        let mut args = vec!["--type", callback_type];
        if let Some(variant) = variant {
            args.extend(["--variant", variant]);
        }
        let sent = send(&endpoint.url(), &args);
        assert_eq!(sent.code, 0, "{args:?}: {}{}", sent.stdout, sent.stderr);
        assert!(
            sent.stdout.starts_with("sample: done: "),
            "{args:?}: {}",
            sent.stdout
        );
    }
    let requests = endpoint.requests();
    assert_eq!(requests.len(), cases.len());
    for ((callback_type, variant), request) in cases.iter().zip(&requests) {
        let sample = vibes_cli::sample::body(callback_type, *variant).unwrap();
        assert_eq!(
            request.body,
            sample.as_bytes(),
            "{callback_type} {variant:?}"
        );
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/vibes");
        assert_eq!(
            header(request, "content-type"),
            DestinationContentType::ApplicationJson.as_str()
        );
        let body = Callback::from_slice(&request.body).unwrap();
        assert_eq!(
            header(request, CallbackHeaders::EVENT_ID),
            body.event_id().unwrap()
        );
        assert_eq!(header(request, CallbackHeaders::EVENT_TYPE), *callback_type);
        assert_eq!(body.callback_type().as_str(), *callback_type);
        let company = body
            .company_id()
            .unwrap_or(vibes_cli::send::DEFAULT_COMPANY_ID);
        assert_eq!(header(request, CallbackHeaders::COMPANY_ID), company);
        assert_eq!(
            header(request, CallbackHeaders::CALLBACK_ID),
            vibes_cli::send::DEFAULT_CALLBACK_ID
        );
        assert_eq!(request.attempt(), "1");
        let delivery = accepted(request);
        assert_eq!(delivery.headers.event_type, *body.callback_type());
        assert!(delivery.warnings.is_empty(), "{:?}", delivery.warnings);
    }
    // The one body that names its company sends it, not the default.
    let unmatched = &requests[CallbackType::KNOWN
        .iter()
        .position(|name| *name == "unmatched_message_received")
        .unwrap()];
    assert_eq!(header(unmatched, CallbackHeaders::COMPANY_ID), "bi3bwNRk");
}

#[test]
fn the_company_and_callback_ids_given_are_sent() {
    let endpoint = Endpoint::start(&[]);
    let ids = ["--company-id", "c0mpany", "--callback-id", "reg-7"];
    let sent = send(
        &endpoint.url(),
        &[&["--type", "person_added"][..], &ids].concat(),
    );
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    // Given, it overrides the company the body names: the receiver sees the mismatch.
    let sent = send(
        &endpoint.url(),
        &[&["--type", "unmatched_message_received"][..], &ids].concat(),
    );
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let requests = endpoint.requests();
    for request in &requests {
        assert_eq!(header(request, CallbackHeaders::COMPANY_ID), "c0mpany");
        assert_eq!(header(request, CallbackHeaders::CALLBACK_ID), "reg-7");
    }
    accepted(&requests[0]);
    let refused = DeliveryRules::lenient()
        .read(
            &requests[1].http_method(),
            &requests[1].header_map(),
            &requests[1].body,
        )
        .unwrap_err();
    assert_eq!(
        refused.path().map(ToString::to_string).as_deref(),
        Some("source_code.company_key")
    );
}

#[test]
fn files_go_out_byte_for_byte_and_a_file_that_is_no_body_is_reported_and_not_sent() {
    // Spacing, an escape, a number's spelling and no final line break: serializing again would
    // change every one of them.
    let odd = TempFile::new(
        "odd.json",
        b"{ \"event_id\":\"e1\" ,\"callback_type\" : \"person_added\",\r\n\
          \"event_date\":\"2026-03-01T09:00:00Z\",\"person\":{\"person_id\":\"p\\u00e9\"},\
          \"score\":1.50}",
    );
    let endpoint = Endpoint::start(&[]);
    let sent = send(
        &endpoint.url(),
        &[odd.arg(), INVALID, "no/such/body.json", PERSON_ADDED],
    );
    // A body that cannot be sent is exit status 2, whatever the others did.
    assert_eq!(sent.code, 2, "{}{}", sent.stdout, sent.stderr);
    assert!(
        sent.stderr.contains(&format!(
            "vibes: {INVALID}: not sent: not a callback body: event_processed callback: invalid \
             type: integer `42`, expected a string at `event_processed.action.failure.reason` \
             (line 22, column 20)"
        )),
        "{}",
        sent.stderr
    );
    assert!(
        sent.stderr
            .contains("vibes: no/such/body.json: not sent: cannot be read: "),
        "{}",
        sent.stderr
    );
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, std::fs::read(&odd.path).unwrap());
    assert_eq!(
        requests[1].body,
        std::fs::read(workspace().join(PERSON_ADDED)).unwrap()
    );
    for request in &requests {
        accepted(request);
    }
    let lines: Vec<&str> = sent.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", sent.stdout);
    assert!(lines[0].starts_with(&format!("{}: done: person_added e1, 200 ", odd.arg())));
    assert!(lines[1].starts_with(&format!(
        "{PERSON_ADDED}: done: person_added AB234SDFD234, 200 "
    )));

    // Every file sent and acknowledged: 0.
    assert_eq!(send(&endpoint.url(), &[PERSON_ADDED]).code, 0);
}

#[test]
fn standard_input_is_a_body_for_a_dash() {
    let endpoint = Endpoint::start(&[]);
    let body = std::fs::read(workspace().join(PERSON_ADDED)).unwrap();
    let url = endpoint.url();
    let sent = run_with_input(&["send", &url, "-"], &body);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert!(
        sent.stdout.starts_with("-: done: person_added"),
        "{}",
        sent.stdout
    );
    assert_eq!(endpoint.requests()[0].body, body);
}

#[test]
fn each_line_of_a_stream_is_one_delivery_in_order() {
    let line = |id: &str| {
        format!(
            r#"{{"event_id": "{id}", "callback_type": "person_updated", "event_date": "2026-03-01T09:00:00Z", "person": {{}}}}"#
        )
    };
    let stream = format!(
        "{}\n{}\r\n\n{}\n{{\"event_id\": \"e4\"\n{}",
        line("e1"),
        line("e2"),
        line("e3"),
        line("e5")
    );
    let file = TempFile::new("day.ndjson", stream.as_bytes());
    let endpoint = Endpoint::start(&[]);
    let sent = send(
        &endpoint.url(),
        &["--ndjson", file.arg(), "--format", "json"],
    );
    // Line 5 is not a body: reported, not sent, and the lines after it still are.
    assert_eq!(sent.code, 2, "{}{}", sent.stdout, sent.stderr);
    let requests = endpoint.requests();
    let sent_ids: Vec<&str> = requests
        .iter()
        .map(|request| header(request, CallbackHeaders::EVENT_ID))
        .collect();
    assert_eq!(sent_ids, ["e1", "e2", "e3", "e5"]);
    // A line is sent without its line break (`\r\n` included).
    assert_eq!(requests[1].body, line("e2").as_bytes());
    for request in &requests {
        accepted(request);
    }
    let records = sent.json_lines();
    let places: Vec<(Value, Value, Value)> = records
        .iter()
        .map(|record| {
            (
                record["line"].clone(),
                record["event_id"].clone(),
                record["outcome"].clone(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            (json!(1), json!("e1"), json!("done")),
            (json!(2), json!("e2"), json!("done")),
            (json!(4), json!("e3"), json!("done")),
            (json!(5), Value::Null, json!("not_sent")),
            (json!(6), json!("e5"), json!("done")),
        ]
    );
    let error = records[3]["error"].as_str().unwrap();
    assert!(error.starts_with("not a callback body: "), "{error}");
    // The position is in the line; the line is the report's.
    assert!(error.ends_with("(column 17)"), "{error}");
    assert!(
        sent.stderr
            .contains(&format!("vibes: {}:5: not sent: ", file.arg())),
        "{}",
        sent.stderr
    );

    let clean = TempFile::new(
        "clean.ndjson",
        format!("{}\n{}\n", line("a"), line("b")).as_bytes(),
    );
    let sent = send(&endpoint.url(), &["--ndjson", clean.arg()]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert_eq!(sent.stdout.lines().count(), 2, "{}", sent.stdout);
}

#[test]
fn a_retried_answer_is_sent_again_with_the_attempt_counted() {
    let endpoint = Endpoint::start(&[Answer::Status(503), Answer::Status(503)]);
    let sent = send(&endpoint.url(), &["--type", "person_added"]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let requests = endpoint.requests();
    let attempts: Vec<&str> = requests.iter().map(Recorded::attempt).collect();
    assert_eq!(attempts, ["1", "2", "3"]);
    // The same delivery each time, but for the attempt.
    for request in &requests {
        assert_eq!(request.body, requests[0].body);
        assert_eq!(
            header(request, CallbackHeaders::EVENT_ID),
            "sample-person_added"
        );
        accepted(request);
    }
    let lines: Vec<&str> = sent.stdout.lines().collect();
    assert!(
        lines[0]
            .starts_with("sample: done: person_added sample-person_added, 200 OK, 3 attempts, "),
        "{}",
        sent.stdout
    );
    assert_eq!(
        lines[1..],
        [
            "  attempt 1: 503 Service Unavailable: scripted answer 503",
            "  attempt 2: 503 Service Unavailable: scripted answer 503"
        ]
    );
}

#[test]
fn retries_stop_at_the_attempts_given() {
    let endpoint = Endpoint::start(&[Answer::Status(500); 4]);
    let sent = send(
        &endpoint.url(),
        &[
            "--type",
            "device_added",
            "--attempts",
            "3",
            "--format",
            "json",
        ],
    );
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    assert_eq!(endpoint.requests().len(), 3);
    let record = &sent.json_lines()[0];
    assert_eq!(record["outcome"], "retried_out");
    assert_eq!(record["status"], 500);
    assert_eq!(record["attempts"], 3);
    assert_eq!(
        record["replies"],
        Value::Array(vec![
            json!({"status": 500, "error": null, "body": "scripted answer 500", "body_truncated": false});
            3
        ])
    );

    let once = Endpoint::start(&[Answer::Status(500)]);
    assert_eq!(
        send(&once.url(), &["--type", "device_added", "--attempts", "1"]).code,
        1
    );
    assert_eq!(once.requests().len(), 1);
}

#[test]
fn a_redirect_is_retried_and_not_followed() {
    let endpoint = Endpoint::start(&[Answer::Status(302); 3]);
    let sent = send(
        &endpoint.url(),
        &["--type", "person_added", "--format", "json"],
    );
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    let requests = endpoint.requests();
    let targets: Vec<&str> = requests
        .iter()
        .map(|request| request.target.as_str())
        .collect();
    assert_eq!(targets, ["/vibes"; 3]);
    let record = &sent.json_lines()[0];
    assert_eq!(record["outcome"], "retried_out");
    assert_eq!(record["status"], 302);
}

#[test]
fn a_4xx_is_a_permanent_failure_and_not_retried() {
    let endpoint = Endpoint::start(&[Answer::Status(404)]);
    let sent = send(&endpoint.url(), &["--type", "person_added"]);
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    assert_eq!(endpoint.requests().len(), 1);
    let lines: Vec<&str> = sent.stdout.lines().collect();
    assert!(
        lines[0]
            .starts_with("sample: permanent failure: person_added sample-person_added, 404 Not Found, 1 attempt, "),
        "{}",
        sent.stdout
    );
    // The endpoint's word on why it refused, under the delivery.
    assert_eq!(
        lines[1..],
        ["  answer: scripted answer 404"],
        "{}",
        sent.stdout
    );
}

#[test]
fn an_answer_is_shown_on_one_line_and_cut_when_long() {
    // Line breaks and a terminal escape in the answer; a 2XX's body is not shown in text.
    let endpoint = Endpoint::start(&[Answer::WithBody(400, "{\"error\":\n  \"no\u{1b}[31m\"}\n")]);
    let sent = send(&endpoint.url(), &["--type", "person_added"]);
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    assert_eq!(
        sent.stdout.lines().nth(1),
        Some(r#"  answer: {"error":\n  "no\u{1b}[31m"}"#),
        "{}",
        sent.stdout
    );

    // More than is shown: cut, between characters, and said to be cut.
    let long: &'static str = "€".repeat(2000).leak();
    let endpoint = Endpoint::start(&[Answer::WithBody(503, long), Answer::WithBody(200, "ok")]);
    let sent = send(
        &endpoint.url(),
        &["--type", "person_added", "--format", "json"],
    );
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let replies = &sent.json_lines()[0]["replies"];
    let shown = replies[0]["body"].as_str().unwrap();
    assert_eq!(
        shown,
        "€".repeat(1365),
        "4095 of the 4096 bytes: the cut splits a character"
    );
    assert_eq!(replies[0]["body_truncated"], true);
    assert_eq!(replies[1]["body"], "ok");
    assert_eq!(replies[1]["body_truncated"], false);
}

#[test]
fn no_answer_within_the_timeout_is_retried() {
    let endpoint = Endpoint::start(&[Answer::Silent, Answer::Silent]);
    let sent = send(
        &endpoint.url(),
        &[
            "--type",
            "person_added",
            "--timeout",
            "1",
            "--attempts",
            "2",
            "--format",
            "json",
        ],
    );
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    let attempts: Vec<String> = endpoint
        .requests()
        .iter()
        .map(|request| request.attempt().to_owned())
        .collect();
    assert_eq!(attempts, ["1", "2"]);
    let record = &sent.json_lines()[0];
    assert_eq!(record["outcome"], "retried_out");
    assert_eq!(record["status"], Value::Null);
    assert_eq!(record["error"], "none within 1s");
    // Each attempt waited the second out.
    assert!(record["elapsed_ms"].as_u64().unwrap() >= 2000, "{record}");
}

#[test]
fn a_refused_connection_is_no_answer() {
    let sent = send(
        &refusing_url(),
        &["--type", "person_added", "--attempts", "2"],
    );
    assert_eq!(sent.code, 1, "{}", sent.stderr);
    let lines: Vec<&str> = sent.stdout.lines().collect();
    assert!(
        lines[0].starts_with("sample: retried out: person_added sample-person_added, no answer: "),
        "{}",
        sent.stdout
    );
    assert!(
        lines[0].to_lowercase().contains("refused"),
        "{}",
        sent.stdout
    );
    assert!(
        lines[1].starts_with("  attempt 1: no answer: "),
        "{}",
        sent.stdout
    );
}

#[test]
fn an_http_proxy_named_by_the_environment_forwards_the_delivery() {
    // The scripted endpoint plays the proxy: it records the request it is asked to forward.
    let proxy = Endpoint::start(&[]);
    let address = proxy.url().replace("/vibes", "");
    let with_credentials = address.replace("http://", "http://relay:s3cret@");
    let far = "http://hooks.example.invalid/vibes";
    for env in [
        [("HTTP_PROXY", address.as_str())],
        [("ALL_PROXY", with_credentials.as_str())],
    ] {
        let sent = run_with_env(&["send", far, "--type", "person_added"], &env);
        assert_eq!(sent.code, 0, "{env:?}: {}{}", sent.stdout, sent.stderr);
    }
    let requests = proxy.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        // A forwarding proxy is given the whole URL, and the host it names.
        assert_eq!(request.target, far);
        assert_eq!(header(request, "host"), "hooks.example.invalid");
        accepted(request);
    }
    assert!(requests[0].header("proxy-authorization").is_empty());
    // `relay:s3cret`, as Basic credentials.
    assert_eq!(
        header(&requests[1], "proxy-authorization"),
        "Basic cmVsYXk6czNjcmV0"
    );
}

#[test]
fn the_method_and_content_type_of_a_registration() {
    let endpoint = Endpoint::start(&[]);
    let sent = send(
        &endpoint.url(),
        &[
            "--type",
            "subscription_added",
            "--method",
            "PUT",
            "--content-type",
            "text/json",
        ],
    );
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    // Any letter case, as a registration reads them.
    let sent = send(
        &endpoint.url(),
        &[
            "--type",
            "subscription_added",
            "--method",
            "put",
            "--content-type",
            "Text/JSON",
        ],
    );
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    for request in endpoint.requests() {
        assert_eq!(request.method, "PUT");
        assert_eq!(
            header(&request, "content-type"),
            DestinationContentType::TextJson.as_str()
        );
        accepted(&request);
    }
}

#[test]
fn the_json_report_has_the_documented_fields() {
    let endpoint = Endpoint::start(&[Answer::Status(503)]);
    let sent = send(
        &endpoint.url(),
        &[PERSON_ADDED, "no/such/body.json", "--format", "json"],
    );
    assert_eq!(sent.code, 2, "{}", sent.stderr);
    let records = sent.json_lines();
    let fields = [
        "file",
        "line",
        "event_id",
        "callback_type",
        "company_id",
        "outcome",
        "status",
        "attempts",
        "elapsed_ms",
        "error",
        "replies",
    ];
    let fields: BTreeSet<&str> = fields.into_iter().collect();
    for record in &records {
        let keys: BTreeSet<&str> = record
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, fields, "{record}");
    }
    let delivered = &records[0];
    assert_eq!(delivered["file"], PERSON_ADDED);
    assert_eq!(delivered["line"], Value::Null);
    assert_eq!(delivered["event_id"], "AB234SDFD234");
    assert_eq!(delivered["callback_type"], "person_added");
    assert_eq!(delivered["company_id"], vibes_cli::send::DEFAULT_COMPANY_ID);
    assert_eq!(delivered["outcome"], "done");
    assert_eq!(delivered["status"], 200);
    assert_eq!(delivered["attempts"], 2);
    assert!(delivered["elapsed_ms"].is_u64());
    assert_eq!(delivered["error"], Value::Null);
    assert_eq!(
        delivered["replies"],
        json!([
            {"status": 503, "error": null, "body": "scripted answer 503", "body_truncated": false},
            {"status": 200, "error": null, "body": "", "body_truncated": false}
        ])
    );
    let missing = &records[1];
    assert_eq!(missing["file"], "no/such/body.json");
    assert_eq!(missing["outcome"], "not_sent");
    assert_eq!(missing["attempts"], 0);
    assert_eq!(missing["status"], Value::Null);
    assert!(
        missing["error"]
            .as_str()
            .unwrap()
            .starts_with("cannot be read: ")
    );
    assert_eq!(missing["replies"], json!([]));

    let sample = send(
        &endpoint.url(),
        &["--type", "person_added", "--format", "json"],
    );
    assert_eq!(sample.json_lines()[0]["file"], Value::Null);
}

#[test]
fn usage_errors_exit_with_2_and_send_nothing() {
    let endpoint = Endpoint::start(&[]);
    let url = endpoint.url();
    for args in [
        &["send", &url][..],
        &["send", "--type", "person_added"],
        &["send", &url, "--type", "person_added", PERSON_ADDED],
        &["send", &url, "--ndjson", PERSON_ADDED, PERSON_ADDED],
        &["send", &url, "-", PERSON_ADDED, "-"],
        &["send", &url, "--variant", "routing_accepted", PERSON_ADDED],
        &["send", &url, "--type", "person_merged"],
        &["send", "ftp://example.com/vibes", "--type", "person_added"],
        &["send", "localhost:8080", "--type", "person_added"],
        &["send", &url, "--type", "person_added", "--attempts", "0"],
        &["send", &url, "--type", "person_added", "--timeout", "0"],
        &["send", &url, "--type", "person_added", "--timeout", "-1"],
        &["send", &url, "--type", "person_added", "--backoff", "soon"],
        &["send", &url, "--type", "person_added", "--method", "PATCH"],
        &[
            "send",
            &url,
            "--type",
            "person_added",
            "--content-type",
            "text/plain",
        ],
        &["send", &url, "--type", "person_added", "--company-id", ""],
        &[
            "send",
            &url,
            "--type",
            "person_added",
            "--callback-id",
            "caf\u{e9}",
        ],
    ] {
        let run = run(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}");
        assert!(run.stderr.contains("error:"), "{args:?}: {}", run.stderr);
    }
    let no_variants = run(&[
        "send",
        &url,
        "--type",
        "person_added",
        "--variant",
        "routing_accepted",
    ]);
    assert_eq!(no_variants.code, 2);
    assert_eq!(
        no_variants.stderr,
        "vibes: `person_added` has no variants, so not `routing_accepted`\n"
    );
    assert!(endpoint.requests().is_empty());
}
