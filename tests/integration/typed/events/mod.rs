//! Callback bodies of every type, one file per callback family as in `vibes_types::events`, and
//! the union of them all.

mod device;
mod event_processed;
mod participant;
mod person;
mod subscription;
mod subscription_list;
mod unknown;
mod unmatched_message;
mod wallet;

use super::scalars::Values;
use proptest::prelude::*;
use proptest::strategy::Union;
use vibes_types::Callback;

pub use event_processed::event_processed;

/// A callback of any of the 17 known types, equally often, and for `Values::Open` also of an
/// unknown type (outside the contract).
pub fn callback(values: Values) -> BoxedStrategy<Callback> {
    let mut types = vec![
        person::person_added(values),
        person::person_updated(values),
        subscription::subscription_added(values),
        subscription::subscription_removed(values),
        subscription_list::subscription_list_added(values),
        subscription_list::subscription_list_updated(values),
        participant::ack_participant_added(values),
        participant::ack_participant_changed(values),
        participant::company_participant_added(values),
        participant::company_participant_changed(values),
        unmatched_message::unmatched_message_received(values),
        wallet::wallet_item_install(values),
        wallet::wallet_item_remove(values),
        device::device_added(values),
        device::device_updated(values),
        device::device_removed(values),
        event_processed(values),
    ];
    if values == Values::Open {
        types.push(unknown::unknown_callback());
    }
    Union::new(types).boxed()
}
