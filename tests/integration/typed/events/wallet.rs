//! `wallet_item_install` and `wallet_item_remove` bodies: a wallet pass, with the one field
//! Vibes documents as nullable (`unregistered_at`).

use crate::typed::envelope::callbacks;
use crate::typed::json::{extra, free_form};
use crate::typed::scalars::{Values, open, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::Nullable;
use vibes_types::events::{
    WalletCampaign, WalletInstance, WalletItem, WalletItemInstall, WalletItemRemove, WalletProvider,
};

/// The two wallet bodies have the same fields, none of them required.
macro_rules! wallet_body {
    ($body:ident) => {
        |id, at, (wallet_instance, wallet_item, wallet_campaign)| {
            let mut body = $body::new(id, at);
            body.wallet_instance = wallet_instance;
            body.wallet_item = wallet_item;
            body.wallet_campaign = wallet_campaign;
            body
        }
    };
}

callbacks! {
    wallet_item_install => WalletItemInstall(pass) with wallet_body!(WalletItemInstall);
    wallet_item_remove => WalletItemRemove(pass) with wallet_body!(WalletItemRemove);
}

type Pass = (
    Option<WalletInstance>,
    Option<WalletItem>,
    Option<WalletCampaign>,
);

fn pass(values: Values) -> impl Strategy<Value = Pass> {
    (of(instance(values)), of(item()), of(campaign()))
}

fn instance(values: Values) -> impl Strategy<Value = WalletInstance> {
    // Absent, `null` (while the pass is installed) or a date: all three are written back as read.
    let unregistered_at = prop_oneof![
        Just(Nullable::Absent),
        Just(Nullable::Null),
        timestamp().prop_map(Nullable::Value),
    ];
    let provider = of(open::<WalletProvider>(WalletProvider::KNOWN, values));
    (
        of(timestamp()),
        unregistered_at,
        of(text()),
        provider,
        extra(),
    )
        .prop_map(
            |(registered_at, unregistered_at, wallet_instance_uid, provider, extra)| {
                let mut instance = WalletInstance::new();
                instance.registered_at = registered_at;
                instance.unregistered_at = unregistered_at;
                instance.wallet_instance_uid = wallet_instance_uid;
                instance.provider = provider;
                instance.extra = extra;
                instance
            },
        )
}

fn item() -> impl Strategy<Value = WalletItem> {
    let ids = (of(text()), of(text()));
    (ids, of(timestamp()), of(free_form()), of(text()), extra()).prop_map(
        |((uuid, wallet_object_uid), expiration_date, tokens, url, extra)| {
            let mut item = WalletItem::new();
            item.uuid = uuid;
            item.wallet_object_uid = wallet_object_uid;
            item.expiration_date = expiration_date;
            item.tokens = tokens;
            item.url = url;
            item.extra = extra;
            item
        },
    )
}

fn campaign() -> impl Strategy<Value = WalletCampaign> {
    (of(text()), of(text()), of(text()), extra()).prop_map(
        |(wallet_campaign_uid, token, url, extra)| {
            let mut campaign = WalletCampaign::new();
            campaign.wallet_campaign_uid = wallet_campaign_uid;
            campaign.token = token;
            campaign.url = url;
            campaign.extra = extra;
            campaign
        },
    )
}
