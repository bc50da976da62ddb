//! Where and how to call the callback configuration API: hosts, operation paths, headers and the
//! Basic authorization value.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use std::fmt;

/// The header that selects the API version; every request sends version 2.
///
/// ```
/// use vibes_types::api::{Credentials, X_API_VERSION};
///
/// let headers = Credentials::new("VibesUser", "Password123").headers();
/// assert_eq!(headers[X_API_VERSION], "2");
/// ```
pub const X_API_VERSION: HeaderName = HeaderName::from_static("x-api-version");

/// The API version every request asks for.
const API_VERSION: HeaderValue = HeaderValue::from_static("2");

/// The content type of every request body.
const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The path of the registrations, under a company.
const CALLBACKS: &str = "config/callbacks";

/// The path of the test-event call, under a company.
const TEST_EVENTS: &str = "config/callback_events/test";

/// The path prefix of a company's resources.
const COMPANIES: &str = "/companies";

/// What a path segment must escape: the URL path set, plus `/` and `%` so that a key or id
/// cannot step into another path.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// A Vibes API region, by the host its API is served from.
///
/// ```
/// use vibes_types::api::{Operation, Region};
///
/// assert_eq!(Region::Eu.base_url(), "https://public-api.eu.vibes.com");
/// let uri = Region::Us.uri(&Operation::List, "bi3bwNRk")?;
/// assert_eq!(uri.host(), Some("public-api.vibescm.com"));
/// assert_eq!(uri.path(), "/companies/bi3bwNRk/config/callbacks");
/// # Ok::<(), http::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// The United States: `https://public-api.vibescm.com`.
    Us,
    /// Europe, current host: `https://public-api.eu.vibes.com`.
    Eu,
    /// Europe, the older host that older documentation names:
    /// `https://public-api.vibescmeurope.com`.
    EuLegacy,
}

/// One call of the callback configuration API.
///
/// ```
/// use http::Method;
/// use vibes_types::api::Operation;
///
/// let delete = Operation::Delete("Hzh39LP3".to_owned());
/// assert_eq!(delete.method(), Method::DELETE);
/// assert_eq!(delete.path("bi3bwNRk"), "/companies/bi3bwNRk/config/callbacks/Hzh39LP3");
/// assert!(!delete.has_body());
/// assert!(Operation::SendTestEvent.has_body());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `POST …/config/callbacks` with a registration: 201 and the entity.
    Create,
    /// `GET …/config/callbacks`: the active and future entities.
    List,
    /// `GET …/config/callbacks/:callback_id`: one entity, 404 if unknown.
    Get(String),
    /// `PUT …/config/callbacks/:callback_id` with a registration: the entity.
    Update(String),
    /// `DELETE …/config/callbacks/:callback_id`: the entity with its new dates.
    Delete(String),
    /// `POST …/config/callback_events/test` with a test event request: 201 and its answer.
    SendTestEvent,
}

/// The user and password of Basic authorization; `Debug` never shows the password.
///
/// ```
/// use vibes_types::api::Credentials;
///
/// let credentials = Credentials::new("VibesUser", "Password123");
/// assert_eq!(credentials.authorization(), "Basic VmliZXNVc2VyOlBhc3N3b3JkMTIz");
/// assert!(!format!("{credentials:?}").contains("Password123"));
/// let headers = credentials.headers();
/// assert_eq!(headers["content-type"], "application/json");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    user: String,
    password: String,
}

impl Region {
    /// The scheme and host of the region's API, without a trailing slash.
    pub fn base_url(self) -> &'static str {
        match self {
            Region::Us => "https://public-api.vibescm.com",
            Region::Eu => "https://public-api.eu.vibes.com",
            Region::EuLegacy => "https://public-api.vibescmeurope.com",
        }
    }

    /// The full URI of `operation` for the company `company_key` in this region.
    pub fn uri(self, operation: &Operation, company_key: &str) -> Result<Uri, http::Error> {
        let text = format!("{}{}", self.base_url(), operation.path(company_key));
        Ok(Uri::try_from(text)?)
    }
}

impl Operation {
    /// The HTTP method of the operation.
    pub fn method(&self) -> Method {
        match self {
            Operation::Create | Operation::SendTestEvent => Method::POST,
            Operation::List | Operation::Get(_) => Method::GET,
            Operation::Update(_) => Method::PUT,
            Operation::Delete(_) => Method::DELETE,
        }
    }

