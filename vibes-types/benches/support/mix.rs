//! The generated mix: realistic callback bodies that are not fixtures of this repository, built
//! from one template per callback type (the documented bodies) with varied ids, timestamps in the
//! six documented shapes, customer data of varied size and, now and then, fields Vibes may add.

use super::json::{Json, Layout, Object};
use super::rng::Rng;

/// Generates `count` bodies from `seed`, in the proportions of `SHARES`, in shuffled order.
pub fn bodies(count: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let companies: Vec<String> = (0..5).map(|_| rng.key(8)).collect();
    let mut templates = Vec::with_capacity(count);
    for (template, share) in SHARES {
        let copies = share as usize * count / 100;
        templates.extend(std::iter::repeat_n(template, copies));
    }
    // Rounding leaves a few places: they go to the most common type.
    templates.resize(count, Template::EventProcessed);
    rng.shuffle(&mut templates);
    templates
        .into_iter()
        .map(|template| body(template, &mut rng, &companies))
        .collect()
}

/// The sizes of `event_data` in the large free-form bodies, in bytes: from a rich order event
/// to a body near what a receiver takes (`vibes-receiver` reads at most 1 MiB by default).
pub const LARGE_EVENT_DATA: [usize; 4] = [5_000, 50_000, 200_000, 500_000];

/// One `event_processed` body for each size of `LARGE_EVENT_DATA`: a customer's event with that
/// much free-form `event_data` (the vocabulary of the mix, then `attribute_N` keys), compact.
/// Here keeping text instead of building a tree matters most.
pub fn large_bodies(seed: u64) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let company = rng.key(8);
    LARGE_EVENT_DATA
        .iter()
        .map(|&size| {
            // Keys are about alike in size: a sample gives how many make `size` bytes.
            let sample = Json::Object(free_form(&mut rng, EVENT_FIELDS, 200));
            let per_key = sample.to_bytes(Layout::Compact).len() / 200;
            let keys = size.div_ceil(per_key.max(1));
            let mut event = Object::new();
            event.push("event_id", rng.uuid());
            event.push("event_type", *rng.pick(EVENT_TYPES));
            event.push("event_data", free_form(&mut rng, EVENT_FIELDS, keys));
            event.push("action", action(&mut rng, &company));
            let mut body = Object::new();
            body.push("event_id", rng.uuid());
            body.push("callback_type", "event_processed");
            body.push("event_date", rng.timestamp());
            body.push("event_processed", event);
            Json::Object(body).to_bytes(Layout::Compact)
        })
        .collect()
}

/// Each callback type's share of a hundred bodies: mostly `event_processed` and subscription
/// bodies, as in a busy account, and some of every other type.
const SHARES: [(Template, u64); 17] = [
    (Template::EventProcessed, 45),
    (Template::SubscriptionAdded, 15),
    (Template::SubscriptionRemoved, 12),
    (Template::PersonAdded, 4),
    (Template::PersonUpdated, 4),
    (Template::SubscriptionListAdded, 1),
    (Template::SubscriptionListUpdated, 1),
    (Template::AckParticipantAdded, 2),
    (Template::AckParticipantChanged, 2),
    (Template::CompanyParticipantAdded, 1),
    (Template::CompanyParticipantChanged, 1),
    (Template::UnmatchedMessageReceived, 2),
    (Template::WalletItemInstall, 2),
    (Template::WalletItemRemove, 2),
    (Template::DeviceAdded, 2),
    (Template::DeviceUpdated, 2),
    (Template::DeviceRemoved, 2),
];

/// One template per callback type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Template {
    PersonAdded,
    PersonUpdated,
    SubscriptionAdded,
    SubscriptionRemoved,
    SubscriptionListAdded,
    SubscriptionListUpdated,
    AckParticipantAdded,
    AckParticipantChanged,
    CompanyParticipantAdded,
    CompanyParticipantChanged,
    UnmatchedMessageReceived,
    WalletItemInstall,
    WalletItemRemove,
    DeviceAdded,
    DeviceUpdated,
    DeviceRemoved,
    EventProcessed,
}

