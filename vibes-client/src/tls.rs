//! TLS for `https://` URLs: which certificate authorities are trusted (the Mozilla roots of
//! `webpki-roots`, and any given), and the client certificate a request may present (the Vibes
//! API offers client-certificate authentication; a receiver behind mutual TLS asks for one).

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::{ClientConfig, RootCertStore};
use std::fmt;
use std::sync::Arc;

/// A client certificate and its private key, read from PEM; `Debug` never shows the key.
///
/// ```
/// use vibes_client::tls::{ClientCertificate, TlsError};
///
/// let error = ClientCertificate::from_pem(b"not PEM").unwrap_err();
/// assert!(matches!(error, TlsError::NoCertificate));
/// ```
#[derive(Clone)]
pub struct ClientCertificate {
    chain: Vec<CertificateDer<'static>>,
    key: Arc<PrivateKeyDer<'static>>,
}

/// Certificate authorities trusted besides the Mozilla roots: a company's own, or a test's.
///
/// ```
/// use vibes_client::tls::TrustedRoots;
///
/// assert!(TrustedRoots::from_pem(b"").is_err()); // no certificate in it
/// ```
#[derive(Clone, Debug, Default)]
pub struct TrustedRoots {
    roots: Vec<CertificateDer<'static>>,
}

/// Why TLS cannot be set up as asked.
#[derive(Debug)]
#[non_exhaustive]
pub enum TlsError {
    /// The PEM holds no `CERTIFICATE` block.
    NoCertificate,
    /// The PEM of a client certificate holds no private key (`PRIVATE KEY`, `RSA PRIVATE KEY` or
    /// `EC PRIVATE KEY`).
    NoPrivateKey,
    /// A PEM block cannot be read.
    Pem(String),
    /// rustls refused the certificate, the key or a root.
    Rustls(rustls::Error),
}

/// What a client trusts and presents.
#[derive(Clone, Debug, Default)]
pub(crate) struct TlsSettings {
    pub roots: TrustedRoots,
    pub certificate: Option<ClientCertificate>,
}

impl ClientCertificate {
    /// The certificate chain (the client's certificate first) and its private key, all in
    /// `pem`, as one file holds them or as two files put together.
    ///
    /// The key must be one rustls can sign with (RSA, ECDSA P-256 or P-384, Ed25519).
    pub fn from_pem(pem: &[u8]) -> Result<Self, TlsError> {
        let chain = certificates(pem)?;
        let key = PrivateKeyDer::from_pem_slice(pem).map_err(|error| match error {
            rustls::pki_types::pem::Error::NoItemsFound => TlsError::NoPrivateKey,
            other => TlsError::Pem(other.to_string()),
        })?;
        rustls::crypto::ring::sign::any_supported_type(&key).map_err(TlsError::Rustls)?;
        Ok(ClientCertificate {
            chain,
            key: Arc::new(key),
        })
    }
}

impl fmt::Debug for ClientCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCertificate")
            .field("certificates", &self.chain.len())
            .field("key", &"<hidden>")
            .finish()
    }
}

impl TrustedRoots {
    /// Every certificate of `pem`, each trusted as a certificate authority.
    pub fn from_pem(pem: &[u8]) -> Result<Self, TlsError> {
        Ok(TrustedRoots {
            roots: certificates(pem)?,
        })
    }
}

impl TlsSettings {
    /// The rustls configuration: the `ring` provider, TLS 1.2 and 1.3, the Mozilla roots and the
    /// ones given, and the client certificate if any.
    pub fn client_config(&self) -> Result<ClientConfig, TlsError> {
        let mut roots = RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        for root in &self.roots.roots {
            roots.add(root.clone()).map_err(TlsError::Rustls)?;
        }
        let builder =
            ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .map_err(TlsError::Rustls)?
                .with_root_certificates(roots);
        match &self.certificate {
            Some(certificate) => builder
                .with_client_auth_cert(certificate.chain.clone(), certificate.key.clone_key())
                .map_err(TlsError::Rustls),
            None => Ok(builder.with_no_client_auth()),
        }
    }
}

impl fmt::Display for TlsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsError::NoCertificate => f.write_str("the PEM holds no CERTIFICATE block"),
            TlsError::NoPrivateKey => f.write_str(
                "the PEM of the client certificate holds no private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
            ),
            TlsError::Pem(error) => write!(f, "the PEM cannot be read: {error}"),
            TlsError::Rustls(error) => write!(f, "TLS refused it: {error}"),
        }
    }
}

impl std::error::Error for TlsError {}

/// Every `CERTIFICATE` block of `pem`, at least one.
fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let chain = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| TlsError::Pem(error.to_string()))?;
    if chain.is_empty() {
        return Err(TlsError::NoCertificate);
    }
    Ok(chain)
}
