//! What every fuzz target holds the crate to, for any bytes: no panic; whatever is accepted writes
//! back to the JSON value it was read from; the readers agree; strict acceptance implies lenient
//! acceptance; a built API path never leaves its collection. A broken promise panics, naming it.
//!
//! `cargo test` includes this file (`tests/integration/regressions.rs`) and replays every input
//! kept under `tests/fixtures/regressions/<target>/` through these functions.

use serde::Serialize;
use serde_json::Value;
use vibes_types::api::{Operation, PathPart, PathProblem, Region};
use vibes_types::{
    ApiErrors, Callback, CallbackEntity, CallbackRegistration, Destination, Inspect,
    TestEventRequest, TestEventResponse, Timestamp,
};

/// A check of one input: it panics, saying what broke, when a promise does not hold.
pub type Check = fn(&[u8]);

/// The fuzz targets whose inputs these functions check, by folder name.
pub const TARGETS: [(&str, Check); 4] = [
    ("callback_lenient", callback_lenient),
    ("callback_strict", callback_strict),
    ("registrations", registrations),
    ("api_paths", api_paths),
];

/// Lenient reading: the one-pass reader (`from_slice`), the tracked reader and `Deserialize` give
/// the same verdict and value, and an accepted body writes back to its JSON value.
pub fn callback_lenient(bytes: &[u8]) {
    let read = Callback::from_slice(bytes);
    let tracked = vibes_types::__private::read_callback_tracked(bytes);
    let deserialized = serde_json::from_slice::<Callback>(bytes);
    match (&read, &tracked, &deserialized) {
        (Ok(callback), Ok(other), Ok(third)) => {
            assert_eq!(
                callback, other,
                "from_slice and from_slice_tracked read differently"
            );
            assert_eq!(
                callback, third,
                "from_slice and Deserialize read differently"
            );
            writes_back("callback", callback, bytes);
            let text = serde_json::to_vec(callback).expect("an accepted callback serializes");
            let again = Callback::from_slice(&text).expect("a written callback reads back");
            // Unknown fields and unknown bodies are kept as their text, so every number reads
            // back as it was (fuzz/findings/README.md tells the finding this once was).
            assert_eq!(
                &again, callback,
                "a written callback reads back differently"
            );
            // Walking the value must not panic either.
            let _ = callback.unrecognized();
        }
        (Err(error), Err(_), Err(_)) => {
            let _ = error.to_string();
        }
        _ => panic!(
            "the readers disagree: from_slice {:?}, from_slice_tracked {:?}, Deserialize {:?}",
            read.as_ref().err().map(ToString::to_string),
            tracked.as_ref().err().map(ToString::to_string),
            deserialized.as_ref().err().map(ToString::to_string),
        ),
    }
}

/// Strict reading: what it accepts, lenient reading accepts as the same value, with nothing
/// outside the contract, and it writes back to its JSON value.
pub fn callback_strict(bytes: &[u8]) {
    let strict = Callback::from_slice_strict(bytes);
    if let Ok(strict) = &strict {
        writes_back("strict callback", strict, bytes);
    }
    strict_implies_lenient("callback", strict, Callback::from_slice(bytes));
}

