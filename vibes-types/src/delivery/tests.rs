//! Reading deliveries: each check on its own, every problem at once, the rules, the error's JSON.

use super::*;
use crate::HeaderProblemKind;
use crate::{Callback, CallbackType, ParseErrorKind, Unrecognized};
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use serde_json::json;

const PERSON_ADDED: &str = r#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
  "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "12344566"}}"#;

const UNMATCHED: &str = r#"{"event_id": "8e1a4d6b", "callback_type": "unmatched_message_received",
  "event_date": "2019-06-04T22:29:51+00:00", "source_code": {"company_key": "bi3bwNRk"}}"#;

/// The headers of a delivery of `event_id`, of type `event_type`, for the company `company`.
fn headers(event_id: &str, company: &str, event_type: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in [
        ("content-type", "application/json"),
        ("x-event-id", event_id),
        ("x-company-id", company),
        ("x-callback-id", "Hzh39LP3"),
        ("x-delivery-attempts", "1"),
        ("x-event-type", event_type),
    ] {
        map.insert(name, HeaderValue::from_str(value).unwrap());
    }
    map
}

fn person_headers() -> HeaderMap {
    headers("AB234SDFD234", "zY5VnE7r", "person_added")
}

fn read(rules: DeliveryRules, headers: &HeaderMap, body: &str) -> Result<Delivery, DeliveryError> {
    rules.read(&Method::POST, headers, body.as_bytes())
}

fn kinds(error: &DeliveryError) -> Vec<DeliveryErrorKind> {
    error.problems().iter().map(DeliveryProblem::kind).collect()
}

#[test]
fn reads_post_and_put_with_either_json_media_type() {
    for method in [Method::POST, Method::PUT] {
        for content_type in [
            "application/json",
            "text/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON;charset=UTF-8",
            "Text/Json ; charset=\"utf-8\"",
        ] {
            let mut map = person_headers();
            map.insert("content-type", HeaderValue::from_static(content_type));
            let delivery = DeliveryRules::default()
                .read(&method, &map, PERSON_ADDED.as_bytes())
                .unwrap_or_else(|error| panic!("{method} {content_type}: {error}"));
            assert_eq!(delivery.headers.event_type, CallbackType::PersonAdded);
            assert!(matches!(delivery.callback, Callback::PersonAdded(_)));
            assert!(delivery.warnings.is_empty());
            assert_eq!(delivery.dedup_key(), "AB234SDFD234");
        }
    }
}

#[test]
fn the_request_forms_read_alike() {
    let mut builder = Request::post("/vibes");
    for (name, value) in &person_headers() {
        builder = builder.header(name, value);
    }
    let request = builder.body(PERSON_ADDED.as_bytes().to_vec()).unwrap();
    let from_request = Delivery::from_request(&request).unwrap();
    let (parts, body) = request.into_parts();
    assert_eq!(Delivery::from_parts(&parts, &body).unwrap(), from_request);
    assert_eq!(
        DeliveryRules::strict().read_parts(&parts, &body).unwrap(),
        from_request
    );
}

