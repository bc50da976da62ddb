//! Ids and counters that Vibes writes as strings but has also written as numbers.

use crate::inspect::Findings;
use crate::{Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Number;
use std::fmt;

/// An id Vibes sends as a string but has sent as a number (`"callback_id": 11887` in an older
/// body); it is written back the way it was read.
///
/// ```
/// use vibes_types::LooseId;
///
/// let older: LooseId = serde_json::from_str("11887")?;
/// assert_eq!(older.to_text(), "11887");
/// assert_eq!(serde_json::to_string(&older)?, "11887");
/// let current = LooseId::from("Hzh39LP3");
/// assert_eq!(serde_json::to_string(&current)?, r#""Hzh39LP3""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LooseId {
    /// The usual form: `"Hzh39LP3"`.
    Text(String),
    /// The older numeric form: `11887`.
    Number(Number),
}

/// A count Vibes sends as a string holding a decimal number (`"delivery_attempt": "1"`), accepted
/// as a JSON number too; it is written back in the form it was read.
///
/// ```
/// use vibes_types::Count;
///
/// let quoted: Count = serde_json::from_str(r#""1""#)?;
/// let number: Count = serde_json::from_str("1")?;
/// assert_eq!((quoted.get(), number.get()), (1, 1));
/// assert_eq!(serde_json::to_string(&quoted)?, r#""1""#);
/// assert_eq!(serde_json::to_string(&number)?, "1");
/// assert_eq!(serde_json::to_string(&Count::new(2))?, r#""2""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Count {
    value: u32,
    quoted: bool,
}

impl LooseId {
    /// The id as text, whichever form it came in.
    pub fn to_text(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for LooseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LooseId::Text(text) => f.write_str(text),
            LooseId::Number(number) => write!(f, "{number}"),
        }
    }
}

impl From<&str> for LooseId {
    fn from(text: &str) -> Self {
        LooseId::Text(text.to_owned())
    }
}

impl From<String> for LooseId {
    fn from(text: String) -> Self {
        LooseId::Text(text)
    }
}

impl Serialize for LooseId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LooseId::Text(text) => serializer.serialize_str(text),
            LooseId::Number(number) => number.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for LooseId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;

        impl Visitor<'_> for IdVisitor {
            type Value = LooseId;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a string, or a whole number)")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<LooseId, E> {
                Ok(LooseId::Text(text.to_owned()))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<LooseId, E> {
                Ok(LooseId::Text(text))
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<LooseId, E> {
                Ok(LooseId::Number(number.into()))
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<LooseId, E> {
                Ok(LooseId::Number(number.into()))
            }

            // JSON Schema counts 2.0 as an integer, so the parser does too.
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<LooseId, E> {
                match Number::from_f64(number).filter(|_| number.fract() == 0.0) {
                    Some(whole) => Ok(LooseId::Number(whole)),
                    None => Err(E::invalid_type(de::Unexpected::Float(number), &self)),
                }
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

impl Inspect for LooseId {
    fn inspect(&self, _: &mut JsonPath, _: &mut Findings) {}
}

impl Count {
    /// The largest count the string form may hold: nine digits.
    const MAX_QUOTED: u32 = 999_999_999;

    /// A count written the usual way, as a string.
    pub fn new(value: u32) -> Self {
        Count {
            value,
            quoted: true,
        }
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.value
    }
}

impl Serialize for Count {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.quoted {
            serializer.collect_str(&self.value)
        } else {
            serializer.serialize_u32(self.value)
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CountVisitor;

        impl Visitor<'_> for CountVisitor {
            type Value = Count;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count: a string holding a decimal number such as \"1\", or a number")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Count, E> {
                // Only the canonical decimal form, so that writing it back gives the same text.
                let canonical = !text.is_empty()
                    && text.len() <= 9
                    && text.bytes().all(|byte| byte.is_ascii_digit())
                    && (text == "0" || !text.starts_with('0'));
                match text.parse::<u32>() {
                    Ok(value) if canonical && value <= Count::MAX_QUOTED => Ok(Count {
                        value,
                        quoted: true,
                    }),
                    _ => Err(E::invalid_value(de::Unexpected::Str(text), &self)),
                }
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Count, E> {
                u32::try_from(number)
                    .map(|value| Count {
                        value,
                        quoted: false,
                    })
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(number), &self))
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Count, E> {
                u64::try_from(number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(number), &self))
                    .and_then(|number| self.visit_u64(number))
            }

            // JSON Schema counts 2.0 as an integer, so the parser does too.
            fn visit_f64<E: de::Error>(self, number: f64) -> Result<Count, E> {
                if number.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&number) {
                    #[allow(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "range checked above"
                    )]
                    let value = number as u32;
                    Ok(Count {
                        value,
                        quoted: false,
                    })
                } else {
                    Err(E::invalid_value(de::Unexpected::Float(number), &self))
                }
            }
        }

        deserializer.deserialize_any(CountVisitor)
    }
}

impl Inspect for Count {
    fn inspect(&self, _: &mut JsonPath, _: &mut Findings) {}
}

#[cfg(feature = "schema")]
impl JsonSchema for LooseId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LooseId".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An id: a string, or a whole number as some older bodies sent it.",
            "type": ["string", "integer"],
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Count {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Count".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A count: a string holding a decimal number (`\"1\"`), or a whole number.",
            "anyOf": [
                { "type": "string", "pattern": "^(0|[1-9][0-9]{0,8})$" },
                { "type": "integer", "minimum": 0, "maximum": u32::MAX },
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_form() {
        for text in [r#""Hzh39LP3""#, "11887", "2.0"] {
            let id: LooseId = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&id).unwrap(), text);
        }
        assert!(serde_json::from_str::<LooseId>("2.5").is_err());
        assert!(serde_json::from_str::<LooseId>("true").is_err());
    }

    #[test]
    fn counts_keep_their_form_and_reject_other_text() {
        for text in [r#""1""#, "1", r#""0""#, r#""999999999""#] {
            let count: Count = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&count).unwrap(), text);
        }
        assert_eq!(serde_json::from_str::<Count>(r#""12""#).unwrap().get(), 12);
        for text in [
            r#""01""#,
            r#""""#,
            r#""one""#,
            r#""-1""#,
            r#""1000000000""#,
            "-1",
            "1.5",
            "null",
        ] {
            assert!(
                serde_json::from_str::<Count>(text).is_err(),
                "{text} was accepted"
            );
        }
    }
}
