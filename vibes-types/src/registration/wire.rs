//! Reading and writing a registration body: the nested filter form is written; the flat form,
//! the older `event_type` and a filter under another type's key are read.

use super::filter::{
    AppFilter, CampaignFilter, EventProcessedFilter, FilterRef, ListFilter, SourceCodeFilter,
    WalletCampaignFilter,
};
use super::read::{Candidates, Read};
use super::{CallbackFilter, CallbackRegistration, Destination};
use crate::JsonText;
use crate::error::Document;
use crate::inspect::Findings;
use crate::reader::document::{read_document, within_contract};
use crate::reader::object::{Object, ReadFields};
use crate::{
    CallbackType, Extra, Inspect, JsonPath, ParseError, ParseErrorKind, Timestamp, Unrecognized,
};
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use vibes_derive::object;

/// The wire name of the type field, for reporting an unknown type where it was read.
const CALLBACK_TYPE: &str = crate::callback::TYPE_FIELDS[0];

/// Something reading a registration accepted although the documentation does not write it so.
///
/// ```
/// use vibes_types::CallbackRegistration;
/// use vibes_types::registration::ReadWarning;
///
/// let registration = CallbackRegistration::from_slice(br#"{"callback_type": "person_added",
///   "event_type": "person_updated", "destination": {"url": "https://example.com/hook"}}"#)?;
/// let [warning] = registration.warnings() else { unreachable!() };
/// assert!(matches!(warning, ReadWarning::TypeMismatch { .. }));
/// assert!(warning.to_string().ends_with("(read as `person_added`)"));
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadWarning {
    /// The filter object sat under another callback type's key, as some published examples
    /// have it (a `wallet_item_remove` registration with a `wallet_item_install` object); the
    /// service accepts it, and writing puts it under the registration's own type.
    MisplacedFilter {
        /// The registration's callback type.
        callback_type: CallbackType,
        /// The key the filter was found under.
        found_under: String,
    },
    /// `callback_type` and `event_type` name different types: the registration was read as the
    /// `callback_type` one and `event_type` is kept in `extra`.
    TypeMismatch {
        /// The `callback_type` value.
        callback_type: String,
        /// The `event_type` value.
        event_type: String,
    },
    /// A field of the filter stood at the top level, as the older flat form has it, beside the
    /// filter object that was read (`list_id` beside `subscription_added: {list_id}`, or beside
    /// a `subscription_added` object without it). The object is the filter; the top-level field
    /// is kept in `extra` and written back, and whether the service would take it instead is not
    /// documented, so strict reading refuses it.
    FlatFieldBesideFilter {
        /// The top-level field.
        field: String,
        /// The key of the filter object that was read.
        filter_under: String,
    },
}

/// A fault of a registration body at `path`, found by this reader rather than by serde.
fn fault(path: JsonPath, kind: ParseErrorKind, message: impl Into<String>) -> ParseError {
    ParseError::custom(Document::Registration, kind, message).at(path)
}

/// A serde error of the value at `prefix`, its own path appended.
fn serde_fault(
    prefix: &JsonPath,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> ParseError {
    let mut path = prefix.clone();
    for segment in JsonPath::from_serde(error.path()).segments() {
        match segment {
            crate::Segment::Key(key) => path.push_owned_key(key.to_string()),
            crate::Segment::Index(index) => path.push_index(*index),
        }
    }
    // The value was read again on its own: its line and column would count from it.
    ParseError::from_json(Document::Registration, error.into_inner(), path).without_position()
}

impl fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadWarning::MisplacedFilter {
                callback_type,
                found_under,
            } => write!(
                f,
                "the `{callback_type}` filter was read from `{found_under}`; it belongs under `{callback_type}`"
            ),
            ReadWarning::TypeMismatch {
                callback_type,
                event_type,
            } => write!(
                f,
                "`callback_type` is `{callback_type}` but `event_type` is `{event_type}` (read as `{callback_type}`)"
            ),
            ReadWarning::FlatFieldBesideFilter {
                field,
                filter_under,
            } => write!(
                f,
                "`{field}` is a filter field at the top level, beside the filter object read from `{filter_under}`: the object is the filter, the top-level value is kept"
            ),
        }
    }
}

