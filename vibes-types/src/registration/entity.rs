//! The callback entity: the API's answer to create, get, update and delete, and each element of
//! the list answer.

use super::read::Candidates;
use super::wire::{self, ReadFilter, ReadWarning, WireIn};
use super::{CallbackRegistration, Destination};
use crate::inspect::Findings;
use crate::json_schema::JsonSchema;
use crate::{CallbackType, Extra, Inspect, JsonPath, LooseId, Timestamp, Unrecognized};
use vibes_derive::object;

/// A callback registration as the API answers it: the registration fields plus `callback_id`,
/// `url`, `created_at` and `updated_at`. The list call answers a `Vec<CallbackEntity>`.
///
/// It is written back exactly as read (the type field it came with, the filter object under
/// the key it came under); [`registration`](Self::registration) gives the typed registration.
#[object]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
pub struct CallbackEntity {
    /// Vibes' id of the registration: a string, though a number has been seen; kept as read.
    pub callback_id: LooseId,
    /// The callback type as current answers name it.
    #[vibes(keep_alias)]
    pub callback_type: Option<CallbackType>,
    /// The callback type as older answers name it.
    #[vibes(keep_alias)]
    pub event_type: Option<CallbackType>,
    /// Where Vibes delivers the callbacks.
    pub destination: Destination,
    /// When the registration starts.
    pub start_date: Option<Timestamp>,
    /// When the registration ends; it never ends when absent.
    pub end_date: Option<Timestamp>,
    /// The registration's path in the API (`/companies/:company_key/config/callbacks/:callback_id`).
    pub url: Option<String>,
    /// When the registration was created.
    pub created_at: Option<Timestamp>,
    /// When the registration was last changed.
    pub updated_at: Option<Timestamp>,
    /// The filter object and any field this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CallbackEntity {
    /// Reads one entity leniently: what this version does not know is kept (see
    /// [`Inspect::unrecognized`](crate::Inspect::unrecognized)). An error names the fault's JSON
    /// path, line and column.
    ///
    /// ```
    /// use vibes_types::CallbackEntity;
    ///
    /// let body = r#"{"callback_id": "AB3423", "callback_type": "person_added",
    ///   "destination": {"url": "https://example.com/hook"}}"#;
    /// let read = CallbackEntity::from_slice(body.as_bytes())?;
    /// let parsed: CallbackEntity = body.parse()?;
    /// assert_eq!(read, parsed);
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, crate::ParseError> {
        crate::reader::document::read_document(bytes, crate::error::Document::Entity)
    }

    /// Reads the answer of the list call: a JSON array of entities.
    ///
    /// ```
    /// use vibes_types::CallbackEntity;
    ///
    /// let list = CallbackEntity::list_from_slice(br#"[{"callback_id": "AB3423",
    ///     "callback_type": "person_added", "destination": {"url": "https://example.com/hook"}}]"#)?;
    /// assert_eq!(list[0].callback_id.to_string(), "AB3423");
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn list_from_slice(bytes: &[u8]) -> Result<Vec<CallbackEntity>, crate::ParseError> {
        crate::reader::document::read_document(bytes, crate::error::Document::EntityList)
    }

    /// The callback type: `callback_type` when present, else `event_type`.
    ///
    /// ```
    /// use vibes_types::{CallbackEntity, CallbackType};
    ///
    /// let entity: CallbackEntity = r#"{"callback_id": 11887, "event_type": "person_added",
    ///   "destination": {"url": "https://example.com/hook"}}"#.parse()?;
    /// assert_eq!(entity.callback_type(), Some(&CallbackType::PersonAdded));
    /// assert_eq!(entity.callback_id.to_text(), "11887");
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn callback_type(&self) -> Option<&CallbackType> {
        self.callback_type.as_ref().or(self.event_type.as_ref())
    }

    /// The registration this entity holds, typed (its filter checked), without the entity's own
    /// fields (`callback_id`, `url`, `created_at`, `updated_at`).
    ///
    /// ```
    /// use vibes_types::{CallbackEntity, CallbackRegistration};
    ///
    /// let entity: CallbackEntity = r#"{"callback_id": "Hzh39LP3",
    ///   "callback_type": "subscription_added", "subscription_added": {"list_id": "1234"},
    ///   "destination": {"url": "https://e.com/hook"}, "created_at": "2017-01-01T00:00Z",
    ///   "url": "/companies/bi3bwNRk/config/callbacks/Hzh39LP3"}"#
    ///     .parse()?;
    /// let expected = CallbackRegistration::subscription_added("1234", "https://e.com/hook");
    /// assert_eq!(entity.registration()?, expected);
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn registration(&self) -> Result<CallbackRegistration, crate::ParseError> {
        CallbackRegistration::from_wire(WireIn {
            callback_type: self.callback_type.as_ref().map(ToString::to_string),
            event_type: self.event_type.as_ref().map(ToString::to_string),
            destination: self.destination.clone(),
            start_date: self.start_date.clone(),
            end_date: self.end_date.clone(),
            extra: self.extra.clone(),
        })
    }
}

impl Inspect for CallbackEntity {
    /// Reports a type field naming no known type, at the key it came under, and what the
    /// entity's registration holds beyond the contract; an entity whose registration cannot be
    /// read reports only its type fields.
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        self.inspect_type_fields(path, found);
        // Read in place rather than through `registration`, which would copy every field.
        if let Some((read, warnings)) = self.filter_among(self.extra.fields()) {
            wire::Contents {
                callback: &read.callback,
                warnings: &warnings,
                destination: &self.destination,
                extra: &self.extra,
                taken: &read.taken,
            }
            .inspect(path, found);
        }
    }
}

