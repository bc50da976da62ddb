//! The sample bodies: a valid example body of each callback type, and of each documented case of
//! an `event_processed` action. The emulator delivers them as test events, and `vibes sample`
//! prints them.
//!
//! The bodies are built with the constructors of `vibes-types` and its enumerations, so every
//! wire name (the callback type, a status, a failure reason) is the one the library reads and
//! writes, and a sample follows the library when it changes; only the values Vibes leaves to the
//! customer (ids, numbers, names, free-form fields) are written here. They are modelled on the
//! documentation's examples (the fixtures under `tests/fixtures/callbacks`), with a fixed
//! `event_id` per sample and one fixed `event_date`, so that the output is the same on every
//! run: a receiver that de-duplicates on `event_id` sees a repeated sample as a repeat.

use serde::Serialize;
use serde_json::{Map, Value, json};
use std::fmt;
use vibes_types::events::{
    AckParticipantAdded, AckParticipantChanged, AcquisitionCampaign, Action, ActionFailure,
    CompanyParticipantAdded, CompanyParticipantChanged, DeviceAdded, DeviceOs, DevicePerson,
    DeviceRemoved, DeviceUpdated, EventProcessed, Failure, FailureError, FailureErrorText,
    FailureReason, MessageType, MobilePhone, OptOutReason, Participant, ParticipantPerson,
    ParticipantStatus, Person, PersonAdded, PersonUpdated, ProcessedEvent, PushDevice, ResourceRef,
    RoutingProcessing, SendMessageProcessing, Sms, SmsPerson, SmsSource, SourceCode, StatusReason,
    Subscription, SubscriptionAdded, SubscriptionList, SubscriptionListAdded,
    SubscriptionListUpdated, SubscriptionPerson, SubscriptionRemoved, UnmatchedMessageReceived,
    UnmatchedParticipant, WalletCampaign, WalletInstance, WalletItem, WalletItemInstall,
    WalletItemRemove, WalletProvider,
};
use vibes_types::{CallbackType, FreeForm, Nullable, Timestamp};

/// When every sample happened.
const EVENT_DATE: &str = "2026-03-01T09:00:00Z";

/// A documented case of an `event_processed` action: its name, what it means, and the action.
struct Variant {
    name: &'static str,
    about: &'static str,
    action: fn() -> Action,
}

/// The documented cases of an `event_processed` action, named as the fixtures of each are.
const EVENT_PROCESSED: [Variant; 8] = [
    Variant {
        name: "routing_accepted",
        about: "routing / processing: an event-triggered message took the event",
        action: routing_accepted,
    },
    Variant {
        name: "routing_no_route_rules",
        about: "routing / failed: no route rule matches the event",
        action: || routing_failed(FailureReason::NoRouteRulesFoundForEvent, None),
    },
    Variant {
        name: "routing_person_not_found",
        about: "routing / failed: the event names no known person",
        action: || {
            routing_failed(
                FailureReason::NoRoutesAcceptedEvent,
                Some(FailureErrorText::PersonNotFound),
            )
        },
    },
    Variant {
        name: "routing_subscription_requirements",
        about: "routing / failed: the person lacks the subscription the message requires",
        action: || {
            routing_failed(
                FailureReason::NoRoutesAcceptedEvent,
                Some(FailureErrorText::SubscriptionRequirementsNotMet),
            )
        },
    },
    Variant {
        name: "send_message_queued",
        about: "send_message / processing: the message was queued to the carrier",
        action: send_message_queued,
    },
    Variant {
        name: "send_message_carrier_lookup",
        about: "send_message / failed: the carrier of the number could not be found",
        action: || {
            send_message_failed(
                StatusReason::EventMessageActionFailed,
                FailureReason::PermanentLookupFailureError,
                FailureErrorText::Other(
                    "Carrier Lookup for +12995551234 failed with error null is not a mobile \
                     phone number or its carrier [null] is currently not supported"
                        .to_owned(),
                ),
            )
        },
    },
    Variant {
        name: "send_message_no_incentive_codes",
        about: "send_message / failed: the incentive pool is out of codes",
        action: || {
            send_message_failed(
                StatusReason::EventMessageActionFailed,
                FailureReason::NoAvailableCodes,
                FailureErrorText::IncentivePoolOutOfCodes,
            )
        },
    },
    Variant {
        name: "send_message_unexpected_error",
        about: "send_message / failed: an unexpected error",
        action: || {
            send_message_failed(
                StatusReason::UnexpectedError,
                FailureReason::UnexpectedError,
                FailureErrorText::Other("Reason for unexpected error.".to_owned()),
            )
        },
    },
];