/// Which type fields a body carries: `callback_type`, `event_type` or both.
#[derive(Clone, Copy)]
enum Naming {
    /// `callback_type` only: current bodies.
    CallbackType,
    /// Both, with the same value: the deprecated `event_type` still sent beside it.
    Both,
    /// `event_type` only: every wallet body and older ones.
    EventType,
}

impl Template {
    /// The callback type's wire name.
    fn name(self) -> &'static str {
        match self {
            Template::PersonAdded => "person_added",
            Template::PersonUpdated => "person_updated",
            Template::SubscriptionAdded => "subscription_added",
            Template::SubscriptionRemoved => "subscription_removed",
            Template::SubscriptionListAdded => "subscription_list_added",
            Template::SubscriptionListUpdated => "subscription_list_updated",
            Template::AckParticipantAdded => "ack_participant_added",
            Template::AckParticipantChanged => "ack_participant_changed",
            Template::CompanyParticipantAdded => "company_participant_added",
            Template::CompanyParticipantChanged => "company_participant_changed",
            Template::UnmatchedMessageReceived => "unmatched_message_received",
            Template::WalletItemInstall => "wallet_item_install",
            Template::WalletItemRemove => "wallet_item_remove",
            Template::DeviceAdded => "device_added",
            Template::DeviceUpdated => "device_updated",
            Template::DeviceRemoved => "device_removed",
            Template::EventProcessed => "event_processed",
        }
    }

    /// Which type fields this body carries.
    fn naming(self, rng: &mut Rng) -> Naming {
        match self {
            Template::WalletItemInstall | Template::WalletItemRemove => Naming::EventType,
            // Only the queued example also carries a top-level `event_type`.
            Template::EventProcessed if rng.chance(25) => Naming::Both,
            Template::EventProcessed => Naming::CallbackType,
            _ => *rng.weighted(&[
                (Naming::Both, 55),
                (Naming::CallbackType, 40),
                (Naming::EventType, 5),
            ]),
        }
    }

    /// The members after the envelope.
    fn payload(self, rng: &mut Rng, company: &str) -> Object {
        let mut payload = Object::new();
        match self {
            Template::PersonAdded | Template::PersonUpdated => {
                payload.push("person", person(rng, company));
            }
            Template::SubscriptionAdded => {
                payload.push("subscription", subscription(rng, company, false));
            }
            Template::SubscriptionRemoved => {
                payload.push("subscription", subscription(rng, company, true));
            }
            Template::SubscriptionListAdded | Template::SubscriptionListUpdated => {
                payload.push("subscription_list", subscription_list(rng, company));
            }
            Template::AckParticipantAdded | Template::CompanyParticipantAdded => {
                payload.push("participant", participant(rng, company, &["PENDING"]));
            }
            Template::AckParticipantChanged | Template::CompanyParticipantChanged => {
                let statuses = ["CONFIRMED", "CONFIRMED", "REJECTED", "SUBSCRIBED"];
                payload.push("participant", participant(rng, company, &statuses));
            }
            Template::UnmatchedMessageReceived => payload = unmatched_message(rng, company),
            Template::WalletItemInstall => payload = wallet(rng, company, false),
            Template::WalletItemRemove => payload = wallet(rng, company, true),
            Template::DeviceAdded | Template::DeviceUpdated | Template::DeviceRemoved => {
                payload = device(rng, company);
            }
            Template::EventProcessed => {
                payload.push("event_processed", event_processed(rng, company));
            }
        }
        payload
    }
}

/// One whole body of `template`.
fn body(template: Template, rng: &mut Rng, companies: &[String]) -> Vec<u8> {
    let company = rng.pick(companies).clone();
    let mut body = Object::new();
    let event_id = if rng.chance(85) {
        rng.uuid()
    } else {
        rng.key(12)
    };
    body.push("event_id", event_id);
    let name = template.name();
    match template.naming(rng) {
        Naming::CallbackType => body.push("callback_type", name),
        Naming::Both => {
            body.push("callback_type", name);
            body.push("event_type", name);
        }
        Naming::EventType => body.push("event_type", name),
    }
    body.push("event_date", rng.timestamp());
    // Test callbacks and some older bodies say which registration and attempt this is.
    if rng.chance(10) {
        let callback_id = if rng.chance(70) {
            Json::from(rng.digits(5))
        } else {
            Json::Int(rng.range(1000, 99_999) as i64)
        };
        body.push("callback_id", callback_id);
        body.push("delivery_attempt", rng.range(1, 3).to_string());
    }
    body.extend(template.payload(rng, &company));
    if rng.chance(8) {
        unknown_fields(rng, &mut body, &company);
    }
    // A proxy that re-serialises through a sorted map can put the payload before the type.
    if rng.chance(12) {
        body.sort();
    }
    let layout = if rng.chance(80) {
        Layout::Compact
    } else {
        Layout::Pretty(*rng.pick(&[2, 3, 4]))
    };
    Json::Object(body).to_bytes(layout)
}

