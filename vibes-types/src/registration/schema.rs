//! The JSON Schema of a registration body: what [`CallbackRegistration::from_slice`] reads and the
//! contract allows, branch by branch on the callback type.

use super::filter::{
    AppFilter, CampaignFilter, EventProcessedFilter, ListFilter, SourceCodeFilter,
    WalletCampaignFilter,
};
use super::wire::WireIn;
use super::{CallbackRegistration, Destination};
use crate::callback::TYPE_FIELDS;
use crate::reader::object::Object;
use crate::schema::by_callback_type;
use crate::{CallbackType, Timestamp};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};

impl JsonSchema for CallbackRegistration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CallbackRegistration".into()
    }

    /// The type comes from `callback_type` when it is a string, else `event_type`; the branch of
    /// that type then states its filter rule, so a validator reports only that type's errors.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let [primary, fallback] = TYPE_FIELDS;
        let rules: Vec<(CallbackType, Value)> = CallbackType::KNOWN
            .iter()
            .map(|name| CallbackType::from(*name))
            .filter_map(|tag| filter_rule(&tag, generator).map(|rule| (tag, rule)))
            .collect();
        let destination = generator.subschema_for::<Destination>();
        let date = generator.subschema_for::<Option<Timestamp>>();
        let mut schema = json_schema!({
            "title": "CallbackRegistration",
            "description": "A callback registration, the body of the create and update calls. The filter is written nested under the callback type's name; reading also takes the flat filter fields and a filter object under another type's key (as some published examples have it), but not a filter field both flat and in the filter object that is read. Unknown callback types are outside the contract here; the Rust parser keeps them in lenient mode.",
            "type": "object",
            "required": ["destination"],
            "properties": {
                primary: { "type": ["string", "null"] },
                fallback: { "type": ["string", "null"] },
                "destination": destination,
                "start_date": date,
                "end_date": date,
            },
        });
        schema.ensure_object().extend(by_callback_type(|tag| {
            rules
                .iter()
                .find(|(rule_tag, _)| rule_tag == tag)
                .map(|(_, rule)| rule.clone())
        }));
        schema
    }
}

/// What a type's branch requires of its filter; `None` for the types that take no filter.
fn filter_rule(tag: &CallbackType, generator: &mut SchemaGenerator) -> Option<Value> {
    use CallbackType as T;
    let rule = match tag {
        T::SubscriptionAdded | T::SubscriptionRemoved => required::<ListFilter>(tag, generator),
        T::AckParticipantAdded | T::AckParticipantChanged => {
            required::<CampaignFilter>(tag, generator)
        }
        T::UnmatchedMessageReceived => required::<SourceCodeFilter>(tag, generator),
        T::WalletItemInstall | T::WalletItemRemove => {
            required::<WalletCampaignFilter>(tag, generator)
        }
        T::DeviceAdded | T::DeviceUpdated | T::DeviceRemoved => {
            required::<AppFilter>(tag, generator)
        }
        T::EventProcessed => optional::<EventProcessedFilter>(tag, generator),
        _ => return None,
    };
    Some(rule)
}

/// A filter the type cannot do without: as [`optional`] says, and `else`, when no filter object is
/// read, the flat fields of the body must be the filter.
fn required<F: JsonSchema + Object>(tag: &CallbackType, generator: &mut SchemaGenerator) -> Value {
    let mut rule = optional::<F>(tag, generator);
    rule["else"] = generator.subschema_for::<F>().to_value();
    rule
}

/// A filter, in the order the Rust reader looks for it: `if` it is read from an object, the one
/// under the type's own key (which must be valid) or a valid one under another known type's key,
/// `then` none of the filter's fields may also stand at the top level, as strict reading refuses
/// (`ReadWarning::FlatFieldBesideFilter`). The registration's own fields are not the filter's
/// even where they share a name: a top-level `event_type` beside an `event_processed` filter is
/// the registration's type.
fn optional<F: JsonSchema + Object>(tag: &CallbackType, generator: &mut SchemaGenerator) -> Value {
    let filter = generator.subschema_for::<F>();
    let own = tag.as_str();
    // Each object names the schema of the property it requires, as strict validators (Ajv's
    // `strictRequired`) want of every `required`.
    let objects: Vec<Value> = std::iter::once(own)
        .chain(
            CallbackType::KNOWN
                .iter()
                .map(|name| CallbackType::from(*name))
                .filter(|other| other != tag)
                .flat_map(|other| other.wire_names().iter().copied()),
        )
        .map(|key| json!({ "required": [key], "properties": { key: filter } }))
        .collect();
    let flat: serde_json::Map<String, Value> = <F as Object>::FIELDS
        .iter()
        .filter(|field| !<WireIn as Object>::FIELDS.contains(field))
        .map(|field| ((*field).to_owned(), Value::Bool(false)))
        .collect();
    json!({
        "properties": { own: filter },
        "if": { "anyOf": objects },
        "then": { "properties": flat },
    })
}
