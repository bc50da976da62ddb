//! `subscription_list_added` and `subscription_list_updated` bodies.

use crate::typed::envelope::callbacks;
use crate::typed::json::extra;
use crate::typed::scalars::{Values, text};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::events::{SubscriptionList, SubscriptionListAdded, SubscriptionListUpdated};

callbacks! {
    subscription_list_added => SubscriptionListAdded(subscription_list);
    subscription_list_updated => SubscriptionListUpdated(subscription_list);
}

fn subscription_list(_: Values) -> impl Strategy<Value = SubscriptionList> {
    let paths = (of(text()), of(text()), of(text()));
    (of(text()), of(text()), paths, extra()).prop_map(
        |(id, name, (url, subscribers_url, acquisition_campaigns_url), extra)| {
            let mut list = SubscriptionList::new();
            list.id = id;
            list.name = name;
            list.url = url;
            list.subscribers_url = subscribers_url;
            list.acquisition_campaigns_url = acquisition_campaigns_url;
            list.extra = extra;
            list
        },
    )
}
