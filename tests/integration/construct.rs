//! Building wire values in code: every object has a `new` taking its required fields (the
//! structs are `#[non_exhaustive]`, so this and `Default` are how a user makes one), and a
//! callback body built so names its own type and reads back as that type.

use vibes_types::events::{
    Action, ActionFailure, DeviceAdded, EventProcessed, Failure, FailureReason, Person,
    PersonAdded, ProcessedEvent, PushDevice, Subscription, SubscriptionAdded, WalletItemInstall,
};
use vibes_types::{Callback, CallbackType, Timestamp};

fn read_back(body: &impl serde::Serialize) -> Callback {
    let text = serde_json::to_string(body).expect("writes");
    Callback::from_slice_strict(text.as_bytes()).unwrap_or_else(|error| panic!("{text}: {error}"))
}

#[test]
fn callback_bodies_built_with_new_name_their_type_and_read_back() {
    let at = Timestamp::parse("2026-11-23T10:00:00Z").unwrap();
    let mut person = Person::default();
    person.person_id = Some("12344566".to_owned());
    let added = PersonAdded::new("e1", at.clone(), person);
    assert_eq!(added.callback_type.as_deref(), Some("person_added"));
    let Callback::PersonAdded(read) = read_back(&added) else {
        panic!("not read as person_added");
    };
    assert_eq!(*read, added);

    let subscription = SubscriptionAdded::new("e2", at.clone(), Subscription::default());
    assert_eq!(
        read_back(&subscription).callback_type(),
        &CallbackType::SubscriptionAdded
    );

    let failed = Action::RoutingFailed(ActionFailure::new(Failure::new(
        FailureReason::NoRouteRulesFoundForEvent,
    )));
    let processed = EventProcessed::new("e3", at.clone(), ProcessedEvent::new(failed));
    let Callback::EventProcessed(read) = read_back(&processed) else {
        panic!("not read as event_processed");
    };
    assert_eq!(*read, processed);

    let mut device = PushDevice::default();
    device.app_id = Some("app".to_owned());
    let device = DeviceAdded::new("e4", at.clone(), device);
    assert_eq!(
        read_back(&device).callback_type(),
        &CallbackType::DeviceAdded
    );

    let wallet = WalletItemInstall::new("e5", at);
    assert_eq!(
        read_back(&wallet).callback_type(),
        &CallbackType::WalletItemInstall
    );
}
