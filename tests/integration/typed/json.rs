//! Arbitrary JSON as a sender writes it, for the values the crate keeps as text: unknown fields,
//! free-form objects and unknown bodies. Numbers of any size and form, strings with every kind
//! of escape, whitespace between tokens, and nesting, so that writing back must keep the text.

use super::scalars::text;
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;
use vibes_types::{Extra, FreeForm, JsonText};

/// The JSON text of any value.
pub fn value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        select(&["null", "true", "false"][..]).prop_map(str::to_owned),
        number(),
        string(),
    ];
    let nested = leaf.clone().prop_recursive(4, 24, 4, |inner| {
        prop_oneof![array(inner.clone()), object(inner)]
    });
    prop_oneof![8 => nested, 1 => deep(leaf)].boxed()
}

/// The JSON text of an object, as free-form fields (`custom_fields`, `event_data`) hold.
pub fn object_text() -> BoxedStrategy<String> {
    object(value()).boxed()
}

/// A free-form object, built from its text as it would arrive.
pub fn free_form() -> BoxedStrategy<FreeForm> {
    object_text()
        .prop_map(|text| {
            text.parse()
                .unwrap_or_else(|error| panic!("{text}: {error}"))
        })
        .boxed()
}

/// Up to two unknown fields, each under a key no schema documents, with any value.
pub fn extra() -> BoxedStrategy<Extra> {
    proptest::collection::btree_map(unknown_key(), value(), 0..3)
        .prop_map(|fields| {
            let mut extra = Extra::default();
            for (key, value) in fields {
                extra.insert(key, json_text(&value));
            }
            extra
        })
        .boxed()
}

/// A key that names no documented field anywhere: an unknown field must not stand for a
/// documented one, which would be read into its typed field (or a registration's filter).
pub fn unknown_key() -> BoxedStrategy<String> {
    text()
        .prop_filter("a documented field name", |key| !DOCUMENTED.contains(key))
        .boxed()
}

/// A value's text kept as it is, as reading keeps it.
pub fn json_text(text: &str) -> JsonText {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{text}: {error}"))
}

/// Every property name any committed schema documents.
static DOCUMENTED: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
    let mut names = BTreeSet::new();
    for path in crate::schema_agreement::schema_files() {
        collect_properties(&crate::schema_agreement::read_json(&path), &mut names);
    }
    names
});

fn collect_properties(schema: &serde_json::Value, names: &mut BTreeSet<String>) {
    match schema {
        serde_json::Value::Object(members) => {
            if let Some(serde_json::Value::Object(properties)) = members.get("properties") {
                names.extend(properties.keys().cloned());
            }
            members
                .values()
                .for_each(|member| collect_properties(member, names));
        }
        serde_json::Value::Array(items) => {
            items
                .iter()
                .for_each(|item| collect_properties(item, names));
        }
        _ => {}
    }
}

/// A number as text: whole numbers beyond 64 bits, `-0`, fractions with trailing zeros,
/// exponents in either case; exponents stay within what an `f64` holds, so the schema validator
/// (which reads a `serde_json::Value`) can read every body.
fn number() -> impl Strategy<Value = String> {
    "-?(0|[1-9][0-9]{0,39})(\\.[0-9]{1,12})?([eE][+-]?[0-9]{1,2})?"
}

/// A string literal of any text.
fn string() -> impl Strategy<Value = String> {
    literal_of(text())
}

/// A string literal of a drawn text, its characters escaped in one of the ways JSON allows.
pub fn literal_of(text: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (text, escapes()).prop_map(|(text, escapes)| literal(&text, escapes))
}

/// Whitespace a writer may put between tokens.
fn space() -> impl Strategy<Value = &'static str> {
    select(&["", "", " ", "\n  ", "\t", "\r\n"][..])
}

fn array(items: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (proptest::collection::vec(items, 0..4), space())
        .prop_map(|(items, space)| format!("[{space}{}{space}]", items.join(&format!(",{space}"))))
}

fn object(values: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    object_with(proptest::collection::btree_map(text(), values, 0..4))
}

/// The text of an object with the drawn members (each key's value as JSON text), its keys
/// escaped in any way. The keys are distinct as decoded: a repeated key is outside the contract.
pub fn object_with(
    members: impl Strategy<Value = BTreeMap<String, String>>,
) -> impl Strategy<Value = String> {
    (members, escapes(), space()).prop_map(|(members, escapes, space)| {
        let members: Vec<String> = members
            .into_iter()
            .map(|(key, value)| format!("{}{space}:{space}{value}", literal(&key, escapes)))
            .collect();
        format!("{{{space}{}{space}}}", members.join(&format!(",{space}")))
    })
}

/// A value nested in 10 to 40 arrays: deeper than any typed value, well within what
/// `serde_json::Value` reads (128 levels).
fn deep(leaf: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    (10..40usize, leaf)
        .prop_map(|(depth, leaf)| format!("{}{leaf}{}", "[".repeat(depth), "]".repeat(depth)))
}

/// How a string literal escapes its characters.
#[derive(Clone, Copy, Debug)]
enum Escapes {
    /// Only what must be escaped, as `serde_json` writes.
    Needed,
    /// Every character outside printable ASCII as `\u` (astral ones as surrogate pairs), and
    /// `/` as `\/`.
    Unicode,
    /// The short escapes (`\b`, `\f`, `\n`, `\r`, `\t`) where they exist, `\u` for other
    /// control characters.
    Short,
}

fn escapes() -> impl Strategy<Value = Escapes> {
    select(&[Escapes::Needed, Escapes::Unicode, Escapes::Short][..])
}

fn literal(text: &str, escapes: Escapes) -> String {
    if let Escapes::Needed = escapes {
        return serde_json::to_string(text).expect("a string serializes");
    }
    let mut literal = String::from("\"");
    for character in text.chars() {
        match (character, escapes) {
            ('"' | '\\', _) => literal.extend(['\\', character]),
            ('/', Escapes::Unicode) => literal.push_str("\\/"),
            ('\u{8}', Escapes::Short) => literal.push_str("\\b"),
            ('\u{c}', Escapes::Short) => literal.push_str("\\f"),
            ('\n', Escapes::Short) => literal.push_str("\\n"),
            ('\r', Escapes::Short) => literal.push_str("\\r"),
            ('\t', Escapes::Short) => literal.push_str("\\t"),
            (' '..='~', _) => literal.push(character),
            (_, Escapes::Short) if !character.is_control() => literal.push(character),
            _ => {
                let mut units = [0u16; 2];
                for unit in character.encode_utf16(&mut units) {
                    literal.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    literal.push('"');
    literal
}
