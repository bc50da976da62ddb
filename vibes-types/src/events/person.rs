//! `person_added` and `person_updated`: a person of the mobile database.

use crate::json_schema::JsonSchema;
use crate::{Extra, FreeForm, Timestamp};
use vibes_derive::{Inspect, object};

/// `person_added`: Vibes sends it when a person is added to the mobile database.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct PersonAdded {
    /// The person as stored after the addition.
    pub person: Person,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `person_updated`: Vibes sends it when a person is modified, including when an "add" matched a
/// person who already existed.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct PersonUpdated {
    /// The person as stored after the change.
    pub person: Person,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A person of the mobile database, as person callbacks carry it.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct Person {
    /// Vibes' id of the person (older numeric ids arrive as text).
    pub person_id: Option<String>,
    /// The canonical key of the person.
    pub person_key: Option<String>,
    /// The customer's own id of the person.
    pub external_person_id: Option<String>,
    /// The person's mobile phone.
    pub mobile_phone: Option<MobilePhone>,
    /// The person's time zone (`US/Central`).
    pub timezone: Option<String>,
    /// Where the time zone came from (`area_code`).
    pub timezone_source: Option<String>,
    /// The customer-defined fields, exactly as received: strings, date strings, `{id, name}` for
    /// a single choice, arrays of `{id, name, option_key}` for several.
    pub custom_fields: Option<FreeForm>,
    /// When the person was created.
    pub created_at: Option<Timestamp>,
    /// When the person was last changed.
    pub updated_at: Option<Timestamp>,
    /// The person's path in the Vibes API.
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A mobile phone: the number (MDN) and, in person callbacks, the carrier.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct MobilePhone {
    /// The number: E.164 (`+12995551234`) under API version 2, without country code under
    /// version 1. Not checked for length: documentation examples are not always valid numbers.
    pub mdn: Option<String>,
    /// The carrier's code, as text (`"104"`).
    pub carrier_code: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}
