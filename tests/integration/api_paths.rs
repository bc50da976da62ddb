//! Paths of the callback configuration API never leave their collection: for any company key
//! and callback id, building a path is an error naming the value, or a path whose segments are
//! exactly the expected ones.

use crate::seeded::Seeded;
use vibes_types::api::{Operation, PathPart, PathProblem, Region};

/// Pieces that make paths misbehave when joined carelessly, and ordinary ones.
const PIECES: &[&str] = &[
    ".", "..", "/", "\\", "%", "%2e", "%2E", "%2f", "?", "#", ";", "..;", " ", "\t", "\n", "\0",
    "~", "@", ":", "+", "&", "=", "é", "\u{ff0e}", "\u{2215}", "a", "Hzh39LP3", "acme", "-", "_",
];

fn arbitrary(random: &mut Seeded) -> String {
    (0..random.below(5)).map(|_| *random.pick(PIECES)).collect()
}

/// The bytes of a path segment with its `%XX` escapes decoded, or `None` when it holds a
/// character that should have been escaped.
fn decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
                decoded.push(u8::from_str_radix(hex, 16).ok()?);
                index += 3;
            }
            byte if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) => {
                decoded.push(byte);
                index += 1;
            }
            _ => return None,
        }
    }
    Some(decoded)
}

fn expected_problem(value: &str) -> Option<PathProblem> {
    match value {
        "" => Some(PathProblem::Empty),
        "." | ".." => Some(PathProblem::DotSegment),
        _ if value.contains('\\') => Some(PathProblem::Backslash),
        _ => None,
    }
}

/// Checks one operation for one key: the error it must give, or the segments it must have.
fn check(operation: &Operation, key: &str, seed: u64) {
    let context = format!("{operation:?} for company key {key:?} (VIBES_TEST_SEED={seed})");
    let id = operation.callback_id();
    let problem = expected_problem(key)
        .map(|problem| (PathPart::CompanyKey, key, problem))
        .or_else(|| {
            let id = id?;
            expected_problem(id).map(|problem| (PathPart::CallbackId, id, problem))
        });
    let built = operation.path(key);
    match (problem, built) {
        (Some(expected), Err(error)) => {
            assert_eq!(
                (error.part(), error.value(), error.problem()),
                expected,
                "{context}"
            );
            assert_eq!(Region::Us.uri(operation, key), Err(error), "{context}");
        }
        (None, Ok(path)) => {
            let segments: Vec<&str> = path.split('/').collect();
            let (collection, own): (&[&str], Option<&str>) = match operation {
                Operation::SendTestEvent => (&["callback_events", "test"], None),
                _ => (&["callbacks"], id),
            };
            let mut expected: Vec<Vec<u8>> = vec![b"".to_vec(), b"companies".to_vec()];
            expected.push(key.as_bytes().to_vec());
            expected.push(b"config".to_vec());
            expected.extend(collection.iter().map(|name| name.as_bytes().to_vec()));
            expected.extend(own.map(|id| id.as_bytes().to_vec()));
            let decoded: Vec<Vec<u8>> = segments
                .iter()
                .map(|segment| {
                    decode(segment)
                        .unwrap_or_else(|| panic!("{context}: unescaped `{segment}` in {path}"))
                })
                .collect();
            assert_eq!(decoded, expected, "{context}: {path}");
            for segment in &segments[1..] {
                assert!(!matches!(*segment, "" | "." | ".."), "{context}: {path}");
            }
            let uri = Region::Eu
                .uri(operation, key)
                .unwrap_or_else(|error| panic!("{context}: {error}"));
            assert_eq!(uri.path(), path, "{context}");
            assert_eq!(uri.query(), None, "{context}");
        }
        (expected, built) => panic!("{context}: expected {expected:?}, built {built:?}"),
    }
}

#[test]
fn built_paths_stay_in_their_collection() {
    let mut random = Seeded::from_env();
    let seed = random.seed();
    for _ in 0..20_000 {
        let key = arbitrary(&mut random);
        let id = arbitrary(&mut random);
        for operation in [
            Operation::Create,
            Operation::List,
            Operation::SendTestEvent,
            Operation::Get(id.clone()),
            Operation::Update(id.clone()),
            Operation::Delete(id.clone()),
        ] {
            check(&operation, &key, seed);
        }
    }
}

#[test]
fn the_documented_findings_are_errors() {
    for (operation, key) in [
        (Operation::Get(".".to_owned()), "acme"),
        (Operation::Get(String::new()), "acme"),
        (Operation::Delete(r"..\..".to_owned()), "acme"),
        (Operation::List, ".."),
    ] {
        assert!(operation.path(key).is_err(), "{operation:?} {key}");
        check(&operation, key, 0);
    }
}
