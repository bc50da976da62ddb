//! Timestamps in the six shapes Vibes writes, kept as received and readable as instants.

use crate::inspect::Findings;
use crate::{Inspect, JsonPath};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A point in time as Vibes writes it, with the text kept exactly as received.
///
/// Vibes writes ISO 8601 in six shapes: minutes only (`2017-01-01T00:00Z`, the registration
/// examples), seconds (`2022-08-15T20:02:36Z`), fractions (`2018-05-07T15:27:33.664Z`), and offsets
/// with or without a colon (`2019-06-04T22:29:51+00:00`, `2017-02-18T15:34:52+0000`,
/// `2020-08-23T21:38:05.258+01:00`). Minute precision is not RFC 3339, which is why this is not a
/// plain `DateTime`. Writing a parsed timestamp back gives the original text; [`instant`](Self::instant)
/// gives the moment for comparisons.
///
/// ```
/// use vibes_types::Timestamp;
///
/// let minutes = Timestamp::parse("2017-01-01T00:00Z")?;
/// let offset = Timestamp::parse("2017-01-01T01:00+0100")?;
/// assert_eq!(minutes.instant(), offset.instant()); // the same moment
/// assert_ne!(minutes, offset); // written differently
/// assert_eq!(offset.as_str(), "2017-01-01T01:00+0100");
/// assert_eq!(offset.to_utc().to_rfc3339(), "2017-01-01T00:00:00+00:00");
/// assert_eq!(serde_json::to_string(&offset).unwrap(), r#""2017-01-01T01:00+0100""#);
/// # Ok::<(), vibes_types::TimestampError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    instant: DateTime<FixedOffset>,
}

/// Why a text is not a Vibes timestamp.
///
/// ```
/// use vibes_types::Timestamp;
///
/// let error = Timestamp::parse("2017-01-01").unwrap_err();
/// assert!(error.to_string().starts_with("`2017-01-01` is not a timestamp"));
/// assert!("2017-02-30T00:00Z".parse::<Timestamp>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    text: String,
}

impl Timestamp {
    /// The regular expression (ECMA-262, as JSON Schema uses) that admits the six shapes.
    ///
    /// It bounds every field to its range, so it admits exactly what [`Timestamp::parse`] accepts
    /// except days past the end of their month (`2021-02-30`), which only a calendar can reject.
    pub const PATTERN: &'static str = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])$";

    /// Reads a timestamp in one of the six shapes.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        let instant = parse_instant(text.as_bytes()).ok_or_else(|| TimestampError {
            text: text.to_owned(),
        })?;
        Ok(Timestamp {
            text: text.to_owned(),
            instant,
        })
    }

    /// A timestamp for an instant, written in UTC with seconds (`2026-11-22T05:28:00Z`).
    ///
    /// ```
    /// use vibes_types::Timestamp;
    ///
    /// let instant = Timestamp::parse("2020-08-23T21:38:05.258+01:00")?.instant();
    /// assert_eq!(Timestamp::from_instant(instant).as_str(), "2020-08-23T20:38:05.258Z");
    /// # Ok::<(), vibes_types::TimestampError>(())
    /// ```
    pub fn from_instant<Tz: chrono::TimeZone>(instant: DateTime<Tz>) -> Self {
        let utc = instant.with_timezone(&Utc);
        Timestamp {
            text: utc.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            instant: utc.fixed_offset(),
        }
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The moment, with the offset it was written in.
    pub fn instant(&self) -> DateTime<FixedOffset> {
        self.instant
    }

    /// The moment in UTC.
    pub fn to_utc(&self) -> DateTime<Utc> {
        self.instant.with_timezone(&Utc)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Timestamp({:?} = {})",
            self.text,
            self.to_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
        )
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text)
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a timestamp (expected e.g. `2017-01-01T00:00Z`, `2018-05-07T15:27:33.664Z` or `2019-06-04T22:29:51+00:00`)",
            self.text
        )
    }
}

impl std::error::Error for TimestampError {}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp string such as `2017-01-01T00:00Z`")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                Timestamp::parse(text).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}

impl Inspect for Timestamp {
    fn inspect(&self, _: &mut JsonPath, _: &mut Findings) {}
}

