//! What a value kept as text must be checked for beyond serde_json's skip, which finds where a
//! value ends without decoding its strings or numbers: an escape of half a surrogate pair and a
//! number beyond a 64-bit float, which serde_json refuses when it decodes the same text into a
//! string or a number. Checked here, the same input is refused wherever it stands, and every kept
//! text stays readable by serde_json (`JsonText::to_value`).
//!
//! While a strict reading reads its document (see [`reading_strictly`]), the same pass also
//! looks for a key that comes twice in one object of kept text: strict reading refuses it, and
//! its contract walk then finds where it is (`repeated`), which costs a second pass over kept
//! text only when there is one to find.

use crate::error::TextFault;
use std::cell::Cell;

thread_local! {
    /// Whether a strict reading is under way on this thread, and what it found.
    static KEYS: Cell<KeyCheck> = const { Cell::new(KeyCheck::Off) };
}

/// The search for repeated keys in kept text, while a document is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyCheck {
    /// No strict reading is under way.
    Off,
    /// A strict reading is under way, and no kept text has shown a repeated key yet.
    Looking,
    /// A kept text may hold a repeated key (it does, or it was too large or too deep, or had an
    /// escaped key, for this quick look to tell): the contract walk looks inside kept text.
    Found,
}

/// Runs `read` (the lenient reading of one document) with kept text checked for repeated keys
/// too, and says whether any may hold one.
pub(crate) fn reading_strictly<T>(read: impl FnOnce() -> T) -> (T, bool) {
    let before = KEYS.replace(KeyCheck::Looking);
    let read = read();
    let found = KEYS.replace(before) == KeyCheck::Found;
    (read, found)
}

/// Whether, in the strict reading under way, a kept text read so far may hold a repeated key.
pub(crate) fn may_hold_a_repeated_key() -> bool {
    KEYS.get() == KeyCheck::Found
}

/// Whether a strict reading under way still looks for repeated keys in kept text (none seen
/// so far): the fast reader then looks at each kept container as it skips it (`skip`).
pub(crate) fn looking_for_repeated_keys() -> bool {
    KEYS.get() == KeyCheck::Looking
}

/// Says that a kept text read in the strict reading under way may hold a repeated key.
pub(crate) fn a_key_may_repeat() {
    if KEYS.get() == KeyCheck::Looking {
        KEYS.set(KeyCheck::Found);
    }
}

thread_local! {
    /// Whether the kept text being handed over was checked while the fast reader skipped it.
    static CHECKED: Cell<bool> = const { Cell::new(false) };
}

/// Runs `hand_over` (a visitor taking a kept text from the fast reader) with that text known
/// to be checked already, so that it is not walked again.
pub(crate) fn checked_while_skipped<T>(hand_over: impl FnOnce() -> T) -> T {
    CHECKED.set(true);
    let handed = hand_over();
    CHECKED.set(false);
    handed
}

/// Whether the kept text being taken was checked as it was skipped; asking takes the answer,
/// so that it holds for one text only.
pub(crate) fn taken_checked() -> bool {
    CHECKED.replace(false)
}

/// How many keys of the open objects, and how many open containers, the quick look follows;
/// beyond, it hands the text to the contract walk's full search.
const QUICK_KEYS: usize = 64;
const QUICK_DEPTH: usize = 32;

/// The keys of the open objects of one kept text, as byte ranges, in fixed room on the stack.
struct QuickKeys {
    keys: [(u32, u32); QUICK_KEYS],
    len: usize,
    /// Where each open container's keys start (`usize::MAX` for an array), and whether an
    /// object expects a key next.
    frames: [(usize, bool); QUICK_DEPTH],
    depth: usize,
}

impl QuickKeys {
    fn new() -> Self {
        QuickKeys {
            keys: [(0, 0); QUICK_KEYS],
            len: 0,
            frames: [(0, false); QUICK_DEPTH],
            depth: 0,
        }
    }

