//! `subscription_added` and `subscription_removed` bodies, with the links to other resources
//! (`ResourceRef`) that subscription and participant bodies share.

use super::person::mobile_phone;
use crate::typed::envelope::callbacks;
use crate::typed::json::extra;
use crate::typed::scalars::{Values, open, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::events::{
    OptOutReason, ResourceRef, Subscription, SubscriptionAdded, SubscriptionPerson,
    SubscriptionRemoved,
};

callbacks! {
    subscription_added => SubscriptionAdded(subscription);
    subscription_removed => SubscriptionRemoved(subscription);
}

/// A link to another resource: its id and API path.
pub fn resource_ref() -> impl Strategy<Value = ResourceRef> {
    (of(text()), of(text()), extra()).prop_map(|(id, url, extra)| {
        let mut link = ResourceRef::new();
        link.id = id;
        link.url = url;
        link.extra = extra;
        link
    })
}

fn subscription(values: Values) -> impl Strategy<Value = Subscription> {
    let links = (of(person()), of(resource_ref()), of(resource_ref()));
    let dates = (of(timestamp()), of(timestamp()));
    let reason = of(open::<OptOutReason>(OptOutReason::KNOWN, values));
    (links, dates, reason, of(text()), extra()).prop_map(
        |(
            (person, subscription_list, acquisition_campaign),
            (opt_in_date, opt_out_date),
            opt_out_reason,
            url,
            extra,
        )| {
            let mut subscription = Subscription::new();
            subscription.person = person;
            subscription.subscription_list = subscription_list;
            subscription.acquisition_campaign = acquisition_campaign;
            subscription.opt_in_date = opt_in_date;
            subscription.opt_out_date = opt_out_date;
            subscription.opt_out_reason = opt_out_reason;
            subscription.url = url;
            subscription.extra = extra;
            subscription
        },
    )
}

fn person() -> impl Strategy<Value = SubscriptionPerson> {
    let ids = (of(text()), of(text()), of(text()), of(text()));
    (ids, of(text()), of(mobile_phone()), extra()).prop_map(
        |((id, external_id, external_person_id, person_key), url, mobile_phone, extra)| {
            let mut person = SubscriptionPerson::new();
            person.id = id;
            person.external_id = external_id;
            person.external_person_id = external_person_id;
            person.person_key = person_key;
            person.url = url;
            person.mobile_phone = mobile_phone;
            person.extra = extra;
            person
        },
    )
}
