//! Free-form JSON objects (`custom_fields`, `tokens`, `event_data`, `debug_data`), kept as the
//! exact text received.

use crate::JsonText;
use crate::inspect::Findings;
use crate::reader::raw::RawJson;
use crate::{Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{self, DeserializeOwned, Deserializer, Unexpected};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

/// A JSON object whose keys are the customer's own (`custom_fields`, `tokens`, `event_data`,
/// `debug_data`), kept as the exact text it arrived in.
///
/// Reading it only finds where it ends, and writing it back gives the same text, so numbers keep
/// every digit and their precision, exactly as sent. Read it into your own type with
/// [`deserialize`](Self::deserialize), or look at it as a `serde_json` map with
/// [`to_map`](Self::to_map):
///
/// ```
/// use vibes_types::FreeForm;
///
/// let data: FreeForm = r#"{"first_name": "Bob", "order": 18446744073709551617}"#.parse()?;
/// assert_eq!(data.to_map()["first_name"], "Bob");
///
/// #[derive(serde::Deserialize)]
/// struct Order { first_name: String }
/// assert_eq!(data.deserialize::<Order>()?.first_name, "Bob");
/// assert_eq!(serde_json::to_string(&data)?, r#"{"first_name": "Bob", "order": 18446744073709551617}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct FreeForm(JsonText);

impl FreeForm {
    /// The object's JSON text, exactly as received.
    pub fn as_json(&self) -> &str {
        self.0.as_json()
    }

    /// Reads the object into `T` (your own type for your event's data, say).
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        self.0.deserialize()
    }

    /// The object as a `serde_json` map. Numbers beyond 64 bits become floats there; the text
    /// (and what is written back) keeps them exactly.
    pub fn to_map(&self) -> Map<String, Value> {
        // The text was checked to be one JSON object when it was read or built.
        self.deserialize().unwrap_or_default()
    }
}

impl From<Map<String, Value>> for FreeForm {
    fn from(map: Map<String, Value>) -> Self {
        FreeForm(JsonText::from(Value::Object(map)))
    }
}

impl FromStr for FreeForm {
    type Err = serde_json::Error;

    /// Reads the text of one JSON object.
    fn from_str(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

impl fmt::Debug for FreeForm {
    /// Shows the object as a map, as a `serde_json::Map` would show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_map().fmt(f)
    }
}

impl Serialize for FreeForm {
    /// Writes the text as received (serde_json writes it verbatim).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FreeForm {
    /// Keeps the object's text as received, from serde_json; from other readers (serde's
    /// buffering in tagged enums, say) the object is written out again.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawJson::deserialize(deserializer)?;
        if raw.is_object() {
            return Ok(FreeForm(JsonText::from_text(raw.into_text())));
        }
        // Not an object: say what it is, in serde's words.
        let value = raw.into_value().map_err(de::Error::custom)?;
        let unexpected = match &value {
            Value::Null => Unexpected::Unit,
            Value::Bool(boolean) => Unexpected::Bool(*boolean),
            Value::Number(number) => match (number.as_u64(), number.as_i64(), number.as_f64()) {
                (Some(unsigned), _, _) => Unexpected::Unsigned(unsigned),
                (None, Some(signed), _) => Unexpected::Signed(signed),
                (None, None, Some(float)) => Unexpected::Float(float),
                (None, None, None) => Unexpected::Other("number"),
            },
            Value::String(text) => Unexpected::Str(text),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        };
        Err(de::Error::invalid_type(unexpected, &"a map"))
    }
}

impl Inspect for FreeForm {
    /// Free by contract: its keys are the customer's, so none of them is unknown. A key that
    /// comes more than once in one of its objects is reported, as in any object.
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        self.0.inspect(path, found);
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for FreeForm {
    fn inline_schema() -> bool {
        <Map<String, Value>>::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Map<String, Value>>::schema_name()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Map<String, Value>>::json_schema(generator)
    }
}
