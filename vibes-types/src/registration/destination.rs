//! Where Vibes delivers a registered callback: the URL, the HTTP method and the content type.

use crate::Extra;
use crate::json_schema::JsonSchema;
use std::fmt;
use std::ops::Range;
use vibes_derive::{Inspect, OpenEnum, object};

/// The endpoint Vibes calls for a registration: `destination` in a registration body.
///
/// `method` and `content_type` are `POST` and `application/json` when absent; they are read
/// case-insensitively and written in their documented spelling, and an absent one stays absent
/// when written back. Two destinations are equal when Vibes calls them alike, so an absent
/// method equals `POST`.
#[object(custom_new)]
#[derive(Clone, JsonSchema, Inspect)]
pub struct Destination {
    /// The customer's URL Vibes sends the callback bodies to.
    pub url: String,
    /// The HTTP method Vibes calls the URL with; absent means `POST`.
    pub method: Option<DestinationMethod>,
    /// The `Content-Type` Vibes sets on each callback request; absent means `application/json`.
    pub content_type: Option<DestinationContentType>,
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
    /// A destination with the default method (`POST`) and content type (`application/json`),
    /// both written out as the documentation's examples do.
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
            method: Some(DestinationMethod::default()),
            content_type: Some(DestinationContentType::default()),
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
        self.method = Some(method);
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
        self.content_type = Some(content_type);
        self
    }

    /// The method Vibes calls the URL with: the one written, else `POST`.
    pub fn method(&self) -> DestinationMethod {
        self.method.clone().unwrap_or_default()
    }

    /// The content type Vibes sends: the one written, else `application/json`.
    pub fn content_type(&self) -> DestinationContentType {
        self.content_type.clone().unwrap_or_default()
    }
}

impl PartialEq for Destination {
    fn eq(&self, other: &Self) -> bool {
        self.url == other.url
            && self.method() == other.method()
            && self.content_type() == other.content_type()
            && self.extra == other.extra
    }
}

impl Eq for Destination {}

impl fmt::Debug for Destination {
    /// Shows the URL with any password in it replaced by `<redacted>`, so that registrations and
    /// entities can be logged; pre-flight flags such a URL.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Destination")
            .field("url", &RedactedUrl(&self.url))
            .field("method", written(&self.method))
            .field("content_type", written(&self.content_type))
            .field("extra", &self.extra)
            .finish()
    }
}

/// The value written (`Post`), or `None` when absent: shown without `Some(…)` around it, as the
/// value is what matters and absence is the exception.
fn written<T: fmt::Debug>(value: &Option<T>) -> &dyn fmt::Debug {
    match value {
        Some(value) => value,
        None => &None::<()>,
    }
}

/// A URL shown by `Debug` with its password replaced.
struct RedactedUrl<'a>(&'a str);

impl fmt::Debug for RedactedUrl<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0;
        let spans = password_spans(url);
        if spans.is_empty() {
            if url::Url::parse(url).is_ok_and(|parsed| parsed.password().is_some()) {
                // A parser found a password where the scan did not: show nothing of the URL.
                return f.write_str("\"<redacted: the URL holds a password>\"");
            }
            return fmt::Debug::fmt(url, f);
        }
        let mut shown = String::with_capacity(url.len());
        let mut from = 0;
        for span in spans {
            shown.push_str(&url[from..span.start]);
            shown.push_str("<redacted>");
            from = span.end;
        }
        shown.push_str(&url[from..]);
        fmt::Debug::fmt(&shown, f)
    }
}

/// Whether the URL carries a user name or password (`https://user:password@host/`), as its raw
/// text reads or as a URL parser would read it; a URL of another scheme (`mailto:`) has none.
pub(super) fn has_user_info(url: &str) -> bool {
    let raw = || user_info_span(url).is_some_and(|span| !span.is_empty());
    match url::Url::parse(url) {
        Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => false,
        Ok(parsed) => !parsed.username().is_empty() || parsed.password().is_some() || raw(),
        Err(_) => raw(),
    }
}

/// Everything in the raw text that could be the password of a `user:password@`, erring towards
/// too much: for each `@`, the part of its segment (between `/` or `\`) after the segment's
/// first `:`. A parser's password, which ends at an `@` of the authority and cannot hold `/` or
/// `\`, is always inside these; so is one of a text no parser reads as a URL (a `#` before
/// the `//`, say), of a text without a scheme (`user:password@host`) or of a scheme without
/// slashes; a `key:value@` in the query is redacted too. The spans are sorted and do not
/// overlap.
fn password_spans(url: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (at, _) in url.match_indices('@') {
        let start = url[..at].rfind(['/', '\\']).map_or(0, |slash| slash + 1);
        let Some(colon) = url[start..at].find(':') else {
            continue;
        };
        let span = start + colon + 1..at;
        match spans.last_mut() {
            Some(last) if last.end >= span.start => last.end = last.end.max(span.end),
            _ => spans.push(span),
        }
    }
    spans
}

