//! Where strict reading and the committed schemas are known to disagree on generated values,
//! with its reason. A case is recognised only in its exact form, so any other disagreement still
//! fails the test. The one case concerns entities, whose strict reading judges the filter of the
//! registration the entity holds (`CallbackEntity::registration`) while the entity schema
//! describes the entity's own typed fields and leaves the filter open (`schemas/README.md`
//! says so).

use serde_json::Value;
use vibes_types::ParseError;
use vibes_types::schema::Document;

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
        _ => None,
    }
}

/// The entity schema leaves the filter object (kept in `extra`) undescribed, while strict
/// reading checks the filter of the registration the entity holds: an `event_processed` entity
/// whose filter has an unknown `callbacks_to_send` is accepted by the schema, refused by strict
/// reading. Reproducer: `{"callback_id": "", "callback_type": "event_processed",
/// "destination": {"url": ""}, "event_processed": {"callbacks_to_send": ""}}`.
const FILTER_VALUE: &str = "an entity's filter value (schema yes, strict no)";

/// Whether every problem strict reading found is an `event_processed` filter's
/// `callbacks_to_send`.
fn filter_values_only(error: &ParseError) -> bool {
    !error.problems().is_empty()
        && error
            .problems()
            .iter()
            .all(|problem| problem.path().to_string() == "event_processed.callbacks_to_send")
}
