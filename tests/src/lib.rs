//! What the integration tests and `cargo xtask verdicts` share: which document kind each JSON
//! fixture is, and which schema files judge it, so both judge the same files against the same
//! schemas.

pub mod mutations;

use std::path::{Path, PathBuf};
use vibes_types::Callback;
use vibes_types::schema::Document;

/// The fixture folders (under `tests/fixtures`) and the kind of document their files are.
/// Callback bodies include those outside the contract and the broken ones: their verdict is no.
const FOLDERS: [(&str, Kind); 13] = [
    ("callbacks/docs", Kind::Callback),
    ("callbacks/seeds", Kind::Callback),
    ("callbacks/authored", Kind::Callback),
    ("strict", Kind::Callback),
    ("invalid", Kind::Callback),
    ("registrations/docs", Kind::Registration),
    ("registrations/seeds", Kind::Registration),
    ("entities/docs", Kind::EntityOrList),
    ("entities/seeds", Kind::EntityOrList),
    ("test_events/seeds", Kind::TestEvent),
    ("api_errors/docs", Kind::ApiErrors),
    ("api_errors/seeds", Kind::ApiErrors),
    ("headers/authored", Kind::Headers),
];

#[derive(Clone, Copy)]
enum Kind {
    Callback,
    Registration,
    EntityOrList,
    TestEvent,
    ApiErrors,
    Headers,
}

/// The fixtures folder of the workspace.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every JSON fixture that is a JSON document, with the kind of document it is, sorted by path.
/// Files that are not JSON at all (a truncated body) are left out: no schema can judge them.
pub fn json_fixtures() -> Vec<(PathBuf, Document, serde_json::Value)> {
    let mut found = Vec::new();
    for (folder, kind) in FOLDERS {
        let dir = fixtures_dir().join(folder);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .map(|entry| entry.expect("a readable folder").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("a readable fixture");
            let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
                continue;
            };
            let file = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            let document = match kind {
                Kind::Callback => Document::Callback,
                Kind::Registration => Document::Registration,
                Kind::EntityOrList if value.is_array() => Document::List,
                Kind::EntityOrList => Document::Entity,
                Kind::TestEvent if file.is_some_and(|name| name.starts_with("response")) => {
                    Document::TestEventResponse
                }
                Kind::TestEvent => Document::TestEventRequest,
                Kind::ApiErrors => Document::ApiErrors,
                Kind::Headers => Document::Headers,
            };
            found.push((path, document, value));
        }
    }
    found
}

/// The documents whose schema files judge a fixture of kind `document`: its own, and for a
/// callback body also the union for code generators and, when the body names a known type, the
/// schema of that type.
pub fn judges(document: &Document, value: &serde_json::Value) -> Vec<Document> {
    let mut judges = vec![document.clone()];
    if *document == Document::Callback {
        judges.push(Document::CallbackUnion);
        if let Ok(callback) = Callback::from_slice(value.to_string().as_bytes())
            && callback.callback_type().is_known()
        {
            judges.push(Document::CallbackOf(callback.callback_type().clone()));
        }
    }
    judges
}