    /// Takes in the structural byte or the string at `at`; `false` once the look cannot go on
    /// (a key repeats, or the text is beyond its room), so that the walk looks instead.
    fn step(&mut self, bytes: &[u8], at: usize, string_end: usize) -> bool {
        match bytes[at] {
            b'"' => {
                let Some((from, expects_key)) =
                    self.depth.checked_sub(1).map(|top| self.frames[top])
                else {
                    return true;
                };
                if !expects_key {
                    return true;
                }
                self.frames[self.depth - 1].1 = false;
                let key = &bytes[at + 1..string_end.saturating_sub(1).max(at + 1)];
                if key.contains(&b'\\') || self.len == QUICK_KEYS {
                    return false;
                }
                let repeated = self.keys[from..self.len]
                    .iter()
                    .any(|&(start, len)| &bytes[start as usize..(start + len) as usize] == key);
                self.keys[self.len] = ((at + 1) as u32, key.len() as u32);
                self.len += 1;
                !repeated
            }
            b'{' | b'[' => {
                if self.depth == QUICK_DEPTH {
                    return false;
                }
                let object = bytes[at] == b'{';
                self.frames[self.depth] = (if object { self.len } else { usize::MAX }, object);
                self.depth += 1;
                true
            }
            b',' => {
                if let Some(top) = self.depth.checked_sub(1)
                    && self.frames[top].0 != usize::MAX
                {
                    self.frames[top].1 = true;
                }
                true
            }
            b'}' | b']' => {
                if let Some(top) = self.depth.checked_sub(1) {
                    let (from, _) = self.frames[top];
                    if from != usize::MAX {
                        self.len = from;
                    }
                    self.depth = top;
                }
                true
            }
            _ => true,
        }
    }
}

/// The first fault in `text`, the JSON text of one well-formed value (as serde_json's skip
/// found it); during a strict reading, also whether it may hold a repeated key.
pub(crate) fn fault_in(text: &str) -> Option<TextFault> {
    // Only an object can hold a key, and a string, number or literal needs no room for keys.
    // Offsets are held in 32 bits: a longer text goes to the walk's full search.
    if KEYS.get() == KeyCheck::Looking
        && text.trim_start().starts_with(['{', '['])
        && text.len() < u32::MAX as usize
    {
        let mut quick = QuickKeys::new();
        let (fault, looked) = scan(text, Some(&mut quick));
        if !looked {
            KEYS.set(KeyCheck::Found);
        }
        return fault;
    }
    // A short text (an id, a word) is walked at once; the searches pay off on longer ones.
    if text.len() >= PLAIN_LENGTH && plainly_without_fault(text.as_bytes()) {
        return None;
    }
    scan(text, None).0
}

/// The length from which a kept text is first searched for what may be a fault.
const PLAIN_LENGTH: usize = 64;

/// Whether `bytes` cannot hold a fault, told from a few vectorised searches instead of a walk:
/// a half surrogate pair is written as an escape (there is no `\`), a number beyond a 64-bit
/// float has an exponent (an `e` or `E` right after a digit, in a string or not) or more than
/// 308 digits (a run of digits that long has [`DIGIT_RUN_SAMPLES`] samples in a row that are
/// digits, every [`SAMPLE_STRIDE`] bytes). `false` leaves the text to the walk, which decides.
fn plainly_without_fault(bytes: &[u8]) -> bool {
    let digit = |byte: u8| byte.is_ascii_digit() || byte == b'.';
    if memchr::memchr(b'\\', bytes).is_some()
        || memchr::memchr2_iter(b'e', b'E', bytes).any(|at| at > 0 && digit(bytes[at - 1]))
    {
        return false;
    }
    let mut run = 0;
    for &byte in bytes.iter().step_by(SAMPLE_STRIDE) {
        run = if digit(byte) { run + 1 } else { 0 };
        if run == DIGIT_RUN_SAMPLES {
            return false;
        }
    }
    true
}

/// How far apart the bytes sampled for long runs of digits are, and how many digit samples in
/// a row a run of 309 digits (or dots) gives at least: 309 / 32, rounded down.
const SAMPLE_STRIDE: usize = 32;
const DIGIT_RUN_SAMPLES: usize = 9;

