//! Where and how to call the callback configuration API: hosts, operation paths, headers and the
//! Basic authorization value.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt;

/// The header that selects the API version; every request sends version 2.
///
/// ```
/// use vibes_types::api::{Credentials, X_API_VERSION};
///
/// let headers = Credentials::new("VibesUser", "Password123")?.headers();
/// assert_eq!(headers[X_API_VERSION], "2");
/// # Ok::<(), vibes_types::api::CredentialsError>(())
/// ```
///
/// Available on crate feature `api` only.
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

/// What a path segment escapes: everything but the unreserved characters of RFC 3986, so that
/// `/`, `?`, `#` and `%` stay inside the segment and no server reads `;` as a separator.
/// With `.`, `..` and the empty value refused (see [`PathError`]), a key or id cannot step into
/// another path.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A Vibes API region, by the host its API is served from.
///
/// ```
/// use vibes_types::api::{Operation, Region};
///
/// assert_eq!(Region::Eu.base_url(), "https://public-api.eu.vibes.com");
/// let uri = Region::Us.uri(&Operation::List, "bi3bwNRk")?;
/// assert_eq!(uri.host(), Some("public-api.vibescm.com"));
/// assert_eq!(uri.path(), "/companies/bi3bwNRk/config/callbacks");
/// # Ok::<(), vibes_types::api::PathError>(())
/// ```
///
/// Available on crate feature `api` only.
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
/// assert_eq!(delete.path("bi3bwNRk")?, "/companies/bi3bwNRk/config/callbacks/Hzh39LP3");
/// assert!(!delete.has_body());
/// assert!(Operation::SendTestEvent.has_body());
/// # Ok::<(), vibes_types::api::PathError>(())
/// ```
///
/// Available on crate feature `api` only.
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

/// A company key or callback id that cannot stand as one segment of an API path, because the
/// path built from it would name another resource than the one meant.
///
/// ```
/// use vibes_types::api::{Operation, PathPart, PathProblem};
///
/// let error = Operation::Delete("..".to_owned()).path("acme").unwrap_err();
/// assert_eq!(error.part(), PathPart::CallbackId);
/// assert_eq!(error.problem(), PathProblem::DotSegment);
/// assert_eq!(
///     error.to_string(),
///     r#"callback id ".." cannot be a path segment: `.` and `..` name the current or the parent path"#
/// );
/// ```
///
/// Available on crate feature `api` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    part: PathPart,
    value: String,
    problem: PathProblem,
}

/// Which value of an operation's path a [`PathError`] is about.
///
/// Available on crate feature `api` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathPart {
    /// The company key, the segment after `/companies/`.
    CompanyKey,
    /// The callback id of `Get`, `Update` or `Delete`, the segment after `config/callbacks/`.
    CallbackId,
}

/// Why a value cannot be a path segment.
///
/// Available on crate feature `api` only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathProblem {
    /// The value is empty: `Get("")` would call `GET …/config/callbacks/`, the list.
    Empty,
    /// The value is `.` or `..`, which URL resolvers, proxies and servers read as the current
    /// or the parent path (`Delete("..")` would delete at `…/config/`).
    DotSegment,
    /// The value contains `\`, which some servers and proxies read as `/`.
    Backslash,
    /// `http` refused the URI built from the escaped value. Not expected: every character
    /// outside the unreserved set is escaped; this makes a mistake there an error, not a panic.
    RefusedByHttp,
}

/// The user and password of Basic authorization; `Debug` never shows the password.
///
/// Build it with [`Credentials::new`], which refuses what Basic authorization cannot carry
/// unambiguously.
///
/// ```
/// use vibes_types::api::Credentials;
///
/// let credentials = Credentials::new("VibesUser", "Password123")?;
/// assert_eq!(credentials.authorization(), "Basic VmliZXNVc2VyOlBhc3N3b3JkMTIz");
/// assert!(!format!("{credentials:?}").contains("Password123"));
/// let headers = credentials.headers();
/// assert_eq!(headers["content-type"], "application/json");
/// # Ok::<(), vibes_types::api::CredentialsError>(())
/// ```
///
/// Available on crate feature `api` only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    user: String,
    password: String,
}

