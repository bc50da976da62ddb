//! Timestamps in the six shapes Vibes writes, kept as received and readable as instants.

use crate::Inspect;
use crate::JsonPath;
use crate::inspect::Findings;
use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, TimeDelta,
    Timelike, Utc,
};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

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

/// Why a text is not a Vibes timestamp, or an instant cannot be written as one.
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
    /// The text refused, or the instant refused as `chrono` writes it.
    text: String,
    problem: Problem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    /// The text is in none of the six shapes.
    Unreadable,
    /// The year as it would be written is outside 0000–9999, which four digits cannot hold.
    YearOutOfRange,
    /// A leap second (`23:59:60`): the shapes stop at second 59.
    LeapSecond,
    /// The offset has seconds (`+05:30:17`): the shapes write hours and minutes only.
    OffsetWithSeconds,
}

/// The earliest instant a timestamp can write: `0000-01-01T00:00:00Z`.
const EARLIEST: DateTime<Utc> = match DateTime::from_timestamp(-62_167_219_200, 0) {
    Some(instant) => instant,
    None => panic!("0000-01-01T00:00:00Z is within chrono's range"),
};

/// The latest instant a timestamp can write: `9999-12-31T23:59:59.999999999Z`.
const LATEST: DateTime<Utc> = match DateTime::from_timestamp(253_402_300_799, 999_999_999) {
    Some(instant) => instant,
    None => panic!("9999-12-31T23:59:59.999999999Z is within chrono's range"),
};

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
            problem: Problem::Unreadable,
        })?;
        Ok(Timestamp {
            text: text.to_owned(),
            instant,
        })
    }

    /// The current time, written in UTC with seconds and the fraction the clock gives
    /// (`2026-11-22T05:28:00.123456789Z`).
    ///
    /// ```
    /// use vibes_types::Timestamp;
    ///
    /// let now = Timestamp::now();
    /// assert_eq!(Timestamp::parse(now.as_str())?, now);
    /// # Ok::<(), vibes_types::TimestampError>(())
    /// ```
    pub fn now() -> Self {
        // Computed without chrono's `Utc::now`, which panics for a clock beyond its range; a clock
        // outside 0000–9999 is clamped like any other instant.
        let instant = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(since) => TimeDelta::from_std(since)
                .ok()
                .and_then(|since| DateTime::UNIX_EPOCH.checked_add_signed(since))
                .unwrap_or(LATEST),
            Err(before) => TimeDelta::from_std(before.duration())
                .ok()
                .and_then(|before| DateTime::UNIX_EPOCH.checked_sub_signed(before))
                .unwrap_or(EARLIEST),
        };
        Timestamp::from_instant(instant)
    }

    /// A timestamp for an instant, written in UTC with seconds (`2026-11-22T05:28:00Z`) and as
    /// many fraction digits as it needs (3, 6 or 9).
    ///
    /// Whatever it writes, [`Timestamp::parse`] reads back. An instant it cannot write is moved
    /// to the nearest one it can: before year 0000 to `0000-01-01T00:00:00Z`, after 9999 to
    /// `9999-12-31T23:59:59.999999999Z`, a leap second to the last nanosecond before it. Use
    /// `Timestamp::try_from` to refuse such an instant instead.
    ///
    /// ```
    /// use chrono::DateTime;
    /// use vibes_types::Timestamp;
    ///
    /// let instant = DateTime::parse_from_rfc3339("2020-08-23T21:38:05+01:00")?;
    /// assert_eq!(Timestamp::from_instant(instant).as_str(), "2020-08-23T20:38:05Z");
    /// assert_eq!(
    ///     Timestamp::from_instant(DateTime::<chrono::Utc>::MAX_UTC).as_str(),
    ///     "9999-12-31T23:59:59.999999999Z"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_instant<Tz: chrono::TimeZone>(instant: DateTime<Tz>) -> Self {
        let utc = instant.with_timezone(&Utc).clamp(EARLIEST, LATEST);
        // chrono keeps a leap second as a nanosecond count past one second.
        let utc = match utc.nanosecond() {
            0..1_000_000_000 => utc,
            _ => utc.with_nanosecond(999_999_999).unwrap_or(utc),
        };
        Timestamp {
            text: utc.to_rfc3339_opts(SecondsFormat::AutoSi, true),
            instant: utc.fixed_offset(),
        }
    }

    /// A timestamp for an instant written with its own offset (`Z` for UTC), refused when the
    /// text could not be read back the same: a year outside 0000–9999, a leap second, an
    /// offset with seconds.
    fn write(instant: DateTime<FixedOffset>) -> Result<Self, TimestampError> {
        let problem = if !(0..=9999).contains(&instant.year()) {
            Some(Problem::YearOutOfRange)
        } else if instant.nanosecond() >= 1_000_000_000 {
            Some(Problem::LeapSecond)
        } else if instant.offset().local_minus_utc() % 60 != 0 {
            Some(Problem::OffsetWithSeconds)
        } else {
            None
        };
        let text = instant.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        match problem {
            Some(problem) => Err(TimestampError { text, problem }),
            None => Ok(Timestamp { text, instant }),
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

impl TryFrom<DateTime<Utc>> for Timestamp {
    type Error = TimestampError;

    /// The instant written in UTC (`2026-11-22T05:28:00Z`); a year outside 0000–9999 or a leap
    /// second is an error, where [`Timestamp::from_instant`] would move the instant.
    ///
    /// ```
    /// use chrono::{DateTime, Utc};
    /// use vibes_types::Timestamp;
    ///
    /// let instant: DateTime<Utc> = "2026-11-22T05:28:00.250Z".parse()?;
    /// let timestamp = Timestamp::try_from(instant)?;
    /// assert_eq!(timestamp.as_str(), "2026-11-22T05:28:00.250Z");
    /// assert_eq!(DateTime::<Utc>::from(timestamp), instant);
    ///
    /// let far: DateTime<Utc> = "+10000-01-01T00:00:00Z".parse()?;
    /// assert!(Timestamp::try_from(far).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(instant: DateTime<Utc>) -> Result<Self, TimestampError> {
        Timestamp::write(instant.fixed_offset())
    }
}

impl TryFrom<DateTime<FixedOffset>> for Timestamp {
    type Error = TimestampError;

    /// The instant written with its own offset (`2020-08-23T21:38:05+01:00`, `Z` for UTC), so
    /// that [`instant`](Timestamp::instant) gives it back unchanged; a year outside 0000–9999 as
    /// written, a leap second or an offset with seconds is an error.
    ///
    /// ```
    /// use chrono::{DateTime, FixedOffset};
    /// use vibes_types::Timestamp;
    ///
    /// let instant = DateTime::parse_from_rfc3339("2020-08-23T21:38:05.258+01:00")?;
    /// let timestamp = Timestamp::try_from(instant)?;
    /// assert_eq!(timestamp.as_str(), "2020-08-23T21:38:05.258+01:00");
    /// assert_eq!(DateTime::<FixedOffset>::from(&timestamp), instant);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(instant: DateTime<FixedOffset>) -> Result<Self, TimestampError> {
        Timestamp::write(instant)
    }
}

