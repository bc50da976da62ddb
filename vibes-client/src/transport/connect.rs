//! Opening a connection to a URL's host: directly, or through the HTTP proxy the environment
//! names for its scheme (an `http://` request is sent to the proxy whole; an `https://` one goes
//! through a `CONNECT` tunnel, and TLS is spoken through it with the host itself).

use http::{HeaderValue, Uri};
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::net::TcpStream;
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The proxies of the environment.
pub(crate) struct Proxies(Matcher);

/// Opens connections as [`Proxies`] say.
#[derive(Clone, Debug)]
pub(crate) struct Connector {
    http: HttpConnector,
    proxies: Arc<Proxies>,
}

/// A connection, and whether it goes to a proxy that forwards whole requests (which then carry
/// their absolute URL).
#[derive(Debug)]
pub(crate) struct Conn {
    io: TokioIo<TcpStream>,
    forwarding: bool,
}

/// How a request reaches its host.
enum Route {
    Direct,
    /// To the proxy, which forwards the request (an `http://` URL).
    Forward(Uri),
    /// Through a `CONNECT` tunnel the proxy opens to the host (an `https://` URL).
    Tunnel(Uri, Option<HeaderValue>),
}

impl Proxies {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (and their lowercase forms), read
    /// as curl reads them.
    pub fn from_env() -> Self {
        Proxies(Matcher::from_env())
    }

    /// The `Proxy-Authorization` a request to `uri` carries: the credentials of the proxy that
    /// forwards it, when the proxy's URL has some.
    pub fn forwarding_authorization(&self, uri: &Uri) -> Option<HeaderValue> {
        match self.route(uri) {
            Ok(Route::Forward(_)) => self.0.intercept(uri)?.basic_auth().cloned(),
            _ => None,
        }
    }

    fn route(&self, uri: &Uri) -> Result<Route, BoxError> {
        let Some(intercept) = self.0.intercept(uri) else {
            return Ok(Route::Direct);
        };
        let proxy = intercept.uri().clone();
        if proxy.scheme_str() != Some("http") {
            // The URL is kept without its credentials.
            return Err(format!(
                "the proxy {proxy} the environment names is not an http:// proxy, the only kind supported"
            )
            .into());
        }
        Ok(match uri.scheme_str() {
            Some("https") => Route::Tunnel(proxy, intercept.basic_auth().cloned()),
            _ => Route::Forward(proxy),
        })
    }
}

impl fmt::Debug for Proxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // hyper-util keeps a proxy's URL without its credentials, and shows no more.
        self.0.fmt(f)
    }
}

impl Connector {
    pub fn new(proxies: Arc<Proxies>) -> Self {
        let mut http = HttpConnector::new();
        // `https://` URLs reach it too: TLS is added on top of the connection it opens.
        http.enforce_http(false);
        http.set_nodelay(true);
        Connector { http, proxies }
    }
}

impl Service<Uri> for Connector {
    type Response = Conn;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Conn, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.http.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let mut http = self.http.clone();
        let route = self.proxies.route(&destination);
        Box::pin(async move {
            Ok(match route? {
                Route::Direct => Conn {
                    io: http.call(destination).await?,
                    forwarding: false,
                },
                Route::Forward(proxy) => Conn {
                    io: http.call(proxy).await?,
                    forwarding: true,
                },
                Route::Tunnel(proxy, authorization) => {
                    let mut tunnel = Tunnel::new(proxy, http);
                    if let Some(authorization) = authorization {
                        tunnel = tunnel.with_auth(authorization);
                    }
                    Conn {
                        io: tunnel.call(destination).await?,
                        forwarding: false,
                    }
                }
            })
        })
    }
}

impl Connection for Conn {
    fn connected(&self) -> Connected {
        self.io.connected().proxy(self.forwarding)
    }
}

impl Read for Conn {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl Write for Conn {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().io).poll_write_vectored(cx, bufs)
    }
}
