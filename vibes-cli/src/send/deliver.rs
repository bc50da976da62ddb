//! Where `vibes send` delivers and how: the courier of `vibes_client` (timeout, the agent's
//! name), the target of `--method` and `--content-type`, and the runtime its deliveries run on,
//! one at a time.

use crate::cli::SendArgs;
use http::HeaderValue;
use vibes_client::deliver::{Courier, Delivered, Outgoing, Retries, Target};

/// The endpoint and how requests are made to it.
#[derive(Debug)]
pub struct Endpoint {
    courier: Courier,
    target: Target,
    runtime: tokio::runtime::Runtime,
}

impl Endpoint {
    /// The endpoint of `args`, with its method, content type and timeout.
    pub fn new(args: &SendArgs) -> Result<Self, String> {
        let target = Target::new(args.url.clone(), &args.method, &args.content_type)
            .map_err(|error| error.to_string())?;
        let courier = Courier::builder()
            .timeout(args.timeout)
            .user_agent(HeaderValue::from_static(concat!(
                "vibes-cli/",
                env!("CARGO_PKG_VERSION")
            )))
            .build()
            .map_err(|error| format!("TLS cannot be set up: {error}"))?;
        // One delivery at a time: a runtime on this thread is all it takes.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| format!("the HTTP client cannot start: {error}"))?;
        Ok(Endpoint {
            courier,
            target,
            runtime,
        })
    }

    /// The target the bodies go to.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Delivers `outgoing`, retrying as `retries` says.
    pub fn deliver(&self, retries: &Retries, outgoing: &Outgoing) -> Delivered {
        self.runtime
            .block_on(self.courier.deliver(outgoing, retries))
    }
}
