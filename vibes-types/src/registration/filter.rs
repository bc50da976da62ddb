//! What a registration subscribes to: its callback type together with the filter that type needs.

use crate::json_schema::JsonSchema;
use crate::{CallbackType, Extra};
use vibes_derive::{Inspect, OpenEnum, object};

/// A registration's callback type, each variant carrying the filter Vibes requires for it.
///
/// The filter is written as an object named after the type (`"subscription_added": {"list_id":
/// …}`). A type that needs a filter cannot be built without one.
///
/// ```
/// use vibes_types::registration::{CallbackFilter, ListFilter};
/// use vibes_types::{CallbackRegistration, CallbackType};
///
/// let filter = CallbackFilter::SubscriptionRemoved(ListFilter::new("1234"));
/// assert_eq!(filter.callback_type(), &CallbackType::SubscriptionRemoved);
///
/// let registration = CallbackRegistration::from_slice(br#"{
///   "callback_type": "ack_participant_added", "ack_participant_added": {"campaign_id": "ACQ1234"},
///   "destination": {"url": "https://example.com/hook"}}"#)?;
/// match &registration.callback {
///     CallbackFilter::AckParticipantAdded(filter) => assert_eq!(filter.campaign_id, "ACQ1234"),
///     _ => unreachable!(),
/// }
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackFilter {
    /// `person_added`: no filter; one registration per mobile database.
    PersonAdded,
    /// `person_updated`: no filter; one registration per mobile database.
    PersonUpdated,
    /// `subscription_added`, for one subscription list.
    SubscriptionAdded(ListFilter),
    /// `subscription_removed`, for one subscription list.
    SubscriptionRemoved(ListFilter),
    /// `subscription_list_added`: no filter.
    SubscriptionListAdded,
    /// `subscription_list_updated`: no filter.
    SubscriptionListUpdated,
    /// `ack_participant_added`, for one acquisition campaign.
    AckParticipantAdded(CampaignFilter),
    /// `ack_participant_changed`, for one acquisition campaign.
    AckParticipantChanged(CampaignFilter),
    /// `company_participant_added`: no filter is documented.
    CompanyParticipantAdded,
    /// `company_participant_changed`: no filter is documented.
    CompanyParticipantChanged,
    /// `unmatched_message_received`, for one source code.
    UnmatchedMessageReceived(SourceCodeFilter),
    /// `wallet_item_install`, for one wallet campaign.
    WalletItemInstall(WalletCampaignFilter),
    /// `wallet_item_remove`, for one wallet campaign.
    WalletItemRemove(WalletCampaignFilter),
    /// `device_added`, for one app.
    DeviceAdded(AppFilter),
    /// `device_updated`, for one app.
    DeviceUpdated(AppFilter),
    /// `device_removed`, for one app.
    DeviceRemoved(AppFilter),
    /// `event_processed`, for every processed event unless a filter narrows it.
    EventProcessed(Option<EventProcessedFilter>),
    /// A callback type this version does not know (a [`CallbackType::Unknown`] with its exact
    /// name); the rest of its body is kept in the registration's `extra`.
    Unknown(CallbackType),
}

