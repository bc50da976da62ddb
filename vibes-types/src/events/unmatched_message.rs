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
    ///
    /// Reading an `unmatched_message_received` body:
    ///
    /// ```
    /// use vibes_types::events::UnmatchedMessageReceived;
    ///
    /// let received: UnmatchedMessageReceived = serde_json::from_str(r#"{"event_id": "8e1a4d6b",
    ///   "callback_type": "unmatched_message_received", "event_date": "2019-06-04T22:29:51+00:00",
    ///   "participant": {"mdn": "+12995551234", "carrier_id": "104"},
    ///   "source_code": {"code": "52623", "country_code": "1", "code_type": "SC"},
    ///   "message": "PIZZA PLZ", "receipt_date": "2019-06-04T22:29:50+00:00"}"#)?;
    /// assert_eq!(received.message.as_deref(), Some("PIZZA PLZ"));
    /// assert_eq!(received.source_code.and_then(|code| code.code).as_deref(), Some("52623"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading the sender of an unmatched message:
    ///
    /// ```
    /// use vibes_types::events::UnmatchedParticipant;
    ///
    /// let sender: UnmatchedParticipant =
    ///     serde_json::from_str(r#"{"mdn": "+12995551234", "carrier_id": "104"}"#)?;
    /// assert_eq!(sender.mdn.as_deref(), Some("+12995551234"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a source code:
    ///
    /// ```
    /// use vibes_types::events::SourceCode;
    ///
    /// let code: SourceCode = serde_json::from_str(r#"{"company_key": "bi3bwNRk", "code": "52623",
    ///   "code_type": "SC", "default_response": "Reply HELP for help", "response_sent": true}"#)?;
    /// assert_eq!(code.response_sent, Some(true));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}
