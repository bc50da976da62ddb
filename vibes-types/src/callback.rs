//! The callback union, and reading a body: in one pass (see `reader::callback`), and again with
//! the path tracked when it fails, so that the error says where.

use crate::error::Document;
use crate::events::{
    AckParticipantAdded, AckParticipantChanged, CompanyParticipantAdded, CompanyParticipantChanged,
    DeviceAdded, DeviceRemoved, DeviceUpdated, EventProcessed, PersonAdded, PersonUpdated,
    SubscriptionAdded, SubscriptionListAdded, SubscriptionListUpdated, SubscriptionRemoved,
    UnmatchedMessageReceived, WalletItemInstall, WalletItemRemove,
};
use crate::inspect::Findings;
use crate::reader::callback::{OnePass, one_pass, one_pass_fast};
use crate::reader::dispatch::{Dispatch as _, Tagged};
use crate::reader::document::read_tracked;
use crate::reader::envelope::Envelope;
use crate::{CallbackType, Inspect, JsonPath, JsonText, ParseError, Timestamp, Unrecognized};
use serde::de::{DeserializeSeed, Deserializer, Error as _};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use vibes_derive::Dispatch;

/// Any Vibes callback body, typed by its callback type.
///
/// Read one with [`Callback::from_slice`] (lenient: what Vibes adds later is kept, not refused)
/// or [`Callback::from_slice_strict`] (the documented contract exactly). Writing it back with
/// serde gives the JSON value that was read.
///
/// ```
/// use vibes_types::Callback;
///
/// let body = r#"{"event_id": "5725c57e", "event_type": "wallet_item_install",
///   "event_date": "2018-05-07T15:27:33.664Z", "wallet_campaign": {"token": "r3zhm8"}}"#;
/// let callback: Callback = serde_json::from_str(body).unwrap();
/// match &callback {
///     Callback::WalletItemInstall(installed) => {
///         let campaign = installed.wallet_campaign.as_ref().unwrap();
///         assert_eq!(campaign.token.as_deref(), Some("r3zhm8"));
///     }
///     _ => unreachable!("the body names `wallet_item_install`"),
/// }
/// assert_eq!(callback, body.parse()?);
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Dispatch)]
#[vibes(tag = CallbackType, body = dyn Envelope)]
#[non_exhaustive]
pub enum Callback {
    /// `person_added` (or `person_add`): a person was added to the mobile database.
    PersonAdded(Box<PersonAdded>),
    /// `person_updated`: a person was modified.
    PersonUpdated(Box<PersonUpdated>),
    /// `subscription_added`: a person joined a subscription list.
    SubscriptionAdded(Box<SubscriptionAdded>),
    /// `subscription_removed`: a person left a subscription list.
    SubscriptionRemoved(Box<SubscriptionRemoved>),
    /// `subscription_list_added`: a subscription list was created.
    SubscriptionListAdded(Box<SubscriptionListAdded>),
    /// `subscription_list_updated`: a subscription list was modified.
    SubscriptionListUpdated(Box<SubscriptionListUpdated>),
    /// `ack_participant_added`: a participant joined an acquisition campaign.
    AckParticipantAdded(Box<AckParticipantAdded>),
    /// `ack_participant_changed`: a participant confirmed or declined.
    AckParticipantChanged(Box<AckParticipantChanged>),
    /// `company_participant_added`: company-wide variant of `ack_participant_added`.
    CompanyParticipantAdded(Box<CompanyParticipantAdded>),
    /// `company_participant_changed`: company-wide variant of `ack_participant_changed`.
    CompanyParticipantChanged(Box<CompanyParticipantChanged>),
    /// `unmatched_message_received`: an inbound SMS matched no keyword.
    UnmatchedMessageReceived(Box<UnmatchedMessageReceived>),
    /// `wallet_item_install`: a wallet pass was installed.
    WalletItemInstall(Box<WalletItemInstall>),
    /// `wallet_item_remove`: a wallet pass was removed.
    WalletItemRemove(Box<WalletItemRemove>),
    /// `device_added`: an app was installed on a device, or a device moved to this person.
    DeviceAdded(Box<DeviceAdded>),
    /// `device_updated`: a push token was added or removed.
    DeviceUpdated(Box<DeviceUpdated>),
    /// `device_removed`: an app was uninstalled, or the device moved to another person.
    DeviceRemoved(Box<DeviceRemoved>),
    /// `event_processed`: an event sent to Vibes was routed or processed.
    EventProcessed(Box<EventProcessed>),
    /// A callback type this version does not know, with its whole body.
    #[vibes(other)]
    Unknown(Box<UnknownCallback>),
}

