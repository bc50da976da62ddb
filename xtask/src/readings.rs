//! `cargo xtask readings`: how the Rust parser reads every callback body fixture, good and bad,
//! leniently and strictly, for the tests of the Python and TypeScript packages (`bindings/`) to
//! hold their helpers to: the same type read, and for a refused body the same JSON path.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use vibes_types::{Callback, ParseError};

/// The folders under `tests/fixtures` that hold callback bodies: documented, seeded and authored
/// ones, those outside the documented contract, broken ones, and the error-quality set (with its
/// `strict/` folder).
const FOLDERS: [&str; 7] = [
    "callbacks/docs",
    "callbacks/seeds",
    "callbacks/authored",
    "strict",
    "invalid",
    "errors/callbacks",
    "errors/callbacks/strict",
];

/// One entry per callback body fixture (`.json`, and `.txt` with its `\xHH` escapes decoded),
/// sorted by path: the fixture's path from the repository root, and its lenient and strict
/// readings. A reading is `{"accepted": true, "callback_type", "known"}` (the type read, and
/// whether this version knows it), or `{"accepted": false, "kind", "path", "callback_type"}`
/// (the error's kind, its JSON path as the error shows it, and the type the body was read as
/// when the fault came after dispatch).
pub fn readings(root: &Path) -> Value {
    let fixtures = vibes_tests::fixtures_dir();
    let mut entries = Vec::new();
    for folder in FOLDERS {
        for path in bodies_in(&fixtures.join(folder)) {
            let bytes = vibes_tests::fixture_input(&path);
            let relative = path.strip_prefix(root).unwrap_or(&path);
            entries.push(json!({
                "fixture": relative.to_string_lossy(),
                "lenient": reading(Callback::from_slice(&bytes)),
                "strict": reading(Callback::from_slice_strict(&bytes)),
            }));
        }
    }
    Value::Array(entries)
}

/// The `.json` and `.txt` files directly in `folder`, sorted.
fn bodies_in(folder: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.expect("a readable folder").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "json" || ext == "txt")
        })
        .collect();
    paths.sort();
    paths
}

fn reading(result: Result<Callback, ParseError>) -> Value {
    match result {
        Ok(callback) => json!({
            "accepted": true,
            "callback_type": callback.callback_type().to_string(),
            "known": callback.callback_type().is_known(),
        }),
        Err(error) => json!({
            "accepted": false,
            "kind": format!("{:?}", error.kind()),
            "path": error.path().to_string(),
            "callback_type": error.callback_type().map(ToString::to_string),
        }),
    }
}
