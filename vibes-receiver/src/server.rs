//! Running the receiver: the store opened, the address bound and announced, requests served
//! until a shutdown signal, then the store closed.

use crate::app::{self, Receiver};
use crate::cli::Settings;
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
use std::sync::Arc;
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
    let store = Store::open(&settings.store).await?;
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
    });
    let forwarding = match settings.forward {
        Some(to) => Some(forward_in_process(&settings.store, to).await?),
        None => None,
    };
    announce(address, &receiver.path);
    serve(
        listener,
        app::router(receiver),
        signals.wait(),
        settings.read_timeout,
        settings.shutdown_timeout,
    )
    .await?;
    if let Some((stop, forwarder)) = forwarding {
        let _ = stop.send(());
        let _ = forwarder.await;
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
) -> Result<
    (
        tokio::sync::oneshot::Sender<()>,
        tokio::task::JoinHandle<()>,
    ),
    Box<dyn std::error::Error>,
> {
    let policy = ForwardPolicy::default();
    let worker = Worker::open(store, policy.options()).await?;
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
    head_timeout: Duration,
    grace: Duration,
) -> std::io::Result<()> {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(head_timeout);
    let graceful = GracefulShutdown::new();
    let mut signal = std::pin::pin!(signal);
    loop {
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
        let connection = http.serve_connection(
            TokioIo::new(stream),
            TowerToHyperService::new(Peer {
                router: router.clone(),
                address: peer,
            }),
        );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            match connection.await {
                Ok(()) => {}
                Err(error) if error.is_timeout() => info!(
                    "closed the connection of {peer}: no whole request head within {head_timeout:?}"
                ),
                Err(error) => debug!("the connection of {peer} ended: {error}"),
            }
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