/// The fields every registration body has; everything else, filters included, is in `rest`.
///
/// Read in one pass like any `#[object]`: the rest are kept as their text, so nothing in them is
/// built, copied or recursed into until a filter is looked for.
#[object(custom_new)]
// Lets the `#[serde]` field attributes be; a registration's schema is written by hand.
#[derive(vibes_derive::NoJsonSchema)]
pub(super) struct WireIn {
    pub(super) callback_type: Option<String>,
    pub(super) event_type: Option<String>,
    pub(super) destination: Destination,
    pub(super) start_date: Option<Timestamp>,
    pub(super) end_date: Option<Timestamp>,
    #[serde(flatten)]
    pub(super) extra: Extra,
}

/// The written form: `callback_type`, the filter nested under the type's name, the rest.
#[derive(Serialize)]
struct WireOut<'a> {
    callback_type: CallbackType,
    #[serde(flatten)]
    filter: Option<Nested<'a>>,
    destination: &'a Destination,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<&'a Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<&'a Timestamp>,
    #[serde(flatten)]
    extra: &'a Extra,
}

/// A filter object under its type's name: a one-entry map.
struct Nested<'a> {
    key: CallbackType,
    filter: FilterRef<'a>,
}

impl Serialize for Nested<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self.filter {
            FilterRef::List(filter) => map.serialize_entry(self.key.as_str(), filter)?,
            FilterRef::Campaign(filter) => map.serialize_entry(self.key.as_str(), filter)?,
            FilterRef::SourceCode(filter) => map.serialize_entry(self.key.as_str(), filter)?,
            FilterRef::WalletCampaign(filter) => map.serialize_entry(self.key.as_str(), filter)?,
            FilterRef::App(filter) => map.serialize_entry(self.key.as_str(), filter)?,
            FilterRef::EventProcessed(filter) => map.serialize_entry(self.key.as_str(), filter)?,
        }
        map.end()
    }
}

impl FilterRef<'_> {
    fn inspect(self, path: &mut JsonPath, found: &mut Findings) {
        match self {
            FilterRef::List(filter) => filter.inspect(path, found),
            FilterRef::Campaign(filter) => filter.inspect(path, found),
            FilterRef::SourceCode(filter) => filter.inspect(path, found),
            FilterRef::WalletCampaign(filter) => filter.inspect(path, found),
            FilterRef::App(filter) => filter.inspect(path, found),
            FilterRef::EventProcessed(filter) => filter.inspect(path, found),
        }
    }
}

impl Serialize for CallbackRegistration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let key = self.callback_type().clone();
        WireOut {
            filter: self.callback.filter().map(|filter| Nested {
                key: key.clone(),
                filter,
            }),
            callback_type: key,
            destination: &self.destination,
            start_date: self.start_date.as_ref(),
            end_date: self.end_date.as_ref(),
            extra: &self.extra,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CallbackRegistration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = Read::deserialize(deserializer)?;
        CallbackRegistration::from_read(read).map_err(D::Error::custom)
    }
}

impl Inspect for CallbackRegistration {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        let callback_type = self.callback_type();
        if !callback_type.is_known() {
            found.push(Unrecognized::value(
                &path.join_key(CALLBACK_TYPE),
                callback_type.as_str(),
                CallbackType::KNOWN,
            ));
        }
        self.contents().inspect(path, found);
    }
}

impl CallbackRegistration {
    /// What the registration holds besides its type.
    fn contents(&self) -> Contents<'_> {
        Contents {
            callback: &self.callback,
            warnings: &self.warnings,
            destination: &self.destination,
            extra: &self.extra,
            taken: &[],
        }
    }
}

