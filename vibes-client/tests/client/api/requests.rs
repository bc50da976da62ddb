//! What each operation sends: method, path, headers and body, read back by the server.

use super::{ENTITY, LIST, PASSWORD, client};
use vibes_client::api::Checks;
use vibes_tests::endpoint::{Answer, Endpoint, Recorded};
use vibes_types::{CallbackRegistration, CallbackType, TestEventRequest};

/// `Basic base64("VibesUser:S3cret-Passw0rd")`.
const AUTHORIZATION: &str = "Basic VmliZXNVc2VyOlMzY3JldC1QYXNzdzByZA==";

/// The headers every request carries, set once when the client was built.
fn assert_api_headers(request: &Recorded) {
    assert_eq!(request.header("authorization"), [AUTHORIZATION]);
    assert_eq!(request.header("x-api-version"), ["2"]);
    assert_eq!(request.header("content-type"), ["application/json"]);
}

#[tokio::test]
async fn list_gets_the_companys_callbacks() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, LIST)]);
    let listed = client(&endpoint).list().await.unwrap();
    let ids: Vec<String> = listed.iter().map(|e| e.callback_id.to_text()).collect();
    assert_eq!(ids, ["AB3423", "P1"]);
    let [request] = &endpoint.requests()[..] else {
        panic!("one request: {:?}", endpoint.requests())
    };
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/companies/acme/config/callbacks");
    assert_api_headers(request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn get_asks_for_one_callback_by_its_escaped_id() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, ENTITY)]);
    let entity = client(&endpoint).get("Hzh39LP3").await.unwrap();
    assert_eq!(entity.callback_id.to_text(), "Hzh39LP3");
    let endpoint_two = Endpoint::start(&[Answer::WithBody(200, ENTITY)]);
    client(&endpoint_two).get("a/b c").await.unwrap();
    let requests = endpoint.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(
        requests[0].target,
        "/companies/acme/config/callbacks/Hzh39LP3"
    );
    assert_api_headers(&requests[0]);
    assert_eq!(
        endpoint_two.requests()[0].target,
        "/companies/acme/config/callbacks/a%2Fb%20c"
    );
}

#[tokio::test]
async fn create_posts_the_registration_as_json() {
    let endpoint = Endpoint::start(&[Answer::WithBody(201, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/vibes");
    let created = client(&endpoint)
        .create(&registration, Checks::Skip)
        .await
        .unwrap();
    assert_eq!(created.callback_id.to_text(), "Hzh39LP3");
    let [request] = &endpoint.requests()[..] else {
        panic!("one request, no list call: {:?}", endpoint.requests())
    };
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/companies/acme/config/callbacks");
    assert_api_headers(request);
    assert_eq!(request.body, serde_json::to_vec(&registration).unwrap());
    let sent = CallbackRegistration::from_slice(&request.body).unwrap();
    assert_eq!(sent, registration);
}

#[tokio::test]
async fn create_with_checks_lists_first_then_posts() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, "[]"), Answer::WithBody(201, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/vibes");
    client(&endpoint)
        .create(&registration, Checks::Run)
        .await
        .unwrap();
    let methods: Vec<(String, String)> = endpoint
        .requests()
        .into_iter()
        .map(|r| (r.method, r.target))
        .collect();
    assert_eq!(
        methods,
        [
            (
                "GET".to_owned(),
                "/companies/acme/config/callbacks".to_owned()
            ),
            (
                "POST".to_owned(),
                "/companies/acme/config/callbacks".to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn update_puts_the_registration_under_its_id() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, ENTITY)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/moved");
    client(&endpoint)
        .update("Hzh39LP3", &registration, Checks::Skip)
        .await
        .unwrap();
    let request = &endpoint.requests()[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/companies/acme/config/callbacks/Hzh39LP3");
    assert_api_headers(request);
    assert_eq!(
        CallbackRegistration::from_slice(&request.body).unwrap(),
        registration
    );
}

#[tokio::test]
async fn delete_sends_no_body() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, ENTITY)]);
    let ended = client(&endpoint).delete("Hzh39LP3").await.unwrap();
    assert_eq!(ended.callback_id.to_text(), "Hzh39LP3");
    let request = &endpoint.requests()[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.target, "/companies/acme/config/callbacks/Hzh39LP3");
    assert_api_headers(request);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_test_event_is_posted_to_its_own_path() {
    let answer = r#"{"message": "Created event for event_type 'person_added'", "event_id": "e-1"}"#;
    let endpoint = Endpoint::start(&[Answer::WithBody(201, answer)]);
    let request = TestEventRequest::new(CallbackType::PersonAdded);
    let response = client(&endpoint).send_test_event(&request).await.unwrap();
    assert_eq!(response.event_id, "e-1");
    let sent = &endpoint.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/companies/acme/config/callback_events/test");
    assert_api_headers(sent);
    assert_eq!(sent.body, br#"{"event_type":"person_added"}"#);
}

#[tokio::test]
async fn debug_never_shows_the_password() {
    let endpoint = Endpoint::start(&[]);
    let client = client(&endpoint);
    let request = client
        .prepare(&vibes_types::api::Operation::List, Vec::new())
        .unwrap();
    let encoded = AUTHORIZATION.trim_start_matches("Basic ");
    for shown in [
        format!("{client:?}"),
        format!("{request:?}"),
        format!("{request:#?}"),
    ] {
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(!shown.contains(encoded), "{shown}");
    }
    assert!(format!("{client:?}").contains("VibesUser"));
}
