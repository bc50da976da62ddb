//! The source check: with the default list 127.0.0.1 is not Vibes, and is refused with 403 (the
//! request kept); an allowed range, a trusted proxy's header, or `--allow-any-source` lets it in.

use crate::helpers::{
    Folder, client, deliveries, delivery, headers_for, person_added, receiver_on, rejected,
    request, send,
};
use axum::http::{HeaderValue, Method, StatusCode};

#[tokio::test]
async fn the_default_list_refuses_loopback_with_403_and_keeps_the_request() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let receiver = receiver_on(&store).run();
    let body = person_added("E-source");
    let answer = send(&client(), delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let error = answer.json();
    assert_eq!(error["error"]["kind"], "source");
    assert_eq!(
        error["error"]["message"],
        "deliveries are not accepted from 127.0.0.1; to accept it, start the receiver with \
         `--allow-source 127.0.0.1/32`"
    );
    assert!(deliveries(&folder.store()).is_empty());
    let kept = rejected(&folder.store());
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].status, 403);
    assert_eq!(kept[0].body.as_deref(), Some(&body[..]));
    assert_eq!(kept[0].error, error);
}

#[tokio::test]
async fn an_allowed_range_or_any_source_is_accepted() {
    for flags in [
        &["--allow-source", "127.0.0.1/32"][..],
        &["--legacy-sources", "--allow-source", "127.0.0.0/8"],
        &["--allow-any-source"],
    ] {
        let folder = Folder::new();
        let store = folder.store().display().to_string();
        let receiver = receiver_on(&store).args(flags.iter().copied()).run();
        let body = person_added("E-allowed");
        let answer = send(&client(), delivery(&receiver.url("/"), &body)).await;
        assert_eq!(answer.status, StatusCode::OK, "{flags:?}");
        let rows = deliveries(&folder.store());
        assert_eq!(rows.len(), 1, "{flags:?}");
        assert_eq!(rows[0].body, body);
    }
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_address_it_forwards_is_checked() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let receiver = receiver_on(&store)
        .args([
            "--trust-proxy",
            "127.0.0.1/32",
            "--forwarded-header",
            "x-real-ip",
        ])
        .run();
    let client = client();
    let url = receiver.url("/");
    let body = person_added("E-proxy");
    let mut headers = headers_for(&body);
    headers.insert("x-real-ip", HeaderValue::from_static("35.155.139.143"));
    let from_vibes = send(&client, request(Method::POST, &url, &headers, &body)).await;
    assert_eq!(from_vibes.status, StatusCode::OK);

    let other = person_added("E-proxy-other");
    let mut headers = headers_for(&other);
    headers.insert("x-real-ip", HeaderValue::from_static("198.51.100.9"));
    let from_elsewhere = send(&client, request(Method::POST, &url, &headers, &other)).await;
    assert_eq!(from_elsewhere.status, StatusCode::FORBIDDEN);
    assert_eq!(
        from_elsewhere.json()["error"]["message"],
        "deliveries are not accepted from 198.51.100.9; to accept it, start the receiver with \
         `--allow-source 198.51.100.9/32`"
    );
    let unsaid = send(&client, delivery(&url, &other)).await;
    assert_eq!(unsaid.status, StatusCode::FORBIDDEN);
    assert_eq!(unsaid.json()["error"]["problems"][0]["header"], "x-real-ip");
    let message = unsaid.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("`--forwarded-header`"), "{message}");

    let rows = deliveries(&folder.store());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].header("x-real-ip"), Some("35.155.139.143"));
    assert_eq!(rows[0].source, "127.0.0.1", "the peer: the proxy");
    assert_eq!(rejected(&folder.store()).len(), 2);
}

/// A newcomer's first delivery from their own machine is refused: the answer and the log line
/// both name the flag that lets the source in, with the range to give it.
#[tokio::test]
async fn a_refused_source_names_the_flag_that_allows_it_in_the_answer_and_the_log() {
    let folder = Folder::new();
    let store = folder.store().display().to_string();
    let receiver = receiver_on(&store).run();
    let body = person_added("E-flag");
    let answer = send(&client(), delivery(&receiver.url("/"), &body)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    let hint = "start the receiver with `--allow-source 127.0.0.1/32`";
    let error = answer.json();
    for message in [
        &error["error"]["message"],
        &error["error"]["problems"][0]["message"],
    ] {
        assert!(message.as_str().unwrap().ends_with(hint), "{message}");
    }
    let line = receiver.wait_for_log("was refused with 403");
    assert!(line.contains(" WARN "), "{line}");
    assert!(line.contains(hint), "{line}");
    assert!(line.contains("peer=127.0.0.1:"), "{line}");
    assert_eq!(rejected(&folder.store())[0].error, error);
}