/// What a registration holds besides its type, lent: by a registration, or by an entity, whose
/// fields are read as a registration's without a copy of them.
pub(super) struct Contents<'a> {
    /// The type with its filter.
    pub(super) callback: &'a CallbackFilter,
    /// What reading accepted although the documentation does not write it so.
    pub(super) warnings: &'a [ReadWarning],
    /// Where Vibes delivers the callbacks.
    pub(super) destination: &'a Destination,
    /// The unknown fields, and those the filter was read from when they are in `taken`.
    pub(super) extra: &'a Extra,
    /// The keys of `extra` the filter was read from: the filter reports what they hold.
    pub(super) taken: &'a [String],
}

impl Contents<'_> {
    /// Inspects everything but the type: the filter (at the key it was read from, when that was
    /// another type's), the destination and the unknown fields. An entity, which keeps its type
    /// fields as they came, reports those itself.
    pub(super) fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        inspect_filter(self.callback, self.warnings, path, found);
        inspect_beside_filter(self.destination, self.extra, self.taken, path, found);
    }
}

/// Inspects the destination and the unknown fields but those the filter was read from (in
/// `taken`): what a registration reports beside its filter.
pub(super) fn inspect_beside_filter(
    destination: &Destination,
    extra: &Extra,
    taken: &[String],
    path: &mut JsonPath,
    found: &mut Findings,
) {
    path.push_key("destination");
    destination.inspect(path, found);
    path.pop();
    extra.inspect_but(taken, path, found);
}

/// Inspects a registration's filter (at the key it was read from, when that was another
/// type's) and the flat fields that stood beside it.
pub(super) fn inspect_filter(
    callback: &CallbackFilter,
    warnings: &[ReadWarning],
    path: &mut JsonPath,
    found: &mut Findings,
) {
    if let Some(filter) = callback.filter() {
        let read_under = warnings.iter().find_map(|warning| match warning {
            ReadWarning::MisplacedFilter { found_under, .. } => Some(found_under.clone()),
            ReadWarning::TypeMismatch { .. } | ReadWarning::FlatFieldBesideFilter { .. } => None,
        });
        path.push_owned_key(read_under.unwrap_or_else(|| callback.callback_type().to_string()));
        filter.inspect(path, found);
        path.pop();
    }
    for warning in warnings {
        if let ReadWarning::FlatFieldBesideFilter {
            field,
            filter_under,
        } = warning
        {
            found.push(Unrecognized::FlatFieldBesideFilter {
                path: path.join_key(field),
                filter_under: filter_under.clone(),
            });
        }
    }
}

impl CallbackRegistration {
    /// Reads a registration body, with the JSON path of any fault.
    ///
    /// The older flat form, with `event_type` and the filter fields at the top level, reads too:
    ///
    /// ```
    /// use vibes_types::{CallbackRegistration, CallbackType, ParseErrorKind};
    ///
    /// let registration = CallbackRegistration::from_slice(br#"{"event_type": "subscription_added",
    ///   "list_id": "1234", "destination": {"url": "https://example.com/hook", "method": "put"}
    /// }"#)?;
    /// assert_eq!(registration.callback_type(), &CallbackType::SubscriptionAdded);
    /// let written = serde_json::to_value(&registration).unwrap();
    /// assert_eq!(written["subscription_added"]["list_id"], "1234");
    /// assert_eq!(written["destination"]["method"], "PUT");
    ///
    /// let no_filter = br#"{"callback_type": "device_added", "destination": {"url": "https://e.com"}
    /// }"#;
    /// let error = CallbackRegistration::from_slice(no_filter).unwrap_err();
    /// assert_eq!(error.kind(), ParseErrorKind::MissingField);
    /// assert_eq!(error.path().to_string(), "device_added");
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn from_slice(bytes: &[u8]) -> Result<Self, ParseError> {
        let read: Read<'_> = read_document(bytes, Document::Registration)?;
        // The type and filter are read from the fields lent, after the document: their faults
        // are located in `bytes` by their paths.
        CallbackRegistration::from_read(read).map_err(|error| error.located(bytes))
    }

