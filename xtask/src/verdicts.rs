//! `cargo xtask verdicts`: the Rust verdict on every JSON fixture, with each schema file that
//! judges it, for the checks in other languages to compare their validators against.

use serde_json::{Value, json};
use std::path::Path;
use vibes_types::schema::Document;
use vibes_types::{Callback, CallbackType};

/// One entry per fixture and schema file that judges it (a callback body: both unions and the
/// schema of its type): the fixture's path, the schema file, whether the Rust types accept it as
/// that document under the documented contract, and for a callback body the known callback type
/// it was dispatched on (`null` otherwise).
pub fn verdicts(root: &Path) -> Value {
    let mut entries = Vec::new();
    for (path, document, value) in vibes_tests::json_fixtures() {
        let relative = path.strip_prefix(root).unwrap_or(&path);
        let bytes = value.to_string();
        let callback_type = (document == Document::Callback)
            .then(|| Callback::from_slice(bytes.as_bytes()).ok())
            .flatten()
            .map(|callback| callback.callback_type().clone())
            .filter(CallbackType::is_known)
            .map(|callback_type| callback_type.to_string());
        for judge in vibes_tests::judges(&document, &value) {
            entries.push(json!({
                "fixture": relative.to_string_lossy(),
                "schema": format!("schemas/{}", judge.file_name()),
                "accepted": judge.accepts(bytes.as_bytes()),
                "callback_type": callback_type,
            }));
        }
    }
    Value::Array(entries)
}
