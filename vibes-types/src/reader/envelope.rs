//! The fields every callback body shares, and the check that its two type fields agree.

use crate::inspect::Findings;
use crate::{CallbackType, JsonPath, Timestamp, Unrecognized};

/// The envelope of a callback body: the fields every body has, whatever its callback type.
///
/// It lets code that handles any body read the envelope without knowing the type:
///
/// ```
/// use vibes_types::Envelope;
/// use vibes_types::events::{DeviceAdded, PersonAdded};
///
/// fn log_line(body: &dyn Envelope) -> String {
///     let name = body.callback_type().or(body.event_type()).unwrap_or("?");
///     format!("{} {} at {}", body.event_id(), name, body.event_date())
/// }
///
/// let person: PersonAdded = serde_json::from_str(r#"{"event_id": "AB234SDFD234",
///   "event_type": "person_added", "event_date": "2017-02-18T15:34:52+0000", "person": {}}"#)?;
/// assert_eq!(log_line(&person), "AB234SDFD234 person_added at 2017-02-18T15:34:52+0000");
/// let device: DeviceAdded = serde_json::from_str(r#"{"event_id": "e2",
///   "callback_type": "device_added", "event_date": "2017-03-15T15:42:23Z", "push_device": {}}"#)?;
/// assert_eq!(log_line(&device), "e2 device_added at 2017-03-15T15:42:23Z");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait Envelope {
    /// Id of this callback event, the key to de-duplicate on.
    fn event_id(&self) -> &str;
    /// The `callback_type` field as received.
    fn callback_type(&self) -> Option<&str>;
    /// The `event_type` field as received.
    fn event_type(&self) -> Option<&str>;
    /// When the event happened.
    fn event_date(&self) -> &Timestamp;
}

impl<B: Envelope + ?Sized> Envelope for Box<B> {
    fn event_id(&self) -> &str {
        (**self).event_id()
    }

    fn callback_type(&self) -> Option<&str> {
        (**self).callback_type()
    }

    fn event_type(&self) -> Option<&str> {
        (**self).event_type()
    }

    fn event_date(&self) -> &Timestamp {
        (**self).event_date()
    }
}

/// Reports a type field naming no known callback type, and a `callback_type` and `event_type`
/// that name different types (one published `ack_participant_changed` body does this).
pub fn check_type_names<B: Envelope>(body: &B, path: &mut JsonPath, found: &mut Findings) {
    let callback_type = body.callback_type().map(CallbackType::from);
    let event_type = body.event_type().map(CallbackType::from);
    for (key, value) in [
        ("callback_type", &callback_type),
        ("event_type", &event_type),
    ] {
        if let Some(CallbackType::Unknown(text)) = value {
            found.push(Unrecognized::value(
                &path.join_key(key),
                text,
                CallbackType::KNOWN,
            ));
        }
    }
    if let (Some(callback_type), Some(event_type)) = (callback_type, event_type)
        && found.wants_all()
        && callback_type.is_known()
        && event_type.is_known()
        && callback_type != event_type
    {
        found.push(Unrecognized::TypeMismatch {
            callback_type: callback_type.to_string(),
            event_type: event_type.to_string(),
        });
    }
}
