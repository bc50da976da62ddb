//! `cargo xtask verdicts`: the Rust verdict on every JSON fixture, with each schema file that
//! judges it, for the checks in other languages to compare their validators against.

use serde_json::{Value, json};
use std::path::Path;

/// One entry per fixture and schema file that judges it (a callback body: both unions and the
/// schema of its type): the fixture's path, the schema file, and whether the Rust types accept
/// it as that document under the documented contract.
pub fn verdicts(root: &Path) -> Value {
    let mut entries = Vec::new();
    for (path, document, value) in vibes_tests::json_fixtures() {
        let relative = path.strip_prefix(root).unwrap_or(&path);
        for judge in vibes_tests::judges(&document, &value) {
            entries.push(json!({
                "fixture": relative.to_string_lossy(),
                "schema": format!("schemas/{}", judge.file_name()),
                "accepted": judge.accepts(value.to_string().as_bytes()),
            }));
        }
    }
    Value::Array(entries)
}
