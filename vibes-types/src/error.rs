//! Why a body could not be read: what kind of fault, where (JSON path, line, column), in which
//! document and callback type, as data a program can match and as a sentence a person can read.

use crate::{CallbackType, JsonPath, Unrecognized};
use std::fmt;
use std::sync::Arc;

/// A body that could not be read: its [`kind`](Self::kind), the JSON [`path`](Self::path) of the
/// fault, its [`line`](Self::line) and [`column`](Self::column) in the input, and the callback type
/// when the fault came after the type was known.
///
/// Its `Display` says all of that in one sentence:
///
/// ```
/// use vibes_types::{Callback, ParseErrorKind};
///
/// let body = br#"{"event_id": "e1", "callback_type": "person_added",
///   "event_date": "2017-03-15T15:42:23Z", "person": {"person_id": 42}}"#;
/// let error = Callback::from_slice(body).unwrap_err();
/// assert_eq!(error.kind(), ParseErrorKind::WrongType);
/// assert_eq!(error.path().to_string(), "person.person_id");
/// assert_eq!((error.line(), error.column()), (Some(2), Some(66)));
/// assert_eq!(
///     error.to_string(),
///     "person_added callback: invalid type: integer `42`, expected a string at `person.person_id` (line 2, column 66)"
/// );
/// ```
///
/// It is one pointer wide, so `Result<Callback, ParseError>` stays small.
#[derive(Clone)]
pub struct ParseError(Box<Inner>);

#[derive(Clone)]
struct Inner {
    document: Document,
    callback_type: Option<CallbackType>,
    path: JsonPath,
    kind: ParseErrorKind,
    message: String,
    position: Option<(usize, usize)>,
    problems: Vec<Unrecognized>,
    source: Option<Arc<serde_json::Error>>,
}

/// What kind of fault a [`ParseError`] reports.
///
/// A receiver can decide on the kind what to answer and what to log:
///
/// ```
/// use vibes_types::{Callback, ParseErrorKind};
///
/// fn describe(body: &[u8]) -> &'static str {
///     match Callback::from_slice(body) {
///         Ok(_) => "read",
///         Err(error) => match error.kind() {
///             ParseErrorKind::Syntax | ParseErrorKind::Truncated => "not JSON",
///             ParseErrorKind::NotAnObject | ParseErrorKind::NoCallbackType => "not a callback",
///             _ => "a callback that breaks its documented shape",
///         },
///     }
/// }
///
/// assert_eq!(describe(b"{\"event_id\": "), "not JSON");
/// assert_eq!(describe(br#"{"event_id": "e1"}"#), "not a callback");
/// let no_person = br#"{"callback_type": "person_added"}"#;
/// assert_eq!(describe(no_person), "a callback that breaks its documented shape");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The bytes are not JSON: a stray character, invalid UTF-8, a byte order mark, trailing
    /// characters after the document.
    Syntax,
    /// The input ended before the JSON document did.
    Truncated,
    /// The JSON is well formed, but the document is not the JSON object it must be.
    NotAnObject,
    /// A field the document requires is absent.
    MissingField,
    /// A value has the wrong JSON type (a number where a string is due, say).
    WrongType,
    /// A value has the right JSON type but is not allowed (a malformed timestamp, a count of 0).
    InvalidValue,
    /// A field appears twice in one object.
    DuplicateField,
    /// A callback body has neither `callback_type` nor `event_type`, so it cannot be dispatched.
    NoCallbackType,
    /// Strict reading only: the document holds values outside the documented contract; every
    /// one of them is in [`ParseError::problems`].
    OutsideContract,
}

/// Which kind of document was being read, for the error's first words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Document {
    Callback,
    Registration,
    Entity,
    EntityList,
    TestEventRequest,
    TestEventResponse,
    ApiErrors,
}

impl Document {
    fn name(self) -> &'static str {
        match self {
            Document::Callback => "callback body",
            Document::Registration => "callback registration",
            Document::Entity => "callback entity",
            Document::EntityList => "callback list",
            Document::TestEventRequest => "test event request",
            Document::TestEventResponse => "test event response",
            Document::ApiErrors => "API error body",
        }
    }
}

impl ParseError {
    /// What kind of fault it is.
    pub fn kind(&self) -> ParseErrorKind {
        self.0.kind
    }