/// Where `user:password` (without the `@`) is in the raw text, if anywhere, read the way URL
/// parsers read it: leading spaces and control characters skipped, tabs and line breaks
/// ignored, `\` taken as `/`; a text without `//` after its scheme is read as starting with its
/// authority, so that `user:password@host` is covered too.
fn user_info_span(url: &str) -> Option<Range<usize>> {
    let ignored = |c: char| matches!(c, '\t' | '\n' | '\r');
    let start = url.len() - url.trim_start_matches(|c: char| c <= ' ').len();
    let rest = &url[start..];
    let scheme = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') || ignored(c)))
        .filter(|&end| end > 0 && rest[end..].starts_with(':'))
        .map_or(0, |end| end + 1);
    let after_scheme = &rest[scheme..];
    let slashes = after_scheme.len()
        - after_scheme
            .trim_start_matches(|c: char| c == '/' || c == '\\' || ignored(c))
            .len();
    // Without slashes after it, the "scheme" may as well be a user name (`user:password@host`).
    let authority_start = if slashes == 0 {
        start
    } else {
        start + scheme + slashes
    };
    let authority = &url[authority_start..];
    let authority = authority
        .find(['/', '\\', '?', '#'])
        .map_or(authority, |end| &authority[..end]);
    let at = authority.rfind('@')?;
    Some(authority_start..authority_start + at)
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
        assert_eq!(destination.method(), DestinationMethod::Post);
        assert_eq!(
            destination.content_type(),
            DestinationContentType::ApplicationJson
        );
        assert_eq!(destination, Destination::new("https://example.com/hook"));
        assert_eq!(
            serde_json::to_value(Destination::new("https://example.com/hook")).unwrap(),
            json!({"url": "https://example.com/hook", "method": "POST", "content_type": "application/json"})
        );
        assert_ne!(
            destination,
            Destination::new("https://example.com/hook").with_method(DestinationMethod::Put)
        );
    }

    #[test]
    fn entity_destination_without_content_type_is_written_back_without_it() {
        let read = json!({"url": "https://example.com/hook", "method": "POST"});
        let destination: Destination = serde_json::from_value(read.clone()).unwrap();
        assert_eq!(destination.content_type, None);
        assert_eq!(serde_json::to_value(&destination).unwrap(), read);
        assert_eq!(
            format!("{destination:?}"),
            r#"Destination { url: "https://example.com/hook", method: Post, content_type: None, extra: {} }"#
        );
        let null = json!({"url": "https://example.com/hook", "method": null});
        let destination: Destination = serde_json::from_value(null.clone()).unwrap();
        assert_eq!(destination.method(), DestinationMethod::Post);
        assert_eq!(serde_json::to_value(&destination).unwrap(), null);
    }

    #[test]
    fn method_and_content_type_read_case_insensitively_and_write_canonically() {
        let destination: Destination = serde_json::from_value(
            json!({"url": "https://example.com", "method": "put", "content_type": "Text/JSON"}),
        )
        .unwrap();
        assert_eq!(destination.method, Some(DestinationMethod::Put));
        assert_eq!(
            destination.content_type,
            Some(DestinationContentType::TextJson)
        );
        let written = serde_json::to_value(&destination).unwrap();
        assert_eq!(written["method"], "PUT");
        assert_eq!(written["content_type"], "text/json");
    }

    #[test]
    fn debug_never_shows_a_password() {
        for (url, shown) in [
            (
                "https://acme:s3cret@example.com/hook",
                r#""https://acme:<redacted>@example.com/hook""#,
            ),
            (
                "https://acme:s3cret@ex@ample.com/a@b",
                r#""https://acme:<redacted>@ample.com/a@b""#,
            ),
            (
                " \nht\ttps:\\\\acme:s3cret@example.com\\hook",
                r#"" \nht\ttps:\\\\acme:<redacted>@example.com\\hook""#,
            ),
            (
                "acme:s3cret@example.com",
                r#""acme:<redacted>@example.com""#,
            ),
            (
                "https://acme@example.com/?password=x:y@z",
                r#""https://acme@example.com/?password=x:<redacted>@z""#,
            ),
            (
                "x#//acme:s3cret@example.com",
                r#""x#//acme:<redacted>@example.com""#,
            ),
            ("https://example.com/h", r#""https://example.com/h""#),
            (
                "httpd//acme:s3cret@?.url",
                r#""httpd//acme:<redacted>@?.url""#,
            ),
            (
                "https://acme:s3c@ret@example.com/a:b@c",
                r#""https://acme:<redacted>@example.com/a:<redacted>@c""#,
            ),
        ] {
            let destination = Destination::new(url);
            let debug = format!("{destination:?}");
            assert!(debug.contains(shown), "{url:?}: {debug}");
            assert!(!debug.contains("s3cret"), "{url:?}: {debug}");
        }
        let registration =
            crate::CallbackRegistration::person_added("https://acme:s3cret@example.com/hook");
        assert!(!format!("{registration:?} {registration:#?}").contains("s3cret"));
    }
}
