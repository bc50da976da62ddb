//! What `#[vibes_derive::object]` generates code against: reading a wire object field by field
//! into a builder, so that one object is read in one pass, straight into its struct.
//!
//! The derive writes, for each object, a builder with one slot per documented field plus the
//! object's [`Extra`], the match from wire key to slot, and the check that every required field
//! came. What is the same for every object (the map loop, the key reader, the error texts) is
//! here, once. The callback union reuses the same builders to read a body whose type it learns
//! from the body itself (see `callback`).

use crate::Extra;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A wire object read field by field (implemented by `#[vibes_derive::object]`).
pub trait Object: Sized {
    /// The fields read so far.
    type Builder: Default + ReadFields;

    /// The wire names of the documented fields, in declaration order.
    const FIELDS: &'static [&'static str];

    /// The object, once every field has been read; a missing required field is an error.
    fn finish<E: de::Error>(builder: Self::Builder) -> Result<Self, E>;
}

/// Something that takes an object's fields one key at a time: an object's builder, or the
/// callback union's builder of the body of one known type.
pub trait ReadFields {
    /// Reads the value of `key` into its slot; a key the object does not document goes to its
    /// [`Extra`], a documented key that came before is an error.
    fn read_field<'de, D: Deserializer<'de>>(
        &mut self,
        key: Cow<'_, str>,
        value: D,
    ) -> Result<(), D::Error>;
}

impl<T: Object> Object for Box<T> {
    type Builder = T::Builder;

    const FIELDS: &'static [&'static str] = T::FIELDS;

    fn finish<E: de::Error>(builder: Self::Builder) -> Result<Self, E> {
        T::finish(builder).map(Box::new)
    }
}

/// Reads a whole object: the `Deserialize` impl of every `#[object]` struct.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

/// Reads the value of an `Option` field: `null` is kept as `None` and remembered in `extra`, so
/// that it is written back as `null`.
pub fn read_optional<'de, T, D>(
    slot: &mut Option<Option<T>>,
    extra: &mut Extra,
    key: &'static str,
    repeat: Repeat,
    value: D,
) -> Result<(), D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let read = Option::<T>::deserialize(value)?;
    if read.is_none() {
        extra.mark_null(key);
    }
    fill(slot, extra, key, repeat, read)
}

/// Reads the value of any other documented field.
pub fn read_value<'de, T, D>(
    slot: &mut Option<T>,
    extra: &mut Extra,
    key: &'static str,
    repeat: Repeat,
    value: D,
) -> Result<(), D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    let read = T::deserialize(value)?;
    fill(slot, extra, key, repeat, read)
}

/// An open enumeration that reads more than one spelling as one value (`CallbackType` reads
/// `person_add` as `person_added`): a `#[vibes(keep_alias)]` field of this type keeps the
/// spelling it was read in, so that it is written back as it came.
pub trait Aliased: PartialEq + Serialize {
    /// The value `text` spells.
    fn from_text(text: &str) -> Self;
    /// The spelling the value is written in when nothing else was read.
    fn as_text(&self) -> &str;
}

/// Reads the value of a required `#[vibes(keep_alias)]` field, remembering an alias in `extra`.
pub fn read_aliased<'de, T, D>(
    slot: &mut Option<T>,
    extra: &mut Extra,
    key: &'static str,
    repeat: Repeat,
    value: D,
) -> Result<(), D::Error>
where
    T: Aliased,
    D: Deserializer<'de>,
{
    let Text(text) = Text::deserialize(value)?;
    let read = spelled(extra, key, &text);
    fill(slot, extra, key, repeat, read)
}

/// Reads the value of an `Option` field marked `#[vibes(keep_alias)]`: `null` as in
/// [`read_optional`], a text as in [`read_aliased`].
pub fn read_optional_aliased<'de, T, D>(
    slot: &mut Option<Option<T>>,
    extra: &mut Extra,
    key: &'static str,
    repeat: Repeat,
    value: D,
) -> Result<(), D::Error>
where
    T: Aliased,
    D: Deserializer<'de>,
{
    let read = match Option::<Text>::deserialize(value)? {
        Some(Text(text)) => Some(spelled(extra, key, &text)),
        None => {
            extra.set_spelling(key, None);
            extra.mark_null(key);
            None
        }
    };
    fill(slot, extra, key, repeat, read)
}

