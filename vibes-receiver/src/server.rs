//! Running the receiver: the store opened, the address bound and announced, requests served
//! until a shutdown signal, then the store closed.

use crate::admin::{self, metrics::Metrics};
use crate::app::{self, Receiver};
use crate::budget::BodyBudget;
use crate::cli::Settings;
use crate::connection::{Seen, Watched};
use crate::forward::{ForwardPolicy, Forwarder};
use crate::shutdown::Signals;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tracing::{debug, info, warn};
use vibes_inbox::{Store, Worker};

/// Runs the receiver with `settings` until Ctrl-C or SIGTERM.
///
/// Its first line on standard output is `listening on http://ADDRESS`, once the address is
/// bound and the store open: what a test or a supervisor waits for.
pub async fn run(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    // First of all, so that a signal during start-up stops the receiver cleanly too.
    let signals = Signals::install()?;
    let metrics = Arc::new(Metrics::new());
    let store = Store::open_observed(
        &settings.store,
        Arc::clone(&metrics) as Arc<dyn vibes_inbox::Observer>,
    )
    .await?;
    info!("opened {}", settings.store);
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", settings.listen))?;
    let address = listener.local_addr()?;
    let receiver = Arc::new(Receiver {
        store: store.clone(),
        path: settings.path,
        sources: settings.sources,
        rules: settings.rules,
        max_body_bytes: settings.max_body_bytes,
        read_timeout: settings.read_timeout,
        body_budget: BodyBudget::new(settings.max_body_bytes_in_flight),
        writes: app::Writes::default(),
        metrics: Arc::clone(&metrics),
    });
    let forwarding = match settings.forward {
        Some(to) => Some(forward_in_process(&settings.store, to, &metrics).await?),
        None => None,
    };
    announce(address, &receiver.path);
    let admin = admin::start(settings.admin, &metrics, &settings.store, Some(address)).await?;
    serve(
        listener,
        app::router(receiver),
        signals.wait(),
        Limits {
            head_timeout: settings.read_timeout,
            grace: settings.shutdown_timeout,
            max_connections: settings.max_connections,
        },
    )
    .await?;
    if let Some((stop, forwarder)) = forwarding {
        let _ = stop.send(());
        let _ = forwarder.await;
    }
    if let Some(admin) = admin {
        admin.stop().await;
    }
    store.close().await;
    info!("stopped");
    Ok(())
}

/// Starts forwarding the deliveries of `store` to `to` on a task of this process; the sender
/// stops it, and the task ends once its handlers under way have.
async fn forward_in_process(
    store: &vibes_inbox::StoreSpec,
    to: axum::http::Uri,
    metrics: &Arc<Metrics>,
) -> Result<
    (
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ),
    Box<dyn std::error::Error>,
> {
    let policy = ForwardPolicy::default();
    let mut options = policy.options();
    options.observer = Some(Arc::clone(metrics) as Arc<dyn vibes_inbox::Observer>);
    let worker = Worker::open(store, options).await?;
    let forwarder = Forwarder::new(to.clone(), &policy)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    info!("forwarding each stored delivery to {to}");
    let task = tokio::spawn(async move {
        let stopped = async {
            let _ = stopped.await;
        };
        worker
            .run(move |delivery| forwarder.clone().forward(delivery), stopped)
            .await;
    });
    Ok((stop, task))
}

/// How [`serve`] bounds its connections.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// How long a request head may take to arrive.
    pub head_timeout: Duration,
    /// How long the requests in flight may take after the signal.
    pub grace: Duration,
    /// The most connections served at once: with that many open, the next waits in the
    /// listener's backlog until one closes, so memory does not grow with the connections.
    pub max_connections: usize,
}