/// Adds one or two fields this version does not model, as Vibes may add at any time.
fn unknown_fields(rng: &mut Rng, object: &mut Object, company: &str) {
    match rng.range(0, 3) {
        0 => object.push("company_key", company),
        1 => object.push(
            "x_vibes_region",
            *rng.pick(&["us-east-1", "us-west-2", "eu-west-1"]),
        ),
        2 => object.push("schema_revision", Json::Int(rng.range(2, 5) as i64)),
        _ => {
            let mut trace = Object::new();
            trace.push("span_id", rng.hex(16));
            trace.push("sampled", rng.chance(10));
            object.push("trace", trace);
        }
    }
}

/// `person` of person callbacks.
fn person(rng: &mut Rng, company: &str) -> Object {
    let id = if rng.chance(70) {
        rng.digits(8)
    } else {
        rng.key(10)
    };
    let mut person = Object::new();
    person.push("person_id", id.clone());
    if rng.chance(40) {
        person.push("person_key", rng.uuid());
    }
    if rng.chance(80) {
        person.push("external_person_id", rng.digits(6));
    }
    if rng.chance(90) {
        let mut phone = Object::new();
        phone.push("mdn", rng.mdn());
        if rng.chance(80) {
            phone.push(
                "carrier_code",
                *rng.pick(&["104", "102", "383", "31004", "103"]),
            );
        }
        person.push("mobile_phone", phone);
    }
    if rng.chance(70) {
        person.push("timezone", *rng.pick(TIMEZONES));
        if rng.chance(80) {
            person.push("timezone_source", "area_code");
        }
    }
    if rng.chance(85) {
        let keys = key_count(rng);
        person.push("custom_fields", free_form(rng, CUSTOMER_FIELDS, keys));
    }
    person.push("created_at", rng.timestamp());
    person.push("updated_at", rng.timestamp());
    person.push("url", format!("/companies/{company}/mobiledb/persons/{id}"));
    if rng.chance(10) {
        person.push("preferred_language", *rng.pick(&["en", "es", "fr"]));
    }
    person
}

/// `subscription` of subscription callbacks; a removal adds the opt-out.
fn subscription(rng: &mut Rng, company: &str, removed: bool) -> Object {
    let person_id = rng.key(10);
    let list_id = rng.digits(4);
    let mut person = Object::new();
    person.push("id", person_id.clone());
    if rng.chance(60) {
        let external = rng.digits(6);
        person.push("external_id", external.clone());
        person.push("external_person_id", external);
    }
    if rng.chance(60) {
        person.push("person_key", rng.uuid());
    }
    person.push(
        "url",
        format!("/companies/{company}/mobiledb/persons/{person_id}"),
    );
    let mut phone = Object::new();
    phone.push("mdn", rng.mdn());
    person.push("mobile_phone", phone);
    let mut subscription = Object::new();
    subscription.push("person", person);
    subscription.push("subscription_list", list(company, &list_id));
    subscription.push("opt_in_date", rng.timestamp());
    if removed {
        subscription.push("opt_out_date", rng.timestamp());
        subscription.push("opt_out_reason", *rng.pick(OPT_OUT_REASONS));
    }
    // Older bodies name the campaign that acquired the person, and the subscription's own path.
    if rng.chance(20) {
        let campaign = rng.key(8);
        let mut acquisition = Object::new();
        acquisition.push("id", campaign.clone());
        acquisition.push(
            "url",
            format!("/companies/{company}/campaigns/acquisition/{campaign}"),
        );
        subscription.push("acquisition_campaign", acquisition);
        subscription.push(
            "url",
            format!("/companies/{company}/mobiledb/persons/{person_id}/subscriptions/{list_id}"),
        );
    }
    subscription
}

