//! The fuzz targets' checks (`fuzz/src/invariants.rs`) under `cargo test`: every fixture, and every
//! input that once broke a target (kept under `fixtures/regressions/<target>/`), must hold them.

use crate::invariants;
use std::path::{Path, PathBuf};

/// The fixture folders each target is seeded from (as `fuzz/seed.sh` does).
const SEEDS: [(&str, &[&str]); 4] = [
    ("callback_lenient", &["callbacks", "strict", "invalid"]),
    ("callback_strict", &["callbacks", "strict", "invalid"]),
    (
        "registrations",
        &["registrations", "entities", "api_errors", "test_events"],
    ),
    ("api_paths", &[]),
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every file under `folder`, recursively, but the `SOURCES.md` and `README.md` notes.
fn files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries {
        let path = entry.expect("a readable folder").path();
        if path.is_dir() {
            found.extend(files(&path));
        } else if path.extension().is_none_or(|extension| extension != "md") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Runs `check` on each file and fails naming every file that broke it.
fn replay(target: &str, check: invariants::Check, paths: &[PathBuf]) {
    let broken: Vec<String> = paths
        .iter()
        .filter(|path| {
            let bytes = crate::helpers::fixture(path);
            std::panic::catch_unwind(|| check(&bytes)).is_err()
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(broken.is_empty(), "{target} breaks on {broken:#?}");
}

#[test]
fn fixtures_hold_the_fuzz_invariants() {
    for (target, check) in invariants::TARGETS {
        let (_, folders) = SEEDS
            .iter()
            .find(|(name, _)| *name == target)
            .expect("every target has seeds");
        let paths: Vec<PathBuf> = folders
            .iter()
            .flat_map(|folder| files(&fixtures().join(folder)))
            .collect();
        replay(target, check, &paths);
    }
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let root = fixtures().join("regressions");
    for (target, check) in invariants::TARGETS {
        replay(target, check, &files(&root.join(target)));
    }
}

/// The fuzz targets' checks, in `cargo test` and bounded to a few seconds: every seed of every
/// target, mutated by a seeded generator (structural mutations of its JSON, and byte
/// replacements, insertions, deletions and splices), several thousand cases per run. A failure
/// prints the seed (`VIBES_TEST_SEED` replays it) and the input.
#[test]
fn seeded_mutations_hold_the_fuzz_invariants() {
    let mut random = crate::seeded::Seeded::from_env();
    let seed = random.seed();
    let mut cases = 0;
    for (target, check) in invariants::TARGETS {
        let (_, folders) = SEEDS
            .iter()
            .find(|(name, _)| *name == target)
            .expect("every target has seeds");
        let inputs: Vec<Vec<u8>> = folders
            .iter()
            .flat_map(|folder| files(&fixtures().join(folder)))
            .map(|path| crate::helpers::fixture(&path))
            .collect();
        if inputs.is_empty() {
            continue;
        }
        for _ in 0..1_000 {
            let input = mutate(&mut random, &inputs);
            if std::panic::catch_unwind(|| check(&input)).is_err() {
                panic!(
                    "{target} breaks on a mutation (VIBES_TEST_SEED={seed}): {}",
                    String::from_utf8_lossy(&input)
                );
            }
            cases += 1;
        }
    }
    assert!(cases >= 3_000, "only {cases} cases");
}

/// One mutation of one of `inputs`.
fn mutate(random: &mut crate::seeded::Seeded, inputs: &[Vec<u8>]) -> Vec<u8> {
    let mut bytes = random.pick(inputs).clone();
    // A structural mutation of the JSON, where it is JSON, half the time.
    if random.below(2) == 0
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes)
    {
        let mutations = vibes_tests::mutations::mutations(&value);
        if !mutations.is_empty() {
            return random.pick(&mutations).1.to_string().into_bytes();
        }
    }
    const BYTES: &[u8] = b"{}[]\",:0123456789-.eEtrufalsn \\\n\x00\xff\xc3";
    for _ in 0..=random.below(4) {
        let at = random.below(bytes.len() + 1);
        match random.below(4) {
            0 if at < bytes.len() => bytes[at] = *random.pick(BYTES),
            1 => bytes.insert(at, *random.pick(BYTES)),
            2 if at < bytes.len() => {
                bytes.remove(at);
            }
            _ => {
                // Splice in a piece of another input.
                let other = random.pick(inputs);
                let start = random.below(other.len().max(1));
                let end = (start + random.below(64)).min(other.len());
                bytes.splice(at..at, other[start..end].iter().copied());
            }
        }
    }
    bytes
}

/// Fuzz finding: `person_add` (the alias seed 003 uses) in an entity's or a test event request's
/// type field was written back as `person_added`. The alias is kept, and written back only while
/// it still spells the field's value.
#[test]
fn an_aliased_type_field_is_written_back_as_read() {
    use serde_json::{Value, json};
    use vibes_types::{CallbackEntity, CallbackType, TestEventRequest};

    let body = br#"{"callback_id": "Hzh39LP3", "event_type": "person_add", "callback_type": "person_added", "destination": {"url": "https://example.com/h"}}"#;
    let mut entity = CallbackEntity::from_slice(body).expect("reads");
    assert_eq!(entity.event_type, Some(CallbackType::PersonAdded));
    assert_eq!(entity.extra.alias("event_type"), Some("person_add"));
    assert_eq!(entity.extra.alias("callback_type"), None);
    let written = serde_json::to_value(&entity).expect("writes");
    assert_eq!(
        written,
        serde_json::from_slice::<Value>(body).expect("JSON")
    );
    // A value changed after reading is written in its own spelling.
    entity.event_type = Some(CallbackType::PersonUpdated);
    assert_eq!(
        serde_json::to_value(&entity).expect("writes")["event_type"],
        "person_updated"
    );

    let mut request = TestEventRequest::from_slice(br#"{"event_type": "person_add"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"event_type": "person_add"})
    );
    request.event_type = CallbackType::PersonAdded;
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"event_type": "person_add"}),
        "the same value keeps the spelling it came in"
    );
    // Read in the documented spelling, a value is equal to one built in code; read as the alias,
    // it writes differently, so it is not.
    let documented = TestEventRequest::from_slice(br#"{"event_type": "person_added"}"#).unwrap();
    assert_eq!(documented, TestEventRequest::new(CallbackType::PersonAdded));
    assert_ne!(request, documented);
}

/// The inputs kept under `regressions/<target>/refused/` broke a target by being read; since their
/// fix they are refused, by every reader of the documents the target reads.
#[test]
fn fuzz_regressions_in_refused_are_refused() {
    use vibes_types::{ApiErrors, Callback, CallbackEntity, CallbackRegistration};
    use vibes_types::{TestEventRequest, TestEventResponse};
    let refused = files(&fixtures().join("regressions/registrations/refused"));
    assert!(!refused.is_empty());
    for path in refused {
        let bytes = crate::helpers::fixture(&path);
        let read = [
            Callback::from_slice(&bytes).is_ok(),
            CallbackRegistration::from_slice(&bytes).is_ok(),
            CallbackEntity::from_slice(&bytes).is_ok(),
            TestEventRequest::from_slice(&bytes).is_ok(),
            TestEventResponse::from_slice(&bytes).is_ok(),
            ApiErrors::from_slice(&bytes).is_ok(),
        ];
        assert_eq!(read, [false; 6], "{}", path.display());
    }
}
