//! Reading the body of an error answer so that nothing it says is lost: the documented shape
//! first, then whatever shape the body has, and as a last resort its text.
//!
//! An error body is read when something has already gone wrong, and Vibes (or a proxy in front of
//! it) does not always send the documented `{"errors": [{"message": …, "code": 1}]}`: a `code` can
//! be a string, an error list can be a single object, a gateway can answer with HTML. Lenient
//! reading keeps every message of such a body; strict reading still refuses it.

use super::{ApiError, ApiErrors};
use crate::Extra;
use crate::error::{Document, ParseError};
use crate::reader::document::{read_document, within_contract};
use serde_json::Value;

impl ApiErrors {
    /// Reads an error body leniently, keeping every message whatever the body's shape.
    ///
    /// The documented shape reads as documented. A body of another JSON shape is read for what
    /// it says instead of refused:
    ///
    /// - a `code` that is not a whole number (`"invalid"`, `1.5`) is kept as received, in the
    ///   error's `extra` under `code` (so it is written back as it came), and shown by
    ///   [`ApiError::code_text`] and `Display`;
    /// - `errors` given as one object instead of a list reads as a list of that one error;
    /// - an error without `message` (or with one that is not a string) keeps the rest: its
    ///   message is empty, or the JSON text of what was sent;
    /// - the list alone (`[{"message": …}]`), or one error alone (`{"message": "Not Found"}`),
    ///   reads as that list;
    /// - fields beside the documented ones are kept in `extra`, as always.
    ///
    /// A body that holds no JSON at all, or JSON with no message in it, is an error of
    /// [`ParseError`], naming the fault's position; [`ApiErrors::from_answer`] keeps its text
    /// instead. [`ApiErrors::from_slice_strict`] refuses every shape but the documented one.
    ///
    /// ```
    /// use vibes_types::ApiErrors;
    ///
    /// let errors = ApiErrors::from_slice(br#"{"errors": [{"message": "Invalid callback_type", "code": "invalid"}]}"#)?;
    /// assert_eq!(errors.to_string(), r#"Vibes API error: Invalid callback_type (code "invalid")"#);
    /// assert_eq!(errors.errors[0].code, None);
    /// assert_eq!(errors.errors[0].code_text().as_deref(), Some("invalid"));
    ///
    /// let one = ApiErrors::from_slice(br#"{"errors": {"message": "No callback", "code": 4}}"#)?;
    /// assert_eq!(one.to_string(), "Vibes API error: No callback (code 4)");
    /// assert!(ApiErrors::from_slice_strict(br#"{"errors": {"message": "No callback"}}"#).is_err());
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        read_document(bytes, Document::ApiErrors).or_else(|typed| {
            // Not JSON at all: the error says where the JSON breaks (or ends), not which field of
            // the documented shape came first.
            let body = read_document::<Value>(bytes, Document::ApiErrors)?;
            salvage(body).ok_or(typed)
        })
    }

    /// Reads an error body against the documented contract exactly: the documented shape, a
    /// whole-number `code`, no key twice. Unknown fields are allowed, as in lenient reading.
    ///
    /// ```
    /// use vibes_types::{ApiErrors, ParseErrorKind};
    ///
    /// let body = br#"{"errors": [{"message": "Invalid callback_type", "code": "invalid"}]}"#;
    /// assert!(ApiErrors::from_slice(body).is_ok());
    /// let error = ApiErrors::from_slice_strict(body).unwrap_err();
    /// assert_eq!(error.kind(), ParseErrorKind::WrongType);
    /// assert_eq!(error.path().to_string(), "errors[0].code");
    /// ```
    pub fn from_slice_strict(bytes: &[u8]) -> Result<Self, ParseError> {
        within_contract(
            || read_document(bytes, Document::ApiErrors),
            Document::ApiErrors,
            bytes,
        )
    }

    /// Reads the body of an error answer, whatever it holds; this never fails.
    ///
    /// What [`ApiErrors::from_slice`] reads is returned as read. Any other body (an HTML page
    /// from a proxy, plain text, JSON without a message) gives one error whose message is the
    /// body's text (invalid UTF-8 replaced by `�`, surrounding whitespace trimmed); an empty body
    /// gives no error at all, which `Display` shows as `(no message)`.
    ///
    /// ```
    /// use vibes_types::ApiErrors;
    ///
    /// let errors = ApiErrors::from_answer(b"<html><body>502 Bad Gateway</body></html>\n");
    /// assert_eq!(errors.to_string(), "Vibes API error: <html><body>502 Bad Gateway</body></html>");
    /// assert_eq!(ApiErrors::from_answer(b"").to_string(), "Vibes API error (no message)");
    /// ```
    pub fn from_answer(bytes: &[u8]) -> Self {
        if let Ok(errors) = Self::from_slice(bytes) {
            return errors;
        }
        let text = String::from_utf8_lossy(bytes);
        let text = text.trim();
        let errors = if text.is_empty() {
            Vec::new()
        } else {
            vec![ApiError {
                message: text.to_owned(),
                code: None,
                extra: Extra::default(),
            }]
        };
        ApiErrors {
            errors,
            extra: Extra::default(),
        }
    }
}