/// Reads `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM|±HHMM)` without allocating.
fn parse_instant(bytes: &[u8]) -> Option<DateTime<FixedOffset>> {
    let mut cursor = Cursor { bytes, position: 0 };
    let year = cursor.digits(4)?;
    cursor.expect(b'-')?;
    let month = cursor.digits(2)?;
    cursor.expect(b'-')?;
    let day = cursor.digits(2)?;
    cursor.expect(b'T')?;
    let hour = cursor.digits(2)?;
    cursor.expect(b':')?;
    let minute = cursor.digits(2)?;
    let (mut second, mut nanosecond) = (0, 0);
    if cursor.eat(b':') {
        second = cursor.digits(2)?;
        if cursor.eat(b'.') {
            nanosecond = cursor.fraction()?;
        }
    }
    let offset_seconds = match cursor.next()? {
        b'Z' => 0,
        sign @ (b'+' | b'-') => {
            let hours = cursor.digits(2)?;
            cursor.eat(b':');
            let minutes = cursor.digits(2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            if sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };
    if cursor.position != bytes.len() || second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanosecond)?;
    let offset = FixedOffset::east_opt(offset_seconds)?;
    NaiveDateTime::new(date, time)
        .and_local_timezone(offset)
        .single()
}

struct Cursor<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.position)?;
        self.position += 1;
        Some(byte)
    }

    fn eat(&mut self, expected: u8) -> bool {
        let found = self.bytes.get(self.position) == Some(&expected);
        if found {
            self.position += 1;
        }
        found
    }

    fn expect(&mut self, expected: u8) -> Option<()> {
        self.eat(expected).then_some(())
    }

    fn digits(&mut self, count: usize) -> Option<u32> {
        let mut value = 0;
        for _ in 0..count {
            let byte = self.next()?;
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(byte - b'0');
        }
        Some(value)
    }

    /// One to nine fraction digits, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.position;
        let mut nanoseconds = 0;
        while let Some(byte) = self.bytes.get(self.position).filter(|b| b.is_ascii_digit()) {
            if self.position - start == 9 {
                return None;
            }
            nanoseconds = nanoseconds * 10 + u32::from(byte - b'0');
            self.position += 1;
        }
        let count = self.position - start;
        if count == 0 {
            return None;
        }
        Some(nanoseconds * 10u32.pow(u32::try_from(9 - count).ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPES: [(&str, &str); 6] = [
        ("2017-01-01T00:00Z", "2017-01-01T00:00:00Z"),
        ("2022-08-15T20:02:36Z", "2022-08-15T20:02:36Z"),
        ("2018-05-07T15:27:33.664Z", "2018-05-07T15:27:33.664Z"),
        ("2019-06-04T22:29:51+00:00", "2019-06-04T22:29:51Z"),
        ("2017-02-18T15:34:52+0000", "2017-02-18T15:34:52Z"),
        ("2020-08-23T21:38:05.258+01:00", "2020-08-23T20:38:05.258Z"),
    ];

    #[test]
    fn reads_the_six_documented_shapes_and_keeps_their_text() {
        for (text, utc) in SHAPES {
            let timestamp = Timestamp::parse(text).unwrap();
            assert_eq!(timestamp.as_str(), text);
            assert_eq!(
                timestamp
                    .to_utc()
                    .to_rfc3339_opts(SecondsFormat::AutoSi, true),
                utc
            );
            let json = serde_json::to_string(&timestamp).unwrap();
            assert_eq!(json, format!("\"{text}\""));
        }
    }

    #[test]
    fn rejects_other_texts() {
        for text in [
            "",
            "yesterday",
            "2017-01-01",
            "2017-01-01T00Z",
            "2017-01-01T00:00",
            "2017-01-01 00:00Z",
            "2017-01-01T00:00:00.Z",
            "2017-01-01T00:00:00.1234567890Z",
            "2017-13-01T00:00Z",
            "2021-02-29T00:00Z",
            "2017-01-01T24:00Z",
            "2017-01-01T00:60Z",
            "2017-01-01T00:00:60Z",
            "2017-01-01T00:00+24:00",
            "2017-01-01T00:00+0",
            "2017-01-01T00:00Zjunk",
            "2017-01-01T00:00z",
        ] {
            assert!(Timestamp::parse(text).is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn negative_offsets_move_the_instant_later() {
        let timestamp = Timestamp::parse("2020-01-01T00:00-05:30").unwrap();
        assert_eq!(timestamp.to_utc().to_rfc3339(), "2020-01-01T05:30:00+00:00");
    }

    #[test]
    fn writes_instants_in_utc_with_seconds() {
        let instant = Timestamp::parse("2020-08-23T21:38:05+01:00")
            .unwrap()
            .instant();
        assert_eq!(
            Timestamp::from_instant(instant).as_str(),
            "2020-08-23T20:38:05Z"
        );
    }
}