impl CallbackEntity {
    /// The filter of the entity's registration, read from `fields` (its unknown fields, or
    /// those lent while it is read strictly), with the warnings of reading it; `None` when the
    /// type or the filter cannot be read.
    pub(super) fn filter_among(
        &self,
        fields: &impl Candidates,
    ) -> Option<(ReadFilter, Vec<ReadWarning>)> {
        let mut warnings = Vec::new();
        let read = wire::type_of(
            self.callback_type.as_ref().map(ToString::to_string),
            self.event_type.as_ref().map(ToString::to_string),
            &mut warnings,
        )
        .and_then(|(tag, _)| wire::read_filter(&tag, fields, &mut warnings));
        read.ok().map(|read| (read, warnings))
    }

    /// Reports a type field naming no known type, at the key it came under.
    pub(super) fn inspect_type_fields(&self, path: &JsonPath, found: &mut Findings) {
        let type_fields = [&self.callback_type, &self.event_type];
        for (key, value) in crate::callback::TYPE_FIELDS.into_iter().zip(type_fields) {
            if let Some(unknown @ CallbackType::Unknown(_)) = value {
                found.push(Unrecognized::value(
                    &path.join_key(key),
                    unknown.as_str(),
                    CallbackType::KNOWN,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of entities (beside `callback_id` and a destination with an unknown field)
    /// whose registration reads, in each form of the filter, with something to report.
    const READABLE: [&str; 6] = [
        r#""callback_type": "subscription_added", "subscription_added": {"list_id": "l", "n": 1}"#,
        r#""callback_type": "wallet_item_remove", "wallet_item_install": {"campaign_token": "t"}"#,
        r#""callback_type": "unmatched_message_received", "source_code": "1", "country_code": "1""#,
        r#""callback_type": "device_added", "device_added": {"app_id": "a"}, "app_id": "b""#,
        r#""callback_type": "event_processed", "callbacks_to_send": "only_successes", "z": 1, "z": {"y": 1, "y": 2}"#,
        r#""event_type": "event_processed", "event_processed": {"callbacks_to_send": "all", "x": [1]}"#,
    ];

    /// The same for entities whose registration breaks the contract elsewhere, or cannot be
    /// read (which then report only their type fields).
    const OTHERS: [&str; 5] = [
        r#""event_type": "event_processed", "event_processed": {"callbacks_to_send": "never", "x": {"a": 1, "a": 2}}"#,
        r#""callback_type": "person_add", "event_type": "person_added", "z": {"method": "PATCH"}"#,
        r#""callback_type": "points_added", "event_type": "points_removed""#,
        r#""callback_type": "subscription_added""#,
        r#""callback_type": "device_added", "device_added": {"app_id": "a", "app_id": "b"}"#,
    ];

    fn entity_text(fields: &str) -> String {
        format!(
            r#"{{"callback_id": "A1", "destination": {{"url": "https://e.com", "x": 1}}, {fields}}}"#
        )
    }

    /// Inspected in place, an entity reports what its registration reports: each form of the
    /// filter at the key it was read from, the fields beside it, and the unknown fields.
    #[test]
    fn an_entity_reports_what_its_registration_reports() {
        for text in READABLE.map(entity_text) {
            let entity: CallbackEntity = text.parse().unwrap();
            let registration = entity.registration().unwrap();
            assert_eq!(entity.unrecognized(), registration.unrecognized(), "{text}");
            assert!(!entity.unrecognized().is_empty(), "{text}");
        }
    }

    /// Strict reading, which checks the filter from text the input lends, refuses an entity
    /// for what its inspection lists as breaking the contract, in the same order, and only
    /// for that.
    #[test]
    fn strict_reading_refuses_what_inspection_finds() {
        for text in READABLE
            .iter()
            .chain(&OTHERS)
            .map(|fields| entity_text(fields))
        {
            let entity = CallbackEntity::from_slice(text.as_bytes()).unwrap();
            let expected: Vec<Unrecognized> = entity
                .unrecognized()
                .into_iter()
                .filter(Unrecognized::breaks_contract)
                .collect();
            match CallbackEntity::from_slice_strict(text.as_bytes()) {
                Ok(strict) => {
                    assert_eq!(strict, entity, "{text}");
                    assert_eq!(expected, [], "{text}");
                }
                Err(error) => assert_eq!(error.problems(), expected, "{text}"),
            }
        }
    }

    #[test]
    fn the_type_fields_are_not_unknown_fields_when_they_disagree() {
        let entity: CallbackEntity = r#"{"callback_id": "A1", "callback_type": "device_removed",
          "event_type": "device_added", "device_removed": {"app_id": "app"},
          "destination": {"url": "https://example.com/hook"}}"#
            .parse()
            .unwrap();
        assert_eq!(entity.unrecognized(), []);
        let registration = entity.registration().unwrap();
        // The registration keeps the one that lost among its unknown fields, to write it back.
        assert_eq!(
            registration.unrecognized(),
            [Unrecognized::Field {
                path: JsonPath::root().join_key("event_type")
            }]
        );
    }
}
