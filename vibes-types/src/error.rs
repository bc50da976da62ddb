//! Why a callback body could not be read: what was wrong, where, and in which callback type.

use crate::{JsonPath, Unrecognized};
use std::fmt;

/// A callback body that could not be read, with the JSON path of the fault.
///
/// Its `Display` names the callback type when it was known, the path
/// (`event_processed.action.failure.reason`) and what was expected:
///
/// ```text
/// event_processed callback: invalid type: integer `42`, expected a string at `event_processed.action.failure.reason` (line 1, column 412)
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    callback_type: Option<String>,
    path: JsonPath,
    kind: ParseErrorKind,
}

/// What kind of fault a [`ParseError`] reports.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The bytes are not a complete JSON document.
    Syntax {
        /// What the JSON reader found.
        message: String,
        /// Line of the fault, from 1.
        line: usize,
        /// Column of the fault, from 1.
        column: usize,
    },
    /// The JSON is well formed but not the shape its callback type documents: a missing field,
    /// a value of the wrong JSON type, a malformed timestamp.
    Shape {
        /// What was wrong and what was expected.
        message: String,
        /// Line of the fault, from 1.
        line: usize,
        /// Column of the fault, from 1.
        column: usize,
    },
    /// The body has neither `callback_type` nor `event_type`, so it cannot be dispatched.
    NoCallbackType,
    /// Strict parsing only: the body holds something outside the documented contract.
    Contract {
        /// The first such item, in document order.
        first: Unrecognized,
        /// How many more there are.
        more: usize,
    },
}

impl ParseError {
    /// The callback type the body was read as, when the fault came after dispatch.
    pub fn callback_type(&self) -> Option<&str> {
        self.callback_type.as_deref()
    }

    /// Where the fault is (the root, `.`, for faults of the whole body).
    pub fn path(&self) -> &JsonPath {
        &self.path
    }

    /// What kind of fault it is.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    pub(crate) fn no_callback_type() -> Self {
        ParseError {
            callback_type: None,
            path: JsonPath::root(),
            kind: ParseErrorKind::NoCallbackType,
        }
    }

    pub(crate) fn contract(callback_type: Option<String>, mut found: Vec<Unrecognized>) -> Self {
        let more = found.len().saturating_sub(1);
        let first = found.swap_remove(0);
        ParseError {
            callback_type,
            path: first.path(),
            kind: ParseErrorKind::Contract { first, more },
        }
    }

    pub(crate) fn from_json(
        error: serde_path_to_error::Error<serde_json::Error>,
        callback_type: Option<&str>,
    ) -> Self {
        let path = JsonPath::from_serde(error.path());
        let error = error.into_inner();
        let (line, column) = (error.line(), error.column());
        let message = message_of(&error);
        let kind = if error.is_data() {
            ParseErrorKind::Shape {
                message,
                line,
                column,
            }
        } else {
            ParseErrorKind::Syntax {
                message,
                line,
                column,
            }
        };
        ParseError {
            callback_type: callback_type.map(str::to_owned),
            path,
            kind,
        }
    }
}

/// What a JSON error says, without the " at line N column M" serde_json appends (the position is
/// reported separately, or not at all where the input was not the caller's bytes).
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&position).unwrap_or(&text).to_owned()
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.callback_type {
            Some(callback_type) => write!(f, "{callback_type} callback: ")?,
            None => f.write_str("callback body: ")?,
        }
        match &self.kind {
            ParseErrorKind::Syntax {
                message,
                line,
                column,
            } => write!(
                f,
                "not valid JSON: {message} (line {line}, column {column})"
            ),
            ParseErrorKind::Shape {
                message,
                line,
                column,
            } => {
                f.write_str(message)?;
                if !self.path.is_root() {
                    write!(f, " at `{}`", self.path)?;
                }
                write!(f, " (line {line}, column {column})")
            }
            ParseErrorKind::NoCallbackType => f.write_str(
                "no callback type: the body has neither `callback_type` nor `event_type`",
            ),
            ParseErrorKind::Contract { first, more } => {
                write!(f, "outside the documented contract: {first}")?;
                match more {
                    0 => Ok(()),
                    1 => f.write_str(" (and 1 more)"),
                    more => write!(f, " (and {more} more)"),
                }
            }
        }
    }
}

impl std::error::Error for ParseError {}