    /// Reads a registration body against the documented contract exactly: an unknown callback
    /// type or a value outside a documented enumeration is an error listing each with its path.
    ///
    /// ```
    /// use vibes_types::CallbackRegistration;
    ///
    /// let body = br#"{"callback_type": "event_processed",
    ///   "event_processed": {"callbacks_to_send": "only_successes"},
    ///   "destination": {"url": "https://example.com/hook"}}"#;
    /// assert!(CallbackRegistration::from_slice(body).is_ok());
    /// let error = CallbackRegistration::from_slice_strict(body).unwrap_err();
    /// assert_eq!(error.path().to_string(), "event_processed.callbacks_to_send");
    /// ```
    pub fn from_slice_strict(bytes: &[u8]) -> Result<Self, ParseError> {
        within_contract(|| Self::from_slice(bytes), Document::Registration, bytes)
    }

    /// The registration whose fields are `wire`, its filter among the unknown ones (an
    /// entity's).
    pub(super) fn from_wire(mut wire: WireIn) -> Result<Self, ParseError> {
        let repeated = wire.extra.repeated_keys().to_vec();
        let fields = std::mem::take(&mut wire.extra).into_fields();
        wire.extra = Extra::default().with_repeated(repeated);
        CallbackRegistration::from_parts(wire, fields, Vec::new())
    }

    /// The registration one pass read: its filter is read from the fields lent.
    fn from_read(read: Read<'_>) -> Result<Self, ParseError> {
        CallbackRegistration::from_parts(read.own, read.candidates, read.repeated)
    }

    /// The registration whose own fields are `wire` and whose filter is among `candidates`
    /// (with the keys `repeated` there): the candidates it is not read from become unknown
    /// fields.
    fn from_parts(
        wire: WireIn,
        candidates: impl Candidates,
        repeated: Vec<String>,
    ) -> Result<Self, ParseError> {
        let WireIn {
            callback_type,
            event_type,
            destination,
            start_date,
            end_date,
            extra,
        } = wire;
        let mut repeated_keys = extra.repeated_keys().to_vec();
        repeated_keys.extend(repeated.into_iter().map(Cow::Owned));
        let mut rest = extra.into_fields();
        let mut warnings = Vec::new();
        let (tag, disagreeing) = type_of(callback_type, event_type, &mut warnings)?;
        let read = read_filter(&tag, &candidates, &mut warnings)?;
        candidates.keep_untaken(&read.taken, &mut rest);
        Ok(CallbackRegistration {
            callback: read.callback,
            destination,
            start_date,
            end_date,
            extra: unknown_fields(rest, repeated_keys, disagreeing),
            warnings,
        })
    }
}

/// The unknown fields of a registration: those its filter was not read from, with the keys
/// that came twice, and a disagreeing `event_type`.
///
/// The `event_type` is kept so that nothing read is lost, and written back as it came; only
/// once the filter is read, as `event_processed`'s flat filter has an `event_type` field of its
/// own.
fn unknown_fields(
    mut rest: Rest,
    repeated: Vec<Cow<'static, str>>,
    disagreeing: Option<String>,
) -> Extra {
    if let Some(event_type) = disagreeing {
        rest.insert(
            crate::callback::TYPE_FIELDS[1].to_owned(),
            JsonText::from(Value::String(event_type)),
        );
    }
    Extra::from_fields(rest).with_repeated(repeated)
}

/// The type a registration's type fields name, and the `event_type` when it names another
/// (warned of in `warnings`).
pub(super) fn type_of(
    callback_type: Option<String>,
    event_type: Option<String>,
    warnings: &mut Vec<ReadWarning>,
) -> Result<(CallbackType, Option<String>), ParseError> {
    let mut disagreeing = None;
    let name = match (callback_type, event_type) {
        (Some(callback_type), Some(event_type)) if callback_type != event_type => {
            warnings.push(ReadWarning::TypeMismatch {
                callback_type: callback_type.clone(),
                event_type: event_type.clone(),
            });
            disagreeing = Some(event_type);
            callback_type
        }
        (Some(name), _) | (None, Some(name)) => name,
        (None, None) => {
            return Err(fault(
                JsonPath::root(),
                ParseErrorKind::MissingField,
                "missing field `callback_type` (or the older `event_type`)",
            ));
        }
    };
    Ok((CallbackType::from(name), disagreeing))
}

