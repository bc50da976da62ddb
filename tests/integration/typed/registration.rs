//! Registrations of every callback type, built with each constructor, with their filters,
//! destinations (with and without method and content type) and date ranges.

use super::json::{extra, json_text, object_text, unknown_key};
use super::scalars::{Values, open, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use proptest::strategy::Union;
use vibes_types::registration::{
    CallbackFilter, CallbacksToSend, DestinationContentType, DestinationMethod,
    EventProcessedFilter, SourceCodeFilter,
};
use vibes_types::{CallbackRegistration, CallbackType, Destination, Extra};

/// The destination the constructors are given; every registration is then sent elsewhere.
const PLACEHOLDER: &str = "https://example.com/replaced";

/// A registration of any kind, and for `Values::Open` also of an unknown callback type.
pub fn registration(values: Values) -> BoxedStrategy<CallbackRegistration> {
    let dates = (of(timestamp()), of(timestamp()));
    (
        constructed(values),
        destination(values),
        dates,
        extra(),
        extra(),
    )
        .prop_map(
            |(registration, destination, (start, end), extra, filter_extra)| {
                let mut registration = match start {
                    Some(start) => registration.starting(start),
                    None => registration,
                };
                if let Some(end) = end {
                    registration = registration.ending(end);
                }
                registration.destination = destination;
                // Beside what an unknown type's registration already keeps there.
                for (key, value) in extra.iter() {
                    registration.extra.insert(key.clone(), value.clone());
                }
                if let Some(filter) = filter_extra_mut(&mut registration.callback) {
                    *filter = filter_extra;
                }
                registration
            },
        )
        .boxed()
}

/// A registration from each constructor (and from `new`, for a source code filter without a
/// country), each kind equally often.
fn constructed(values: Values) -> Union<BoxedStrategy<CallbackRegistration>> {
    let without_filter: [fn() -> CallbackRegistration; 7] = [
        || CallbackRegistration::person_added(PLACEHOLDER),
        || CallbackRegistration::person_updated(PLACEHOLDER),
        || CallbackRegistration::subscription_list_added(PLACEHOLDER),
        || CallbackRegistration::subscription_list_updated(PLACEHOLDER),
        || CallbackRegistration::company_participant_added(PLACEHOLDER),
        || CallbackRegistration::company_participant_changed(PLACEHOLDER),
        || CallbackRegistration::event_processed(PLACEHOLDER),
    ];
    let with_filter: [fn(String) -> CallbackRegistration; 9] = [
        |list_id| CallbackRegistration::subscription_added(list_id, PLACEHOLDER),
        |list_id| CallbackRegistration::subscription_removed(list_id, PLACEHOLDER),
        |campaign_id| CallbackRegistration::ack_participant_added(campaign_id, PLACEHOLDER),
        |campaign_id| CallbackRegistration::ack_participant_changed(campaign_id, PLACEHOLDER),
        |token| CallbackRegistration::wallet_item_install(token, PLACEHOLDER),
        |token| CallbackRegistration::wallet_item_remove(token, PLACEHOLDER),
        |app_id| CallbackRegistration::device_added(app_id, PLACEHOLDER),
        |app_id| CallbackRegistration::device_updated(app_id, PLACEHOLDER),
        |app_id| CallbackRegistration::device_removed(app_id, PLACEHOLDER),
    ];
    let mut kinds: Vec<BoxedStrategy<CallbackRegistration>> = Vec::new();
    kinds.extend(without_filter.map(|build| Just(build()).boxed()));
    kinds.extend(with_filter.map(|build| text().prop_map(build).boxed()));
    kinds.push(
        (text(), text())
            .prop_map(|(source_code, country_code)| {
                CallbackRegistration::unmatched_message_received(
                    source_code,
                    country_code,
                    PLACEHOLDER,
                )
            })
            .boxed(),
    );
    // The wiki's examples leave the country out; only `new` builds such a filter.
    kinds.push(
        text()
            .prop_map(|source_code| {
                let mut filter = SourceCodeFilter::new(source_code, "");
                filter.country_code = None;
                let filter = CallbackFilter::UnmatchedMessageReceived(filter);
                CallbackRegistration::new(filter, PLACEHOLDER)
            })
            .boxed(),
    );
    kinds.push(
        event_processed_filter(values)
            .prop_map(|filter| CallbackRegistration::event_processed_filtered(filter, PLACEHOLDER))
            .boxed(),
    );
    if values == Values::Open {
        kinds.push(unknown_type().boxed());
    }
    Union::new(kinds)
}

/// A registration of a type this version does not know, its filter (if any) under its name in
/// `extra`, as reading keeps it.
fn unknown_type() -> impl Strategy<Value = CallbackRegistration> {
    let name = unknown_key().prop_filter("a known callback type", |name| {
        !CallbackType::from(name.as_str()).is_known()
    });
    (name, of(object_text())).prop_map(|(name, filter)| {
        let mut registration = CallbackRegistration::new(
            CallbackFilter::Unknown(CallbackType::from(name.as_str())),
            PLACEHOLDER,
        );
        if let Some(filter) = filter {
            registration.extra.insert(name, json_text(&filter));
        }
        registration
    })
}

fn event_processed_filter(values: Values) -> impl Strategy<Value = EventProcessedFilter> {
    let callbacks_to_send = of(open::<CallbacksToSend>(CallbacksToSend::KNOWN, values));
    (of(text()), callbacks_to_send).prop_map(|(event_type, callbacks_to_send)| {
        let mut filter = EventProcessedFilter::new();
        filter.event_type = event_type;
        filter.callbacks_to_send = callbacks_to_send;
        filter
    })
}

/// The unknown fields of the registration's filter object, for the kinds that have one.
fn filter_extra_mut(callback: &mut CallbackFilter) -> Option<&mut Extra> {
    match callback {
        CallbackFilter::SubscriptionAdded(filter) | CallbackFilter::SubscriptionRemoved(filter) => {
            Some(&mut filter.extra)
        }
        CallbackFilter::AckParticipantAdded(filter)
        | CallbackFilter::AckParticipantChanged(filter) => Some(&mut filter.extra),
        CallbackFilter::UnmatchedMessageReceived(filter) => Some(&mut filter.extra),
        CallbackFilter::WalletItemInstall(filter) | CallbackFilter::WalletItemRemove(filter) => {
            Some(&mut filter.extra)
        }
        CallbackFilter::DeviceAdded(filter)
        | CallbackFilter::DeviceUpdated(filter)
        | CallbackFilter::DeviceRemoved(filter) => Some(&mut filter.extra),
        CallbackFilter::EventProcessed(Some(filter)) => Some(&mut filter.extra),
        _ => None,
    }
}

/// A destination with any URL, its method and content type each absent or set.
pub fn destination(values: Values) -> impl Strategy<Value = Destination> {
    let method = of(open::<DestinationMethod>(DestinationMethod::KNOWN, values));
    let content_type = of(open::<DestinationContentType>(
        DestinationContentType::KNOWN,
        values,
    ));
    (text(), method, content_type, extra()).prop_map(|(url, method, content_type, extra)| {
        let mut destination = Destination::new(url);
        destination.method = method;
        destination.content_type = content_type;
        destination.extra = extra;
        destination
    })
}
