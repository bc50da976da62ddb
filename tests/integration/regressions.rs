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
