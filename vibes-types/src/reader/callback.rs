//! Reading a callback body in one pass, its type learnt from the body itself.
//!
//! The keys are read in order. Until a type field names the type, each value is kept as raw JSON
//! text (borrowed from the input where it can be, see `raw`), which only finds the end of the
//! value; the type fields themselves are read as text. As soon as `callback_type` names a type, the kept values
//! are read into that type's builder and every following key goes straight into it, so a current
//! body (`event_id`, then `callback_type`) is read once. A body that names its type only in
//! `event_type` is read that way at its end, because a later `callback_type` would win.
//!
//! This was chosen over reading into `serde_json::Value` first (which is what made typed reading
//! cost twice the time of `Value`) and over a probe of the type fields before the body (a second
//! complete pass).

use super::dispatch::Dispatch;
use super::object::{FieldSeed, ReadFields, Text};
use super::raw::RawJson;
use crate::{Callback, CallbackType, JsonText, UnknownCallback};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, forward_to_deserialize_any};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// The wire names of the two type fields, in the order dispatch reads them.
const CALLBACK_TYPE: &str = crate::callback::TYPE_FIELDS[0];
const EVENT_TYPE: &str = crate::callback::TYPE_FIELDS[1];
/// The envelope's id: repeated, it is refused as in a known body.
const EVENT_ID: &str = "event_id";

/// The reader as a `serde::de::Visitor`.
pub(crate) struct CallbackVisitor;

/// The one-pass reader as a seed, for reading under path tracking.
pub(crate) struct OnePass;

impl<'de> de::DeserializeSeed<'de> for OnePass {
    type Value = Callback;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Callback, D::Error> {
        deserializer.deserialize_map(CallbackVisitor)
    }
}

/// Reads one whole body from `reader`, values before the type borrowed from the input.
pub(crate) fn one_pass<'de, R: serde_json::de::Read<'de>>(
    mut reader: serde_json::Deserializer<R>,
) -> Result<Callback, serde_json::Error> {
    let callback = reader.deserialize_map(CallbackVisitor)?;
    reader.end()?;
    Ok(callback)
}

/// Reads one whole body with the fast reader (`de`), whose errors say nothing: a body it
/// refuses is read again by serde_json.
pub(crate) fn one_pass_fast(text: &str) -> Result<Callback, serde_json::Error> {
    let mut reader = super::de::Reader::new(text);
    let callback = (&mut reader).deserialize_map(CallbackVisitor)?;
    reader.end()?;
    Ok(callback)
}

/// A value read before the type was known.
enum Held<'de> {
    /// Any other field: its raw JSON.
    Raw(RawJson<'de>),
    /// A type field: its text, `None` for `null`.
    Type(Option<Cow<'de, str>>),
}

/// Where the reader stands.
#[allow(
    clippy::large_enum_variant,
    reason = "one lives on the stack while a body is read; boxing the builder would allocate per body"
)]
enum State<'de> {
    /// No type yet: the fields so far, kept.
    Pending(Pending<'de>),
    /// A known type: its builder.
    Known(<Callback as Dispatch>::Builder),
    /// A type this version does not know: the whole body, and the type it names.
    Unknown(UnknownBody, CallbackType),
}