/// Why no sample could be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SampleError {
    /// The type is not a callback type this version knows.
    UnknownType(String),
    /// The type has no variant of that name.
    UnknownVariant {
        /// The callback type.
        callback_type: String,
        /// The variant asked for.
        variant: String,
    },
}

impl fmt::Display for SampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleError::UnknownType(name) => write!(
                f,
                "`{name}` is not a callback type this version knows (`vibes sample --list` lists them)"
            ),
            SampleError::UnknownVariant {
                callback_type,
                variant,
            } => match variants(callback_type).first() {
                None => write!(f, "`{callback_type}` has no variants, so not `{variant}`"),
                Some(_) => write!(
                    f,
                    "`{callback_type}` has no variant `{variant}` (`vibes sample --list` lists them)"
                ),
            },
        }
    }
}

impl std::error::Error for SampleError {}

/// The name of every variant of every callback type.
pub fn variant_names() -> Vec<&'static str> {
    EVENT_PROCESSED.iter().map(|variant| variant.name).collect()
}

/// The variants of `callback_type` with what each means; empty for a type with one case.
pub fn variants(callback_type: &str) -> Vec<(&'static str, &'static str)> {
    if CallbackType::from(callback_type) == CallbackType::EventProcessed {
        EVENT_PROCESSED
            .iter()
            .map(|variant| (variant.name, variant.about))
            .collect()
    } else {
        Vec::new()
    }
}

/// The sample body of `callback_type` (its first variant when it has variants and none is
/// named), as pretty JSON with a line break at the end.
pub fn body(callback_type: &str, variant: Option<&str>) -> Result<String, SampleError> {
    let tag = CallbackType::from(callback_type);
    let unknown_variant = || SampleError::UnknownVariant {
        callback_type: tag.to_string(),
        variant: variant.unwrap_or_default().to_owned(),
    };
    let event_id = format!("sample-{tag}");
    let at = Timestamp::parse(EVENT_DATE).expect("EVENT_DATE is a timestamp");
    let text = match &tag {
        CallbackType::EventProcessed => {
            let chosen = match variant {
                None => &EVENT_PROCESSED[0],
                Some(name) => EVENT_PROCESSED
                    .iter()
                    .find(|known| known.name == name)
                    .ok_or_else(unknown_variant)?,
            };
            let event_id = format!("{event_id}-{}", chosen.name);
            pretty(&EventProcessed::new(
                event_id,
                at,
                processed((chosen.action)()),
            ))
        }
        _ if variant.is_some() => return Err(unknown_variant()),
        CallbackType::PersonAdded => pretty(&PersonAdded::new(event_id, at, person())),
        CallbackType::PersonUpdated => pretty(&PersonUpdated::new(event_id, at, person())),
        CallbackType::SubscriptionAdded => {
            pretty(&SubscriptionAdded::new(event_id, at, subscription(false)))
        }
        CallbackType::SubscriptionRemoved => {
            pretty(&SubscriptionRemoved::new(event_id, at, subscription(true)))
        }
        CallbackType::SubscriptionListAdded => pretty(&SubscriptionListAdded::new(
            event_id,
            at,
            subscription_list(),
        )),
        CallbackType::SubscriptionListUpdated => pretty(&SubscriptionListUpdated::new(
            event_id,
            at,
            subscription_list(),
        )),
        CallbackType::AckParticipantAdded => pretty(&AckParticipantAdded::new(
            event_id,
            at,
            participant(ParticipantStatus::Pending),
        )),
        CallbackType::AckParticipantChanged => pretty(&AckParticipantChanged::new(
            event_id,
            at,
            participant(ParticipantStatus::Confirmed),
        )),
        CallbackType::CompanyParticipantAdded => pretty(&CompanyParticipantAdded::new(
            event_id,
            at,
            participant(ParticipantStatus::Pending),
        )),
        CallbackType::CompanyParticipantChanged => pretty(&CompanyParticipantChanged::new(
            event_id,
            at,
            participant(ParticipantStatus::Confirmed),
        )),
        CallbackType::UnmatchedMessageReceived => pretty(&unmatched_message(event_id, at)),
        CallbackType::WalletItemInstall => {
            let mut installed = WalletItemInstall::new(event_id, at);
            installed.wallet_instance = Some(wallet_instance(false));
            installed.wallet_item = Some(wallet_item());
            installed.wallet_campaign = Some(wallet_campaign());
            pretty(&installed)
        }
        CallbackType::WalletItemRemove => {
            let mut removed = WalletItemRemove::new(event_id, at);
            removed.wallet_instance = Some(wallet_instance(true));
            removed.wallet_item = Some(wallet_item());
            removed.wallet_campaign = Some(wallet_campaign());
            pretty(&removed)
        }
        CallbackType::DeviceAdded => {
            device(DeviceAdded::new(event_id, at, push_device()), |added| {
                &mut added.person
            })
        }
        CallbackType::DeviceUpdated => {
            device(DeviceUpdated::new(event_id, at, push_device()), |updated| {
                &mut updated.person
            })
        }
        CallbackType::DeviceRemoved => {
            device(DeviceRemoved::new(event_id, at, push_device()), |removed| {
                &mut removed.person
            })
        }
        _ => return Err(SampleError::UnknownType(callback_type.to_owned())),
    };
    Ok(text)
}

