//! Receiving deliveries with axum: the extractor in a real `Router` (driven by tower's
//! `oneshot`), every callback fixture delivered with its headers, the answers to bad requests,
//! and a server on 127.0.0.1 reached over real HTTP.

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, post};
use bytes::Bytes;
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use serde_json::Value;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;
use vibes_tests::{callback_fixtures, headers_for};
use vibes_types::delivery::axum::{DeliveryRejection, Received};
use vibes_types::delivery::{
    Answer, DeliveryRules, DeliveryWarning, Mismatches, SeenEvents, SourceAllowList,
};
use vibes_types::{Callback, CallbackHeaders};

/// What the handlers saw: each delivery received, and each request rejected (its body).
#[derive(Clone, Default)]
struct Seen {
    received: Arc<Mutex<Vec<Received>>>,
    rejected: Arc<Mutex<Vec<Bytes>>>,
}

async fn receive(State(seen): State<Seen>, received: Received) -> Answer {
    seen.received.lock().unwrap().push(received);
    Answer::Acknowledge
}

/// A handler that keeps what it rejects too, and answers with the rejection's own response.
async fn receive_or_keep(
    State(seen): State<Seen>,
    received: Result<Received, DeliveryRejection>,
) -> Response {
    match received {
        Ok(received) => {
            seen.received.lock().unwrap().push(received);
            Answer::Acknowledge.into_response()
        }
        Err(rejection) => {
            if let DeliveryRejection::Invalid(invalid) = &rejection {
                seen.rejected.lock().unwrap().push(invalid.body.clone());
            }
            rejection.into_response()
        }
    }
}

fn app(seen: &Seen) -> Router {
    Router::new()
        .route("/vibes", post(receive).put(receive))
        .route("/any", any(receive))
        .route("/keep", post(receive_or_keep))
        .with_state(seen.clone())
}

/// A delivery request of `body` with `headers`, as Vibes sends it.
fn request(
    method: Method,
    uri: &str,
    headers: &CallbackHeaders,
    body: &[u8],
) -> Request<axum::body::Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_vec()))
        .unwrap();
    request
        .headers_mut()
        .extend(headers.to_headers().expect("fixture headers are text"));
    request
}

const PERSON_ADDED: &[u8] = br#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
  "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "12344566"}}"#;

fn person_headers() -> CallbackHeaders {
    headers_for(&Callback::from_slice(PERSON_ADDED).unwrap())
}

async fn send(app: &Router, request: Request<axum::body::Body>) -> (StatusCode, Bytes) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    (
        status,
        response.into_body().collect().await.unwrap().to_bytes(),
    )
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).unwrap_or_else(|error| panic!("{error}: {bytes:?}"))
}

#[tokio::test]
async fn every_fixture_is_received_with_its_headers() {
    let seen = Seen::default();
    let app = app(&seen);
    let fixtures = callback_fixtures();
    assert!(fixtures.len() > 30, "{} fixtures", fixtures.len());
    for (path, bytes, callback) in &fixtures {
        let headers = headers_for(callback);
        for method in [Method::POST, Method::PUT] {
            let (status, body) = send(&app, request(method, "/vibes", &headers, bytes)).await;
            assert_eq!(status, StatusCode::OK, "{}: {body:?}", path.display());
            assert!(body.is_empty());
        }
    }
    let received = seen.received.lock().unwrap();
    assert_eq!(received.len(), 2 * fixtures.len());
    for (pair, (path, bytes, callback)) in received.chunks(2).zip(&fixtures) {
        for got in pair {
            assert_eq!(&got.delivery.callback, callback, "{}", path.display());
            assert_eq!(got.delivery.headers, headers_for(callback));
            assert_eq!(
                &got.body[..],
                &bytes[..],
                "{}: the bytes as sent",
                path.display()
            );
        }
    }
}

