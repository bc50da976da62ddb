//! `subscription_added` and `subscription_removed`: a person joining or leaving a list.

use super::ResourceRef;
use crate::events::MobilePhone;
use crate::json_schema::JsonSchema;
use crate::{Extra, Timestamp};
use vibes_derive::{Inspect, OpenEnum, object};

/// `subscription_added`: Vibes sends it when a person joins a subscription list.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SubscriptionAdded {
    /// The new subscription.
    pub subscription: Subscription,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a `subscription_added` body (the documentation's example, shortened):
    ///
    /// ```
    /// use vibes_types::events::SubscriptionAdded;
    ///
    /// let added: SubscriptionAdded = serde_json::from_str(r#"{"event_id": "AB234SDFD234",
    ///   "callback_type": "subscription_added", "event_date": "2017-03-15T15:42:23Z",
    ///   "subscription": {"person": {"id": "ABC123", "mobile_phone": {"mdn": "+1999999999"}},
    ///     "subscription_list": {"id": "1234"}, "opt_in_date": "2017-01-15T15:34:52Z"}}"#)?;
    /// let list = added.subscription.subscription_list.as_ref().unwrap();
    /// assert_eq!(list.id.as_deref(), Some("1234"));
    /// assert!(added.extra.is_empty());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// `subscription_removed`: Vibes sends it when a person leaves a subscription list.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SubscriptionRemoved {
    /// The ended subscription, with its opt-out date and reason.
    pub subscription: Subscription,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a `subscription_removed` body:
    ///
    /// ```
    /// use vibes_types::events::{OptOutReason, SubscriptionRemoved};
    ///
    /// let removed: SubscriptionRemoved = serde_json::from_str(r#"{"event_id": "5e8a1f36",
    ///   "callback_type": "subscription_removed", "event_date": "2017-02-18T15:34:52+0000",
    ///   "subscription": {"subscription_list": {"id": "1234"},
    ///     "opt_out_date": "2017-02-18T15:34:52+0000", "opt_out_reason": "user_opt_out"}}"#)?;
    /// assert_eq!(removed.subscription.opt_out_reason, Some(OptOutReason::UserOptOut));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// A person's membership of a subscription list.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct Subscription {
    /// The subscribed person.
    pub person: Option<SubscriptionPerson>,
    /// The list subscribed to.
    pub subscription_list: Option<ResourceRef>,
    /// When the person opted in.
    pub opt_in_date: Option<Timestamp>,
    /// When the person opted out (removal only).
    pub opt_out_date: Option<Timestamp>,
    /// Why the person opted out (removal only).
    pub opt_out_reason: Option<OptOutReason>,
    /// The acquisition campaign the subscription came from (older bodies).
    pub acquisition_campaign: Option<ResourceRef>,
    /// The subscription's path in the Vibes API (older bodies).
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a subscription, with a field Vibes may add later:
    ///
    /// ```
    /// use vibes_types::events::{OptOutReason, Subscription};
    ///
    /// let subscription: Subscription = serde_json::from_str(
    ///     r#"{"opt_out_reason": "keyword_opt_out", "channel": "sms"}"#,
    /// )?;
    /// assert_eq!(subscription.opt_out_reason, Some(OptOutReason::KeywordOptOut));
    /// assert_eq!(subscription.extra.get("channel").unwrap(), "sms");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// The person of a subscription callback.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct SubscriptionPerson {
    /// Vibes' id of the person.
    pub id: Option<String>,
    /// The customer's id of the person.
    pub external_id: Option<String>,
    /// The customer's id of the person, under its newer name.
    pub external_person_id: Option<String>,
    /// The canonical key of the person.
    pub person_key: Option<String>,
    /// The person's path in the Vibes API.
    pub url: Option<String>,
    /// The person's mobile phone.
    pub mobile_phone: Option<MobilePhone>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading the person of a subscription callback:
    ///
    /// ```
    /// use vibes_types::events::SubscriptionPerson;
    ///
    /// let person: SubscriptionPerson = serde_json::from_str(r#"{"id": "ABC123",
    ///   "external_id": "ex1234", "url": "/companies/:company_key/mobiledb/persons/ABC123",
    ///   "mobile_phone": {"mdn": "+1999999999"}}"#)?;
    /// assert_eq!(person.id.as_deref(), Some("ABC123"));
    /// assert_eq!(person.mobile_phone.and_then(|phone| phone.mdn).as_deref(), Some("+1999999999"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why a person left a subscription list. The documentation warns that more reasons may be added.
///
/// Values match exactly: one Vibes export writes them in upper case, which this reads as an
/// unknown value and keeps as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum OptOutReason {
    /// The person opted out (for example by texting STOP).
    #[vibes(rename = "user_opt_out")]
    UserOptOut,
    /// The number was disconnected.
    #[vibes(rename = "disconnect")]
    Disconnect,
    /// The list was archived.
    #[vibes(rename = "list_archived")]
    ListArchived,
    /// A bulk opt-out was applied.
    #[vibes(rename = "bulk_opt_out")]
    BulkOptOut,
    /// Delivery failed at the carrier.
    #[vibes(rename = "failed_at_carrier")]
    FailedAtCarrier,
    /// The carrier is no longer supported.
    #[vibes(rename = "obsolete_carrier")]
    ObsoleteCarrier,
    /// Vibes opted the person out.
    #[vibes(rename = "platform_opt_out")]
    PlatformOptOut,
    /// The person texted an opt-out keyword.
    #[vibes(rename = "keyword_opt_out")]
    KeywordOptOut,
    /// The opt-out came through the API.
    #[vibes(rename = "api_opt_out")]
    ApiOptOut,
    /// The person pressed an opt-out button.
    #[vibes(rename = "button_opt_out")]
    ButtonOptOut,
    /// A reason this version does not know, with its exact text.
    ///
    /// ```
    /// use vibes_types::events::OptOutReason;
    ///
    /// assert_eq!(OptOutReason::from("user_opt_out"), OptOutReason::UserOptOut);
    /// let upper = OptOutReason::from("USER_OPT_OUT"); // values match exactly
    /// assert_eq!(upper, OptOutReason::Unknown("USER_OPT_OUT".to_owned()));
    /// assert_eq!(upper.as_str(), "USER_OPT_OUT");
    /// assert!(!upper.is_known());
    /// ```
    #[vibes(other)]
    Unknown(String),
}
