//! The catalogue of callback types: the single list of their wire names.

use vibes_derive::OpenEnum;

/// A Vibes callback type: what a registration subscribes to and what a callback body reports.
///
/// This is the one place the wire names are written. A name this version does not know is kept
/// as [`CallbackType::Unknown`] with its exact text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, OpenEnum)]
#[non_exhaustive]
pub enum CallbackType {
    /// A person was added to the mobile database (older documentation writes `person_add`, which
    /// reads as this value too).
    #[vibes(rename = "person_added", alias = "person_add")]
    PersonAdded,
    /// A person was modified, or an "add" matched an existing person.
    #[vibes(rename = "person_updated")]
    PersonUpdated,
    /// A person joined a subscription list.
    #[vibes(rename = "subscription_added")]
    SubscriptionAdded,
    /// A person left a subscription list.
    #[vibes(rename = "subscription_removed")]
    SubscriptionRemoved,
    /// A subscription list was created.
    #[vibes(rename = "subscription_list_added")]
    SubscriptionListAdded,
    /// A subscription list was modified.
    #[vibes(rename = "subscription_list_updated")]
    SubscriptionListUpdated,
    /// A participant joined an acquisition campaign; the double opt-in is pending.
    #[vibes(rename = "ack_participant_added")]
    AckParticipantAdded,
    /// An acquisition campaign participant confirmed or declined.
    #[vibes(rename = "ack_participant_changed")]
    AckParticipantChanged,
    /// Company-wide variant of `ack_participant_added`.
    #[vibes(rename = "company_participant_added")]
    CompanyParticipantAdded,
    /// Company-wide variant of `ack_participant_changed`.
    #[vibes(rename = "company_participant_changed")]
    CompanyParticipantChanged,
    /// An inbound SMS matched no keyword.
    #[vibes(rename = "unmatched_message_received")]
    UnmatchedMessageReceived,
    /// A wallet pass was installed.
    #[vibes(rename = "wallet_item_install")]
    WalletItemInstall,
    /// A wallet pass was removed.
    #[vibes(rename = "wallet_item_remove")]
    WalletItemRemove,
    /// An app was installed on a device, or a device moved to this person.
    #[vibes(rename = "device_added")]
    DeviceAdded,
    /// A push token was added to or removed from a device.
    #[vibes(rename = "device_updated")]
    DeviceUpdated,
    /// An app was uninstalled, or the device moved to another person.
    #[vibes(rename = "device_removed")]
    DeviceRemoved,
    /// An event sent to Vibes was routed or processed.
    #[vibes(rename = "event_processed")]
    EventProcessed,
    /// A callback type this version does not know, with its exact text.
    ///
    /// ```
    /// use vibes_types::CallbackType;
    ///
    /// assert_eq!(CallbackType::from("person_add"), CallbackType::PersonAdded);
    /// assert_eq!(CallbackType::PersonAdded.as_str(), "person_added");
    /// let new = CallbackType::from("person_merged");
    /// assert_eq!(new, CallbackType::Unknown("person_merged".to_owned()));
    /// assert!(!new.is_known());
    /// assert_eq!(CallbackType::KNOWN.len(), 17);
    /// ```
    #[vibes(other)]
    Unknown(String),
}

/// Type fields of registration answers and test event requests keep the spelling they came in
/// (`person_add`), so that they are written back as read.
impl crate::reader::object::Aliased for CallbackType {
    fn from_text(text: &str) -> Self {
        CallbackType::from(text)
    }

    fn as_text(&self) -> &str {
        self.as_str()
    }
}