#[tokio::test]
async fn a_request_that_is_not_a_delivery_is_answered_by_the_extractor() {
    let seen = Seen::default();
    let app = app(&seen);
    let headers = person_headers();

    let (status, _) = send(&app, request(Method::GET, "/any", &headers, PERSON_ADDED)).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    let response = app
        .clone()
        .oneshot(request(Method::PATCH, "/any", &headers, PERSON_ADDED))
        .await
        .unwrap();
    assert_eq!(response.headers()["allow"], "POST, PUT");

    let mut plain = request(Method::POST, "/vibes", &headers, PERSON_ADDED);
    plain
        .headers_mut()
        .insert("content-type", "text/plain".parse().unwrap());
    let (status, body) = send(&app, plain).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json(&body)["error"]["kind"], "content_type");

    let mut missing = request(Method::POST, "/vibes", &headers, PERSON_ADDED);
    missing.headers_mut().remove("x-callback-id");
    missing
        .headers_mut()
        .append("x-event-id", "AB234SDFD234".parse().unwrap());
    let (status, body) = send(&app, missing).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = json(&body);
    let problems: Vec<(&str, &str)> = error["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| {
            (
                problem["header"].as_str().unwrap(),
                problem["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (
                "X-Event-Id",
                "callback header `X-Event-Id` comes 2 times, not once"
            ),
            (
                "X-Callback-Id",
                "callback header `X-Callback-Id` is missing"
            ),
        ]
    );

    let broken = br#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
      "event_date": "2017-03-15T15:42:23Z", "person": {"mobile_phone": {"mdn": 12995551234}}}"#;
    let (status, body) = send(&app, request(Method::POST, "/vibes", &headers, broken)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let error = json(&body);
    assert_eq!(error["error"]["kind"], "body");
    assert_eq!(error["error"]["path"], "person.mobile_phone.mdn");
    assert_eq!(
        error["error"]["problems"][0]["path"],
        "person.mobile_phone.mdn"
    );

    let mut other = headers.clone();
    other.event_id = "AB234SDFD235".to_owned();
    let (status, body) = send(&app, request(Method::POST, "/vibes", &other, PERSON_ADDED)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json(&body)["error"]["kind"], "mismatch");
    assert_eq!(json(&body)["error"]["problems"][0]["header"], "X-Event-Id");

    assert!(seen.received.lock().unwrap().is_empty(), "no handler ran");
}

