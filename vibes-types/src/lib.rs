#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The derives name `::vibes_types`, which must resolve inside this crate too.
extern crate self as vibes_types;

pub mod api;
mod callback;
mod callback_type;
mod dispatch;
mod envelope;
mod error;
pub mod events;
mod extra;
mod free_form;
mod headers;
mod id;
mod inspect;
mod json_schema;
mod nullable;
mod object;
mod path;
mod raw;
mod read;
pub mod registration;
#[cfg(feature = "schema")]
pub mod schema;
mod timestamp;

pub use api::{ApiErrors, TestEventRequest, TestEventResponse};
pub use callback::{Callback, UnknownCallback};
pub use callback_type::CallbackType;
pub use envelope::Envelope;
pub use error::{ParseError, ParseErrorKind};
pub use extra::Extra;
pub use free_form::FreeForm;
pub use headers::{CallbackHeaders, DeliveryAttempts, HeaderError};
pub use id::{Count, LooseId};
pub use inspect::{Inspect, Unrecognized};

pub use nullable::Nullable;
pub use path::{JsonPath, Segment};
pub use registration::{CallbackEntity, CallbackRegistration, Destination};
pub use timestamp::{Timestamp, TimestampError};

#[doc(hidden)]
pub mod __private {
    //! What the derives' generated code names: not part of the API, and may change in any
    //! version.
    pub use crate::dispatch::{Dispatch, DispatchBody, Tagged};
    pub use crate::envelope::check_type_names;
    pub use crate::inspect::Findings;
    #[cfg(feature = "schema")]
    pub use crate::schema::open_enum::{OpenEnumKind, open_enum};
    #[cfg(feature = "schema")]
    pub use schemars;
    pub use serde;

    use crate::{JsonPath, Unrecognized};

    /// Steps into the field `key` during a walk.
    pub fn push_key(path: &mut JsonPath, key: &'static str) {
        path.push_key(key);
    }

    /// Steps back out during a walk.
    pub fn pop(path: &mut JsonPath) {
        path.pop();
    }

    /// Reads a callback the way `Callback::from_slice` does after a failure, for the tests that
    /// hold both readers to the same verdicts.
    pub fn read_callback_tracked(bytes: &[u8]) -> Result<crate::Callback, crate::ParseError> {
        crate::Callback::from_slice_tracked(bytes)
    }

    /// A value outside a documented enumeration.
    pub fn unknown_value(
        path: &JsonPath,
        value: &str,
        expected: &'static [&'static str],
    ) -> Unrecognized {
        Unrecognized::value(path, value, expected)
    }

    pub mod object {
        //! Reading and writing `#[object]` structs.
        pub use crate::object::*;
    }
}
