//! The five delivery headers of a body, filled as Vibes fills them (`vibes_client::deliver::fill`)
//! so that a receiver that compares them with the body finds them in agreement, and why a body
//! cannot be sent, as the report says it.

use crate::report;
use crate::validate::Finding;
use std::io;
use vibes_client::deliver::{self, Identity, NotDeliverable};
use vibes_types::CallbackHeaders;

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
        report::described(&self.finding, line)
    }
}

impl From<NotDeliverable> for NotSent {
    fn from(error: NotDeliverable) -> Self {
        let callback_type = error.callback_type().map(ToString::to_string);
        let finding = match &error {
            NotDeliverable::NotACallback(parse_error) => {
                let mut finding = Finding::from_parse_error(parse_error);
                finding.message = format!("not a callback body: {}", finding.message);
                finding
            }
            other => Finding::whole("not_sent", other.to_string()),
        };
        NotSent {
            finding,
            callback_type,
        }
    }
}

/// The headers of `body` (see `vibes_client::deliver::fill`): `X-Company-Id` is `--company-id`
/// when given, else the company the body names, else
/// [`DEFAULT_COMPANY_ID`](super::DEFAULT_COMPANY_ID).
pub fn fill(
    body: &[u8],
    company_id: Option<&str>,
    callback_id: &str,
) -> Result<CallbackHeaders, NotSent> {
    let identity = Identity {
        company_id,
        fallback_company_id: super::DEFAULT_COMPANY_ID,
        callback_id,
    };
    Ok(deliver::fill(body, &identity)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_cannot_fill_the_headers_is_not_sent() {
        let broken = fill(b"{\"event_id\": \"e1\",\n \"person\": 7", None, "C1").unwrap_err();
        let sentence = broken.sentence(None);
        assert!(sentence.starts_with("not a callback body: "), "{sentence}");
        assert!(sentence.ends_with("(line 2, column 12)"), "{sentence}");
        assert!(
            broken.sentence(Some(4)).ends_with(" (column 12)"),
            "{sentence}"
        );

        let no_id = br#"{"callback_type": "person_merged", "event_date": "2026-03-01T09:00:00Z"}"#;
        let no_id = fill(no_id, None, "C1").unwrap_err();
        assert_eq!(no_id.callback_type.as_deref(), Some("person_merged"));
        assert!(no_id.sentence(None).contains("no `event_id`"), "{no_id:?}");

        let person = br#"{"event_id": "e2", "event_type": "person_add",
            "event_date": "2026-03-01T09:00:00Z", "person": {}}"#;
        let headers = fill(person, None, "C1").unwrap();
        assert_eq!(headers.company_id, crate::send::DEFAULT_COMPANY_ID);
        assert_eq!(
            fill(person, Some("given"), "C1").unwrap().company_id,
            "given"
        );
    }
}
