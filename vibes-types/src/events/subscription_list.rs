//! `subscription_list_added` and `subscription_list_updated`: a list created or changed.

use crate::Extra;
use crate::json_schema::JsonSchema;
use vibes_derive::{Inspect, object};

/// `subscription_list_added`: Vibes sends it when a subscription list is created.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SubscriptionListAdded {
    /// The new list.
    pub subscription_list: SubscriptionList,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `subscription_list_updated`: Vibes sends it when a subscription list is modified.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SubscriptionListUpdated {
    /// The list after the change.
    pub subscription_list: SubscriptionList,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A subscription list.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct SubscriptionList {
    /// Vibes' id of the list.
    pub id: Option<String>,
    /// The list's name.
    pub name: Option<String>,
    /// The list's path in the Vibes API.
    pub url: Option<String>,
    /// The path of the list's subscribers.
    pub subscribers_url: Option<String>,
    /// The path of the acquisition campaigns feeding the list.
    pub acquisition_campaigns_url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}