impl<'de> Visitor<'de> for CallbackVisitor {
    type Value = Callback;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a callback body (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Callback, A::Error> {
        let mut state = State::Pending(Pending::new());
        // Where the type fields sit among the pending fields.
        let (mut callback_type, mut event_type) = (None, None);
        let mut event_id_pending = false;
        while let Some(Text(key)) = map.next_key()? {
            match &mut state {
                State::Known(builder) => map.next_value_seed(FieldSeed {
                    fields: builder,
                    key,
                })?,
                State::Unknown(body, _) => {
                    if let Some(envelope) =
                        refused_repeat(&key, |key| body.fields.contains_key(key))
                    {
                        return map.next_value_seed(Repeated(envelope));
                    }
                    // The type fields hold text whatever the type, as for a known one.
                    let value = match &*key {
                        CALLBACK_TYPE | EVENT_TYPE => {
                            let TypeText(text, _) = map.next_value::<TypeText>()?;
                            type_field(text)
                        }
                        _ => map.next_value()?,
                    };
                    body.insert(key, value)?;
                }
                State::Pending(fields) => {
                    let seen = match &*key {
                        CALLBACK_TYPE => &mut callback_type,
                        EVENT_TYPE => &mut event_type,
                        EVENT_ID if event_id_pending => {
                            return map.next_value_seed(Repeated(EVENT_ID));
                        }
                        _ => {
                            event_id_pending |= &*key == EVENT_ID;
                            fields.push((key, Held::Raw(map.next_value()?)));
                            continue;
                        }
                    };
                    if seen.is_some() {
                        return map.next_value_seed(Repeated(if &*key == CALLBACK_TYPE {
                            CALLBACK_TYPE
                        } else {
                            EVENT_TYPE
                        }));
                    }
                    let TypeText(text, _) = map.next_value::<TypeText>()?;
                    *seen = Some(fields.len());
                    let names_type = &*key == CALLBACK_TYPE && text.is_some();
                    fields.push((key, Held::Type(text)));
                    if names_type {
                        state = dispatch(std::mem::take(fields), callback_type)?;
                    }
                }
            }
        }
        let state = match state {
            State::Pending(fields) => {
                let at = callback_type_or_event_type(&fields, callback_type, event_type)
                    .ok_or_else(|| de::Error::custom(NO_CALLBACK_TYPE))?;
                dispatch(fields, Some(at))?
            }
            read => read,
        };
        match state {
            State::Known(builder) => Callback::finish(builder),
            State::Unknown(body, tag) => Ok(Callback::Unknown(Box::new(UnknownCallback::new(
                body.fields,
                body.repeated,
                tag,
            )))),
            State::Pending(_) => unreachable!("dispatched above"),
        }
    }
}

/// The envelope key `key` is, when it is one a body may not repeat and `seen` says it came
/// before.
fn refused_repeat(key: &str, seen: impl Fn(&str) -> bool) -> Option<&'static str> {
    [EVENT_ID, CALLBACK_TYPE, EVENT_TYPE]
        .into_iter()
        .find(|envelope| *envelope == key)
        .filter(|envelope| seen(envelope))
}

/// Refuses the value of an envelope key that came before, as it is read, so that the error sits
/// at that key, as it does in a body of a known type.
struct Repeated(&'static str);

impl<'de> de::DeserializeSeed<'de> for Repeated {
    type Value = Callback;

    fn deserialize<D: Deserializer<'de>>(self, _: D) -> Result<Callback, D::Error> {
        Err(de::Error::duplicate_field(self.0))
    }
}

/// What a body with neither type field is told (the reader with paths says it as
/// [`crate::ParseErrorKind::NoCallbackType`]).
const NO_CALLBACK_TYPE: &str =
    "no callback type: the body has neither `callback_type` nor `event_type`";

/// The field dispatch reads: `callback_type` when it holds text, else `event_type`.
fn callback_type_or_event_type(
    fields: &Pending<'_>,
    callback_type: Option<usize>,
    event_type: Option<usize>,
) -> Option<usize> {
    let names = |at: &usize| matches!(fields.get(*at).1, Held::Type(Some(_)));
    callback_type.filter(names).or(event_type.filter(names))
}

/// How many fields read before the type one chunk of [`Pending`] holds: 64 KB of them.
const CHUNK: usize = 1024;

