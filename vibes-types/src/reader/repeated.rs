//! Keys that come more than once in one object of a value kept as text (a free-form object, an
//! unknown field's value, an unknown body's field). Reading keeps such text as it came, without
//! building its objects; the walk of [`Inspect`](crate::Inspect) finds the repeated keys in it
//! here, so that they are reported (and refused by strict reading) as a repeated key of a typed
//! object is.

use super::kept::string_end;
use crate::JsonPath;
use crate::inspect::{Findings, Unrecognized};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;

/// Up to this many keys, an object's keys are compared pairwise; beyond, through a hash set, so
/// that an object of a million keys costs no more than linear time.
const PAIRWISE: usize = 16;

/// An object or an array being read, with what locates a value inside it.
enum Frame {
    /// An object whose keys start at this index of the key stack; `expects_key` between a `{`
    /// or `,` and the key that follows.
    Object { keys_from: usize, expects_key: bool },
    /// An array, at this element.
    Array { index: usize },
}

/// Adds to `found` a [`Unrecognized::RepeatedKey`] for each key that comes more than once in
/// one object of `text` (the JSON text of one well-formed value, which sits at `at`, followed by
/// `key` when given), once per key and object, in the order the objects end.
///
/// It allocates nothing for a text without a repeated key: the stacks are kept per thread, keys
/// are held as byte ranges of `text`, and a path is built only for a key that repeats.
pub(crate) fn repeated_keys(text: &str, at: &JsonPath, key: Option<&str>, found: &mut Findings) {
    // Strict reading looks here only when its reading saw a kept text that may hold one.
    if !found.looks_inside_kept_text() {
        return;
    }
    let bytes = text.as_bytes();
    // Objects are where keys can repeat: a string, a number or a literal holds none, and most
    // arrays kept hold no object.
    let container = bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .is_some_and(|byte| matches!(byte, b'{' | b'['));
    if !container || memchr::memchr(b'{', bytes).is_none() {
        return;
    }
    SCRATCH.with(|scratch| {
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            // Never re-entered; a fresh stack would do if it were.
            return scan(text, at, key, found, &mut Scratch::default());
        };
        let scratch = &mut *scratch;
        scan(text, at, key, found, scratch);
        scratch.frames.clear();
        scratch.keys.clear();
    });
}

