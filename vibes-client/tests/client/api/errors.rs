//! How each answer that is not a success is read: 4XX as the API's messages whatever the body's
//! shape, the 404 of `get` and `delete` as its own case, anything else as its status and the
//! start of its body.

use super::client;
use http::StatusCode;
use vibes_client::api::{CallError, Checks};
use vibes_tests::endpoint::{Answer, Endpoint};
use vibes_types::{CallbackRegistration, CallbackType, TestEventRequest};

fn messages(error: &CallError) -> Vec<String> {
    match error {
        CallError::Refused { errors, .. } | CallError::NotFound { errors, .. } => {
            errors.errors.iter().map(ToString::to_string).collect()
        }
        other => panic!("not an answer of the API: {other:?}"),
    }
}

#[tokio::test]
async fn a_4xx_gives_every_message() {
    let body = r#"{"errors": [{"message":"The MDN field is required","code":1},{"message":"The zip code must be numeric","code":2}]}"#;
    let endpoint = Endpoint::start(&[Answer::WithBody(422, body)]);
    let registration = CallbackRegistration::person_added("https://hooks.example.com/vibes");
    let error = client(&endpoint)
        .create(&registration, Checks::Skip)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CallError::Refused { status, .. } if status == StatusCode::UNPROCESSABLE_ENTITY),
        "{error:?}"
    );
    assert_eq!(
        messages(&error),
        [
            "The MDN field is required (code 1)",
            "The zip code must be numeric (code 2)"
        ]
    );
}

#[tokio::test]
async fn error_bodies_of_every_odd_shape_keep_their_messages() {
    let cases: [(&'static str, &str); 5] = [
        (
            r#"{"errors":[{"message":"Invalid callback_type","code":"invalid"}]}"#,
            r#"Invalid callback_type (code "invalid")"#,
        ),
        (r#"{"errors":[{"message":"No code here"}]}"#, "No code here"),
        (
            r#"{"errors":[{"message":"Extra","code":3,"field":"destination"}],"trace":"t-1"}"#,
            "Extra (code 3)",
        ),
        (
            r#"{"errors":{"message":"Only one","code":4}}"#,
            "Only one (code 4)",
        ),
        (
            "<html><body>400 Bad Request from the gateway</body></html>",
            "<html><body>400 Bad Request from the gateway</body></html>",
        ),
    ];
    for (body, shown) in cases {
        let endpoint = Endpoint::start(&[Answer::WithBody(400, body)]);
        let error = client(&endpoint).list().await.unwrap_err();
        assert_eq!(messages(&error), [shown], "{body}");
        assert!(error.to_string().contains(shown), "{error}");
    }
}

#[tokio::test]
async fn a_404_of_get_or_delete_is_its_own_case() {
    let body = r#"{"errors":[{"message":"Callback not found"}]}"#;
    for delete in [false, true] {
        let endpoint = Endpoint::start(&[Answer::WithBody(404, body)]);
        let client = client(&endpoint);
        let error = if delete {
            client.delete("nope").await.unwrap_err()
        } else {
            client.get("nope").await.unwrap_err()
        };
        match &error {
            CallError::NotFound { callback_id, .. } => assert_eq!(callback_id, "nope"),
            other => panic!("{other:?}"),
        }
        assert_eq!(messages(&error), ["Callback not found"]);
        assert_eq!(endpoint.requests().len(), 1, "a 404 is not tried again");
    }
}

#[tokio::test]
async fn a_test_event_without_a_registration_is_a_404_with_its_message() {
    let body = r#"{"errors":[{"message":"Could not find a callback registration for event type 'person_added'"}]}"#;
    let endpoint = Endpoint::start(&[Answer::WithBody(404, body)]);
    let request = TestEventRequest::new(CallbackType::PersonAdded);
    let error = client(&endpoint)
        .send_test_event(&request)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CallError::Refused { status, .. } if status == StatusCode::NOT_FOUND),
        "{error:?}"
    );
    assert_eq!(
        messages(&error),
        ["Could not find a callback registration for event type 'person_added'"]
    );
}

#[tokio::test]
async fn any_other_status_gives_the_status_and_the_start_of_the_body() {
    let long: &'static str = Box::leak(format!("upstream {}", "x".repeat(2000)).into_boxed_str());
    let endpoint = Endpoint::start(&[Answer::WithBody(503, long)]);
    let request = TestEventRequest::new(CallbackType::PersonAdded);
    let error = client(&endpoint)
        .send_test_event(&request)
        .await
        .unwrap_err();
    match &error {
        CallError::Status {
            status,
            body_start,
            attempts,
        } => {
            assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(body_start.len(), 512);
            assert!(body_start.starts_with("upstream xxx"));
            assert_eq!(*attempts, 1);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_success_whose_body_is_not_the_answer_says_so() {
    let endpoint = Endpoint::start(&[Answer::WithBody(200, "<html>hello</html>")]);
    let error = client(&endpoint).get("Hzh39LP3").await.unwrap_err();
    assert!(
        matches!(error, CallError::UnreadableAnswer { status, .. } if status == StatusCode::OK),
        "{error:?}"
    );
}
