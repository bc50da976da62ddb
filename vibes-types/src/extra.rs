//! What an object held beyond its typed fields: the fields the documentation does not name, and
//! which documented optional fields arrived as an explicit `null`.

use crate::JsonText;
use crate::inspect::Findings;
use crate::{Inspect, JsonPath, Unrecognized};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Fields of an object that this version does not model, with their values as received, and the
/// documented optional fields that arrived as `null`.
///
/// Vibes tells receivers to ignore fields they do not know, and adds fields over time. Every body
/// struct keeps them here (and writes them back where they came from), and
/// [`Inspect::unrecognized`] lists them with their paths, so nothing is silently dropped.
///
/// An optional field reads as `None` whether it was absent or `null`; the difference is kept here
/// so that writing the object back gives exactly the JSON that was read. Ask for it with
/// [`Extra::is_null`]:
///
/// ```
/// use vibes_types::events::MobilePhone;
///
/// let phone: MobilePhone = serde_json::from_str(r#"{"mdn": "+12995551234", "carrier_code": null}"#)?;
/// assert_eq!(phone.carrier_code, None);
/// assert!(phone.extra.is_null("carrier_code"));
/// assert_eq!(serde_json::to_string(&phone)?, r#"{"mdn":"+12995551234","carrier_code":null}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Extra {
    /// Allocated only for an object that has unknown fields or `null`s: most have neither, and
    /// every object carries an `Extra`.
    held: Option<Box<Held>>,
}

#[derive(Clone, Debug, Default)]
struct Held {
    fields: BTreeMap<String, JsonText>,
    nulls: Vec<&'static str>,
    repeated: Vec<Cow<'static, str>>,
    /// Documented fields read in another spelling of their value (`person_add`), by wire name.
    aliases: Vec<(&'static str, String)>,
}

impl Extra {
    /// Whether the object had no unknown field.
    pub fn is_empty(&self) -> bool {
        self.held.as_ref().is_none_or(|held| held.fields.is_empty())
    }

    /// How many unknown fields the object had.
    pub fn len(&self) -> usize {
        self.held.as_ref().map_or(0, |held| held.fields.len())
    }

    /// The value of one unknown field, read from its text.
    pub fn get(&self, key: &str) -> Option<Value> {
        self.text(key).map(JsonText::to_value)
    }

    /// The exact text of one unknown field.
    pub fn text(&self, key: &str) -> Option<&JsonText> {
        self.held.as_ref()?.fields.get(key)
    }

    /// The unknown fields, by key, each as the text received.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &JsonText)> {
        self.held.iter().flat_map(|held| held.fields.iter())
    }

    /// The unknown fields as a JSON object (numbers beyond 64 bits become floats there; the
    /// texts, and what is written back, keep them).
    pub fn to_map(&self) -> Map<String, Value> {
        self.iter()
            .map(|(key, value)| (key.clone(), value.to_value()))
            .collect()
    }

    /// Adds (or replaces) an unknown field, to be written back with the object.
    pub fn insert(&mut self, key: String, value: impl Into<JsonText>) -> Option<JsonText> {
        self.held_mut().fields.insert(key, value.into())
    }

    /// Removes an unknown field.
    pub fn remove(&mut self, key: &str) -> Option<JsonText> {
        self.held.as_mut()?.fields.remove(key)
    }

    /// Whether the documented optional field `field` (its wire name) arrived as `null` rather
    /// than being absent. Both read as `None`; only this tells them apart.
    pub fn is_null(&self, field: &str) -> bool {
        self.null_fields().contains(&field)
    }

    /// The documented optional fields that arrived as `null`, by wire name, in the order read.
    pub fn null_fields(&self) -> &[&'static str] {
        self.held.as_ref().map_or(&[], |held| &held.nulls)
    }

