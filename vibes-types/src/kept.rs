//! What a value kept as text must be checked for beyond serde_json's skip, which finds where a
//! value ends without decoding its strings or numbers: an escape of half a surrogate pair and a
//! number beyond a 64-bit float, which serde_json refuses when it decodes the same text into a
//! string or a number. Checked here, the same input is refused wherever it stands, and every kept
//! text stays readable by serde_json (`JsonText::to_value`).

use crate::error::TextFault;

/// The first fault in `text`, the JSON text of one well-formed value (as serde_json's skip
/// found it).
pub(crate) fn fault_in(text: &str) -> Option<TextFault> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'"' => match string_end(bytes, at + 1) {
                Ok(end) => at = end,
                Err(fault) => return Some(fault),
            },
            b'-' | b'0'..=b'9' => {
                let end = number_end(bytes, at);
                if out_of_range(&text[at..end]) {
                    return Some(TextFault::NumberOutOfRange);
                }
                at = end;
            }
            _ => at += 1,
        }
    }
    None
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
fn out_of_range(token: &str) -> bool {
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