/// A `{id, url}` reference to a subscription list.
fn list(company: &str, id: &str) -> Object {
    let mut list = Object::new();
    list.push("id", id);
    list.push(
        "url",
        format!("/companies/{company}/mobiledb/subscription_lists/{id}"),
    );
    list
}

/// `subscription_list` of subscription list callbacks.
fn subscription_list(rng: &mut Rng, company: &str) -> Object {
    let id = rng.key(8);
    let url = format!("/companies/{company}/mobiledb/subscription_lists/{id}");
    let mut list = Object::new();
    list.push("id", id);
    list.push("name", *rng.pick(LIST_NAMES));
    list.push("subscribers_url", format!("{url}/subscribers"));
    list.push(
        "acquisition_campaigns_url",
        format!("{url}/acquisition_campaigns"),
    );
    list.push("url", url);
    list
}

/// `participant` of acquisition campaign callbacks, with one of `statuses`.
fn participant(rng: &mut Rng, company: &str, statuses: &[&str]) -> Object {
    let person_id = rng.key(6);
    let mut person = Object::new();
    person.push("id", person_id.clone());
    if rng.chance(70) {
        person.push("external_id", format!("ex{}", rng.digits(4)));
    }
    let mut phone = Object::new();
    phone.push("mdn", rng.mdn());
    person.push("mobile_phone", phone);
    person.push(
        "url",
        format!("/companies/{company}/mobiledb/persons/{person_id}"),
    );
    let campaign_id = format!("C{}", rng.digits(7));
    let mut campaign = Object::new();
    campaign.push("id", campaign_id.clone());
    campaign.push("description", *rng.pick(CAMPAIGNS));
    campaign.push(
        "url",
        format!("/companies/{company}/campaigns/acquisition/{campaign_id}"),
    );
    campaign.push("keyword", *rng.pick(KEYWORDS));
    let mut participant = Object::new();
    participant.push("person", person);
    participant.push("acquisition_campaign", campaign);
    // Newer bodies also name the list the participant joins.
    if rng.chance(30) {
        participant.push("subscription_list", list(company, &rng.digits(4)));
    }
    participant.push("participation_date", rng.timestamp());
    participant.push("expire_date", rng.timestamp());
    participant.push("status", *rng.pick(statuses));
    participant
}

/// The members of an `unmatched_message_received` body.
fn unmatched_message(rng: &mut Rng, company: &str) -> Object {
    let mut sender = Object::new();
    sender.push("mdn", rng.mdn());
    sender.push("carrier_id", rng.digits(3));
    let mut source = Object::new();
    source.push("company_key", company);
    source.push("code", rng.digits(5));
    source.push("country_code", *rng.pick(&["US", "US", "CA"]));
    source.push("code_type", *rng.pick(&["SC", "SC", "SC", "LC"]));
    source.push(
        "default_response",
        "Sorry, we did not understand. Reply HELP for help, STOP to cancel.",
    );
    source.push("response_sent", rng.chance(70));
    let mut payload = Object::new();
    payload.push("participant", sender);
    payload.push("source_code", source);
    payload.push("message", *rng.pick(MESSAGES));
    payload.push("message_id", rng.uuid());
    payload.push("txn_id", rng.digits(12));
    payload.push("receipt_date", rng.timestamp());
    payload
}

