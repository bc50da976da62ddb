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
    ///
    /// Reading a `wallet_item_install` body (the documentation's example, shortened), which names
    /// its type only in `event_type`:
    ///
    /// ```
    /// use vibes_types::events::{WalletItemInstall, WalletProvider};
    ///
    /// let installed: WalletItemInstall = serde_json::from_str(r#"{
    ///   "event_id": "5725c57e-f4bf-47e3-8b1f-6b47e532157a", "event_type": "wallet_item_install",
    ///   "event_date": "2018-05-07T15:27:33.664Z",
    ///   "wallet_instance": {"registered_at": "2017-01-14T14:30Z", "unregistered_at": null,
    ///     "provider": "google"},
    ///   "wallet_campaign": {"token": "r3zhm8"}}"#)?;
    /// assert_eq!(installed.callback_type, None);
    /// let instance = installed.wallet_instance.as_ref().unwrap();
    /// assert_eq!(instance.provider, Some(WalletProvider::Google));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a `wallet_item_remove` body:
    ///
    /// ```
    /// use vibes_types::events::WalletItemRemove;
    ///
    /// let removed: WalletItemRemove = serde_json::from_str(r#"{"event_id": "2a9c7e05",
    ///   "event_type": "wallet_item_remove", "event_date": "2020-08-23T21:38:05.258+01:00",
    ///   "wallet_instance": {"unregistered_at": "2020-08-23T21:38:05.258+01:00"},
    ///   "wallet_item": {"tokens": {"first_name": "Calrissian", "member_tier": "Gold"}}}"#)?;
    /// let item = removed.wallet_item.as_ref().unwrap();
    /// assert_eq!(item.tokens.as_ref().unwrap().to_map()["member_tier"], "Gold");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading an installation; `unregistered_at` keeps the difference between `null` and absent:
    ///
    /// ```
    /// use vibes_types::Nullable;
    /// use vibes_types::events::WalletInstance;
    ///
    /// let installed: WalletInstance = serde_json::from_str(
    ///     r#"{"registered_at": "2017-01-14T14:30Z", "unregistered_at": null}"#,
    /// )?;
    /// assert_eq!(installed.unregistered_at, Nullable::Null);
    /// assert_eq!(
    ///     serde_json::to_string(&installed)?,
    ///     r#"{"registered_at":"2017-01-14T14:30Z","unregistered_at":null}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a pass; its tokens are written back exactly as received:
    ///
    /// ```
    /// use vibes_types::events::WalletItem;
    ///
    /// let item: WalletItem =
    ///     serde_json::from_str(r#"{"uuid": "item-uuid", "tokens": {"points": 1200.50}}"#)?;
    /// assert_eq!(item.tokens.as_ref().unwrap().as_json(), r#"{"points": 1200.50}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a wallet campaign:
    ///
    /// ```
    /// use vibes_types::events::WalletCampaign;
    ///
    /// let campaign: WalletCampaign = serde_json::from_str(
    ///     r#"{"wallet_campaign_uid": "cc2ba6ca-557f-4335-9df0-ee5d3c541d0a", "token": "r3zhm8"}"#,
    /// )?;
    /// assert_eq!(campaign.token.as_deref(), Some("r3zhm8"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::WalletProvider;
    ///
    /// assert_eq!("apple".parse::<WalletProvider>(), Ok(WalletProvider::Apple));
    /// let samsung = WalletProvider::from("samsung");
    /// assert_eq!(samsung, WalletProvider::Unknown("samsung".to_owned()));
    /// assert_eq!(samsung.to_string(), "samsung");
    /// ```
    #[vibes(other)]
    Unknown(String),
}