/// Registrations, entities, test events and API errors: no panic; entities, test events and API
/// errors write back to their JSON value; a registration (which is normalised when read) writes
/// a body that reads back equal, and pre-flight never panics nor shows a password; the entry
/// points and `Deserialize` agree; what strict reading accepts, lenient reading accepts as the
/// same value, with nothing outside the contract.
pub fn registrations(bytes: &[u8]) {
    let now = Timestamp::parse("2026-01-01T00:00Z").expect("a valid timestamp");
    let registration = CallbackRegistration::from_slice(bytes);
    match &registration {
        Ok(registration) => registration_holds(registration, &now),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    strict_implies_lenient(
        "registration",
        CallbackRegistration::from_slice_strict(bytes),
        registration,
    );
    let entity = CallbackEntity::from_slice(bytes);
    let deserialized = serde_json::from_slice::<CallbackEntity>(bytes);
    assert_eq!(
        entity.as_ref().ok(),
        deserialized.as_ref().ok(),
        "CallbackEntity::from_slice and Deserialize disagree"
    );
    if let Ok(entity) = &entity {
        compare("entity", entity, destinations_spelled(json(bytes)));
        if let Ok(registration) = entity.registration() {
            registration_holds(&registration, &now);
        }
    }
    strict_implies_lenient("entity", CallbackEntity::from_slice_strict(bytes), entity);
    strict_implies_lenient(
        "test event request",
        TestEventRequest::from_slice_strict(bytes),
        TestEventRequest::from_slice(bytes),
    );
    if let Ok(list) = serde_json::from_slice::<Vec<CallbackEntity>>(bytes) {
        compare("entity list", &list, destinations_spelled(json(bytes)));
    }
    if let Ok(request) = serde_json::from_slice::<TestEventRequest>(bytes) {
        compare("test event request", &request, json(bytes));
    }
    if let Ok(response) = serde_json::from_slice::<TestEventResponse>(bytes) {
        writes_back("test event response", &response, bytes);
    }
    if let Ok(errors) = serde_json::from_slice::<ApiErrors>(bytes) {
        writes_back("API errors", &errors, bytes);
        let _ = errors.to_string();
    }
}

/// What strict reading accepted, lenient reading accepted as the same value, and it holds
/// nothing outside the contract.
fn strict_implies_lenient<T: PartialEq + std::fmt::Debug + Inspect, E: std::fmt::Display>(
    what: &str,
    strict: Result<T, E>,
    lenient: Result<T, E>,
) {
    let strict = match strict {
        Ok(strict) => strict,
        // An error must show without panicking too.
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    let lenient =
        lenient.unwrap_or_else(|error| panic!("{what}: strict accepted, lenient refused: {error}"));
    assert_eq!(
        strict, lenient,
        "{what}: strict and lenient read differently"
    );
    assert!(
        strict
            .unrecognized()
            .iter()
            .all(|found| !found.breaks_contract()),
        "{what}: strict accepted a value outside the contract"
    );
}

fn registration_holds(registration: &CallbackRegistration, now: &Timestamp) {
    let text = serde_json::to_vec(registration).expect("a registration serializes");
    let again = CallbackRegistration::from_slice(&text)
        .unwrap_or_else(|error| panic!("a written registration does not read back: {error}"));
    assert_eq!(
        &again, registration,
        "a written registration reads back differently"
    );
    let url = &registration.destination.url;
    // The URL as the destination's Debug shows it; unknown fields holding the same text are
    // the sender's data, shown as received.
    let shown = format!("{:?}", Destination::new(url.as_str()));
    let findings = registration.preflight(now.to_utc());
    let listed: Vec<String> = findings.iter().map(ToString::to_string).collect();
    if url.contains('@') && url.contains(':') {
        // Debug may show the URL only with its password taken out.
        let raw = format!("{url:?}");
        assert!(
            !shown.contains(&raw) || !has_password(url),
            "Debug shows a URL with its password: {raw}"
        );
        assert!(
            !listed
                .iter()
                .any(|line| line.contains(url.as_str()) && has_password(url))
        );
    }
}

/// The entities read, with each `destination.method` and `content_type` in its documented
/// spelling: they are read case-insensitively and written in that spelling (a documented choice,
/// see `Destination`), the one rewrite an entity may make.
fn destinations_spelled(mut read: Json) -> Json {
    fn spell(entity: &mut Value) {
        let Some(destination) = entity.get_mut("destination").and_then(Value::as_object_mut) else {
            return;
        };
        for (field, spellings) in [
            ("method", &["POST", "PUT"][..]),
            ("content_type", &["application/json", "text/json"][..]),
        ] {
            if let Some(Value::String(text)) = destination.get_mut(field)
                && let Some(documented) = spellings.iter().find(|s| s.eq_ignore_ascii_case(text))
            {
                *text = (*documented).to_owned();
            }
        }
    }
    match &mut read {
        Json::Value(Value::Array(entities)) => entities.iter_mut().for_each(spell),
        Json::Value(entity) => spell(entity),
        Json::TooDeep | Json::Invalid(_) => {}
    }
    read
}

/// Whether `user:password@` appears before the path, read the simple way.
fn has_password(url: &str) -> bool {
    let rest = url.split_once("//").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or(rest);
    authority.rsplit_once('@').is_some_and(|(user_info, _)| {
        user_info
            .split_once(':')
            .is_some_and(|(_, p)| !p.is_empty())
    })
}

/// API paths: the input is `key` and `id` separated by the first line break (as UTF-8, invalid
/// bytes replaced); every operation's path is an error naming the offending value, or exactly
/// the expected segments.
pub fn api_paths(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let (key, id) = text.split_once('\n').unwrap_or((&text, ""));
    for operation in [
        Operation::Create,
        Operation::List,
        Operation::SendTestEvent,
        Operation::Get(id.to_owned()),
        Operation::Update(id.to_owned()),
        Operation::Delete(id.to_owned()),
    ] {
        path_holds(&operation, key);
    }
}

/// Checks one operation's path for `key`: the error it must be, or the segments it must have.
pub fn path_holds(operation: &Operation, key: &str) {
    let id = operation.callback_id();
    let expected_error = refused(key)
        .map(|problem| (PathPart::CompanyKey, key, problem))
        .or_else(|| {
            let id = id?;
            refused(id).map(|problem| (PathPart::CallbackId, id, problem))
        });
    match (expected_error, operation.path(key)) {
        (Some(expected), Err(error)) => {
            assert_eq!(
                (error.part(), error.value(), error.problem()),
                expected,
                "{operation:?} for {key:?}: the wrong error"
            );
            assert_eq!(Region::Us.uri(operation, key), Err(error));
        }
        (None, Ok(path)) => {
            let mut expected: Vec<Vec<u8>> = vec![
                Vec::new(),
                b"companies".to_vec(),
                key.as_bytes().to_vec(),
                b"config".to_vec(),
            ];
            match operation {
                Operation::SendTestEvent => {
                    expected.extend([b"callback_events".to_vec(), b"test".to_vec()]);
                }
                _ => {
                    expected.push(b"callbacks".to_vec());
                    expected.extend(id.map(|id| id.as_bytes().to_vec()));
                }
            }
            let segments: Vec<Vec<u8>> = path
                .split('/')
                .map(|segment| {
                    decode(segment).unwrap_or_else(|| {
                        panic!("{operation:?} for {key:?}: `{segment}` is not escaped in {path}")
                    })
                })
                .collect();
            assert_eq!(segments, expected, "{operation:?} for {key:?}: {path}");
            assert!(
                path.split('/')
                    .skip(1)
                    .all(|s| !matches!(s, "" | "." | "..")),
                "{operation:?} for {key:?}: a dot or empty segment in {path}"
            );
            let uri = Region::Eu
                .uri(operation, key)
                .unwrap_or_else(|error| panic!("{operation:?} for {key:?}: {error}"));
            assert_eq!(uri.path(), path);
            assert_eq!(uri.query(), None);
        }
        (expected, built) => {
            panic!("{operation:?} for {key:?}: expected {expected:?}, built {built:?}")
        }
    }
}

/// The rule: a key or id is refused when empty, `.` or `..`, or holding `\`.
fn refused(value: &str) -> Option<PathProblem> {
    match value {
        "" => Some(PathProblem::Empty),
        "." | ".." => Some(PathProblem::DotSegment),
        _ if value.contains('\\') => Some(PathProblem::Backslash),
        _ => None,
    }
}

/// A path segment with its `%XX` escapes decoded, or `None` when it holds a character other
/// than the unreserved ones and escapes.
fn decode(segment: &str) -> Option<Vec<u8>> {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            decoded.push(byte);
            index += 1;
        } else {
            return None;
        }
    }
    Some(decoded)
}

