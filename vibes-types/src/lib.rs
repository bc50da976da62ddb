//! Rust types for the callbacks (webhooks) of the Vibes mobile-marketing platform: every callback
//! body, registration and answer of the callback API is a typed value that reads and writes the
//! JSON Vibes sends.
//!
//! # Receiving a callback
//!
//! Vibes sends each callback as a JSON body to the URL a registration names. Read it with
//! [`Callback::from_slice`] and match on its callback type:
//!
//! ```
//! use vibes_types::Callback;
//!
//! let body = br#"{"event_id": "AB234SDFD234", "callback_type": "person_added",
//!   "event_date": "2017-03-15T15:42:23Z",
//!   "person": {"person_id": "12344566", "mobile_phone": {"mdn": "+12995551234"}}}"#;
//!
//! let callback = Callback::from_slice(body)?; // or serde_json::from_slice::<Callback>(body)
//! let event_id = callback.event_id(); // deliveries repeat: de-duplicate on it
//! match &callback {
//!     Callback::PersonAdded(added) => println!("{event_id:?}: {:?}", added.person.person_id),
//!     Callback::Unknown(unknown) => println!("a type this version does not know: {unknown:?}"),
//!     _ => {} // the 15 other callback types
//! }
//! # Ok::<(), vibes_types::ParseError>(())
//! ```
//!
//! [`Callback`] implements serde's `Deserialize` and `Serialize`, so `serde_json::from_slice`,
//! `from_str`, `from_reader` and `from_value` read it, and it can be a field of your own types;
//! `str::parse` and `TryFrom<&[u8]>` do what `from_slice` does. What `from_slice` adds is its
//! error, a [`ParseError`] that names the JSON path of the fault.
//!
//! ```
//! use vibes_types::{Callback, CallbackType};
//!
//! #[derive(serde::Deserialize)]
//! struct Stored {
//!     received_at: String,
//!     body: Callback,
//! }
//!
//! let stored: Stored = serde_json::from_str(r#"{"received_at": "2017-03-15T15:42:24Z",
//!   "body": {"event_id": "AB234SDFD234", "callback_type": "device_added",
//!     "event_date": "2017-03-15T15:42:23Z", "push_device": {"device_os": "ANDROID"}}}"#)?;
//! assert_eq!(stored.body.callback_type(), &CallbackType::DeviceAdded);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Every body of a known type carries the same envelope, [`Callback::envelope`]: `event_id`, the
//! callback type (`callback_type`, and `event_type`, which older bodies carry alone), and
//! `event_date`. The five headers of a delivery are a [`CallbackHeaders`].
//!
//! Vibes reads the answer's status code: 2XX is done; 4XX is a permanent failure (no retry, the
//! event goes to a failure queue and the customer is notified); 3XX, 5XX and a timeout are
//! retried. So a receiver acknowledges quickly, does the work afterwards, and answers 2XX to
//! everything it does not want again, duplicates and callback types it does not know included.
//!
//! # Lenient and strict reading
//!
//! [`Callback::from_slice`] is lenient: what Vibes adds after this version was written is kept,
//! never refused.
//!
//! - An unknown field is kept in its object's `extra` ([`Extra`]) and written back.
//! - An unknown value of a documented enumeration is kept as that enumeration's `Unknown` variant
//!   with its exact text, such as `ParticipantStatus::Unknown("EXPIRED")`.
//! - An unknown callback type is kept whole as [`Callback::Unknown`].
//!
//! [`Inspect::unrecognized`] lists each of these with its JSON path, to log or to alert on.
//! [`Callback::from_slice_strict`] reads the documented contract exactly: an unknown enumeration
//! value or callback type is an error that lists every one ([`ParseError::problems`]). Unknown
//! fields pass in both modes, as the documentation tells receivers to ignore them.
//!
//! ```
//! use vibes_types::events::ParticipantStatus;
//! use vibes_types::{Callback, Inspect, ParseErrorKind};
//!
//! let body = br#"{"event_id": "0e5c8a3f", "callback_type": "ack_participant_changed",
//!   "event_date": "2018-05-07T15:27:33.664Z",
//!   "participant": {"status": "EXPIRED", "loyalty_tier": "gold"}}"#;
//!
//! let lenient = Callback::from_slice(body)?;
//! let Callback::AckParticipantChanged(changed) = &lenient else { unreachable!() };
//! assert_eq!(changed.participant.status, Some(ParticipantStatus::Unknown("EXPIRED".into())));
//! assert_eq!(changed.participant.extra.get("loyalty_tier").unwrap(), "gold");
//!
//! let found: Vec<String> = lenient.unrecognized().iter().map(ToString::to_string).collect();
//! assert_eq!(found, [
//!     r#"unknown value "EXPIRED" at `participant.status`, expected one of "PENDING", "CONFIRMED", "REJECTED", "SUBSCRIBED""#,
//!     "unknown field `participant.loyalty_tier` (kept)",
//! ]);
//!
//! let strict = Callback::from_slice_strict(body).unwrap_err();
//! assert_eq!(strict.kind(), ParseErrorKind::OutsideContract);
//! assert_eq!(strict.problems().len(), 1); // the status; the unknown field is allowed
//! # Ok::<(), vibes_types::ParseError>(())
//! ```
//!
//! # Unknown callback types
//!
//! Vibes adds callback types over time. A body of a type this version does not know reads as
//! [`Callback::Unknown`] with its whole body, so a receiver can acknowledge it and store it; its
//! envelope is there when the body has one, and writing it back gives the body as received.
//!
//! ```
//! use vibes_types::{Callback, CallbackType};
//!
//! let body = br#"{"event_id": "7c1d", "callback_type": "person_merged",
//!   "event_date": "2026-03-01T09:00:00Z", "merged_into": {"person_id": "ABC123"}}"#;
//! let callback = Callback::from_slice(body)?;
//! assert_eq!(callback.callback_type(), &CallbackType::Unknown("person_merged".into()));
//! assert_eq!(callback.event_id(), Some("7c1d"));
//! let envelope = callback.envelope().expect("the body carries the envelope fields");
//! assert_eq!(envelope.event_date().as_str(), "2026-03-01T09:00:00Z");
//! if let Callback::Unknown(unknown) = &callback {
//!     assert_eq!(unknown.body()["merged_into"]["person_id"], "ABC123");
//! }
//! assert!(Callback::from_slice_strict(body).is_err());
//! # Ok::<(), vibes_types::ParseError>(())
//! ```
//!
//! A known callback type whose body is wrong is an error naming the type and the path, never an
//! unknown callback; a body with neither `callback_type` nor `event_type` is an error too.
//!
//! # Errors as data
//!
//! A body that cannot be read gives a [`ParseError`]. Its [`kind`](ParseError::kind) is a
//! [`ParseErrorKind`] to match on, its [`path`](ParseError::path) a [`JsonPath`],
//! [`line`](ParseError::line) and [`column`](ParseError::column) the position in the input,
//! [`callback_type`](ParseError::callback_type) the type the body was read as, and
//! [`problems`](ParseError::problems) every value strict reading refused; `source()` is the JSON
//! reader's own error where there is one. Its `Display` says all of it in one sentence. Reading
//! never panics, whatever the bytes, and the error is one pointer wide.
//!
//! ```
//! use vibes_types::{Callback, CallbackType, ParseErrorKind};
//!
//! let body = br#"{"event_id": "e1", "callback_type": "subscription_removed",
//!   "event_date": "2017-02-18T15:34:52+0000", "subscription": {"opt_out_date": "yesterday"}}"#;
//! let error = Callback::from_slice(body).unwrap_err();
//! assert_eq!(error.kind(), ParseErrorKind::InvalidValue);
//! assert_eq!(error.path().to_string(), "subscription.opt_out_date");
//! assert_eq!(error.callback_type(), Some(&CallbackType::SubscriptionRemoved));
//! assert_eq!((error.line(), error.column()), (Some(2), Some(88)));
//!
//! let error = Callback::from_slice(b"[1, 2]").unwrap_err();
//! assert_eq!(error.kind(), ParseErrorKind::NotAnObject);
//! assert_eq!(
//!     error.to_string(),
//!     "callback body: a callback body is a JSON object, not an array (line 1, column 1)"
//! );
//! ```
//!
//! # Writing back
//!
//! Serializing a value gives back the JSON value that was read: unknown fields where they were,
//! an explicit `null` as `null`, ids in the form they came in (a number stays a number),
//! timestamps as their text, and free-form objects (`custom_fields`, `tokens`, `event_data`,
//! `debug_data`) as the exact text received ([`FreeForm`]), so none of their numbers is
//! rewritten.
//!
//! ```
//! use vibes_types::Callback;
//!
//! let body = r#"{"event_id": "AB234SDFD234", "event_type": "person_added", "callback_id": 11887,
//!   "event_date": "2017-02-18T15:34:52+0000", "person": {"person_id": "12344566",
//!   "timezone": null, "custom_fields": {"rewards_points": 18446744073709551617}}}"#;
//! let callback: Callback = body.parse()?;
//! let written = serde_json::to_string(&callback).unwrap();
//! assert_eq!(
//!     serde_json::from_str::<serde_json::Value>(&written).unwrap(),
//!     serde_json::from_str::<serde_json::Value>(body).unwrap(),
//! );
//! assert!(written.contains(r#""timezone":null"#));
//! assert!(written.contains("18446744073709551617"));
//! # Ok::<(), vibes_types::ParseError>(())
//! ```
//!
//! # Building values
//!
//! Tests and tools build bodies too. Every wire struct has a `new` taking its required fields
//! (none, for most objects; a callback body's `new` also sets its `callback_type`); set the
//! optional fields afterwards. The structs are `#[non_exhaustive]`, so a struct literal does not
//! compile outside this crate.
//!
//! ```
//! use vibes_types::events::{Person, PersonAdded};
//! use vibes_types::{Callback, Timestamp};
//!
//! let mut person = Person::new();
//! person.person_id = Some("12344566".to_owned());
//! let added = PersonAdded::new("AB234SDFD234", Timestamp::parse("2017-03-15T15:42:23Z")?, person);
//!
//! let body = serde_json::to_vec(&added)?;
//! assert!(matches!(Callback::from_slice(&body)?, Callback::PersonAdded(read) if *read == added));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Registering a callback
//!
//! A [`CallbackRegistration`] is the body that creates or updates a registration. It has a
//! constructor per callback type taking the filter that type requires, so it cannot lack one.
//! Before sending it, [`preflight`](CallbackRegistration::preflight) names every doubtful field,
//! and [`ConflictRules::check`](registration::ConflictRules::check) names the existing
//! registrations (the list call's answer, read as [`CallbackEntity`] values) it would clash with.
//!
//! ```
//! use vibes_types::registration::{ConflictRules, Severity};
//! use vibes_types::{CallbackEntity, CallbackRegistration, TestEventRequest, Timestamp};
//!
//! let now = Timestamp::parse("2026-03-01T09:00Z")?.to_utc();
//! let registration = CallbackRegistration::device_added("app-1", "http://hooks.example.com/vibes")
//!     .starting(Timestamp::parse("2026-03-02T00:00Z")?);
//! let findings = registration.preflight(now);
//! assert_eq!(findings[0].severity(), Severity::Warning);
//! assert_eq!(findings[0].to_string(),
//!     "warning at `destination.url`: plain http: callbacks would travel unencrypted");
//!
//! let existing = CallbackEntity::list_from_slice(br#"[{"callback_id": "AB3423",
//!   "callback_type": "device_added", "device_added": {"app_id": "app-1"},
//!   "destination": {"url": "http://hooks.example.com/vibes"},
//!   "start_date": "2026-01-01T00:00Z"}]"#)?;
//! assert_eq!(ConflictRules::default().check(&existing, &registration, now).len(), 1);
//!
//! let body = serde_json::to_string(&registration)?;
//! assert!(body.starts_with(r#"{"callback_type":"device_added","device_added":{"app_id":"#));
//! let test = serde_json::to_string(&TestEventRequest::new(registration.callback_type().clone()))?;
//! assert_eq!(test, r#"{"event_type":"device_added"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The [`registration`] module has the filters, the date ranges and what deleting a registration
//! does; the answers of the API are [`CallbackEntity`], [`TestEventResponse`] and [`ApiErrors`]
//! (a 4XX body, usable as a `std::error::Error`). With the `api` feature, `vibes_types::api` also
//! has the path and method of each operation, the regions and their hosts, the required headers
//! and Basic credentials whose `Debug` never shows the password. No HTTP client is included.
//!
//! # Receiving deliveries over HTTP
//!
//! A delivery is one HTTP request from Vibes: `POST` or `PUT`, a JSON body, and the five headers
//! ([`CallbackHeaders`]). The [`delivery`] module reads it in one call and says what to answer.
//! With the `axum` feature, a handler takes the extractor `delivery::axum::Received` and returns
//! a `delivery::Answer`; a request that is not a delivery never reaches it, and is answered with
//! its 4XX and a JSON error body naming every problem (the header or JSON path of each):
//!
#![cfg_attr(feature = "axum", doc = "```")]
#![cfg_attr(not(feature = "axum"), doc = "```text")]
//! use axum::{Extension, Router, extract::State, routing::post};
//! use std::sync::Arc;
//! use vibes_types::Callback;
//! use vibes_types::delivery::{Answer, DeliveryRules, SeenEvents, axum::Received};
//!
//! async fn receive(
//!     State(seen): State<Arc<SeenEvents>>,
//!     Received { delivery, body, .. }: Received, // a bad request never gets here: it is answered 4XX
//! ) -> Answer {
//!     if !seen.insert(delivery.dedup_key()) {
//!         return Answer::Acknowledge; // a repeated delivery: handled already
//!     }
//!     if let Callback::Unknown(_) = &delivery.callback {
//!         // a callback type this version does not know: store it and acknowledge it all the same
//!     }
//!     let stored = store(&body, &delivery.headers); // the bytes as received, before answering
//!     if !stored {
//!         seen.remove(delivery.dedup_key()); // so that the retry is handled
//!         return Answer::Retry; // 503: Vibes delivers it again later
//!     }
//!     Answer::Acknowledge // 200
//! }
//!
//! fn store(body: &[u8], headers: &vibes_types::CallbackHeaders) -> bool {
//!     !body.is_empty() && !headers.event_id.is_empty()
//! }
//!
//! let app: Router = Router::new()
//!     .route("/vibes", post(receive).put(receive))
//!     .with_state(Arc::new(SeenEvents::default()))
//!     .layer(Extension(DeliveryRules::default())); // optional: the default rules
//! ```
//!
//! - **One call, any framework** (feature `http`): `DeliveryRules::read(&method, &headers,
//!   &body)`, `Delivery::from_parts` and `Delivery::from_request` check the method, the content
//!   type (`application/json` or `text/json`, parameters such as `charset` allowed), the five
//!   headers (every one missing, repeated or malformed is listed), the body (lenient or strict),
//!   and that the headers agree with the body on the event id, the callback type (aliases
//!   understood) and the company id (only `unmatched_message_received` bodies name one,
//!   `source_code.company_key`). A mismatch is an error, or a warning when the rules say
//!   `Mismatches::Warn`. The `DeliveryError` is data (each `DeliveryProblem` with its kind, header
//!   and path), displays as sentences, and serializes as a stable JSON body.
//! - **Duplicates**: deliveries are at-least-once, so de-duplicate on the event id
//!   (`Delivery::dedup_key`): not the callback id, which names the registration (shared by all
//!   its events, and several registrations can deliver one event), nor the attempt count, which
//!   grows with each retry. [`delivery::SeenEvents`] is a bounded, thread-safe record of the ids
//!   one process has seen; across processes and restarts, a durable store with a unique key on
//!   the event id does it.
//! - **Sources** (feature `sources`): `SourceAllowList` holds the addresses Vibes documents, by
//!   region, current or with the legacy ranges, plus your own. Behind a reverse proxy,
//!   `TrustedProxy` reads the client address from the header you name, only when the request
//!   comes from the proxy: anyone can send an `X-Forwarded-For` header.
//!
//! What each answer means to Vibes, both ways: `Answer` is the receiver's choice, `Outcome` what
//! Vibes does with a status code (for tests and tools that play Vibes).
//!
//! | the receiver answers | when | status | Vibes does (`Outcome`) |
//! |---|---|---|---|
//! | `Answer::Acknowledge` | handled or stored; a duplicate; an unknown callback type | `200` (any 2XX) | `Done` |
//! | `Answer::Reject`, or a `DeliveryError`'s response | the request can never succeed: a body that cannot be read, a missing header | `400` (`405` for the method, `415` for the content type; any 4XX) | `PermanentFailure`: no retry, the event goes to a failure queue and the customer is notified |
//! | `Answer::Retry` | a temporary failure of the receiver, such as its own store | `503` (any 3XX or 5XX) | `Retried` |
//! | no answer in time | | | `Retried` |
//!
//! # Schemas
//!
//! The [`schema`] module (feature `schema`, on by default) generates the JSON Schema (draft
//! 2020-12) of every document: any callback body, each callback type's body, registrations, the
//! API's answers and the delivery headers. The schemas state the strict contract, what
//! [`Callback::from_slice_strict`] accepts. The same files are committed, generated, in the
//! `schemas/` folder of the repository, with a discriminated union of the callback bodies for
//! code generators and an OpenAPI document of the callback configuration API, so receivers
//! written in other languages validate or generate types from the same contract.
//!
//! # Feature flags
//!
//! - `schema` (default): the JSON Schemas, through schemars: the [`schema`] module and a
//!   `JsonSchema` impl on every wire type.
//! - `http`: reading deliveries from `http` types: `CallbackHeaders::from_headers` (and
//!   `to_headers`), `delivery::Delivery` and `DeliveryRules::read`, the error's JSON response,
//!   `delivery::Answer` and `delivery::Outcome`, and anything else that takes or returns `http`
//!   types.
//! - `sources`: the source allow-list, `delivery::SourceAllowList` and `delivery::TrustedProxy`
//!   (it turns `http` on, and pulls in `ipnet`).
//! - `axum`: the axum extractor `delivery::axum::Received`, and `IntoResponse` for `Answer` and
//!   `DeliveryError` (it turns `http` on, and pulls in `axum-core`, not axum itself).
//! - `api`: `vibes_types::api`'s operation paths and methods, regions and their hosts, and
//!   Basic credentials (it turns `http` on).
//!
//! Reading and writing every document, pre-flight, the conflict checks, the delivery rules and
//! `SeenEvents` need no feature.
//!
//! # Guarantees
//!
//! What the crate promises for any input, and how each promise is held to (the tests are in the
//! repository's `tests/` and `fuzz/`):
//!
//! - **Never refuses what is new.** Lenient reading keeps every unknown field, enumeration value
//!   and callback type, and [`Inspect::unrecognized`] lists them. *Tested* on every fixture and
//!   on mutations that add unknown properties and values.
//! - **Never panics, whatever the bytes.** Every fault is a [`ParseError`]. *Tested* by every
//!   prefix of every fixture (each a `Truncated` error saying the input ended early), damaged
//!   bytes, over 160 reviewed bad inputs, seeded random mutations, and coverage-guided fuzz targets
//!   whose crashing inputs are replayed by `cargo test`.
//! - **Bounded depth and stack.** However deep a body nests, the answer is a value or an error,
//!   on a thread with a 256 KiB stack, in debug builds too: values the crate keeps as text
//!   (free-form objects, unknown fields and types) are skipped without recursion, and typed
//!   values nest no deeper than the documented shapes, so a level of nesting costs no stack.
//!   *Tested* with 100 to 100,000 levels in every place a body can nest, in every mode, in debug
//!   and release builds; and measured: the least stack on which each reader answers a body
//!   nested 10 and 100,000 levels deep is the same, while each level costs `Value` about
//!   1.7 KiB in a debug build (it refuses more than 127 levels).
//! - **Limits.** No limit on depth or size is imposed by reading: depth costs no stack, and a
//!   body costs memory in proportion to its size (below). A receiver bounds what it accepts by
//!   the size of the body it reads (the `vibes-receiver` default is 1 MiB); the documented
//!   sizes, a 16 KB `event_data` and bodies of 10 MB, read and write back exactly (*tested*).
//! - **Bounded memory.** Reading a body holds at its peak at most 1.5 times the heap
//!   `serde_json::Value` holds for the same bytes, in both modes (measured: 0.05 to 1.08 times),
//!   or, for text kept as received that is far longer than what `Value` makes of it, at most
//!   1.5 times the body's own length (measured: 1.00 times). *Tested* with a counting
//!   allocator on 10 MB bodies: large arrays, objects and strings in every place (unknown
//!   fields and types, `event_data`, a registration's filter object nested, before its type or
//!   under another type's key, a flat filter field, an entity's filter), and hundreds of
//!   thousands of small unknown fields before or after the type, in callbacks of known and
//!   unknown types, registrations (flat, without a filter, refused) and entities.
//!   - Kept text costs its bytes: a run of whitespace, or numbers of hundreds of digits, are
//!     held as they came, where `Value` holds nothing or a float. That is the price of exact
//!     write-back (numbers keep every digit, and kept text is written back byte for byte), so
//!     the bound for such text is the body's length instead; *tested* with a 10 MB run of
//!     whitespace and arrays of 100- and 300-digit numbers in every place.
//!   - A registration's filter is read from text lent by the input, and an entity read
//!     strictly has its filter checked from that lent text before the entity keeps it, so that
//!     no filter is held beside the text it was read from. Reading through
//!     `serde_json::from_reader` or from a `Value` lends no text: the bound is for bytes and
//!     strings.
//! - **Exact write-back.** Writing back gives the JSON value that was read: explicit `null`s,
//!   each id in its form, each timestamp's text, and free-form objects, unknown fields and
//!   unknown bodies as their exact text, so numbers keep every digit (a number beyond a 64-bit
//!   float, `1e400`, and a string escaping half a surrogate pair, `"\ud800"`, are refused
//!   wherever they stand, as serde_json and most readers refuse them). *Tested* on
//!   every fixture, with every member set to `null` in turn, by the fuzz targets, and by
//!   generated typed values of every callback type, registration and entity: each serializes to
//!   JSON that the committed schemas accept when it is within the contract, and reads back
//!   equal.
//! - **Repeated keys are never silent.** A repeated `event_id`, `callback_type` or
//!   `event_type` in a callback body is an error in both modes, whatever the type, at the key
//!   that came again. Any other key that comes twice in one object, anywhere in a body (free-form
//!   objects, unknown fields and unknown bodies included, whose text is kept as it came), keeps
//!   its last value where the body is read into values (as `Value` does), is listed as
//!   [`Unrecognized::RepeatedKey`] at its path, and is refused by strict reading. A
//!   registration's filter field given both flat and in the filter object is a
//!   `ReadWarning::FlatFieldBesideFilter`, listed and refused strictly too. *Tested* by repeated
//!   keys in the envelope, in typed objects, in each kind of kept text and in registrations,
//!   each reported at its path and refused by strict reading, and by error snapshots of each.
//! - **Errors say where.** Every error has its kind, its JSON path and, for bytes, its line and
//!   column; unknown values are quoted as escaped JSON strings, so no input can forge a line of a
//!   log. *Tested* by the reviewed error snapshots.
//! - **No `unsafe` code** (`#![forbid(unsafe_code)]`).
//!
//! # Stability
//!
//! Vibes extends its callbacks, and a minor version of this crate follows: it may add callback
//! types (variants of [`Callback`] and [`CallbackType`]), values to the documented enumerations
//! (variants), fields to the structs that model JSON objects, and kinds of errors
//! ([`ParseErrorKind`]), of pre-flight findings and of conflicts. Those enums and structs are
//! `#[non_exhaustive]` for that reason: match the enums with a `_` arm, and build the structs
//! with their `new` (or another constructor) or by reading JSON. A value one version keeps as
//! `Unknown(text)` may become a variant of its own in a later one, once Vibes documents it, so
//! match on the known variants rather than on that text. A minor version will not remove or
//! rename an item, make lenient reading refuse what it read before, change what is written for
//! a value that was read, or change a wire name. What is `#[doc(hidden)]` (the derives' support
//! code) is not part of the API.
//!
// The `schema` module exists only with its feature; without it the guide's links to it point at
// the published documentation, so that the docs of every feature set build without a warning.
#![cfg_attr(feature = "schema", doc = "[`schema`]: crate::schema")]
#![cfg_attr(
    not(feature = "schema"),
    doc = "[`schema`]: https://docs.rs/vibes-types/latest/vibes_types/schema/index.html"
)]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The derives name `::vibes_types`, which must resolve inside this crate too.
extern crate self as vibes_types;

