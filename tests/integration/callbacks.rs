//! Callback bodies: every fixture folder parsed, snapshotted, written back and checked strictly.

use crate::helpers::{assert_round_trip, fixture};
use vibes_types::{Callback, Inspect};

/// Every documented or authored body parses leniently and strictly, names its type, writes back
/// as read, and its typed value matches the reviewed snapshot.
#[test]
fn documented_and_authored_bodies() {
    insta::glob!("../fixtures/callbacks", "*/*.json", |path| {
        let bytes = fixture(path);
        let callback = Callback::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(
            callback.callback_type().is_known(),
            "{}: read as unknown",
            path.display()
        );
        if let Err(error) = Callback::from_slice_strict(&bytes) {
            panic!("{}: strict parsing refused it: {error}", path.display());
        }
        assert_round_trip(&callback, &bytes, path);
        let unrecognized: Vec<String> = callback
            .unrecognized()
            .iter()
            .map(ToString::to_string)
            .collect();
        insta::assert_snapshot!(format!("unrecognized: {unrecognized:#?}\n\n{callback:#?}"));
    });
}

/// Bodies that are not callbacks fail in both modes with an error naming the fault and its path.
#[test]
fn invalid_bodies() {
    insta::glob!("../fixtures/invalid", "*.json", |path| {
        let bytes = fixture(path);
        let error = Callback::from_slice(&bytes).expect_err("an invalid body was accepted");
        let strict = Callback::from_slice_strict(&bytes).expect_err("accepted strictly");
        assert_eq!(error, strict, "{}: the modes disagree", path.display());
        insta::assert_snapshot!(format!(
            "{error}\n\nkind: {:?}\npath: {}\nline, column: {:?}\ncallback type: {:?}",
            error.kind(),
            error.path(),
            (error.line(), error.column()),
            error.callback_type()
        ));
    });
}

/// Bodies outside the documented contract: lenient parsing keeps what it does not know and says
/// so; strict parsing refuses them at the path of the unknown value.
#[test]
fn bodies_outside_the_contract() {
    insta::glob!("../fixtures/strict", "*.json", |path| {
        let bytes = fixture(path);
        let lenient = Callback::from_slice(&bytes)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert_round_trip(&lenient, &bytes, path);
        let unrecognized = lenient.unrecognized();
        assert!(
            unrecognized.iter().any(|item| item.breaks_contract()),
            "{}: nothing reported",
            path.display()
        );
        let error = Callback::from_slice_strict(&bytes).expect_err("accepted strictly");
        assert_eq!(error.path(), unrecognized[0].path());
        insta::assert_snapshot!(format!(
            "{error}\n\nlenient type: {}\nunrecognized: {:#?}",
            lenient.callback_type(),
            unrecognized
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        ));
    });
}