/// The members of a wallet body; a removal has an `unregistered_at`, an install `null`.
fn wallet(rng: &mut Rng, company: &str, removed: bool) -> Object {
    let mut instance = Object::new();
    instance.push("registered_at", rng.timestamp());
    let unregistered = if removed {
        Json::from(rng.timestamp())
    } else {
        Json::Null
    };
    instance.push("unregistered_at", unregistered);
    instance.push("wallet_instance_uid", rng.uuid());
    instance.push("provider", *rng.pick(&["google", "apple"]));
    let token = rng.text(6, b"abcdefghijklmnopqrstuvwxyz0123456789");
    let item_id = rng.uuid();
    let mut tokens = Object::new();
    for key in WALLET_TOKENS.iter().take(rng.range(1, 6) as usize) {
        let value = match *key {
            "first_name" => rng.pick(FIRST_NAMES).to_string(),
            "points" => rng.range(0, 20_000).to_string(),
            "member_since" => rng.timestamp(),
            _ => rng.key(10),
        };
        tokens.push(*key, value);
    }
    let mut item = Object::new();
    item.push("uuid", item_id.clone());
    item.push("wallet_object_uid", rng.uuid());
    item.push("expiration_date", rng.timestamp());
    item.push("tokens", tokens);
    item.push(
        "url",
        format!("/companies/{company}/campaigns/wallet/{token}/items/{item_id}"),
    );
    let mut campaign = Object::new();
    campaign.push("wallet_campaign_uid", rng.uuid());
    campaign.push("token", token.clone());
    campaign.push(
        "url",
        format!("/companies/{company}/campaigns/wallet/{token}/"),
    );
    let mut payload = Object::new();
    payload.push("wallet_instance", instance);
    payload.push("wallet_item", item);
    payload.push("wallet_campaign", campaign);
    payload
}

/// The members of a device body.
fn device(rng: &mut Rng, company: &str) -> Object {
    let person_id = rng.key(6);
    let mut person = Object::new();
    person.push("person_id", person_id.clone());
    if rng.chance(60) {
        person.push("external_id", format!("ex{}", rng.digits(4)));
    }
    person.push(
        "url",
        format!("/companies/{company}/mobiledb/persons/{person_id}"),
    );
    let app_id = rng.uuid();
    let device_id = rng.uuid();
    let ios = rng.chance(45);
    let token = if ios {
        rng.text(64, b"0123456789ABCDEF")
    } else {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        format!(
            "{}:APA91b{}",
            rng.text(22, alphabet),
            rng.text(134, alphabet)
        )
    };
    let mut push = Object::new();
    push.push("app_id", app_id.clone());
    push.push("vibes_device_id", device_id.clone());
    push.push("push_token", token);
    push.push("device_os", if ios { "IOS" } else { "ANDROID" });
    push.push("url", format!("/mobile_apps/{app_id}/devices/{device_id}"));
    let mut payload = Object::new();
    if rng.chance(95) {
        payload.push("person", person);
    }
    payload.push("push_device", push);
    payload
}

/// `event_processed` of an `event_processed` body, in one of the eight documented cases.
fn event_processed(rng: &mut Rng, company: &str) -> Object {
    let mut event = Object::new();
    event.push("event_id", rng.uuid());
    event.push("event_type", *rng.pick(EVENT_TYPES));
    let keys = key_count(rng);
    event.push("event_data", free_form(rng, EVENT_FIELDS, keys));
    if rng.chance(40) {
        let mut debug = Object::new();
        debug.push("field", *rng.pick(&["CUST_SYSTEM", "OMS", "POS"]));
        if rng.chance(50) {
            debug.push("request_id", rng.uuid());
        }
        event.push("debug_data", debug);
    }
    event.push("action", action(rng, company));
    event
}

/// The eight documented `event_processed` action cases, the successful ones the most frequent.
#[derive(Clone, Copy)]
enum Case {
    Accepted,
    NoRouteRules,
    SubscriptionRequirements,
    PersonNotFound,
    CarrierLookup,
    NoAvailableCodes,
    UnexpectedError,
    Queued,
}

