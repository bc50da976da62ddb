//! JSON Schemas (draft 2020-12) of the wire types, as the repository's `schemas/` folder holds
//! them.
//!
//! They state the strict contract, exactly what [`Callback::from_slice_strict`] accepts:
//! enumerations closed to their documented values, objects open to unknown properties, `required`
//! where a type requires a field, `null` where a type accepts it, timestamps by
//! [`Timestamp::PATTERN`]. The callback union picks its branch from `callback_type` (else
//! `event_type`) with `if`/`then`, so a validator reports only the errors of the matching type.
//! [`callback_union`] states the same contract as a discriminated union, the shape code
//! generators turn into one class per callback type; the per-type schemas and the
//! `event_processed` action have that shape too.
//!
//! [`files`] gives every file of the repository's `schemas/` folder as the text committed there,
//! the OpenAPI document of the callback configuration API included.
//!
//! Available on crate feature `schema` only.

mod action;
mod document;
mod files;
pub(crate) mod open_enum;
mod openapi;
mod shapes;
mod union;

pub(crate) use action::{ActionCases, action};
pub use document::Document;
pub use files::{SchemaFile, files};
pub use union::{callback_of, callback_union};

use crate::reader::dispatch::Dispatch;
use crate::{Callback, CallbackType, Timestamp};
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

/// The generator every schema of this crate is made with: draft 2020-12, as read (deserialized).
///
/// ```
/// use vibes_types::Destination;
///
/// let mut generator = vibes_types::schema::generator();
/// let destination = generator.subschema_for::<Destination>();
/// assert_eq!(destination.get("$ref").unwrap(), "#/$defs/Destination");
/// assert!(generator.definitions().contains_key("Destination"));
/// ```
///
/// Available on crate feature `schema` only.
pub fn generator() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
}

/// The schema of `T` as a standalone document, its definitions under `$defs`.
///
/// ```
/// use vibes_types::CallbackRegistration;
///
/// let schema = vibes_types::schema::root_for::<CallbackRegistration>();
/// assert_eq!(schema.get("title").unwrap(), "CallbackRegistration");
/// assert_eq!(schema.get("$schema").unwrap(), "https://json-schema.org/draft/2020-12/schema");
/// ```
///
/// Available on crate feature `schema` only.
pub fn root_for<T: JsonSchema>() -> Schema {
    generator().into_root_schema_for::<T>()
}

/// Any callback body: the union of the body of every documented callback type.
///
/// ```
/// let schema = vibes_types::schema::callback();
/// assert_eq!(schema.get("title").unwrap(), "Callback");
/// assert!(schema.get("if").is_some()); // the branch is chosen by the body's type
/// ```
///
/// Available on crate feature `schema` only.
pub fn callback() -> Schema {
    root_for::<Callback>()
}

/// Removes the `$defs` entries no `$ref` reaches from the root.
pub(crate) fn prune_definitions(schema: &mut Schema) {
    let Some(Value::Object(definitions)) = schema.remove("$defs") else {
        return;
    };
    let mut reached = std::collections::BTreeSet::new();
    let mut pending = Vec::new();
    collect_refs(schema.as_value(), &mut pending);
    while let Some(name) = pending.pop() {
        if let Some(definition) = definitions.get(&name)
            && reached.insert(name)
        {
            collect_refs(definition, &mut pending);
        }
    }
    let kept: serde_json::Map<String, Value> = definitions
        .into_iter()
        .filter(|(name, _)| reached.contains(name))
        .collect();
    schema.insert("$defs".to_owned(), Value::Object(kept));
}

/// Pushes the definition names of every local `$ref` inside `value`.
fn collect_refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix("#/$defs/"))
            {
                found.push(name.to_owned());
            }
            object.values().for_each(|child| collect_refs(child, found));
        }
        Value::Array(items) => items.iter().for_each(|child| collect_refs(child, found)),
        _ => {}
    }
}

/// The field names a body names its type in, in the order dispatch reads them.
const TYPE_FIELDS: [&str; 2] = crate::callback::TYPE_FIELDS;

/// Holds when `field` is present and a string (a `null` type field counts as absent).
fn names_a_type(field: &str) -> Value {
    json!({ "required": [field], "properties": { field: { "type": "string" } } })
}

impl JsonSchema for Callback {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Callback".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let [primary, fallback] = TYPE_FIELDS;
        let bodies = Callback::body_schemas(generator);
        let mut schema = json_schema!({
            "title": "Callback",
            "description": "Any Vibes callback body. The branch is chosen by `callback_type` when it is a string, else by `event_type`; a body with neither is refused. Unknown callback types are outside the contract here; the Rust parser keeps them (with their whole body) in lenient mode.",
            "type": "object",
            "properties": {
                primary: { "type": ["string", "null"] },
                fallback: { "type": ["string", "null"] },
            },
        });
        schema.ensure_object().extend(by_callback_type(|tag| {
            bodies
                .iter()
                .find(|(body_tag, _)| body_tag == tag)
                .map(|(_, body)| body.as_value().clone())
        }));
        schema
    }
}

/// The `if`/`then`/`else` that picks a body's branch by the type it names: `callback_type` when
/// it is a string, else `event_type` (which must then be one). Each known type's branch is
/// `branch(type)`; types whose branch is `None` need nothing more than their name.
pub(crate) fn by_callback_type(
    branch: impl Fn(&CallbackType) -> Option<Value>,
) -> serde_json::Map<String, Value> {
    let [primary, fallback] = TYPE_FIELDS;
    let known: Vec<CallbackType> = CallbackType::KNOWN
        .iter()
        .map(|name| CallbackType::from(*name))
        .collect();
    let all_names: Vec<&str> = known
        .iter()
        .flat_map(|tag| tag.wire_names().iter().copied())
        .collect();
    let branches: Vec<(&CallbackType, Value)> = known
        .iter()
        .filter_map(|tag| branch(tag).map(|then| (tag, then)))
        .collect();
    let branches_on = |field: &str| -> Vec<Value> {
        branches
            .iter()
            .map(|(tag, then)| {
                json!({
                    "if": { "properties": { field: { "enum": tag.wire_names() } } },
                    "then": then,
                })
            })
            .collect()
    };
    let dispatch = json!({
        "if": names_a_type(primary),
        "then": {
            "properties": { primary: { "enum": all_names } },
            "allOf": branches_on(primary),
        },
        "else": {
            "required": [fallback],
            "properties": { fallback: { "type": "string", "enum": all_names } },
            "allOf": branches_on(fallback),
        },
    });
    match dispatch {
        Value::Object(dispatch) => dispatch,
        _ => unreachable!("a JSON object literal"),
    }
}

impl JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A timestamp in one of the six shapes Vibes writes: minutes (`2017-01-01T00:00Z`), seconds, fractions, and offsets with or without a colon. Not `format: date-time`: minute precision is not RFC 3339.",
            "type": "string",
            "pattern": Timestamp::PATTERN,
        })
    }
}