thread_local! {
    /// The stacks of the scan, kept between calls so that a call allocates nothing.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The stacks of one scan: the open objects and arrays, and the keys of the open objects.
#[derive(Default)]
struct Scratch {
    frames: Vec<Frame>,
    /// The keys of the open objects, in order.
    keys: Vec<Key>,
}

/// A key, as where its text between the quotes lies in the scanned text.
struct Key {
    range: Range<usize>,
    /// Whether the text escapes a character, so that it is compared decoded.
    escaped: bool,
}

fn scan(text: &str, at: &JsonPath, key: Option<&str>, found: &mut Findings, scratch: &mut Scratch) {
    let bytes = text.as_bytes();
    let Scratch { frames, keys } = scratch;
    let mut position = 0;
    while position < bytes.len() {
        match bytes[position] {
            b'"' => {
                let end = string_end(bytes, position + 1).unwrap_or(bytes.len());
                if let Some(Frame::Object { expects_key, .. }) = frames.last_mut()
                    && *expects_key
                {
                    *expects_key = false;
                    let range = position + 1..end.saturating_sub(1).max(position + 1);
                    let escaped = memchr::memchr(b'\\', &bytes[range.clone()]).is_some();
                    keys.push(Key { range, escaped });
                }
                position = end;
                continue;
            }
            b'{' => frames.push(Frame::Object {
                keys_from: keys.len(),
                expects_key: true,
            }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            b',' => match frames.last_mut() {
                Some(Frame::Object { expects_key, .. }) => *expects_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'}' => {
                if let Some(Frame::Object { keys_from, .. }) = frames.pop() {
                    let own = &keys[keys_from..];
                    if own.len() > 1 {
                        let repeated = repeats(text, own);
                        if !repeated.is_empty() {
                            let mut inside = at.clone();
                            if let Some(key) = key {
                                inside.push_owned_key(key.to_owned());
                            }
                            locate(&mut inside, text, frames, &keys[..keys_from]);
                            for index in repeated {
                                found.push(Unrecognized::RepeatedKey {
                                    path: inside.join_key(&key_text(text, &own[index])),
                                });
                            }
                        }
                    }
                    keys.truncate(keys_from);
                }
            }
            b']' => {
                frames.pop();
            }
            _ => {}
        }
        position += 1;
    }
}

/// A key's text, its escapes decoded so that `"a"` and `"\u0061"` are one key, as every JSON
/// reader takes them.
fn key_text<'t>(text: &'t str, key: &Key) -> Cow<'t, str> {
    let inner = &text[key.range.clone()];
    if !key.escaped {
        return Cow::Borrowed(inner);
    }
    let quoted = &text[key.range.start - 1..key.range.end + 1];
    serde_json::from_str::<String>(quoted).map_or(Cow::Borrowed(inner), Cow::Owned)
}

/// Whether two keys are one: the same bytes, or (when either escapes a character) the same
/// decoded text.
fn same_key(text: &str, one: &Key, other: &Key) -> bool {
    let bytes = text.as_bytes();
    if bytes[one.range.clone()] == bytes[other.range.clone()] {
        return true;
    }
    (one.escaped || other.escaped) && key_text(text, one) == key_text(text, other)
}

/// The positions of the keys of one object that repeat an earlier key, each key once.
fn repeats(text: &str, keys: &[Key]) -> Vec<usize> {
    let mut repeated: Vec<usize> = Vec::new();
    if keys.len() <= PAIRWISE {
        for (later, key) in keys.iter().enumerate() {
            let earlier = keys[..later]
                .iter()
                .filter(|earlier| same_key(text, earlier, key))
                .count();
            if earlier == 1 {
                repeated.push(later);
            }
        }
        return repeated;
    }
    let decoded: Vec<Cow<'_, str>> = keys.iter().map(|key| key_text(text, key)).collect();
    let mut seen: HashSet<&str> = HashSet::with_capacity(decoded.len());
    let mut reported: HashSet<&str> = HashSet::new();
    for (later, key) in decoded.iter().enumerate() {
        if !seen.insert(key) && reported.insert(key) {
            repeated.push(later);
        }
    }
    repeated
}

/// Appends to `path` where the object that just ended sits: the key or index of each open frame.
fn locate(path: &mut JsonPath, text: &str, frames: &[Frame], keys: &[Key]) {
    for (depth, frame) in frames.iter().enumerate() {
        match frame {
            Frame::Array { index } => path.push_index(*index),
            Frame::Object { .. } => {
                // The frame's current key is the last it pushed: the one before the next frame's
                // first, or the last of all for the innermost frame.
                let next_from = frames[depth + 1..].iter().find_map(|frame| match frame {
                    Frame::Object { keys_from, .. } => Some(*keys_from),
                    Frame::Array { .. } => None,
                });
                let current = next_from.unwrap_or(keys.len()).checked_sub(1);
                if let Some(key) = current.and_then(|index| keys.get(index)) {
                    path.push_owned_key(key_text(text, key).into_owned());
                }
            }
        }
    }
}

/// The path of a repeated key, as its segments, for the tests.
#[cfg(test)]
fn found_in(text: &str) -> Vec<String> {
    let mut found = Findings::contract_only(true);
    repeated_keys(text, &JsonPath::root(), Some("event_data"), &mut found);
    found
        .into_items()
        .iter()
        .map(|item| item.path().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_repeated_key_where_it_sits() {
        for (text, expected) in [
            (r#"{"a": 1, "b": 2}"#, vec![]),
            (r#"{"a": 1, "a": 2}"#, vec!["event_data.a"]),
            (r#"{"a": 1, "a": 2, "a": 3}"#, vec!["event_data.a"]),
            (r#"{"a": {"x": 1}, "b": {"x": 2}}"#, vec![]),
            (r#"{"a": {"x": 1, "x": 2}}"#, vec!["event_data.a.x"]),
            (
                r#"{"list": [{"k": 1}, {"k": 1, "k": 2}]}"#,
                vec!["event_data.list[1].k"],
            ),
            (
                r#"[{"k": 1}, [], {"j": [1, 2], "j": 3}]"#,
                vec!["event_data[2].j"],
            ),
            // Strings that look like structure are strings.
            (r#"{"a": "{\"a\": 1, \"a\": 2}", "b": "}"}"#, vec![]),
            // One key, however it is escaped.
            (r#"{"a": 1, "\u0061": 2}"#, vec!["event_data.a"]),
            (
                r#"{"a": {"b": 1}, "a": {"b": 1, "b": 2}}"#,
                vec!["event_data.a.b", "event_data.a"],
            ),
            ("\"no object\"", vec![]),
        ] {
            assert_eq!(found_in(text), expected, "{text}");
        }
    }

    #[test]
    fn a_large_object_is_checked_through_a_set() {
        let mut text = String::from("{");
        for key in 0..10_000 {
            text.push_str(&format!("\"k{key}\": {key},"));
        }
        text.push_str("\"k17\": 0, \"k17\": 1, \"k9999\": 2}");
        assert_eq!(found_in(&text), ["event_data.k17", "event_data.k9999"]);
    }
}
