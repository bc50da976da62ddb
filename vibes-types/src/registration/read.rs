//! Reading a registration body in one pass, with the fields its filter may be read from lent
//! from the input.
//!
//! A registration's filter is found only once its type is known, and the type may come last:
//! the filter can sit under the type's key, under another type's key, or flat among the
//! top-level fields. Each field that could hold it (a key naming a callback type, or a field of
//! some filter) is kept as its raw text, borrowed from the input where the reader can lend it,
//! and the filter is read from those texts at the end. Every other field goes straight into the
//! registration's own fields or its unknown ones.
//!
//! Keeping the candidates as owned text would hold each twice while the filter is read from it:
//! a filter holding a long string would take twice the heap of `serde_json::Value` (three times
//! as a flat field, whose filter was read from one object's text made of them). Lent, the only
//! copy is the filter itself, or the unknown field a candidate that is no filter becomes.

use super::wire::{FILTER_FIELDS, Rest, WireIn};
use crate::reader::object::{FieldSeed, Object, Text};
use crate::reader::raw::RawJson;
use crate::{CallbackType, JsonText};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;

/// A registration body (or an entity) as one pass reads it: its own fields, with the unknown
/// ones that are no candidate, in `own`, the fields its filter may be read from in
/// `candidates`.
pub(super) struct Read<'de, T = WireIn> {
    /// The object's own fields, and the fields that are no candidate in its `extra`.
    pub(super) own: T,
    /// The fields the filter may be read from, each as its JSON text (the last of a repeated
    /// key), in the order of their keys.
    pub(super) candidates: BTreeMap<Cow<'de, str>, Cow<'de, str>>,
    /// The candidate keys that came more than once, in the order seen.
    pub(super) repeated: Vec<String>,
}

/// Whether the filter may be read from the top-level field `key`: a key naming a known callback
/// type (the nested filter, or one under another type's key), or a field of a filter (the flat
/// form).
fn may_hold_the_filter(key: &str) -> bool {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(Names::gather).contains(key)
}

/// Every key the filter may be read from, gathered once: a body may have millions of keys, and
/// each is looked up here, most of them turned away by their first byte.
struct Names {
    names: Vec<&'static str>,
    /// Whether some name starts with the byte.
    first_bytes: [bool; 256],
}

impl Names {
    fn gather() -> Self {
        // Every spelling of every known type, aliases included.
        let type_names = CallbackType::KNOWN
            .iter()
            .flat_map(|name| CallbackType::from(*name).wire_names());
        let names: Vec<&'static str> = FILTER_FIELDS
            .iter()
            .copied()
            .flatten()
            .chain(type_names)
            .copied()
            .collect();
        let mut first_bytes = [false; 256];
        for name in &names {
            if let Some(first) = name.bytes().next() {
                first_bytes[usize::from(first)] = true;
            }
        }
        Names { names, first_bytes }
    }

    fn contains(&self, key: &str) -> bool {
        key.bytes()
            .next()
            .is_some_and(|first| self.first_bytes[usize::from(first)])
            && self.names.contains(&key)
    }
}

/// The reader as a `serde::de::Visitor`.
struct ReadVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ReadVisitor<T> {
    type Value = Read<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // As every object says it: the path the error carries says which object it is.
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read<'de, T>, A::Error> {
        let mut builder = T::Builder::default();
        let mut candidates = BTreeMap::new();
        let mut repeated = Vec::new();
        while let Some(Text(key)) = map.next_key()? {
            if T::FIELDS.contains(&&*key) || !may_hold_the_filter(&key) {
                map.next_value_seed(FieldSeed {
                    fields: &mut builder,
                    key,
                })?;
                continue;
            }
            let text = match map.next_value::<RawJson<'de>>()? {
                RawJson::Text(text) => text,
                raw @ RawJson::Value(_) => Cow::Owned(raw.into_text()),
            };
            if candidates.contains_key(&key) {
                repeated.push(key.to_string());
            }
            candidates.insert(key, text);
        }
        Ok(Read {
            own: T::finish(builder)?,
            candidates,
            repeated,
        })
    }
}

impl<'de, T: Object> de::Deserialize<'de> for Read<'de, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ReadVisitor(PhantomData))
    }
}

