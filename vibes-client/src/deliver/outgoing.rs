//! A delivery's request before it is sent: where it goes, its headers and its body, either
//! filled from a callback body as Vibes fills them or given whole (stored ones, replayed).

use bytes::Bytes;
use http::header::{self, CONTENT_TYPE, HeaderName};
use http::{HeaderMap, HeaderValue, Method, Uri};
use std::fmt;
use vibes_types::registration::{Destination, DestinationContentType, DestinationMethod};
use vibes_types::{
    Callback, CallbackHeaders, CallbackType, DeliveryAttempts, HeaderError, ParseError,
};

/// Where a registration's deliveries go and how: its URL, method and content type.
///
/// ```
/// use vibes_client::deliver::Target;
/// use vibes_types::registration::{Destination, DestinationMethod};
///
/// let target = Target::of(&Destination::new("https://hooks.example.com/vibes").with_method(DestinationMethod::Put))?;
/// assert_eq!(target.method, http::Method::PUT);
/// assert_eq!(target.content_type, "application/json");
/// # Ok::<(), vibes_client::deliver::NotDeliverable>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The URL the body is sent to: `http://` or `https://`, with a host.
    pub url: Uri,
    /// `POST` or `PUT`, as registered.
    pub method: Method,
    /// `application/json` or `text/json`, as registered.
    pub content_type: HeaderValue,
}

/// The headers a callback body does not give: the registration's, and the company when the body
/// does not name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity<'a> {
    /// The `X-Company-Id` of every body when given, whatever company a body names.
    pub company_id: Option<&'a str>,
    /// The `X-Company-Id` of a body that names no company, when none is given.
    pub fallback_company_id: &'a str,
    /// The `X-Callback-Id`: the registration the delivery comes from.
    pub callback_id: &'a str,
}

/// A delivery's request: method, URL, headers and body. `X-Delivery-Attempts` is set on each
/// attempt by the [`Courier`](super::Courier), whatever the headers hold.
#[derive(Clone, Debug)]
pub struct Outgoing {
    method: Method,
    url: Uri,
    headers: HeaderMap,
    body: Bytes,
}

/// Why a body, or a destination, cannot be delivered.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum NotDeliverable {
    /// The body is not a callback body, even read leniently (a receiver would refuse it).
    NotACallback(ParseError),
    /// The body has no `event_id`, which `X-Event-Id` must repeat.
    NoEventId {
        /// The callback type the body was read as.
        callback_type: CallbackType,
    },
    /// A header filled from the body (or the identity) cannot be sent: it is not visible ASCII.
    Headers {
        /// The callback type the body was read as.
        callback_type: CallbackType,
        /// Which header, and why.
        error: HeaderError,
    },
    /// The destination cannot be called: its URL is not an absolute `http://` or `https://` URL,
    /// or its method or content type cannot be sent. The sentence says which.
    Destination(String),
}

/// The headers that belong to one connection (RFC 9110 §7.6.1) or that the client writes itself
/// from the URL and the body: a stored request's values would be wrong on a new connection.
const CONNECTION_HEADERS: [HeaderName; 9] = [
    header::HOST,
    header::CONTENT_LENGTH,
    header::TRANSFER_ENCODING,
    header::CONNECTION,
    header::TE,
    header::TRAILER,
    header::UPGRADE,
    header::PROXY_AUTHORIZATION,
    header::EXPECT,
];

/// `Keep-Alive` and `Proxy-Connection`, which `http` has no constants for.
const LEGACY_CONNECTION_HEADERS: [&str; 2] = ["keep-alive", "proxy-connection"];

impl Target {
    /// The target of a registration's destination.
    pub fn of(destination: &Destination) -> Result<Self, NotDeliverable> {
        let url = Uri::try_from(destination.url.as_str()).map_err(|error| {
            NotDeliverable::Destination(format!(
                "the destination URL {:?} is not a URL: {error}",
                destination.url
            ))
        })?;
        Target::new(url, &destination.method(), &destination.content_type())
    }

    /// The target at `url` with a registration's method and content type; an unknown method or
    /// content type is sent as written, when HTTP can carry it.
    pub fn new(
        url: Uri,
        method: &DestinationMethod,
        content_type: &DestinationContentType,
    ) -> Result<Self, NotDeliverable> {
        let scheme = url.scheme_str().map(str::to_ascii_lowercase);
        if !matches!(scheme.as_deref(), Some("http" | "https")) || url.host().is_none() {
            return Err(NotDeliverable::Destination(format!(
                "the destination URL `{url}` is not an http:// or https:// URL with a host"
            )));
        }
        let method = Method::from_bytes(method.as_str().as_bytes()).map_err(|_| {
            NotDeliverable::Destination(format!("`{}` is not an HTTP method", method.as_str()))
        })?;
        let content_type = HeaderValue::from_str(content_type.as_str()).map_err(|_| {
            NotDeliverable::Destination(format!(
                "`{}` is not a content type",
                content_type.as_str()
            ))
        })?;
        Ok(Target {
            url,
            method,
            content_type,
        })
    }
}

