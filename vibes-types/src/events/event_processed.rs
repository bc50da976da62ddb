//! `event_processed`: how Vibes routed and processed an event the customer sent.

use crate::inspect::Findings;
use crate::json_schema::JsonSchema;
use crate::{Extra, FreeForm, Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use vibes_derive::{Inspect, OpenEnum, object};

/// `event_processed`: Vibes sends it when an event the customer sent was routed to an action, or
/// when that action was processed or failed.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct EventProcessed {
    /// The customer's event and what became of it.
    pub event_processed: ProcessedEvent,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The customer's event, echoed, with the action taken on it.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct ProcessedEvent {
    /// The customer's id of the event (not the callback's `event_id`).
    pub event_id: Option<String>,
    /// The customer's name of the event (`day_of_delivery`), not a callback type.
    pub event_type: Option<String>,
    /// The event's own data, echoed exactly as received.
    pub event_data: Option<FreeForm>,
    /// The event's debug data, echoed exactly as received.
    pub debug_data: Option<FreeForm>,
    /// What was done with the event.
    pub action: Action,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What Vibes did with an event, by action type and status.
///
/// The four documented pairs have their own variants; any other pair (a `success` status, a new
/// action type) is an [`Action::Other`] that keeps every field. A documented field that arrives
/// on a case that does not document it is kept in that case's `extra`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawAction", into = "RawAction")]
#[non_exhaustive]
pub enum Action {
    /// `routing` / `processing`: the event was accepted by an event-triggered message.
    RoutingProcessing(RoutingProcessing),
    /// `routing` / `failed`: no event-triggered message took the event.
    RoutingFailed(ActionFailure),
    /// `send_message` / `processing`: the message was generated and queued to the carrier.
    SendMessageProcessing(SendMessageProcessing),
    /// `send_message` / `failed`: the message could not be sent.
    SendMessageFailed(ActionFailure),
    /// Any other type and status, with every field kept.
    Other(OtherAction),
}

/// A routed event: `routing` / `processing`.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct RoutingProcessing {
    /// Why (`accepted_by_event_triggered_message`).
    pub status_reason: Option<StatusReason>,
    /// The event-triggered message that took the event.
    pub resource_url: Option<String>,
    /// Fields this case does not document, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A failed action: `routing` / `failed` or `send_message` / `failed`.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct ActionFailure {
    /// Why (`event_routing_failed`, `event_message_action_failed`, `UnexpectedError`).
    pub status_reason: Option<StatusReason>,
    /// What failed.
    pub failure: Failure,
    /// Fields this case does not document, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A queued message: `send_message` / `processing`.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SendMessageProcessing {
    /// Why (`queued`).
    pub status_reason: Option<StatusReason>,
    /// What kind of message was generated.
    pub message_type: Option<MessageType>,
    /// The SMS that was generated, when `message_type` is `sms`.
    pub sms: Option<Sms>,
    /// Fields this case does not document, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An action of a type and status pair with no variant of its own, every field kept.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct OtherAction {
    /// The action type.
    #[serde(rename = "type")]
    pub action_type: ActionType,
    /// The action status.
    pub status: ActionStatus,
    /// Why the action has this status.
    pub status_reason: Option<StatusReason>,
    /// The resource the action concerns.
    pub resource_url: Option<String>,
    /// What failed, if anything.
    pub failure: Option<Failure>,
    /// What kind of message was generated.
    pub message_type: Option<MessageType>,
    /// The SMS that was generated.
    pub sms: Option<Sms>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Why an action failed.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct Failure {
    /// The kind of failure.
    pub reason: FailureReason,
    /// The individual errors, each with the resource it concerns.
    pub errors: Option<Vec<FailureError>>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One error behind a failure.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct FailureError {
    /// The error's text, typed where the documentation gives it.
    pub error: Option<FailureErrorText>,
    /// The resource (usually the event-triggered message) the error concerns.
    pub resource_url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The SMS generated for an event.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct Sms {
    /// What generated the message.
    pub source: Option<SmsSource>,
    /// Who the message is for.
    pub person: Option<SmsPerson>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What generated an SMS.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SmsSource {
    /// The event-triggered message's path in the Vibes API.
    pub resource_url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The person an SMS is for.
#[object]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct SmsPerson {
    /// The canonical key of the person.
    pub person_key: Option<String>,
    /// The person's path in the Vibes API.
    pub resource_url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The kind of action taken on an event.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum ActionType {
    /// Finding an event-triggered message for the event.
    #[vibes(rename = "routing")]
    Routing,
    /// Sending the message the event triggered.
    #[vibes(rename = "send_message")]
    SendMessage,
    /// An action type this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}

/// Where an action stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum ActionStatus {
    /// Accepted and under way.
    #[vibes(rename = "processing")]
    Processing,
    /// Failed; see the failure.
    #[vibes(rename = "failed")]
    Failed,
    /// Succeeded (named in the field table; no example is published).
    #[vibes(rename = "success")]
    Success,
    /// A status this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}

/// Why an action has its status.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum StatusReason {
    /// An event-triggered message accepted the event.
    #[vibes(rename = "accepted_by_event_triggered_message")]
    AcceptedByEventTriggeredMessage,
    /// No event-triggered message accepted the event.
    #[vibes(rename = "event_routing_failed")]
    EventRoutingFailed,
    /// The message action failed.
    #[vibes(rename = "event_message_action_failed")]
    EventMessageActionFailed,
    /// Something unexpected failed.
    #[vibes(rename = "UnexpectedError")]
    UnexpectedError,
    /// The message is queued to the carrier.
    #[vibes(rename = "queued")]
    Queued,
    /// A reason this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}

/// The kind of a failure. The wire spellings mix cases exactly as the documentation does.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum FailureReason {
    /// No route rules exist for the event.
    #[vibes(rename = "no_route_rules_found_for_event")]
    NoRouteRulesFoundForEvent,
    /// Route rules exist, but none accepted the event (see the errors: subscription requirements
    /// not met, person not found).
    #[vibes(rename = "no_routes_accepted_event")]
    NoRoutesAcceptedEvent,
    /// The carrier lookup of the number failed: a landline or an unsupported carrier.
    #[vibes(rename = "PermanentLookupFailureError")]
    PermanentLookupFailureError,
    /// The incentive pool has no codes left.
    #[vibes(rename = "NoAvailableCodes")]
    NoAvailableCodes,
    /// Something unexpected failed.
    #[vibes(rename = "UnexpectedError")]
    UnexpectedError,
    /// A reason this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}

/// The text of a failure's error: the documented texts as variants, any other text kept.
///
/// These are messages, not an enumeration: a text not listed here is ordinary (the carrier
/// lookup error, for one, names the number), so strict parsing accepts it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[vibes(free_text)]
#[non_exhaustive]
pub enum FailureErrorText {
    /// The person is not on the event-triggered message's subscription list.
    #[vibes(rename = "Event-Triggered Message subscription requirements are not met")]
    SubscriptionRequirementsNotMet,
    /// The person the event names does not exist.
    #[vibes(rename = "Person is not found")]
    PersonNotFound,
    /// The incentive pool is out of codes.
    #[vibes(rename = "The referenced incentive pool is out of codes.")]
    IncentivePoolOutOfCodes,
    /// Any other text, as received.
    #[vibes(other)]
    Other(String),
}

/// The kind of message an action generated.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum MessageType {
    /// A text message.
    #[vibes(rename = "sms")]
    Sms,
    /// A message type this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}

impl Action {
    /// The action type, whichever case this is.
    pub fn action_type(&self) -> ActionType {
        match self {
            Action::RoutingProcessing(_) | Action::RoutingFailed(_) => ActionType::Routing,
            Action::SendMessageProcessing(_) | Action::SendMessageFailed(_) => {
                ActionType::SendMessage
            }
            Action::Other(other) => other.action_type.clone(),
        }
    }

    /// The action status, whichever case this is.
    pub fn status(&self) -> ActionStatus {
        match self {
            Action::RoutingProcessing(_) | Action::SendMessageProcessing(_) => {
                ActionStatus::Processing
            }
            Action::RoutingFailed(_) | Action::SendMessageFailed(_) => ActionStatus::Failed,
            Action::Other(other) => other.status.clone(),
        }
    }

    /// The failure, for the failed cases.
    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Action::RoutingFailed(failed) | Action::SendMessageFailed(failed) => {
                Some(&failed.failure)
            }
            Action::Other(other) => other.failure.as_ref(),
            Action::RoutingProcessing(_) | Action::SendMessageProcessing(_) => None,
        }
    }
}

#[cfg(feature = "schema")]
impl JsonSchema for Action {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Action".into()
    }

    /// A union on the wire's own discriminators, `type` then `status`, of the flat wire form with
    /// those two fixed; a failed case requires its `failure`, as reading an action does.
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let flat = OtherAction::json_schema(generator);
        let cases = crate::schema::ActionCases {
            type_field: wire::TYPE,
            types: ActionType::KNOWN,
            status_field: wire::STATUS,
            statuses: ActionStatus::KNOWN,
            failure_field: wire::FAILURE,
            failed: ActionStatus::Failed.as_str(),
        };
        crate::schema::action(generator, &flat, cases)
    }
}

impl Inspect for Action {
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        match self {
            Action::RoutingProcessing(action) => action.inspect(path, found),
            Action::RoutingFailed(action) | Action::SendMessageFailed(action) => {
                action.inspect(path, found);
            }
            Action::SendMessageProcessing(action) => action.inspect(path, found),
            Action::Other(action) => action.inspect(path, found),
        }
    }
}

/// The flat wire form of an action, read first so that every field error keeps its path, then
/// turned into the case its type and status name.
type RawAction = OtherAction;

impl TryFrom<RawAction> for Action {
    type Error = String;

    fn try_from(raw: RawAction) -> Result<Self, String> {
        use ActionStatus::{Failed, Processing};
        use ActionType::{Routing, SendMessage};
        let mut extra = raw.extra;
        // A documented field this case does not document is kept in `extra`, an explicit
        // `null` included.
        let mut keep = |key: &str, value: Option<Value>| match value {
            Some(value) => {
                extra.insert(key.to_owned(), value);
            }
            None => {
                if extra.take_null(key) {
                    extra.insert(key.to_owned(), Value::Null);
                }
            }
        };
        let failed = |failure: Option<Failure>| {
            failure.ok_or_else(|| {
                format!(
                    "a `{}` action with status `{}` needs its `failure`",
                    raw.action_type, raw.status
                )
            })
        };
        let action = match (&raw.action_type, &raw.status) {
            (Routing, Processing) => {
                keep(wire::FAILURE, to_value(raw.failure));
                keep(wire::MESSAGE_TYPE, to_value(raw.message_type));
                keep(wire::SMS, to_value(raw.sms));
                Action::RoutingProcessing(RoutingProcessing {
                    status_reason: raw.status_reason,
                    resource_url: raw.resource_url,
                    extra,
                })
            }
            (Routing | SendMessage, Failed) => {
                let failure = failed(raw.failure)?;
                keep(wire::RESOURCE_URL, to_value(raw.resource_url));
                keep(wire::MESSAGE_TYPE, to_value(raw.message_type));
                keep(wire::SMS, to_value(raw.sms));
                let failure = ActionFailure {
                    status_reason: raw.status_reason,
                    failure,
                    extra,
                };
                if raw.action_type == Routing {
                    Action::RoutingFailed(failure)
                } else {
                    Action::SendMessageFailed(failure)
                }
            }
            (SendMessage, Processing) => {
                keep(wire::RESOURCE_URL, to_value(raw.resource_url));
                keep(wire::FAILURE, to_value(raw.failure));
                Action::SendMessageProcessing(SendMessageProcessing {
                    status_reason: raw.status_reason,
                    message_type: raw.message_type,
                    sms: raw.sms,
                    extra,
                })
            }
            _ => Action::Other(OtherAction { extra, ..raw }),
        };
        Ok(action)
    }
}

impl From<Action> for RawAction {
    fn from(action: Action) -> RawAction {
        let (action_type, status) = (action.action_type(), action.status());
        let empty = OtherAction {
            action_type,
            status,
            status_reason: None,
            resource_url: None,
            failure: None,
            message_type: None,
            sms: None,
            extra: Extra::default(),
        };
        match action {
            Action::RoutingProcessing(routed) => OtherAction {
                status_reason: routed.status_reason,
                resource_url: routed.resource_url,
                extra: routed.extra,
                ..empty
            },
            Action::RoutingFailed(failed) | Action::SendMessageFailed(failed) => OtherAction {
                status_reason: failed.status_reason,
                failure: Some(failed.failure),
                extra: failed.extra,
                ..empty
            },
            Action::SendMessageProcessing(queued) => OtherAction {
                status_reason: queued.status_reason,
                message_type: queued.message_type,
                sms: queued.sms,
                extra: queued.extra,
                ..empty
            },
            Action::Other(other) => other,
        }
    }
}

/// The wire names of the flat action's fields, for the code that moves them between cases and
/// the schema of the cases (the attributes of `OtherAction` are where serde reads them).
mod wire {
    #[cfg(feature = "schema")]
    pub const TYPE: &str = "type";
    #[cfg(feature = "schema")]
    pub const STATUS: &str = "status";
    pub const FAILURE: &str = "failure";
    pub const MESSAGE_TYPE: &str = "message_type";
    pub const SMS: &str = "sms";
    pub const RESOURCE_URL: &str = "resource_url";
}

/// A documented field moved to `extra` because its case does not document it.
fn to_value<T: Serialize>(value: Option<T>) -> Option<Value> {
    value.map(|value| serde_json::to_value(value).unwrap_or(Value::Null))
}