/// Pretty JSON and a line break, in the body's field order.
///
/// serde_json's pretty writer copies a free-form object's text as it is kept (compact), and
/// reading the body into a `Value` would sort its keys; so the compact text is indented here,
/// as serde_json's pretty writer indents (two spaces, `"key": value`, `{}` for an empty object).
pub(crate) fn pretty(body: &impl Serialize) -> String {
    let compact = serde_json::to_string(body).expect("a body serializes");
    let mut text = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let line = |text: &mut String, depth: usize| {
        text.push('\n');
        text.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            text.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                text.push(c);
            }
            '{' | '[' => {
                text.push(c);
                match chars.next_if(|next| matches!(next, '}' | ']')) {
                    Some(close) => text.push(close),
                    None => {
                        depth += 1;
                        line(&mut text, depth);
                    }
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                line(&mut text, depth);
                text.push(c);
            }
            ',' => {
                text.push(c);
                line(&mut text, depth);
            }
            ':' => text.push_str(": "),
            _ => text.push(c),
        }
    }
    text.push('\n');
    text
}

/// A free-form object of the customer's own fields.
fn free_form(value: Value) -> FreeForm {
    match value {
        Value::Object(object) => FreeForm::from(object),
        _ => FreeForm::from(Map::new()),
    }
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a sample timestamp is well formed")
}

fn link(id: &str, url: &str) -> ResourceRef {
    let mut link = ResourceRef::default();
    link.id = Some(id.to_owned());
    link.url = Some(url.to_owned());
    link
}

fn mobile_phone() -> MobilePhone {
    let mut phone = MobilePhone::default();
    phone.mdn = Some("+12995551234".to_owned());
    phone.carrier_code = Some("104".to_owned());
    phone
}

fn person() -> Person {
    let mut person = Person::default();
    person.person_id = Some("12344566".to_owned());
    person.external_person_id = Some("542342".to_owned());
    person.mobile_phone = Some(mobile_phone());
    person.timezone = Some("US/Central".to_owned());
    person.timezone_source = Some("area_code".to_owned());
    person.custom_fields = Some(free_form(json!({
        "first_name": "Steve",
        "rewards_id": "543557654",
        "favorite_stores": [{"id": "4", "name": "My Hardware Store", "option_key": "my_hardware_store"}],
    })));
    person.created_at = Some(at("2026-01-15T14:30Z"));
    person.updated_at = Some(at("2026-02-18T19:30Z"));
    person.url = Some("/companies/:company_key/mobiledb/persons/12344566".to_owned());
    person
}

fn subscription(removed: bool) -> Subscription {
    let mut person = SubscriptionPerson::default();
    person.id = Some("12344566".to_owned());
    person.external_person_id = Some("542342".to_owned());
    person.url = Some("/companies/:company_key/mobiledb/persons/12344566".to_owned());
    person.mobile_phone = Some(mobile_phone());
    let mut subscription = Subscription::default();
    subscription.person = Some(person);
    subscription.subscription_list = Some(link(
        "1234",
        "/companies/:company_key/mobiledb/subscription_lists/1234",
    ));
    subscription.opt_in_date = Some(at("2026-01-15T15:34:52Z"));
    if removed {
        subscription.opt_out_date = Some(at(EVENT_DATE));
        subscription.opt_out_reason = Some(OptOutReason::UserOptOut);
    }
    subscription
}