/// Why a user and password cannot be sent as Basic authorization (RFC 7617 §2): the user
/// contains `:`, or either contains a control character. The password is never shown.
///
/// Available on crate feature `api` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    problem: CredentialsProblem,
}

/// What is wrong with a user or password, as [`CredentialsError::problem`] reports it.
///
/// Available on crate feature `api` only.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialsProblem {
    /// The user contains `:`, so the server would split `user:password` at the wrong place.
    ColonInUser {
        /// The user as given.
        user: String,
    },
    /// The user contains a control character (which RFC 7617 forbids).
    ControlInUser {
        /// The user as given.
        user: String,
    },
    /// The password contains a control character (which RFC 7617 forbids); it is not shown.
    ControlInPassword,
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

    /// The full URI of `operation` for the company `company_key` in this region; a key or id
    /// that cannot be a path segment is an error naming it (see [`Operation::path`]).
    pub fn uri(self, operation: &Operation, company_key: &str) -> Result<Uri, PathError> {
        let text = format!("{}{}", self.base_url(), operation.path(company_key)?);
        Uri::try_from(text).map_err(|_| {
            let (part, value) = match operation.callback_id() {
                Some(id) => (PathPart::CallbackId, id),
                None => (PathPart::CompanyKey, company_key),
            };
            PathError::new(part, value, PathProblem::RefusedByHttp)
        })
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

    /// The path of the operation for the company `company_key`, each value one escaped segment.
    ///
    /// Every path stays under `/companies/<key>/config/`: a key or id that is empty, `.` or
    /// `..`, or contains `\` is an error naming it, and every other character but the unreserved
    /// ones (`A-Z a-z 0-9 - . _ ~`) is percent-escaped, `/ ? # %` included.
    ///
    /// ```
    /// use vibes_types::api::Operation;
    ///
    /// let get = Operation::Get("a/b".to_owned());
    /// assert_eq!(get.path("acme co")?, "/companies/acme%20co/config/callbacks/a%2Fb");
    /// assert!(Operation::Get("..".to_owned()).path("acme").is_err());
    /// # Ok::<(), vibes_types::api::PathError>(())
    /// ```
    pub fn path(&self, company_key: &str) -> Result<String, PathError> {
        let company = segment(PathPart::CompanyKey, company_key)?;
        Ok(match self {
            Operation::Create | Operation::List => format!("{COMPANIES}/{company}/{CALLBACKS}"),
            Operation::Get(id) | Operation::Update(id) | Operation::Delete(id) => {
                let id = segment(PathPart::CallbackId, id)?;
                format!("{COMPANIES}/{company}/{CALLBACKS}/{id}")
            }
            Operation::SendTestEvent => format!("{COMPANIES}/{company}/{TEST_EVENTS}"),
        })
    }

    /// Whether the request carries a JSON body (a registration or a test event request).
    pub fn has_body(&self) -> bool {
        matches!(
            self,
            Operation::Create | Operation::Update(_) | Operation::SendTestEvent
        )
    }

    /// The callback id of `Get`, `Update` and `Delete`.
    pub fn callback_id(&self) -> Option<&str> {
        match self {
            Operation::Get(id) | Operation::Update(id) | Operation::Delete(id) => Some(id),
            Operation::Create | Operation::List | Operation::SendTestEvent => None,
        }
    }
}

impl PathError {
    fn new(part: PathPart, value: &str, problem: PathProblem) -> Self {
        PathError {
            part,
            value: value.to_owned(),
            problem,
        }
    }

    /// Which value is at fault: the company key or the callback id.
    pub fn part(&self) -> PathPart {
        self.part
    }

    /// The value at fault, as given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Why it cannot be a path segment.
    pub fn problem(&self) -> PathProblem {
        self.problem
    }
}