#[test]
fn refuses_every_other_method_with_405() {
    for method in ["GET", "PATCH", "DELETE", "post", "OPTIONS"] {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let error = DeliveryRules::default()
            .read(&method, &person_headers(), PERSON_ADDED.as_bytes())
            .unwrap_err();
        assert_eq!(kinds(&error), [DeliveryErrorKind::Method], "{method}");
        assert_eq!(error.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(
            error.to_string(),
            format!("callback delivery: method `{method}` is neither `POST` nor `PUT`")
        );
    }
}

#[test]
fn refuses_a_content_type_that_is_not_json_with_415() {
    let cases: [(Option<&[&str]>, HeaderProblemKind); 6] = [
        (None, HeaderProblemKind::Missing),
        (
            Some(&["application/json", "application/json"]),
            HeaderProblemKind::Repeated { count: 2 },
        ),
        (
            Some(&["text/plain"]),
            HeaderProblemKind::NotJson {
                value: "text/plain".to_owned(),
            },
        ),
        (
            Some(&["application/jsonl"]),
            HeaderProblemKind::NotJson {
                value: "application/jsonl".to_owned(),
            },
        ),
        (
            Some(&["application/vnd.api+json; charset=utf-8"]),
            HeaderProblemKind::NotJson {
                value: "application/vnd.api+json; charset=utf-8".to_owned(),
            },
        ),
        (
            Some(&["application/\u{e9}"]),
            HeaderProblemKind::NotVisibleAscii,
        ),
    ];
    for (values, expected) in cases {
        let mut map = person_headers();
        map.remove("content-type");
        for value in values.unwrap_or_default() {
            map.append(
                "content-type",
                HeaderValue::from_bytes(value.as_bytes()).unwrap(),
            );
        }
        let error = read(DeliveryRules::default(), &map, PERSON_ADDED).unwrap_err();
        assert_eq!(
            error.status(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{values:?}"
        );
        let [DeliveryProblem::ContentType(problem)] = error.problems() else {
            panic!("{values:?}: {error}");
        };
        assert_eq!(problem.header(), "Content-Type");
        assert_eq!(problem.kind(), &expected);
    }
    let mut map = person_headers();
    map.insert("content-type", HeaderValue::from_static("text/html"));
    assert_eq!(
        read(DeliveryRules::default(), &map, PERSON_ADDED)
            .unwrap_err()
            .to_string(),
        r#"callback delivery: header `Content-Type` is "text/html", not `application/json` or `text/json`"#
    );
}

#[test]
fn lists_every_problem_of_every_part_in_request_order() {
    let mut map = HeaderMap::new();
    map.insert("x-event-id", HeaderValue::from_static("e1"));
    map.insert("x-delivery-attempts", HeaderValue::from_static("0"));
    let error = DeliveryRules::default()
        .read(&Method::GET, &map, b"{\"event_id\": ")
        .unwrap_err();
    assert_eq!(
        kinds(&error),
        [
            DeliveryErrorKind::Method,
            DeliveryErrorKind::ContentType,
            DeliveryErrorKind::Header,
            DeliveryErrorKind::Header,
            DeliveryErrorKind::Header,
            DeliveryErrorKind::Header,
            DeliveryErrorKind::Body,
        ]
    );
    let headers: Vec<Option<&str>> = error
        .problems()
        .iter()
        .map(DeliveryProblem::header)
        .collect();
    assert_eq!(
        headers,
        [
            None,
            Some("Content-Type"),
            Some("X-Company-Id"),
            Some("X-Callback-Id"),
            Some("X-Delivery-Attempts"),
            Some("X-Event-Type"),
            None
        ]
    );
    assert_eq!(error.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(error.answer(), Answer::Reject);
    let DeliveryProblem::Body(body) = &error.problems()[6] else {
        unreachable!()
    };
    assert_eq!(body.kind(), ParseErrorKind::Truncated);
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn every_mismatch_is_reported_with_its_header_and_path() {
    let map = headers("8e1a4d6c", "zY5VnE7r", "person_updated");
    let error = read(DeliveryRules::default(), &map, UNMATCHED).unwrap_err();
    let found: Vec<(MismatchField, &str, String, &str, &str)> = error
        .problems()
        .iter()
        .map(|problem| match problem {
            DeliveryProblem::Mismatch(mismatch) => (
                mismatch.field,
                mismatch.header(),
                mismatch.path.to_string(),
                mismatch.header_value.as_str(),
                mismatch.body_value.as_str(),
            ),
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                MismatchField::EventId,
                "X-Event-Id",
                "event_id".to_owned(),
                "8e1a4d6c",
                "8e1a4d6b"
            ),
            (
                MismatchField::CallbackType,
                "X-Event-Type",
                "callback_type".to_owned(),
                "person_updated",
                "unmatched_message_received"
            ),
            (
                MismatchField::CompanyId,
                "X-Company-Id",
                "source_code.company_key".to_owned(),
                "zY5VnE7r",
                "bi3bwNRk"
            ),
        ]
    );
    assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error.path().unwrap().to_string(), "event_id");
}

#[test]
fn callback_types_match_through_aliases_and_the_older_field() {
    let older = r#"{"event_id": "AB234SDFD234", "event_type": "person_add",
      "event_date": "2017-02-18T15:34:52+0000", "person": {}}"#;
    for (header, body) in [
        ("person_added", older),
        ("person_add", older),
        ("person_add", PERSON_ADDED),
    ] {
        let map = headers("AB234SDFD234", "zY5VnE7r", header);
        assert!(
            read(DeliveryRules::default(), &map, body).is_ok(),
            "{header}"
        );
    }
    let map = headers("AB234SDFD234", "zY5VnE7r", "person_updated");
    let error = read(DeliveryRules::default(), &map, older).unwrap_err();
    assert_eq!(error.path().unwrap().to_string(), "event_type");
}

#[test]
fn an_unknown_callback_type_is_acknowledged_when_header_and_body_agree() {
    let body = r#"{"event_id": "7c1d", "callback_type": "person_merged",
      "event_date": "2026-03-01T09:00:00Z", "merged_into": {"person_id": "ABC123"}}"#;
    let map = headers("7c1d", "zY5VnE7r", "person_merged");
    let delivery = read(DeliveryRules::default(), &map, body).unwrap();
    assert!(matches!(delivery.callback, Callback::Unknown(_)));
    assert!(matches!(
        &delivery.warnings[..],
        [DeliveryWarning::Unrecognized(Unrecognized::Value { .. })]
    ));
    let other = headers("7c1d", "zY5VnE7r", "person_split");
    let error = read(DeliveryRules::default(), &other, body).unwrap_err();
    assert_eq!(kinds(&error), [DeliveryErrorKind::Mismatch]);
    let strict = read(DeliveryRules::strict(), &map, body).unwrap_err();
    assert_eq!(kinds(&strict), [DeliveryErrorKind::Body]);
}

