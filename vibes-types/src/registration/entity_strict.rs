//! Reading an entity strictly: its registration's filter is checked from the entity's bytes,
//! before the entity is read.
//!
//! An entity keeps its filter object as the text received, so that it is written back as it
//! came; checking it means reading that text into the filter. Checked from the entity, the text
//! and the filter read from it would both be held, twice the heap of `serde_json::Value` for a
//! filter holding a long string. Read from the bytes, the filter is read from text lent by the
//! input (as a registration's is), checked and dropped, and only then is the entity read: the
//! reading costs a second pass over the bytes, the heap stays within the entity's own.

use super::CallbackEntity;
use super::read::Read;
use super::wire::{self, ReadFilter, ReadWarning};
use crate::error::Document;
use crate::inspect::{Findings, contract_problems};
use crate::{CallbackType, Inspect, JsonPath, ParseError, Unrecognized};

impl CallbackEntity {
    /// Reads one entity against the documented contract exactly: a value outside a documented
    /// enumeration is an error of kind [`OutsideContract`](crate::ParseErrorKind::OutsideContract)
    /// listing every such value with its path. Unknown fields are allowed, as in lenient
    /// reading.
    ///
    /// ```
    /// use vibes_types::{CallbackEntity, ParseErrorKind};
    ///
    /// let body = br#"{"callback_id": "AB3423", "callback_type": "event_processed",
    ///   "event_processed": {"callbacks_to_send": "only_successes"},
    ///   "destination": {"url": "https://example.com/hook"}}"#;
    /// assert!(CallbackEntity::from_slice(body).is_ok());
    /// let error = CallbackEntity::from_slice_strict(body).unwrap_err();
    /// assert_eq!(error.kind(), ParseErrorKind::OutsideContract);
    /// assert_eq!(error.path().to_string(), "event_processed.callbacks_to_send");
    /// ```
    pub fn from_slice_strict(bytes: &[u8]) -> Result<Self, ParseError> {
        let (filter, inside_filter) = crate::kept::reading_strictly(|| filter_of(bytes));
        let filter = filter.map(|read| read.map(|read| read.check(inside_filter)));
        let (entity, inside_kept_text) =
            crate::kept::reading_strictly(|| CallbackEntity::from_slice(bytes));
        let entity = entity?;
        let problems = match filter {
            Some(filter) => contract_problems(
                &Checked {
                    entity: &entity,
                    filter,
                },
                inside_kept_text,
            ),
            // The bytes did not read as a registration's fields: checked from the entity.
            None => contract_problems(&entity, inside_kept_text),
        };
        if problems.is_empty() {
            Ok(entity)
        } else {
            Err(ParseError::outside_contract(Document::Entity, None, problems).located(bytes))
        }
    }
}

/// An entity's filter, read from its bytes with the warnings of reading it.
struct FilterRead {
    filter: ReadFilter,
    warnings: Vec<ReadWarning>,
}

impl FilterRead {
    /// What the filter and the flat fields beside it break of the contract, and the fields it
    /// was read from; inside kept text when `inside_kept_text`.
    fn check(self, inside_kept_text: bool) -> CheckedFilter {
        let mut found = Findings::contract_only(inside_kept_text);
        wire::inspect_filter(
            &self.filter.callback,
            &self.warnings,
            &mut JsonPath::root(),
            &mut found,
        );
        CheckedFilter {
            problems: found.into_items(),
            taken: self.filter.taken,
        }
    }
}

/// The filter of the entity in `bytes`, read as [`CallbackEntity`]'s inspection reads it from
/// the entity: `Some(None)` when the type or the filter cannot be read (the entity then reports
/// only its type fields), `None` when the bytes do not read as a registration's fields.
fn filter_of(bytes: &[u8]) -> Option<Option<FilterRead>> {
    let Read {
        wire, candidates, ..
    } = serde_json::from_slice::<Read<'_>>(bytes).ok()?;
    // As the entity reads them: each type field as the type it names, in its documented
    // spelling.
    let named = |field: Option<String>| field.map(|name| CallbackType::from(name).to_string());
    let mut warnings = Vec::new();
    let read = wire::type_of(
        named(wire.callback_type),
        named(wire.event_type),
        &mut warnings,
    )
    .and_then(|(tag, _)| wire::read_filter(&tag, &candidates, &mut warnings));
    Some(read.ok().map(|filter| FilterRead { filter, warnings }))
}

/// What the filter of an entity breaks of the contract, and the fields it was read from.
struct CheckedFilter {
    problems: Vec<Unrecognized>,
    taken: Vec<String>,
}

/// An entity with its filter checked apart: inspected as the entity, the filter's problems
/// reported where the entity reports its filter's.
struct Checked<'a> {
    entity: &'a CallbackEntity,
    /// `None` when the type or the filter cannot be read.
    filter: Option<CheckedFilter>,
}

impl Inspect for Checked<'_> {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        self.entity.inspect_type_fields(path, found);
        let Some(filter) = &self.filter else {
            return;
        };
        for problem in &filter.problems {
            found.push(problem.clone());
        }
        wire::inspect_beside_filter(
            &self.entity.destination,
            &self.entity.extra,
            &filter.taken,
            path,
            found,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{CallbackEntity, Inspect, Unrecognized};

    /// Strict reading refuses an entity for what its inspection lists as breaking the contract,
    /// in the same order, whichever form its filter has, and only for that.
    #[test]
    fn strict_reading_refuses_what_inspection_finds() {
        let bodies = [
            r#""callback_type": "subscription_added", "subscription_added": {"list_id": "l", "n": 1}"#,
            r#""callback_type": "wallet_item_remove", "wallet_item_install": {"campaign_token": "t"}"#,
            r#""callback_type": "device_added", "device_added": {"app_id": "a"}, "app_id": "b""#,
            r#""callback_type": "event_processed", "callbacks_to_send": "only_successes", "z": {"y": 1, "y": 2}"#,
            r#""event_type": "event_processed", "event_processed": {"callbacks_to_send": "never", "x": {"a": 1, "a": 2}}"#,
            r#""callback_type": "person_add", "event_type": "person_added", "destination": {"url": "https://e.com", "method": "PATCH"}"#,
            r#""callback_type": "points_added", "event_type": "points_removed""#,
            r#""callback_type": "subscription_added""#,
            r#""callback_type": "device_added", "device_added": {"app_id": "a", "app_id": "b"}"#,
        ];
        for fields in bodies {
            let text = format!(
                r#"{{"callback_id": "A1", "destination": {{"url": "https://e.com"}}, {fields}}}"#
            );
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
}
