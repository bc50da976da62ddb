//! The five delivery headers of a body, filled as Vibes fills them, so that a receiver that
//! compares them with the body (`vibes_types::delivery::DeliveryRules::read`) finds them in
//! agreement: the event id and the callback type are the body's, the company id the one it
//! names, if any.

use crate::report::{self, Source};
use crate::validate::Finding;
use http::HeaderMap;
use std::io;
use vibes_types::{Callback, CallbackHeaders, DeliveryAttempts};

/// The headers that the body does not give: the registration's, and the company when the body
/// does not name it.
#[derive(Clone, Copy, Debug)]
pub struct Identity<'a> {
    /// `--company-id`: the `X-Company-Id` of every body when given.
    pub company_id: Option<&'a str>,
    /// `--callback-id`: the `X-Callback-Id` of every body.
    pub callback_id: &'a str,
}

/// The headers of a body that can be sent, as data and as the request carries them (the first
/// attempt's).
#[derive(Clone, Debug)]
pub struct Filled {
    /// The five headers.
    pub headers: CallbackHeaders,
    /// The same, as a request carries them.
    pub map: HeaderMap,
}

/// Why a body is not sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotSent {
    /// What is wrong, as a sentence (a body that cannot be read gives its JSON path), with its
    /// position in the body apart.
    pub finding: Finding,
    /// The callback type, when the body names one.
    pub callback_type: Option<String>,
}

impl NotSent {
    /// A body that is not sent for `message`.
    pub fn new(message: String) -> Self {
        NotSent {
            finding: Finding::whole("not_sent", message),
            callback_type: None,
        }
    }

    /// An input that could not be read.
    pub fn unreadable(error: io::Error) -> Self {
        NotSent::new(format!("cannot be read: {error}"))
    }

    /// The sentence, with the position in the body: its line and column in a file, only its
    /// column in a line of a stream (`line`), whose line the report names already.
    pub fn sentence(&self, line: Option<u64>) -> String {
        report::described(&self.finding, Source { file: "", line })
    }
}

/// The headers of `body`, which must be a callback body as a receiver reads it (leniently: a
/// callback type or a field this version does not know is sent as it is).
///
/// `X-Event-Id` is the body's `event_id`; `X-Event-Type` the callback type it was read as, in its
/// documented spelling (`person_add` is sent as `person_added`, which is what a receiver compares
/// it with); `X-Company-Id` is `identity.company_id` when given, else the company the body names
/// (see `Callback::company_id`), else [`DEFAULT_COMPANY_ID`](super::DEFAULT_COMPANY_ID);
/// `X-Callback-Id` is `identity.callback_id`; `X-Delivery-Attempts` is 1.
pub fn fill(body: &[u8], identity: &Identity<'_>) -> Result<Filled, NotSent> {
    let callback = Callback::from_slice(body).map_err(|error| {
        let mut finding = Finding::from_parse_error(&error);
        finding.message = format!("not a callback body: {}", finding.message);
        NotSent {
            finding,
            callback_type: error.callback_type().map(ToString::to_string),
        }
    })?;
    let callback_type = callback.callback_type().clone();
    let not_sent = |message: String| NotSent {
        callback_type: Some(callback_type.to_string()),
        ..NotSent::new(message)
    };
    let event_id = match callback.event_id() {
        Some(event_id) if !event_id.is_empty() => event_id,
        _ => {
            return Err(not_sent(format!(
                "the body has no `event_id`, which `{}` repeats",
                CallbackHeaders::EVENT_ID
            )));
        }
    };
    let company_id = identity
        .company_id
        .or_else(|| callback.company_id())
        .unwrap_or(super::DEFAULT_COMPANY_ID);
    let headers = CallbackHeaders {
        event_id: event_id.to_owned(),
        company_id: company_id.to_owned(),
        callback_id: identity.callback_id.to_owned(),
        delivery_attempts: DeliveryAttempts::FIRST,
        event_type: callback_type.clone(),
    };
    match headers.to_headers() {
        Ok(map) => Ok(Filled { headers, map }),
        Err(error) => Err(not_sent(format!("its headers cannot be sent: {error}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vibes_types::CallbackType;
    use vibes_types::delivery::DeliveryRules;

    const IDENTITY: Identity<'static> = Identity {
        company_id: None,
        callback_id: "C1",
    };

    fn unmatched(company_key: &str) -> Vec<u8> {
        format!(
            r#"{{"event_id": "e1", "callback_type": "unmatched_message_received",
              "event_date": "2026-03-01T09:00:00Z", "source_code": {{"company_key": "{company_key}"}}}}"#
        )
        .into_bytes()
    }

    #[test]
    fn the_company_a_body_names_is_its_header_unless_one_is_given() {
        let filled = fill(&unmatched("bi3bwNRk"), &IDENTITY).unwrap();
        assert_eq!(filled.headers.company_id, "bi3bwNRk");
        assert_eq!(
            filled.headers.event_type,
            CallbackType::UnmatchedMessageReceived
        );
        let method = http::Method::POST;
        let mut map = filled.map.clone();
        let json = vibes_types::registration::DestinationContentType::ApplicationJson;
        map.insert(http::header::CONTENT_TYPE, json.as_str().parse().unwrap());
        assert!(
            DeliveryRules::lenient()
                .read(&method, &map, &unmatched("bi3bwNRk"))
                .is_ok()
        );

        let given = Identity {
            company_id: Some("other"),
            ..IDENTITY
        };
        assert_eq!(
            fill(&unmatched("bi3bwNRk"), &given)
                .unwrap()
                .headers
                .company_id,
            "other"
        );
        let person = br#"{"event_id": "e2", "event_type": "person_add",
            "event_date": "2026-03-01T09:00:00Z", "person": {}}"#;
        let filled = fill(person, &IDENTITY).unwrap();
        assert_eq!(filled.headers.company_id, crate::send::DEFAULT_COMPANY_ID);
        // The alias is sent in its documented spelling.
        assert_eq!(filled.map[CallbackHeaders::EVENT_TYPE], "person_added");
        assert_eq!(filled.map[CallbackHeaders::DELIVERY_ATTEMPTS], "1");
    }

    #[test]
    fn a_body_that_cannot_fill_the_headers_is_not_sent() {
        let broken = fill(b"{\"event_id\": \"e1\",\n \"person\": 7", &IDENTITY).unwrap_err();
        let sentence = broken.sentence(None);
        assert!(sentence.starts_with("not a callback body: "), "{sentence}");
        assert!(sentence.ends_with("(line 2, column 12)"), "{sentence}");
        assert!(
            broken.sentence(Some(4)).ends_with(" (column 12)"),
            "{sentence}"
        );

        let no_id = br#"{"callback_type": "person_merged", "event_date": "2026-03-01T09:00:00Z"}"#;
        let no_id = fill(no_id, &IDENTITY).unwrap_err();
        assert_eq!(no_id.callback_type.as_deref(), Some("person_merged"));
        assert!(no_id.sentence(None).contains("no `event_id`"), "{no_id:?}");

        let accented = r#"{"event_id": "café", "callback_type": "person_added",
            "event_date": "2026-03-01T09:00:00Z", "person": {}}"#;
        let accented = fill(accented.as_bytes(), &IDENTITY).unwrap_err();
        assert!(
            accented.sentence(None).contains("X-Event-Id"),
            "{accented:?}"
        );
    }
}
