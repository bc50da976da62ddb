//! The leaves of every generated value: text, timestamps in the six shapes, ids and counts in
//! both their forms, and the values of open enumerations, documented or not.

use proptest::prelude::*;
use proptest::sample::select;
use vibes_types::{Count, LooseId, Timestamp};

/// Which values of an open enumeration a strategy draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// Only the documented values: every value drawn is within the contract, so strict reading
    /// and every schema must accept it.
    Documented,
    /// Any text as well, so some values are outside the contract: strict reading and the
    /// schemas must then refuse them alike, and lenient reading keep them.
    Open,
}

/// Characters that a JSON writer or reader can get wrong: quotes, backslashes, every kind of
/// control character, the line separators JavaScript treats as line breaks, a byte-order mark,
/// and characters outside the Basic Multilingual Plane (written as surrogate pairs in `\u`).
const TRICKY: [char; 16] = [
    '"',
    '\\',
    '/',
    '\n',
    '\r',
    '\t',
    '\u{8}',
    '\u{c}',
    '\u{0}',
    '\u{1f}',
    '\u{7f}',
    '\u{2028}',
    '\u{feff}',
    'é',
    '\u{1f600}',
    '\u{10ffff}',
];
/// Any Unicode text, short, with the tricky characters drawn often.
pub fn text() -> BoxedStrategy<String> {
    let character = prop_oneof![3 => any::<char>(), 1 => select(&TRICKY[..])];
    proptest::collection::vec(character, 0..10)
        .prop_map(String::from_iter)
        .boxed()
}

/// A timestamp in any of the shapes Vibes writes: minutes, seconds or a fraction of 1 to 9
/// digits, in UTC (`Z`) or at an offset with or without its colon; a real calendar day of a
/// year from 0000 to 9999.
pub fn timestamp() -> BoxedStrategy<Timestamp> {
    let date = (0..=9999u32, 1..=12u32)
        .prop_flat_map(|(year, month)| (Just(year), Just(month), 1..=days_in(year, month)));
    let time = (0..24u32, 0..60u32, prop::option::of((0..60u32, fraction())));
    let zone = prop_oneof![
        Just("Z".to_owned()),
        (any::<bool>(), 0..24u32, 0..60u32, any::<bool>()).prop_map(
            |(west, hours, minutes, colon)| {
                let sign = if west { '-' } else { '+' };
                let colon = if colon { ":" } else { "" };
                format!("{sign}{hours:02}{colon}{minutes:02}")
            }
        ),
    ];
    (date, time, zone)
        .prop_map(|((year, month, day), (hour, minute, seconds), zone)| {
            let seconds = seconds.map_or(String::new(), |(second, fraction)| {
                format!(":{second:02}{fraction}")
            });
            let text =
                format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}{seconds}{zone}");
            Timestamp::parse(&text).unwrap_or_else(|error| panic!("{text}: {error}"))
        })
        .boxed()
}

/// No fraction, or a dot and 1 to 9 digits.
fn fraction() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "\\.[0-9]{1,9}"]
}

fn days_in(year: u32, month: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An id as text or, as some older bodies send it, as a whole number of either sign.
pub fn loose_id() -> BoxedStrategy<LooseId> {
    prop_oneof![
        text().prop_map(LooseId::from),
        any::<i64>().prop_map(|number| LooseId::Number(number.into())),
        any::<u64>().prop_map(|number| LooseId::Number(number.into())),
    ]
    .boxed()
}

/// A delivery attempt count, in the usual string form or as a number; the number form has no
/// constructor, so it is read, as it would arrive.
pub fn count() -> BoxedStrategy<Count> {
    (1..=999_999_999u32, any::<bool>())
        .prop_map(|(attempts, quoted)| {
            if quoted {
                Count::new(attempts).expect("1 to 999,999,999 is a count")
            } else {
                serde_json::from_value(attempts.into()).expect("1 to 999,999,999 is a count")
            }
        })
        .boxed()
}

/// A value of an open enumeration whose documented spellings are `known`: one of them, or, for
/// `Values::Open`, also any text (which reads as the documented value when it spells one, as
/// reading does).
pub fn open<T>(known: &'static [&'static str], values: Values) -> BoxedStrategy<T>
where
    T: From<String> + Clone + std::fmt::Debug + 'static,
{
    let documented = select(known).prop_map(|name| T::from(name.to_owned()));
    match values {
        Values::Documented => documented.boxed(),
        Values::Open => prop_oneof![3 => documented, 1 => text().prop_map(T::from)].boxed(),
    }
}
