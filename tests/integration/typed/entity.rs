//! Callback entities, as the API answers: a generated registration with the entity's own
//! fields, its type in `callback_type`, `event_type` or both (even disagreeing), and its filter
//! kept in `extra`.

use super::json::json_text;
use super::registration::registration;
use super::scalars::{Values, loose_id, open, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use std::collections::BTreeMap;
use vibes_types::{CallbackEntity, CallbackRegistration, CallbackType, JsonText};

/// The fields a registration body has besides its filter and unknown fields, which an entity
/// keeps in its own typed fields.
const REGISTRATION_FIELDS: [&str; 5] = [
    "callback_type",
    "event_type",
    "destination",
    "start_date",
    "end_date",
];

/// Where an entity names its type.
#[derive(Clone, Debug)]
enum TypeFields {
    Current,
    Older,
    Both,
    /// `event_type` names another type than `callback_type` (any text, for `Values::Open`).
    Disagreeing(CallbackType),
}

/// An entity, and the registration it holds (what `CallbackEntity::registration` must give).
pub fn entity(values: Values) -> BoxedStrategy<(CallbackEntity, CallbackRegistration)> {
    let own = (loose_id(), of(text()), of(timestamp()), of(timestamp()));
    (registration(values), type_fields(values), own)
        .prop_map(
            |(registration, fields, (callback_id, url, created_at, updated_at))| {
                let mut entity = CallbackEntity::new(callback_id, registration.destination.clone());
                entity.start_date = registration.start_date.clone();
                entity.end_date = registration.end_date.clone();
                entity.url = url;
                entity.created_at = created_at;
                entity.updated_at = updated_at;
                // The filter and the registration's unknown fields (the entity's own unknown fields
                // too), as their text: read through a `Value`, a number beyond 64 bits would become
                // a float.
                let written = serde_json::to_string(&registration).expect("a registration writes");
                let members: BTreeMap<String, JsonText> =
                    serde_json::from_str(&written).expect("a registration is an object");
                for (key, member) in members {
                    if !REGISTRATION_FIELDS.contains(&key.as_str()) {
                        entity.extra.insert(key, member);
                    }
                }
                let held = name_type(&mut entity, registration, fields);
                (entity, held)
            },
        )
        .boxed()
}

/// Sets the entity's type fields; gives the registration it then holds, which keeps a
/// disagreeing `event_type` among its unknown fields.
fn name_type(
    entity: &mut CallbackEntity,
    mut registration: CallbackRegistration,
    fields: TypeFields,
) -> CallbackRegistration {
    let own = registration.callback_type().clone();
    let (callback_type, event_type) = match fields {
        TypeFields::Current => (Some(own), None),
        TypeFields::Older => (None, Some(own)),
        TypeFields::Both => (Some(own.clone()), Some(own)),
        TypeFields::Disagreeing(other) => {
            if other != own {
                let text = serde_json::to_string(other.as_str()).expect("a string writes");
                registration
                    .extra
                    .insert("event_type".to_owned(), json_text(&text));
            }
            (Some(own), Some(other))
        }
    };
    entity.callback_type = callback_type;
    entity.event_type = event_type;
    registration
}

fn type_fields(values: Values) -> impl Strategy<Value = TypeFields> {
    prop_oneof![
        Just(TypeFields::Current),
        Just(TypeFields::Older),
        Just(TypeFields::Both),
        open::<CallbackType>(CallbackType::KNOWN, values).prop_map(TypeFields::Disagreeing),
    ]
}