/// The top-level fields a registration's filter is looked for among, each as its JSON text: the
/// candidates of a registration being read, or the unknown fields of an entity.
pub(super) trait Candidates {
    /// The text of the field `key`.
    fn text(&self, key: &str) -> Option<&str>;

    /// Each field with its text, in the order of their keys.
    fn texts(&self) -> impl Iterator<Item = (&str, &str)>;

    /// Whether there is a field `key`.
    fn contains(&self, key: &str) -> bool {
        self.text(key).is_some()
    }

    /// Puts each field but those in `taken` (which the filter was read from) into `rest`, the
    /// unknown fields.
    fn keep_untaken(self, taken: &[String], rest: &mut Rest);
}

impl Candidates for BTreeMap<Cow<'_, str>, Cow<'_, str>> {
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).map(|text| &**text)
    }

    fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter().map(|(key, text)| (&**key, &**text))
    }

    fn keep_untaken(self, taken: &[String], rest: &mut Rest) {
        for (key, text) in self {
            if !taken.iter().any(|taken| *taken == key) {
                rest.insert(key.into_owned(), JsonText::from_text(text.into_owned()));
            }
        }
    }
}

impl Candidates for Rest {
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key).map(JsonText::as_json)
    }

    fn texts(&self) -> impl Iterator<Item = (&str, &str)> {
        self.iter()
            .map(|(key, text)| (key.as_str(), text.as_json()))
    }

    fn keep_untaken(self, taken: &[String], rest: &mut Rest) {
        rest.extend(self.into_iter().filter(|(key, _)| !taken.contains(key)));
    }
}

#[cfg(test)]
mod tests {
    use crate::{CallbackRegistration, Inspect};
    use serde_json::Value;

    /// Every form a filter is read in, and the cases around it: each reader gives the same
    /// registration and the same warnings, whether it lends the candidates (bytes, strings) or
    /// not (a reader, a `Value`), and each reader of text the same findings (a `Value` has no
    /// repeated key left to find, nor text to keep).
    #[test]
    fn every_reader_reads_every_form_of_the_filter_alike() {
        let destination = r#""destination": {"url": "https://example.com/h"}"#;
        let bodies = [
            r#""callback_type": "subscription_added", "subscription_added": {"list_id": "l", "x": [1]}"#,
            r#""subscription_added": {"list_id": "l"}, "callback_type": "subscription_added""#,
            r#""callback_type": "wallet_item_remove", "wallet_item_install": {"campaign_token": "t"}"#,
            r#""callback_type": "unmatched_message_received", "source_code": "1", "country_code": null"#,
            r#""source_code": "1", "event_type": "unmatched_message_received""#,
            r#""callback_type": "device_added", "device_added": {"app_id": "a"}, "app_id": "b""#,
            r#""callback_type": "device_added", "device_added": {"app_id": "a"}, "device_added": {"app_id": "b"}"#,
            r#""callback_type": "event_processed", "event_type": "event_processed", "callbacks_to_send": "all""#,
            r#""callback_type": "device_removed", "event_type": "device_added", "device_removed": {"app_id": "a"}"#,
            r#""callback_type": "person_added", "person_add": {"n": 1}, "list_id": "kept""#,
            r#""callback_type": "points_added", "points_added": {"threshold": 1e2}"#,
        ];
        for fields in bodies {
            let text = format!("{{{fields}, {destination}}}");
            let read = CallbackRegistration::from_slice(text.as_bytes()).unwrap();
            let value: Value = serde_json::from_str(&text).unwrap();
            let from_text: [CallbackRegistration; 2] = [
                serde_json::from_str(&text).unwrap(),
                serde_json::from_reader(text.as_bytes()).unwrap(),
            ];
            for other in from_text {
                assert_eq!(other, read, "{text}");
                assert_eq!(other.warnings(), read.warnings(), "{text}");
                assert_eq!(other.unrecognized(), read.unrecognized(), "{text}");
            }
            // A `Value` keeps no text: what it gives is written compact.
            let from_value: CallbackRegistration = serde_json::from_value(value).unwrap();
            let written = |registration| serde_json::to_value(registration).unwrap();
            assert_eq!(written(&from_value), written(&read), "{text}");
            assert_eq!(from_value.warnings(), read.warnings(), "{text}");
        }
    }
}
