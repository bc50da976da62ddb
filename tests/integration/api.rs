//! The configuration API's other bodies: test event requests and answers, and 4XX error bodies.

use crate::helpers::{assert_round_trip, fixture};
use vibes_types::{ApiErrors, Inspect, TestEventRequest, TestEventResponse};

/// Every documented test event request and answer reads and writes back as read.
#[test]
fn documented_test_events() {
    insta::glob!("../fixtures/test_events", "*/*.json", |path| {
        let bytes = fixture(path);
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let shown = if name.starts_with("request__") {
            let request: TestEventRequest = serde_json::from_slice(&bytes)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_round_trip(&request, &bytes, path);
            assert!(request.unrecognized().is_empty(), "{}", path.display());
            format!("{request:#?}")
        } else {
            let response: TestEventResponse = serde_json::from_slice(&bytes)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            assert_round_trip(&response, &bytes, path);
            format!("{response:#?}")
        };
        insta::assert_snapshot!(shown);
    });
}

/// Every documented 4XX body reads, writes back as read, and displays its messages.
#[test]
fn documented_api_errors() {
    insta::glob!("../fixtures/api_errors", "*/*.json", |path| {
        let bytes = fixture(path);
        let errors: ApiErrors = serde_json::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_round_trip(&errors, &bytes, path);
        let as_error: &dyn std::error::Error = &errors;
        insta::assert_snapshot!(format!("{as_error}\n\n{errors:#?}"));
    });
}
