//! Ids and counters that Vibes writes as strings but has also written as numbers.

use crate::inspect::Findings;
use crate::{DeliveryAttempts, Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Number;
use std::fmt;

/// An id Vibes sends as a string but has sent as a number (`"callback_id": 11887` in an older
/// body); it is written back the way it was read.
///
/// A number id is a whole number written without fraction or exponent, within 64 bits, so that
/// writing it back gives the same text; `2.0`, `1e3`, `-0` or `18446744073709551616` would come
/// back rewritten, and are refused.
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

/// A count of delivery attempts as a body carries it: a string holding a decimal number
/// (`"delivery_attempt": "1"`), accepted as a JSON number too; it is written back in the form it
/// was read.
///
/// Like the `X-Delivery-Attempts` header ([`DeliveryAttempts`]), it is at least 1 (the first
/// attempt) and has at most nine digits, in either form. A number is a whole number written
/// without fraction or exponent, so that writing it back gives the same text.
///
/// ```
/// use vibes_types::Count;
///
/// let quoted: Count = serde_json::from_str(r#""1""#)?;
/// let number: Count = serde_json::from_str("1")?;
/// assert_eq!((quoted.get(), number.get()), (1, 1));
/// assert_eq!(serde_json::to_string(&quoted)?, r#""1""#);
/// assert_eq!(serde_json::to_string(&number)?, "1");
/// assert_eq!(serde_json::to_string(&Count::new(2).expect("a count of at least 1"))?, r#""2""#);
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

            // A fraction, an exponent, `-0` or more than 64 bits: it would be written back
            // rewritten, and quoting the float would misquote it (2^64 as `18446744073709552000`).
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<LooseId, E> {
                Err(E::invalid_value(NOT_WHOLE, &self))
            }
        }

        deserializer.deserialize_any(IdVisitor)
    }
}

impl Inspect for LooseId {
    fn inspect(&self, _: &mut JsonPath, _: &mut Findings) {}
}

/// What a number that serde reads as a float is, said without quoting the float.
const NOT_WHOLE: de::Unexpected<'static> =
    de::Unexpected::Other("a number with a fraction or an exponent, or beyond 64 bits");

impl Count {
    /// A count written the usual way, as a string; `None` for 0 or more than nine digits, which
    /// no delivery counts.
    pub fn new(value: u32) -> Option<Self> {
        DeliveryAttempts::new(value).map(Count::from)
    }

    /// A count in the number form.
    fn number(value: u32) -> Option<Self> {
        DeliveryAttempts::new(value).map(|_| Count {
            value,
            quoted: false,
        })
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
                f.write_str(
                    "a count of at least 1: a string holding a decimal number such as \"1\", or a whole number",
                )
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Count, E> {
                // The header's rule, so that body and header agree on what a count is.
                DeliveryAttempts::parse(text)
                    .map(Count::from)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Count, E> {
                u32::try_from(number)
                    .ok()
                    .and_then(Count::number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(number), &self))
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Count, E> {
                u64::try_from(number)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(number), &self))
                    .and_then(|number| self.visit_u64(number))
            }

            // A fraction, an exponent or more than 64 bits: writing it back would rewrite it, and
            // quoting the float would misquote it (2^64 as `18446744073709552000`).
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Count, E> {
                Err(E::invalid_value(NOT_WHOLE, &self))
            }
        }

        deserializer.deserialize_any(CountVisitor)
    }
}

impl From<DeliveryAttempts> for Count {
    /// The header's count, in the body's usual string form.
    fn from(attempts: DeliveryAttempts) -> Self {
        Count {
            value: attempts.get(),
            quoted: true,
        }
    }
}

impl From<Count> for DeliveryAttempts {
    /// The body's count, to compare with the `X-Delivery-Attempts` header.
    fn from(count: Count) -> Self {
        // Every count was checked against the header's rule when it was read or built.
        DeliveryAttempts::new(count.value).unwrap_or(DeliveryAttempts::FIRST)
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
            "description": "A count of at least 1: a string holding a decimal number (`\"1\"`), or a whole number, of at most nine digits.",
            "anyOf": [
                { "type": "string", "pattern": DeliveryAttempts::PATTERN },
                { "type": "integer", "minimum": 1, "maximum": DeliveryAttempts::MAX },
            ],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_form() {
        for text in [r#""Hzh39LP3""#, "11887", "-3", "18446744073709551615"] {
            let id: LooseId = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&id).unwrap(), text);
        }
        assert!(serde_json::from_str::<LooseId>("2.5").is_err());
        assert!(serde_json::from_str::<LooseId>("true").is_err());
    }

    #[test]
    fn id_numbers_that_would_be_rewritten_are_refused() {
        for text in [
            "18446744073709551616",
            "99999999999999999999",
            "2.0",
            "1e3",
            "-0",
        ] {
            let error = serde_json::from_str::<LooseId>(text)
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with(
                    "invalid value: a number with a fraction or an exponent, or beyond 64 bits, expected an id"
                ),
                "{text}: {error}"
            );
        }
    }

    #[test]
    fn counts_keep_their_form_and_reject_other_text() {
        for text in [r#""1""#, "1", r#""999999999""#, "999999999"] {
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
            "1000000000",
            "-1",
            "1.5",
            "1.0",
            "1e0",
            "null",
        ] {
            assert!(
                serde_json::from_str::<Count>(text).is_err(),
                "{text} was accepted"
            );
        }
    }

    #[test]
    fn delivery_attempt_zero_is_refused() {
        for text in [r#""0""#, "0"] {
            let error = serde_json::from_str::<Count>(text).unwrap_err().to_string();
            assert!(
                error.contains("expected a count of at least 1"),
                "{text}: {error}"
            );
        }
        assert_eq!(Count::new(0), None);
        assert_eq!(Count::new(1_000_000_000), None);
        let first = Count::new(1).unwrap();
        assert_eq!(serde_json::to_string(&first).unwrap(), r#""1""#);
        assert_eq!(DeliveryAttempts::from(first), DeliveryAttempts::FIRST);
        assert_eq!(Count::from(DeliveryAttempts::FIRST), first);
    }

    #[test]
    fn delivery_attempt_two_to_the_64_is_not_quoted_as_a_float() {
        let error = serde_json::from_str::<Count>("18446744073709551616")
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "invalid value: a number with a fraction or an exponent, or beyond 64 bits, \
             expected a count of at least 1: a string holding a decimal number such as \"1\", \
             or a whole number at line 1 column 20"
        );
        let error = serde_json::from_str::<Count>("18446744073709551615")
            .unwrap_err()
            .to_string();
        assert!(error.contains("integer `18446744073709551615`"), "{error}");
    }
}
