//! A JSON value kept as the text it arrived in, from any serde reader.
//!
//! serde_json hands out a value's raw text to whoever asks for its `RawValue` newtype by name.
//! This module asks the same way, so that from serde_json (slices, strings, readers, `Value`s) a
//! value is kept as its exact text, found by skipping it rather than building it, and borrowed
//! where the input allows. Any other deserializer (serde's buffering inside an internally tagged
//! or untagged enum or a flattened struct, another format) answers as for any newtype, and the
//! value is built as a `serde_json::Value` instead. The name is serde_json's one private word
//! this crate relies on; if it ever changed, values would only take the slower second path, and
//! the exact-text tests would say so.

use super::object::Text;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;
use std::fmt;

/// The name serde_json gives its raw-value newtype (`serde_json::value::RawValue`).
pub(crate) const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// One JSON value: its text when the reader could lend it, else the value.
#[derive(Debug)]
pub(crate) enum RawJson<'de> {
    /// The value's exact text.
    Text(Cow<'de, str>),
    /// The value, from a reader that keeps no text.
    Value(Value),
}

impl RawJson<'_> {
    /// Reads the value into `seed`: from its text with serde_json, or from the value.
    pub(crate) fn read_into<'a, S>(&'a self, seed: S) -> Result<S::Value, serde_json::Error>
    where
        S: DeserializeSeed<'a>,
    {
        match self {
            RawJson::Text(text) => {
                let mut reader = serde_json::Deserializer::from_str(text);
                let value = seed.deserialize(&mut reader)?;
                reader.end()?;
                Ok(value)
            }
            RawJson::Value(value) => seed.deserialize(value),
        }
    }

    /// The value as a `serde_json::Value`.
    pub(crate) fn into_value(self) -> Result<Value, serde_json::Error> {
        match self {
            RawJson::Text(text) => serde_json::from_str(&text),
            RawJson::Value(value) => Ok(value),
        }
    }

    /// The value's JSON text, written out if the reader kept none.
    pub(crate) fn into_text(self) -> String {
        match self {
            RawJson::Text(text) => text.into_owned(),
            RawJson::Value(value) => value.to_string(),
        }
    }

    /// Whether the value is a JSON object.
    pub(crate) fn is_object(&self) -> bool {
        match self {
            RawJson::Text(text) => text.starts_with('{'),
            RawJson::Value(value) => value.is_object(),
        }
    }
}

/// Writes `text`, the JSON text of one value, as it is: serde_json writes it verbatim (and
/// `serde_json::to_value` reads it), as for its own raw values.
pub(crate) fn serialize_text<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    let mut raw = serializer.serialize_struct(RAW_VALUE, 1)?;
    raw.serialize_field(RAW_VALUE, text)?;
    raw.end()
}

impl<'de> Deserialize<'de> for RawJson<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_VALUE, RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawJson<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawJson<'de>, A::Error> {
        let Some(Text(first)) = map.next_key()? else {
            return Ok(RawJson::Value(Value::Object(Map::new())));
        };
        if first == RAW_VALUE {
            let Text(text) = map.next_value()?;
            // serde_json skips a value without decoding its strings or numbers; a fault in
            // them would be kept, then refused by every reader of what is written.
            // The fast reader checks a kept value while it skips it (`skip`), in one pass.
            if !super::kept::taken_checked()
                && let Some(fault) = super::kept::fault_in(&text)
            {
                return Err(de::Error::custom(fault.message()));
            }
            return Ok(RawJson::Text(text));
        }
        // An ordinary object, from a reader that keeps no text.
        let mut object = Map::new();
        object.insert(first.into_owned(), map.next_value()?);
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            object.insert(key, value);
        }
        Ok(RawJson::Value(Value::Object(object)))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        inner: D,
    ) -> Result<RawJson<'de>, D::Error> {
        Value::deserialize(inner).map(RawJson::Value)
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<RawJson<'de>, D::Error> {
        Value::deserialize(inner).map(RawJson::Value)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawJson<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawJson::Value(Value::Array(items)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::Null))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::Bool(value)))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::Number(value.into())))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::Number(value.into())))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(
            Number::from_f64(value).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::String(value.to_owned())))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<RawJson<'de>, E> {
        Ok(RawJson::Value(Value::String(value)))
    }
}