#[tokio::test]
async fn the_rules_come_from_the_extension_layer() {
    let seen = Seen::default();
    let mut other = person_headers();
    other.event_id = "AB234SDFD235".to_owned();
    let forgiving = app(&seen).layer(axum::Extension(
        DeliveryRules::default().with_mismatches(Mismatches::Warn),
    ));
    let (status, _) = send(
        &forgiving,
        request(Method::POST, "/vibes", &other, PERSON_ADDED),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let received = seen.received.lock().unwrap().pop().unwrap();
    assert!(matches!(
        &received.delivery.warnings[..],
        [DeliveryWarning::Mismatch(_)]
    ));

    let unknown = br#"{"event_id": "7c1d", "callback_type": "person_merged",
      "event_date": "2026-03-01T09:00:00Z", "merged_into": {"person_id": "ABC123"}}"#;
    let headers = headers_for(&Callback::from_slice(unknown).unwrap());
    let (status, _) = send(
        &app(&seen),
        request(Method::POST, "/vibes", &headers, unknown),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "an unknown callback type is acknowledged"
    );
    let strict = app(&seen).layer(axum::Extension(DeliveryRules::strict()));
    let (status, body) = send(&strict, request(Method::POST, "/vibes", &headers, unknown)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json(&body)["error"]["path"], "callback_type");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413_and_a_rejected_body_can_be_kept() {
    let seen = Seen::default();
    let limited = app(&seen).layer(DefaultBodyLimit::max(64));
    let (status, _) = send(
        &limited,
        request(Method::POST, "/vibes", &person_headers(), PERSON_ADDED),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let app = app(&seen);
    let garbage = b"{\"event_id\": \"AB234SDFD234\", \xff";
    let (status, body) = send(
        &app,
        request(Method::POST, "/keep", &person_headers(), garbage),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json(&body)["error"]["kind"], "body");
    assert_eq!(seen.rejected.lock().unwrap().as_slice(), [&garbage[..]]);
    let (status, _) = send(
        &app,
        request(Method::POST, "/keep", &person_headers(), PERSON_ADDED),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

/// The receiver of the loopback test: checks the source, then acknowledges an event once.
#[derive(Clone)]
struct Receiver {
    allowed: Arc<SourceAllowList>,
    seen: Arc<SeenEvents>,
    handled: Arc<Mutex<Vec<String>>>,
}

async fn receive_once(
    State(receiver): State<Receiver>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: http::HeaderMap,
    Received { delivery, .. }: Received,
) -> Response {
    if let Err(error) = receiver.allowed.check(peer.ip(), &headers) {
        return (error.status(), error.to_string()).into_response();
    }
    if receiver.seen.insert(delivery.dedup_key()) {
        receiver
            .handled
            .lock()
            .unwrap()
            .push(delivery.dedup_key().to_owned());
    }
    Answer::Acknowledge.into_response()
}

#[tokio::test]
async fn a_server_on_loopback_answers_real_http_requests() {
    let mut statuses = Vec::new();
    for allowed in [
        SourceAllowList::current().with_extra("127.0.0.0/8".parse().unwrap()),
        SourceAllowList::current(),
    ] {
        let receiver = Receiver {
            allowed: Arc::new(allowed),
            seen: Arc::new(SeenEvents::default()),
            handled: Arc::default(),
        };
        let app = Router::new()
            .route("/vibes", post(receive_once).put(receive_once))
            .with_state(receiver.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
        });

        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build_http::<Full<Bytes>>();
        let uri = format!("http://{address}/vibes");
        let send = |method: Method, content_type: &str, body: &'static [u8]| {
            let mut request = Request::builder()
                .method(method)
                .uri(&uri)
                .header("content-type", content_type)
                .body(Full::new(Bytes::from_static(body)))
                .unwrap();
            request
                .headers_mut()
                .extend(person_headers().to_headers().unwrap());
            let client = client.clone();
            async move {
                let response = client.request(request).await.unwrap();
                let status = response.status();
                let body = response.into_body().collect().await.unwrap().to_bytes();
                (status, body)
            }
        };
        let mut round = Vec::new();
        for (method, content_type, body) in [
            (Method::POST, "application/json", PERSON_ADDED),
            (Method::PUT, "text/json; charset=utf-8", PERSON_ADDED),
            (Method::POST, "application/json", &b"{}"[..]),
        ] {
            let (status, answer) = send(method, content_type, body).await;
            if status == StatusCode::BAD_REQUEST {
                assert_eq!(json(&answer)["error"]["kind"], "body");
            }
            round.push(status);
        }
        stop.send(()).unwrap();
        server.await.unwrap().unwrap();
        statuses.push((round, receiver.handled.lock().unwrap().clone()));
    }
    assert_eq!(
        statuses,
        [
            (
                vec![StatusCode::OK, StatusCode::OK, StatusCode::BAD_REQUEST],
                vec!["AB234SDFD234".to_owned()]
            ),
            (
                vec![
                    StatusCode::FORBIDDEN,
                    StatusCode::FORBIDDEN,
                    StatusCode::BAD_REQUEST
                ],
                vec![]
            ),
        ],
        "a repeated delivery is acknowledged twice and handled once; 127.0.0.1 is allowed only as an extra range"
    );
}

#[test]
fn the_fuzz_check_holds_on_every_fixture_delivery_and_its_damaged_forms() {
    let fixtures = callback_fixtures();
    let mut checked = 0;
    for (path, bytes, callback) in &fixtures {
        let bytes = &bytes[..];
        let headers = headers_for(callback);
        // Header lines as the fuzz target reads them, `Content-Type` included.
        let mut lines: Vec<Vec<u8>> = headers
            .to_headers()
            .unwrap()
            .iter()
            .map(|(name, value)| [name.as_str().as_bytes(), b": ", value.as_bytes()].concat())
            .collect();
        lines.push(b"Content-Type: text/json; charset=utf-8".to_vec());
        let input = |lines: &[Vec<u8>], body: &[u8]| {
            [lines.join(&b"\n"[..]), b"\n\n".to_vec(), body.to_vec()].concat()
        };
        let mut inputs = vec![
            input(&lines, bytes),
            input(&lines, &bytes[..bytes.len() / 2]),
        ];
        for left_out in 0..lines.len() {
            let mut fewer = lines.clone();
            fewer.remove(left_out);
            inputs.push(input(&fewer, bytes));
        }
        let mut repeated = lines.clone();
        repeated.push(lines[0].clone());
        inputs.push(input(&repeated, bytes));
        for input in inputs {
            let held = std::panic::catch_unwind(|| crate::fuzz_headers::headers(&input));
            assert!(
                held.is_ok(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&input)
            );
            checked += 1;
        }
    }
    // Whole, the body cut in half, each of the six header lines left out, one repeated.
    assert_eq!(checked, 9 * fixtures.len());
}
