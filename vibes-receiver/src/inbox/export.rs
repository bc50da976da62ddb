//! `inbox export`: the accepted bodies as NDJSON, ready for `vibes validate --ndjson`.

use std::io::Write;
use vibes_inbox::{Inbox, StoreSpec};

/// `inbox export`: every accepted body of the store `spec`, in the order received, one NDJSON
/// line each (see [`ndjson_line`]), ready for `vibes validate --ndjson`.
pub async fn export(
    spec: &StoreSpec,
    out: &mut impl Write,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut inbox = Inbox::open(spec).await?;
    inbox
        .bodies(&mut |body| {
            out.write_all(&ndjson_line(body))?;
            out.write_all(b"\n")
        })
        .await?;
    Ok(())
}

/// A body as one NDJSON line: as received, unless it holds a line break, which a line cannot.
///
/// JSON allows line breaks only as whitespace between tokens (inside a string they are
/// escaped), so such a body is written compact: every whitespace byte between tokens removed,
/// the tokens themselves (key order, number spelling, escapes) untouched. A `serde_json::Value`
/// round trip would sort the keys and could respell numbers.
pub fn ndjson_line(body: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if !body.iter().any(|&byte| byte == b'\n' || byte == b'\r') {
        return body.into();
    }
    let mut compact = Vec::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for &byte in body {
        if in_string {
            compact.push(byte);
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = byte == b'"';
            compact.push(byte);
        }
    }
    compact.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn a_body_on_one_line_is_exported_as_received() {
        let body = br#"{"b": 1,  "a": "x y"}"#;
        assert_eq!(&*ndjson_line(body), &body[..]);
    }

    #[test]
    fn a_body_with_line_breaks_is_compacted_keeping_every_token() {
        let body =
            b"{\r\n  \"b\": 1.50,\n  \"a\": \"two  words \\\" \\n\",\n  \"c\": [ 1 , {} ]\n}\n";
        let line = ndjson_line(body);
        assert_eq!(
            std::str::from_utf8(&line).unwrap(),
            r#"{"b":1.50,"a":"two  words \" \n","c":[1,{}]}"#
        );
        let before: Value = serde_json::from_slice(body).unwrap();
        let after: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(before, after);
    }
}
