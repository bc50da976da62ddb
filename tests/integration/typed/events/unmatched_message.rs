//! `unmatched_message_received` bodies: an inbound SMS that matched no keyword.

use crate::typed::envelope::callbacks;
use crate::typed::json::extra;
use crate::typed::scalars::{Values, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::Timestamp;
use vibes_types::events::{SourceCode, UnmatchedMessageReceived, UnmatchedParticipant};

callbacks! {
    unmatched_message_received => UnmatchedMessageReceived(message) with
        |id, at, ((participant, source_code), (message, message_id, txn_id), receipt_date)| {
            let mut received = UnmatchedMessageReceived::new(id, at);
            received.participant = participant;
            received.source_code = source_code;
            received.message = message;
            received.message_id = message_id;
            received.txn_id = txn_id;
            received.receipt_date = receipt_date;
            received
        };
}

/// The fields of a message body besides its envelope, none of them required.
type Message = (
    (Option<UnmatchedParticipant>, Option<SourceCode>),
    (Option<String>, Option<String>, Option<String>),
    Option<Timestamp>,
);

fn message(_: Values) -> impl Strategy<Value = Message> {
    let from_to = (of(participant()), of(source_code()));
    let texts = (of(text()), of(text()), of(text()));
    (from_to, texts, of(timestamp()))
}

fn participant() -> impl Strategy<Value = UnmatchedParticipant> {
    (of(text()), of(text()), extra()).prop_map(|(mdn, carrier_id, extra)| {
        let mut sender = UnmatchedParticipant::new();
        sender.mdn = mdn;
        sender.carrier_id = carrier_id;
        sender.extra = extra;
        sender
    })
}

fn source_code() -> impl Strategy<Value = SourceCode> {
    let texts = (of(text()), of(text()), of(text()), of(text()), of(text()));
    (texts, of(any::<bool>()), extra()).prop_map(
        |((company_key, code, country_code, code_type, default_response), response_sent, extra)| {
            let mut source = SourceCode::new();
            source.company_key = company_key;
            source.code = code;
            source.country_code = country_code;
            source.code_type = code_type;
            source.default_response = default_response;
            source.response_sent = response_sent;
            source.extra = extra;
            source
        },
    )
}
