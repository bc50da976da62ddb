//! `cargo xtask verdicts`: the Rust verdict on every JSON fixture, with the schema file that
//! judges it, for the checks in other languages to compare their validators against.

use serde_json::{Value, json};
use std::path::Path;

/// One entry per fixture: its path, its schema file, and whether the Rust types accept it
/// under the documented contract.
pub fn verdicts(root: &Path) -> Value {
    let entries = vibes_tests::json_fixtures()
        .into_iter()
        .map(|(path, document, value)| {
            let relative = path.strip_prefix(root).unwrap_or(&path);
            json!({
                "fixture": relative.to_string_lossy(),
                "schema": format!("schemas/{}", document.file_name()),
                "accepted": document.accepts(value.to_string().as_bytes()),
            })
        })
        .collect();
    Value::Array(entries)
}