/// A callback whose type this version does not know: its type strings and its whole body, kept
/// so a receiver can acknowledge it (answer 2XX) and store it.
///
/// When the body carries the envelope (`event_id` as text, `event_date` as a timestamp), it is
/// available as one, like a known body's: [`Callback::envelope`].
///
/// ```
/// use vibes_types::Callback;
///
/// let body = br#"{"event_id": "7c1d", "callback_type": "person_merged",
///   "event_type": "person_merged", "event_date": "2026-03-01T09:00:00Z",
///   "merged_into": {"person_id": "ABC123"}}"#;
/// let Callback::Unknown(unknown) = Callback::from_slice(body)? else { unreachable!() };
/// assert_eq!(unknown.callback_type(), Some("person_merged"));
/// assert_eq!(unknown.event_type(), Some("person_merged"));
/// assert_eq!(unknown.body()["merged_into"]["person_id"], "ABC123");
/// let written = serde_json::to_vec(&unknown).unwrap();
/// assert_eq!(Callback::from_slice(&written)?, Callback::from_slice(body)?);
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
#[derive(Clone, Debug)]
pub struct UnknownCallback {
    body: BTreeMap<String, JsonText>,
    /// Keys that came more than once (the last value was kept).
    repeated: Vec<String>,
    callback_type: CallbackType,
    /// The texts of the fields that make the envelope, read once.
    texts: EnvelopeTexts,
    event_date: Option<Timestamp>,
}

/// The string fields of an unknown body's envelope, as received.
#[derive(Clone, Debug, Default, PartialEq)]
struct EnvelopeTexts {
    event_id: Option<String>,
    callback_type: Option<String>,
    event_type: Option<String>,
}

impl Callback {
    /// Reads a callback body leniently: unknown fields, enumeration values and callback types are
    /// kept (see [`Inspect::unrecognized`] for what was let through).
    ///
    /// The type comes from `callback_type`, else `event_type`; a body with neither is an error.
    /// A known type whose body is wrong is an error naming the type and the JSON path, never an
    /// unknown callback.
    ///
    /// ```
    /// use vibes_types::{Callback, ParseErrorKind};
    ///
    /// let body = br#"{"event_id": "AB234SDFD234", "callback_type": "subscription_list_added",
    ///   "event_date": "2017-03-15T15:42:23Z", "subscription_list": {"id": "ABC12345"}}"#;
    /// assert!(matches!(Callback::from_slice(body)?, Callback::SubscriptionListAdded(_)));
    ///
    /// let no_type = br#"{"event_id": "AB234SDFD234", "event_date": "2017-03-15T15:42:23Z"}"#;
    /// let error = Callback::from_slice(no_type).unwrap_err();
    /// assert_eq!(error.kind(), ParseErrorKind::NoCallbackType);
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Callback, ParseError> {
        // Checking the UTF-8 of the whole body at once is cheaper than checking each string as
        // it is read; a body that is not UTF-8 fails below with its position.
        // The fast reader accepts only what serde_json accepts, and refuses the rest for the
        // reading below to say why (see `reader::de`).
        let read = match std::str::from_utf8(bytes) {
            Ok(text) if !crate::reader::differential::serde_json_only() => one_pass_fast(text),
            Ok(text) => one_pass(serde_json::Deserializer::from_str(text)),
            Err(_) => one_pass(serde_json::Deserializer::from_slice(bytes)),
        };
        match read {
            Ok(callback) => Ok(callback),
            // Tracking the path costs time on every key, so it is paid only for a body that
            // failed: read again, the type first and then the body, each step with its path.
            // The two readers follow the same rules (the tests hold them to it on every
            // fixture and mutation), so this is the same verdict, with the path.
            Err(_) => Callback::from_slice_tracked(bytes),
        }
    }

