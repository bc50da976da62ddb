//! An input's name as given on the command line, shown exactly in both reports, whatever its
//! bytes: a file name need not be UTF-8, and a name turned into text with replacement
//! characters (`bad��name.json`) names no file.

use serde::{Serialize, Serializer};
use std::fmt::{self, Write as _};
use std::path::Path;

/// The name of an input: the path as given (`-` for standard input), byte for byte.
///
/// In text it is written as it is when it is plain, else as a quoted string with JSON's escapes
/// and, for each byte that is not part of UTF-8 text, `\xNN` (so `"bad\x80name.json"`); in JSON
/// it is a string when it is UTF-8, else the array of its bytes (`[98, 97, 100, 128, …]`), as the
/// receiver writes a header value that is not text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName(Vec<u8>);

impl FileName {
    /// The name of the input at `path`.
    pub fn of(path: &Path) -> FileName {
        FileName(path.as_os_str().as_encoded_bytes().to_vec())
    }

    /// The name as text, when it is UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl fmt::Display for FileName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = self.as_str() {
            return f.write_str(&crate::report::shown(text));
        }
        f.write_char('"')?;
        for chunk in self.0.utf8_chunks() {
            let escaped = serde_json::Value::from(chunk.valid()).to_string();
            f.write_str(&escaped[1..escaped.len() - 1])?;
            for byte in chunk.invalid() {
                write!(f, "\\x{byte:02x}")?;
            }
        }
        f.write_char('"')
    }
}

impl Serialize for FileName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_str() {
            Some(text) => serializer.serialize_str(text),
            None => self.0.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FileName;

    fn raw(bytes: &[u8]) -> FileName {
        FileName(bytes.to_vec())
    }

    #[test]
    fn a_utf8_name_is_text_in_both_reports() {
        let name = raw("body ü.json".as_bytes());
        assert_eq!(name.to_string(), r#""body ü.json""#);
        assert_eq!(raw(b"body.json").to_string(), "body.json");
        assert_eq!(serde_json::to_string(&name).unwrap(), r#""body ü.json""#);
    }

    #[test]
    fn a_name_that_is_not_utf8_is_escaped_in_text_and_bytes_in_json() {
        let name = raw(b"bad\x80name\\x80.json");
        assert_eq!(name.to_string(), r#""bad\x80name\\x80.json""#);
        let json = serde_json::to_string(&name).unwrap();
        let bytes: Vec<u8> = serde_json::from_str(&json).unwrap();
        assert_eq!(bytes, b"bad\x80name\\x80.json");
    }
}