fn subscription_list() -> SubscriptionList {
    let url = "/companies/:company_key/mobiledb/subscription_lists/ABC12345";
    let mut list = SubscriptionList::default();
    list.id = Some("ABC12345".to_owned());
    list.name = Some("Wonderful Subscription List".to_owned());
    list.url = Some(url.to_owned());
    list.subscribers_url = Some(format!("{url}/subscribers"));
    list.acquisition_campaigns_url = Some(format!("{url}/acquisition_campaigns"));
    list
}

fn participant(status: ParticipantStatus) -> Participant {
    let mut person = ParticipantPerson::default();
    person.id = Some("AB3423".to_owned());
    person.external_id = Some("ex123".to_owned());
    person.mobile_phone = Some(mobile_phone());
    person.url = Some("/companies/:company_key/mobiledb/persons/AB3423".to_owned());
    let mut campaign = AcquisitionCampaign::default();
    campaign.id = Some("C1323542".to_owned());
    campaign.description = Some("Great Acquisition Campaign".to_owned());
    campaign.url = Some("/companies/:company_key/campaigns/acquisition/C1323542".to_owned());
    campaign.keyword = Some("JOIN".to_owned());
    let mut participant = Participant::default();
    participant.person = Some(person);
    participant.acquisition_campaign = Some(campaign);
    participant.participation_date = Some(at("2026-03-01T08:59Z"));
    participant.expire_date = Some(at("2026-03-02T08:59Z"));
    participant.status = Some(status);
    participant
}

fn unmatched_message(event_id: String, at: Timestamp) -> UnmatchedMessageReceived {
    let mut participant = UnmatchedParticipant::default();
    participant.mdn = Some("+12995551234".to_owned());
    participant.carrier_id = Some("104".to_owned());
    let mut source = SourceCode::default();
    source.company_key = Some("bi3bwNRk".to_owned());
    source.code = Some("52623".to_owned());
    source.country_code = Some("1".to_owned());
    source.code_type = Some("SC".to_owned());
    source.default_response = Some(
        "Sorry, we didn't recognize that keyword. Reply HELP for help or STOP to cancel."
            .to_owned(),
    );
    source.response_sent = Some(true);
    let mut received = UnmatchedMessageReceived::new(event_id, at.clone());
    received.participant = Some(participant);
    received.source_code = Some(source);
    received.message = Some("PIZZA PLZ".to_owned());
    received.message_id = Some("4c7e2a90-b15d-4f83-9e06-d8a3b1c5f274".to_owned());
    received.txn_id = Some("0d9f3b61-e84a-4c27-b5f0-a16e7c2d9b38".to_owned());
    received.receipt_date = Some(at);
    received
}

fn wallet_instance(unregistered: bool) -> WalletInstance {
    let mut instance = WalletInstance::default();
    instance.registered_at = Some(at("2026-01-14T14:30Z"));
    instance.unregistered_at = if unregistered {
        Nullable::Value(at(EVENT_DATE))
    } else {
        Nullable::Null
    };
    instance.wallet_instance_uid = Some("ec5035b8-349d-47e4-aef1-21bef2220c26".to_owned());
    instance.provider = Some(WalletProvider::Google);
    instance
}

fn wallet_item() -> WalletItem {
    let mut item = WalletItem::default();
    item.uuid = Some("3f8b2c61-9d4e-4a07-b15e-c6a0d7f2e948".to_owned());
    item.wallet_object_uid = Some("5b1e9d3a-72c4-4f86-a0d2-e8f7c3b61a95".to_owned());
    item.expiration_date = Some(at("2026-12-31T23:59Z"));
    item.tokens = Some(free_form(
        json!({"first_name": "Calrissian", "member_tier": "Gold"}),
    ));
    item.url = Some(
        "/companies/:company_key/campaigns/wallet/r3zhm8/items/3f8b2c61-9d4e-4a07-b15e-c6a0d7f2e948"
            .to_owned(),
    );
    item
}

fn wallet_campaign() -> WalletCampaign {
    let mut campaign = WalletCampaign::default();
    campaign.wallet_campaign_uid = Some("cc2ba6ca-557f-4335-9df0-ee5d3c541d0a".to_owned());
    campaign.token = Some("r3zhm8".to_owned());
    campaign.url = Some("/companies/:company_key/campaigns/wallet/r3zhm8/".to_owned());
    campaign
}

