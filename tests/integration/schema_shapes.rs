//! The committed schemas have the shapes code generators need (what `vibes_types::schema`
//! promises, checked on the files users take): the callback union has one variant per known
//! callback type and form, each fixing its tag, under discriminators whose mappings are
//! complete; the action is a union on `type`, then `status`, whose failed cases require their
//! failure; no `$ref` has sibling keywords; every definition is titled by its key.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use vibes_types::CallbackType;
use vibes_types::events::{ActionStatus, ActionType};
use vibes_types::schema::Document;

fn schema(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schemas")
        .join(file);
    let text = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_slice(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The definition a local `$ref` names.
fn definition<'a>(document: &'a Value, reference: &Value) -> (&'a str, &'a Value) {
    let name = reference["$ref"]
        .as_str()
        .and_then(|target| target.strip_prefix("#/$defs/"))
        .unwrap_or_else(|| panic!("{reference} is not a `$ref` to a definition"));
    let (name, definition) = document["$defs"]
        .as_object()
        .and_then(|definitions| definitions.get_key_value(name))
        .unwrap_or_else(|| panic!("no definition `{name}`"));
    (name.as_str(), definition)
}

/// The tag values a variant fixes `field` to, after checking that it requires the field and
/// that the field is a string: `const` or a closed `enum`, never `null`.
fn fixed_tag(variant: &Value, field: &str) -> BTreeSet<String> {
    let required = variant["required"]
        .as_array()
        .expect("a variant has `required`");
    assert!(
        required.iter().any(|name| name == field),
        "{}: `{field}` is not required",
        variant["title"]
    );
    let tag = &variant["properties"][field];
    assert_eq!(
        tag["type"], "string",
        "{}: `{field}` is not a string",
        variant["title"]
    );
    match (tag.get("const"), tag.get("enum")) {
        (Some(value), None) => [value.as_str().unwrap().to_owned()].into(),
        (None, Some(Value::Array(values))) => values
            .iter()
            .map(|value| value.as_str().unwrap().to_owned())
            .collect(),
        _ => panic!("{}: `{field}` is not fixed: {tag}", variant["title"]),
    }
}

/// Checks a discriminated union: every member is mapped, every mapping names a member, and each
/// member fixes the property to exactly the tags that map to it. Returns the members by name
/// with their tags.
fn check_union<'a>(
    document: &'a Value,
    union: &'a Value,
) -> Vec<(&'a str, &'a Value, BTreeSet<String>)> {
    let property = union["discriminator"]["propertyName"]
        .as_str()
        .expect("a discriminator names its property");
    let mapping = union["discriminator"]["mapping"]
        .as_object()
        .expect("a discriminator has a mapping");
    let mut members = Vec::new();
    for member in union["oneOf"].as_array().expect("a union is a `oneOf`") {
        let (name, variant) = definition(document, member);
        let mapped: BTreeSet<String> = mapping
            .iter()
            .filter(|(_, target)| **target == member["$ref"])
            .map(|(tag, _)| tag.clone())
            .collect();
        assert!(!mapped.is_empty(), "`{name}` is not in the mapping");
        if variant.get("oneOf").is_none() {
            assert_eq!(
                fixed_tag(variant, property),
                mapped,
                "`{name}` and the mapping disagree"
            );
        }
        members.push((name, variant, mapped));
    }
    let mapped: usize = members.iter().map(|(_, _, tags)| tags.len()).sum();
    assert_eq!(
        mapped,
        mapping.len(),
        "the mapping names a schema outside the `oneOf`"
    );
    members
}