/// The JSON value serde_json reads from `bytes`.
enum Json {
    Value(Value),
    /// Deeper than the 128 levels `serde_json::Value` reads; the crate may accept it.
    TooDeep,
    Invalid(String),
}

fn json(bytes: &[u8]) -> Json {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(value) => Json::Value(value),
        Err(error) if error.to_string().starts_with("recursion limit exceeded") => Json::TooDeep,
        Err(error) => Json::Invalid(error.to_string()),
    }
}

/// Checks that `parsed`, accepted from `bytes`, writes back the JSON value they hold.
fn writes_back<T: Serialize>(what: &str, parsed: &T, bytes: &[u8]) {
    compare(what, parsed, json(bytes));
}

/// Checks that `parsed` writes the JSON value `read`.
fn compare<T: Serialize>(what: &str, parsed: &T, read: Json) {
    match read {
        Json::Value(read) => {
            let written = serde_json::to_value(parsed).unwrap_or_else(|error| {
                panic!("{what}: accepted, but does not serialize: {error}")
            });
            assert!(
                written == read,
                "{what}: written back as {written}, read as {read}"
            );
        }
        Json::TooDeep => {
            serde_json::to_vec(parsed).unwrap_or_else(|error| {
                panic!("{what}: accepted, but does not serialize: {error}")
            });
        }
        Json::Invalid(error) => panic!("{what}: accepted bytes that are not JSON: {error}"),
    }
}