/// `action`: what Vibes did with the event.
fn action(rng: &mut Rng, company: &str) -> Object {
    let case = *rng.weighted(&[
        (Case::Accepted, 25),
        (Case::Queued, 25),
        (Case::NoRouteRules, 10),
        (Case::SubscriptionRequirements, 10),
        (Case::PersonNotFound, 10),
        (Case::CarrierLookup, 8),
        (Case::NoAvailableCodes, 6),
        (Case::UnexpectedError, 6),
    ]);
    let message_url = format!(
        "/companies/{company}/mobiledb/event_triggered_messages/{}",
        rng.range(1, 999)
    );
    let mut action = Object::new();
    let (action_type, status, status_reason) = match case {
        Case::Accepted => (
            "routing",
            "processing",
            "accepted_by_event_triggered_message",
        ),
        Case::NoRouteRules | Case::SubscriptionRequirements | Case::PersonNotFound => {
            ("routing", "failed", "event_routing_failed")
        }
        Case::CarrierLookup | Case::NoAvailableCodes => {
            ("send_message", "failed", "event_message_action_failed")
        }
        Case::UnexpectedError => ("send_message", "failed", "UnexpectedError"),
        Case::Queued => ("send_message", "processing", "queued"),
    };
    action.push("type", action_type);
    action.push("status", status);
    action.push("status_reason", status_reason);
    let failure = |reason: &str, error: Option<String>| {
        let mut failure = Object::new();
        failure.push("reason", reason);
        if let Some(error) = error {
            let mut item = Object::new();
            item.push("error", error);
            item.push("resource_url", message_url.clone());
            failure.push("errors", vec![Json::Object(item)]);
        }
        failure
    };
    match case {
        Case::Accepted => action.push("resource_url", message_url.clone()),
        Case::NoRouteRules => {
            action.push("failure", failure("no_route_rules_found_for_event", None))
        }
        Case::SubscriptionRequirements => action.push(
            "failure",
            failure(
                "no_routes_accepted_event",
                Some("Event-Triggered Message subscription requirements are not met".into()),
            ),
        ),
        Case::PersonNotFound => action.push(
            "failure",
            failure(
                "no_routes_accepted_event",
                Some("Person is not found".into()),
            ),
        ),
        Case::CarrierLookup => {
            let error = format!(
                "Carrier Lookup for {} failed with error null is not a mobile phone number or its carrier [null] is currently not supported",
                rng.mdn()
            );
            action.push(
                "failure",
                failure("PermanentLookupFailureError", Some(error)),
            );
        }
        Case::NoAvailableCodes => action.push(
            "failure",
            failure(
                "NoAvailableCodes",
                Some("The referenced incentive pool is out of codes.".into()),
            ),
        ),
        Case::UnexpectedError => action.push(
            "failure",
            failure(
                "UnexpectedError",
                Some("Reason for unexpected error.".into()),
            ),
        ),
        Case::Queued => {
            let person_key = rng.uuid();
            let mut source = Object::new();
            source.push("resource_url", message_url.clone());
            let mut person = Object::new();
            person.push("person_key", person_key.clone());
            person.push(
                "resource_url",
                format!("/companies/{company}/mobiledb/persons/{person_key}"),
            );
            let mut sms = Object::new();
            sms.push("source", source);
            sms.push("person", person);
            action.push("message_type", "sms");
            action.push("sms", sms);
        }
    }
    if rng.chance(5) {
        unknown_fields(rng, &mut action, company);
    }
    action
}

/// What a free-form value (`custom_fields`, `event_data`) holds under one key.
#[derive(Clone, Copy)]
enum Field {
    /// A first name.
    Name,
    /// One of these words.
    Word(&'static [&'static str]),
    /// A sentence.
    Text,
    /// A date string.
    Date,
    /// A whole number.
    Count,
    /// An amount of money.
    Money,
    /// A boolean.
    Flag,
    /// A number-like id, as text.
    Id,
    /// A link.
    Link,
    /// A single choice `{id, name}`.
    Choice,
    /// Several choices `[{id, name, option_key}]`.
    Choices,
    /// A postal address object.
    Address,
    /// An order's items, each an object.
    Items,
    /// A few strings.
    Tags,
    /// An object holding an object.
    Nested,
}

/// Customer-defined person fields.
const CUSTOMER_FIELDS: &[(&str, Field)] = &[
    ("first_name", Field::Name),
    ("last_name", Field::Word(LAST_NAMES)),
    ("birthdate", Field::Date),
    ("rewards_id", Field::Id),
    ("favorite_stores", Field::Choices),
    ("home_store", Field::Choice),
    (
        "loyalty_tier",
        Field::Word(&["bronze", "silver", "gold", "platinum"]),
    ),
    ("loyalty_points", Field::Count),
    ("lifetime_value", Field::Money),
    ("email_opt_in", Field::Flag),
    ("preferred_language", Field::Word(&["en", "es", "fr", "de"])),
    ("address", Field::Address),
    ("signup_source", Field::Nested),
    ("last_purchase_date", Field::Date),
    ("interests", Field::Tags),
    ("vip", Field::Flag),
    ("referral_code", Field::Id),
    ("household_size", Field::Count),
    ("anniversary", Field::Date),
    (
        "sms_frequency",
        Field::Word(&["daily", "weekly", "monthly"]),
    ),
    ("notes", Field::Text),
    ("sizes", Field::Choices),
];