    /// The spelling the documented field `field` (its wire name) arrived in, when that is an
    /// alias of its value rather than the documented spelling: `person_add` for a type field
    /// read as `CallbackType::PersonAdded`. It is written back in that spelling.
    ///
    /// ```
    /// use vibes_types::{CallbackType, TestEventRequest};
    ///
    /// let request = TestEventRequest::from_slice(br#"{"event_type": "person_add"}"#)?;
    /// assert_eq!(request.event_type, CallbackType::PersonAdded);
    /// assert_eq!(request.extra.alias("event_type"), Some("person_add"));
    /// assert_eq!(serde_json::to_string(&request)?, r#"{"event_type":"person_add"}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn alias(&self, field: &str) -> Option<&str> {
        let held = self.held.as_ref()?;
        held.aliases
            .iter()
            .find(|(key, _)| *key == field)
            .map(|(_, alias)| alias.as_str())
    }

    /// Remembers the alias `field` arrived in, or (`None`) that it arrived in its documented
    /// spelling; the last value read counts.
    pub(crate) fn set_spelling(&mut self, field: &'static str, alias: Option<String>) {
        if let Some(held) = &mut self.held {
            held.aliases.retain(|(key, _)| *key != field);
        }
        if let Some(alias) = alias {
            self.held_mut().aliases.push((field, alias));
        }
    }

    /// The unknown fields, lent.
    pub(crate) fn fields(&self) -> &BTreeMap<String, JsonText> {
        static NONE: BTreeMap<String, JsonText> = BTreeMap::new();
        self.held.as_ref().map_or(&NONE, |held| &held.fields)
    }

    /// Inspects the object's repeated keys and its unknown fields but those in `taken`, which
    /// something else read (an entity's registration filter).
    pub(crate) fn inspect_but(&self, taken: &[String], path: &mut JsonPath, found: &mut Findings) {
        self.inspect_fields(|key| !taken.iter().any(|taken| taken == key), path, found);
    }

    /// Inspects the repeated keys and the unknown fields `inspected` says yes to.
    fn inspect_fields(
        &self,
        inspected: impl Fn(&str) -> bool,
        path: &mut JsonPath,
        found: &mut Findings,
    ) {
        for key in self.repeated_keys() {
            found.push(Unrecognized::RepeatedKey {
                path: path.join_key(key),
            });
        }
        for (key, value) in self.iter().filter(|(key, _)| inspected(key)) {
            if found.wants_all() {
                found.push(Unrecognized::Field {
                    path: path.join_key(key),
                });
            }
            // Keys repeated inside the unknown value.
            value.inspect_member(path, key, found);
        }
    }

    /// The unknown fields, taken out.
    pub(crate) fn into_fields(self) -> BTreeMap<String, JsonText> {
        self.held.map(|held| held.fields).unwrap_or_default()
    }

    /// Unknown fields, as texts.
    pub(crate) fn from_fields(fields: BTreeMap<String, JsonText>) -> Self {
        let held = (!fields.is_empty()).then(|| {
            Box::new(Held {
                fields,
                ..Held::default()
            })
        });
        Extra { held }
    }

    /// The keys that came more than once in the object, in the order seen (the last value of
    /// each was kept). Strict reading refuses such an object.
    pub fn repeated_keys(&self) -> &[Cow<'static, str>] {
        self.held.as_ref().map_or(&[], |held| &held.repeated)
    }

    /// The same fields, with `keys` noted as repeated.
    pub(crate) fn with_repeated(mut self, keys: Vec<Cow<'static, str>>) -> Self {
        for key in keys {
            self.mark_repeated(key);
        }
        self
    }

    /// Adds an unknown field as it is read; a key that came before keeps the last value and is
    /// noted as repeated. The key is copied only when it repeats.
    pub(crate) fn insert_read(&mut self, key: String, value: JsonText) {
        use std::collections::btree_map::Entry;
        let held = self.held_mut();
        match held.fields.entry(key) {
            Entry::Vacant(vacant) => {
                vacant.insert(value);
            }
            Entry::Occupied(mut occupied) => {
                occupied.insert(value);
                let key = occupied.key().clone();
                held.repeated.push(Cow::Owned(key));
            }
        }
    }

    /// Remembers that `key` came again (the last value is kept).
    pub(crate) fn mark_repeated(&mut self, key: Cow<'static, str>) {
        self.held_mut().repeated.push(key);
    }

    /// Remembers that the documented optional field `field` arrived as `null`.
    pub(crate) fn mark_null(&mut self, field: &'static str) {
        self.held_mut().nulls.push(field);
    }

    fn aliases(&self) -> &[(&'static str, String)] {
        self.held.as_ref().map_or(&[], |held| &held.aliases)
    }

    fn held_mut(&mut self) -> &mut Held {
        self.held.get_or_insert_default()
    }
}

/// Two objects' extras are equal when they write the same: which keys came twice is how one
/// was read, not what it holds.
impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
            && self.null_fields() == other.null_fields()
            && self.aliases() == other.aliases()
    }
}

impl Eq for Extra {}

impl From<Map<String, Value>> for Extra {
    fn from(fields: Map<String, Value>) -> Self {
        Extra::from_fields(
            fields
                .into_iter()
                .map(|(key, value)| (key, JsonText::from(value)))
                .collect(),
        )
    }
}

impl std::fmt::Debug for Extra {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: BTreeMap<&String, &JsonText> = self.iter().collect();
        if self.null_fields().is_empty() && self.aliases().is_empty() {
            fields.fmt(f)
        } else {
            let mut shown = f.debug_struct("Extra");
            shown.field("fields", &fields);
            if !self.null_fields().is_empty() {
                shown.field("null", &self.null_fields());
            }
            if !self.aliases().is_empty() {
                shown.field("aliases", &self.aliases());
            }
            shown.finish()
        }
    }
}

/// The unknown fields as a map (the `null` marks belong to the object's own fields, which the
/// object writes).
impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self.iter() {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Inspect for Extra {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        self.inspect_fields(|_| true, path, found);
    }
}

#[cfg(feature = "schema")]
/// Flattened into each object's schema: any further property is allowed.
impl JsonSchema for Extra {
    fn inline_schema() -> bool {
        <Map<String, Value>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        "Extra".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Map<String, Value>>::json_schema(generator)
    }
}