/// The value `text` spells, its spelling noted in `extra` when it is not the written one.
fn spelled<T: Aliased>(extra: &mut Extra, key: &'static str, text: &str) -> T {
    let value = T::from_text(text);
    let alias = (value.as_text() != text).then(|| text.to_owned());
    extra.set_spelling(key, alias);
    value
}

/// What a key that comes twice in one object does.
#[derive(Clone, Copy, Debug)]
pub enum Repeat {
    /// Refused: the envelope's `event_id`, `callback_type` and `event_type`, which name the
    /// event and its type (a receiver de-duplicates on `event_id`).
    Refused,
    /// The last value is kept, as `serde_json::Value` keeps it, and the repetition is reported
    /// (strict reading refuses it).
    Reported,
}

/// Reads the value of an undocumented key into `extra`.
pub fn read_unknown<'de, D: Deserializer<'de>>(
    extra: &mut Extra,
    key: Cow<'_, str>,
    value: D,
) -> Result<(), D::Error> {
    let read = <crate::JsonText as Deserialize>::deserialize(value)?;
    extra.insert_read(key.into_owned(), read);
    Ok(())
}

/// A required field's value, or serde's "missing field" error.
pub fn required<T, E: de::Error>(slot: Option<T>, key: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(key))
}

fn fill<T, E: de::Error>(
    slot: &mut Option<T>,
    extra: &mut Extra,
    key: &'static str,
    repeat: Repeat,
    read: T,
) -> Result<(), E> {
    if slot.is_some() {
        match repeat {
            Repeat::Refused => return Err(E::duplicate_field(key)),
            Repeat::Reported => extra.mark_repeated(Cow::Borrowed(key)),
        }
    }
    *slot = Some(read);
    Ok(())
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // JSON words: the path the error carries says which object it is.
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut builder = T::Builder::default();
        while let Some(Text(key)) = map.next_key()? {
            map.next_value_seed(FieldSeed {
                fields: &mut builder,
                key,
            })?;
        }
        T::finish(builder)
    }
}

/// A string (an object key, or the raw text serde_json lends), borrowed from the input where the
/// reader can lend it.
pub(crate) struct Text<'de>(pub(crate) Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

/// Reads the value of one key into a builder, where the reader hands the value over.
pub(crate) struct FieldSeed<'b, 'k, B> {
    pub(crate) fields: &'b mut B,
    pub(crate) key: Cow<'k, str>,
}

impl<'de, B: ReadFields> DeserializeSeed<'de> for FieldSeed<'_, '_, B> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.fields.read_field(self.key, deserializer)
    }
}
/// Writes an `Option` field: its value, or `null` when it arrived as `null`, or nothing.
pub fn write_optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    extra: &Extra,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None if extra.is_null(key) => map.serialize_entry(key, &None::<()>),
        None => Ok(()),
    }
}

/// Writes a required `#[vibes(keep_alias)]` field: in the spelling it was read in, as long as
/// that still spells its value.
pub fn write_aliased<M: SerializeMap, T: Aliased>(
    map: &mut M,
    key: &'static str,
    value: &T,
    extra: &Extra,
) -> Result<(), M::Error> {
    match extra.alias(key) {
        Some(alias) if T::from_text(alias) == *value => map.serialize_entry(key, alias),
        _ => map.serialize_entry(key, value),
    }
}

/// Writes an `Option` field marked `#[vibes(keep_alias)]`, as [`write_optional`] and
/// [`write_aliased`] do.
pub fn write_optional_aliased<M: SerializeMap, T: Aliased>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    extra: &Extra,
) -> Result<(), M::Error> {
    match value {
        Some(value) => write_aliased(map, key, value, extra),
        None => write_optional(map, key, &None::<T>, extra),
    }
}

/// Writes the unknown fields, after the documented ones (where a flattened map would go).
pub fn write_extra<M: SerializeMap>(map: &mut M, extra: &Extra) -> Result<(), M::Error> {
    extra
        .iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}