    /// Reads a body in two tracked passes, the type fields and then the body, so that an error
    /// carries its JSON path, line and column.
    pub(crate) fn from_slice_tracked(bytes: &[u8]) -> Result<Callback, ParseError> {
        if let Some(error) = ParseError::not_an_object(Document::Callback, bytes) {
            return Err(error);
        }
        let probe: TypeProbe = match read_tracked(bytes, Document::Callback, PhantomData) {
            Ok(probe) => probe,
            // The probe skips what it does not read, so a fault inside a value would be said
            // at that value's key only; the one-pass reader reads into the typed body once the
            // type is known and says where inside it.
            Err(_) => return read_tracked(bytes, Document::Callback, OnePass),
        };
        let name = probe
            .dispatch()
            .ok_or_else(|| ParseError::no_callback_type().at_document_start(bytes))?;
        let tag = CallbackType::from(name.as_ref());
        if !tag.is_known() {
            // Its fields are kept as text, so the one-pass reader keeps every path.
            return read_tracked(bytes, Document::Callback, OnePass);
        }
        read_tracked(bytes, Document::Callback, KnownCallback(&tag))
            .map_err(|error| error.in_callback_type(Some(tag)))
    }

    /// Reads a callback body against the documented contract exactly: an unknown callback type or
    /// a value outside a documented enumeration is an error with its JSON path. Unknown fields
    /// are still allowed, as the documentation says.
    ///
    /// ```
    /// use vibes_types::{Callback, ParseErrorKind};
    ///
    /// let body = br#"{"event_id": "e1", "callback_type": "device_added",
    ///   "event_date": "2017-03-15T15:42:23Z", "push_device": {"device_os": "HARMONYOS"},
    ///   "person": {"person_id": "ABC123", "segment": "vip"}}"#;
    /// assert!(Callback::from_slice(body).is_ok());
    /// let error = Callback::from_slice_strict(body).unwrap_err();
    /// assert_eq!(error.kind(), ParseErrorKind::OutsideContract);
    /// assert_eq!(error.path().to_string(), "push_device.device_os");
    /// assert_eq!(error.problems().len(), 1); // `person.segment` is an unknown field: allowed
    /// ```
    pub fn from_slice_strict(bytes: &[u8]) -> Result<Callback, ParseError> {
        let (callback, inside_kept_text) =
            crate::reader::kept::reading_strictly(|| Callback::from_slice(bytes));
        let callback = callback?;
        let broken = crate::inspect::contract_problems(&callback, inside_kept_text);
        if broken.is_empty() {
            Ok(callback)
        } else {
            let callback_type = callback.callback_type();
            let known = callback_type.is_known().then(|| callback_type.clone());
            Err(ParseError::outside_contract(Document::Callback, known, broken).located(bytes))
        }
    }

    /// The callback type the body was dispatched on: `callback_type`, else `event_type`.
    ///
    /// ```
    /// use vibes_types::{Callback, CallbackType};
    ///
    /// // An older body: the type only in `event_type`.
    /// let callback = Callback::from_slice(br#"{"event_id": "e1", "event_type": "person_add",
    ///   "event_date": "2017-02-18T15:34:52+0000", "person": {}}"#)?;
    /// assert_eq!(callback.callback_type(), &CallbackType::PersonAdded);
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn callback_type(&self) -> &CallbackType {
        self.tag()
    }

    /// The envelope (`event_id`, the type fields, `event_date`): always for a known type, and for
    /// an unknown one whose body carries `event_id` as text and `event_date` as a timestamp.
    ///
    /// ```
    /// use vibes_types::Callback;
    ///
    /// let callback = Callback::from_slice(br#"{"event_id": "AB234SDFD234",
    ///   "callback_type": "ack_participant_added", "event_type": "ack_participant_changed",
    ///   "event_date": "2017-03-15T15:42:23Z", "participant": {}}"#)?;
    /// let envelope = callback.envelope().unwrap();
    /// assert_eq!(envelope.callback_type(), Some("ack_participant_added"));
    /// assert_eq!(envelope.event_type(), Some("ack_participant_changed"));
    /// assert_eq!(envelope.event_date().to_utc().to_rfc3339(), "2017-03-15T15:42:23+00:00");
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn envelope(&self) -> Option<&dyn Envelope> {
        match self {
            Callback::Unknown(unknown) => unknown
                .has_envelope()
                .then_some(&**unknown as &dyn Envelope),
            known => known.known_body(),
        }
    }

