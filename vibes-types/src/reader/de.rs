//! The reader of the fast path: a serde `Deserializer` over a body already known to be UTF-8,
//! that does only what a body that reads needs, and says nothing useful when it fails.
//!
//! A body is read with this first. It lends every string without an escape straight from the
//! input (keys are matched on those bytes, values copied once into their `String`), reads
//! whole numbers itself, and skips a kept value in one pass that also checks it (`skip`),
//! where serde_json skipped it and this crate walked it again. Whatever is rarer is handed to
//! serde_json on its own text: a string with an escape, a number with a fraction, an exponent,
//! a sign or more than 64 bits. So it accepts exactly what serde_json accepts, and reads it to
//! the same values, or fails; the tests hold it to that.
//!
//! Its errors are never shown: a body that fails here is read again by serde_json with its path
//! tracked (`document`, `Callback::from_slice_tracked`), which gives the error its words, path,
//! line and column, or reads the body if this reader refused what serde_json takes (a nesting
//! deeper than [`DEPTH`], an enum written as an object).

use super::kept;
use super::raw::RAW_VALUE;
use super::skip::{self, KeyLook, SkipError};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::Error;
use std::cell::RefCell;

/// How many containers the typed reading enters, one in another; serde_json stops at 128, so
/// what this reader accepts serde_json accepts. Kept values are skipped, at any depth.
const DEPTH: usize = 100;

/// A document being read: its text and where the reading stands.
pub(crate) struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    at: usize,
    depth: usize,
}

/// The error of the fast path: its words are never shown.
fn refused() -> Error {
    de::Error::custom("refused by the fast reader")
}

impl<'de> Reader<'de> {
    pub(crate) fn new(text: &'de str) -> Self {
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        }
    }

    /// Checks that nothing but whitespace follows the value read.
    pub(crate) fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(refused()),
        }
    }

    /// The next byte that is not whitespace, where the reading now stands.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.at = skip::whitespace(self.bytes, self.at);
        self.bytes.get(self.at).copied()
    }

    /// The text from `start` to `end`, both next to an ASCII byte.
    fn slice(&self, start: usize, end: usize) -> Result<&'de str, Error> {
        self.text.get(start..end).ok_or_else(refused)
    }

    /// Reads the string whose opening quote is at `self.at`: lent when it escapes nothing, else
    /// handed to serde_json on its own text.
    #[inline]
    fn string<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let start = self.at + 1;
        let run = skip::plain_run(self.bytes, start);
        match self.bytes.get(run) {
            Some(b'"') => {
                self.at = run + 1;
                visitor.visit_borrowed_str(self.slice(start, run)?)
            }
            Some(b'\\') => {
                let token = self.escaped_string(start)?;
                serde_json::Deserializer::from_str(token).deserialize_any(visitor)
            }
            _ => Err(refused()),
        }
    }

    /// The whole text of the string with an escape whose content starts at `start`, quotes
    /// included; the reading moves past it.
    fn escaped_string(&mut self, start: usize) -> Result<&'de str, Error> {
        let end = skip::string(self.bytes, start).map_err(|_| refused())?.end;
        self.at = end;
        self.slice(start - 1, end)
    }

    /// Reads the number at `self.at`: a whole number that fits 64 bits here, any other by
    /// serde_json, on its own text.
    #[inline]
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let bytes = self.bytes;
        let mut at = self.at;
        if bytes.get(at) != Some(&b'-') {
            let mut value: u64 = 0;
            if bytes.get(at) == Some(&b'0') {
                at += 1;
            } else {
                while let Some(&digit @ b'0'..=b'9') = bytes.get(at) {
                    match value
                        .checked_mul(10)
                        .and_then(|value| value.checked_add(u64::from(digit - b'0')))
                    {
                        Some(next) => value = next,
                        None => return self.other_number(visitor),
                    }
                    at += 1;
                }
            }
            if !matches!(bytes.get(at), Some(b'0'..=b'9' | b'.' | b'e' | b'E')) {
                self.at = at;
                return visitor.visit_u64(value);
            }
        }
        self.other_number(visitor)
    }

    /// Hands the number at `self.at` to serde_json, which reads it as it would in the body.
    fn other_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let rest = &self.bytes[self.at..];
        let length = rest
            .iter()
            .position(|byte| !matches!(byte, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
            .unwrap_or(rest.len());
        let token = self.slice(self.at, self.at + length)?;
        self.at += length;
        let mut json = serde_json::Deserializer::from_str(token);
        let value = (&mut json).deserialize_any(visitor)?;
        json.end()?;
        Ok(value)
    }

    /// Moves past the literal `word`, which must be at `self.at`.
    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Ok(())
        } else {
            Err(refused())
        }
    }

    /// Enters a container, within [`DEPTH`].
    fn enter(&mut self) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > DEPTH {
            return Err(refused());
        }
        self.at += 1;
        Ok(())
    }

    /// Leaves a container at its closing byte.
    fn leave(&mut self, closing: u8) -> Result<(), Error> {
        self.depth -= 1;
        if self.peek() == Some(closing) {
            self.at += 1;
            Ok(())
        } else {
            Err(refused())
        }
    }

    /// Skips a value kept as text, checked as it is skipped, and lends its text the way
    /// serde_json lends a raw value.
    fn kept<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value, Error> {
        let start = skip::whitespace(self.bytes, self.at);
        let end = skip_kept(self.bytes, start).map_err(|_| refused())?;
        let text = self.slice(start, end)?;
        self.at = end;
        kept::checked_while_skipped(|| visitor.visit_map(KeptText(Some(text))))
    }
}

