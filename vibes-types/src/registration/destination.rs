//! Where Vibes delivers a registered callback: the URL, the HTTP method and the content type.

use crate::Extra;
use crate::json_schema::JsonSchema;
use vibes_derive::{Inspect, OpenEnum, object};

/// The endpoint Vibes calls for a registration: `destination` in a registration body.
///
/// `method` and `content_type` default to `POST` and `application/json` when absent, are read
/// case-insensitively and are written in their documented spelling.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct Destination {
    /// The customer's URL Vibes sends the callback bodies to.
    pub url: String,
    /// The HTTP method Vibes calls the URL with.
    #[serde(default)]
    pub method: DestinationMethod,
    /// The `Content-Type` Vibes sets on each callback request.
    #[serde(default)]
    pub content_type: DestinationContentType,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The HTTP method Vibes uses to call a destination.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, OpenEnum)]
#[vibes(case_insensitive)]
#[non_exhaustive]
pub enum DestinationMethod {
    /// `POST`, the default.
    #[default]
    #[vibes(rename = "POST")]
    Post,
    /// `PUT`.
    #[vibes(rename = "PUT")]
    Put,
    /// A method the documentation does not name, with its exact text.
    ///
    /// ```
    /// use vibes_types::registration::DestinationMethod;
    ///
    /// assert_eq!(DestinationMethod::from("put"), DestinationMethod::Put); // any case
    /// assert_eq!(DestinationMethod::from("put").as_str(), "PUT");
    /// assert!(!DestinationMethod::from("PATCH").is_known());
    /// ```
    #[vibes(other)]
    Unknown(String),
}

/// The content type Vibes sets when it calls a destination.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, OpenEnum)]
#[vibes(case_insensitive)]
#[non_exhaustive]
pub enum DestinationContentType {
    /// `application/json`, the default.
    #[default]
    #[vibes(rename = "application/json")]
    ApplicationJson,
    /// `text/json`.
    #[vibes(rename = "text/json")]
    TextJson,
    /// A content type the documentation does not name, with its exact text.
    ///
    /// ```
    /// use vibes_types::registration::DestinationContentType;
    ///
    /// assert_eq!(DestinationContentType::from("Text/JSON"), DestinationContentType::TextJson);
    /// assert!(!DestinationContentType::from("application/xml").is_known());
    /// ```
    #[vibes(other)]
    Unknown(String),
}

impl Destination {
    /// A destination with the default method (`POST`) and content type (`application/json`).
    ///
    /// ```
    /// use vibes_types::Destination;
    ///
    /// let destination = Destination::new("https://e.com/vibes");
    /// assert_eq!(
    ///     serde_json::to_string(&destination)?,
    ///     r#"{"url":"https://e.com/vibes","method":"POST","content_type":"application/json"}"#
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(url: impl Into<String>) -> Self {
        Destination {
            url: url.into(),
            method: DestinationMethod::default(),
            content_type: DestinationContentType::default(),
            extra: Extra::default(),
        }
    }

    /// The same destination called with `method`.
    ///
    /// ```
    /// use vibes_types::registration::{Destination, DestinationMethod};
    ///
    /// let destination = Destination::new("https://e.com").with_method(DestinationMethod::Put);
    /// assert_eq!(serde_json::to_value(&destination)?["method"], "PUT");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_method(mut self, method: DestinationMethod) -> Self {
        self.method = method;
        self
    }

    /// The same destination called with `content_type`.
    ///
    /// ```
    /// use vibes_types::registration::{Destination, DestinationContentType};
    ///
    /// let destination =
    ///     Destination::new("https://e.com").with_content_type(DestinationContentType::TextJson);
    /// assert_eq!(serde_json::to_value(&destination)?["content_type"], "text/json");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_content_type(mut self, content_type: DestinationContentType) -> Self {
        self.content_type = content_type;
        self
    }
}

impl From<&str> for Destination {
    fn from(url: &str) -> Self {
        Destination::new(url)
    }
}

impl From<String> for Destination {
    fn from(url: String) -> Self {
        Destination::new(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_apply_when_absent() {
        let destination: Destination =
            serde_json::from_value(json!({"url": "https://example.com/hook"})).unwrap();
        assert_eq!(destination, Destination::new("https://example.com/hook"));
        assert_eq!(
            serde_json::to_value(&destination).unwrap(),
            json!({"url": "https://example.com/hook", "method": "POST", "content_type": "application/json"})
        );
    }

    #[test]
    fn method_and_content_type_read_case_insensitively_and_write_canonically() {
        let destination: Destination = serde_json::from_value(
            json!({"url": "https://example.com", "method": "put", "content_type": "Text/JSON"}),
        )
        .unwrap();
        assert_eq!(destination.method, DestinationMethod::Put);
        assert_eq!(destination.content_type, DestinationContentType::TextJson);
        let written = serde_json::to_value(&destination).unwrap();
        assert_eq!(written["method"], "PUT");
        assert_eq!(written["content_type"], "text/json");
    }
}
