//! The signals that stop the receiver cleanly: Ctrl-C (SIGINT) and SIGTERM.

use tracing::info;

/// The shutdown signals, listened for from the moment they are installed: a signal that comes
/// before the receiver waits for it is not lost, and never takes the default action of ending
/// the process at once.
#[derive(Debug)]
pub struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Starts listening for the signals.
    pub fn install() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Waits for the first signal, and says in the log that the receiver is stopping.
    pub async fn wait(self) {
        #[cfg(unix)]
        let name = {
            let Signals {
                mut interrupt,
                mut terminate,
            } = self;
            tokio::select! {
                _ = interrupt.recv() => "Ctrl-C (SIGINT)",
                _ = terminate.recv() => "SIGTERM",
            }
        };
        #[cfg(not(unix))]
        let name = {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        };
        info!(
            "{name} received: shutting down; no new connection is accepted, and the requests in flight are finished"
        );
    }
}
