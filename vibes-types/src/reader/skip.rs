//! Finding where a value kept as text ends, in one pass that also checks it: what serde_json's
//! skip refuses (the grammar, control characters in strings, unknown escapes), what serde_json
//! would refuse when decoding the same text ([`TextFault`]: half a surrogate pair, a number
//! beyond a 64-bit float), and, during a strict reading, whether one of its objects repeats a
//! key.
//!
//! serde_json skips a kept value and this crate then walked its text again for the faults and,
//! strictly, for repeated keys; the reader of the fast path (`de`) skips with this instead, so a
//! kept value is walked once. The skip is iterative (a nested value costs a bit of a stack per
//! level, no call stack), as serde_json's is.

use super::kept::out_of_range;
use crate::error::TextFault;

/// Why a value could not be skipped.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SkipError {
    /// Not one well-formed JSON value: serde_json's reading says what and where.
    Malformed,
    /// Well formed, but holding what serde_json refuses when it decodes it.
    Fault(TextFault),
}

impl From<TextFault> for SkipError {
    fn from(fault: TextFault) -> Self {
        SkipError::Fault(fault)
    }
}

type Skipped<T> = Result<T, SkipError>;

/// Where the value starting at `at` ends, and, when `keys` is given, whether its objects may
/// repeat a key (see [`KeyLook`]).
pub(crate) fn skip_value(
    bytes: &[u8],
    mut at: usize,
    mut keys: Option<&mut KeyLook>,
) -> Skipped<usize> {
    let mut open = Containers::default();
    'value: loop {
        at = whitespace(bytes, at);
        match bytes.get(at) {
            Some(b'{') => {
                at = whitespace(bytes, at + 1);
                if bytes.get(at) == Some(&b'}') {
                    at += 1;
                } else {
                    open.push(true);
                    if let Some(look) = keys.as_deref_mut() {
                        look.open();
                    }
                    at = key(bytes, at, &mut keys)?;
                    continue 'value;
                }
            }
            Some(b'[') => {
                at = whitespace(bytes, at + 1);
                if bytes.get(at) == Some(&b']') {
                    at += 1;
                } else {
                    open.push(false);
                    continue 'value;
                }
            }
            Some(b'"') => at = string(bytes, at + 1)?.end,
            Some(b'-' | b'0'..=b'9') => at = number(bytes, at)?,
            Some(b't') => at = literal(bytes, at, b"true")?,
            Some(b'f') => at = literal(bytes, at, b"false")?,
            Some(b'n') => at = literal(bytes, at, b"null")?,
            _ => return Err(SkipError::Malformed),
        }
        // After a value: the next one in its container, or the container's end.
        loop {
            let Some(object) = open.top() else {
                return Ok(at);
            };
            at = whitespace(bytes, at);
            match bytes.get(at) {
                Some(b',') => {
                    at += 1;
                    if object {
                        at = key(bytes, whitespace(bytes, at), &mut keys)?;
                    }
                    continue 'value;
                }
                Some(b'}') if object => {
                    at += 1;
                    open.pop();
                    if let Some(look) = keys.as_deref_mut()
                        && !look.close(bytes)
                    {
                        keys = None;
                    }
                }
                Some(b']') if !object => {
                    at += 1;
                    open.pop();
                }
                _ => return Err(SkipError::Malformed),
            }
        }
    }
}

/// Reads the key at `at` and its colon; returns where its value starts.
fn key(bytes: &[u8], at: usize, keys: &mut Option<&mut KeyLook>) -> Skipped<usize> {
    if bytes.get(at) != Some(&b'"') {
        return Err(SkipError::Malformed);
    }
    let read = string(bytes, at + 1)?;
    if let Some(look) = keys.as_deref_mut()
        && !look.key(bytes, at + 1, read.end - 1, read.escaped)
    {
        *keys = None;
    }
    let colon = whitespace(bytes, read.end);
    if bytes.get(colon) != Some(&b':') {
        return Err(SkipError::Malformed);
    }
    Ok(colon + 1)
}

