//! What can be wrong with the headers of a delivery: each problem by header name, all of them in
//! one error.

use super::CallbackHeaders;
use crate::registration::DestinationContentType;
use std::fmt;

/// The headers of a callback delivery that are missing or malformed: every problem, each naming
/// its header.
///
/// `CallbackHeaders::from_headers` (feature `http`) returns it; its documentation has an example.
/// It displays as one sentence per problem (``callback header `X-Callback-Id` is missing``),
/// [`problems`](Self::problems) lists them as data and [`header`](Self::header) names the first
/// header at fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderError {
    /// At least one.
    problems: Vec<HeaderProblem>,
}

/// One header of a delivery that is missing or malformed, by name.
///
/// ```
/// use vibes_types::{HeaderProblem, HeaderProblemKind};
///
/// let problem = HeaderProblem::new("X-Event-Id", HeaderProblemKind::Repeated { count: 2 });
/// assert_eq!(problem.to_string(), "callback header `X-Event-Id` comes 2 times, not once");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderProblem {
    header: &'static str,
    kind: HeaderProblemKind,
}

/// What is wrong with one header.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderProblemKind {
    /// The request does not carry it.
    Missing,
    /// The request carries it more than once, so which one holds is unclear; none is read.
    Repeated {
        /// How many times it came.
        count: usize,
    },
    /// Its value is empty: no Vibes header is, and an empty `X-Event-Id` would make every such
    /// delivery one event to a receiver that de-duplicates on it.
    Empty,
    /// Its value has bytes outside visible ASCII (a control character, or text that is not
    /// ASCII), which no Vibes header holds.
    NotVisibleAscii,
    /// `X-Delivery-Attempts` only: the value is not a decimal count of at least 1.
    NotACount {
        /// The value received.
        value: String,
    },
    /// `Content-Type` only: the media type is neither `application/json` nor `text/json`.
    NotJson {
        /// The value received.
        value: String,
    },
}

impl HeaderError {
    /// The error of `problems`, if there is one.
    #[cfg(feature = "http")]
    pub(crate) fn of(problems: Vec<HeaderProblem>) -> Option<Self> {
        (!problems.is_empty()).then_some(HeaderError { problems })
    }

    /// The first header at fault.
    pub fn header(&self) -> &'static str {
        self.problems[0].header
    }

    /// Every problem, in the order the documentation lists the headers.
    pub fn problems(&self) -> &[HeaderProblem] {
        &self.problems
    }
}

impl HeaderProblem {
    /// The problem `kind` of the header named `header`.
    pub fn new(header: &'static str, kind: HeaderProblemKind) -> Self {
        HeaderProblem { header, kind }
    }

    /// The header at fault, as the documentation spells it (`X-Delivery-Attempts`).
    pub fn header(&self) -> &'static str {
        self.header
    }

    /// What is wrong with it.
    pub fn kind(&self) -> &HeaderProblemKind {
        &self.kind
    }
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, problem) in self.problems.iter().enumerate() {
            if position > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for HeaderError {}

impl fmt::Display for HeaderProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if CallbackHeaders::NAMES.contains(&self.header) {
            "callback header"
        } else {
            "header"
        };
        write!(f, "{what} `{}` ", self.header)?;
        match &self.kind {
            HeaderProblemKind::Missing => f.write_str("is missing"),
            HeaderProblemKind::Empty => f.write_str("is empty"),
            HeaderProblemKind::Repeated { count } => write!(f, "comes {count} times, not once"),
            HeaderProblemKind::NotVisibleAscii => f.write_str("is not visible ASCII text"),
            HeaderProblemKind::NotACount { value } => {
                write!(f, "is {}, not a count of at least 1", quoted(value))
            }
            HeaderProblemKind::NotJson { value } => {
                write!(f, "is {}, not ", quoted(value))?;
                for (position, known) in DestinationContentType::KNOWN.iter().enumerate() {
                    let separator = if position == 0 { "" } else { " or " };
                    write!(f, "{separator}`{known}`")?;
                }
                Ok(())
            }
        }
    }
}

/// `text` quoted with escapes, cut after 32 characters so that a huge header keeps the error
/// short.
pub(crate) fn quoted(text: &str) -> String {
    const SHOWN: usize = 32;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}… ({} bytes)", &text[..end], text.len()),
        None => format!("{text:?}"),
    }
}
