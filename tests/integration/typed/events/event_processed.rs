//! `event_processed` bodies, with every case of their action: the four documented pairs of
//! type and status, and `Other`.

use crate::typed::envelope::callbacks;
use crate::typed::json::{extra, free_form};
use crate::typed::scalars::{Values, open, text};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::events::{
    Action, ActionFailure, ActionStatus, ActionType, EventProcessed, Failure, FailureError,
    FailureErrorText, FailureReason, MessageType, OtherAction, ProcessedEvent, RoutingProcessing,
    SendMessageProcessing, Sms, SmsPerson, SmsSource, StatusReason,
};

callbacks! {
    event_processed => EventProcessed(processed_event);
}

fn processed_event(values: Values) -> impl Strategy<Value = ProcessedEvent> {
    let echoed = (of(text()), of(text()), of(free_form()), of(free_form()));
    (echoed, action(values), extra()).prop_map(
        |((event_id, event_type, event_data, debug_data), action, extra)| {
            let mut event = ProcessedEvent::new(action);
            event.event_id = event_id;
            event.event_type = event_type;
            event.event_data = event_data;
            event.debug_data = debug_data;
            event.extra = extra;
            event
        },
    )
}

/// Any case of an action.
fn action(values: Values) -> impl Strategy<Value = Action> {
    prop_oneof![
        routing_processing(values).prop_map(Action::RoutingProcessing),
        action_failure(values).prop_map(Action::RoutingFailed),
        send_message_processing(values).prop_map(Action::SendMessageProcessing),
        action_failure(values).prop_map(Action::SendMessageFailed),
        other_action(values).prop_map(Action::Other),
    ]
}

fn status_reason(values: Values) -> impl Strategy<Value = Option<StatusReason>> {
    of(open::<StatusReason>(StatusReason::KNOWN, values))
}

fn message_type(values: Values) -> impl Strategy<Value = MessageType> {
    open::<MessageType>(MessageType::KNOWN, values)
}

fn routing_processing(values: Values) -> impl Strategy<Value = RoutingProcessing> {
    (status_reason(values), of(text()), extra()).prop_map(|(status_reason, resource_url, extra)| {
        let mut routed = RoutingProcessing::new();
        routed.status_reason = status_reason;
        routed.resource_url = resource_url;
        routed.extra = extra;
        routed
    })
}

fn action_failure(values: Values) -> impl Strategy<Value = ActionFailure> {
    (status_reason(values), failure(values), extra()).prop_map(|(status_reason, failure, extra)| {
        let mut failed = ActionFailure::new(failure);
        failed.status_reason = status_reason;
        failed.extra = extra;
        failed
    })
}

fn send_message_processing(values: Values) -> impl Strategy<Value = SendMessageProcessing> {
    let message = (of(message_type(values)), of(sms()));
    (status_reason(values), message, extra()).prop_map(
        |(status_reason, (message_type, sms), extra)| {
            let mut queued = SendMessageProcessing::new();
            queued.status_reason = status_reason;
            queued.message_type = message_type;
            queued.sms = sms;
            queued.extra = extra;
            queued
        },
    )
}

/// An action that `Other` keeps: a pair with no case of its own, or a documented pair carrying
/// a field its case does not document (the rule `Action`'s docs state); a failed action of a
/// documented type always has its `failure`, which reading requires.
fn other_action(values: Values) -> impl Strategy<Value = OtherAction> {
    let pair = (
        open::<ActionType>(ActionType::KNOWN, values),
        open::<ActionStatus>(ActionStatus::KNOWN, values),
    );
    let fields = (
        status_reason(values),
        of(text()),
        of(failure(values)),
        of(message_type(values)),
        of(sms()),
        extra(),
    );
    let spare = (
        text(),
        failure(values),
        message_type(values),
        sms(),
        any::<usize>(),
    );
    (pair, fields, spare).prop_map(
        |(
            (action_type, status),
            (status_reason, resource_url, failure, message_type, sms, extra),
            spare,
        )| {
            let mut other = OtherAction::new(action_type, status);
            other.status_reason = status_reason;
            other.resource_url = resource_url;
            other.failure = failure;
            other.message_type = message_type;
            other.sms = sms;
            other.extra = extra;
            keep_as_other(&mut other, spare);
            other
        },
    )
}