/// The open containers of a skip: whether each is an object. The first 128 levels are bits;
/// deeper ones, which no body of Vibes has, take a byte each.
#[derive(Default)]
struct Containers {
    depth: usize,
    bits: u128,
    deeper: Vec<bool>,
}

impl Containers {
    fn push(&mut self, object: bool) {
        if self.depth < 128 {
            self.bits = (self.bits & !(1 << self.depth)) | (u128::from(object) << self.depth);
        } else {
            self.deeper.push(object);
        }
        self.depth += 1;
    }

    fn top(&self) -> Option<bool> {
        let top = self.depth.checked_sub(1)?;
        if top < 128 {
            Some((self.bits >> top) & 1 == 1)
        } else {
            self.deeper.last().copied()
        }
    }

    fn pop(&mut self) {
        if self.depth > 128 {
            self.deeper.pop();
        }
        self.depth = self.depth.saturating_sub(1);
    }
}

/// Where the whitespace at `at` ends: JSON's four characters, a run of spaces (the indentation
/// of a pretty-printed body) eight bytes at a time.
#[inline]
pub(crate) fn whitespace(bytes: &[u8], mut at: usize) -> usize {
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    loop {
        match bytes.get(at) {
            Some(b' ') => {
                while let Some(chunk) = bytes.get(at..at + 8) {
                    let mut word = [0; 8];
                    word.copy_from_slice(chunk);
                    let other = u64::from_le_bytes(word) ^ SPACES;
                    if other != 0 {
                        // The first byte that is not a space.
                        at += (other.trailing_zeros() / 8) as usize;
                        break;
                    }
                    at += 8;
                }
                while bytes.get(at) == Some(&b' ') {
                    at += 1;
                }
            }
            Some(b'\n' | b'\t' | b'\r') => at += 1,
            _ => return at,
        }
    }
}

/// A string read: where it ends (just after its closing quote), and whether it escapes a
/// character.
pub(crate) struct StringEnd {
    pub(crate) end: usize,
    pub(crate) escaped: bool,
}

/// Reads the string whose content starts at `at`, checking it as serde_json does (no control
/// character, only JSON's escapes) and for half a surrogate pair.
pub(crate) fn string(bytes: &[u8], mut at: usize) -> Skipped<StringEnd> {
    let mut escaped = false;
    loop {
        at = plain_run(bytes, at);
        match bytes.get(at) {
            Some(b'"') => {
                return Ok(StringEnd {
                    end: at + 1,
                    escaped,
                });
            }
            Some(b'\\') => {
                escaped = true;
                at = escape(bytes, at)?;
            }
            // A control character, or the end of the input.
            _ => return Err(SkipError::Malformed),
        }
    }
}

/// Where the run of bytes from `at` that are neither a quote, a backslash nor a control
/// character ends: eight bytes at a time, then one by one.
#[inline]
pub(crate) fn plain_run(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    const QUOTES: u64 = u64::from_ne_bytes([b'"'; 8]);
    const BACKSLASHES: u64 = u64::from_ne_bytes([b'\\'; 8]);
    const CONTROL: u64 = u64::from_ne_bytes([0x20; 8]);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let zero = |value: u64| value.wrapping_sub(ONES) & !value & HIGH;
        let quote = zero(word ^ QUOTES);
        let backslash = zero(word ^ BACKSLASHES);
        let control = word.wrapping_sub(CONTROL) & !word & HIGH;
        let found = quote | backslash | control;
        if found != 0 {
            // The lowest flag of each search is exact (a false flag only follows a true one).
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if byte == b'"' || byte == b'\\' || byte < 0x20 {
            break;
        }
        at += 1;
    }
    at
}

