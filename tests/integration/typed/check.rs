//! The property every generated value must hold, and the runner that draws the values: written,
//! it is JSON every schema judging it accepts exactly when strict reading does, and read back,
//! leniently always and strictly when within the contract, it is the value itself.

use super::known;
use super::scalars::Values;
use crate::seeded::Seeded;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde::Serialize;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::time::Instant;
use vibes_types::schema::Document;
use vibes_types::{Callback, CallbackEntity, CallbackRegistration, ParseError, ParseErrorKind};

/// A kind of document whose typed values are generated.
pub trait Generated: Serialize + serde::de::DeserializeOwned + PartialEq + Debug {
    /// The kind of document it is.
    const DOCUMENT: Document;

    /// Reads it leniently.
    fn from_slice(bytes: &[u8]) -> Result<Self, ParseError>;

    /// Reads it against the documented contract.
    fn from_slice_strict(bytes: &[u8]) -> Result<Self, ParseError>;
}

macro_rules! generated {
    ($($ty:ty => $document:ident),*) => {$(
        impl Generated for $ty {
            const DOCUMENT: Document = Document::$document;

            fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
                <$ty>::from_slice(bytes)
            }

            fn from_slice_strict(bytes: &[u8]) -> Result<Self, ParseError> {
                <$ty>::from_slice_strict(bytes)
            }
        }
    )*};
}

generated!(
    Callback => Callback,
    CallbackRegistration => Registration,
    CallbackEntity => Entity
);

/// What one run saw: how many values were within the contract and outside it (by strict
/// reading), and how many of each kind (callback type, action case…) were drawn.
#[derive(Default)]
pub struct Tally {
    pub within: usize,
    pub outside: usize,
    pub kinds: BTreeMap<String, usize>,
    /// How many values were instances of each known disagreement (see `known`).
    pub known: BTreeMap<&'static str, usize>,
}

/// The compiled validators of the schema files, each compiled once per test.
#[derive(Default)]
pub struct Judges(RefCell<HashMap<Document, jsonschema::Validator>>);

impl Judges {
    fn accepts(&self, document: &Document, json: &serde_json::Value) -> bool {
        self.0
            .borrow_mut()
            .entry(document.clone())
            .or_insert_with(|| crate::schema_agreement::validator(&document.file_name()))
            .is_valid(json)
    }
}

/// Checks the round trip of `value`, drawn with `values`, and counts it in `tally`.
pub fn reads_back<T: Generated>(
    value: &T,
    values: Values,
    judges: &Judges,
    tally: &RefCell<Tally>,
) -> Result<(), TestCaseError> {
    let written = serde_json::to_vec(value).map_err(fail)?;
    let text = String::from_utf8_lossy(&written).into_owned();

    // Lenient reading gives the value back, through the crate's reader and through serde's, and
    // writing it again gives the same bytes: nothing was rewritten.
    let read = T::from_slice(&written).map_err(|error| fail(format!("{error}: {text}")))?;
    prop_assert_eq!(&read, value, "lenient reading of {}", text);
    let through_serde: T = serde_json::from_slice(&written).map_err(fail)?;
    prop_assert_eq!(&through_serde, value, "serde_json reading of {}", text);
    let rewritten = serde_json::to_vec(&read).map_err(fail)?;
    prop_assert_eq!(
        String::from_utf8_lossy(&rewritten),
        text.as_str(),
        "written again"
    );

    // Strict reading gives the value back or says it is outside the contract, never anything
    // else: the value was read leniently.
    let strict = T::from_slice_strict(&written);
    match &strict {
        Ok(strict) => prop_assert_eq!(strict, value, "strict reading of {}", text),
        Err(error) => prop_assert_eq!(
            error.kind(),
            ParseErrorKind::OutsideContract,
            "{}: {}",
            error,
            text
        ),
    }
    if values == Values::Documented {
        prop_assert!(
            strict.is_ok(),
            "only documented values, yet {:?}: {}",
            strict,
            text
        );
    }

    // Every schema file that judges the document agrees with strict reading but in the known
    // cases, and so does the verdict the schema agreement test uses.
    let json: serde_json::Value = serde_json::from_slice(&written).map_err(fail)?;
    let mut tally = tally.borrow_mut();
    for judge in vibes_tests::judges(&T::DOCUMENT, &json) {
        let file = judge.file_name();
        prop_assert_eq!(
            judge.accepts(&written),
            strict.is_ok(),
            "Document::accepts for {}",
            file
        );
        let schema = judges.accepts(&judge, &json);
        if schema == strict.is_ok() {
            continue;
        }
        let known =
            known::disagreement(&judge, &json, &strict, |json| judges.accepts(&judge, json));
        let Some(known) = known else {
            let strict = strict.as_ref().err().map(ToString::to_string);
            return Err(fail(format!(
                "{file} says {schema}, strict reading says {strict:?}: {text}"
            )));
        };
        *tally.known.entry(known).or_default() += 1;
    }
    if strict.is_ok() {
        tally.within += 1;
    } else {
        tally.outside += 1;
    }
    Ok(())
}

fn fail(error: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(error.to_string())
}

/// Runs `test` on `cases` values of `strategy` (`PROPTEST_CASES` overrides the count), seeded
/// from `VIBES_TEST_SEED` or the clock; a failure prints the shrunk value and the seed.
pub fn run<S: Strategy>(
    what: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let seed = Seeded::from_env().seed();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(cases);
    let config = Config {
        cases,
        // Nothing is written into the repository: a failure is replayed from its seed.
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    };
    let started = Instant::now();
    let result = TestRunner::new(config).run(&strategy, test);
    println!(
        "{what}: {cases} cases in {:.2?} (VIBES_TEST_SEED={seed})",
        started.elapsed()
    );
    if let Err(error) = result {
        panic!("{what}: {error}\nreplay with VIBES_TEST_SEED={seed}");
    }
}