    /// The `event_id` to de-duplicate on, for unknown types too when their body has one as text.
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use vibes_types::Callback;
    ///
    /// let body = br#"{"event_id": "AB234SDFD234", "callback_type": "person_updated",
    ///   "event_date": "2022-08-15T20:02:36Z", "person": {"person_id": "12344566"}}"#;
    /// let mut seen = HashSet::new();
    /// for delivery in [body, body] {
    ///     let callback = Callback::from_slice(delivery)?;
    ///     let first_time = callback.event_id().is_none_or(|id| seen.insert(id.to_owned()));
    ///     println!("process it: {first_time}");
    /// }
    /// assert_eq!(seen.len(), 1);
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn event_id(&self) -> Option<&str> {
        match self {
            Callback::Unknown(unknown) => UnknownCallback::event_id(unknown),
            known => known.known_body().map(Envelope::event_id),
        }
    }

    /// The company the body names, when it names one: only an `unmatched_message_received`
    /// body does, as `source_code.company_key` (the company that owns the code the message was
    /// sent to). A delivery's `X-Company-Id` header names the company of every delivery.
    ///
    /// ```
    /// use vibes_types::Callback;
    ///
    /// let body = br#"{"event_id": "8e1a4d6b", "callback_type": "unmatched_message_received",
    ///   "event_date": "2019-06-04T22:29:51+00:00", "source_code": {"company_key": "bi3bwNRk"}}"#;
    /// assert_eq!(Callback::from_slice(body)?.company_id(), Some("bi3bwNRk"));
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn company_id(&self) -> Option<&str> {
        match self {
            Callback::UnmatchedMessageReceived(received) => {
                received.source_code.as_ref()?.company_key.as_deref()
            }
            _ => None,
        }
    }
}

impl Callback {
    /// The field the body's type was read from (`callback_type`, else `event_type`) and its text
    /// as received; for a value built without either field, `callback_type` and the type's
    /// documented name.
    #[cfg(feature = "http")]
    pub(crate) fn type_field(&self) -> (&'static str, &str) {
        if let Callback::Unknown(unknown) = self {
            return unknown.dispatch();
        }
        let (callback_type, event_type) = match self.envelope() {
            Some(envelope) => (envelope.callback_type(), envelope.event_type()),
            None => (None, None),
        };
        match (callback_type, event_type) {
            (Some(name), _) => (TypeProbe::CALLBACK_TYPE, name),
            (None, Some(name)) => (TypeProbe::EVENT_TYPE, name),
            (None, None) => (TypeProbe::CALLBACK_TYPE, self.callback_type().as_str()),
        }
    }
}

impl UnknownCallback {
    /// A body whose type, named by `callback_type`, this version does not know.
    pub(crate) fn new(
        body: BTreeMap<String, JsonText>,
        repeated: Vec<String>,
        callback_type: CallbackType,
    ) -> Self {
        let text = |key: &str| {
            body.get(key)
                .and_then(|value| value.deserialize::<String>().ok())
        };
        let texts = EnvelopeTexts {
            event_id: text(EVENT_ID_FIELD),
            callback_type: text(TypeProbe::CALLBACK_TYPE),
            event_type: text(TypeProbe::EVENT_TYPE),
        };
        let event_date = text("event_date").and_then(|text| Timestamp::parse(&text).ok());
        UnknownCallback {
            body,
            repeated,
            callback_type,
            texts,
            event_date,
        }
    }

    fn has_envelope(&self) -> bool {
        self.event_date.is_some() && self.texts.event_id.is_some()
    }

    /// The `event_id` field as received, when it is text.
    pub fn event_id(&self) -> Option<&str> {
        self.texts.event_id.as_deref()
    }