fn push_device() -> PushDevice {
    let app = "abe57f09-3126-4a7e-abc5-cac779710fd7";
    let device = "92e9d683-dd1e-4646-88d7-b89fc415a5c1";
    let mut push = PushDevice::default();
    push.app_id = Some(app.to_owned());
    push.vibes_device_id = Some(device.to_owned());
    push.push_token =
        Some("62171B3484EE776DB11083F06C90CF970B9C50AC263F46F5B3FBA3CBAF23601F".to_owned());
    push.device_os = Some(DeviceOs::Android);
    push.url = Some(format!("/mobile_apps/{app}/devices/{device}"));
    push
}

/// A device body with its person set (the three device types share both).
fn device<T: Serialize>(
    mut body: T,
    person: impl Fn(&mut T) -> &mut Option<DevicePerson>,
) -> String {
    let mut owner = DevicePerson::default();
    owner.person_id = Some("ABC123".to_owned());
    owner.external_id = Some("ex1234".to_owned());
    owner.url = Some("/companies/:company_key/mobiledb/persons/ABC123".to_owned());
    *person(&mut body) = Some(owner);
    pretty(&body)
}

/// The customer's event, with `action` taken on it.
fn processed(action: Action) -> ProcessedEvent {
    let mut event = ProcessedEvent::new(action);
    event.event_id = Some("3b0e5871-d8b5-4393-b275-07ca0541c8de".to_owned());
    event.event_type = Some("day_of_delivery".to_owned());
    event.event_data = Some(free_form(json!({
        "first_name": "Bob",
        "external_person_id": "abcd12345",
        "delivery_time": "5:00 PM",
        "order_url": "https://example.com/orders/12345",
    })));
    event.debug_data = Some(free_form(json!({"field": "CUST_SYSTEM"})));
    event
}

/// Where the event-triggered message of the samples lives.
const MESSAGE_URL: &str = "/companies/:company_key/mobiledb/event_triggered_messages/276";

fn routing_accepted() -> Action {
    let mut routed = RoutingProcessing::new();
    routed.status_reason = Some(StatusReason::AcceptedByEventTriggeredMessage);
    routed.resource_url = Some(MESSAGE_URL.to_owned());
    Action::RoutingProcessing(routed)
}

fn failure_error(text: FailureErrorText) -> FailureError {
    let mut error = FailureError::new();
    error.error = Some(text);
    error.resource_url = Some(MESSAGE_URL.to_owned());
    error
}

fn routing_failed(reason: FailureReason, error: Option<FailureErrorText>) -> Action {
    let mut failure = Failure::new(reason);
    failure.errors = error.map(|text| vec![failure_error(text)]);
    let mut failed = ActionFailure::new(failure);
    failed.status_reason = Some(StatusReason::EventRoutingFailed);
    Action::RoutingFailed(failed)
}

fn send_message_failed(
    status_reason: StatusReason,
    reason: FailureReason,
    error: FailureErrorText,
) -> Action {
    let mut failure = Failure::new(reason);
    failure.errors = Some(vec![failure_error(error)]);
    let mut failed = ActionFailure::new(failure);
    failed.status_reason = Some(status_reason);
    Action::SendMessageFailed(failed)
}

fn send_message_queued() -> Action {
    let person_key = "w2e2127r-w413-841w-8t40-480b85dc6t3e";
    let mut source = SmsSource::new();
    source.resource_url = Some(MESSAGE_URL.to_owned());
    let mut person = SmsPerson::new();
    person.person_key = Some(person_key.to_owned());
    person.resource_url = Some(format!(
        "/companies/:company_key/mobiledb/persons/{person_key}"
    ));
    let mut sms = Sms::new();
    sms.source = Some(source);
    sms.person = Some(person);
    let mut queued = SendMessageProcessing::new();
    queued.status_reason = Some(StatusReason::Queued);
    queued.message_type = Some(MessageType::Sms);
    queued.sms = Some(sms);
    Action::SendMessageProcessing(queued)
}

#[cfg(test)]
mod tests {
    use super::pretty;
    use serde_json::json;

    #[test]
    fn pretty_indents_as_serde_json_does() {
        let value = json!({"a": [1, {"b": "x,{\\\"y\": []}"}], "c": {}, "d": [], "e": {"f": null}});
        let expected = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert_eq!(pretty(&value), expected);
    }
}
