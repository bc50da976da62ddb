//! `vibes-receiver forward`: a built-in consumer that posts each stored delivery, with its
//! original method, headers and body, to a downstream endpoint, and reads the answer as Vibes
//! reads a receiver's: 2XX done; 4XX dead; 3XX, 5XX, a timeout or a refused connection tried
//! again with backoff. The receiver runs the same forwarder in-process with `--forward URL`.

use crate::admin::AdminArgs;
use crate::admin::metrics::Metrics;
use crate::cli::{StoreArg, duration};
use axum::http::Uri;
use clap::Args;
use std::sync::Arc;
use std::time::Duration;
use tracing::info;
use vibes_client::deliver::{Courier, Outgoing, Reply, endpoint};
use vibes_inbox::{Delivery, Failure, Options, RetryPolicy, Worker};
use vibes_types::DeliveryAttempts;
use vibes_types::delivery::Outcome;

/// The flags of `forward`.
#[derive(Debug, Args)]
pub struct ForwardArgs {
    /// The store.
    #[command(flatten)]
    pub store: StoreArg,
    /// The downstream endpoint: an `http://` or `https://` URL.
    #[arg(long, value_name = "URL", value_parser = endpoint)]
    pub to: Uri,
    /// How it forwards.
    #[command(flatten)]
    pub policy: ForwardPolicy,
    /// The admin listener: the worker's metrics and the inbox page.
    #[command(flatten)]
    pub admin: AdminArgs,
}

/// How deliveries are forwarded: concurrency and the retry policy.
#[derive(Clone, Debug, Args)]
pub struct ForwardPolicy {
    /// How many deliveries are on their way at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub concurrency: u16,
    /// How many attempts a delivery gets in all, the first included; after the last fails, it
    /// is dead.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub attempts: u32,
    /// The wait after the first failed attempt, doubled after each next one (less up to a fifth
    /// at random) up to `--max-backoff`.
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = duration)]
    pub backoff: Duration,
    /// The longest wait between two attempts.
    #[arg(long, value_name = "DURATION", default_value = "30m", value_parser = duration)]
    pub max_backoff: Duration,
    /// How long an attempt waits for the answer's head; after that it counts as no answer,
    /// and is tried again.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = duration)]
    pub timeout: Duration,
    /// How long a claimed delivery stays this forwarder's if it stops extending the lease (it
    /// was killed): then another forwarder takes it.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = duration)]
    pub lease: Duration,
}

impl Default for ForwardPolicy {
    fn default() -> Self {
        ForwardPolicy {
            concurrency: 4,
            attempts: 10,
            backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(30 * 60),
            timeout: Duration::from_secs(10),
            lease: Duration::from_secs(30),
        }
    }
}

/// Posts deliveries to one endpoint.
#[derive(Clone, Debug)]
pub struct Forwarder {
    courier: Courier,
    to: Uri,
}

/// Runs `forward` until Ctrl-C or SIGTERM.
pub async fn run(args: ForwardArgs) -> Result<(), Box<dyn std::error::Error>> {
    let signals = crate::shutdown::Signals::install()?;
    let admin = args.admin.settings()?;
    let metrics = Arc::new(Metrics::new());
    let mut options = args.policy.options();
    options.observer = Some(Arc::clone(&metrics) as Arc<dyn vibes_inbox::Observer>);
    let worker = Worker::open(&args.store.store, options).await?;
    let forwarder = Forwarder::new(args.to.clone(), &args.policy)?;
    info!(
        "forwarding the deliveries of {} to {}",
        args.store.store, args.to
    );
    println!("forwarding to {}", args.to);
    let admin = crate::admin::start(admin, &metrics, &args.store.store, None).await?;
    let tally = worker
        .run(
            move |delivery| forwarder.clone().forward(delivery),
            signals.wait(),
        )
        .await;
    if let Some(admin) = admin {
        admin.stop().await;
    }
    info!(
        "stopped: {} done, {} to try again, {} dead",
        tally.done, tally.retried, tally.dead
    );
    Ok(())
}

impl ForwardPolicy {
    /// The worker's options for this policy.
    pub fn options(&self) -> Options {
        Options {
            name: "forward".to_owned(),
            concurrency: usize::from(self.concurrency),
            prefetch: usize::from(self.concurrency) * 4,
            // An attempt waits `timeout` for the head, then reads the start of the body.
            timeout: self.timeout * 2 + Duration::from_secs(1),
            lease: self.lease,
            retry: RetryPolicy {
                attempts: self.attempts,
                first: self.backoff,
                cap: self.max_backoff.max(self.backoff),
                ..RetryPolicy::default()
            },
            ..Options::default()
        }
    }
}

impl Forwarder {
    /// A forwarder to `to`, with the policy's answer timeout.
    pub fn new(to: Uri, policy: &ForwardPolicy) -> Result<Forwarder, Box<dyn std::error::Error>> {
        let courier = Courier::builder().timeout(policy.timeout).build()?;
        Ok(Forwarder { courier, to })
    }

    /// One attempt at forwarding `delivery`: done on a 2XX, dead on a 4XX, to try again on
    /// anything else.
    pub async fn forward(self, delivery: Delivery) -> Result<(), Failure> {
        let outgoing = Outgoing::new(
            delivery.method.clone(),
            self.to.clone(),
            delivery.headers.clone(),
            delivery.body.clone(),
        );
        let number = DeliveryAttempts::new(delivery.attempt).unwrap_or(DeliveryAttempts::FIRST);
        let attempt = self.courier.attempt(&outgoing, number).await;
        let why = || describe(&self.to, &attempt.reply);
        match attempt.reply.outcome() {
            Outcome::Done => Ok(()),
            Outcome::PermanentFailure => Err(Failure::dead(why())),
            _ => Err(Failure::retry(why())),
        }
    }
}

/// What the endpoint did, as a sentence: its status and the start of its answer, or why there
/// was none.
pub(crate) fn describe(to: &Uri, reply: &Reply) -> String {
    match reply {
        Reply::Status(status, answered) => {
            let start: String = answered.text.trim().chars().take(300).collect();
            if start.is_empty() {
                format!("{to} answered {status}")
            } else {
                format!("{to} answered {status}: {start}")
            }
        }
        Reply::NoAnswer(why) => format!("{to} gave no answer: {why}"),
    }
}
