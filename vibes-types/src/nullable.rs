//! A field Vibes documents as nullable, where absent and `null` must both be written back as read.

use crate::inspect::Findings;
use crate::{Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that can be absent, `null`, or hold a value, such as `unregistered_at` (which Vibes
/// writes as `null` while a wallet pass is installed).
///
/// Other optional fields are plain `Option`s: they read `null` as absent, and only fields Vibes
/// documents as nullable keep the difference. Use it with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`.
///
/// ```
/// use vibes_types::Nullable;
/// use vibes_types::events::WalletInstance;
///
/// let installed: WalletInstance = serde_json::from_str(r#"{"unregistered_at": null}"#)?;
/// let removed: WalletInstance =
///     serde_json::from_str(r#"{"unregistered_at": "2020-08-23T21:38:05.258+01:00"}"#)?;
/// let unknown: WalletInstance = serde_json::from_str("{}")?;
/// assert_eq!(installed.unregistered_at, Nullable::Null);
/// assert!(removed.unregistered_at.get().is_some());
/// assert!(unknown.unregistered_at.is_absent());
/// assert_eq!(serde_json::to_string(&unknown)?, "{}");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// The field was not in the object.
    #[default]
    Absent,
    /// The field was `null`.
    Null,
    /// The field held a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if there is one.
    pub fn get(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// Whether the field was not in the object.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or(Nullable::Null, Nullable::Value))
    }
}

impl<T: Inspect> Inspect for Nullable<T> {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        if let Nullable::Value(value) = self {
            value.inspect(path, found);
        }
    }
}

#[cfg(feature = "schema")]
impl<T: JsonSchema> JsonSchema for Nullable<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Nullable_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>();
        json_schema!({ "anyOf": [value, { "type": "null" }] })
    }
}
