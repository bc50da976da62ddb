#![doc = include_str!("../../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The derives name `::vibes_types`, which must resolve inside this crate too.
extern crate self as vibes_types;

pub mod api;
mod callback;
mod callback_type;
pub mod dispatch;
pub mod envelope;
mod error;
pub mod events;
mod extra;
mod free_form;
mod headers;
mod id;
mod inspect;
mod nullable;
mod object;
mod path;
pub mod registration;
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
    //! What the derives' generated code names; not part of the API.
    pub use schemars;
    pub use serde;

    pub mod object {
        //! Reading and writing `#[object]` structs.
        pub use crate::object::*;
    }
}
