//! The callback bodies, one struct per callback type, and the objects inside them.
//!
//! | callback type | Vibes sends it when | body |
//! |---|---|---|
//! | `person_added` (also read as `person_add`) | a person is added to the mobile database | [`PersonAdded`] |
//! | `person_updated` | a person is modified | [`PersonUpdated`] |
//! | `subscription_added` | a person joins a subscription list | [`SubscriptionAdded`] |
//! | `subscription_removed` | a person leaves a subscription list | [`SubscriptionRemoved`] |
//! | `subscription_list_added` | a subscription list is created | [`SubscriptionListAdded`] |
//! | `subscription_list_updated` | a subscription list is modified | [`SubscriptionListUpdated`] |
//! | `ack_participant_added` | a person joins an acquisition campaign's double opt-in | [`AckParticipantAdded`] |
//! | `ack_participant_changed` | the person confirms or declines | [`AckParticipantChanged`] |
//! | `company_participant_added` | the company-wide variant of `ack_participant_added` | [`CompanyParticipantAdded`] |
//! | `company_participant_changed` | the company-wide variant of `ack_participant_changed` | [`CompanyParticipantChanged`] |
//! | `unmatched_message_received` | an inbound SMS matches no keyword | [`UnmatchedMessageReceived`] |
//! | `wallet_item_install` | a wallet pass is installed | [`WalletItemInstall`] |
//! | `wallet_item_remove` | a wallet pass is removed | [`WalletItemRemove`] |
//! | `device_added` | an app is installed on a device, or a device moves to this person | [`DeviceAdded`] |
//! | `device_updated` | a push token is added or removed | [`DeviceUpdated`] |
//! | `device_removed` | an app is uninstalled, or the device moves to another person | [`DeviceRemoved`] |
//! | `event_processed` | an event sent to Vibes was routed or processed | [`EventProcessed`] |
//!
//! Each body struct has the envelope fields as its own (`event_id`, `callback_type`,
//! `event_type`, `event_date`, and the `callback_id` and `delivery_attempt` of test callbacks and
//! some older bodies) and implements [`Envelope`](crate::Envelope). Every object keeps the fields
//! this version does not model in its `extra`, and every enumeration has an `Unknown` variant
//! for the values it does not know. Read a body through [`Callback`](crate::Callback) when its
//! type is not known in advance, or straight into its struct when it is:
//!
//! ```
//! use vibes_types::Envelope;
//! use vibes_types::events::SubscriptionListAdded;
//!
//! let added: SubscriptionListAdded = serde_json::from_slice(br#"{"event_id": "AB234SDFD234",
//!   "callback_type": "subscription_list_added", "event_date": "2017-03-15T15:42:23Z",
//!   "subscription_list": {"id": "ABC12345", "name": "Wonderful Subscription List"}}"#)?;
//! assert_eq!(added.event_id(), "AB234SDFD234");
//! assert_eq!(added.event_date().as_str(), "2017-03-15T15:42:23Z");
//! # Ok::<(), serde_json::Error>(())
//! ```

mod device;
mod event_processed;
mod participant;
mod person;
mod subscription;
mod subscription_list;
mod unmatched_message;
mod wallet;

pub use device::{DeviceAdded, DeviceOs, DevicePerson, DeviceRemoved, DeviceUpdated, PushDevice};
pub use event_processed::{
    Action, ActionFailure, ActionStatus, ActionType, EventProcessed, Failure, FailureError,
    FailureErrorText, FailureReason, MessageType, OtherAction, ProcessedEvent, RoutingProcessing,
    SendMessageProcessing, Sms, SmsPerson, SmsSource, StatusReason,
};
pub use participant::{
    AckParticipantAdded, AckParticipantChanged, AcquisitionCampaign, CompanyParticipantAdded,
    CompanyParticipantChanged, Participant, ParticipantPerson, ParticipantStatus,
};
pub use person::{MobilePhone, Person, PersonAdded, PersonUpdated};
pub use subscription::{
    OptOutReason, Subscription, SubscriptionAdded, SubscriptionPerson, SubscriptionRemoved,
};
pub use subscription_list::{SubscriptionList, SubscriptionListAdded, SubscriptionListUpdated};
pub use unmatched_message::{SourceCode, UnmatchedMessageReceived, UnmatchedParticipant};
pub use wallet::{
    WalletCampaign, WalletInstance, WalletItem, WalletItemInstall, WalletItemRemove, WalletProvider,
};

use crate::json_schema::JsonSchema;
use vibes_derive::{Inspect, object};

/// A link to another Vibes resource: its id and API path.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct ResourceRef {
    /// The resource's id.
    pub id: Option<String>,
    /// The resource's path in the Vibes API (`/companies/:company_key/mobiledb/…`).
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a link to a subscription list:
    ///
    /// ```
    /// use vibes_types::events::ResourceRef;
    ///
    /// let list: ResourceRef = serde_json::from_str(
    ///     r#"{"id": "1234", "url": "/companies/:company_key/mobiledb/subscription_lists/1234"}"#,
    /// )?;
    /// assert_eq!(list.id.as_deref(), Some("1234"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: crate::Extra,
}
