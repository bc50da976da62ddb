//! A JSON value of any kind kept as the exact text received: the unknown fields of an object and
//! the fields of a body whose callback type this version does not know.

use crate::inspect::Findings;
use crate::reader::raw::RawJson;
use crate::{Inspect, JsonPath};
use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// A JSON value kept as the exact text it arrived in, so that writing it back gives the same
/// text: numbers keep every digit and their precision, and reading it only finds where it ends
/// (so however deep it nests, no stack is spent on it). What every JSON reader refuses is refused
/// here too: a number beyond a 64-bit float, and a string escaping half a surrogate pair.
///
/// ```
/// use vibes_types::JsonText;
///
/// let text: JsonText = serde_json::from_str(r#"{"count": 18446744073709551617}"#)?;
/// assert_eq!(text.as_json(), r#"{"count": 18446744073709551617}"#);
/// assert!(text.to_value()["count"].is_f64()); // a Value cannot hold it exactly; the text does
/// assert_eq!(JsonText::from(serde_json::json!([1, "a"])).as_json(), r#"[1,"a"]"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct JsonText(Box<str>);

impl JsonText {
    /// The value's JSON text, exactly as received.
    pub fn as_json(&self) -> &str {
        &self.0
    }

    /// The value as a `serde_json::Value` (numbers beyond 64 bits become floats there).
    pub fn to_value(&self) -> Value {
        // The text was one JSON value when it was read or built.
        serde_json::from_str(&self.0).unwrap_or(Value::Null)
    }

    /// Reads the value into `T`.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.0)
    }

    pub(crate) fn from_text(text: String) -> Self {
        JsonText(text.into_boxed_str())
    }
}

impl From<Value> for JsonText {
    fn from(value: Value) -> Self {
        JsonText::from_text(value.to_string())
    }
}

impl fmt::Debug for JsonText {
    /// Shows the value as a `serde_json::Value` would show.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_value().fmt(f)
    }
}

impl Serialize for JsonText {
    /// Writes the text as received (serde_json writes it verbatim).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::reader::raw::serialize_text(&self.0, serializer)
    }
}

impl JsonText {
    /// What [`Inspect`] finds in the value of the member `key` of the object at `path`, without
    /// building that member's path unless something is found.
    pub(crate) fn inspect_member(&self, path: &JsonPath, key: &str, found: &mut Findings) {
        crate::reader::repeated::repeated_keys(&self.0, path, Some(key), found);
    }
}

impl Inspect for JsonText {
    /// Any value is allowed; what is reported is a key that comes more than once in one of its
    /// objects, which reading kept as it came.
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        crate::reader::repeated::repeated_keys(&self.0, path, None, found);
    }
}

impl<'de> Deserialize<'de> for JsonText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawJson::deserialize(deserializer).map(|raw| JsonText::from_text(raw.into_text()))
    }
}