    /// Where the fault is: the root, `.`, for faults of the whole document; for strict reading,
    /// the first problem's path.
    pub fn path(&self) -> &JsonPath {
        &self.0.path
    }

    /// The line of the fault in the input, from 1, when the input was bytes or text.
    pub fn line(&self) -> Option<usize> {
        self.0.position.map(|(line, _)| line)
    }

    /// The column of the fault in the input, from 1, when the input was bytes or text.
    pub fn column(&self) -> Option<usize> {
        self.0.position.map(|(_, column)| column)
    }

    /// The callback type the body was read as, when the fault came after dispatch.
    pub fn callback_type(&self) -> Option<&CallbackType> {
        self.0.callback_type.as_ref()
    }

    /// What was wrong, in words, without the position (which [`line`](Self::line) and
    /// [`column`](Self::column) give).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Strict reading only: every value outside the documented contract, in document order.
    ///
    /// ```
    /// use vibes_types::Callback;
    ///
    /// let body = br#"{"event_id": "e1", "callback_type": "event_processed",
    ///   "event_date": "2022-08-15T20:20:02Z", "event_processed": {"action": {"type": "routing",
    ///     "status": "failed", "status_reason": "too_slow",
    ///     "failure": {"reason": "RouteTimeout"}}}}"#;
    /// let error = Callback::from_slice_strict(body).unwrap_err();
    /// let paths: Vec<String> =
    ///     error.problems().iter().map(|problem| problem.path().to_string()).collect();
    /// assert_eq!(
    ///     paths,
    ///     ["event_processed.action.status_reason", "event_processed.action.failure.reason"]
    /// );
    /// ```
    pub fn problems(&self) -> &[Unrecognized] {
        &self.0.problems
    }

    fn new(document: Document, kind: ParseErrorKind, message: impl Into<String>) -> Self {
        ParseError(Box::new(Inner {
            document,
            callback_type: None,
            path: JsonPath::root(),
            kind,
            message: message.into(),
            position: None,
            problems: Vec::new(),
            source: None,
        }))
    }

    pub(crate) fn at(mut self, path: JsonPath) -> Self {
        self.0.path = path;
        self
    }

    pub(crate) fn in_callback_type(mut self, callback_type: Option<CallbackType>) -> Self {
        self.0.callback_type = callback_type;
        self
    }

    /// A fault the reader finds itself (not serde's), at the root.
    pub(crate) fn custom(
        document: Document,
        kind: ParseErrorKind,
        message: impl Into<String>,
    ) -> Self {
        ParseError::new(document, kind, message)
    }

    pub(crate) fn no_callback_type() -> Self {
        ParseError::new(
            Document::Callback,
            ParseErrorKind::NoCallbackType,
            "no callback type: the body has neither `callback_type` nor `event_type`",
        )
    }

    /// Strict reading found `problems` (at least one) outside the documented contract.
    pub(crate) fn outside_contract(
        document: Document,
        callback_type: Option<CallbackType>,
        problems: Vec<Unrecognized>,
    ) -> Self {
        let path = problems
            .first()
            .map(Unrecognized::path)
            .cloned()
            .unwrap_or_default();
        let listed: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let mut error = ParseError::new(
            document,
            ParseErrorKind::OutsideContract,
            format!("outside the documented contract: {}", listed.join("; ")),
        )
        .at(path)
        .in_callback_type(callback_type);
        error.0.problems = problems;
        error
    }

    /// A serde_json error met while reading bytes, at `path` (tracked while reading).
    pub(crate) fn from_json(document: Document, error: serde_json::Error, path: JsonPath) -> Self {
        let kind = kind_of(&error);
        let message = message_of(&error);
        // serde_json says column 0 for "before the first character of the line"; columns here
        // count from 1.
        let position = (error.line() > 0).then(|| (error.line(), error.column().max(1)));
        let mut parsed = ParseError::new(document, kind, message).at(path);
        parsed.0.position = position;
        parsed.0.source = Some(Arc::new(error));
        parsed
    }

