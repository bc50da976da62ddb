//! Reading a whole document from bytes: at full speed first, and again with the JSON path tracked
//! only when that fails, so that errors say where at no cost to the bodies that read.

use crate::JsonPath;
use crate::error::{Document, ParseError};
use serde::Deserialize;
use serde::de::DeserializeSeed;
use std::marker::PhantomData;

/// Reads `bytes` as one `T`; a failure is read again with its path tracked.
pub(crate) fn read_document<'de, T: Deserialize<'de>>(
    bytes: &'de [u8],
    document: Document,
) -> Result<T, ParseError> {
    serde_json::from_slice(bytes).or_else(|_| {
        if let Some(error) = ParseError::not_an_object(document, bytes) {
            return Err(error);
        }
        read_tracked(bytes, document, PhantomData)
    })
}

/// Reads one whole JSON document with path tracking.
pub(crate) fn read_tracked<'de, S: DeserializeSeed<'de>>(
    bytes: &'de [u8],
    document: Document,
    seed: S,
) -> Result<S::Value, ParseError> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let tracked = serde_path_to_error::Deserializer::new(&mut json, &mut track);
    let fail = |error, path: serde_path_to_error::Path| {
        ParseError::from_json(document, error, JsonPath::from_serde(&path))
    };
    let value = match seed.deserialize(tracked) {
        Ok(value) => value,
        Err(error) => return Err(fail(error, track.path())),
    };
    json.end().map_err(|error| fail(error, track.path()))?;
    Ok(value)
}

/// `FromStr` and `TryFrom<&[u8]>` for a type with a lenient `from_slice`.
macro_rules! parse_like_from_slice {
    ($ty:ty) => {
        impl std::str::FromStr for $ty {
            type Err = ParseError;

            /// Reads one document leniently, as [`from_slice`](Self::from_slice) does.
            fn from_str(text: &str) -> Result<Self, ParseError> {
                Self::from_slice(text.as_bytes())
            }
        }

        impl TryFrom<&[u8]> for $ty {
            type Error = ParseError;

            /// Reads one document leniently, as [`from_slice`](Self::from_slice) does.
            fn try_from(bytes: &[u8]) -> Result<Self, ParseError> {
                Self::from_slice(bytes)
            }
        }
    };
}

/// The entry points every document type shares: `from_slice`, `from_slice_strict`, `FromStr` and
/// `TryFrom<&[u8]>`, all with [`ParseError`].
macro_rules! document {
    ($($ty:ident => $document:ident, $example:literal;)*) => {$(
        impl $ty {
            /// Reads one document leniently: what this version does not know is kept (see
            /// [`Inspect::unrecognized`](crate::Inspect::unrecognized)). An error names the fault's
            /// JSON path, line and column.
            ///
            /// ```
            #[doc = concat!("let read = vibes_types::", stringify!($ty), "::from_slice(br#\"", $example, "\"#)?;")]
            #[doc = concat!("let parsed: vibes_types::", stringify!($ty), " = r#\"", $example, "\"#.parse()?;")]
            /// assert_eq!(read, parsed);
            /// # Ok::<(), vibes_types::ParseError>(())
            /// ```
            pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
                read_document(bytes, Document::$document)
            }

            /// Reads one document against the documented contract exactly: a value outside a
            /// documented enumeration is an error of kind
            /// [`OutsideContract`](crate::ParseErrorKind::OutsideContract) listing every such
            /// value with its path. Unknown fields are allowed, as in lenient reading.
            ///
            /// Every document type reads the same way; here, a test event request whose
            /// `event_type` names a callback type this version does not know:
            ///
            /// ```
            /// use vibes_types::{ParseErrorKind, TestEventRequest};
            ///
            /// let body = br#"{"event_type": "person_merged"}"#;
            /// assert!(TestEventRequest::from_slice(body).is_ok());
            /// let error = TestEventRequest::from_slice_strict(body).unwrap_err();
            /// assert_eq!(error.kind(), ParseErrorKind::OutsideContract);
            /// assert_eq!(error.problems()[0].path().to_string(), "event_type");
            /// ```
            pub fn from_slice_strict(bytes: &[u8]) -> Result<Self, ParseError> {
                within_contract(|| Self::from_slice(bytes), Document::$document, bytes)
            }
        }

        parse_like_from_slice!($ty);
    )*};
}

/// What `read` (a lenient reading of `bytes`) gives, or an error listing what it holds outside
/// the documented contract, at the first problem's line and column in `bytes`.
pub(crate) fn within_contract<T: crate::Inspect>(
    read: impl FnOnce() -> Result<T, ParseError>,
    document: Document,
    bytes: &[u8],
) -> Result<T, ParseError> {
    let (read, inside_kept_text) = super::kept::reading_strictly(read);
    let read = read?;
    let problems = crate::inspect::contract_problems(&read, inside_kept_text);
    if problems.is_empty() {
        Ok(read)
    } else {
        Err(ParseError::outside_contract(document, None, problems).located(bytes))
    }
}

use crate::{
    ApiErrors, Callback, CallbackEntity, CallbackRegistration, TestEventRequest, TestEventResponse,
};

parse_like_from_slice!(Callback);
parse_like_from_slice!(CallbackRegistration);
parse_like_from_slice!(CallbackEntity);
parse_like_from_slice!(ApiErrors);

document! {
    TestEventRequest => TestEventRequest, r#"{"event_type": "person_added"}"#;
    TestEventResponse => TestEventResponse, r#"{"message": "Created event for event_type 'person_added'", "event_id": "e1"}"#;
}
