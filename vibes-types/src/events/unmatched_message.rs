//! `unmatched_message_received`: an inbound SMS that matched no keyword.

use crate::json_schema::JsonSchema;
use crate::{Extra, Timestamp};
use vibes_derive::{Inspect, object};

/// `unmatched_message_received`: Vibes sends it when an SMS from a consumer matches no campaign or
/// system keyword on the registered source code.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct UnmatchedMessageReceived {
    /// Who sent the message (a phone, not a person of the database).
    pub participant: Option<UnmatchedParticipant>,
    /// The code the message was sent to.
    pub source_code: Option<SourceCode>,
    /// The text of the SMS.
    pub message: Option<String>,
    /// Vibes' id of the message.
    pub message_id: Option<String>,
    /// Vibes' id of the transaction.
    pub txn_id: Option<String>,
    /// When Vibes received the message.
    pub receipt_date: Option<Timestamp>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The sender of an unmatched message.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct UnmatchedParticipant {
    /// The sender's number.
    pub mdn: Option<String>,
    /// The sender's carrier.
    pub carrier_id: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A short, long or alpha code that receives messages.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct SourceCode {
    /// The company that owns the code.
    pub company_key: Option<String>,
    /// The code itself (`52623`).
    pub code: Option<String>,
    /// The country of the code.
    pub country_code: Option<String>,
    /// The kind of code (`SC` for a short code; long and alpha codes exist).
    pub code_type: Option<String>,
    /// The reply configured for unmatched messages.
    pub default_response: Option<String>,
    /// Whether that reply was sent.
    pub response_sent: Option<bool>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}
