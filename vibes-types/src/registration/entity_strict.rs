//! Reading an entity strictly: its registration's filter is checked from text lent by the
//! input, before the entity keeps that text.
//!
//! An entity keeps its filter object as the text received, so that it is written back as it
//! came; checking the filter means reading it. Checked from the entity's own text of it, the text
//! and the filter read from it would both be held, twice the heap of `serde_json::Value` for a
//! filter holding a long string. So strict reading reads the entity in one pass as a registration
//! is read, the fields that may hold the filter lent by the input; the filter is read from them,
//! checked and dropped, and only then does the entity take their text.

use super::CallbackEntity;
use super::read::Read;
use super::wire::{self, ReadFilter, ReadWarning};
use crate::error::Document;
use crate::inspect::{Findings, contract_problems};
use crate::reader::document::read_document;
use crate::{Inspect, JsonPath, JsonText, ParseError, Unrecognized};
use std::borrow::Cow;

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
        let (read, inside_kept_text) = crate::reader::kept::reading_strictly(|| {
            read_document::<Read<'_, CallbackEntity>>(bytes, Document::Entity).map(check_filter)
        });
        let (entity, filter) = read?;
        let problems = contract_problems(
            &Checked {
                entity: &entity,
                filter,
            },
            inside_kept_text,
        );
        if problems.is_empty() {
            Ok(entity)
        } else {
            Err(ParseError::outside_contract(Document::Entity, None, problems).located(bytes))
        }
    }
}

/// Checks the filter among the fields lent, then hands them to the entity, which keeps every
/// field as it came; the check is `None` when the type or the filter cannot be read (the entity
/// then reports only its type fields, as its inspection does).
fn check_filter(read: Read<'_, CallbackEntity>) -> (CallbackEntity, Option<CheckedFilter>) {
    let Read {
        own: mut entity,
        candidates,
        repeated,
    } = read;
    let filter = entity
        .filter_among(&candidates)
        .map(|(filter, warnings)| CheckedFilter::of(filter, &warnings));
    for (key, text) in candidates {
        entity
            .extra
            .insert(key.into_owned(), JsonText::from_text(text.into_owned()));
    }
    for key in repeated {
        entity.extra.mark_repeated(Cow::Owned(key));
    }
    (entity, filter)
}

/// What the filter of an entity breaks of the contract, and the fields it was read from.
struct CheckedFilter {
    problems: Vec<Unrecognized>,
    taken: Vec<String>,
}

impl CheckedFilter {
    /// What `read` and the flat fields beside it (in `warnings`) break of the contract: its
    /// kept text searched for repeated keys when the reading so far saw one that may hold one.
    fn of(read: ReadFilter, warnings: &[ReadWarning]) -> Self {
        let mut found = Findings::contract_only(crate::reader::kept::may_hold_a_repeated_key());
        wire::inspect_filter(&read.callback, warnings, &mut JsonPath::root(), &mut found);
        CheckedFilter {
            problems: found.into_items(),
            taken: read.taken,
        }
    }
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
