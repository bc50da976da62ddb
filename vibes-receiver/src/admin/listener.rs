//! The admin listener: its address (a bare port is loopback), bound apart from the delivery
//! address, and served until the process stops.

use crate::server::{self, Limits};
use axum::Router;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing::info;

/// The address of `--admin`: `HOST:PORT`, or a bare port, which is `127.0.0.1:PORT` (the admin
/// pages show every stored body: they are not for the open network unless asked).
pub fn address(text: &str) -> Result<SocketAddr, String> {
    if let Ok(port) = text.parse::<u16>() {
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    text.parse().map_err(|_| {
        format!("`{text}` is neither a port nor an address such as 127.0.0.1:9090 or [::1]:9090")
    })
}

/// The admin listener, served on a task of its own until [`Running::stop`].
#[derive(Debug)]
pub struct Running {
    /// The address it listens on.
    pub address: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// Binds `address` and serves `router` on it; `delivery` is the delivery listener's address, if
/// this process has one, which the admin listener never shares. Says where it listens on
/// standard output (`admin listening on http://ADDRESS`) and in the log.
pub async fn start(
    address: SocketAddr,
    delivery: Option<SocketAddr>,
    router: Router,
) -> Result<Running, String> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|error| format!("cannot listen on --admin {address}: {error}"))?;
    let bound = listener
        .local_addr()
        .map_err(|error| format!("cannot read the address of --admin {address}: {error}"))?;
    if delivery == Some(bound) {
        return Err(format!(
            "--admin {address} is the delivery address: the admin listener needs an address of its own"
        ));
    }
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(server::serve(
        listener,
        router,
        async {
            let _ = stopped.await;
        },
        Limits {
            head_timeout: Duration::from_secs(10),
            grace: Duration::from_secs(5),
            max_connections: 64,
        },
    ));
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "admin listening on http://{bound}").and_then(|()| stdout.flush());
    info!("admin listening on http://{bound}: /metrics and the inbox page");
    Ok(Running {
        address: bound,
        stop,
        task,
    })
}

impl Running {
    /// Stops accepting connections, and waits for the requests in flight (5 s at most).
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_port_is_loopback() {
        assert_eq!(address("9090"), Ok("127.0.0.1:9090".parse().unwrap()));
        assert_eq!(address("0.0.0.0:9090"), Ok("0.0.0.0:9090".parse().unwrap()));
        assert_eq!(address("[::1]:0"), Ok("[::1]:0".parse().unwrap()));
        assert!(address("localhost:9090").is_err());
        assert!(address("99999").is_err());
    }
}
