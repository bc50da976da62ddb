//! What a scenario reads back once its workers are gone, every row of it, and the questions the
//! checks ask of those rows.

use std::collections::{BTreeMap, BTreeSet};

/// A delivery's processing state as the store holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Processing {
    /// `pending`, `leased`, `done` or `dead`.
    pub state: String,
    /// The attempts claimed.
    pub attempts: u32,
    /// The worker that holds, or last held, its lease (a done mark leaves it).
    pub leased_by: Option<String>,
    /// When it is due: for a leased delivery, when its lease runs out.
    pub due_at: String,
}

/// One row a handler wrote: its effect of one attempt of one delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effect {
    /// The delivery.
    pub event_id: String,
    /// The attempt that wrote it.
    pub attempt: u32,
    /// The worker that ran the attempt, as `leased_by` names it.
    pub worker: String,
    /// When it was written (RFC 3339, as the store writes times).
    pub at: String,
}

/// The rows of a store and of its effects.
#[derive(Debug)]
pub struct Readback {
    /// Each delivery's processing state, by event id.
    pub deliveries: BTreeMap<String, Processing>,
    /// Every effect, in no order.
    pub effects: Vec<Effect>,
}

impl Readback {
    /// The deliveries not done.
    pub fn not_done(&self) -> Vec<(&str, &Processing)> {
        self.deliveries
            .iter()
            .filter(|(_, processing)| processing.state != "done")
            .map(|(event_id, processing)| (event_id.as_str(), processing))
            .collect()
    }

    /// The deliveries done without the effect of the attempt that was marked done, by the
    /// worker that marked it: done, and not handled. A done mark is written only for the attempt
    /// whose lease the worker holds, after its handler ended well, and the handlers write their
    /// effect first, so with a sound consumer there is none.
    pub fn done_unhandled(&self) -> Vec<&str> {
        let handled: BTreeSet<(&str, u32, &str)> = self
            .effects
            .iter()
            .map(|effect| {
                (
                    effect.event_id.as_str(),
                    effect.attempt,
                    effect.worker.as_str(),
                )
            })
            .collect();
        self.deliveries
            .iter()
            .filter(|(event_id, processing)| {
                processing.state == "done"
                    && !handled.contains(&(
                        event_id.as_str(),
                        processing.attempts,
                        processing.leased_by.as_deref().unwrap_or_default(),
                    ))
            })
            .map(|(event_id, _)| event_id.as_str())
            .collect()
    }

    /// The deliveries with no effect at all: never handled to the end.
    pub fn unhandled(&self) -> Vec<&str> {
        let handled: BTreeSet<&str> = self
            .effects
            .iter()
            .map(|effect| effect.event_id.as_str())
            .collect();
        self.deliveries
            .keys()
            .map(String::as_str)
            .filter(|event_id| !handled.contains(event_id))
            .collect()
    }

    /// The effects of event ids that are not stored deliveries: none, unless a handler wrote
    /// what it was not given.
    pub fn strays(&self) -> usize {
        self.effects
            .iter()
            .filter(|effect| !self.deliveries.contains_key(&effect.event_id))
            .count()
    }

    /// The effects beyond the first of each delivery: the repeats of handled deliveries.
    pub fn duplicates(&self) -> usize {
        let handled: BTreeSet<&str> = self
            .effects
            .iter()
            .map(|effect| effect.event_id.as_str())
            .collect();
        self.effects.len() - handled.len()
    }

    /// The deliveries claimed more than once.
    pub fn repeated(&self) -> usize {
        self.deliveries
            .values()
            .filter(|processing| processing.attempts > 1)
            .count()
    }

    /// The effects of one delivery, by attempt.
    pub fn effects_of(&self, event_id: &str) -> Vec<&Effect> {
        let mut effects: Vec<&Effect> = self
            .effects
            .iter()
            .filter(|effect| effect.event_id == event_id)
            .collect();
        effects.sort_by_key(|effect| effect.attempt);
        effects
    }

    /// Panics, naming a few, unless every delivery is done, and done only after the effect of
    /// the attempt marked done was written: every delivery handled, nothing lost, nothing marked
    /// done that was not handled.
    pub fn assert_all_done_and_handled(&self, scenario: &str) {
        let not_done = self.not_done();
        assert!(
            not_done.is_empty(),
            "{scenario}: {} of {} deliveries are not done, as {:?}",
            not_done.len(),
            self.deliveries.len(),
            &not_done[..not_done.len().min(5)]
        );
        let done_unhandled = self.done_unhandled();
        assert!(
            done_unhandled.is_empty(),
            "{scenario}: {} deliveries are marked done without the effect of the attempt marked \
             done, as {:?}; their effects: {:?}",
            done_unhandled.len(),
            &done_unhandled[..done_unhandled.len().min(5)],
            self.effects_of(done_unhandled[0])
        );
        let unhandled = self.unhandled();
        assert!(
            unhandled.is_empty(),
            "{scenario}: {} deliveries have no effect at all, as {:?}",
            unhandled.len(),
            &unhandled[..unhandled.len().min(5)]
        );
        assert_eq!(
            self.strays(),
            0,
            "{scenario}: effects of unknown deliveries"
        );
    }
}