    /// The `callback_type` field as received.
    pub fn callback_type(&self) -> Option<&str> {
        self.texts.callback_type.as_deref()
    }

    /// The `event_type` field as received.
    pub fn event_type(&self) -> Option<&str> {
        self.texts.event_type.as_deref()
    }

    /// The whole body as a JSON object (numbers beyond 64 bits become floats there; the texts,
    /// and what is written back, keep them).
    pub fn body(&self) -> Map<String, Value> {
        self.body
            .iter()
            .map(|(key, value)| (key.clone(), value.to_value()))
            .collect()
    }

    /// Every field of the body, each as the exact text received.
    pub fn fields(&self) -> &BTreeMap<String, JsonText> {
        &self.body
    }

    /// The field the type was read from, and its value.
    fn dispatch(&self) -> (&'static str, &str) {
        match (self.callback_type(), self.event_type()) {
            (Some(name), _) => (TypeProbe::CALLBACK_TYPE, name),
            (None, Some(name)) => (TypeProbe::EVENT_TYPE, name),
            (None, None) => unreachable!("an unknown callback was dispatched on one of its types"),
        }
    }
}

/// Equal when they write the same body: which keys came twice is how one was read.
impl PartialEq for UnknownCallback {
    fn eq(&self, other: &Self) -> bool {
        self.body == other.body && self.callback_type == other.callback_type
    }
}

impl Tagged for UnknownCallback {
    type Tag = CallbackType;

    fn tag(&self) -> &CallbackType {
        &self.callback_type
    }
}

/// The whole body, as received.
impl Serialize for UnknownCallback {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(serializer)
    }
}

/// The envelope of a body that carries one (see [`Callback::envelope`]).
impl Envelope for UnknownCallback {
    fn event_id(&self) -> &str {
        UnknownCallback::event_id(self).unwrap_or_default()
    }

    fn callback_type(&self) -> Option<&str> {
        UnknownCallback::callback_type(self)
    }

    fn event_type(&self) -> Option<&str> {
        UnknownCallback::event_type(self)
    }

    fn event_date(&self) -> &Timestamp {
        static NEVER: std::sync::LazyLock<Timestamp> = std::sync::LazyLock::new(|| {
            Timestamp::parse("1970-01-01T00:00Z").unwrap_or_else(|_| unreachable!())
        });
        self.event_date.as_ref().unwrap_or(&NEVER)
    }
}

impl Inspect for UnknownCallback {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        let (field, name) = self.dispatch();
        found.push(Unrecognized::value(
            &path.join_key(field),
            name,
            CallbackType::KNOWN,
        ));
        for key in &self.repeated {
            found.push(Unrecognized::RepeatedKey {
                path: path.join_key(key),
            });
        }
        for (key, value) in &self.body {
            value.inspect_member(path, key, found);
        }
    }
}

/// The field that holds a body's event id.
pub(crate) const EVENT_ID_FIELD: &str = "event_id";

/// The fields a body may name its type in, in the order dispatch reads them.
pub(crate) const TYPE_FIELDS: [&str; 2] = ["callback_type", "event_type"];

/// The two fields a body may name its type in, read before the body itself.
#[derive(Deserialize)]
struct TypeProbe<'a> {
    #[serde(borrow, default)]
    callback_type: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    event_type: Option<Cow<'a, str>>,
}

impl<'a> TypeProbe<'a> {
    const CALLBACK_TYPE: &'static str = TYPE_FIELDS[0];
    const EVENT_TYPE: &'static str = TYPE_FIELDS[1];

    /// `callback_type` when present, else `event_type`.
    fn dispatch(self) -> Option<Cow<'a, str>> {
        self.callback_type.or(self.event_type)
    }
}

/// Reads the body of a known callback type straight into that type's struct.
struct KnownCallback<'t>(&'t CallbackType);

impl<'de> DeserializeSeed<'de> for KnownCallback<'_> {
    type Value = Callback;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Callback, D::Error> {
        Callback::deserialize_known(self.0, deserializer).unwrap_or_else(|| {
            Err(D::Error::custom(format!(
                "`{}` is not a known callback type",
                self.0
            )))
        })
    }
}
