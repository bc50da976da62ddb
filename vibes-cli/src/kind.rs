//! The kinds of document `vibes validate` checks, and how `--kind auto` recognises one from its
//! content.

use serde_json::{Map, Value};
use std::fmt;
use vibes_types::schema::Document;

/// A kind of JSON document of the Vibes callback surface, as `--kind` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A callback body Vibes delivers.
    Callback,
    /// A registration: the body of the create and update calls.
    Registration,
    /// A callback entity: a registration as the API answers it.
    Entity,
    /// The answer of the list call: an array of entities.
    EntityList,
    /// The body of the test-event call.
    TestEventRequest,
    /// The answer of the test-event call.
    TestEventResponse,
    /// The body of a 4XX answer of the API.
    ApiErrors,
}

impl Kind {
    /// Every kind, in the order `--kind` lists them.
    pub const ALL: [Kind; 7] = [
        Kind::Callback,
        Kind::Registration,
        Kind::Entity,
        Kind::EntityList,
        Kind::TestEventRequest,
        Kind::TestEventResponse,
        Kind::ApiErrors,
    ];

    /// The name `--kind` and the JSON output use (`entity-list`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Callback => "callback",
            Kind::Registration => "registration",
            Kind::Entity => "entity",
            Kind::EntityList => "entity-list",
            Kind::TestEventRequest => "test-event-request",
            Kind::TestEventResponse => "test-event-response",
            Kind::ApiErrors => "api-errors",
        }
    }

    /// What it is, in a few words, for `--help`.
    pub fn about(self) -> &'static str {
        match self {
            Kind::Callback => "a callback body Vibes delivers",
            Kind::Registration => "the body of the create and update calls",
            Kind::Entity => "a registration as the API answers it",
            Kind::EntityList => "the answer of the list call",
            Kind::TestEventRequest => "the body of the test-event call",
            Kind::TestEventResponse => "the answer of the test-event call",
            Kind::ApiErrors => "the body of a 4XX answer of the API",
        }
    }

    /// The schema document that states this kind's contract.
    pub fn document(self) -> Document {
        match self {
            Kind::Callback => Document::Callback,
            Kind::Registration => Document::Registration,
            Kind::Entity => Document::Entity,
            Kind::EntityList => Document::List,
            Kind::TestEventRequest => Document::TestEventRequest,
            Kind::TestEventResponse => Document::TestEventResponse,
            Kind::ApiErrors => Document::ApiErrors,
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Recognises the kind of a document from its top-level shape and keys.
///
/// The documents are told apart by the keys only one of them has, tried in this order:
///
/// 1. an array is an `entity-list` (the list call's answer is the only array);
/// 2. an object with `errors` is `api-errors` (no other document has that key);
/// 3. `message` with `event_id` and none of `callback_type`, `event_type` and `event_date` is a
///    `test-event-response` (an `unmatched_message_received` body has a `message` too);
/// 4. `destination` with `callback_id` is an `entity`, `destination` alone a `registration`
///    (callback bodies never carry a destination; test callbacks carry a `callback_id`, so the
///    pair is needed);
/// 5. `event_type` without `callback_type`, `event_id` or `event_date` is a `test-event-request`
///    (it may carry `subscription` or `participant` overrides; a callback body always has its
///    envelope);
/// 6. anything else, another JSON value or bytes that are not JSON included, is a `callback`,
///    the kind a receiver checks most, whose errors then say what is missing.
pub fn recognise(value: Option<&Value>) -> Kind {
    match value {
        Some(Value::Array(_)) => Kind::EntityList,
        Some(Value::Object(object)) => recognise_object(object),
        _ => Kind::Callback,
    }
}

/// Whether `object` has a callback body's envelope fields.
fn names_a_callback(object: &Map<String, Value>) -> bool {
    ["callback_type", "event_type", "event_date"]
        .iter()
        .any(|key| object.contains_key(*key))
}

// A callback body of a known type that the typed parser reads has `event_id`, `event_date` and a
// type field, so of these rules only `errors` and `destination` can make it another kind:
// `validate` relies on it to recognise such a body without a `Value` (`OTHER_KINDS_KEYS`).
fn recognise_object(object: &Map<String, Value>) -> Kind {
    let has = |key: &str| object.contains_key(key);
    if has("errors") {
        Kind::ApiErrors
    } else if has("message") && has("event_id") && !names_a_callback(object) {
        Kind::TestEventResponse
    } else if has("destination") && has("callback_id") {
        Kind::Entity
    } else if has("destination") {
        Kind::Registration
    } else if has("event_type") && !has("callback_type") && !has("event_id") && !has("event_date") {
        Kind::TestEventRequest
    } else {
        Kind::Callback
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, recognise};
    use serde_json::json;

    #[test]
    fn each_kind_is_recognised_by_its_own_keys() {
        let cases = [
            (json!([]), Kind::EntityList),
            (json!({"errors": []}), Kind::ApiErrors),
            (
                json!({"message": "Created", "event_id": "e1"}),
                Kind::TestEventResponse,
            ),
            (
                json!({"message": "PIZZA", "event_id": "e1", "event_type": "unmatched_message_received"}),
                Kind::Callback,
            ),
            (
                json!({"callback_id": "c1", "destination": {}}),
                Kind::Entity,
            ),
            (
                json!({"callback_type": "person_added", "destination": {}}),
                Kind::Registration,
            ),
            (
                json!({"event_type": "person_added"}),
                Kind::TestEventRequest,
            ),
            (
                json!({"event_type": "person_added", "event_id": "e1"}),
                Kind::Callback,
            ),
            (
                json!({"callback_type": "person_added", "callback_id": 7}),
                Kind::Callback,
            ),
            (json!({}), Kind::Callback),
            (json!("text"), Kind::Callback),
        ];
        for (value, kind) in cases {
            assert_eq!(recognise(Some(&value)), kind, "{value}");
        }
        assert_eq!(recognise(None), Kind::Callback);
    }
}