/// Fields of customers' events.
const EVENT_FIELDS: &[(&str, Field)] = &[
    ("first_name", Field::Name),
    ("external_person_id", Field::Id),
    (
        "delivery_time",
        Field::Word(&["5:00 PM", "9:30 AM", "between 2 and 4 PM"]),
    ),
    ("order_url", Field::Link),
    ("order_id", Field::Id),
    ("order_total", Field::Money),
    ("currency", Field::Word(&["USD", "EUR", "GBP", "CAD"])),
    ("items", Field::Items),
    ("shipping_address", Field::Address),
    ("is_gift", Field::Flag),
    ("loyalty_points", Field::Count),
    ("coupon_code", Field::Id),
    ("tags", Field::Tags),
    ("store", Field::Choice),
    ("appointment_date", Field::Date),
    ("carrier", Field::Word(&["UPS", "FedEx", "USPS", "DHL"])),
    ("tracking_number", Field::Id),
    ("estimated_delivery", Field::Date),
    ("metadata", Field::Nested),
    ("subtotal", Field::Money),
    ("tax", Field::Money),
    ("discount", Field::Money),
    ("item_count", Field::Count),
    (
        "channel",
        Field::Word(&["web", "app", "store", "call_center"]),
    ),
    ("locale", Field::Word(&["en_US", "es_US", "fr_CA"])),
    ("survey_url", Field::Link),
    ("message", Field::Text),
    ("express", Field::Flag),
];

/// How many keys a free-form object has: mostly a handful, sometimes a few dozen.
fn key_count(rng: &mut Rng) -> usize {
    let (low, high) = *rng.weighted(&[((3, 10), 6), ((10, 24), 3), ((24, 40), 1)]);
    rng.range(low, high) as usize
}

/// An object of `count` keys drawn from `vocabulary`, then `attribute_N` keys past its end.
fn free_form(rng: &mut Rng, vocabulary: &[(&str, Field)], count: usize) -> Object {
    let mut order: Vec<usize> = (0..vocabulary.len()).collect();
    rng.shuffle(&mut order);
    let mut object = Object::new();
    for &index in order.iter().take(count) {
        let (key, field) = vocabulary[index];
        object.push(key, value(rng, field));
    }
    while object.len() < count {
        let (_, field) = *rng.pick(vocabulary);
        let key = format!("attribute_{}", object.len());
        object.push(key, value(rng, field));
    }
    object
}

/// A value of kind `field`.
fn value(rng: &mut Rng, field: Field) -> Json {
    match field {
        Field::Name => Json::from(*rng.pick(FIRST_NAMES)),
        Field::Word(words) => Json::from(*rng.pick(words)),
        Field::Text => Json::from(*rng.pick(MESSAGES)),
        Field::Date => Json::from(format!(
            "{}-{:02}-{:02}T00:00:00Z",
            rng.range(1940, 2025),
            rng.range(1, 12),
            rng.range(1, 28)
        )),
        Field::Count => Json::Int(rng.range(0, 5000) as i64),
        Field::Money => Json::Float(rng.range(100, 99_999) as f64 / 100.0),
        Field::Flag => Json::Bool(rng.chance(50)),
        Field::Id => {
            let len = rng.range(5, 12) as usize;
            Json::from(rng.digits(len))
        }
        Field::Link => Json::from(format!("https://example.com/orders/{}", rng.digits(6))),
        Field::Choice => Json::from(choice(rng, false)),
        Field::Choices => (0..rng.range(1, 4))
            .map(|_| Json::from(choice(rng, true)))
            .collect::<Vec<_>>()
            .into(),
        Field::Address => {
            let mut address = Object::new();
            address.push(
                "street",
                format!("{} {}", rng.range(1, 9999), rng.pick(STREETS)),
            );
            address.push("city", *rng.pick(CITIES));
            address.push("postal_code", rng.digits(5));
            address.push("country", "US");
            Json::from(address)
        }
        Field::Items => (0..rng.range(1, 6))
            .map(|_| {
                let mut item = Object::new();
                item.push("sku", rng.key(8));
                item.push("name", *rng.pick(PRODUCTS));
                item.push("quantity", Json::Int(rng.range(1, 4) as i64));
                item.push(
                    "unit_price",
                    Json::Float(rng.range(99, 19_999) as f64 / 100.0),
                );
                Json::from(item)
            })
            .collect::<Vec<_>>()
            .into(),
        Field::Tags => (0..rng.range(0, 5))
            .map(|_| Json::from(*rng.pick(&["new", "sale", "vip", "outdoor", "kids", "gift"])))
            .collect::<Vec<_>>()
            .into(),
        Field::Nested => {
            let mut campaign = Object::new();
            campaign.push("id", rng.key(6));
            campaign.push("medium", *rng.pick(&["sms", "email", "social", "qr"]));
            campaign.push("cost", Json::Float(rng.range(0, 500) as f64 / 10.0));
            let mut nested = Object::new();
            nested.push(
                "source",
                *rng.pick(&["keyword", "web_form", "import", "api"]),
            );
            nested.push("campaign", campaign);
            Json::from(nested)
        }
    }
}