/// The first fault in `text`, and whether `quick` (when given) followed the whole text without
/// seeing a repeated key.
fn scan(text: &str, mut quick: Option<&mut QuickKeys>) -> (Option<TextFault>, bool) {
    let bytes = text.as_bytes();
    let mut looked = true;
    let mut at = 0;
    while at < bytes.len() {
        if let Some(keys) = quick.as_deref_mut()
            && matches!(bytes[at], b'{' | b'[' | b',' | b'}' | b']')
            && !keys.step(bytes, at, at)
        {
            looked = false;
            quick = None;
        }
        match bytes[at] {
            b'"' => match string_end(bytes, at + 1) {
                Ok(end) => {
                    if let Some(keys) = quick.as_deref_mut()
                        && !keys.step(bytes, at, end)
                    {
                        looked = false;
                        quick = None;
                    }
                    at = end;
                }
                Err(fault) => return (Some(fault), looked),
            },
            b'-' | b'0'..=b'9' => {
                let end = number_end(bytes, at);
                if out_of_range(&text[at..end]) {
                    return (Some(TextFault::NumberOutOfRange), looked);
                }
                at = end;
            }
            _ => at += 1,
        }
    }
    (None, looked)
}

/// Where the string whose content starts at `at` ends (just after its closing quote), or the
/// fault of one of its escapes.
pub(crate) fn string_end(bytes: &[u8], mut at: usize) -> Result<usize, TextFault> {
    // Most of a kept value's bytes are in its strings, between a quote and the next quote or
    // backslash: found with memchr's vectorised search rather than byte by byte.
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
    {
        at += found;
        match bytes[at] {
            b'"' => return Ok(at + 1),
            b'\\' if bytes.get(at + 1) == Some(&b'u') => match escaped_unit(bytes, at) {
                Some(0xD800..=0xDBFF) => match escaped_unit(bytes, at + 6) {
                    Some(0xDC00..=0xDFFF) => at += 12,
                    _ => return Err(TextFault::HighSurrogate),
                },
                Some(0xDC00..=0xDFFF) => return Err(TextFault::LowSurrogate),
                _ => at += 6,
            },
            _ => at += 2,
        }
    }
    Ok(bytes.len())
}

/// The UTF-16 unit of the `\uXXXX` escape at `at`, if one is there.
fn escaped_unit(bytes: &[u8], at: usize) -> Option<u16> {
    let escape = bytes.get(at..at + 6)?;
    if !escape.starts_with(b"\\u") {
        return None;
    }
    let hex = std::str::from_utf8(&escape[2..]).ok()?;
    u16::from_str_radix(hex, 16).ok()
}

