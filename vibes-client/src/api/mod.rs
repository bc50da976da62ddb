//! The typed client of the Vibes callback configuration API: list, get, create, update and
//! delete callback registrations, and ask for a test event.
//!
//! A [`Client`] is built once with the company key, the [`Credentials`], the region (or a base
//! URL), and optionally a client certificate, a timeout and a retry policy; every request then
//! carries `Authorization: Basic …`, `X-API-Version: 2` and `Content-Type: application/json`.
//! Each operation takes and returns the types of `vibes_types` ([`CallbackRegistration`],
//! [`CallbackEntity`], [`TestEventRequest`], [`TestEventResponse`]), and fails with a
//! [`CallError`], data saying what happened: the API's messages of a 4XX, a 404 of `get` or
//! `delete` as its own case, any other status with the start of its body, no answer at all, or a
//! registration refused locally before it was sent.
//!
//! - `create` and `update` first run [`CallbackRegistration::preflight`] and then
//!   [`ConflictRules::check`](vibes_types::registration::ConflictRules::check) against the
//!   registrations of one list call, and refuse locally ([`CallError::Preflight`],
//!   [`CallError::Conflicts`], naming the clashing `callback_id`s) unless called with
//!   [`Checks::Skip`].
//! - `list`, `get` and `delete` are idempotent: a connection failure, a timeout or a 5XX is tried
//!   again after a growing pause ([`Retry`]). `create`, `update` and the test event are sent
//!   once: a second `POST` could register the callback twice.
//!
//! [`CallbackRegistration`]: vibes_types::CallbackRegistration
//! [`CallbackRegistration::preflight`]: vibes_types::CallbackRegistration::preflight
//! [`CallbackEntity`]: vibes_types::CallbackEntity
//! [`TestEventRequest`]: vibes_types::TestEventRequest
//! [`TestEventResponse`]: vibes_types::TestEventResponse

mod client;
mod credentials;
mod errors;
mod operations;
pub mod plan;
mod retry;

pub use client::{BuildError, Client, ClientBuilder, PreparedRequest};
pub use credentials::{
    CredentialsSourceError, PASSWORD_VARIABLE, USER_VARIABLE, credentials_from_env,
    credentials_from_file,
};
pub use errors::{CallError, Checks};
pub use retry::Retry;
pub use vibes_types::api::{Credentials, Region};