/// Reads an endpoint given on a command line: an absolute `http://` or `https://` URL with a
/// host; the error is a sentence with an example.
pub fn endpoint(text: &str) -> Result<Uri, String> {
    let uri = Uri::try_from(text).map_err(|error| format!("`{text}` is not a URL: {error}"))?;
    let scheme = uri.scheme_str().map(str::to_ascii_lowercase);
    if !matches!(scheme.as_deref(), Some("http" | "https")) || uri.host().is_none() {
        return Err(format!(
            "`{text}` is not an http:// or https:// URL with a host (such as http://localhost:8080/vibes)"
        ));
    }
    Ok(uri)
}

/// The headers of `body`, which must be a callback body as a receiver reads it (leniently: a
/// callback type or a field this version does not know is sent as it is).
///
/// `X-Event-Id` is the body's `event_id`; `X-Event-Type` the callback type it was read as, in its
/// documented spelling (`person_add` is sent as `person_added`, which is what a receiver compares
/// it with); `X-Company-Id` is `identity.company_id` when given, else the company the body names
/// (see `Callback::company_id`), else `identity.fallback_company_id`; `X-Callback-Id` is
/// `identity.callback_id`; `X-Delivery-Attempts` is 1.
///
/// ```
/// use vibes_client::deliver::{Identity, fill};
///
/// let identity = Identity { company_id: None, fallback_company_id: "zY5VnE7r", callback_id: "C1" };
/// let headers = fill(br#"{"event_id": "e1", "event_type": "person_add",
///   "event_date": "2026-03-01T09:00:00Z", "person": {}}"#, &identity)?;
/// assert_eq!(headers.event_type.as_str(), "person_added");
/// assert_eq!(headers.company_id, "zY5VnE7r");
/// # Ok::<(), vibes_client::deliver::NotDeliverable>(())
/// ```
pub fn fill(body: &[u8], identity: &Identity<'_>) -> Result<CallbackHeaders, NotDeliverable> {
    let callback = Callback::from_slice(body).map_err(NotDeliverable::NotACallback)?;
    let callback_type = callback.callback_type().clone();
    let event_id = match callback.event_id() {
        Some(event_id) if !event_id.is_empty() => event_id,
        _ => return Err(NotDeliverable::NoEventId { callback_type }),
    };
    let company_id = identity
        .company_id
        .or_else(|| callback.company_id())
        .unwrap_or(identity.fallback_company_id);
    let headers = CallbackHeaders {
        event_id: event_id.to_owned(),
        company_id: company_id.to_owned(),
        callback_id: identity.callback_id.to_owned(),
        delivery_attempts: DeliveryAttempts::FIRST,
        event_type: callback_type.clone(),
    };
    match headers.to_headers() {
        Ok(_) => Ok(headers),
        Err(error) => Err(NotDeliverable::Headers {
            callback_type,
            error,
        }),
    }
}

impl Outgoing {
    /// A request to send as it is: `headers` are kept but for those that belong to one
    /// connection (`Host`, `Content-Length`, `Transfer-Encoding`, `Connection`, `Keep-Alive`,
    /// `TE`, `Trailer`, `Upgrade`, `Expect`, `Proxy-Authorization`, `Proxy-Connection`), which the
    /// client writes for its own connection.
    pub fn new(method: Method, url: Uri, mut headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        for name in CONNECTION_HEADERS {
            headers.remove(name);
        }
        for name in LEGACY_CONNECTION_HEADERS {
            headers.remove(name);
        }
        Outgoing {
            method,
            url,
            headers,
            body: body.into(),
        }
    }

