//! The `X-Delivery-Attempts` count: a decimal integer of at least 1, sent as text.

use crate::inspect::Findings;
use crate::{Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// The number of delivery attempts so far: a decimal integer of at least 1, sent as text.
///
/// ```
/// use vibes_types::DeliveryAttempts;
///
/// let attempts = DeliveryAttempts::parse("3").unwrap();
/// assert_eq!(attempts.get(), 3);
/// assert!(!attempts.is_first());
/// assert_eq!(DeliveryAttempts::parse("0"), None);
/// assert_eq!(DeliveryAttempts::parse("03"), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeliveryAttempts(u32);

impl DeliveryAttempts {
    /// The first attempt.
    pub const FIRST: DeliveryAttempts = DeliveryAttempts(1);

    /// The largest count the header form may hold: nine digits.
    pub(crate) const MAX: u32 = 999_999_999;

    /// The regular expression (ECMA-262, as JSON Schema uses) of the text form.
    #[cfg(feature = "schema")]
    pub(crate) const PATTERN: &'static str = "^[1-9][0-9]{0,8}$";

    /// The count `value`, if it is at least 1 and at most nine digits.
    pub fn new(value: u32) -> Option<Self> {
        (1..=Self::MAX)
            .contains(&value)
            .then_some(DeliveryAttempts(value))
    }

    /// The count, if `text` is a canonical decimal of at least 1 and at most nine digits.
    pub fn parse(text: &str) -> Option<Self> {
        let canonical = !text.is_empty()
            && text.len() <= 9
            && !text.starts_with('0')
            && text.bytes().all(|byte| byte.is_ascii_digit());
        let value: u32 = text.parse().ok().filter(|_| canonical)?;
        DeliveryAttempts::new(value)
    }

    /// The count.
    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether this is the first attempt (so not a retry of an earlier one).
    pub fn is_first(self) -> bool {
        self.0 == 1
    }
}

impl Serialize for DeliveryAttempts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for DeliveryAttempts {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        DeliveryAttempts::parse(&text).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Str(&text), &"a count of at least 1")
        })
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for DeliveryAttempts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DeliveryAttempts".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The number of delivery attempts so far, a decimal integer of at least 1.",
            "type": "string",
            "pattern": DeliveryAttempts::PATTERN,
        })
    }
}

impl Inspect for DeliveryAttempts {
    /// A count is a count: nothing in it is outside the contract.
    fn inspect(&self, _: &mut JsonPath, _: &mut Findings) {}
}
