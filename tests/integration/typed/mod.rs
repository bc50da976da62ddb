//! Round trip by construction: typed values of every callback type (each `event_processed`
//! action case, and unknown types), every registration and entity, generated through the public
//! API, are written to JSON that the committed schemas judge as strict reading does (but in the
//! cases `known` lists), and read back equal.
//!
//! Each test draws its values twice over: with documented enumeration values only, where every
//! value must be within the contract, and with any text too, where strict reading and every
//! schema must refuse the same values and lenient reading must still keep them. The seed comes
//! from `VIBES_TEST_SEED` (else the clock) and is printed with any failure, beside the shrunk
//! value; `PROPTEST_CASES` sets the number of cases of every run, for a longer search.
//!
//! The case counts keep the four tests to 6 to 11 seconds of one core together in a debug build
//! (measured with `--test-threads 1` on the shared 2-core machine; 4 to 8 seconds on both
//! cores); `PROPTEST_CASES=3000` takes about 80 seconds.

mod check;
mod entity;
mod envelope;
mod events;
mod json;
mod known;
mod registration;
mod scalars;

use check::{Generated, Judges, Tally};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use scalars::Values;
use std::cell::RefCell;
use std::collections::BTreeSet;
use vibes_types::events::Action;
use vibes_types::registration::CallbackFilter;
use vibes_types::{Callback, CallbackEntity, CallbackRegistration, CallbackType};

/// Runs the round trip on `cases` values drawn from `strategy`; `look` finds the document in
/// each drawn value and names its kind (checking anything further the value promises).
fn holds<V: std::fmt::Debug, T: Generated>(
    what: &str,
    cases: u32,
    values: Values,
    strategy: BoxedStrategy<V>,
    look: impl Fn(&V) -> Result<(&T, String), TestCaseError>,
) -> Tally {
    let judges = Judges::default();
    let tally = RefCell::new(Tally::default());
    check::run(what, cases, strategy, |drawn| {
        let (document, kind) = look(&drawn)?;
        check::reads_back(document, values, &judges, &tally)?;
        *tally.borrow_mut().kinds.entry(kind).or_default() += 1;
        Ok(())
    });
    let tally = tally.into_inner();
    if !tally.known.is_empty() {
        println!("{what}: known disagreements {:?}", tally.known);
    }
    tally
}

/// Runs the round trip on 256 values drawn from `strategy` with documented values only, then
/// on 256 drawn with any values; each run must draw every kind `kinds` names for it.
fn holds_either_way<V: std::fmt::Debug, T: Generated>(
    what: &str,
    strategy: fn(Values) -> BoxedStrategy<V>,
    look: impl Fn(&V) -> Result<(&T, String), TestCaseError>,
    kinds: impl Fn(Values) -> Vec<String>,
) {
    for values in [Values::Documented, Values::Open] {
        let what = format!("{what}, {values:?} values");
        let tally = holds(&what, 256, values, strategy(values), &look);
        assert_covered(&tally, values, kinds(values));
    }
}

/// Asserts that the run drew every kind in `expected` and, for `Values::Open`, many values on
/// both sides of the contract, so that every verdict was exercised.
fn assert_covered(tally: &Tally, values: Values, expected: impl IntoIterator<Item = String>) {
    let expected: BTreeSet<String> = expected.into_iter().collect();
    let drawn: BTreeSet<String> = tally.kinds.keys().cloned().collect();
    assert_eq!(drawn, expected, "kinds drawn: {:?}", tally.kinds);
    let cases = tally.within + tally.outside;
    match values {
        Values::Documented => assert_eq!(tally.outside, 0),
        Values::Open => assert!(
            tally.within >= cases / 10 && tally.outside >= cases / 10,
            "{} within the contract, {} outside",
            tally.within,
            tally.outside
        ),
    }
}

/// The documented type names, and `unknown` when unknown types are drawn too.
fn type_names(values: Values) -> Vec<String> {
    let mut names: Vec<String> = CallbackType::KNOWN
        .iter()
        .map(|name| name.to_string())
        .collect();
    if values == Values::Open {
        names.push("unknown".to_owned());
    }
    names
}

fn type_name(callback_type: &CallbackType) -> String {
    if callback_type.is_known() {
        callback_type.to_string()
    } else {
        "unknown".to_owned()
    }
}

#[test]
fn callbacks_of_every_type_are_schema_valid_and_read_back_equal() {
    holds_either_way(
        "callbacks",
        events::callback,
        |callback: &Callback| Ok((callback, type_name(callback.callback_type()))),
        type_names,
    );
}

#[test]
fn every_event_processed_action_case_reads_back_equal() {
    let case = |action: &Action| match action {
        Action::RoutingProcessing(_) => "routing processing",
        Action::RoutingFailed(_) => "routing failed",
        Action::SendMessageProcessing(_) => "send_message processing",
        Action::SendMessageFailed(_) => "send_message failed",
        _ => "other",
    };
    let tally = holds(
        "event_processed actions, Open values",
        128,
        Values::Open,
        events::event_processed(Values::Open),
        |callback: &Callback| match callback {
            Callback::EventProcessed(body) => {
                Ok((callback, case(&body.event_processed.action).to_owned()))
            }
            other => Err(TestCaseError::fail(format!(
                "not event_processed: {other:?}"
            ))),
        },
    );
    let cases = [
        "routing processing",
        "routing failed",
        "send_message processing",
        "send_message failed",
        "other",
    ];
    assert_covered(&tally, Values::Open, cases.map(str::to_owned));
}

#[test]
fn registrations_of_every_kind_are_schema_valid_and_read_back_equal() {
    let kind = |registration: &CallbackRegistration| match &registration.callback {
        CallbackFilter::EventProcessed(Some(_)) => "event_processed, filtered".to_owned(),
        CallbackFilter::UnmatchedMessageReceived(filter) if filter.country_code.is_none() => {
            "unmatched_message_received, no country".to_owned()
        }
        _ => type_name(registration.callback_type()),
    };
    holds_either_way(
        "registrations",
        registration::registration,
        |registration: &CallbackRegistration| Ok((registration, kind(registration))),
        |values| {
            let mut kinds = type_names(values);
            kinds.push("event_processed, filtered".to_owned());
            kinds.push("unmatched_message_received, no country".to_owned());
            kinds
        },
    );
}

#[test]
fn entities_are_schema_valid_read_back_equal_and_hold_their_registration() {
    let fields = |entity: &CallbackEntity| match (&entity.callback_type, &entity.event_type) {
        (Some(_), None) => "callback_type",
        (None, Some(_)) => "event_type",
        (current, older) if current == older => "both",
        _ => "both, disagreeing",
    };
    holds_either_way(
        "entities",
        entity::entity,
        |(entity, registration): &(CallbackEntity, CallbackRegistration)| {
            let held = entity
                .registration()
                .map_err(|error| TestCaseError::fail(error.to_string()))?;
            prop_assert_eq!(&held, registration);
            Ok((entity, fields(entity).to_owned()))
        },
        |_| {
            ["callback_type", "event_type", "both", "both, disagreeing"]
                .map(str::to_owned)
                .to_vec()
        },
    );
}
