//! The few shapes that code generators (datamodel-codegen, json-schema-to-typescript, OpenAPI
//! tools) turn into good types, and the pass that gives every schema file those shapes.
//!
//! What the generators need, learnt by running them: a union is a `oneOf` of `$ref`s with an
//! OpenAPI `discriminator` whose `mapping` names every tag value (without it an alias becomes a
//! wrong literal); each variant fixes its tag to a `const` (or a closed `enum` for aliases) that
//! is required and not nullable; a `$ref` has no sibling keywords (json-schema-to-typescript
//! makes a second type, `Person1`, for a `$ref` beside a `description`); and every definition
//! has a `title` equal to its `$defs` key (datamodel-codegen names classes from the key,
//! json-schema-to-typescript from the title).

use schemars::{Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

/// A `oneOf` of `cases`, each the tag values that select it and a `$ref` to it, with the OpenAPI
/// `discriminator` on `property` whose `mapping` lists every tag value.
pub(crate) fn discriminated_union(
    property: &str,
    cases: &[(Vec<&str>, Value)],
) -> Map<String, Value> {
    let mut mapping = Map::new();
    for (tags, reference) in cases {
        for tag in tags {
            mapping.insert((*tag).to_owned(), reference["$ref"].clone());
        }
    }
    let one_of: Vec<Value> = cases
        .iter()
        .map(|(_, reference)| reference.clone())
        .collect();
    let mut union = Map::new();
    union.insert("oneOf".to_owned(), Value::Array(one_of));
    union.insert(
        "discriminator".to_owned(),
        json!({ "propertyName": property, "mapping": mapping }),
    );
    union
}

/// Stores `schema` as the definition `name` (titled `name`) and returns a `$ref` to it.
pub(crate) fn define(generator: &mut SchemaGenerator, name: &str, mut schema: Schema) -> Value {
    schema.insert("title".to_owned(), name.into());
    generator
        .definitions_mut()
        .insert(name.to_owned(), schema.to_value());
    reference(generator, name)
}

/// A `$ref` to the definition `name`.
fn reference(generator: &SchemaGenerator, name: &str) -> Value {
    json!({ "$ref": format!("#{}/{name}", generator.settings().definitions_path) })
}

/// The definition name a `$ref` to a local definition points at.
pub(crate) fn definition_name(reference: &Value) -> Option<&str> {
    reference
        .get("$ref")?
        .as_str()?
        .rsplit_once('/')
        .map(|(_, name)| name)
}

/// A tag field fixed to `names`: a `const` for one name, a closed `enum` for a name and its
/// aliases.
pub(crate) fn tag(names: &[&str], description: Option<&Value>) -> Value {
    let mut tag = Map::new();
    tag.insert("type".to_owned(), "string".into());
    match names {
        [name] => tag.insert("const".to_owned(), (*name).into()),
        _ => tag.insert("enum".to_owned(), json!(names)),
    };
    if let Some(description) = description {
        tag.insert("description".to_owned(), description.clone());
    }
    Value::Object(tag)
}

/// The property schema without its `null` alternative: what an optional field's schema
/// (`anyOf: [T, null]`, with its description) becomes when the field is required and not null.
pub(crate) fn without_null(property: &Value) -> Value {
    let Some(alternatives) = property.get("anyOf").and_then(Value::as_array) else {
        return property.clone();
    };
    let kept: Vec<&Value> = alternatives
        .iter()
        .filter(|alternative| **alternative != json!({ "type": "null" }))
        .collect();
    let [only] = kept.as_slice() else {
        return property.clone();
    };
    let mut schema = property.as_object().cloned().unwrap_or_default();
    schema.remove("anyOf");
    if let Value::Object(only) = only {
        schema.extend(only.clone());
    }
    Value::Object(schema)
}

/// The `properties` of an object schema.
///
/// # Panics
/// When the schema has none: the callers reshape the schemas of structs, which always have them.
pub(crate) fn properties_mut(schema: &mut Map<String, Value>) -> &mut Map<String, Value> {
    schema
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("the schema of a struct has `properties`")
}

/// Adds `field` to the schema's `required`, first, unless it is there already.
pub(crate) fn require(schema: &mut Map<String, Value>, field: &str) {
    let required = schema
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(required) = required
        && !required.iter().any(|name| name == field)
    {
        required.insert(0, field.into());
    }
}

/// Gives a whole schema document the shapes of this module's header: each `$ref` that has
/// sibling keywords moves into an `allOf` of its own (the same meaning in draft 2020-12), and
/// each definition gets its key as `title`.
pub(crate) fn for_code_generators(schema: Schema) -> Schema {
    let mut document = schema.to_value();
    lone_refs(&mut document);
    if let Some(Value::Object(definitions)) = document.get_mut("$defs") {
        for (name, definition) in definitions.iter_mut() {
            if let Value::Object(definition) = definition {
                definition
                    .entry("title")
                    .or_insert_with(|| Value::from(name.as_str()));
            }
        }
    }
    Schema::try_from(document).expect("reshaping keeps a schema a schema")
}

/// Moves every `$ref` that has siblings into `allOf: [{ "$ref": … }, …]`, in `schema` and in
/// every subschema (walked by keyword, so that values such as a `const` are left as they are).
fn lone_refs(schema: &mut Value) {
    let Value::Object(object) = schema else {
        return;
    };
    if object.len() > 1
        && let Some(reference) = object.remove("$ref")
    {
        let mut all_of = vec![json!({ "$ref": reference })];
        if let Some(Value::Array(existing)) = object.remove("allOf") {
            all_of.extend(existing);
        }
        object.insert("allOf".to_owned(), Value::Array(all_of));
    }
    for (keyword, value) in object.iter_mut() {
        match (keyword.as_str(), value) {
            (
                "properties" | "patternProperties" | "$defs" | "dependentSchemas",
                Value::Object(map),
            ) => {
                map.values_mut().for_each(lone_refs);
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems", Value::Array(list)) => {
                list.iter_mut().for_each(lone_refs);
            }
            (
                "items"
                | "additionalProperties"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "propertyNames"
                | "contains"
                | "not"
                | "if"
                | "then"
                | "else",
                subschema,
            ) => lone_refs(subschema),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ref_with_a_description_moves_into_all_of() {
        let document = json!({
            "properties": { "person": { "$ref": "#/$defs/Person", "description": "Who." } },
            "$defs": { "Person": { "type": "object" } },
        });
        let document = for_code_generators(Schema::try_from(document).unwrap()).to_value();
        assert_eq!(
            document,
            json!({
                "properties": {
                    "person": { "allOf": [{ "$ref": "#/$defs/Person" }], "description": "Who." },
                },
                "$defs": { "Person": { "type": "object", "title": "Person" } },
            })
        );
    }

    #[test]
    fn a_lone_ref_and_values_are_left_alone() {
        let document = json!({
            "items": { "$ref": "#/$defs/A" },
            "const": { "$ref": "not a schema", "x": 1 },
            "properties": { "default": { "$ref": "#/$defs/A", "description": "A field named like a keyword." } },
        });
        let reshaped = for_code_generators(Schema::try_from(document.clone()).unwrap()).to_value();
        assert_eq!(reshaped["items"], document["items"]);
        assert_eq!(reshaped["const"], document["const"]);
        assert_eq!(
            reshaped["properties"]["default"]["allOf"],
            json!([{ "$ref": "#/$defs/A" }])
        );
    }

    #[test]
    fn an_optional_field_loses_its_null() {
        let optional = json!({
            "anyOf": [{ "$ref": "#/$defs/Failure" }, { "type": "null" }],
            "description": "What failed.",
        });
        assert_eq!(
            without_null(&optional),
            json!({ "$ref": "#/$defs/Failure", "description": "What failed." })
        );
    }

    #[test]
    fn a_union_maps_every_alias() {
        let union = discriminated_union(
            "callback_type",
            &[
                (
                    vec!["person_added", "person_add"],
                    json!({ "$ref": "#/$defs/PersonAdded" }),
                ),
                (
                    vec!["person_updated"],
                    json!({ "$ref": "#/$defs/PersonUpdated" }),
                ),
            ],
        );
        assert_eq!(
            union["discriminator"]["mapping"],
            json!({
                "person_added": "#/$defs/PersonAdded",
                "person_add": "#/$defs/PersonAdded",
                "person_updated": "#/$defs/PersonUpdated",
            })
        );
        assert_eq!(union["oneOf"].as_array().map(Vec::len), Some(2));
    }
}