/// Where the number starting at `at` ends.
fn number_end(bytes: &[u8], at: usize) -> usize {
    let rest = &bytes[at..];
    at + rest
        .iter()
        .position(|byte| !matches!(byte, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
        .unwrap_or(rest.len())
}

/// Whether the number `token` is beyond a 64-bit float, as serde_json decides: its value, read
/// as the nearest float, is infinite. Only a number with an exponent or more than 308 digits can
/// be, so no other is read.
pub(crate) fn out_of_range(token: &str) -> bool {
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    let has_exponent = token.bytes().any(|byte| byte == b'e' || byte == b'E');
    (has_exponent || digits > 308) && token.parse::<f64>().is_ok_and(f64::is_infinite)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unpaired_surrogates_and_only_those() {
        for (text, expected) in [
            (r#""plain""#, None),
            (r#""\u00e9 \ud83d\ude00 \\ud800""#, None),
            (r#"["\ud800"]"#, Some(TextFault::HighSurrogate)),
            (r#""\ud800\u0041""#, Some(TextFault::HighSurrogate)),
            (r#""\udbff\n""#, Some(TextFault::HighSurrogate)),
            (r#"{"k": "\udc00"}"#, Some(TextFault::LowSurrogate)),
            (r#"{"\ude00": 1}"#, Some(TextFault::LowSurrogate)),
            (r#""\\\udc00""#, Some(TextFault::LowSurrogate)),
        ] {
            assert_eq!(fault_in(text), expected, "{text}");
        }
    }

    #[test]
    fn the_quick_answer_is_never_clean_where_the_walk_finds_a_fault() {
        let digits = |count: usize| "7".repeat(count);
        let mut texts: Vec<String> = [
            r#"{"a": "\ud800"}"#,
            r#"{"n": 1e999}"#,
            r#"{"n": 1E999}"#,
            r#"{"n": 1.5e400}"#,
            r#"{"n": -2e309, "s": "fe587"}"#,
        ]
        .map(str::to_owned)
        .into();
        for offset in 0..SAMPLE_STRIDE {
            let pad = " ".repeat(offset);
            texts.push(format!("{{{pad}\"n\": {}}}", digits(309)));
            texts.push(format!("[{pad}{}.{}]", digits(309), digits(5)));
        }
        for text in &texts {
            assert!(scan(text, None).0.is_some(), "{text}");
            assert!(!plainly_without_fault(text.as_bytes()), "{text}");
        }
        // Plain texts are told clean without the walk: ids with an `e` after a letter, long
        // texts, numbers of up to 308 digits.
        for text in [
            r#"{"id": "fe587", "name": "Steve", "list": [1, 2.5, -3]}"#.to_owned(),
            format!(r#"{{"n": {}, "s": "{}"}}"#, digits(250), "x".repeat(5000)),
        ] {
            assert!(plainly_without_fault(text.as_bytes()), "{text}");
            assert_eq!(scan(&text, None).0, None, "{text}");
        }
    }

    #[test]
    fn finds_numbers_beyond_a_float_as_serde_json_does() {
        let long = format!("1{}", "0".repeat(400));
        for token in [
            "0",
            "-0",
            "1e308",
            "1.7976931348623157e308",
            "-1e308",
            "1e-400",
            "18446744073709551616",
            "1e309",
            "-1e309",
            "1E+4454444444",
            "1.8e308",
            long.as_str(),
        ] {
            let text = format!(r#"{{"n": [{token}], "s": "1e999"}}"#);
            let serde_refuses = serde_json::from_str::<serde_json::Value>(&text).is_err();
            assert_eq!(
                fault_in(&text) == Some(TextFault::NumberOutOfRange),
                serde_refuses,
                "{token}"
            );
        }
    }
}

#[cfg(test)]
mod quick_look {
    use super::*;

    /// Whether a strict reading's quick look hands `text` to the walk's full search.
    fn handed_on(text: &str) -> bool {
        reading_strictly(|| fault_in(text)).1
    }

    #[test]
    fn sees_a_repeated_key_and_hands_on_what_it_cannot_tell() {
        for (text, expected) in [
            (
                r#"{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}"#,
                false,
            ),
            (r#"{"a": "{\"a\": 1, \"a\": 2}", "b": "}"}"#, false),
            (r#"[1, "a", "a", {"x": null}]"#, false),
            (r#"{"a": 1, "a": 2}"#, true),
            (r#"{"a": {"x": 1}, "b": {"y": 2, "y": 3}}"#, true),
            (r#"[{"k": 1}, {"j": [1, 2], "j": 3}]"#, true),
            // An escaped key is left to the full search, which decodes it.
            (r#"{"a": 1, "\u0062": 2}"#, true),
            // Only a container is looked into, wherever its text starts.
            ("\n {\"a\": 1, \"a\": 2}", true),
            (r#""{\"a\": 1, \"a\": 2}""#, false),
            ("12345", false),
        ] {
            assert_eq!(handed_on(text), expected, "{text}");
        }
        let deep = format!(
            "{}{}",
            "[".repeat(QUICK_DEPTH + 1),
            "]".repeat(QUICK_DEPTH + 1)
        );
        assert!(handed_on(&deep), "deeper than the quick look follows");
        let wide: String = (0..=QUICK_KEYS)
            .map(|key| format!(r#""k{key}": 0,"#))
            .collect();
        assert!(
            handed_on(&format!("{{{wide}\"end\": 0}}")),
            "more keys than it holds"
        );
        // Outside a strict reading nothing is looked for.
        assert_eq!(fault_in(r#"{"a": 1, "a": 2}"#), None);
        assert_eq!(KEYS.get(), KeyCheck::Off);
    }
}