#[test]
fn the_callback_union_has_a_variant_per_type_and_form() {
    let union = schema("callback-union.schema.json");
    // Every documented name and alias (`person_add`).
    let all_names: BTreeSet<String> = CallbackType::KNOWN
        .iter()
        .flat_map(|name| CallbackType::from(*name).wire_names())
        .map(|name| (*name).to_owned())
        .collect();
    assert!(
        all_names.len() > CallbackType::KNOWN.len(),
        "no alias to check"
    );
    let forms = union["oneOf"].as_array().expect("the root is a `oneOf`");
    assert_eq!(forms.len(), 2);
    for (form, (field, prefix)) in forms
        .iter()
        .zip([("callback_type", ""), ("event_type", "Legacy")])
    {
        let (name, form) = definition(&union, form);
        assert_eq!(form["discriminator"]["propertyName"], field, "{name}");
        let members = check_union(&union, form);
        let tags: BTreeSet<String> = members
            .iter()
            .flat_map(|(_, _, tags)| tags.clone())
            .collect();
        assert_eq!(
            tags, all_names,
            "{name} does not cover every callback type and alias"
        );
        for (variant, schema, tags) in &members {
            // Named after the type (its documented name first among its tags).
            let callback_type = CallbackType::from(tags.iter().next().unwrap().as_str());
            let expected = format!("{prefix}{}", pascal_case(callback_type.as_str()));
            assert_eq!(*variant, expected);
            assert_eq!(schema["title"], expected);
            if prefix == "Legacy" {
                // An older body has no `callback_type`, or `null`; never a string.
                assert_eq!(
                    schema["properties"]["callback_type"]["type"], "null",
                    "{variant}"
                );
            }
        }
    }
}

#[test]
fn the_action_is_a_union_on_type_then_status() {
    for file in [
        "callback-union.schema.json",
        "callbacks/event_processed.schema.json",
        "callback.schema.json",
    ] {
        let document = schema(file);
        let action = &document["$defs"]["Action"];
        assert_eq!(action["discriminator"]["propertyName"], "type", "{file}");
        let by_type = check_union(&document, action);
        assert_eq!(by_type.len(), ActionType::KNOWN.len(), "{file}");
        for (name, by_status, _) in by_type {
            assert_eq!(
                by_status["discriminator"]["propertyName"], "status",
                "{file} {name}"
            );
            let cases = check_union(&document, by_status);
            assert_eq!(cases.len(), ActionStatus::KNOWN.len(), "{file} {name}");
            for (case, schema, statuses) in cases {
                let failed = statuses.contains(ActionStatus::Failed.as_str());
                let requires_failure = schema["required"]
                    .as_array()
                    .is_some_and(|required| required.iter().any(|field| field == "failure"));
                assert_eq!(requires_failure, failed, "{file} {case}");
                // The failure of a failed case is not nullable.
                if failed {
                    assert!(
                        schema["properties"]["failure"].get("anyOf").is_none(),
                        "{file} {case}"
                    );
                }
            }
        }
    }
}

#[test]
fn every_file_has_lone_refs_and_titled_definitions() {
    for document in Document::all() {
        let file = document.file_name();
        let schema = schema(&file);
        let mut found = Vec::new();
        refs_with_siblings(&schema, &mut PathBuf::new(), &mut found);
        assert!(
            found.is_empty(),
            "{file}: `$ref` beside other keywords at {found:?}"
        );
        for (name, definition) in schema["$defs"].as_object().into_iter().flatten() {
            assert_eq!(
                definition["title"],
                name.as_str(),
                "{file}: `{name}` is titled otherwise"
            );
        }
    }
}

fn refs_with_siblings(value: &Value, at: &mut PathBuf, found: &mut Vec<PathBuf>) {
    match value {
        Value::Object(object) => {
            if object.contains_key("$ref") && object.len() > 1 {
                found.push(at.clone());
            }
            for (key, child) in object {
                if matches!(key.as_str(), "const" | "enum" | "examples" | "default") {
                    continue;
                }
                at.push(key);
                refs_with_siblings(child, at, found);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                at.push(index.to_string());
                refs_with_siblings(child, at, found);
                at.pop();
            }
        }
        _ => {}
    }
}

fn pascal_case(wire: &str) -> String {
    wire.split('_')
        .map(|word| word[..1].to_uppercase() + &word[1..])
        .collect()
}