/// The largest request head read, and the most read from a connection at once: hyper's read
/// buffer (whose default, about 400 KiB, held for each of a thousand connections, is 400 MB).
/// A larger head is refused with 431. Vibes' heads are well under 1 KiB.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// Serves `router` on `listener` until `signal`, then stops accepting connections and waits for
/// the requests in flight, for `grace` at most.
///
/// Each connection is served by hyper's HTTP/1.1 server with `head_timeout` as its header read
/// timeout: a request head (the first on a connection, or the next on a kept-alive one) that has
/// not arrived in whole by then closes the connection, unanswered. axum's own `serve` leaves
/// that time unbounded, which lets a client that sends a head one byte at a time hold a
/// connection for ever; nothing in it is a delivery, so nothing is kept of it but a log line.
///
/// A request still unanswered after `grace` is dropped: it got no status code, so Vibes sends
/// it again, and nothing acknowledged is lost.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    signal: impl Future<Output = ()> + Send + 'static,
    limits: Limits,
) -> std::io::Result<()> {
    let Limits {
        head_timeout,
        grace,
        max_connections,
    } = limits;
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(head_timeout)
        .max_buf_size(MAX_HEAD_BYTES);
    let graceful = GracefulShutdown::new();
    let connections = Arc::new(tokio::sync::Semaphore::new(max_connections.max(1)));
    let mut signal = std::pin::pin!(signal);
    loop {
        // A connection is accepted only with room for it; the permit goes with the connection.
        let slot = tokio::select! {
            slot = Arc::clone(&connections).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut signal => break,
        };
        if connections.available_permits() == 0 {
            warn!(
                "{max_connections} connections are open, the most --max-connections allows: the next waits until one closes"
            );
        }
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    not_accepted(error).await;
                    continue;
                }
            },
            () = &mut signal => break,
        };
        let seen = Arc::new(Mutex::new(Seen::default()));
        let connection = http.serve_connection(
            TokioIo::new(Watched::new(stream, Arc::clone(&seen))),
            TowerToHyperService::new(Peer {
                router: router.clone(),
                address: peer,
            }),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _slot = slot;
            let ended = connection.await;
            let seen = std::mem::take(&mut *seen.lock().unwrap_or_else(PoisonError::into_inner));
            ended_as(peer, ended, &seen, head_timeout);
        });
    }
    // No new connections; the ones open finish the request they are in, then close.
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => warn!(
            "requests were still in flight {grace:?} after the signal: the receiver stops without answering them, so Vibes sends them again"
        ),
    }
    Ok(())
}

/// Logs how a connection ended. A request no handler saw leaves no row, so the log is its only
/// trace: a head hyper could not read (answered 400 or 431, in the JSON form) and a head that
/// did not arrive in whole in time (closed unanswered) are logged at WARN with the peer and the
/// reason; an idle connection closed, or a client gone, at lower levels.
fn ended_as(
    peer: SocketAddr,
    ended: Result<(), hyper::Error>,
    seen: &Seen,
    head_timeout: Duration,
) {
    match ended {
        Ok(()) => {}
        Err(error) if error.is_parse() || error.is_parse_too_large() => {
            let status = seen.refused.map_or_else(
                || "unanswered".to_owned(),
                |status| format!("answered {status}"),
            );
            warn!(
                %peer,
                reason = %error,
                "refused a request from {peer} that could not be read as HTTP/1.1 ({error}): {status}, not kept, since no request was read"
            );
        }
        Err(error) if error.is_timeout() && seen.read_since_answer > 0 => warn!(
            %peer,
            reason = "timeout",
            "closed the connection of {peer}: no whole request head within {head_timeout:?} ({} bytes of it came), unanswered and not kept, since no request was read",
            seen.read_since_answer
        ),
        Err(error) if error.is_timeout() => {
            info!("closed the idle connection of {peer}: no request within {head_timeout:?}")
        }
        Err(error) => debug!("the connection of {peer} ended: {error}"),
    }
}

/// The router, for the requests of one connection: each carries the connection's peer address,
/// as axum's `ConnectInfo` extractor reads it.
#[derive(Clone, Debug)]
struct Peer {
    router: Router,
    address: SocketAddr,
}

impl tower::Service<Request<Incoming>> for Peer {
    type Response = <Router as tower::Service<Request<Incoming>>>::Response;
    type Error = <Router as tower::Service<Request<Incoming>>>::Error;
    type Future = <Router as tower::Service<Request<Incoming>>>::Future;

    fn poll_ready(&mut self, context: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        tower::Service::<Request<Incoming>>::poll_ready(&mut self.router, context)
    }

    fn call(&mut self, mut request: Request<Incoming>) -> Self::Future {
        request.extensions_mut().insert(ConnectInfo(self.address));
        self.router.call(request)
    }
}

/// After a failed `accept`: a connection that went away before it was accepted is nothing to
/// wait for; anything else (too many open files, most often) is logged and waited out for a
/// moment, rather than retried in a busy loop.
async fn not_accepted(error: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        error.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    warn!("cannot accept a connection: {error}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Says where the receiver listens: the first line of standard output, and the log.
fn announce(address: SocketAddr, path: &str) {
    let mut stdout = std::io::stdout().lock();
    // Standard output may be closed; the log still says it.
    let _ = writeln!(stdout, "listening on http://{address}").and_then(|()| stdout.flush());
    info!("listening on http://{address}, deliveries on {path}");
}