    /// Names a top-level value that is not an object, or a byte order mark, instead of what a
    /// reader of objects says of them (`expected a string at [0]`); `None` when `bytes` holds
    /// something else.
    pub(crate) fn not_an_object(document: Document, bytes: &[u8]) -> Option<Self> {
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if bytes.starts_with(BOM) {
            let mut error = ParseError::new(
                document,
                ParseErrorKind::Syntax,
                "the input starts with a UTF-8 byte order mark, which JSON does not allow",
            );
            error.0.position = Some((1, 1));
            return Some(error);
        }
        let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace())?;
        // A list is an array; every other document an object.
        let (opening, shape) = if document == Document::EntityList {
            (b'[', "array")
        } else {
            (b'{', "object")
        };
        if bytes[start] == opening {
            return None;
        }
        // Well-formed JSON of the wrong shape; a malformed one is a syntax error, said by the
        // reader.
        let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        let found = match value {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::Object(_) => "an object",
        };
        let what = document.name();
        let article = if what.starts_with("API") { "an" } else { "a" };
        Some(
            ParseError::new(
                document,
                ParseErrorKind::NotAnObject,
                format!("{article} {what} is a JSON {shape}, not {found}"),
            )
            .at_byte(bytes, start),
        )
    }

    /// The same error, at the line and column of byte `offset` of `bytes`.
    pub(crate) fn at_byte(mut self, bytes: &[u8], offset: usize) -> Self {
        let before = &bytes[..offset.min(bytes.len())];
        let line = 1 + before.iter().filter(|byte| **byte == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|byte| *byte == b'\n')
            .map_or(0, |at| at + 1);
        // Columns count characters, as the JSON reader's do.
        let column = 1 + String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count();
        self.0.position = Some((line, column));
        self
    }

    /// The same error, at the first byte of the document in `bytes` (for faults of the whole
    /// document).
    pub(crate) fn at_document_start(self, bytes: &[u8]) -> Self {
        let start = bytes
            .iter()
            .position(|byte| !byte.is_ascii_whitespace())
            .unwrap_or(0);
        self.at_byte(bytes, start)
    }

    /// The same error without a position: for a fault found in a value read again on its own,
    /// whose line and column would count from that value, not from the document (the caller
    /// that has the document's bytes [locates](Self::located) it).
    pub(crate) fn without_position(mut self) -> Self {
        self.0.position = None;
        self
    }

    /// The same error, at the line and column in `bytes` of the value its path names, unless it
    /// has a position already: for faults found after the document was read (a contract
    /// problem, a registration's filter), which no reader position gives.
    pub(crate) fn located(self, bytes: &[u8]) -> Self {
        if self.0.position.is_some() {
            return self;
        }
        let offset = crate::reader::locate::offset_of(bytes, &self.0.path);
        self.at_byte(bytes, offset)
    }
}

/// What kind of fault a serde_json error is. serde's own data errors say which they are in their
/// first words (`missing field`, `invalid type` …, the words of `serde::de::Error`'s
/// constructors), which is what the types of this crate use too.
fn kind_of(error: &serde_json::Error) -> ParseErrorKind {
    use serde_json::error::Category;
    match error.classify() {
        Category::Eof => ParseErrorKind::Truncated,
        Category::Syntax | Category::Io => ParseErrorKind::Syntax,
        Category::Data => {
            let message = error.to_string();
            // A value kept as text is checked after serde_json skipped it, so its fault comes
            // back as a data error; it is a fault of the JSON all the same.
            if TextFault::ALL
                .iter()
                .any(|fault| message.starts_with(fault.message()))
            {
                ParseErrorKind::Syntax
            } else if message.starts_with("missing field") {
                ParseErrorKind::MissingField
            } else if message.starts_with("invalid type") {
                ParseErrorKind::WrongType
            } else if message.starts_with("duplicate field") {
                ParseErrorKind::DuplicateField
            } else {
                ParseErrorKind::InvalidValue
            }
        }
    }
}

/// What a JSON error says, without the " at line N column M" serde_json appends (the position is
/// reported separately, or not at all where the input was not the caller's bytes), and with
/// serde_json's words for an unpaired surrogate or a number out of range replaced by ones that
/// say what is wrong.
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = text.strip_suffix(&position).unwrap_or(&text);
    // serde_json names the escape of a high surrogate with no low one after it "unexpected end
    // of hex escape", and a low surrogate with no high one before it a "lone leading surrogate";
    // the same faults in a value kept as text are said in the same words.
    match message {
        "unexpected end of hex escape" => TextFault::HighSurrogate.message().to_owned(),
        "lone leading surrogate in hex escape" => TextFault::LowSurrogate.message().to_owned(),
        "number out of range" => TextFault::NumberOutOfRange.message().to_owned(),
        other => in_json_words(other),
    }
}

