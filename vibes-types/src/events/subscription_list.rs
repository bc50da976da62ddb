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
    ///
    /// Reading a `subscription_list_added` body (the documentation's example, shortened):
    ///
    /// ```
    /// use vibes_types::events::SubscriptionListAdded;
    ///
    /// let added: SubscriptionListAdded = serde_json::from_str(r#"{"event_id": "AB234SDFD234",
    ///   "callback_type": "subscription_list_added", "event_date": "2017-03-15T15:42:23Z",
    ///   "subscription_list": {"id": "ABC12345", "name": "Wonderful Subscription List"}}"#)?;
    /// assert_eq!(added.subscription_list.name.as_deref(), Some("Wonderful Subscription List"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a `subscription_list_updated` body:
    ///
    /// ```
    /// use vibes_types::events::SubscriptionListUpdated;
    ///
    /// let updated: SubscriptionListUpdated = serde_json::from_str(r#"{"event_id": "3c6b0e82",
    ///   "callback_type": "subscription_list_updated", "event_date": "2018-05-07T15:27:33.664Z",
    ///   "subscription_list": {"id": "ABC12345", "name": "Wonderful List (renamed)"}}"#)?;
    /// assert_eq!(updated.subscription_list.id.as_deref(), Some("ABC12345"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a subscription list, with a field Vibes may add later:
    ///
    /// ```
    /// use vibes_types::events::SubscriptionList;
    ///
    /// let list: SubscriptionList = serde_json::from_str(r#"{"id": "ABC12345",
    ///   "subscribers_url": "/companies/bi3bwNRk/mobiledb/subscription_lists/ABC12345/subscribers",
    ///   "archived": false}"#)?;
    /// assert!(list.subscribers_url.as_deref().is_some_and(|url| url.ends_with("/subscribers")));
    /// assert_eq!(list.extra.get("archived").unwrap(), false);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}