impl ApiError {
    /// The error's code as Vibes sent it: the number, or the text of a `code` that is not a
    /// whole number (a string's own text, any other value's JSON text). `None` without a `code`.
    ///
    /// ```
    /// use vibes_types::ApiErrors;
    ///
    /// let errors = ApiErrors::from_slice(br#"{"errors": [{"message": "a", "code": 1}, {"message": "b", "code": 1.5}]}"#)?;
    /// assert_eq!(errors.errors[0].code_text().as_deref(), Some("1"));
    /// assert_eq!(errors.errors[1].code_text().as_deref(), Some("1.5"));
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn code_text(&self) -> Option<String> {
        if let Some(code) = self.code {
            return Some(code.to_string());
        }
        match self.extra.get("code")? {
            Value::Null => None,
            Value::String(text) => Some(text),
            other => Some(other.to_string()),
        }
    }
}

/// What a JSON body of an unexpected shape says, or `None` when it holds no error.
fn salvage(body: Value) -> Option<ApiErrors> {
    let salvaged = match body {
        Value::Object(mut fields) => match fields.remove("errors") {
            Some(errors) => Some(ApiErrors {
                errors: items(errors).into_iter().map(error).collect(),
                extra: Extra::from(fields),
            }),
            None if fields.contains_key("message") => Some(ApiErrors {
                errors: vec![error(Value::Object(fields))],
                extra: Extra::default(),
            }),
            None => None,
        },
        Value::Array(items) => Some(ApiErrors {
            errors: items.into_iter().map(error).collect(),
            extra: Extra::default(),
        }),
        Value::String(message) => Some(ApiErrors {
            errors: vec![error(Value::String(message))],
            extra: Extra::default(),
        }),
        _ => None,
    }?;
    (!salvaged.errors.is_empty()).then_some(salvaged)
}

/// The items of an `errors` value: a list's items, or the value itself.
fn items(errors: Value) -> Vec<Value> {
    match errors {
        Value::Array(items) => items,
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// One error, from an object of any shape or from any other value (a string is the message).
fn error(item: Value) -> ApiError {
    let mut fields = match item {
        Value::Object(fields) => fields,
        Value::String(message) => return plain(message),
        other => return plain(other.to_string()),
    };
    let message = match fields.remove("message") {
        Some(Value::String(message)) => message,
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    };
    let code = match fields.get("code") {
        Some(Value::Number(number)) => number.as_i64(),
        _ => None,
    };
    if code.is_some() || fields.get("code").is_some_and(Value::is_null) {
        fields.remove("code");
    }
    ApiError {
        message,
        code,
        extra: Extra::from(fields),
    }
}

fn plain(message: String) -> ApiError {
    ApiError {
        message,
        code: None,
        extra: Extra::default(),
    }
}