/// The filter of a registration of type `tag`, found among its remaining fields `rest`, with
/// the keys of `rest` it was read from.
///
/// `rest` is only borrowed: an entity's registration is inspected without a copy of its fields.
pub(super) fn read_filter(
    tag: &CallbackType,
    rest: &impl Candidates,
    warnings: &mut Vec<ReadWarning>,
) -> Result<ReadFilter, ParseError> {
    let mut reader = FilterReader {
        rest,
        tag,
        warnings,
        taken: Vec::new(),
    };
    let callback = match tag {
        CallbackType::PersonAdded => CallbackFilter::PersonAdded,
        CallbackType::PersonUpdated => CallbackFilter::PersonUpdated,
        CallbackType::SubscriptionAdded => CallbackFilter::SubscriptionAdded(reader.required()?),
        CallbackType::SubscriptionRemoved => {
            CallbackFilter::SubscriptionRemoved(reader.required()?)
        }
        CallbackType::SubscriptionListAdded => CallbackFilter::SubscriptionListAdded,
        CallbackType::SubscriptionListUpdated => CallbackFilter::SubscriptionListUpdated,
        CallbackType::AckParticipantAdded => {
            CallbackFilter::AckParticipantAdded(reader.required()?)
        }
        CallbackType::AckParticipantChanged => {
            CallbackFilter::AckParticipantChanged(reader.required()?)
        }
        CallbackType::CompanyParticipantAdded => CallbackFilter::CompanyParticipantAdded,
        CallbackType::CompanyParticipantChanged => CallbackFilter::CompanyParticipantChanged,
        CallbackType::UnmatchedMessageReceived => {
            CallbackFilter::UnmatchedMessageReceived(reader.required()?)
        }
        CallbackType::WalletItemInstall => CallbackFilter::WalletItemInstall(reader.required()?),
        CallbackType::WalletItemRemove => CallbackFilter::WalletItemRemove(reader.required()?),
        CallbackType::DeviceAdded => CallbackFilter::DeviceAdded(reader.required()?),
        CallbackType::DeviceUpdated => CallbackFilter::DeviceUpdated(reader.required()?),
        CallbackType::DeviceRemoved => CallbackFilter::DeviceRemoved(reader.required()?),
        CallbackType::EventProcessed => CallbackFilter::EventProcessed(reader.optional()?),
        CallbackType::Unknown(_) => CallbackFilter::Unknown(tag.clone()),
    };
    Ok(ReadFilter {
        callback,
        taken: reader.taken,
    })
}

/// A registration's filter, as [`read_filter`] found it.
pub(super) struct ReadFilter {
    /// The type with its filter.
    pub(super) callback: CallbackFilter,
    /// The keys of the remaining fields the filter was read from: they are not unknown fields.
    pub(super) taken: Vec<String>,
}

/// The fields of a registration besides its own, each as the text received.
pub(super) type Rest = BTreeMap<String, JsonText>;

/// The fields of the flat filter `F` among `rest`, with their texts, in the order of their keys
/// (so that of two faulty fields the same one is reported first).
///
/// Only the fields `F` documents: every other one would go to the filter's `extra`, and is an
/// unknown field of the registration instead.
fn flat_fields<F: Object>(rest: &impl Candidates) -> impl Iterator<Item = (&str, &str)> {
    rest.texts()
        .filter(|(key, _)| <F as Object>::FIELDS.contains(key))
}

/// The flat filter `F` read from its fields among `rest`, straight into its builder (no copy of
/// their texts is made); `None` when `rest` has none of them.
fn flat_filter<F: Object>(rest: &impl Candidates) -> Option<Result<F, serde_json::Error>> {
    let mut builder = F::Builder::default();
    let mut any = false;
    for (key, text) in flat_fields::<F>(rest) {
        any = true;
        let mut reader = serde_json::Deserializer::from_str(text);
        if let Err(error) = builder.read_field(Cow::Borrowed(key), &mut reader) {
            return Some(Err(error));
        }
    }
    any.then(|| F::finish(builder))
}

