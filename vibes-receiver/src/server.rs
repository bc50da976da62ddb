//! Running the receiver: the store opened, the address bound and announced, requests served
//! until a shutdown signal, then the store closed.

use crate::app::{self, Receiver};
use crate::cli::Settings;
use crate::shutdown::Signals;
use crate::store::Store;
use axum::Router;
use std::future::{Future, IntoFuture};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tracing::{info, warn};

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
    announce(address, &receiver.path);
    serve(
        listener,
        app::router(receiver),
        signals.wait(),
        settings.shutdown_timeout,
    )
    .await?;
    store.close().await;
    info!("stopped");
    Ok(())
}

/// Serves `router` on `listener` until `signal`, then stops accepting connections and waits for
/// the requests in flight, for `grace` at most.
///
/// A request still unanswered after `grace` is dropped: it got no status code, so Vibes sends
/// it again, and nothing acknowledged is lost.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    signal: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (signalled, is_signalled) = oneshot::channel();
    let signal = async move {
        signal.await;
        let _ = signalled.send(());
    };
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(signal)
    .into_future();
    let deadline = async move {
        match is_signalled.await {
            Ok(()) => tokio::time::sleep(grace).await,
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        served = server => served,
        () = deadline => {
            warn!(
                "requests were still in flight {grace:?} after the signal: the receiver stops without answering them, so Vibes sends them again"
            );
            Ok(())
        }
    }
}

/// Says where the receiver listens: the first line of standard output, and the log.
fn announce(address: SocketAddr, path: &str) {
    let mut stdout = std::io::stdout().lock();
    // Standard output may be closed; the log still says it.
    let _ = writeln!(stdout, "listening on http://{address}").and_then(|()| stdout.flush());
    info!("listening on http://{address}, deliveries on {path}");
}
