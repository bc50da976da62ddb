//! The client and its settings: where the API is, who calls, and how long to wait.

use super::errors::CallError;
use super::retry::Retry;
use crate::tls::{ClientCertificate, TlsError, TlsSettings, TrustedRoots};
use crate::transport::Transport;
use bytes::Bytes;
use http::{HeaderMap, Method, Request, Uri};
use http_body_util::Full;
use std::fmt;
use std::time::Duration;
use vibes_types::api::{Credentials, Operation, Region};
use vibes_types::registration::ConflictRules;

/// A client of the callback configuration API of one company; cheap to clone (connections are
/// pooled and shared).
///
/// ```no_run
/// use vibes_client::api::{Checks, Client, Credentials, Region};
/// use vibes_types::CallbackRegistration;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let credentials = Credentials::new("VibesUser", "Password123")?;
/// let client = Client::builder("bi3bwNRk", credentials).region(Region::Eu).build()?;
/// let registration =
///     CallbackRegistration::subscription_added("my_list", "https://hooks.example.com/vibes");
/// let created = client.create(&registration, Checks::Run).await?;
/// println!("registered {}", created.callback_id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) transport: Transport,
    pub(crate) base: String,
    pub(crate) company_key: String,
    pub(crate) headers: HeaderMap,
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Duration,
    pub(crate) retry: Retry,
    pub(crate) rules: ConflictRules,
}

/// The settings of a [`Client`]; [`Client::builder`] starts one.
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    company_key: String,
    credentials: Credentials,
    base: String,
    tls: TlsSettings,
    timeout: Duration,
    retry: Retry,
    rules: ConflictRules,
}

/// Why a client cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an `http://` or `https://` URL with a host.
    BaseUrl(String),
    /// The client certificate or trusted roots cannot be used.
    Tls(TlsError),
}

/// A request ready to send: its method, URI, headers and body. `Debug` shows the
/// `Authorization` header as `Sensitive`, never the credentials.
#[derive(Clone, Debug)]
pub struct PreparedRequest {
    /// The method.
    pub method: Method,
    /// The full URI.
    pub uri: Uri,
    /// The headers: `Authorization`, `X-API-Version`, `Content-Type`.
    pub headers: HeaderMap,
    /// The JSON body, empty for `GET` and `DELETE`.
    pub body: Bytes,
}

impl Client {
    /// The settings of a client for the company `company_key`, calling as `credentials`: the US
    /// region, a 30 s timeout per try, [`Retry::default`] and [`ConflictRules::default`].
    pub fn builder(company_key: impl Into<String>, credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            company_key: company_key.into(),
            credentials,
            base: Region::Us.base_url().to_owned(),
            tls: TlsSettings::default(),
            timeout: Duration::from_secs(30),
            retry: Retry::default(),
            rules: ConflictRules::default(),
        }
    }

    /// The scheme and host (and any path prefix) every operation's path is appended to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The company whose registrations the client manages.
    pub fn company_key(&self) -> &str {
        &self.company_key
    }

    /// The request `operation` would send with `body` (already JSON): what the operations
    /// send, for a caller that wants to see or log it.
    ///
    /// ```
    /// use vibes_client::api::{Client, Credentials};
    /// use vibes_types::api::Operation;
    ///
    /// let client = Client::builder("acme", Credentials::new("VibesUser", "Password123")?)
    ///     .base_url("http://127.0.0.1:8080")
    ///     .build()?;
    /// let request = client.prepare(&Operation::Get("AB3423".into()), Vec::new())?;
    /// assert_eq!(request.uri, "http://127.0.0.1:8080/companies/acme/config/callbacks/AB3423");
    /// assert!(!format!("{request:?}").contains("Password123"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prepare(
        &self,
        operation: &Operation,
        body: Vec<u8>,
    ) -> Result<PreparedRequest, CallError> {
        let path = operation.path(&self.company_key).map_err(CallError::Path)?;
        let text = format!("{}{path}", self.base);
        let uri = Uri::try_from(text.as_str()).map_err(|_| CallError::Uri(text.clone()))?;
        Ok(PreparedRequest {
            method: operation.method(),
            uri,
            headers: self.headers.clone(),
            body: Bytes::from(body),
        })
    }
}

impl PreparedRequest {
    pub(crate) fn to_http(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.uri.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }
}

impl ClientBuilder {
    /// Calls the API of `region` (the US by default).
    pub fn region(mut self, region: Region) -> Self {
        self.base = region.base_url().to_owned();
        self
    }

    /// Calls the API at `url` instead of a region's host: a proxy, a test server, the emulator
    /// of `vibes emulate`. A trailing `/` is dropped.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base = url.into().trim_end_matches('/').to_owned();
        self
    }

    /// Presents this client certificate (read from PEM with
    /// [`ClientCertificate::from_pem`]), for client-certificate authentication.
    pub fn client_certificate(mut self, certificate: ClientCertificate) -> Self {
        self.tls.certificate = Some(certificate);
        self
    }

    /// Trusts these certificate authorities besides the Mozilla roots.
    pub fn trusted_roots(mut self, roots: TrustedRoots) -> Self {
        self.tls.roots = roots;
        self
    }

    /// How long one try may take, from connecting to the answer's last byte (30 s by default).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How the idempotent calls are tried again.
    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// The conflict rules `create` and `update` check ([`ConflictRules::newer`] by default).
    pub fn conflict_rules(mut self, rules: ConflictRules) -> Self {
        self.rules = rules;
        self
    }

    /// The client.
    pub fn build(self) -> Result<Client, BuildError> {
        let uri: Uri = self
            .base
            .parse()
            .map_err(|_| BuildError::BaseUrl(self.base.clone()))?;
        let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
        if !scheme_ok || uri.host().is_none() || uri.query().is_some() {
            return Err(BuildError::BaseUrl(self.base));
        }
        let transport = Transport::new(&self.tls).map_err(BuildError::Tls)?;
        Ok(Client {
            transport,
            headers: self.credentials.headers(),
            base: self.base,
            company_key: self.company_key,
            credentials: self.credentials,
            timeout: self.timeout,
            retry: self.retry,
            rules: self.rules,
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .field("company_key", &self.company_key)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::BaseUrl(url) => write!(
                f,
                "the base URL {url:?} is not an http:// or https:// URL with a host and no query"
            ),
            BuildError::Tls(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {}
