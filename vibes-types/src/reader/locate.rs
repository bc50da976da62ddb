//! Where a JSON path points in the input: the line and column of faults found after a document
//! was read (strict reading's contract problems, a registration's type and filter), which no
//! reader position gives.
//!
//! Only errors come here, so the input is read again, one step of the path at a time: each step
//! skips the siblings of the value it looks for (with serde_json's iterative skip, so no stack is
//! spent on what nests inside them) and lends that value's raw text for the next step.

use super::object::Text;
use crate::{JsonPath, Segment};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// The byte offset in `bytes` of the value at `path`; where the path leads to nothing (a missing
/// field, a filter read from another key), the offset of its deepest ancestor that is there.
///
/// A key that came more than once leads to its last value: the one that was kept, and the
/// repetition a repeated-key problem reports.
pub(crate) fn offset_of(bytes: &[u8], path: &JsonPath) -> usize {
    let start = bytes
        .iter()
        .position(|byte| !byte.is_ascii_whitespace())
        .unwrap_or(0);
    let mut found = start;
    let mut value = &bytes[start..];
    for segment in path.segments() {
        let Some(child) = child(value, segment) else {
            break;
        };
        let child = child.get().as_bytes();
        found += offset_within(value, child);
        value = child;
    }
    found
}

/// Where `inner`, a slice lent from `outer`, starts in it.
fn offset_within(outer: &[u8], inner: &[u8]) -> usize {
    // Both are views of the same input; the difference of their addresses is the offset.
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

/// The raw text of the member or element of `value` that `segment` names, if `value` is an object
/// or array that has it.
fn child<'a>(value: &'a [u8], segment: &Segment) -> Option<&'a RawValue> {
    let mut reader = serde_json::Deserializer::from_slice(value);
    let step = Step { segment };
    match segment {
        Segment::Key(_) => reader.deserialize_map(step).ok().flatten(),
        Segment::Index(_) => reader.deserialize_seq(step).ok().flatten(),
    }
}

/// Looks for one member or element, skipping the others.
struct Step<'s> {
    segment: &'s Segment,
}

impl<'de> Visitor<'de> for Step<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object or array")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let Segment::Key(wanted) = self.segment else {
            return Ok(None);
        };
        let mut found = None;
        while let Some(Text(key)) = map.next_key()? {
            if key == *wanted {
                found = Some(map.next_value::<&RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let Segment::Index(wanted) = self.segment else {
            return Ok(None);
        };
        for _ in 0..*wanted {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(None);
            }
        }
        seq.next_element_seed(Lend)
    }
}

/// Lends the raw text of one element.
struct Lend;

impl<'de> DeserializeSeed<'de> for Lend {
    type Value = &'de RawValue;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        de::Deserialize::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(segments: &[Segment]) -> JsonPath {
        let mut path = JsonPath::root();
        for segment in segments {
            match segment {
                Segment::Key(key) => path.push_owned_key(key.to_string()),
                Segment::Index(index) => path.push_index(*index),
            }
        }
        path
    }

    fn key(key: &'static str) -> Segment {
        Segment::Key(key.into())
    }

    /// The text at the offset found for `segments`, up to the end of its line.
    fn at(body: &str, segments: &[Segment]) -> String {
        let offset = offset_of(body.as_bytes(), &path(segments));
        body[offset..].lines().next().unwrap_or_default().to_owned()
    }

    #[test]
    fn finds_members_elements_and_the_last_of_a_repeated_key() {
        let body = "  {\"a\": 1,\n \"b\": {\"c\": [10, {\"d\": \"x\"}]},\n \"a\": 2}";
        assert_eq!(at(body, &[]), "{\"a\": 1,");
        assert_eq!(at(body, &[key("a")]), "2}");
        assert_eq!(at(body, &[key("b"), key("c")]), "[10, {\"d\": \"x\"}]},");
        assert_eq!(
            at(body, &[key("b"), key("c"), Segment::Index(1), key("d")]),
            "\"x\"}]},"
        );
    }

    #[test]
    fn a_path_to_nothing_stops_at_its_deepest_ancestor() {
        let body = r#"{"b": {"c": [10]}, "s": "text"}"#;
        assert_eq!(
            at(body, &[key("b"), key("missing")]),
            r#"{"c": [10]}, "s": "text"}"#
        );
        assert_eq!(
            at(body, &[key("b"), key("c"), Segment::Index(5)]),
            "[10]}, \"s\": \"text\"}"
        );
        assert_eq!(at(body, &[key("s"), key("deeper")]), "\"text\"}");
        assert_eq!(at(body, &[Segment::Index(0)]), body);
    }

    #[test]
    fn keys_with_escapes_match_their_text() {
        let body = r#"{"caf\u00e9": 1, "k\"q": 2}"#;
        assert_eq!(at(body, &[key("café")]), "1, \"k\\\"q\": 2}");
        assert_eq!(at(body, &[key("k\"q")]), "2}");
    }
}