/// The filter of the subscription callbacks: which subscription list.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct ListFilter {
    /// Vibes' id of the subscription list.
    pub list_id: String,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The filter of the acquisition-campaign callbacks: which campaign.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct CampaignFilter {
    /// Vibes' id (key) of the acquisition campaign.
    pub campaign_id: String,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The filter of `unmatched_message_received`: which short, long or alpha code.
///
/// The wiki's field table marks `country_code` as required while the examples treat it as
/// optional; it is optional here, the constructor always sets it, and pre-flight warns when it
/// is missing.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct SourceCodeFilter {
    /// The code inbound messages are sent to (`52623`).
    pub source_code: String,
    /// The country of the code (`1`).
    pub country_code: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The filter of the wallet callbacks: which wallet campaign.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct WalletCampaignFilter {
    /// The wallet campaign's token.
    pub campaign_token: String,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The filter of the push-device callbacks: which app.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct AppFilter {
    /// Vibes' id of the mobile app.
    pub app_id: String,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The optional filter of `event_processed`: which customer event, and which results.
#[object]
#[derive(Clone, Debug, Default, PartialEq, Eq, JsonSchema, Inspect)]
pub struct EventProcessedFilter {
    /// The customer's own event name to report on (all events when absent).
    pub event_type: Option<String>,
    /// Which processing results to report (`all` when absent).
    pub callbacks_to_send: Option<CallbacksToSend>,
    /// Fields this version does not model, kept as received.
    ///
    /// It has no required field, so it starts from `Default`:
    ///
    /// ```
    /// use vibes_types::registration::{CallbacksToSend, EventProcessedFilter};
    ///
    /// let mut filter = EventProcessedFilter::default();
    /// filter.event_type = Some("day_of_delivery".to_owned());
    /// filter.callbacks_to_send = Some(CallbacksToSend::CarrierDlr);
    /// assert_eq!(
    ///     serde_json::to_string(&filter)?,
    ///     r#"{"event_type":"day_of_delivery","callbacks_to_send":"carrier_dlr"}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// Which `event_processed` results a registration asks for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum CallbacksToSend {
    /// Every result (the default).
    #[vibes(rename = "all")]
    All,
    /// Only failed routing or processing.
    #[vibes(rename = "only_failures")]
    OnlyFailures,
    /// Routing results.
    #[vibes(rename = "routing")]
    Routing,
    /// Carrier delivery receipts.
    #[vibes(rename = "carrier_dlr")]
    CarrierDlr,
    /// Handset delivery receipts.
    #[vibes(rename = "handset_dlr")]
    HandsetDlr,
    /// A value the documentation does not name, with its exact text.
    ///
    /// ```
    /// use vibes_types::registration::CallbacksToSend;
    ///
    /// assert_eq!(CallbacksToSend::from("only_failures"), CallbacksToSend::OnlyFailures);
    /// assert!(!CallbacksToSend::from("only_successes").is_known());
    /// ```
    #[vibes(other)]
    Unknown(String),
}

/// The filter object of a registration, whichever type it belongs to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FilterRef<'a> {
    List(&'a ListFilter),
    Campaign(&'a CampaignFilter),
    SourceCode(&'a SourceCodeFilter),
    WalletCampaign(&'a WalletCampaignFilter),
    App(&'a AppFilter),
    EventProcessed(&'a EventProcessedFilter),
}

impl CallbackFilter {
    /// The callback type registered for.
    ///
    /// ```
    /// use vibes_types::CallbackType;
    /// use vibes_types::registration::CallbackFilter;
    ///
    /// assert_eq!(CallbackFilter::PersonUpdated.callback_type(), &CallbackType::PersonUpdated);
    /// let every_event = CallbackFilter::EventProcessed(None);
    /// assert_eq!(every_event.callback_type().as_str(), "event_processed");
    /// ```
    pub fn callback_type(&self) -> &CallbackType {
        match self {
            CallbackFilter::PersonAdded => &CallbackType::PersonAdded,
            CallbackFilter::PersonUpdated => &CallbackType::PersonUpdated,
            CallbackFilter::SubscriptionAdded(_) => &CallbackType::SubscriptionAdded,
            CallbackFilter::SubscriptionRemoved(_) => &CallbackType::SubscriptionRemoved,
            CallbackFilter::SubscriptionListAdded => &CallbackType::SubscriptionListAdded,
            CallbackFilter::SubscriptionListUpdated => &CallbackType::SubscriptionListUpdated,
            CallbackFilter::AckParticipantAdded(_) => &CallbackType::AckParticipantAdded,
            CallbackFilter::AckParticipantChanged(_) => &CallbackType::AckParticipantChanged,
            CallbackFilter::CompanyParticipantAdded => &CallbackType::CompanyParticipantAdded,
            CallbackFilter::CompanyParticipantChanged => &CallbackType::CompanyParticipantChanged,
            CallbackFilter::UnmatchedMessageReceived(_) => &CallbackType::UnmatchedMessageReceived,
            CallbackFilter::WalletItemInstall(_) => &CallbackType::WalletItemInstall,
            CallbackFilter::WalletItemRemove(_) => &CallbackType::WalletItemRemove,
            CallbackFilter::DeviceAdded(_) => &CallbackType::DeviceAdded,
            CallbackFilter::DeviceUpdated(_) => &CallbackType::DeviceUpdated,
            CallbackFilter::DeviceRemoved(_) => &CallbackType::DeviceRemoved,
            CallbackFilter::EventProcessed(_) => &CallbackType::EventProcessed,
            CallbackFilter::Unknown(callback_type) => callback_type,
        }
    }

    pub(crate) fn filter(&self) -> Option<FilterRef<'_>> {
        match self {
            CallbackFilter::SubscriptionAdded(filter)
            | CallbackFilter::SubscriptionRemoved(filter) => Some(FilterRef::List(filter)),
            CallbackFilter::AckParticipantAdded(filter)
            | CallbackFilter::AckParticipantChanged(filter) => Some(FilterRef::Campaign(filter)),
            CallbackFilter::UnmatchedMessageReceived(filter) => Some(FilterRef::SourceCode(filter)),
            CallbackFilter::WalletItemInstall(filter)
            | CallbackFilter::WalletItemRemove(filter) => Some(FilterRef::WalletCampaign(filter)),
            CallbackFilter::DeviceAdded(filter)
            | CallbackFilter::DeviceUpdated(filter)
            | CallbackFilter::DeviceRemoved(filter) => Some(FilterRef::App(filter)),
            CallbackFilter::EventProcessed(filter) => {
                filter.as_ref().map(FilterRef::EventProcessed)
            }
            CallbackFilter::PersonAdded
            | CallbackFilter::PersonUpdated
            | CallbackFilter::SubscriptionListAdded
            | CallbackFilter::SubscriptionListUpdated
            | CallbackFilter::CompanyParticipantAdded
            | CallbackFilter::CompanyParticipantChanged
            | CallbackFilter::Unknown(_) => None,
        }
    }
}

impl ListFilter {
    /// A filter on one subscription list.
    ///
    /// ```
    /// use vibes_types::registration::ListFilter;
    ///
    /// let filter = ListFilter::new("1234");
    /// assert_eq!(filter.list_id, "1234");
    /// assert_eq!(serde_json::to_string(&filter)?, r#"{"list_id":"1234"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(list_id: impl Into<String>) -> Self {
        ListFilter {
            list_id: list_id.into(),
            extra: Extra::default(),
        }
    }
}

impl CampaignFilter {
    /// A filter on one acquisition campaign.
    ///
    /// ```
    /// use vibes_types::registration::CampaignFilter;
    ///
    /// let filter = CampaignFilter::new("ACQ1234");
    /// assert_eq!(filter.campaign_id, "ACQ1234");
    /// assert_eq!(serde_json::to_string(&filter)?, r#"{"campaign_id":"ACQ1234"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(campaign_id: impl Into<String>) -> Self {
        CampaignFilter {
            campaign_id: campaign_id.into(),
            extra: Extra::default(),
        }
    }
}

impl SourceCodeFilter {
    /// A filter on one source code in one country.
    ///
    /// ```
    /// use vibes_types::registration::SourceCodeFilter;
    ///
    /// let filter = SourceCodeFilter::new("52623", "1");
    /// assert_eq!(filter.country_code.as_deref(), Some("1"));
    /// let written = serde_json::to_string(&filter)?;
    /// assert_eq!(written, r#"{"source_code":"52623","country_code":"1"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(source_code: impl Into<String>, country_code: impl Into<String>) -> Self {
        SourceCodeFilter {
            source_code: source_code.into(),
            country_code: Some(country_code.into()),
            extra: Extra::default(),
        }
    }
}

impl WalletCampaignFilter {
    /// A filter on one wallet campaign.
    ///
    /// ```
    /// use vibes_types::registration::WalletCampaignFilter;
    ///
    /// let filter = WalletCampaignFilter::new("r3zhm8");
    /// assert_eq!(filter.campaign_token, "r3zhm8");
    /// assert_eq!(serde_json::to_string(&filter)?, r#"{"campaign_token":"r3zhm8"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(campaign_token: impl Into<String>) -> Self {
        WalletCampaignFilter {
            campaign_token: campaign_token.into(),
            extra: Extra::default(),
        }
    }
}

impl AppFilter {
    /// A filter on one app.
    ///
    /// ```
    /// use vibes_types::registration::AppFilter;
    ///
    /// let filter = AppFilter::new("abe57f09");
    /// assert_eq!(filter.app_id, "abe57f09");
    /// assert_eq!(serde_json::to_string(&filter)?, r#"{"app_id":"abe57f09"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(app_id: impl Into<String>) -> Self {
        AppFilter {
            app_id: app_id.into(),
            extra: Extra::default(),
        }
    }
}