/// Checks the escape at `at` (a backslash) as serde_json reads it, and for half a surrogate
/// pair; returns where it ends.
fn escape(bytes: &[u8], at: usize) -> Skipped<usize> {
    match bytes.get(at + 1) {
        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(at + 2),
        Some(b'u') => match unit(bytes, at + 2)? {
            0xD800..=0xDBFF => {
                let low = (bytes.get(at + 6..at + 8) == Some(b"\\u"))
                    .then(|| unit(bytes, at + 8))
                    .transpose()?;
                match low {
                    Some(0xDC00..=0xDFFF) => Ok(at + 12),
                    _ => Err(TextFault::HighSurrogate.into()),
                }
            }
            0xDC00..=0xDFFF => Err(TextFault::LowSurrogate.into()),
            _ => Ok(at + 6),
        },
        _ => Err(SkipError::Malformed),
    }
}

/// The four hexadecimal digits at `at`, as a UTF-16 unit.
fn unit(bytes: &[u8], at: usize) -> Skipped<u16> {
    let digits = bytes.get(at..at + 4).ok_or(SkipError::Malformed)?;
    digits.iter().try_fold(0u16, |unit, &digit| {
        let value = char::from(digit).to_digit(16).ok_or(SkipError::Malformed)?;
        Ok((unit << 4) | value as u16)
    })
}

/// Where the number at `at` ends, checked against JSON's grammar (as serde_json's skip checks
/// it) and against a 64-bit float's range.
pub(crate) fn number(bytes: &[u8], start: usize) -> Skipped<usize> {
    let digits = |mut at: usize| {
        let from = at;
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        (at, at - from)
    };
    let mut at = start + usize::from(bytes.get(start) == Some(&b'-'));
    let mut count = match bytes.get(at) {
        Some(b'0') => {
            at += 1;
            if bytes.get(at).is_some_and(u8::is_ascii_digit) {
                return Err(SkipError::Malformed);
            }
            1
        }
        Some(b'1'..=b'9') => {
            let (end, count) = digits(at);
            at = end;
            count
        }
        _ => return Err(SkipError::Malformed),
    };
    if bytes.get(at) == Some(&b'.') {
        let (end, fraction) = digits(at + 1);
        if fraction == 0 {
            return Err(SkipError::Malformed);
        }
        at = end;
        count += fraction;
    }
    let mut exponent = false;
    if let Some(b'e' | b'E') = bytes.get(at) {
        at += 1;
        if let Some(b'+' | b'-') = bytes.get(at) {
            at += 1;
        }
        let (end, digits) = digits(at);
        if digits == 0 {
            return Err(SkipError::Malformed);
        }
        at = end;
        exponent = true;
    }
    if (exponent || count > 308) && std::str::from_utf8(&bytes[start..at]).is_ok_and(out_of_range) {
        return Err(TextFault::NumberOutOfRange.into());
    }
    Ok(at)
}

/// Checks the literal `word` at `at`; returns where it ends.
fn literal(bytes: &[u8], at: usize, word: &[u8]) -> Skipped<usize> {
    if bytes.get(at..at + word.len()) == Some(word) {
        Ok(at + word.len())
    } else {
        Err(SkipError::Malformed)
    }
}

/// Up to this many keys, a new key of an object is compared with each before it; an object
/// with more is checked through a hash table when it ends.
const PAIRWISE: usize = 16;

/// The look for a key that comes twice in one object of kept text, during a strict reading.
///
/// It holds the keys of the open objects as byte ranges of the text; a key with an escape is
/// not compared (`"a"` and `"\u0061"` are one key), so it ends the look with the answer that a
/// key may repeat, as a repeated key does: the contract walk then searches the text and says
/// where (`repeated`).
#[derive(Default)]
pub(crate) struct KeyLook {
    /// The keys of the open objects, as (start, end) in the text.
    keys: Vec<(usize, usize)>,
    /// Where each open object's keys start in `keys`.
    objects: Vec<usize>,
    /// The slots of the hash table of a large object's keys (an index into `keys`, plus one).
    table: Vec<u32>,
    /// Whether a key may repeat.
    pub(crate) may_repeat: bool,
}

impl KeyLook {
    /// Empties the look for another text, keeping its room unless it grew large.
    pub(crate) fn clear(&mut self) {
        const KEPT_ROOM: usize = 1 << 12;
        if self.keys.capacity() > KEPT_ROOM || self.table.capacity() > KEPT_ROOM {
            *self = KeyLook::default();
        }
        self.keys.clear();
        self.objects.clear();
        self.may_repeat = false;
    }