impl From<Timestamp> for DateTime<FixedOffset> {
    /// The moment with the offset it was written in, as [`Timestamp::instant`].
    fn from(timestamp: Timestamp) -> Self {
        timestamp.instant
    }
}

impl From<&Timestamp> for DateTime<FixedOffset> {
    /// The moment with the offset it was written in, as [`Timestamp::instant`].
    fn from(timestamp: &Timestamp) -> Self {
        timestamp.instant
    }
}

impl From<Timestamp> for DateTime<Utc> {
    /// The moment in UTC, as [`Timestamp::to_utc`].
    fn from(timestamp: Timestamp) -> Self {
        timestamp.to_utc()
    }
}

impl From<&Timestamp> for DateTime<Utc> {
    /// The moment in UTC, as [`Timestamp::to_utc`].
    fn from(timestamp: &Timestamp) -> Self {
        timestamp.to_utc()
    }
}

impl TimestampError {
    /// The text refused, or the refused instant as `chrono` writes it.
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = &self.text;
        match self.problem {
            Problem::Unreadable => write!(
                f,
                "`{text}` is not a timestamp (expected e.g. `2017-01-01T00:00Z`, `2018-05-07T15:27:33.664Z` or `2019-06-04T22:29:51+00:00`)"
            ),
            Problem::YearOutOfRange => write!(
                f,
                "`{text}` cannot be written as a timestamp: its year is outside 0000–9999"
            ),
            Problem::LeapSecond => write!(
                f,
                "`{text}` cannot be written as a timestamp: it is a leap second, and seconds stop at 59"
            ),
            Problem::OffsetWithSeconds => write!(
                f,
                "`{text}` cannot be written as a timestamp: its offset has seconds, and offsets are hours and minutes"
            ),
        }
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

