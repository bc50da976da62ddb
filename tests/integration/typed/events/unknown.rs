//! Bodies of callback types this version does not know, read as `Callback::Unknown`: the type
//! in `callback_type` or only in `event_type`, with or without an envelope, any other fields.

use crate::typed::json::{literal_of, object_with, value};
use crate::typed::scalars::{text, timestamp};
use proptest::collection::btree_map;
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::BTreeMap;
use vibes_types::{Callback, CallbackType};

/// An unknown callback, read from a body as one arrives: there is no other way to build one.
pub fn unknown_callback() -> BoxedStrategy<Callback> {
    let members = (btree_map(text(), value(), 0..4), envelope()).prop_map(
        |(mut members, envelope): (BTreeMap<String, String>, Envelope)| {
            for (key, member) in envelope {
                members.remove(key);
                if let Some(member) = member {
                    members.insert(key.to_owned(), member);
                }
            }
            members
        },
    );
    object_with(members)
        .prop_map(|body| match Callback::from_slice(body.as_bytes()) {
            Ok(callback @ Callback::Unknown(_)) => callback,
            other => panic!("{body} is not read as an unknown callback: {other:?}"),
        })
        .boxed()
}

/// The envelope members, each absent or with its JSON text.
type Envelope = Vec<(&'static str, Option<String>)>;

/// The envelope of an unknown body: its type names no known type; the other members may be
/// missing or of another kind than a known body's.
fn envelope() -> impl Strategy<Value = Envelope> {
    let unknown = || {
        literal_of(text().prop_filter("a known callback type", |name| {
            !CallbackType::from(name.as_str()).is_known()
        }))
    };
    let any_type = prop_oneof![
        literal_of(text()),
        literal_of(select(CallbackType::KNOWN).prop_map(str::to_owned))
    ];
    let types = prop_oneof![
        (unknown(), of(any_type))
            .prop_map(|(callback_type, event_type)| (Some(callback_type), event_type)),
        unknown().prop_map(|event_type| (None, Some(event_type))),
    ];
    let event_id = of(prop_oneof![literal_of(text()), value()]);
    let event_date = of(prop_oneof![
        literal_of(timestamp().prop_map(|at| at.as_str().to_owned())),
        value()
    ]);
    (types, event_id, event_date).prop_map(|((callback_type, event_type), event_id, event_date)| {
        vec![
            ("callback_type", callback_type),
            ("event_type", event_type),
            ("event_id", event_id),
            ("event_date", event_date),
        ]
    })
}