    fn open(&mut self) {
        self.objects.push(self.keys.len());
    }

    /// Takes in the key between `start` and `end`; `false` ends the look.
    fn key(&mut self, bytes: &[u8], start: usize, end: usize, escaped: bool) -> bool {
        let from = self.objects.last().copied().unwrap_or(0);
        let key = &bytes[start..end];
        let repeated = escaped
            || (self.keys.len() - from <= PAIRWISE
                && self.keys[from..].iter().any(|&(s, e)| &bytes[s..e] == key));
        if repeated {
            self.may_repeat = true;
            return false;
        }
        self.keys.push((start, end));
        true
    }

    /// Ends the innermost object; `false` ends the look.
    fn close(&mut self, bytes: &[u8]) -> bool {
        let from = self.objects.pop().unwrap_or(0);
        let repeated = self.keys.len() - from > PAIRWISE && self.repeats(bytes, from);
        self.keys.truncate(from);
        if repeated {
            self.may_repeat = true;
        }
        !repeated
    }

    /// Whether a key from `from` on comes twice, through an open-addressing hash table.
    fn repeats(&mut self, bytes: &[u8], from: usize) -> bool {
        let keys = &self.keys[from..];
        let size = (keys.len() * 2).next_power_of_two();
        let Ok(count) = u32::try_from(keys.len()) else {
            // More than four billion keys: said to repeat, so that the walk decides.
            return true;
        };
        self.table.clear();
        self.table.resize(size, 0);
        let mask = size - 1;
        for (index, &(start, end)) in (1..=count).zip(keys) {
            let key = &bytes[start..end];
            let mut slot = hash(key) as usize & mask;
            loop {
                match self.table[slot] {
                    0 => {
                        self.table[slot] = index;
                        break;
                    }
                    other => {
                        let (s, e) = keys[other as usize - 1];
                        if &bytes[s..e] == key {
                            return true;
                        }
                        slot = (slot + 1) & mask;
                    }
                }
            }
        }
        false
    }
}

