//! The typed and schema-first baselines the crate's reader is compared with.

use serde::Deserialize;
use std::path::Path;
use std::sync::LazyLock;
use vibes_types::events::{
    AckParticipantAdded, AckParticipantChanged, CompanyParticipantAdded, CompanyParticipantChanged,
    DeviceAdded, DeviceRemoved, DeviceUpdated, EventProcessed, PersonAdded, PersonUpdated,
    SubscriptionAdded, SubscriptionListAdded, SubscriptionListUpdated, SubscriptionRemoved,
    UnmatchedMessageReceived, WalletItemInstall, WalletItemRemove,
};

/// The naive typed reader: the crate's payload structs behind serde's own internally tagged
/// enum, what a team would write first. It dispatches on `callback_type` only (serde has no
/// fallback tag), so it cannot read bodies that carry only `event_type`, and it has no unknown
/// type, no path in its errors and no strict mode.
#[derive(Debug, Deserialize)]
#[serde(tag = "callback_type")]
pub enum Tagged {
    /// `person_added`.
    #[serde(rename = "person_added", alias = "person_add")]
    PersonAdded(PersonAdded),
    /// `person_updated`.
    #[serde(rename = "person_updated")]
    PersonUpdated(PersonUpdated),
    /// `subscription_added`.
    #[serde(rename = "subscription_added")]
    SubscriptionAdded(SubscriptionAdded),
    /// `subscription_removed`.
    #[serde(rename = "subscription_removed")]
    SubscriptionRemoved(SubscriptionRemoved),
    /// `subscription_list_added`.
    #[serde(rename = "subscription_list_added")]
    SubscriptionListAdded(SubscriptionListAdded),
    /// `subscription_list_updated`.
    #[serde(rename = "subscription_list_updated")]
    SubscriptionListUpdated(SubscriptionListUpdated),
    /// `ack_participant_added`.
    #[serde(rename = "ack_participant_added")]
    AckParticipantAdded(AckParticipantAdded),
    /// `ack_participant_changed`.
    #[serde(rename = "ack_participant_changed")]
    AckParticipantChanged(AckParticipantChanged),
    /// `company_participant_added`.
    #[serde(rename = "company_participant_added")]
    CompanyParticipantAdded(CompanyParticipantAdded),
    /// `company_participant_changed`.
    #[serde(rename = "company_participant_changed")]
    CompanyParticipantChanged(CompanyParticipantChanged),
    /// `unmatched_message_received`.
    #[serde(rename = "unmatched_message_received")]
    UnmatchedMessageReceived(UnmatchedMessageReceived),
    /// `wallet_item_install`.
    #[serde(rename = "wallet_item_install")]
    WalletItemInstall(WalletItemInstall),
    /// `wallet_item_remove`.
    #[serde(rename = "wallet_item_remove")]
    WalletItemRemove(WalletItemRemove),
    /// `device_added`.
    #[serde(rename = "device_added")]
    DeviceAdded(DeviceAdded),
    /// `device_updated`.
    #[serde(rename = "device_updated")]
    DeviceUpdated(DeviceUpdated),
    /// `device_removed`.
    #[serde(rename = "device_removed")]
    DeviceRemoved(DeviceRemoved),
    /// `event_processed`, boxed as in `Callback`.
    #[serde(rename = "event_processed")]
    EventProcessed(Box<EventProcessed>),
}

/// The committed `schemas/callback.schema.json`, compiled once: what a schema-first team checks
/// each body against.
pub fn schema_validator() -> &'static jsonschema::Validator {
    static VALIDATOR: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read(root.join("schemas/callback.schema.json")).expect("the schema");
        let schema = serde_json::from_slice(&text).expect("the schema is JSON");
        let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
        // A validator that accepted anything would make a fast and meaningless baseline.
        for entry in std::fs::read_dir(root.join("tests/fixtures/invalid")).expect("fixtures") {
            let path = entry.expect("fixture entry").path();
            let text = std::fs::read(&path).expect("invalid fixture");
            if let Ok(body) = serde_json::from_slice::<serde_json::Value>(&text) {
                assert!(!validator.is_valid(&body), "{} passes", path.display());
            }
        }
        validator
    });
    &VALIDATOR
}
