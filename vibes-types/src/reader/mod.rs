//! The reading engine: how the bytes of a body become a typed value, or an error that says where.
//!
//! A callback body flows through it like this:
//!
//! 0. [`de`] is the reader a body that is UTF-8 is read with first: a serde `Deserializer` of
//!    its own that lends strings without escapes, reads whole numbers and skips kept values in
//!    one checked pass ([`skip`]), and hands anything rarer to serde_json. Its errors say
//!    nothing: a body it refuses is read again as below, with serde_json.
//! 1. [`callback`] reads the body's keys in order with that reader (or serde_json). Until a
//!    type field names the callback type, each value is kept as its raw text ([`raw`]); then
//!    the kept values and every following key go straight into that type's builder.
//! 2. Each wire struct is read field by field into the builder `#[vibes_derive::object]` writes
//!    for it ([`object`]); the union of callback bodies is chosen by [`dispatch`], and every body
//!    shares the fields of its [`envelope`].
//! 3. Values kept as text (free-form objects, unknown fields and bodies) are only skipped, so
//!    they are checked for what serde_json would refuse in a typed field and, during a strict
//!    reading, for keys that come twice: by [`skip`] as the fast reader skips them, by [`kept`]
//!    after serde_json's skip; [`repeated`] finds where a repeated key is when the contract
//!    walk asks.
//! 4. A body that fails is read again with its [`path`] tracked ([`document`], which also holds
//!    the entry points every document type shares), and [`locate`] turns a path found after
//!    reading into a line and column.
//!
//! Registrations and entities use the same pieces from their own module (`registration::read`).

pub(crate) mod callback;
pub(crate) mod de;
pub(crate) mod differential;
pub(crate) mod dispatch;
pub(crate) mod document;
pub(crate) mod envelope;
pub(crate) mod kept;
pub(crate) mod locate;
pub(crate) mod object;
pub(crate) mod path;
pub(crate) mod raw;
pub(crate) mod repeated;
pub(crate) mod skip;