pub mod api;
mod callback;
mod callback_type;
pub mod delivery;
mod error;
pub mod events;
mod extra;
mod free_form;
mod headers;
mod id;
mod inspect;
mod json_schema;
mod json_text;
mod nullable;
mod reader;
pub mod registration;
#[cfg(feature = "schema")]
pub mod schema;
mod timestamp;

pub use api::{ApiErrors, TestEventRequest, TestEventResponse};
pub use callback::{Callback, UnknownCallback};
pub use callback_type::CallbackType;
pub use error::{ParseError, ParseErrorKind};
pub use extra::Extra;
pub use free_form::FreeForm;
pub use headers::{
    CallbackHeaders, DeliveryAttempts, HeaderError, HeaderProblem, HeaderProblemKind,
};
pub use id::{Count, LooseId};
pub use inspect::{Inspect, Unrecognized};
pub use json_text::JsonText;
pub use reader::envelope::Envelope;

pub use nullable::Nullable;
pub use reader::path::{JsonPath, Segment};
pub use registration::{CallbackEntity, CallbackRegistration, Destination};
pub use timestamp::{Timestamp, TimestampError};

#[doc(hidden)]
pub mod __private {
    //! What the derives' generated code names: not part of the API, and may change in any
    //! version.
    pub use crate::inspect::Findings;
    pub use crate::reader::dispatch::{Dispatch, DispatchBody, Tagged};
    pub use crate::reader::envelope::check_type_names;
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
        pub use crate::reader::object::*;
    }
}

/// The repository README's Rust example, run as a doctest so that it keeps compiling (the file is
/// not part of the package, so this exists only when doctests are built).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct RepositoryReadme;

/// This crate's README, its page when published: its examples run as doctests. The complete
/// receiver needs the `axum` feature, so the README is checked with it: by `cargo test
/// --workspace` and with `--all-features`.
#[cfg(all(doctest, feature = "axum"))]
#[doc = include_str!("../README.md")]
struct Readme;