/// A quick hash of a key's bytes, eight at a time (FxHash's mixing).
fn hash(key: &[u8]) -> u64 {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
    let mut hash = key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    }
    let mut word = [0; 8];
    word[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
    hash ^ (hash >> 29)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What skipping `text` whole says: its end, or why not.
    fn skipped(text: &str) -> Skipped<usize> {
        skip_value(text.as_bytes(), 0, None)
    }

    #[test]
    fn accepts_what_serde_json_skips_and_refuses_what_it_refuses() {
        for text in [
            "0",
            "-0",
            "1.5e3",
            "-12.25E-2",
            "true",
            "false",
            "null",
            r#""""#,
            r#""a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#,
            "[]",
            "{}",
            "[1, [2, [3, {}]], {\"a\": []}]",
            " {\"a\" : 1 , \"b\":{\"c\":\"d\"}} ",
            "\"caf\u{e9} \u{1F600}\"",
        ] {
            let skipped = skipped(text);
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(text);
            assert!(serde.is_ok(), "{text}");
            let end = text.trim_end().len();
            assert_eq!(skipped, Ok(end), "{text}");
        }
        for text in [
            "",
            "01",
            "-",
            "-a",
            "1.",
            "1.e5",
            "1e",
            "1e+",
            ".5",
            "+1",
            "tru",
            "nul",
            "[1,]",
            "{\"a\":1,}",
            "[,1]",
            "{,}",
            "{\"a\"}",
            "{\"a\" 1}",
            "{1: 2}",
            "[1 2]",
            "\"\\x\"",
            "\"\\u12g4\"",
            "\"a\u{1}b\"",
            "\"open",
            "[",
            "{\"a\":",
            "[1}",
            "{\"a\":1]",
        ] {
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(text).is_err(),
                "{text}"
            );
            assert_eq!(skipped(text), Err(SkipError::Malformed), "{text}");
        }
    }

    #[test]
    fn finds_the_faults_of_kept_text() {
        for (text, fault) in [
            (r#"["\ud800"]"#, TextFault::HighSurrogate),
            (r#""\ud800\u0041""#, TextFault::HighSurrogate),
            (r#""\udbff\n""#, TextFault::HighSurrogate),
            (r#"{"k": "\udc00"}"#, TextFault::LowSurrogate),
            (r#"{"\ude00": 1}"#, TextFault::LowSurrogate),
            (r#"{"n": 1e999}"#, TextFault::NumberOutOfRange),
            (r#"[-2E309]"#, TextFault::NumberOutOfRange),
        ] {
            assert_eq!(skipped(text), Err(SkipError::Fault(fault)), "{text}");
        }
        let long = format!("[1{}]", "0".repeat(400));
        assert_eq!(
            skipped(&long),
            Err(SkipError::Fault(TextFault::NumberOutOfRange))
        );
        assert!(skipped(&format!("[1{}]", "0".repeat(300))).is_ok());
        assert!(skipped("[1e308, 1e-400, 18446744073709551616]").is_ok());
    }

    #[test]
    fn deep_nesting_is_skipped_without_the_call_stack() {
        let deep = format!("{}0{}", "[{\"a\":".repeat(100_000), "}]".repeat(100_000));
        assert_eq!(skipped(&deep), Ok(deep.len()));
        let unbalanced = format!("{}{}", "[".repeat(300), "]".repeat(299));
        assert_eq!(skipped(&unbalanced), Err(SkipError::Malformed));
    }

    #[test]
    fn strings_are_ended_at_the_first_quote_backslash_or_control_character() {
        for length in 0..40 {
            let plain = "x".repeat(length);
            for stop in ["\"", "\\", "\u{1f}"] {
                let text = format!("{plain}{stop}yyyyyyyyyyyy");
                assert_eq!(plain_run(text.as_bytes(), 0), length, "{length} {stop:?}");
            }
            let text = format!("{plain}\u{e9}\u{1F600}\"");
            assert_eq!(plain_run(text.as_bytes(), 0), text.len() - 1);
        }
    }

    #[test]
    fn whitespace_ends_at_the_first_other_byte() {
        for spaces in 0..20 {
            for other in ["x", "\u{e9}", ""] {
                let text = format!("\n{}\t\r{}{other} ", " ".repeat(spaces), " ".repeat(spaces));
                let end = if other.is_empty() {
                    text.len()
                } else {
                    3 + 2 * spaces
                };
                assert_eq!(whitespace(text.as_bytes(), 0), end, "{spaces} {other:?}");
            }
        }
    }

    /// Whether a strict look at `text` says a key may repeat.
    fn may_repeat(text: &str) -> bool {
        let mut look = KeyLook::default();
        assert!(
            skip_value(text.as_bytes(), 0, Some(&mut look)).is_ok(),
            "{text}"
        );
        look.may_repeat
    }

    #[test]
    fn sees_every_repeated_key_in_one_pass() {
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
            (r#"{"a": 1, "\u0062": 2}"#, true),
            (r#"{"ab": 1, "a": 2, "b": 3}"#, false),
        ] {
            assert_eq!(may_repeat(text), expected, "{text}");
        }
        for size in [PAIRWISE, PAIRWISE + 1, 1000, 20_000] {
            let keys: Vec<String> = (0..size).map(|key| format!("\"k{key}\": {key}")).collect();
            let object = format!("{{{}}}", keys.join(", "));
            assert!(!may_repeat(&object), "{size} keys");
            for repeated in [0, size / 2, size - 1] {
                let object = format!("{{{}, \"k{repeated}\": 0}}", keys.join(", "));
                assert!(may_repeat(&object), "{size} keys, k{repeated} again");
                let nested = format!("[{{\"x\": {object}, \"y\": 1}}]");
                assert!(may_repeat(&nested), "{size} keys, nested");
            }
        }
    }
}
