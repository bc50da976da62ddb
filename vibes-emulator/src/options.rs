//! What an emulator is started with.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use vibes_types::registration::ConflictRules;

/// The emulator's retry schedule: 6 attempts (the first and 5 retries), 5 minutes apart, after
/// the older documentation's "up to 5 retries every 5 minutes"; the current scheme is not
/// published.
pub const DEFAULT_ATTEMPTS: u32 = 6;

/// The wait before each retry, before [`Options::time_scale`] shortens it.
pub const DEFAULT_RETRY_WAIT: Duration = Duration::from_secs(300);

/// How long an attempt waits for the destination's answer: the older documentation's 2 seconds.
pub const DEFAULT_DELIVERY_TIMEOUT: Duration = Duration::from_secs(2);

/// The largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// How an emulator is started; [`Options::default`] listens on an OS-chosen port of 127.0.0.1
/// with generated credentials, keeps its state in memory and delivers on the schedule above.
#[derive(Clone, Debug)]
pub struct Options {
    /// The address to listen on (`127.0.0.1:0`: a free port, see [`Emulator::address`]).
    ///
    /// [`Emulator::address`]: crate::Emulator::address
    pub listen: SocketAddr,
    /// The API user; `emulator` when absent.
    pub user: Option<String>,
    /// The API password; generated (20 letters and digits) when absent, and told by
    /// [`Emulator::password`](crate::Emulator::password).
    pub password: Option<String>,
    /// A JSON file to keep the registrations in across runs, read at start and rewritten after
    /// each change; in memory only when absent.
    pub state: Option<PathBuf>,
    /// The conflict rules create and update apply (the newer ones by default: same type, same
    /// destination and overlapping dates; 50 destinations per type; one person callback).
    pub rules: ConflictRules,
    /// The most attempts a delivery makes.
    pub attempts: u32,
    /// The wait before the first retry, doubled before each next one up to
    /// [`max_retry_wait`](Self::max_retry_wait).
    pub retry_wait: Duration,
    /// The longest wait between two attempts.
    pub max_retry_wait: Duration,
    /// What the waits between attempts are multiplied by: `0.01` makes 5 minutes 3 seconds, so
    /// that a test sees every retry in seconds. The attempt timeout is not scaled.
    pub time_scale: f64,
    /// How long an attempt waits for the destination to answer.
    pub delivery_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            user: None,
            password: None,
            state: None,
            rules: ConflictRules::default(),
            attempts: DEFAULT_ATTEMPTS,
            retry_wait: DEFAULT_RETRY_WAIT,
            max_retry_wait: DEFAULT_RETRY_WAIT,
            time_scale: 1.0,
            delivery_timeout: DEFAULT_DELIVERY_TIMEOUT,
        }
    }
}

impl Options {
    /// `wait` multiplied by the time scale (a scale that is not a positive number counts as 0).
    pub fn scaled(&self, wait: Duration) -> Duration {
        if self.time_scale.is_finite() && self.time_scale > 0.0 {
            Duration::try_from_secs_f64(wait.as_secs_f64() * self.time_scale)
                .unwrap_or(Duration::MAX)
        } else {
            Duration::ZERO
        }
    }
}
