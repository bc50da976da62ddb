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
    ///
    /// Reading a `person_added` body (the documentation's example, shortened), with a top-level
    /// field Vibes may add later:
    ///
    /// ```
    /// use vibes_types::events::PersonAdded;
    ///
    /// let added: PersonAdded = serde_json::from_str(r#"{"event_id": "AB234SDFD234",
    ///   "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z",
    ///   "x_vibes_region": "us-west-2",
    ///   "person": {"person_id": "12344566", "mobile_phone": {"mdn": "+12995551234"}}}"#)?;
    /// assert_eq!(added.event_id, "AB234SDFD234");
    /// assert_eq!(added.person.person_id.as_deref(), Some("12344566"));
    /// assert_eq!(added.extra.get("x_vibes_region").unwrap(), "us-west-2");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a `person_updated` body whose custom fields hold a single choice:
    ///
    /// ```
    /// use vibes_types::events::PersonUpdated;
    ///
    /// let updated: PersonUpdated = serde_json::from_str(r#"{"event_id": "0b7e3c52",
    ///   "callback_type": "person_updated", "event_date": "2022-08-15T20:02:36Z",
    ///   "person": {"person_id": "12344566", "timezone": "US/Central",
    ///     "custom_fields": {"home_store": {"id": "4", "name": "My Hardware Store"}}}}"#)?;
    /// let custom_fields = updated.person.custom_fields.as_ref().unwrap().to_map();
    /// assert_eq!(custom_fields["home_store"]["name"], "My Hardware Store");
    /// assert!(updated.extra.is_empty());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a person, with a field Vibes may add later:
    ///
    /// ```
    /// use vibes_types::events::Person;
    ///
    /// let person: Person = serde_json::from_str(r#"{"person_id": "12344566",
    ///   "external_person_id": "542342", "created_at": "2017-01-15T14:30Z",
    ///   "loyalty_tier": "gold"}"#)?;
    /// assert_eq!(person.external_person_id.as_deref(), Some("542342"));
    /// assert_eq!(person.created_at.as_ref().map(|at| at.as_str()), Some("2017-01-15T14:30Z"));
    /// assert_eq!(person.extra.get("loyalty_tier").unwrap(), "gold");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a number without country code (API version 1), with the carrier's name, a field
    /// Vibes may add:
    ///
    /// ```
    /// use vibes_types::events::MobilePhone;
    ///
    /// let phone: MobilePhone = serde_json::from_str(
    ///     r#"{"mdn": "2995551234", "carrier_code": "104", "carrier_name": "Example Wireless"}"#,
    /// )?;
    /// assert_eq!(phone.mdn.as_deref(), Some("2995551234"));
    /// assert_eq!(phone.carrier_code.as_deref(), Some("104"));
    /// assert_eq!(phone.extra.get("carrier_name").unwrap(), "Example Wireless");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}