/// The fields read before the type, in order, in chunks of [`CHUNK`].
///
/// A body may put any number of fields before its type. Kept in one vector, they would cost up
/// to twice their size in spare room (three times while it grows), and all of it would be held
/// until the last one had been read into the builder, beside what the builder made of them:
/// 1.7 times `Value`'s heap for a body of many small fields. In chunks, the spare room is at
/// most one chunk, and each chunk is freed once its fields are read, so the kept fields and
/// what the builder makes of them are never both held whole.
#[derive(Default)]
struct Pending<'de> {
    /// The chunks filled, each of [`CHUNK`] fields.
    full: Vec<Vec<Field<'de>>>,
    /// The chunk being filled. The first grows as a vector does, from room for four fields (a
    /// current body has only `event_id` before its type) to exactly [`CHUNK`]; the others are
    /// made that size.
    last: Vec<Field<'de>>,
}

/// A field read before the type: its key and what was kept of its value.
type Field<'de> = (Cow<'de, str>, Held<'de>);

// What a current body calls is inlined, so that the chunks cost it nothing: the bench mix reads
// in as many instructions as with one vector (counted with callgrind).
impl<'de> Pending<'de> {
    /// Room for the fields a current body has before its type.
    fn new() -> Self {
        Pending {
            full: Vec::new(),
            last: Vec::with_capacity(4),
        }
    }

    /// How many fields are kept.
    #[inline]
    fn len(&self) -> usize {
        self.full.len() * CHUNK + self.last.len()
    }

    /// Keeps a field, after those kept before it.
    #[inline]
    fn push(&mut self, field: Field<'de>) {
        if self.last.len() == CHUNK {
            let filled = std::mem::replace(&mut self.last, Vec::with_capacity(CHUNK));
            self.full.push(filled);
        }
        self.last.push(field);
    }

    /// The field kept at `at` (its index among all kept fields).
    fn get(&self, at: usize) -> &Field<'de> {
        self.full
            .get(at / CHUNK)
            .unwrap_or(&self.last)
            .get(at % CHUNK)
            .expect("an index handed out by `push`")
    }

    /// Hands each field to `each` in the order they came, freeing each chunk once its fields
    /// are taken; stops at the first error.
    #[inline]
    fn try_for_each<E>(self, mut each: impl FnMut(Field<'de>) -> Result<(), E>) -> Result<(), E> {
        for chunk in self.full {
            chunk.into_iter().try_for_each(&mut each)?;
        }
        self.last.into_iter().try_for_each(each)
    }
}

/// Chooses the reader for the type named at `fields[at]`, and reads the kept fields into it.
fn dispatch<'de, E: de::Error>(fields: Pending<'de>, at: Option<usize>) -> Result<State<'de>, E> {
    let tag = match at.map(|at| &fields.get(at).1) {
        Some(Held::Type(Some(name))) => CallbackType::from(&**name),
        _ => unreachable!("dispatch is called with the index of a type field holding text"),
    };
    match Callback::builder(&tag) {
        Some(mut builder) => {
            fields.try_for_each(|(key, held)| match held {
                Held::Raw(raw) => read_raw(&mut builder, key, &raw),
                Held::Type(text) => builder.read_field(key, TypeText::<E>::deserializer(text)),
            })?;
            Ok(State::Known(builder))
        }
        None => {
            let mut body = UnknownBody::default();
            fields.try_for_each(|(key, held)| {
                let value = match held {
                    Held::Raw(raw) => JsonText::from_text(raw.into_text()),
                    Held::Type(text) => type_field(text),
                };
                body.insert(key, value)
            })?;
            Ok(State::Unknown(body, tag))
        }
    }
}

/// The fields of a body whose type this version does not know, read so far.
#[derive(Default)]
struct UnknownBody {
    fields: BTreeMap<String, JsonText>,
    /// Keys that came again (the last value is kept, as in a known body's `extra`).
    repeated: Vec<String>,
}

impl UnknownBody {
    /// Adds a field; a repeated envelope key is refused as in a known body, another is noted.
    fn insert<E: de::Error>(&mut self, key: Cow<'_, str>, value: JsonText) -> Result<(), E> {
        let key = key.into_owned();
        if self.fields.contains_key(&key) {
            if [EVENT_ID, CALLBACK_TYPE, EVENT_TYPE].contains(&key.as_str()) {
                return Err(E::custom(format_args!("duplicate field `{key}`")));
            }
            self.repeated.push(key.clone());
        }
        self.fields.insert(key, value);
        Ok(())
    }
}

