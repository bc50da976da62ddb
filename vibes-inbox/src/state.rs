//! Where a stored delivery is in its processing: the state that lives beside it, never in it.

use std::fmt;
use std::str::FromStr;

/// The state of a stored delivery.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Waiting for a worker: new, or given back to be tried again once due.
    Pending,
    /// Claimed by a worker, whose handler is on it until the lease ends.
    Leased,
    /// Handled: the handler succeeded.
    Done,
    /// Given up on: the handler said so, the attempts ran out, or the body cannot be read.
    Dead,
}

/// A delivery's processing state, as the store keeps it beside the delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processing {
    /// Its state.
    pub state: State,
    /// The attempts made, the one under way included.
    pub attempts: u32,
    /// For a pending delivery, when its next attempt is due; for a leased one, when the lease
    /// ends (and any worker may claim it again). A timestamp as the store writes them.
    pub due_at: String,
    /// The worker that leased it last, if any.
    pub leased_by: Option<String>,
    /// The error of the last failed attempt, or why it is dead.
    pub last_error: Option<String>,
    /// When it was done or declared dead.
    pub finished_at: Option<String>,
}

/// A state name that is not one of the four.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownState(pub String);

impl State {
    /// Every state, in the order of a delivery's life.
    pub const ALL: [State; 4] = [State::Pending, State::Leased, State::Done, State::Dead];

    /// Its name, as the store and the commands write it.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Pending => "pending",
            State::Leased => "leased",
            State::Done => "done",
            State::Dead => "dead",
        }
    }
}

impl FromStr for State {
    type Err = UnknownState;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        State::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
            .ok_or_else(|| UnknownState(text.to_owned()))
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a state: one of pending, leased, done, dead",
            self.0
        )
    }
}

impl std::error::Error for UnknownState {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_back_their_names_and_nothing_else() {
        for state in State::ALL {
            assert_eq!(state.as_str().parse(), Ok(state));
        }
        let error = "Done".parse::<State>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`Done` is not a state: one of pending, leased, done, dead"
        );
    }
}
