//! `wallet_item_install` and `wallet_item_remove`: a wallet pass added to or removed from a phone.

use crate::json_schema::JsonSchema;
use crate::{Extra, FreeForm, Nullable, Timestamp};
use vibes_derive::{Inspect, OpenEnum, object};

/// `wallet_item_install`: Vibes sends it when a person installs a wallet pass.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct WalletItemInstall {
    /// The installation on the person's wallet.
    pub wallet_instance: Option<WalletInstance>,
    /// The pass.
    pub wallet_item: Option<WalletItem>,
    /// The campaign the pass belongs to.
    pub wallet_campaign: Option<WalletCampaign>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `wallet_item_remove`: Vibes sends it when a person removes a wallet pass.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct WalletItemRemove {
    /// The installation on the person's wallet.
    pub wallet_instance: Option<WalletInstance>,
    /// The pass.
    pub wallet_item: Option<WalletItem>,
    /// The campaign the pass belongs to.
    pub wallet_campaign: Option<WalletCampaign>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A pass's installation in one wallet.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct WalletInstance {
    /// When the pass was installed.
    pub registered_at: Option<Timestamp>,
    /// When the pass was removed: Vibes writes `null` while it is installed.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub unregistered_at: Nullable<Timestamp>,
    /// Vibes' id of the installation.
    pub wallet_instance_uid: Option<String>,
    /// Whose wallet it is.
    pub provider: Option<WalletProvider>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A wallet pass.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct WalletItem {
    /// The pass's id.
    pub uuid: Option<String>,
    /// The wallet provider's id of the pass.
    pub wallet_object_uid: Option<String>,
    /// When the pass expires.
    pub expiration_date: Option<Timestamp>,
    /// The pass's personalisation values, exactly as received.
    pub tokens: Option<FreeForm>,
    /// The pass's path in the Vibes API.
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A wallet campaign.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct WalletCampaign {
    /// Vibes' id of the campaign.
    pub wallet_campaign_uid: Option<String>,
    /// The campaign token (the registration filter).
    pub token: Option<String>,
    /// The campaign's path in the Vibes API.
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Whose wallet a pass is in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum WalletProvider {
    /// Google Wallet.
    #[vibes(rename = "google")]
    Google,
    /// Apple Wallet.
    #[vibes(rename = "apple")]
    Apple,
    /// A provider this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}