/// The fields of the flat filter `F` among `rest` as one JSON object's text, for serde's words
/// on what is wrong with them; `None` when `rest` has none of them.
fn flat_object<F: Object>(rest: &impl Candidates) -> Option<String> {
    let mut text = String::from("{");
    for (key, value) in flat_fields::<F>(rest) {
        if text.len() > 1 {
            text.push(',');
        }
        text.push_str(&Value::from(key).to_string());
        text.push(':');
        text.push_str(value);
    }
    text.push('}');
    (text.len() > 2).then_some(text)
}

/// A filter object: read from JSON, with its documented fields and its unmodelled ones.
trait Filter: DeserializeOwned + Object {
    fn extra_mut(&mut self) -> &mut Extra;
}

macro_rules! filters {
    ($($ty:ty),*) => {
        $(impl Filter for $ty {
            fn extra_mut(&mut self) -> &mut Extra {
                &mut self.extra
            }
        })*

        /// The wire names of the fields of each filter, for the flat form.
        pub(super) const FILTER_FIELDS: &[&[&str]] = &[$(<$ty as Object>::FIELDS),*];
    };
}

filters!(
    ListFilter,
    CampaignFilter,
    SourceCodeFilter,
    WalletCampaignFilter,
    AppFilter,
    EventProcessedFilter
);

/// Finds the filter of one registration among its remaining fields.
struct FilterReader<'a, R> {
    rest: &'a R,
    tag: &'a CallbackType,
    warnings: &'a mut Vec<ReadWarning>,
    /// The keys of `rest` the filter was read from.
    taken: Vec<String>,
}

impl<R: Candidates> FilterReader<'_, R> {
    /// The filter a type cannot do without: nested, else under another type's key, else flat.
    fn required<F: Filter>(&mut self) -> Result<F, ParseError> {
        match self.optional::<F>()? {
            Some(filter) => Ok(filter),
            None => {
                let own = JsonPath::root().join_key(self.tag.as_str());
                // Reading the flat form again gives serde's own words for what is wrong: a flat
                // field of the wrong type is reported where it is, a missing one under the key.
                let flat = flat_object::<F>(self.rest);
                let reason = match read::<F>(&JsonPath::root(), flat.as_deref().unwrap_or("{}")) {
                    Err(error) if !error.path().is_root() => return Err(error),
                    Err(error) => format!(" ({})", error.message()),
                    Ok(_) => String::new(),
                };
                Err(fault(
                    own,
                    ParseErrorKind::MissingField,
                    format!("missing the `{}` filter{reason}", self.tag),
                ))
            }
        }
    }

    /// The filter if there is one, in the order the forms are tried: nested under the type's
    /// name, under another known type's name (with a warning), flat among the top-level fields.
    fn optional<F: Filter>(&mut self) -> Result<Option<F>, ParseError> {
        if let Some(value) = self.rest.text(self.tag.as_str()) {
            let path = JsonPath::root().join_key(self.tag.as_str());
            let filter = read(&path, value)?;
            self.taken.push(self.tag.to_string());
            self.flat_fields_beside::<F>(self.tag.as_str());
            return Ok(Some(filter));
        }
        let misplaced = self.rest.texts().find_map(|(key, value)| {
            let other = CallbackType::from(key);
            let candidate = other.is_known() && &other != self.tag && value.starts_with('{');
            candidate
                .then(|| serde_json::from_str::<F>(value).ok())
                .flatten()
                .map(|filter| (key.to_owned(), filter))
        });
        if let Some((key, filter)) = misplaced {
            self.flat_fields_beside::<F>(&key);
            self.warnings.push(ReadWarning::MisplacedFilter {
                callback_type: self.tag.clone(),
                found_under: key.clone(),
            });
            self.taken.push(key);
            return Ok(Some(filter));
        }
        let Some(Ok(mut flat)) = flat_filter::<F>(self.rest) else {
            return Ok(None);
        };
        // The flat filter is written nested, as built: what reading noted of its fields (an
        // explicit `null`) is not carried into it.
        *flat.extra_mut() = Extra::default();
        self.taken.extend(
            <F as Object>::FIELDS
                .iter()
                .filter(|key| self.rest.contains(key))
                .map(|key| (*key).to_owned()),
        );
        Ok(Some(flat))
    }
}