impl fmt::Display for PathPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PathPart::CompanyKey => "company key",
            PathPart::CallbackId => "callback id",
        })
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Quoted with escapes, so that a value holding quotes or line breaks reads unambiguously.
        write!(
            f,
            "{} {:?} cannot be a path segment: ",
            self.part, self.value
        )?;
        f.write_str(match self.problem {
            PathProblem::Empty => "it is empty, so the path would name the collection",
            PathProblem::DotSegment => "`.` and `..` name the current or the parent path",
            PathProblem::Backslash => "it contains `\\`, which some servers read as `/`",
            PathProblem::RefusedByHttp => "the escaped path is not a URI `http` accepts",
        })
    }
}

impl std::error::Error for PathError {}

/// `value` as one escaped path segment, or why it cannot be one.
fn segment(part: PathPart, value: &str) -> Result<String, PathError> {
    let problem = match value {
        "" => Some(PathProblem::Empty),
        "." | ".." => Some(PathProblem::DotSegment),
        _ if value.contains('\\') => Some(PathProblem::Backslash),
        _ => None,
    };
    match problem {
        Some(problem) => Err(PathError::new(part, value, problem)),
        None => Ok(utf8_percent_encode(value, SEGMENT).to_string()),
    }
}

impl Credentials {
    /// The API user and password, refused when Basic authorization cannot carry them
    /// unambiguously: a user containing `:`, or a control character in either.
    ///
    /// ```
    /// use vibes_types::api::{Credentials, CredentialsProblem};
    ///
    /// let credentials = Credentials::new("VibesUser", "Password123")?;
    /// assert_eq!(credentials.user(), "VibesUser");
    ///
    /// let error = Credentials::new("acme:admin", "Password123").unwrap_err();
    /// assert!(matches!(error.problem(), CredentialsProblem::ColonInUser { .. }));
    /// assert!(!error.to_string().contains("Password123"));
    /// # Ok::<(), vibes_types::api::CredentialsError>(())
    /// ```
    pub fn new(
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Result<Self, CredentialsError> {
        let (user, password) = (user.into(), password.into());
        let problem = if user.contains(':') {
            Some(CredentialsProblem::ColonInUser { user: user.clone() })
        } else if user.chars().any(char::is_control) {
            Some(CredentialsProblem::ControlInUser { user: user.clone() })
        } else if password.chars().any(char::is_control) {
            Some(CredentialsProblem::ControlInPassword)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(CredentialsError { problem }),
            None => Ok(Credentials { user, password }),
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

impl CredentialsError {
    /// What is wrong.
    pub fn problem(&self) -> &CredentialsProblem {
        &self.problem
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            CredentialsProblem::ColonInUser { user } => write!(
                f,
                "the Basic authorization user {user:?} contains `:`, which separates it from the password"
            ),
            CredentialsProblem::ControlInUser { user } => write!(
                f,
                "the Basic authorization user {user:?} contains a control character"
            ),
            CredentialsProblem::ControlInPassword => {
                f.write_str("the Basic authorization password contains a control character")
            }
        }
    }
}

impl std::error::Error for CredentialsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_is_the_documented_example_and_debug_hides_the_password() {
        let credentials = Credentials::new("VibesUser", "Password123").unwrap();
        let value = credentials.authorization();
        assert_eq!(value, "Basic VmliZXNVc2VyOlBhc3N3b3JkMTIz");
        assert!(value.is_sensitive());
        let shown = format!("{credentials:?} {:?}", credentials.headers());
        assert!(!shown.contains("Password123"), "{shown}");
        assert!(!shown.contains("VmliZXNVc2VyOlBhc3N3b3JkMTIz"), "{shown}");
    }

    #[test]
    fn headers_are_the_three_required_ones() {
        let headers = Credentials::new("u", "p").unwrap().headers();
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(headers["x-api-version"], "2");
        assert!(headers.contains_key("authorization"));
    }

    #[test]
    fn paths_of_the_six_operations_escape_their_segments() {
        let key = "acme co/1";
        assert_eq!(
            Operation::Create.path(key).unwrap(),
            "/companies/acme%20co%2F1/config/callbacks"
        );
        assert_eq!(Operation::List.method(), Method::GET);
        assert_eq!(
            Operation::Get("a/b?c#d%".to_owned()).path("acme").unwrap(),
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
            Operation::SendTestEvent.path("acme").unwrap(),
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

    fn id_error(operation: Operation) -> (PathPart, PathProblem) {
        let error = operation.path("acme").unwrap_err();
        (error.part(), error.problem())
    }

    #[test]
    fn operation_get_dot_is_refused() {
        assert_eq!(
            id_error(Operation::Get(".".to_owned())),
            (PathPart::CallbackId, PathProblem::DotSegment)
        );
    }

    #[test]
    fn operation_get_empty_is_refused() {
        let error = Operation::Get(String::new()).path("acme").unwrap_err();
        assert_eq!(error.problem(), PathProblem::Empty);
        assert_eq!(
            error.to_string(),
            r#"callback id "" cannot be a path segment: it is empty, so the path would name the collection"#
        );
    }

    #[test]
    fn operation_delete_backslash_dot_dot_is_refused() {
        let error = Operation::Delete(r"..\..".to_owned())
            .path("acme")
            .unwrap_err();
        assert_eq!(
            (error.part(), error.value(), error.problem()),
            (PathPart::CallbackId, r"..\..", PathProblem::Backslash)
        );
        assert_eq!(
            id_error(Operation::Update("..".to_owned())),
            (PathPart::CallbackId, PathProblem::DotSegment)
        );
    }

    #[test]
    fn company_key_dot_dot_is_refused() {
        for operation in [
            Operation::Create,
            Operation::List,
            Operation::SendTestEvent,
            Operation::Get("Hzh39LP3".to_owned()),
        ] {
            for key in ["..", ".", "", r"a\b"] {
                let error = operation.path(key).unwrap_err();
                assert_eq!(error.part(), PathPart::CompanyKey, "{key:?}");
                assert_eq!(error.value(), key);
                let uri_error = Region::Us.uri(&operation, key).unwrap_err();
                assert_eq!(uri_error, error);
            }
        }
        assert_eq!(
            Operation::List.path("..").unwrap_err().to_string(),
            r#"company key ".." cannot be a path segment: `.` and `..` name the current or the parent path"#
        );
    }

    #[test]
    fn dots_inside_a_value_and_escaped_dots_stay_one_segment() {
        assert_eq!(
            Operation::Get("...".to_owned()).path("a.b").unwrap(),
            "/companies/a.b/config/callbacks/..."
        );
        assert_eq!(
            Operation::Get("%2e%2e".to_owned()).path("acme").unwrap(),
            "/companies/acme/config/callbacks/%252e%252e"
        );
        assert_eq!(
            Operation::Get("..;".to_owned()).path("acme").unwrap(),
            "/companies/acme/config/callbacks/..%3B"
        );
    }

    #[test]
    fn basic_auth_user_with_colon_is_refused() {
        let error = Credentials::new("acme:admin", "s3cret").unwrap_err();
        assert_eq!(
            error.problem(),
            &CredentialsProblem::ColonInUser {
                user: "acme:admin".to_owned()
            }
        );
        assert_eq!(
            error.to_string(),
            r#"the Basic authorization user "acme:admin" contains `:`, which separates it from the password"#
        );
        // A colon in the password is fine: the server splits at the first one.
        assert!(Credentials::new("acme", "pa:ss").is_ok());
        let control = Credentials::new("acme", "s3cret\r\n").unwrap_err();
        assert_eq!(control.problem(), &CredentialsProblem::ControlInPassword);
        assert!(!format!("{control} {control:?}").contains("s3cret"));
        assert!(matches!(
            Credentials::new("ac\u{0}me", "s3cret")
                .unwrap_err()
                .problem(),
            CredentialsProblem::ControlInUser { .. }
        ));
    }
}
