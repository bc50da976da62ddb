//! `cargo xtask verdicts`: the Rust verdict on every callback fixture, as JSON, for the checks in
//! other languages to compare their validators against.

use serde_json::{Value, json};
use std::path::Path;
use vibes_types::Callback;

/// The fixture folders whose files are callback bodies (valid, outside the contract, or broken).
const CALLBACK_FOLDERS: [&str; 5] = [
    "callbacks/docs",
    "callbacks/seeds",
    "callbacks/authored",
    "strict",
    "invalid",
];

/// One entry per fixture: its path, the schema file that judges it, and whether strict parsing
/// accepted it. Files that are not JSON at all are left out: no schema validator can read them.
pub fn verdicts(root: &Path) -> Result<Value, String> {
    let mut entries = Vec::new();
    for folder in CALLBACK_FOLDERS {
        let dir = root.join("tests/fixtures").join(folder);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .map_err(|error| format!("{}: {error}", dir.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes =
                std::fs::read(&path).map_err(|error| format!("{}: {error}", path.display()))?;
            if serde_json::from_slice::<Value>(&bytes).is_err() {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap_or(&path);
            entries.push(json!({
                "fixture": relative.to_string_lossy(),
                "schema": "schemas/callback.schema.json",
                "accepted": Callback::from_slice_strict(&bytes).is_ok(),
            }));
        }
    }
    Ok(Value::Array(entries))
}
