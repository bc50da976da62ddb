//! The callback bodies, one file per family of callback types.

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
    #[serde(flatten)]
    pub extra: crate::Extra,
}
