//! The fast reader (`de`, `skip`) held to the reading it replaced: under test, a thread can ask
//! `Callback::from_slice` to read with serde_json only, as it did before the fast reader, and
//! the tests below read many bodies both ways (the fixtures, each with tricky values put at
//! every value position, keys escaped or repeated, bytes changed) and require the same outcome:
//! the same value written back to the same bytes, or the same error.

#[cfg(test)]
thread_local! {
    static SERDE_JSON_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether `Callback::from_slice` reads with serde_json only (a test comparing the readers).
#[cfg(test)]
pub(crate) fn serde_json_only() -> bool {
    SERDE_JSON_ONLY.get()
}

/// Outside tests, the fast reader is always tried first.
#[cfg(not(test))]
#[inline(always)]
pub(crate) const fn serde_json_only() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::SERDE_JSON_ONLY;
    use crate::Callback;
    use crate::reader::skip;
    use std::path::{Path, PathBuf};

    /// What a reading gave, in a form two readings can be compared by.
    #[derive(Debug, PartialEq)]
    enum Outcome {
        Read(Callback, Vec<u8>),
        Refused(String, String),
    }

    fn outcome(read: Result<Callback, crate::ParseError>) -> Outcome {
        match read {
            Ok(callback) => {
                let written = serde_json::to_vec(&callback).expect("a callback read is written");
                Outcome::Read(callback, written)
            }
            Err(error) => Outcome::Refused(error.to_string(), format!("{error:?}")),
        }
    }

    fn with_serde_json_only<T>(read: impl FnOnce() -> T) -> T {
        SERDE_JSON_ONLY.set(true);
        let read = read();
        SERDE_JSON_ONLY.set(false);
        read
    }

    /// The bodies whose outcomes differ between the two readings, leniently or strictly.
    #[derive(Default)]
    struct Differences {
        compared: usize,
        found: Vec<String>,
    }

    impl Differences {
        fn compare(&mut self, body: &[u8]) {
            self.compared += 1;
            let fast = outcome(Callback::from_slice(body));
            let json = outcome(with_serde_json_only(|| Callback::from_slice(body)));
            let strict_fast = outcome(Callback::from_slice_strict(body));
            let strict_json = outcome(with_serde_json_only(|| Callback::from_slice_strict(body)));
            for (how, fast, json) in [
                ("lenient", fast, json),
                ("strict", strict_fast, strict_json),
            ] {
                if fast != json && self.found.len() < 20 {
                    self.found.push(format!(
                        "{how} {:?}\n  fast: {fast:?}\n  json: {json:?}",
                        String::from_utf8_lossy(body)
                    ));
                }
            }
        }

        fn assert_none(&self, least: usize) {
            eprintln!("{} bodies compared", self.compared);
            assert!(self.compared >= least, "only {} bodies", self.compared);
            assert!(self.found.is_empty(), "{}", self.found.join("\n"));
        }
    }

    fn fixtures() -> Vec<Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut bodies = Vec::new();
        for folder in [
            "callbacks/authored",
            "callbacks/docs",
            "callbacks/seeds",
            "errors/callbacks",
            "errors/callbacks/strict",
            "invalid",
            "strict",
            "regressions/callback_lenient",
        ] {
            let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(folder))
                .expect("a fixture folder")
                .map(|entry| entry.expect("an entry").path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
                .collect();
            paths.sort();
            for path in paths {
                bodies.push(std::fs::read(path).expect("a fixture"));
            }
        }
        assert!(bodies.len() > 100, "{} fixtures", bodies.len());
        bodies
    }

    /// The documented and seeded bodies that read (the richest in value positions).
    fn reading_fixtures() -> Vec<Vec<u8>> {
        fixtures()
            .into_iter()
            .filter(|body| Callback::from_slice(body).is_ok())
            .collect()
    }

    /// The positions and ends of every value in `body` that follows a `:`, a `[` or an array's
    /// `,` (outside strings), found with the skip.
    fn value_spans(body: &[u8]) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut in_string = false;
        let mut at = 0;
        while at < body.len() {
            let byte = body[at];
            if in_string {
                match byte {
                    b'\\' => at += 1,
                    b'"' => in_string = false,
                    _ => {}
                }
            } else if byte == b'"' {
                in_string = true;
            } else if matches!(byte, b':' | b'[' | b',') {
                let start = skip::whitespace(body, at + 1);
                if let Ok(end) = skip::skip_value(body, start, None) {
                    let after = skip::whitespace(body, end);
                    if body.get(after) != Some(&b':') {
                        spans.push((start, end));
                    }
                }
            }
            at += 1;
        }
        spans
    }

    const TRICKY: &[&str] = &[
        "0",
        "-0",
        "-0.0",
        "01",
        "-01",
        "1.",
        ".5",
        "1e",
        "1E+2",
        "1e-2",
        "1.5",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "4294967296",
        "-1",
        "1e400",
        "-1e400",
        "1e-400",
        "123456789012345678901234567890",
        "true",
        "null",
        "nul",
        "\"\"",
        "\"x\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\uZZZZ\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\udc00\\ud800\"",
        "\"\\ud800\\u0041\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u00e9\\n\"",
        "\"a\u{1}b\"",
        "\"a\tb\"",
        "\"\u{7f}\"",
        "\"caf\u{e9}\"",
        "\"2017-03-15T15:42:23Z\"",
        "\"2017-03-15T15:42:23\\u005a\"",
        "\"person_added\"",
        "\"person_\\u0061dded\"",
        "\"ANDROID\"",
        "\"\\u0041NDROID\"",
        "[]",
        "[1,]",
        "[1 2]",
        "{}",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,\"\\u0061\":2}",
        "{\"\\ud800\":1}",
        "{\"a\":}",
        "{\"a\":[{\"b\":\"\\udc00\"}]}",
        "[\"\\ud800\"]",
        "\u{b}1",
        "\u{c}1",
        "\u{a0}1",
        "1\u{0}",
    ];

    /// Tricky values too long to write out: objects past the pairwise look for repeated keys,
    /// long strings with an escape or a control character past the first eight bytes, deep
    /// objects.
    fn long_tricky() -> Vec<String> {
        let keys: Vec<String> = (0..20).map(|key| format!("\"k{key}\": {key}")).collect();
        let keys = keys.join(", ");
        vec![
            format!("{{{keys}}}"),
            format!("{{{keys}, \"k7\": 0}}"),
            format!("[{{\"x\": {{{keys}, \"k19\": 0}}}}]"),
            format!("{{{keys}, \"k\\u0037\": 0}}"),
            "{\"\u{e9}\": 1, \"\u{e9}\": 2}".to_owned(),
            "{\"\u{e9}\": 1, \"\\u00e9\": 2}".to_owned(),
            format!("\"{}\\n{}\"", "x".repeat(37), "y".repeat(50)),
            format!("\"{}\u{1f}{}\"", "x".repeat(41), "y".repeat(50)),
            format!("\"{}\\ud800{}\"", "x".repeat(13), "y".repeat(50)),
            format!("\"{}\"", "\u{1F600}".repeat(3000)),
            format!("{}1{}", "{\"a\":".repeat(5000), "}".repeat(5000)),
            format!("{}1{}", "{\"a\":".repeat(120), "}".repeat(120)),
        ]
    }

    #[test]
    fn tricky_values_at_every_position_read_as_serde_json_reads_them() {
        let mut differences = Differences::default();
        let long = long_tricky();
        let tricky_values: Vec<&str> = TRICKY
            .iter()
            .copied()
            .chain(long.iter().map(String::as_str))
            .collect();
        for body in reading_fixtures() {
            for (start, end) in value_spans(&body) {
                for tricky in &tricky_values {
                    let mut changed = body[..start].to_vec();
                    changed.extend_from_slice(tricky.as_bytes());
                    changed.extend_from_slice(&body[end..]);
                    differences.compare(&changed);
                }
                // Deep nesting, at the typed position and (in an unknown field) kept.
                for levels in [99, 100, 101, 127, 128, 129, 5000] {
                    let mut changed = body[..start].to_vec();
                    changed.extend(std::iter::repeat_n(b'[', levels));
                    changed.extend(std::iter::repeat_n(b']', levels));
                    changed.extend_from_slice(&body[end..]);
                    differences.compare(&changed);
                }
            }
        }
        differences.assert_none(10_000);
    }

    /// The spans of every key of `body` (its text between the quotes).
    fn key_spans(body: &[u8]) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        let mut at = 0;
        while at < body.len() {
            if body[at] == b'"' {
                let Ok(read) = skip::string(body, at + 1) else {
                    return spans;
                };
                if body.get(skip::whitespace(body, read.end)) == Some(&b':') {
                    spans.push((at + 1, read.end - 1));
                }
                at = read.end;
            } else {
                at += 1;
            }
        }
        spans
    }

    #[test]
    fn escaped_and_repeated_keys_read_as_serde_json_reads_them() {
        let mut differences = Differences::default();
        for body in reading_fixtures() {
            for (start, end) in key_spans(&body) {
                let key = &body[start..end];
                // The key with its first letter, then every letter, escaped.
                let escaped_first: Vec<u8> = key
                    .iter()
                    .enumerate()
                    .flat_map(|(at, &byte)| match at {
                        0 => format!("\\u{:04x}", byte).into_bytes(),
                        _ => vec![byte],
                    })
                    .collect();
                let escaped_all: Vec<u8> = key
                    .iter()
                    .flat_map(|&byte| format!("\\u{:04X}", byte).into_bytes())
                    .collect();
                for replacement in [escaped_first, escaped_all] {
                    let mut changed = body[..start].to_vec();
                    changed.extend_from_slice(&replacement);
                    changed.extend_from_slice(&body[end..]);
                    differences.compare(&changed);
                }
                // The member written twice, the second time with another value.
                let colon = skip::whitespace(&body, end + 1);
                let value = skip::whitespace(&body, colon + 1);
                if let Ok(value_end) = skip::skip_value(&body, value, None) {
                    for again in ["null", "1", "\"x\"", "{}"] {
                        let mut changed = body[..value_end].to_vec();
                        changed.extend_from_slice(b", \"");
                        changed.extend_from_slice(key);
                        changed.extend_from_slice(b"\": ");
                        changed.extend_from_slice(again.as_bytes());
                        changed.extend_from_slice(&body[value_end..]);
                        differences.compare(&changed);
                    }
                }
            }
        }
        differences.assert_none(1_000);
    }

    #[test]
    fn changed_bytes_and_wrapped_bodies_read_as_serde_json_reads_them() {
        const BYTES: &[u8] = &[
            0, 0x0b, 0x0c, b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b'0', b'-', b'e', b'.',
            b' ', b'u', 0xff, 0xc3, 0xa0, 0x80, 0x1f,
        ];
        let mut differences = Differences::default();
        // A small generator of positions, the same on every run.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for body in fixtures() {
            for wrapped in [
                [b"\xef\xbb\xbf".as_slice(), &body].concat(),
                [&body, b" \n\r\t".as_slice()].concat(),
                [&body, b"\0".as_slice()].concat(),
                [&body, b" {}".as_slice()].concat(),
                [&body, b"\x0c".as_slice()].concat(),
                [b"\x0c".as_slice(), &body].concat(),
                body[..body.len() / 2].to_vec(),
            ] {
                differences.compare(&wrapped);
            }
            if body.is_empty() {
                continue;
            }
            for _ in 0..150 {
                let at = next(body.len());
                let byte = BYTES[next(BYTES.len())];
                let mut changed = body.clone();
                match next(3) {
                    0 => changed[at] = byte,
                    1 => changed.insert(at, byte),
                    _ => {
                        changed.remove(at);
                    }
                }
                differences.compare(&changed);
            }
        }
        differences.compare(b"");
        differences.compare(b" ");
        differences.assert_none(10_000);
    }
}
