//! `event_processed`: how Vibes routed and processed an event the customer sent.

use crate::inspect::Findings;
use crate::json_schema::JsonSchema;
use crate::{Extra, FreeForm, Inspect, JsonPath};
#[cfg(feature = "schema")]
use schemars::{Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use vibes_derive::{Inspect, OpenEnum, object};

/// `event_processed`: Vibes sends it when an event the customer sent was routed to an action, or
/// when that action was processed or failed.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct EventProcessed {
    /// The customer's event and what became of it.
    pub event_processed: ProcessedEvent,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading an `event_processed` body (the documentation's example, shortened):
    ///
    /// ```
    /// use vibes_types::events::{Action, EventProcessed};
    ///
    /// let processed: EventProcessed = serde_json::from_str(r#"{
    ///   "event_id": "3a083a69-2064-430a-8ab6-72f163692ed2", "callback_type": "event_processed",
    ///   "event_date": "2022-08-15T20:02:36Z",
    ///   "event_processed": {"event_id": "3b0e5871", "event_type": "day_of_delivery",
    ///     "action": {"type": "routing", "status": "processing",
    ///       "status_reason": "accepted_by_event_triggered_message"}}}"#)?;
    /// assert_eq!(processed.event_processed.event_type.as_deref(), Some("day_of_delivery"));
    /// assert!(matches!(processed.event_processed.action, Action::RoutingProcessing(_)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading the processed event; its `event_data` is the customer's own, read here into the
    /// customer's own type:
    ///
    /// ```
    /// use vibes_types::events::ProcessedEvent;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct DayOfDelivery {
    ///     first_name: String,
    ///     delivery_time: String,
    /// }
    ///
    /// let event: ProcessedEvent = serde_json::from_str(r#"{"event_type": "day_of_delivery",
    ///   "event_data": {"first_name": "Bob", "delivery_time": "5:00 PM"},
    ///   "action": {"type": "routing", "status": "processing"}}"#)?;
    /// let data: DayOfDelivery = event.event_data.as_ref().unwrap().deserialize()?;
    /// assert_eq!((data.first_name.as_str(), data.delivery_time.as_str()), ("Bob", "5:00 PM"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// What Vibes did with an event, by action type and status.
///
/// The four documented pairs have their own variants; any other pair (a `success` status, a new
/// action type) is an [`Action::Other`] that keeps every field. So is a documented pair that
/// carries a field its case does not document (a `failure` on a `processing` action): `Other`
/// keeps that field typed, where strict reading checks it.
///
/// ```
/// use vibes_types::Callback;
/// use vibes_types::events::{Action, FailureErrorText, FailureReason};
///
/// let body = br#"{"event_id": "4a6dcfcf-16be-474d-b87f-ee64a08f6dab",
///   "callback_type": "event_processed", "event_date": "2022-08-15T20:20:02Z",
///   "event_processed": {"event_type": "day_of_delivery",
///     "action": {"type": "routing", "status": "failed", "status_reason": "event_routing_failed",
///       "failure": {"reason": "no_routes_accepted_event",
///         "errors": [{"error": "Person is not found"}]}}}}"#;
///
/// let Callback::EventProcessed(processed) = Callback::from_slice(body)? else { unreachable!() };
/// match &processed.event_processed.action {
///     Action::RoutingFailed(failed) => {
///         assert_eq!(failed.failure.reason, FailureReason::NoRoutesAcceptedEvent);
///         let errors = failed.failure.errors.as_deref().unwrap_or_default();
///         assert_eq!(errors[0].error, Some(FailureErrorText::PersonNotFound));
///     }
///     other => println!("{} / {}", other.action_type(), other.status()),
/// }
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
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
    ///
    /// Reading a routed event's action:
    ///
    /// ```
    /// use vibes_types::events::{Action, StatusReason};
    ///
    /// let action: Action = serde_json::from_str(r#"{"type": "routing", "status": "processing",
    ///   "status_reason": "accepted_by_event_triggered_message",
    ///   "resource_url": "/companies/:company_key/mobiledb/event_triggered_messages/276"}"#)?;
    /// let Action::RoutingProcessing(routed) = action else { unreachable!() };
    /// assert_eq!(routed.status_reason, Some(StatusReason::AcceptedByEventTriggeredMessage));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a failed message action; the carrier lookup's error text names the number, so it is
    /// kept as [`FailureErrorText::Other`]:
    ///
    /// ```
    /// use vibes_types::events::{Action, FailureErrorText, FailureReason};
    ///
    /// let action: Action = serde_json::from_str(r#"{"type": "send_message", "status": "failed",
    ///   "status_reason": "event_message_action_failed",
    ///   "failure": {"reason": "PermanentLookupFailureError",
    ///     "errors": [{"error": "Carrier Lookup for +18609740638 failed"}]}}"#)?;
    /// let Action::SendMessageFailed(failed) = action else { unreachable!() };
    /// assert_eq!(failed.failure.reason, FailureReason::PermanentLookupFailureError);
    /// let errors = failed.failure.errors.unwrap_or_default();
    /// let Some(FailureErrorText::Other(text)) = &errors[0].error else { unreachable!() };
    /// assert!(text.contains("+18609740638"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a queued message's action:
    ///
    /// ```
    /// use vibes_types::events::{Action, MessageType};
    ///
    /// let action: Action = serde_json::from_str(r#"{"type": "send_message",
    ///   "status": "processing", "status_reason": "queued", "message_type": "sms",
    ///   "sms": {"person": {"person_key": "w2e2127r-w413-841w-8t40-480b85dc6t3e"}}}"#)?;
    /// let Action::SendMessageProcessing(queued) = action else { unreachable!() };
    /// assert_eq!(queued.message_type, Some(MessageType::Sms));
    /// assert!(queued.sms.is_some());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading an action of a type this version does not know:
    ///
    /// ```
    /// use vibes_types::events::{Action, ActionType};
    ///
    /// let action: Action = serde_json::from_str(r#"{"type": "send_push", "status": "processing",
    ///   "push_id": "p-1"}"#)?;
    /// let Action::Other(other) = action else { unreachable!() };
    /// assert_eq!(other.action_type, ActionType::Unknown("send_push".to_owned()));
    /// assert_eq!(other.extra.get("push_id").unwrap(), "p-1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a failure with the documented error texts:
    ///
    /// ```
    /// use vibes_types::events::{Failure, FailureErrorText, FailureReason};
    ///
    /// let failure: Failure = serde_json::from_str(r#"{"reason": "NoAvailableCodes",
    ///   "errors": [{"error": "The referenced incentive pool is out of codes."}]}"#)?;
    /// assert_eq!(failure.reason, FailureReason::NoAvailableCodes);
    /// let errors = failure.errors.unwrap_or_default();
    /// assert_eq!(errors[0].error, Some(FailureErrorText::IncentivePoolOutOfCodes));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading one error of a failure:
    ///
    /// ```
    /// use vibes_types::events::{FailureError, FailureErrorText};
    ///
    /// let error: FailureError = serde_json::from_str(r#"{
    ///   "error": "Event-Triggered Message subscription requirements are not met",
    ///   "resource_url": "/companies/:company_key/mobiledb/event_triggered_messages/276"}"#)?;
    /// assert_eq!(error.error, Some(FailureErrorText::SubscriptionRequirementsNotMet));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading the SMS of a queued message:
    ///
    /// ```
    /// use vibes_types::events::Sms;
    ///
    /// let sms: Sms = serde_json::from_str(r#"{
    ///   "source": {"resource_url": "/companies/zY5VnE7r/mobiledb/event_triggered_messages/276"},
    ///   "person": {"person_key": "w2e2127r-w413-841w-8t40-480b85dc6t3e"}}"#)?;
    /// assert!(sms.source.is_some());
    /// assert!(sms.person.is_some());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading what generated an SMS:
    ///
    /// ```
    /// use vibes_types::events::SmsSource;
    ///
    /// let source: SmsSource = serde_json::from_str(
    ///     r#"{"resource_url": "/companies/:company_key/mobiledb/event_triggered_messages/276"}"#,
    /// )?;
    /// assert!(source.resource_url.is_some_and(|url| url.ends_with("/276")));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading the person an SMS is for:
    ///
    /// ```
    /// use vibes_types::events::SmsPerson;
    ///
    /// let person: SmsPerson =
    ///     serde_json::from_str(r#"{"person_key": "w2e2127r-w413-841w-8t40-480b85dc6t3e"}"#)?;
    /// assert_eq!(person.person_key.as_deref(), Some("w2e2127r-w413-841w-8t40-480b85dc6t3e"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::ActionType;
    ///
    /// assert_eq!(ActionType::from("send_message"), ActionType::SendMessage);
    /// assert_eq!(ActionType::from("send_push"), ActionType::Unknown("send_push".to_owned()));
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::ActionStatus;
    ///
    /// assert_eq!(ActionStatus::from("failed"), ActionStatus::Failed);
    /// assert!(!ActionStatus::from("retrying").is_known());
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::StatusReason;
    ///
    /// assert_eq!(StatusReason::from("queued"), StatusReason::Queued);
    /// assert_eq!(StatusReason::from("throttled").as_str(), "throttled");
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::FailureReason;
    ///
    /// assert_eq!(FailureReason::from("NoAvailableCodes"), FailureReason::NoAvailableCodes);
    /// let other = FailureReason::from("RateLimitExceeded");
    /// assert_eq!(other, FailureReason::Unknown("RateLimitExceeded".to_owned()));
    /// ```
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
    ///
    /// Strict reading accepts any text here, as these are messages rather than an enumeration.
    ///
    /// ```
    /// use vibes_types::Inspect;
    /// use vibes_types::events::FailureErrorText;
    ///
    /// let text = FailureErrorText::from("Carrier Lookup for +18609740638 failed");
    /// assert_eq!(text.as_str(), "Carrier Lookup for +18609740638 failed");
    /// assert!(matches!(text, FailureErrorText::Other(_)));
    /// assert!(text.unrecognized().is_empty());
    /// assert_eq!(FailureErrorText::from("Person is not found"), FailureErrorText::PersonNotFound);
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::MessageType;
    ///
    /// assert_eq!(MessageType::from("sms"), MessageType::Sms);
    /// assert_eq!(MessageType::from("mms"), MessageType::Unknown("mms".to_owned()));
    /// ```
    #[vibes(other)]
    Unknown(String),
}

impl Action {
    /// The action type, whichever case this is.
    ///
    /// ```
    /// use vibes_types::events::{Action, ActionStatus, ActionType};
    ///
    /// let action: Action =
    ///     serde_json::from_str(r#"{"type": "send_message", "status": "success"}"#)?;
    /// assert!(matches!(action, Action::Other(_)));
    /// assert_eq!(action.action_type(), ActionType::SendMessage);
    /// assert_eq!(action.status(), ActionStatus::Success);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::{Action, ActionStatus};
    ///
    /// let action: Action =
    ///     serde_json::from_str(r#"{"type": "routing", "status": "processing"}"#)?;
    /// assert_eq!(action.status(), ActionStatus::Processing);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::{Action, FailureReason};
    ///
    /// let action: Action = serde_json::from_str(r#"{"type": "send_message", "status": "failed",
    ///   "status_reason": "event_message_action_failed",
    ///   "failure": {"reason": "NoAvailableCodes"}}"#)?;
    /// let reason = action.failure().map(|failure| &failure.reason);
    /// assert_eq!(reason, Some(&FailureReason::NoAvailableCodes));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
        if raw.status == Failed
            && matches!(raw.action_type, Routing | SendMessage)
            && raw.failure.is_none()
        {
            return Err(format!(
                "missing field `failure`: a `{}` action with status `{}` needs it",
                raw.action_type, raw.status
            ));
        }
        // A documented field that this case does not document (present, or `null`) makes the
        // action an `Other`, which keeps every field typed: strict reading checks it, and it is
        // written back as it came.
        let carries = |key: &str, present: bool| present || raw.extra.is_null(key);
        let routed = carries(wire::RESOURCE_URL, raw.resource_url.is_some());
        let failing = carries(wire::FAILURE, raw.failure.is_some());
        let messaging = carries(wire::MESSAGE_TYPE, raw.message_type.is_some())
            || carries(wire::SMS, raw.sms.is_some());
        let action = match (&raw.action_type, &raw.status) {
            (Routing, Processing) if !failing && !messaging => {
                Action::RoutingProcessing(RoutingProcessing {
                    status_reason: raw.status_reason,
                    resource_url: raw.resource_url,
                    extra: raw.extra,
                })
            }
            (Routing | SendMessage, Failed) if !routed && !messaging => {
                let routing = raw.action_type == Routing;
                let failure = ActionFailure {
                    status_reason: raw.status_reason,
                    failure: raw.failure.ok_or_else(|| "checked above".to_owned())?,
                    extra: raw.extra,
                };
                if routing {
                    Action::RoutingFailed(failure)
                } else {
                    Action::SendMessageFailed(failure)
                }
            }
            (SendMessage, Processing) if !routed && !failing => {
                Action::SendMessageProcessing(SendMessageProcessing {
                    status_reason: raw.status_reason,
                    message_type: raw.message_type,
                    sms: raw.sms,
                    extra: raw.extra,
                })
            }
            _ => Action::Other(raw),
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
