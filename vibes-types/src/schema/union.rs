//! The callback union for code generators (`callback-union.schema.json`), and the per-type
//! schemas made of the same variants.
//!
//! A body names its type in `callback_type`, or, in older bodies, only in `event_type`; no single
//! property discriminates both. So each callback type has two variants: `PersonAdded` (the
//! current form: `callback_type` fixed to the type, `event_type` any known type or absent) and
//! `LegacyPersonAdded` (no `callback_type`, or `null`; `event_type` fixed to the type). The
//! current forms make a union discriminated on `callback_type`, the legacy forms one on
//! `event_type`, and a body is one of the two unions. Unknown callback types are in neither,
//! by design: a consumer validates against the union and keeps what fails as raw JSON, as the
//! Rust parser keeps an [`UnknownCallback`](crate::UnknownCallback).

use super::shapes::{define, definition_name, discriminated_union, properties_mut, require, tag};
use crate::reader::dispatch::Dispatch as _;
use crate::{Callback, CallbackType};
use schemars::{Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

/// The field current bodies name their type in, and the one older bodies name it in.
const CALLBACK_TYPE: &str = crate::callback::TYPE_FIELDS[0];
const EVENT_TYPE: &str = crate::callback::TYPE_FIELDS[1];

/// The name prefix of the legacy variants.
const LEGACY: &str = "Legacy";

/// The two unions, by the field that discriminates them.
const CURRENT_UNION: &str = "CurrentCallback";
const LEGACY_UNION: &str = "LegacyCallback";

/// Any callback body of a known type, as a union of one variant per callback type and form.
///
/// ```
/// let schema = vibes_types::schema::callback_union();
/// let forms = schema.get("oneOf").unwrap().as_array().unwrap();
/// assert_eq!(forms.len(), 2); // the current form and the older one
/// assert!(schema.get("$defs").unwrap().get("PersonAdded").is_some());
/// assert!(schema.get("$defs").unwrap().get("LegacyPersonAdded").is_some());
/// ```
///
/// Available on crate feature `schema` only.
pub fn callback_union() -> Schema {
    let mut generator = super::generator();
    let mut current = Vec::new();
    let mut legacy = Vec::new();
    for (callback_type, body) in Callback::body_schemas(&mut generator) {
        let variants = variants(&mut generator, &callback_type, body.as_value());
        let names = callback_type.wire_names().to_vec();
        current.push((names.clone(), variants.current));
        legacy.push((names, variants.legacy));
    }
    let unions = [
        (
            CURRENT_UNION,
            CALLBACK_TYPE,
            current,
            format!(
                "A callback body that names its type in `{CALLBACK_TYPE}`, as current bodies do."
            ),
        ),
        (
            LEGACY_UNION,
            EVENT_TYPE,
            legacy,
            format!("An older callback body, that names its type only in `{EVENT_TYPE}`."),
        ),
    ];
    let mut one_of = Vec::new();
    for (name, field, variants, description) in unions {
        let mut union = discriminated_union(field, &variants);
        union.insert("description".to_owned(), description.into());
        one_of.push(define(&mut generator, name, Schema::from(union)));
    }
    let mut schema = json_schema!({
        "title": "Callback",
        "description": format!("Any Vibes callback body of a known callback type, one variant per type and form: a union for code generators, which accepts exactly what `callback.schema.json` accepts. Current bodies are discriminated by `{CALLBACK_TYPE}` (`PersonAdded`, `EventProcessed`, …), older ones by `{EVENT_TYPE}` (`LegacyPersonAdded`, …). Unknown callback types are outside this union by design: validate against it, and keep a body that fails as raw JSON, as the Rust parser keeps an unknown callback type."),
        "oneOf": one_of,
    });
    schema.insert(
        "$defs".to_owned(),
        Value::Object(generator.take_definitions(true)),
    );
    super::prune_definitions(&mut schema);
    schema
}

/// The body of one callback type, in either form; `None` for a type this version does not know.
///
/// ```
/// use vibes_types::CallbackType;
/// use vibes_types::schema::callback_of;
///
/// let schema = callback_of(&CallbackType::DeviceAdded).unwrap();
/// assert_eq!(schema.get("title").unwrap(), "DeviceAddedCallback");
/// assert!(callback_of(&CallbackType::from("person_merged")).is_none());
/// ```
///
/// Available on crate feature `schema` only.
pub fn callback_of(callback_type: &CallbackType) -> Option<Schema> {
    let mut generator = super::generator();
    let (_, body) = Callback::body_schemas(&mut generator)
        .into_iter()
        .find(|(tag, _)| tag == callback_type)?;
    let name = definition_name(body.as_value())?.to_owned();
    let description = generator
        .definitions()
        .get(&name)
        .and_then(|definition| definition.get("description"))
        .cloned();
    let variants = variants(&mut generator, callback_type, body.as_value());
    let mut schema = json_schema!({
        "title": format!("{name}Callback"),
        "oneOf": [variants.current, variants.legacy],
    });
    if let Some(description) = description {
        schema.insert("description".to_owned(), description);
    }
    schema.insert(
        "$defs".to_owned(),
        Value::Object(generator.take_definitions(true)),
    );
    super::prune_definitions(&mut schema);
    Some(schema)
}

/// `$ref`s to the two variants of one callback type.
struct Variants {
    current: Value,
    legacy: Value,
}

/// Replaces the body definition `body` points at with its current form, adds its legacy form,
/// and returns `$ref`s to both.
fn variants(
    generator: &mut SchemaGenerator,
    callback_type: &CallbackType,
    body: &Value,
) -> Variants {
    let name = definition_name(body)
        .unwrap_or_else(|| panic!("the body of `{callback_type}` is a `$ref` to its definition"))
        .to_owned();
    let Some(Value::Object(definition)) = generator.definitions().get(&name).cloned() else {
        panic!("the body definition `{name}` is an object schema")
    };
    let names = callback_type.wire_names();

    let mut current = definition.clone();
    let fields = properties_mut(&mut current);
    let described = fields
        .get(CALLBACK_TYPE)
        .and_then(|field| field.get("description"));
    let fixed = tag(names, described);
    fields.insert(CALLBACK_TYPE.to_owned(), fixed);
    require(&mut current, CALLBACK_TYPE);

    let mut legacy = definition;
    let fields = properties_mut(&mut legacy);
    let described = fields
        .get(EVENT_TYPE)
        .and_then(|field| field.get("description"));
    let fixed = tag(names, described);
    fields.insert(EVENT_TYPE.to_owned(), fixed);
    fields.insert(
        CALLBACK_TYPE.to_owned(),
        serde_json::json!({
            "type": "null",
            "description": format!("Absent, or `null`: an older body names its type only in `{EVENT_TYPE}`."),
        }),
    );
    require(&mut legacy, EVENT_TYPE);
    append_description(
        &mut legacy,
        &format!("The older form of this body, without `{CALLBACK_TYPE}`."),
    );

    Variants {
        current: define(generator, &name, Schema::from(current)),
        legacy: define(generator, &format!("{LEGACY}{name}"), Schema::from(legacy)),
    }
}

/// Adds a paragraph to the schema's description.
fn append_description(schema: &mut Map<String, Value>, paragraph: &str) {
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(existing) => format!("{existing}\n\n{paragraph}"),
        None => paragraph.to_owned(),
    };
    schema.insert("description".to_owned(), description.into());
}