/// A type field's value, as the JSON text it is written as.
fn type_field(text: Option<Cow<'_, str>>) -> JsonText {
    JsonText::from(text.map_or(Value::Null, |text| Value::from(&*text)))
}

/// Reads a kept raw value into the builder.
fn read_raw<B: ReadFields, E: de::Error>(
    builder: &mut B,
    key: Cow<'_, str>,
    raw: &RawJson<'_>,
) -> Result<(), E> {
    raw.read_into(FieldSeed {
        fields: builder,
        key,
    })
    .map_err(|error| E::custom(crate::error::message_of(&error)))
}

/// A type field's value: text, or `null`.
struct TypeText<'de, E = serde_json::Error>(Option<Cow<'de, str>>, PhantomData<E>);

impl<'de, E> TypeText<'de, E> {
    fn deserializer(text: Option<Cow<'de, str>>) -> Self {
        TypeText(text, PhantomData)
    }
}

impl<'de> Deserialize<'de> for TypeText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Option<Cow<'de, str>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
                inner.deserialize_str(self)
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Some(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Some(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Some(Cow::Owned(text)))
            }
        }

        deserializer
            .deserialize_option(TextVisitor)
            .map(TypeText::deserializer)
    }
}

/// Hands a type field's text (or `null`) to the builder as if it were read from the input.
impl<'de, E: de::Error> Deserializer<'de> for TypeText<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            None => visitor.visit_unit(),
            Some(Cow::Borrowed(text)) => visitor.visit_borrowed_str(text),
            Some(Cow::Owned(text)) => visitor.visit_string(text),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            None => visitor.visit_none(),
            Some(_) => visitor.visit_some(self),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> Deserialize<'de> for Callback {
    /// Reads a callback body leniently, in one pass (see [`Callback::from_slice`] for the rules,
    /// and for errors that carry the JSON path).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(CallbackVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::CHUNK;
    use crate::{Callback, Inspect, Unrecognized};
    use serde_json::Value;

    /// A body of type `name` with more than two chunks of fields before `callback_type` (or
    /// with the type only in `event_type`, first), one repeated from the first chunk into the
    /// last.
    fn body(type_field: &str, name: &str) -> String {
        let mut body = String::from("{");
        if type_field == "event_type" {
            body.push_str(&format!(r#""event_type": "{name}", "#));
        }
        for n in 0..2 * CHUNK + 3 {
            body.push_str(&format!(r#""k{n}": {n}, "#));
        }
        body.push_str(r#""k0": "last", "event_id": "e1", "event_date": "2017-03-15T15:42:23Z", "#);
        if type_field == "callback_type" {
            body.push_str(&format!(r#""callback_type": "{name}", "#));
        }
        body.push_str(r#""person": {}}"#);
        body
    }

    #[test]
    fn fields_before_the_type_are_read_across_chunks() {
        let cases = ["callback_type", "event_type"]
            .into_iter()
            .flat_map(|field| [(field, "person_added"), (field, "points_added")]);
        for (type_field, name) in cases {
            let body = body(type_field, name);
            let callback = Callback::from_slice(body.as_bytes()).unwrap();
            assert_eq!(callback.callback_type().as_str(), name, "{type_field}");
            // The last value of the repeated key is kept, as `Value` keeps it.
            let value: Value = serde_json::from_str(&body).unwrap();
            assert_eq!(serde_json::to_value(&callback).unwrap(), value);
            let repeated: Vec<String> = callback
                .unrecognized()
                .iter()
                .filter(|found| matches!(found, Unrecognized::RepeatedKey { .. }))
                .map(|found| found.path().to_string())
                .collect();
            assert_eq!(repeated, ["k0"], "{type_field}, {name}");
        }
    }
}