    /// The delivery of `body` to `target` with the five `headers` (see [`fill`]) and the
    /// target's content type.
    pub fn callback(
        target: &Target,
        headers: &CallbackHeaders,
        body: impl Into<Bytes>,
    ) -> Result<Self, NotDeliverable> {
        let mut map = headers
            .to_headers()
            .map_err(|error| NotDeliverable::Headers {
                callback_type: headers.event_type.clone(),
                error,
            })?;
        map.insert(CONTENT_TYPE, target.content_type.clone());
        Ok(Outgoing::new(
            target.method.clone(),
            target.url.clone(),
            map,
            body,
        ))
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The URL.
    pub fn url(&self) -> &Uri {
        &self.url
    }

    /// The headers, as every attempt sends them but for `X-Delivery-Attempts`.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl NotDeliverable {
    /// The callback type, when the body names one.
    pub fn callback_type(&self) -> Option<&str> {
        match self {
            NotDeliverable::NotACallback(error) => error.callback_type().map(CallbackType::as_str),
            NotDeliverable::NoEventId { callback_type }
            | NotDeliverable::Headers { callback_type, .. } => Some(callback_type.as_str()),
            NotDeliverable::Destination(_) => None,
        }
    }
}

impl fmt::Display for NotDeliverable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotDeliverable::NotACallback(error) => write!(f, "not a callback body: {error}"),
            NotDeliverable::NoEventId { .. } => write!(
                f,
                "the body has no `event_id`, which `{}` repeats",
                CallbackHeaders::EVENT_ID
            ),
            NotDeliverable::Headers { error, .. } => {
                write!(f, "its headers cannot be sent: {error}")
            }
            NotDeliverable::Destination(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for NotDeliverable {}

#[cfg(test)]
mod tests {
    use super::*;
    use vibes_types::delivery::DeliveryRules;

    const IDENTITY: Identity<'static> = Identity {
        company_id: None,
        fallback_company_id: "fallback",
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
        let headers = fill(&unmatched("bi3bwNRk"), &IDENTITY).unwrap();
        assert_eq!(headers.company_id, "bi3bwNRk");
        assert_eq!(headers.event_type, CallbackType::UnmatchedMessageReceived);
        let target = Target::of(&Destination::new("http://localhost/vibes")).unwrap();
        let outgoing = Outgoing::callback(&target, &headers, unmatched("bi3bwNRk")).unwrap();
        assert!(
            DeliveryRules::lenient()
                .read(outgoing.method(), outgoing.headers(), outgoing.body())
                .is_ok()
        );

        let given = Identity {
            company_id: Some("other"),
            ..IDENTITY
        };
        assert_eq!(
            fill(&unmatched("bi3bwNRk"), &given).unwrap().company_id,
            "other"
        );
        let person = br#"{"event_id": "e2", "event_type": "person_add",
            "event_date": "2026-03-01T09:00:00Z", "person": {}}"#;
        let headers = fill(person, &IDENTITY).unwrap();
        assert_eq!(headers.company_id, "fallback");
        let outgoing = Outgoing::callback(&target, &headers, &person[..]).unwrap();
        // The alias is sent in its documented spelling.
        assert_eq!(
            outgoing.headers()[CallbackHeaders::EVENT_TYPE],
            "person_added"
        );
        assert_eq!(outgoing.headers()[CallbackHeaders::DELIVERY_ATTEMPTS], "1");
    }

    #[test]
    fn a_body_that_cannot_fill_the_headers_is_not_deliverable() {
        let broken = fill(b"{\"event_id\": \"e1\",\n \"person\": 7", &IDENTITY).unwrap_err();
        assert!(matches!(broken, NotDeliverable::NotACallback(_)));
        assert!(broken.to_string().starts_with("not a callback body: "));

        let no_id = br#"{"callback_type": "person_merged", "event_date": "2026-03-01T09:00:00Z"}"#;
        let no_id = fill(no_id, &IDENTITY).unwrap_err();
        assert_eq!(no_id.callback_type(), Some("person_merged"));
        assert!(no_id.to_string().contains("no `event_id`"), "{no_id}");

        let accented = r#"{"event_id": "café", "callback_type": "person_added",
            "event_date": "2026-03-01T09:00:00Z", "person": {}}"#;
        let accented = fill(accented.as_bytes(), &IDENTITY).unwrap_err();
        assert!(accented.to_string().contains("X-Event-Id"), "{accented}");
    }

    #[test]
    fn stored_headers_are_kept_but_for_the_connection_s() {
        let mut stored = HeaderMap::new();
        for (name, value) in [
            ("host", "old.example.com"),
            ("content-length", "999"),
            ("connection", "keep-alive"),
            ("keep-alive", "timeout=5"),
            ("transfer-encoding", "chunked"),
            ("x-event-id", "e1"),
            ("user-agent", "Vibes"),
            ("content-type", "text/json"),
        ] {
            stored.append(name, HeaderValue::from_static(value));
        }
        let outgoing = Outgoing::new(
            Method::PUT,
            Uri::from_static("http://new.example.com/"),
            stored,
            "{}",
        );
        let mut kept: Vec<&str> = outgoing.headers().keys().map(HeaderName::as_str).collect();
        kept.sort_unstable();
        assert_eq!(kept, ["content-type", "user-agent", "x-event-id"]);
    }

    #[test]
    fn a_destination_that_cannot_be_called_says_why() {
        for (destination, said) in [
            (
                Destination::new("/vibes"),
                "is not an http:// or https:// URL",
            ),
            (
                Destination::new("ftp://example.com/"),
                "is not an http:// or https:// URL",
            ),
            (Destination::new("http://exa mple.com/"), "is not a URL"),
            (
                Destination::new("http://example.com/")
                    .with_method(DestinationMethod::from("GE T")),
                "is not an HTTP method",
            ),
        ] {
            let error = Target::of(&destination).unwrap_err();
            assert!(error.to_string().contains(said), "{error}");
            assert_eq!(error.callback_type(), None);
        }
    }
}