/// A field an action may carry beside its type and status.
#[derive(Clone, Copy)]
enum Field {
    ResourceUrl,
    Failure,
    MessageType,
    Sms,
}

/// Spare values for the field `keep_as_other` adds, and which of the candidates it picks.
type Spare = (String, Failure, MessageType, Sms, usize);

/// Makes sure a documented pair carries a field its case does not document, so that it reads
/// back as `Other`; other pairs are `Other` whatever they carry.
fn keep_as_other(other: &mut OtherAction, spare: Spare) {
    use ActionStatus::{Failed, Processing};
    use ActionType::{Routing, SendMessage};
    let foreign: &[Field] = match (&other.action_type, &other.status) {
        (Routing, Processing) => &[Field::Failure, Field::MessageType, Field::Sms],
        (Routing | SendMessage, Failed) => &[Field::ResourceUrl, Field::MessageType, Field::Sms],
        (SendMessage, Processing) => &[Field::ResourceUrl, Field::Failure],
        _ => &[],
    };
    let (resource_url, failure, message_type, sms, pick) = spare;
    if other.status == Failed && matches!(other.action_type, Routing | SendMessage) {
        other.failure.get_or_insert_with(|| failure.clone());
    }
    let carries = |field: &Field| match field {
        Field::ResourceUrl => other.resource_url.is_some(),
        Field::Failure => other.failure.is_some(),
        Field::MessageType => other.message_type.is_some(),
        Field::Sms => other.sms.is_some(),
    };
    if foreign.is_empty() || foreign.iter().any(carries) {
        return;
    }
    match foreign[pick % foreign.len()] {
        Field::ResourceUrl => other.resource_url = Some(resource_url),
        Field::Failure => other.failure = Some(failure),
        Field::MessageType => other.message_type = Some(message_type),
        Field::Sms => other.sms = Some(sms),
    }
}

fn failure(values: Values) -> impl Strategy<Value = Failure> {
    let reason = open::<FailureReason>(FailureReason::KNOWN, values);
    (reason, of(vec(failure_error(), 0..3)), extra()).prop_map(|(reason, errors, extra)| {
        let mut failure = Failure::new(reason);
        failure.errors = errors;
        failure.extra = extra;
        failure
    })
}

fn failure_error() -> impl Strategy<Value = FailureError> {
    // Error texts are messages, not an enumeration: any text is within the contract.
    let error = of(open::<FailureErrorText>(
        FailureErrorText::KNOWN,
        Values::Open,
    ));
    (error, of(text()), extra()).prop_map(|(error, resource_url, extra)| {
        let mut failure_error = FailureError::new();
        failure_error.error = error;
        failure_error.resource_url = resource_url;
        failure_error.extra = extra;
        failure_error
    })
}

fn sms() -> impl Strategy<Value = Sms> {
    let source = (of(text()), extra()).prop_map(|(resource_url, extra)| {
        let mut source = SmsSource::new();
        source.resource_url = resource_url;
        source.extra = extra;
        source
    });
    let person = (of(text()), of(text()), extra()).prop_map(|(person_key, resource_url, extra)| {
        let mut person = SmsPerson::new();
        person.person_key = person_key;
        person.resource_url = resource_url;
        person.extra = extra;
        person
    });
    (of(source), of(person), extra()).prop_map(|(source, person, extra)| {
        let mut sms = Sms::new();
        sms.source = source;
        sms.person = person;
        sms.extra = extra;
        sms
    })
}
