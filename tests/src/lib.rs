//! What the integration tests and `cargo xtask verdicts` share: which document kind each JSON
//! fixture is, and which schema files judge it, so both judge the same files against the same
//! schemas; and the callback fixtures with the headers Vibes sends with each, which the receiving
//! tests here and the receiver's tests deliver; and a scripted endpoint on loopback, which the
//! delivery tests of `vibes-client` and `vibes-cli` send to.

pub mod endpoint;
pub mod mutations;
#[cfg(feature = "postgres")]
pub mod postgres;

use std::path::{Path, PathBuf};
use vibes_types::schema::Document;
use vibes_types::{Callback, CallbackHeaders, DeliveryAttempts};

/// The fixture folders (under `tests/fixtures`) and the kind of document their files are.
/// Some hold bodies outside the contract (`strict`, `registrations/strict`) or broken ones
/// (`invalid`): their verdict is no.
const FOLDERS: [(&str, Kind); 15] = [
    ("callbacks/docs", Kind::Callback),
    ("callbacks/seeds", Kind::Callback),
    ("callbacks/authored", Kind::Callback),
    ("strict", Kind::Callback),
    ("invalid", Kind::Callback),
    ("registrations/docs", Kind::Registration),
    ("registrations/seeds", Kind::Registration),
    ("registrations/authored", Kind::Registration),
    ("registrations/strict", Kind::Registration),
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

/// Every callback fixture the lenient reader accepts, with its bytes and what it reads as, sorted
/// by path: the bodies the receiving tests deliver.
pub fn callback_fixtures() -> Vec<(PathBuf, Vec<u8>, Callback)> {
    let root = fixtures_dir().join("callbacks");
    let mut found = Vec::new();
    for folder in std::fs::read_dir(&root).expect("the callback fixtures") {
        let folder = folder.expect("a readable folder").path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = file.expect("a readable folder").path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("a readable fixture");
            if let Ok(callback) = Callback::from_slice(&bytes) {
                found.push((path, bytes, callback));
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

/// The headers Vibes would send with `callback`: its event id and callback type, the company of
/// its body where it names one, a callback id, and the first attempt.
pub fn headers_for(callback: &Callback) -> CallbackHeaders {
    let company = match callback {
        Callback::UnmatchedMessageReceived(received) => received
            .source_code
            .as_ref()
            .and_then(|code| code.company_key.clone()),
        _ => None,
    };
    CallbackHeaders {
        event_id: callback.event_id().unwrap_or("no-event-id").to_owned(),
        company_id: company.unwrap_or_else(|| "zY5VnE7r".to_owned()),
        callback_id: "Hzh39LP3".to_owned(),
        delivery_attempts: DeliveryAttempts::FIRST,
        event_type: callback.callback_type().clone(),
    }
}

/// A `person_added` body of the event `event_id`.
pub fn person_added(event_id: &str) -> Vec<u8> {
    format!(
        r#"{{"event_id": "{event_id}", "callback_type": "person_added",
  "event_date": "2017-03-15T15:42:23Z", "person": {{"person_id": "12344566"}}}}"#
    )
    .into_bytes()
}

/// The input a fixture holds: a `.json` file byte for byte, a `.txt` file with each `\xHH` (two
/// hexadecimal digits) turned into the byte it names. `.txt` files hold the inputs that cannot be
/// shown as they are (bytes that are not UTF-8, a byte order mark, control characters).
pub fn fixture_input(path: &Path) -> Vec<u8> {
    let bytes = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    if path.extension().is_some_and(|ext| ext == "txt") {
        unescape(&bytes)
    } else {
        bytes
    }
}

/// `text` with each `\xHH` replaced by the byte it names.
fn unescape(text: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some((&first, tail)) = rest.split_first() {
        if let [b'\\', b'x', high, low, after @ ..] = rest
            && let (Some(high), Some(low)) = (hex(*high), hex(*low))
        {
            bytes.push(high << 4 | low);
            rest = after;
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    bytes
}

fn hex(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
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
