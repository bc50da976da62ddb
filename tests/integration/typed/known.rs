//! Where strict reading and the committed schemas are known to disagree on generated values,
//! each case with its reason. A case is recognised only in its exact form, so any other
//! disagreement still fails the test. Both cases concern entities, whose strict reading judges
//! the registration the entity holds (`CallbackEntity::registration`) while the entity schema
//! describes the entity's own typed fields: which of the two is the contract is still to be
//! decided, so neither is changed here.

use serde_json::Value;
use vibes_types::schema::Document;
use vibes_types::{CallbackType, ParseError};

/// The name of the known disagreement `document` is an instance of, if any: `strict` is strict
/// reading's verdict on `json`, and `schema_accepts` the schema validator's, which the test also
/// asks about variants of `json`.
pub fn disagreement(
    document: &Document,
    json: &Value,
    strict: &Result<impl Sized, ParseError>,
    schema_accepts: impl Fn(&Value) -> bool,
) -> Option<&'static str> {
    if *document != Document::Entity {
        return None;
    }
    match strict {
        Err(error) if filter_values_only(error) && schema_accepts(json) => Some(FILTER_VALUE),
        Ok(_)
            if unknown_beside_callback_type(json) && schema_accepts(&without_event_type(json)) =>
        {
            Some(EVENT_TYPE)
        }
        _ => None,
    }
}

/// The entity schema leaves the filter object (kept in `extra`) undescribed, while strict
/// reading checks the filter of the registration the entity holds: an `event_processed` entity
/// whose filter has an unknown `callbacks_to_send` is accepted by the schema, refused by strict
/// reading. Reproducer: `{"callback_id": "", "callback_type": "event_processed",
/// "destination": {"url": ""}, "event_processed": {"callbacks_to_send": ""}}`.
const FILTER_VALUE: &str = "an entity's filter value (schema yes, strict no)";

/// The entity schema types `event_type` as a callback type, while strict reading judges the
/// registration, which is read as its `callback_type` and keeps a disagreeing `event_type` as an
/// unknown field: an unknown `event_type` beside a `callback_type` is refused by the schema,
/// accepted by strict reading. Reproducer: `{"callback_id": "", "callback_type":
/// "person_added", "event_type": "", "destination": {"url": ""}}`.
const EVENT_TYPE: &str =
    "an entity's unknown event_type beside its callback_type (schema no, strict yes)";

/// Whether every problem strict reading found is an `event_processed` filter's
/// `callbacks_to_send`.
fn filter_values_only(error: &ParseError) -> bool {
    !error.problems().is_empty()
        && error
            .problems()
            .iter()
            .all(|problem| problem.path().to_string() == "event_processed.callbacks_to_send")
}

fn unknown_beside_callback_type(json: &Value) -> bool {
    json["callback_type"].is_string()
        && json["event_type"]
            .as_str()
            .is_some_and(|name| !CallbackType::from(name).is_known())
}

fn without_event_type(json: &Value) -> Value {
    let mut without = json.clone();
    if let Value::Object(members) = &mut without {
        members.remove("event_type");
    }
    without
}
