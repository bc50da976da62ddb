//! The JSON Schema of a registration body: what [`CallbackRegistration::from_slice`] reads and the
//! contract allows, branch by branch on the callback type.

use super::filter::{
    AppFilter, CampaignFilter, EventProcessedFilter, ListFilter, SourceCodeFilter,
    WalletCampaignFilter,
};
use super::{CallbackRegistration, Destination};
use crate::callback::TYPE_FIELDS;
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
        let known: Vec<CallbackType> = CallbackType::KNOWN
            .iter()
            .map(|name| CallbackType::from(*name))
            .collect();
        let all_names: Vec<&str> = known
            .iter()
            .flat_map(|tag| tag.wire_names().iter().copied())
            .collect();
        let rules: Vec<(CallbackType, Value)> = known
            .iter()
            .map(|tag| (tag.clone(), filter_rule(tag, generator)))
            .collect();
        let branches = |field: &str| -> Vec<Value> {
            rules
                .iter()
                .filter(|(_, rule)| rule != &json!({}))
                .map(|(tag, rule)| {
                    json!({
                        "if": { "properties": { field: { "enum": tag.wire_names() } } },
                        "then": rule,
                    })
                })
                .collect()
        };
        let destination = generator.subschema_for::<Destination>();
        let date = generator.subschema_for::<Option<Timestamp>>();
        json_schema!({
            "title": "CallbackRegistration",
            "description": "A callback registration, the body of the create and update calls. The filter is written nested under the callback type's name; reading also takes the flat filter fields and a filter object under another type's key (as some published examples have it). Unknown callback types are outside the contract here; the Rust parser keeps them in lenient mode.",
            "type": "object",
            "required": ["destination"],
            "properties": {
                primary: { "type": ["string", "null"] },
                fallback: { "type": ["string", "null"] },
                "destination": destination,
                "start_date": date,
                "end_date": date,
            },
            "if": { "required": [primary], "properties": { primary: { "type": "string" } } },
            "then": {
                "properties": { primary: { "enum": all_names } },
                "allOf": branches(primary),
            },
            "else": {
                "required": [fallback],
                "properties": { fallback: { "type": "string", "enum": all_names } },
                "allOf": branches(fallback),
            },
        })
    }
}

/// What a type's branch requires of its filter.
fn filter_rule(tag: &CallbackType, generator: &mut SchemaGenerator) -> Value {
    use CallbackType as T;
    match tag {
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
        T::EventProcessed => {
            let filter = generator.subschema_for::<EventProcessedFilter>();
            json!({ "properties": { tag.as_str(): filter } })
        }
        _ => json!({}),
    }
}

/// A filter the type cannot do without: under the type's own key (where it must be valid), else
/// under another known type's key, else as flat fields of the body.
fn required<F: JsonSchema>(tag: &CallbackType, generator: &mut SchemaGenerator) -> Value {
    let filter = generator.subschema_for::<F>();
    let own = tag.as_str();
    let misplaced: Vec<Value> = CallbackType::KNOWN
        .iter()
        .map(|name| CallbackType::from(*name))
        .filter(|other| other != tag)
        .flat_map(|other| other.wire_names().iter().copied())
        .map(|key| json!({ "required": [key], "properties": { key: filter } }))
        .collect();
    json!({
        "properties": { own: filter },
        "anyOf": [
            { "required": [own] },
            { "anyOf": misplaced },
            filter,
        ],
    })
}
