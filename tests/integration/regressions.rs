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