    /// The path of the operation for the company `company_key`, its segments escaped.
    ///
    /// ```
    /// use vibes_types::api::Operation;
    ///
    /// let get = Operation::Get("a/b".to_owned());
    /// assert_eq!(get.path("acme co"), "/companies/acme%20co/config/callbacks/a%2Fb");
    /// ```
    pub fn path(&self, company_key: &str) -> String {
        let company = utf8_percent_encode(company_key, SEGMENT);
        match self {
            Operation::Create | Operation::List => format!("{COMPANIES}/{company}/{CALLBACKS}"),
            Operation::Get(id) | Operation::Update(id) | Operation::Delete(id) => {
                let id = utf8_percent_encode(id, SEGMENT);
                format!("{COMPANIES}/{company}/{CALLBACKS}/{id}")
            }
            Operation::SendTestEvent => format!("{COMPANIES}/{company}/{TEST_EVENTS}"),
        }
    }

    /// Whether the request carries a JSON body (a registration or a test event request).
    pub fn has_body(&self) -> bool {
        matches!(
            self,
            Operation::Create | Operation::Update(_) | Operation::SendTestEvent
        )
    }
}

impl Credentials {
    /// The API user and password.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            user: user.into(),
            password: password.into(),
        }
    }

    /// The API user.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// `Basic base64(user:password)`, marked sensitive so that `http` hides it in `Debug`.
    pub fn authorization(&self) -> HeaderValue {
        let encoded = STANDARD.encode(format!("{}:{}", self.user, self.password));
        // Base64 is visible ASCII, which a header value always admits.
        let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
            .unwrap_or_else(|_| HeaderValue::from_static("Basic"));
        value.set_sensitive(true);
        value
    }

    /// The headers every API request carries: `Content-Type: application/json`,
    /// `X-API-Version: 2` and the Basic `Authorization`.
    pub fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(3);
        headers.insert(CONTENT_TYPE, APPLICATION_JSON);
        headers.insert(X_API_VERSION, API_VERSION);
        headers.insert(AUTHORIZATION, self.authorization());
        headers
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_is_the_documented_example_and_debug_hides_the_password() {
        let credentials = Credentials::new("VibesUser", "Password123");
        let value = credentials.authorization();
        assert_eq!(value, "Basic VmliZXNVc2VyOlBhc3N3b3JkMTIz");
        assert!(value.is_sensitive());
        let shown = format!("{credentials:?} {:?}", credentials.headers());
        assert!(!shown.contains("Password123"), "{shown}");
        assert!(!shown.contains("VmliZXNVc2VyOlBhc3N3b3JkMTIz"), "{shown}");
    }

    #[test]
    fn headers_are_the_three_required_ones() {
        let headers = Credentials::new("u", "p").headers();
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["x-api-version"], "2");
        assert!(headers.contains_key("authorization"));
    }

    #[test]
    fn paths_of_the_six_operations_escape_their_segments() {
        let key = "acme co/1";
        assert_eq!(
            Operation::Create.path(key),
            "/companies/acme%20co%2F1/config/callbacks"
        );
        assert_eq!(Operation::List.method(), Method::GET);
        assert_eq!(
            Operation::Get("a/b?c#d%".to_owned()).path("acme"),
            "/companies/acme/config/callbacks/a%2Fb%3Fc%23d%25"
        );
        assert_eq!(
            Operation::Update("Hzh39LP3".to_owned()).method(),
            Method::PUT
        );
        assert_eq!(
            Operation::Delete("Hzh39LP3".to_owned()).method(),
            Method::DELETE
        );
        assert_eq!(
            Operation::SendTestEvent.path("acme"),
            "/companies/acme/config/callback_events/test"
        );
        assert_eq!(
            Region::Eu
                .uri(&Operation::Get("Hzh39LP3".to_owned()), "acme")
                .unwrap()
                .to_string(),
            "https://public-api.eu.vibes.com/companies/acme/config/callbacks/Hzh39LP3"
        );
        assert_eq!(
            Region::EuLegacy.base_url(),
            "https://public-api.vibescmeurope.com"
        );
        assert_eq!(Region::Us.base_url(), "https://public-api.vibescm.com");
    }
}