impl<R: Candidates> FilterReader<'_, R> {
    /// Warns of each field of the filter `F`, read from the object under `filter_under`, that
    /// also stands among the top-level fields.
    fn flat_fields_beside<F: Filter>(&mut self, filter_under: &str) {
        for field in <F as Object>::FIELDS {
            if self.rest.contains(field) {
                self.warnings.push(ReadWarning::FlatFieldBesideFilter {
                    field: (*field).to_owned(),
                    filter_under: filter_under.to_owned(),
                });
            }
        }
    }
}

/// Reads the JSON text of a value sitting at `path`, naming the full path of any fault.
fn read<F: DeserializeOwned>(path: &JsonPath, json: &str) -> Result<F, ParseError> {
    let mut reader = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut reader).map_err(|error| serde_fault(path, error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_value(value: Value) -> Result<CallbackRegistration, ParseError> {
        CallbackRegistration::from_slice(value.to_string().as_bytes())
    }

    #[test]
    fn writes_the_nested_form_with_callback_type() {
        let registration =
            CallbackRegistration::subscription_added("list-1", "https://example.com/hook");
        assert_eq!(
            serde_json::to_value(&registration).unwrap(),
            json!({
                "callback_type": "subscription_added",
                "subscription_added": {"list_id": "list-1"},
                "destination": {"url": "https://example.com/hook", "method": "POST", "content_type": "application/json"}
            })
        );
    }

    #[test]
    fn reads_event_type_and_the_flat_form() {
        let flat = read_value(json!({
            "event_type": "unmatched_message_received",
            "source_code": "52623",
            "country_code": "1",
            "destination": {"url": "https://example.com/hook", "method": "post"}
        }))
        .unwrap();
        assert_eq!(
            flat,
            CallbackRegistration::unmatched_message_received(
                "52623",
                "1",
                "https://example.com/hook"
            )
        );
        assert!(flat.warnings().is_empty());
        let flat_event = read_value(json!({
            "callback_type": "event_processed",
            "callbacks_to_send": "only_failures",
            "destination": {"url": "https://example.com/hook"}
        }))
        .unwrap();
        assert!(matches!(
            flat_event.callback,
            CallbackFilter::EventProcessed(Some(EventProcessedFilter {
                callbacks_to_send: Some(super::super::CallbacksToSend::OnlyFailures),
                ..
            }))
        ));
    }

    #[test]
    fn a_flat_filter_is_read_from_its_own_fields_only() {
        let registration = read_value(json!({
            "callback_type": "unmatched_message_received",
            "source_code": "52623",
            "country_code": null,
            "note": {"kept": [1, 2]},
            "destination": {"url": "https://example.com/hook"}
        }))
        .unwrap();
        let CallbackFilter::UnmatchedMessageReceived(filter) = &registration.callback else {
            panic!("{registration:?}");
        };
        assert_eq!(filter.source_code, "52623");
        assert_eq!(filter.country_code, None);
        assert!(filter.extra.is_empty());
        let unknown: Vec<&String> = registration.extra.iter().map(|(key, _)| key).collect();
        assert_eq!(unknown, ["note"]);
        assert!(registration.warnings().is_empty());
        // Written nested, as built: the flat `null` is not carried into the filter.
        let written = serde_json::to_value(&registration).unwrap();
        assert_eq!(
            written["unmatched_message_received"],
            json!({"source_code": "52623"})
        );
        assert_eq!(written["note"], json!({"kept": [1, 2]}));
    }

    #[test]
    fn a_filter_under_another_types_key_is_read_with_a_warning() {
        let registration = read_value(json!({
            "callback_type": "wallet_item_remove",
            "wallet_item_install": {"campaign_token": "Xdc12d34"},
            "destination": {"url": "https://example.com/hook"}
        }))
        .unwrap();
        assert_eq!(
            registration,
            CallbackRegistration::wallet_item_remove("Xdc12d34", "https://example.com/hook")
        );
        assert_eq!(
            registration.warnings(),
            [ReadWarning::MisplacedFilter {
                callback_type: CallbackType::WalletItemRemove,
                found_under: "wallet_item_install".to_owned(),
            }]
        );
        let written = serde_json::to_value(&registration).unwrap();
        assert_eq!(written["wallet_item_remove"]["campaign_token"], "Xdc12d34");
        assert!(written.get("wallet_item_install").is_none());
    }

    #[test]
    fn disagreeing_type_fields_keep_event_type_and_warn() {
        let registration = read_value(json!({
            "callback_type": "device_removed",
            "event_type": "device_added",
            "device_removed": {"app_id": "app"},
            "destination": {"url": "https://example.com/hook"}
        }))
        .unwrap();
        assert_eq!(registration.callback_type(), &CallbackType::DeviceRemoved);
        assert_eq!(
            registration.extra.get("event_type"),
            Some(json!("device_added"))
        );
        assert!(matches!(
            registration.warnings(),
            [ReadWarning::TypeMismatch { .. }]
        ));
    }

    #[test]
    fn a_disagreeing_event_type_is_not_read_as_the_event_processed_filter() {
        let body = json!({
            "callback_type": "event_processed",
            "event_type": "person_added",
            "destination": {"url": "https://example.com/hook", "method": "POST", "content_type": "application/json"}
        });
        let registration = read_value(body.clone()).unwrap();
        assert_eq!(registration.callback, CallbackFilter::EventProcessed(None));
        assert_eq!(serde_json::to_value(&registration).unwrap(), body);
        assert!(matches!(
            registration.warnings(),
            [ReadWarning::TypeMismatch { .. }]
        ));
    }

    #[test]
    fn an_unknown_type_round_trips_with_its_whole_body() {
        let body = json!({
            "callback_type": "loyalty_points_added",
            "loyalty_points_added": {"program_id": "p1"},
            "destination": {"url": "https://example.com/hook", "method": "POST", "content_type": "application/json"},
            "start_date": "2017-01-01T00:00Z"
        });
        let registration = read_value(body.clone()).unwrap();
        assert_eq!(
            registration.callback,
            CallbackFilter::Unknown(CallbackType::from("loyalty_points_added"))
        );
        assert_eq!(serde_json::to_value(&registration).unwrap(), body);
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (
                json!({"destination": {"url": "https://e.com"}}),
                "callback registration: missing field `callback_type` (or the older `event_type`)",
            ),
            (
                json!({"callback_type": "subscription_added", "destination": {"url": "https://e.com"}}),
                "callback registration: missing the `subscription_added` filter (missing field `list_id`) at `subscription_added`",
            ),
            (
                json!({"callback_type": "subscription_added", "subscription_added": {"list_id": 7}, "destination": {"url": "https://e.com"}}),
                "callback registration: invalid type: integer `7`, expected a string at `subscription_added.list_id`",
            ),
            (
                json!({"callback_type": "subscription_added", "list_id": 7, "destination": {"url": "https://e.com"}}),
                "callback registration: invalid type: integer `7`, expected a string at `list_id`",
            ),
            (
                json!({"callback_type": "person_added", "destination": {"url": 1}}),
                "callback registration: invalid type: integer `1`, expected a string at `destination.url`",
            ),
            (
                json!({"callback_type": "person_added", "destination": {"url": "https://e.com"}, "start_date": "soon"}),
                "callback registration: `soon` is not a timestamp (expected e.g. `2017-01-01T00:00Z`, `2018-05-07T15:27:33.664Z` or `2019-06-04T22:29:51+00:00`) at `start_date`",
            ),
            (
                json!({"callback_type": "person_added"}),
                "callback registration: missing field `destination`",
            ),
        ];
        for (body, expected) in cases {
            let error = read_value(body).unwrap_err();
            let shown = error.to_string();
            assert!(shown.starts_with(expected), "{shown}");
        }
        assert!(CallbackRegistration::from_slice(b"{\"callback_type\": ").is_err());
    }
}