/// serde names what a number field expects by its Rust type (`expected i64`); the reader of a
/// message knows JSON, so the type is said as the numbers it holds.
fn in_json_words(message: &str) -> String {
    const NUMBERS: [(&str, &str); 10] = [
        (
            "i64",
            "an integer from -9223372036854775808 to 9223372036854775807",
        ),
        ("u64", "an integer from 0 to 18446744073709551615"),
        ("i32", "an integer from -2147483648 to 2147483647"),
        ("u32", "an integer from 0 to 4294967295"),
        ("i16", "an integer from -32768 to 32767"),
        ("u16", "an integer from 0 to 65535"),
        ("i8", "an integer from -128 to 127"),
        ("u8", "an integer from 0 to 255"),
        ("f64", "a number"),
        ("f32", "a number"),
    ];
    for (rust, json) in NUMBERS {
        if let Some(start) = message
            .strip_suffix(rust)
            .and_then(|start| start.strip_suffix("expected "))
        {
            return format!("{start}expected {json}");
        }
    }
    message.to_owned()
}

/// A fault of JSON text that serde_json's skip of a value does not see, but its reading of the
/// same value into a string or number does: a value kept as text is checked for them (see
/// `kept`), so that the same input is refused wherever it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextFault {
    /// A `\uD800` to `\uDBFF` escape with no low surrogate after it: half of a UTF-16 pair,
    /// which encodes no character (JSON's grammar admits it; serde_json, I-JSON and most readers
    /// refuse it).
    HighSurrogate,
    /// A `\uDC00` to `\uDFFF` escape with no high surrogate before it.
    LowSurrogate,
    /// A number beyond the range of a 64-bit float, which serde_json and most readers cannot
    /// hold (those that do read it as an infinity).
    NumberOutOfRange,
}

impl TextFault {
    pub(crate) const ALL: [TextFault; 3] = [
        TextFault::HighSurrogate,
        TextFault::LowSurrogate,
        TextFault::NumberOutOfRange,
    ];

    pub(crate) fn message(self) -> &'static str {
        match self {
            TextFault::HighSurrogate => {
                "a string holds the escape of a high surrogate (\\uD800 to \\uDBFF) with no low surrogate after it, which encodes no character"
            }
            TextFault::LowSurrogate => {
                "a string holds the escape of a low surrogate (\\uDC00 to \\uDFFF) with no high surrogate before it, which encodes no character"
            }
            TextFault::NumberOutOfRange => {
                "a number is beyond the range of a 64-bit float (about 1.8e308), which JSON readers cannot hold"
            }
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.0;
        match (&inner.callback_type, inner.document) {
            (Some(callback_type), Document::Callback) => write!(f, "{callback_type} callback: ")?,
            (_, document) => write!(f, "{}: ", document.name())?,
        }
        match inner.kind {
            ParseErrorKind::Syntax => write!(f, "not valid JSON: {}", inner.message)?,
            ParseErrorKind::Truncated => write!(
                f,
                "the input ended before the JSON document did ({})",
                inner.message
            )?,
            _ => f.write_str(&inner.message)?,
        }
        if !inner.path.is_root() && inner.kind != ParseErrorKind::OutsideContract {
            write!(f, " at `{}`", inner.path)?;
        }
        if let Some((line, column)) = inner.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseError")
            .field("kind", &self.0.kind)
            .field("path", &self.0.path)
            .field("position", &self.0.position)
            .field("callback_type", &self.0.callback_type)
            .field("message", &self.0.message)
            .finish_non_exhaustive()
    }
}

impl PartialEq for ParseError {
    /// Equal when they say the same thing at the same place (the underlying reader error, if
    /// any, aside).
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.0, &other.0);
        a.document == b.document
            && a.callback_type == b.callback_type
            && a.path == b.path
            && a.kind == b.kind
            && a.message == b.message
            && a.position == b.position
            && a.problems == b.problems
    }
}

impl Eq for ParseError {}

impl std::error::Error for ParseError {
    /// The JSON reader's own error, for faults it found.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0
            .source
            .as_deref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}