thread_local! {
    /// The room of strict reading's look for repeated keys, kept between values.
    static LOOK: RefCell<KeyLook> = RefCell::new(KeyLook::default());
}

/// Skips the kept value at `start`; during a strict reading, a container is looked at for a
/// repeated key on the way.
fn skip_kept(bytes: &[u8], start: usize) -> Result<usize, SkipError> {
    if !matches!(bytes.get(start), Some(b'{' | b'[')) || !kept::looking_for_repeated_keys() {
        return skip::skip_value(bytes, start, None);
    }
    let look_with = |look: &mut KeyLook| {
        let end = skip::skip_value(bytes, start, Some(look));
        if look.may_repeat {
            kept::a_key_may_repeat();
        }
        look.clear();
        end
    };
    LOOK.with(|look| match look.try_borrow_mut() {
        Ok(mut look) => look_with(&mut look),
        // Never re-entered; fresh room would do if it were.
        Err(_) => look_with(&mut KeyLook::default()),
    })
}

impl<'de> Deserializer<'de> for &mut Reader<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.peek() {
            Some(b'"') => self.string(visitor),
            Some(b'{') => {
                self.enter()?;
                let value = visitor.visit_map(Members {
                    reader: &mut *self,
                    first: true,
                })?;
                self.leave(b'}')?;
                Ok(value)
            }
            Some(b'[') => {
                self.enter()?;
                let value = visitor.visit_seq(Elements {
                    reader: &mut *self,
                    first: true,
                })?;
                self.leave(b']')?;
                Ok(value)
            }
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            Some(b't') => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            Some(b'n') => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            _ => Err(refused()),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == RAW_VALUE {
            self.kept(visitor)
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let start = skip::whitespace(self.bytes, self.at);
        self.at = skip::skip_value(self.bytes, start, None).map_err(|_| refused())?;
        visitor.visit_unit()
    }