#[test]
fn only_bodies_that_name_a_company_are_compared_with_it() {
    let map = headers("AB234SDFD234", "some-other-company", "person_added");
    assert!(read(DeliveryRules::default(), &map, PERSON_ADDED).is_ok());
    let without_key = r#"{"event_id": "8e1a4d6b", "callback_type": "unmatched_message_received",
      "event_date": "2019-06-04T22:29:51+00:00", "source_code": {"code": "52623"}}"#;
    let map = headers(
        "8e1a4d6b",
        "some-other-company",
        "unmatched_message_received",
    );
    assert!(read(DeliveryRules::default(), &map, without_key).is_ok());
    let map = headers("8e1a4d6b", "bi3bwNRk", "unmatched_message_received");
    assert!(read(DeliveryRules::default(), &map, UNMATCHED).is_ok());
}

#[test]
fn warn_mode_accepts_mismatches_as_warnings() {
    let map = headers("8e1a4d6c", "bi3bwNRk", "unmatched_message_received");
    let rules = DeliveryRules::default().with_mismatches(Mismatches::Warn);
    let delivery = read(rules, &map, UNMATCHED).unwrap();
    let [DeliveryWarning::Mismatch(mismatch)] = &delivery.warnings[..] else {
        panic!("{:?}", delivery.warnings);
    };
    assert_eq!(mismatch.field, MismatchField::EventId);
    assert_eq!(
        delivery.warnings[0].to_string(),
        r#"header `X-Event-Id` is "8e1a4d6c" but the body's `event_id` is "8e1a4d6b" (accepted)"#
    );
    // The key stays the header's: it is what Vibes delivers by.
    assert_eq!(delivery.dedup_key(), "8e1a4d6c");
}

#[test]
fn strict_reading_refuses_what_lenient_reading_warns_of() {
    let body = r#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
      "event_date": "2017-03-15T15:42:23Z", "person": {}, "person": {}}"#;
    let lenient = read(DeliveryRules::default(), &person_headers(), body).unwrap();
    assert!(matches!(
        &lenient.warnings[..],
        [DeliveryWarning::Unrecognized(
            Unrecognized::RepeatedKey { .. }
        )]
    ));
    let strict = read(DeliveryRules::strict(), &person_headers(), body).unwrap_err();
    let [DeliveryProblem::Body(error)] = strict.problems() else {
        panic!("{strict}");
    };
    assert_eq!(error.kind(), ParseErrorKind::OutsideContract);
    assert_eq!(
        DeliveryRules::default().with_body(BodyReading::Strict),
        DeliveryRules::strict()
    );
}

#[test]
fn the_json_form_has_the_documented_shape() {
    let mut map = person_headers();
    map.remove("x-callback-id");
    let body = r#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
      "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": 42}}"#;
    let error = read(DeliveryRules::default(), &map, body).unwrap_err();
    let body_message = "person_added callback: invalid type: integer `42`, expected a string \
                        at `person.person_id` (line 2, column 70)";
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({"error": {
            "kind": "header",
            "message": format!("callback delivery: callback header `X-Callback-Id` is missing; {body_message}"),
            "path": "person.person_id",
            "problems": [
                {"kind": "header", "header": "X-Callback-Id", "path": null,
                 "message": "callback header `X-Callback-Id` is missing"},
                {"kind": "body", "header": null, "path": "person.person_id",
                 "message": body_message},
            ],
        }})
    );
    let response = error.to_response::<Vec<u8>>();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get("allow").is_none());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(response.body()).unwrap(),
        serde_json::to_value(&error).unwrap()
    );
}

#[test]
fn no_prefix_of_a_delivery_body_panics() {
    for end in 0..PERSON_ADDED.len() {
        let body = &PERSON_ADDED.as_bytes()[..end];
        let error = DeliveryRules::default()
            .read(&Method::POST, &person_headers(), body)
            .unwrap_err();
        assert_eq!(kinds(&error), [DeliveryErrorKind::Body], "{end}");
        assert!(!error.to_string().is_empty());
    }
}
