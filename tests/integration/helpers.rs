//! What the fixture-driven tests share: reading a fixture and the round-trip check.

use serde_json::Value;
use std::path::Path;

/// The bytes of a fixture.
pub fn fixture(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Asserts that writing `value` gives back the JSON value of `bytes` (key order aside).
pub fn assert_round_trip<T: serde::Serialize>(value: &T, bytes: &[u8], path: &Path) {
    let read: Value = serde_json::from_slice(bytes).expect("the fixture is JSON");
    let written = serde_json::to_value(value).expect("a parsed value serializes");
    assert_eq!(written, read, "{} does not round-trip", path.display());
}