    // Left to serde_json: no type of a callback body reads these.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Error> {
        Err(refused())
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(refused())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
        Err(refused())
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The members of an object being read.
struct Members<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> MapAccess<'de> for Members<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let reader = &mut *self.reader;
        match reader.peek() {
            Some(b'}') => return Ok(None),
            Some(b',') if !self.first => {
                reader.at += 1;
                reader.peek();
            }
            Some(_) if self.first => {}
            _ => return Err(refused()),
        }
        self.first = false;
        if reader.bytes.get(reader.at) != Some(&b'"') {
            return Err(refused());
        }
        let start = reader.at + 1;
        let run = skip::plain_run(reader.bytes, start);
        let key = match reader.bytes.get(run) {
            Some(b'"') => {
                reader.at = run + 1;
                seed.deserialize(BorrowedStrDeserializer::new(reader.slice(start, run)?))?
            }
            Some(b'\\') => {
                let token = reader.escaped_string(start)?;
                seed.deserialize(&mut serde_json::Deserializer::from_str(token))?
            }
            _ => return Err(refused()),
        };
        if reader.peek() != Some(b':') {
            return Err(refused());
        }
        reader.at += 1;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(&mut *self.reader)
    }
}

/// The elements of an array being read.
struct Elements<'r, 'de> {
    reader: &'r mut Reader<'de>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let reader = &mut *self.reader;
        match reader.peek() {
            Some(b']') => return Ok(None),
            Some(b',') if !self.first => reader.at += 1,
            Some(_) if self.first => {}
            _ => return Err(refused()),
        }
        self.first = false;
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// A kept value's text, lent as serde_json lends a raw value: one member, named [`RAW_VALUE`].
struct KeptText<'de>(Option<&'de str>);

impl<'de> MapAccess<'de> for KeptText<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.0 {
            Some(_) => seed
                .deserialize(BorrowedStrDeserializer::new(RAW_VALUE))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let text = self.0.take().ok_or_else(refused)?;
        seed.deserialize(BorrowedStrDeserializer::new(text))
    }
}

#[cfg(test)]
mod tests {
    use crate::Callback;
    use crate::reader::callback::{one_pass, one_pass_fast};

    /// How the fast reader did on one body, against serde_json.
    #[derive(Debug, PartialEq)]
    enum Verdict {
        /// Both read it, to the same value.
        Read,
        /// Both refused it.
        Refused,
        /// serde_json read it, the fast reader left it to serde_json.
        LeftToSerdeJson,
    }

    /// Reads `body` with the fast reader and with serde_json: the fast reader may refuse, but
    /// what it reads serde_json reads to the same value, written back the same.
    fn verdict(body: &str) -> Verdict {
        let json = one_pass(serde_json::Deserializer::from_str(body));
        match (one_pass_fast(body), json) {
            (Ok(fast), Ok(json)) => {
                assert_eq!(fast, json, "{body}");
                let written = |callback: &Callback| serde_json::to_string(callback).unwrap();
                assert_eq!(written(&fast), written(&json), "{body}");
                Verdict::Read
            }
            (Ok(fast), Err(error)) => {
                panic!("read {fast:?} from what serde_json refuses ({error}): {body}")
            }
            (Err(_), Ok(_)) => Verdict::LeftToSerdeJson,
            (Err(_), Err(_)) => Verdict::Refused,
        }
    }

    fn agrees(body: &str) -> bool {
        verdict(body) == Verdict::Read
    }

    const VALUES: &[&str] = &[
        "0",
        "-0",
        "1",
        "-1",
        "01",
        "-01",
        "1.0",
        "1.5e3",
        "1e400",
        "-1e400",
        "1e-400",
        "1E+2",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "-",
        "1.",
        ".5",
        "+1",
        "0x10",
        "1_000",
        "2.",
        "1e",
        "1e+",
        "--1",
        "true",
        "false",
        "null",
        "tru",
        "nul",
        "nulll",
        "truex",
        r#""a""#,
        r#""""#,
        r#""\u00e9""#,
        r#""\ud83d\ude00""#,
        r#""\ud800""#,
        r#""\udc00""#,
        r#""\ud800\u0041""#,
        r#""\x""#,
        r#""\u12g4""#,
        "\"tab\there\"",
        "\"caf\u{e9} \u{1F600}\"",
        r#""a\"b\\c\/d\b\f\n\r\t""#,
        "[]",
        "[1,]",
        "[,]",
        "[1 2]",
        "{}",
        r#"{"a":1,}"#,
        r#"{"a":1,"a":2}"#,
        r#"{"a" 1}"#,
        r#"{1: 2}"#,
        r#"{"a":}"#,
        r#"[{"a": [1, {"b": null}]}, "x"]"#,
        "[1}",
        r#"{"a": 1]"#,
        " [ 1 , 2 ] ",
        "\"open",
        "[",
        "{",
        r#"{"\u0061": 1, "a": 2}"#,
        "\"\u{7f}\"",
        "\"\u{1}\"",
    ];