    fn utc(year: i32, nanosecond: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(year, 12, 31)
            .and_then(|day| day.and_hms_nano_opt(23, 59, 59, nanosecond))
            .map(|local| local.and_utc())
            .unwrap()
    }

    #[test]
    fn from_instant_outside_years_0000_to_9999_writes_what_parse_reads() {
        for (instant, written) in [
            (DateTime::<Utc>::MIN_UTC, "0000-01-01T00:00:00Z"),
            (utc(-1, 0), "0000-01-01T00:00:00Z"),
            (utc(0, 0), "0000-12-31T23:59:59Z"),
            (utc(9999, 0), "9999-12-31T23:59:59Z"),
            (utc(10_000, 0), "9999-12-31T23:59:59.999999999Z"),
            (DateTime::<Utc>::MAX_UTC, "9999-12-31T23:59:59.999999999Z"),
            (utc(2016, 1_500_000_000), "2016-12-31T23:59:59.999999999Z"),
        ] {
            let timestamp = Timestamp::from_instant(instant);
            assert_eq!(timestamp.as_str(), written, "{instant:?}");
            let read = Timestamp::parse(timestamp.as_str()).unwrap();
            assert_eq!(read, timestamp, "{instant:?}");
        }
    }

    #[test]
    fn try_from_refuses_what_a_timestamp_cannot_write() {
        let year = Timestamp::try_from(utc(10_000, 0)).unwrap_err();
        assert_eq!(
            year.to_string(),
            "`+10000-12-31T23:59:59Z` cannot be written as a timestamp: its year is outside 0000–9999"
        );
        assert!(Timestamp::try_from(utc(-1, 0)).is_err());
        let leap = Timestamp::try_from(utc(2016, 1_000_000_000)).unwrap_err();
        assert!(leap.to_string().contains("leap second"), "{leap}");
        let offset = FixedOffset::east_opt(5 * 3600 + 30 * 60 + 17).unwrap();
        let odd = Timestamp::try_from(utc(2016, 0).with_timezone(&offset)).unwrap_err();
        assert!(odd.to_string().contains("offset has seconds"), "{odd}");
        // Year 9999 as written, though 10000 in UTC: what is written is what must parse.
        let west = FixedOffset::west_opt(5 * 3600).unwrap();
        let late = Timestamp::try_from(utc(9999, 0).with_timezone(&west)).unwrap();
        assert_eq!(late.as_str(), "9999-12-31T18:59:59-05:00");
        assert_eq!(Timestamp::parse(late.as_str()).unwrap(), late);
        assert_eq!(
            Timestamp::try_from(utc(0, 0)).unwrap().as_str(),
            "0000-12-31T23:59:59Z"
        );
    }

    #[test]
    fn chrono_conversions_keep_the_instant_and_its_offset() {
        for (text, _) in SHAPES {
            let timestamp = Timestamp::parse(text).unwrap();
            let fixed = DateTime::<FixedOffset>::from(&timestamp);
            assert_eq!(fixed, timestamp.instant());
            assert_eq!(DateTime::<Utc>::from(timestamp.clone()), timestamp.to_utc());
            let written = Timestamp::try_from(fixed).unwrap();
            assert_eq!(written.instant(), fixed);
            assert_eq!(written.instant().offset(), fixed.offset());
            assert_eq!(Timestamp::parse(written.as_str()).unwrap(), written);
            let utc = Timestamp::try_from(timestamp.to_utc()).unwrap();
            assert!(utc.as_str().ends_with('Z'), "{utc}");
            assert_eq!(utc.to_utc(), timestamp.to_utc());
        }
    }

    #[test]
    fn now_parses_back() {
        let now = Timestamp::now();
        assert_eq!(Timestamp::parse(now.as_str()).unwrap(), now);
        assert!(now.to_utc().year() >= 2024, "{now:?}");
    }
}