/// A single choice `{id, name}`, or a multiple choice item `{id, name, option_key}`.
fn choice(rng: &mut Rng, keyed: bool) -> Object {
    let (name, key) = *rng.pick(STORES);
    let mut choice = Object::new();
    choice.push("id", rng.range(1, 40).to_string());
    choice.push("name", name);
    if keyed {
        choice.push("option_key", key);
    }
    choice
}

const TIMEZONES: &[&str] = &[
    "US/Central",
    "US/Eastern",
    "US/Pacific",
    "US/Mountain",
    "America/Chicago",
    "Europe/London",
];
const OPT_OUT_REASONS: &[&str] = &[
    "user_opt_out",
    "disconnect",
    "list_archived",
    "bulk_opt_out",
    "failed_at_carrier",
    "obsolete_carrier",
    "platform_opt_out",
    "keyword_opt_out",
    "api_opt_out",
    "button_opt_out",
];
const FIRST_NAMES: &[&str] = &[
    "Bob", "Maria", "José", "Aiko", "Zoë", "Liam", "Priya", "Chen", "Fatima", "Søren", "Noah",
];
const LAST_NAMES: &[&str] = &["Smith", "García", "Nguyen", "O'Brien", "Müller", "Okafor"];
const LIST_NAMES: &[&str] = &[
    "Wonderful Subscription List",
    "Weekly Deals",
    "Store Alerts – Chicago",
    "VIP \"Insiders\"",
];
const CAMPAIGNS: &[&str] = &[
    "Great Acquisition Campaign",
    "Spring sale opt-in",
    "In-store QR sign-up",
];
const KEYWORDS: &[&str] = &["SUBSCRIBED", "JOIN", "DEALS", "VIP", "SAVE20"];
const EVENT_TYPES: &[&str] = &[
    "day_of_delivery",
    "order_shipped",
    "order_delivered",
    "cart_abandoned",
    "appointment_reminder",
    "password_reset",
    "loyalty_points_earned",
    "back_in_stock",
];
const MESSAGES: &[&str] = &[
    "STOP",
    "Where is my order?",
    "What time do you close today?",
    "I'd like to \"opt in\" please",
    "Hola, ¿tienen descuentos esta semana?",
    "Thanks! 👍",
    "Can I move my appointment to 3pm?\nThanks, Bob",
];
/// Personalisation tokens of a wallet pass; their values are strings.
const WALLET_TOKENS: &[&str] = &[
    "first_name",
    "member_id",
    "points",
    "member_since",
    "barcode",
    "tier",
];
const STORES: &[(&str, &str)] = &[
    ("My Hardware Store", "my_hardware_store"),
    ("Local Grocery", "local_grocery"),
    ("Downtown Outlet", "downtown_outlet"),
    ("Café Lumière", "cafe_lumiere"),
];
const STREETS: &[&str] = &["Main St", "Oak Avenue", "W Madison St", "Elm Road"];
const CITIES: &[&str] = &["Chicago", "Austin", "Portland", "Springfield", "São Paulo"];
const PRODUCTS: &[&str] = &[
    "Cordless Drill",
    "Organic Apples (1 kg)",
    "Running Shoes",
    "Gift Card $25",
];
