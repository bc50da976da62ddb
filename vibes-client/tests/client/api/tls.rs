//! The client certificate over real TLS: a loopback HTTPS server that trusts only the test CA
//! and requires a client certificate answers a client that presents the test one, and sees
//! exactly that certificate; the same client without it gets no answer on any try (an error value, not a panic).
//! The certificates are the test-only ones of `tests/fixtures/tls/` (see its SOURCES.md).

use super::PASSWORD;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use vibes_client::api::{CallError, Client, Credentials, Retry};
use vibes_client::tls::{ClientCertificate, TrustedRoots};

const CA: &[u8] = include_bytes!("../../fixtures/tls/ca.pem");
const SERVER_CERTIFICATE: &[u8] = include_bytes!("../../fixtures/tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("../../fixtures/tls/server.key");
const CLIENT_CERTIFICATE: &[u8] = include_bytes!("../../fixtures/tls/client.pem");
const CLIENT_KEY: &[u8] = include_bytes!("../../fixtures/tls/client.key");

/// The answer to any request: an empty list of registrations.
const ANSWER: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]";

/// A loopback HTTPS server requiring a client certificate signed by the test CA.
struct MutualTlsServer {
    address: SocketAddr,
    /// The DER of the first certificate each accepted connection presented.
    peers: Arc<Mutex<Vec<Vec<u8>>>>,
    task: tokio::task::JoinHandle<()>,
}

impl MutualTlsServer {
    async fn start() -> Self {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = RootCertStore::empty();
        roots
            .add(CertificateDer::from_pem_slice(CA).unwrap())
            .unwrap();
        let verifier =
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .unwrap();
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_client_cert_verifier(verifier)
            .with_single_cert(
                vec![CertificateDer::from_pem_slice(SERVER_CERTIFICATE).unwrap()],
                PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap(),
            )
            .unwrap();
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let peers = Arc::new(Mutex::new(Vec::new()));
        let seen = peers.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                let seen = seen.clone();
                tokio::spawn(async move {
                    // A refused handshake ends the connection, as a real server's would.
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    if let Some(first) = tls.get_ref().1.peer_certificates().and_then(|c| c.first())
                    {
                        seen.lock().unwrap().push(first.to_vec());
                    }
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let _ = tls.write_all(ANSWER).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        MutualTlsServer {
            address,
            peers,
            task,
        }
    }

    fn peers(&self) -> Vec<Vec<u8>> {
        self.peers.lock().unwrap().clone()
    }
}

impl Drop for MutualTlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A client of `acme` calling the server over HTTPS, trusting the test CA, with quick retries.
fn client(server: &MutualTlsServer, certificate: Option<ClientCertificate>) -> Client {
    let mut builder = Client::builder("acme", Credentials::new("VibesUser", PASSWORD).unwrap())
        .base_url(format!("https://127.0.0.1:{}", server.address.port()))
        .trusted_roots(TrustedRoots::from_pem(CA).unwrap())
        .timeout(Duration::from_secs(5))
        .retry(Retry::new(2, Duration::from_millis(5)));
    if let Some(certificate) = certificate {
        builder = builder.client_certificate(certificate);
    }
    builder.build().unwrap()
}

#[tokio::test]
async fn the_pem_client_certificate_is_presented_and_accepted() {
    let server = MutualTlsServer::start().await;
    let pem = [CLIENT_CERTIFICATE, CLIENT_KEY].concat();
    let certificate = ClientCertificate::from_pem(&pem).unwrap();

    let registered = client(&server, Some(certificate)).list().await.unwrap();

    assert!(registered.is_empty(), "{registered:?}");
    let expected = CertificateDer::from_pem_slice(CLIENT_CERTIFICATE).unwrap();
    assert_eq!(server.peers(), vec![expected.to_vec()]);
}

#[tokio::test]
async fn without_the_client_certificate_the_call_fails() {
    let server = MutualTlsServer::start().await;

    let error = client(&server, None).list().await.unwrap_err();

    // No answer on either try: the server ends each handshake that presents no certificate.
    assert!(
        matches!(error, CallError::NoAnswer { attempts: 2, .. }),
        "{error:?}"
    );
    // rustls names the server's alert: the refusal is the missing certificate, not the CA.
    assert!(error.to_string().contains("CertificateRequired"), "{error}");
    assert!(server.peers().is_empty(), "{:?}", server.peers());
}