    #[test]
    fn reads_only_what_serde_json_reads_and_to_the_same_values() {
        let mut left = Vec::new();
        for value in VALUES {
            for body in [
                // An unknown field, kept as text.
                format!(
                    r#"{{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{"extra": {value}}}}}"#
                ),
                // Before the type, kept and read later.
                format!(
                    r#"{{"x": {value}, "event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{}}}}"#
                ),
                // Typed fields that read numbers and strings.
                format!(
                    r#"{{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "callback_id": {value}, "delivery_attempt": {value}, "person": {{}}}}"#
                ),
                format!(
                    r#"{{"event_id": {value}, "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{}}}}"#
                ),
                format!(
                    r#"{{"event_id": "e1", "event_type": {value}, "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{"person_id": {value}, "custom_fields": {value}}}}}"#
                ),
                // A free-form object, and a body of an unknown type.
                format!(
                    r#"{{"event_id": "e1", "callback_type": "event_processed", "event_date": "2022-08-15T20:20:02Z", "event_processed": {{"event_data": {{"k": {value}}}}}}}"#
                ),
                format!(r#"{{"event_id": "e1", "callback_type": "points_added", "v": {value}}}"#),
                format!(
                    r#"{{"callback_type": "person_added", "event_id": "e1", "event_date": "2017-03-15T15:42:23Z", "person": {{}}}}{value}"#
                ),
            ] {
                if verdict(&body) == Verdict::LeftToSerdeJson {
                    left.push(body);
                }
            }
        }
        // Every body here that serde_json reads, the fast reader reads itself: it leaves to
        // serde_json only what no callback body holds (an enum written as an object, a typed
        // value nested more than `DEPTH` deep).
        assert!(left.is_empty(), "left to serde_json: {left:#?}");
    }

    #[test]
    fn reads_the_common_bodies_itself() {
        for body in [
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": "p1", "external_person_id": null, "custom_fields": {"first_name": "Bob", "age": 42, "tags": ["a", "b"], "n": -1.5e3}}}"#,
            "{\n  \"event_id\" : \"caf\\u00e9\",\n  \"event_type\": \"wallet_item_install\",\n  \"event_date\": \"2018-05-07T15:27:33.664Z\",\n  \"wallet_campaign\": {\"token\": \"r3zhm8\"}\n}\n",
            r#"{"event_id": "e1", "callback_type": "brand_new", "event_date": "2026-03-01T09:00:00Z", "deep": [[[[{"a": [1, 2, {"b": "c"}]}]]]]}"#,
            r#"{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {}, "callback_id": 123, "delivery_attempt": 2}"#,
        ] {
            assert!(agrees(body), "{body}");
        }
    }

    #[test]
    fn refuses_what_nests_deeper_than_serde_json_reads() {
        // Typed nesting is bounded, as serde_json's is; kept text is skipped at any depth.
        let deep = |levels: usize| {
            format!(
                r#"{{"event_id": "e1", "callback_type": "person_added", "event_date": "2017-03-15T15:42:23Z", "person": {{"extra": {}{}}}}}"#,
                "[".repeat(levels),
                "]".repeat(levels)
            )
        };
        for levels in [10, 127, 128, 200, 10_000] {
            agrees(&deep(levels));
        }
        assert!(agrees(&deep(10_000)), "kept text at any depth");
    }
}
