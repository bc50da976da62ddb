//! Where a delivery's headers and its body must agree: event id, callback type, company id.

use crate::callback::EVENT_ID_FIELD;
use crate::headers::{ReadHeaders, quoted};
use crate::{Callback, CallbackHeaders, JsonPath};
use std::fmt;

/// The path of the only company id a body carries: `source_code.company_key` of an
/// `unmatched_message_received` body (the company that owns the code the message was sent to).
const COMPANY_KEY: [&str; 2] = ["source_code", "company_key"];

/// A header and the body field that says the same thing, with different values.
///
/// ```
/// use http::Request;
/// use vibes_types::delivery::{Delivery, DeliveryProblem, MismatchField};
///
/// let request = Request::post("/vibes")
///     .header("content-type", "application/json")
///     .header("x-event-id", "AB234SDFD234")
///     .header("x-company-id", "zY5VnE7r")
///     .header("x-callback-id", "Hzh39LP3")
///     .header("x-delivery-attempts", "1")
///     .header("x-event-type", "person_updated")
///     .body(r#"{"event_id": "AB234SDFD235", "event_type": "person_add",
///       "event_date": "2017-02-18T15:34:52+0000", "person": {}}"#)?;
/// let error = Delivery::from_request(&request).unwrap_err();
/// let found: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
/// assert_eq!(found, [
///     r#"header `X-Event-Id` is "AB234SDFD234" but the body's `event_id` is "AB234SDFD235""#,
///     r#"header `X-Event-Type` is "person_updated" but the body's `event_type` is "person_add""#,
/// ]);
/// let DeliveryProblem::Mismatch(mismatch) = &error.problems()[1] else { unreachable!() };
/// assert_eq!(mismatch.field, MismatchField::CallbackType);
/// assert_eq!(mismatch.path.to_string(), "event_type");
/// # Ok::<(), http::Error>(())
/// ```
///
/// Available on crate feature `http` only.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mismatch {
    /// What disagrees.
    pub field: MismatchField,
    /// The header's value (for the callback type, the type's documented name).
    pub header_value: String,
    /// Where the body says it.
    pub path: JsonPath,
    /// The body's value, as received.
    pub body_value: String,
}

/// What a header and the body disagree on.
///
/// Available on crate feature `http` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MismatchField {
    /// `X-Event-Id` against the body's `event_id`.
    EventId,
    /// `X-Event-Type` against the callback type the body was read as: `callback_type`, else
    /// `event_type`, aliases understood (`person_add` is `person_added`).
    CallbackType,
    /// `X-Company-Id` against the body's company: only `unmatched_message_received` bodies carry
    /// one, `source_code.company_key`. No other body names its company (the company's key in
    /// resource URLs is a placeholder in every published example), so no other is compared.
    CompanyId,
}

impl MismatchField {
    /// The header that disagrees with the body.
    pub fn header(self) -> &'static str {
        match self {
            MismatchField::EventId => CallbackHeaders::EVENT_ID,
            MismatchField::CallbackType => CallbackHeaders::EVENT_TYPE,
            MismatchField::CompanyId => CallbackHeaders::COMPANY_ID,
        }
    }
}

impl Mismatch {
    /// The header that disagrees with the body.
    pub fn header(&self) -> &'static str {
        self.field.header()
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "header `{}` is {} but the body's `{}` is {}",
            self.header(),
            quoted(&self.header_value),
            self.path,
            quoted(&self.body_value)
        )
    }
}

/// Every disagreement between the headers that could be read and `callback`.
pub(crate) fn mismatches(headers: &ReadHeaders, callback: &Callback) -> Vec<Mismatch> {
    let mut found = Vec::new();
    if let (Some(header), Some(body)) = (&headers.event_id, callback.event_id())
        && header != body
    {
        found.push(Mismatch::new(
            MismatchField::EventId,
            header,
            JsonPath::root().join_key(EVENT_ID_FIELD),
            body,
        ));
    }
    if let Some(header) = &headers.event_type
        && header != callback.callback_type()
    {
        let (field, body) = callback.type_field();
        found.push(Mismatch::new(
            MismatchField::CallbackType,
            header.as_str(),
            JsonPath::root().join_key(field),
            body,
        ));
    }
    if let (Some(header), Some(body)) = (&headers.company_id, callback.company_id())
        && header != body
    {
        let [object, key] = COMPANY_KEY;
        found.push(Mismatch::new(
            MismatchField::CompanyId,
            header,
            JsonPath::root().join_key(object).join_key(key),
            body,
        ));
    }
    found
}

impl Mismatch {
    fn new(field: MismatchField, header: &str, path: JsonPath, body: &str) -> Self {
        Mismatch {
            field,
            header_value: header.to_owned(),
            path,
            body_value: body.to_owned(),
        }
    }
}
