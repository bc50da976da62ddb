//! Conflicts between a new registration and the existing ones, by the rules the documentation
//! states (they differ across its versions; see [`ConflictRules`]).

use super::Lifecycle;
use super::{CallbackEntity, CallbackRegistration, Status};
use crate::{CallbackType, LooseId};
use chrono::{DateTime, Utc};
use std::collections::BTreeSet;
use std::fmt;

/// Which of the documented rules to check.
///
/// The documentation's versions disagree, so the choice is explicit:
/// - by default the newer rule (developer hub): the same callback may go to several destinations,
///   so a conflict is the same type **and** the same destination URL (compared exactly) **and**
///   overlapping date ranges; at most [`max_endpoints`](Self::max_endpoints) destinations per
///   callback type;
/// - [`older`](Self::older): the older wiki's rule, one active registration per type whatever the
///   destination;
/// - under both, person callbacks (`person_added`, `person_updated`) allow one registration per
///   mobile database, so a second registration of the same person type with an overlapping range
///   conflicts whatever its destination. The two person types are counted separately.
///
/// Filters (`list_id`, `campaign_id`, …) are not part of the rule: the documentation's rules
/// name the type, the destination and the dates only.
///
/// ```
/// use vibes_types::registration::ConflictRules;
/// use vibes_types::{CallbackEntity, CallbackRegistration, Timestamp};
///
/// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
/// let existing = CallbackEntity::list_from_slice(br#"[{"callback_id": "AB3423",
///   "callback_type": "subscription_added", "subscription_added": {"list_id": "1234"},
///   "destination": {"url": "https://one.example.com/hook"},
///   "start_date": "2017-01-01T00:00Z"}]"#)?;
/// let new = CallbackRegistration::subscription_added("1234", "https://two.example.com/hook");
///
/// assert!(ConflictRules::newer().check(&existing, &new, now).is_empty()); // another destination
/// assert_eq!(ConflictRules::older().check(&existing, &new, now).len(), 1); // one per type
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConflictRules {
    /// The older rule: one active registration per callback type, whatever the destination.
    pub one_per_type: bool,
    /// The most destination URLs one callback type may have (50 in the newer documentation).
    pub max_endpoints: usize,
}

/// A registration named in a conflict.
///
/// ```
/// use vibes_types::LooseId;
/// use vibes_types::registration::RegistrationRef;
///
/// assert_eq!(RegistrationRef::New.to_string(), "the new registration");
/// let existing = RegistrationRef::Existing(LooseId::from("AB3423"));
/// assert_eq!(existing.to_string(), "registration `AB3423`");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RegistrationRef {
    /// The registration about to be sent.
    New,
    /// An existing registration, by its `callback_id`.
    Existing(LooseId),
}

/// A rule the new registration would break, with the registrations involved.
///
/// ```
/// use vibes_types::registration::{Conflict, ConflictRules, RegistrationRef};
/// use vibes_types::{CallbackEntity, CallbackRegistration, Timestamp};
///
/// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
/// let existing = CallbackEntity::list_from_slice(br#"[{"callback_id": "P1",
///   "callback_type": "person_added", "destination": {"url": "https://one.example.com/hook"}}]"#)?;
/// let new = CallbackRegistration::person_added("https://two.example.com/hook");
/// let conflicts = ConflictRules::default().check(&existing, &new, now);
/// assert!(matches!(conflicts[0], Conflict::SecondPersonCallback { .. }));
/// assert_eq!(conflicts[0].registrations()[1], RegistrationRef::Existing("P1".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Conflict {
    /// Same callback type, same destination (any destination under the older rule) and
    /// overlapping date ranges.
    Overlap {
        /// The callback type both are for.
        callback_type: CallbackType,
        /// The new registration and the existing one it overlaps.
        registrations: [RegistrationRef; 2],
    },
    /// A second registration of a person callback, which Vibes allows once per mobile database.
    SecondPersonCallback {
        /// `person_added` or `person_updated`.
        callback_type: CallbackType,
        /// The new registration and the existing one.
        registrations: [RegistrationRef; 2],
    },
    /// More destination URLs for one callback type than Vibes allows.
    TooManyEndpoints {
        /// The callback type.
        callback_type: CallbackType,
        /// How many distinct destination URLs it would have.
        count: usize,
        /// The most it may have.
        limit: usize,
        /// Every active or future registration of the type, the new one included.
        registrations: Vec<RegistrationRef>,
    },
}

impl ConflictRules {
    /// The newer documentation's limit on destinations per callback type.
    pub const MAX_ENDPOINTS: usize = 50;

    /// The newer rule: same type, same destination and overlapping dates; up to 50 endpoints.
    pub fn newer() -> Self {
        ConflictRules {
            one_per_type: false,
            max_endpoints: Self::MAX_ENDPOINTS,
        }
    }

    /// The older rule: one active registration per callback type, whatever the destination.
    pub fn older() -> Self {
        ConflictRules {
            one_per_type: true,
            ..Self::newer()
        }
    }

    /// The conflicts creating `new` would cause among `existing` (the list call's answer), at
    /// `now`, which also stands for the start of a registration without `start_date`.
    ///
    /// ```
    /// use vibes_types::registration::{Conflict, ConflictRules};
    /// use vibes_types::{CallbackEntity, CallbackRegistration, Timestamp};
    ///
    /// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
    /// let existing = CallbackEntity::list_from_slice(br#"[{"callback_id": "E1",
    ///   "callback_type": "event_processed", "destination": {"url": "https://example.com/hook"},
    ///   "start_date": "2017-01-01T00:00Z", "end_date": "2017-02-01T00:00Z"}]"#)?;
    /// let rules = ConflictRules::default();
    ///
    /// let same = CallbackRegistration::event_processed("https://example.com/hook");
    /// assert!(matches!(rules.check(&existing, &same, now)[..], [Conflict::Overlap { .. }]));
    /// let after = same.starting(Timestamp::parse("2017-02-01T00:00Z")?);
    /// assert!(rules.check(&existing, &after, now).is_empty()); // starts where the other ends
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(
        &self,
        existing: &[CallbackEntity],
        new: &CallbackRegistration,
        now: DateTime<Utc>,
    ) -> Vec<Conflict> {
        self.check_against(existing.iter(), new, now)
    }

    /// The conflicts updating registration `callback_id` to `updated` would cause: as
    /// [`check`](Self::check), without comparing it to its own current version.
    ///
    /// ```
    /// use vibes_types::registration::ConflictRules;
    /// use vibes_types::{CallbackEntity, CallbackRegistration, LooseId, Timestamp};
    ///
    /// let now = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
    /// let existing = CallbackEntity::list_from_slice(br#"[{"callback_id": "P1",
    ///   "callback_type": "person_added",
    ///   "destination": {"url": "https://one.example.com/hook"}}]"#)?;
    /// let moved = CallbackRegistration::person_added("https://two.example.com/hook");
    /// let rules = ConflictRules::default();
    /// assert!(rules.check_update(&existing, &LooseId::from("P1"), &moved, now).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_update(
        &self,
        existing: &[CallbackEntity],
        callback_id: &LooseId,
        updated: &CallbackRegistration,
        now: DateTime<Utc>,
    ) -> Vec<Conflict> {
        let others = existing
            .iter()
            .filter(|entity| !same_id(&entity.callback_id, callback_id));
        self.check_against(others, updated, now)
    }

    fn check_against<'a>(
        &self,
        existing: impl Iterator<Item = &'a CallbackEntity>,
        new: &CallbackRegistration,
        now: DateTime<Utc>,
    ) -> Vec<Conflict> {
        let callback_type = new.callback_type().clone();
        let range = new.date_range(now);
        let person = matches!(
            callback_type,
            CallbackType::PersonAdded | CallbackType::PersonUpdated
        );
        let mut conflicts = Vec::new();
        let mut endpoints = BTreeSet::new();
        let mut holders = Vec::new();
        if range.status_at(now) != Status::Ended {
            endpoints.insert(new.destination.url.as_str());
            holders.push(RegistrationRef::New);
        }
        for entity in existing.filter(|entity| entity.callback_type() == Some(&callback_type)) {
            let other = entity.date_range(now);
            if other.status_at(now) != Status::Ended {
                endpoints.insert(entity.destination.url.as_str());
                holders.push(RegistrationRef::Existing(entity.callback_id.clone()));
            }
            if !range.overlaps(&other) {
                continue;
            }
            let registrations = [
                RegistrationRef::New,
                RegistrationRef::Existing(entity.callback_id.clone()),
            ];
            if person {
                conflicts.push(Conflict::SecondPersonCallback {
                    callback_type: callback_type.clone(),
                    registrations,
                });
            } else if self.one_per_type || entity.destination.url == new.destination.url {
                conflicts.push(Conflict::Overlap {
                    callback_type: callback_type.clone(),
                    registrations,
                });
            }
        }
        if endpoints.len() > self.max_endpoints {
            conflicts.push(Conflict::TooManyEndpoints {
                callback_type,
                count: endpoints.len(),
                limit: self.max_endpoints,
                registrations: holders,
            });
        }
        conflicts
    }
}

impl Default for ConflictRules {
    /// The newer rule.
    fn default() -> Self {
        Self::newer()
    }
}

impl Conflict {
    /// The registrations involved.
    pub fn registrations(&self) -> &[RegistrationRef] {
        match self {
            Conflict::Overlap { registrations, .. }
            | Conflict::SecondPersonCallback { registrations, .. } => registrations,
            Conflict::TooManyEndpoints { registrations, .. } => registrations,
        }
    }
}

/// Ids compare by their text: `11887` and `"11887"` are the same registration.
fn same_id(left: &LooseId, right: &LooseId) -> bool {
    left == right || left.to_text() == right.to_text()
}

impl fmt::Display for RegistrationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistrationRef::New => f.write_str("the new registration"),
            RegistrationRef::Existing(id) => write!(f, "registration `{id}`"),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::Overlap {
                callback_type,
                registrations: [new, existing],
            } => write!(
                f,
                "{new} overlaps {existing}: both are `{callback_type}` callbacks to the same destination"
            ),
            Conflict::SecondPersonCallback {
                callback_type,
                registrations: [new, existing],
            } => write!(
                f,
                "{new} would be a second `{callback_type}` registration beside {existing}; person callbacks allow one per mobile database"
            ),
            Conflict::TooManyEndpoints {
                callback_type,
                count,
                limit,
                ..
            } => write!(
                f,
                "`{callback_type}` would have {count} destination URLs, more than the {limit} allowed"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Timestamp;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        Timestamp::parse("2017-01-15T12:00Z").unwrap().to_utc()
    }

    fn entity(
        id: &str,
        callback_type: &str,
        url: &str,
        start: &str,
        end: Option<&str>,
    ) -> CallbackEntity {
        let mut body = json!({
            "callback_id": id,
            "callback_type": callback_type,
            "destination": {"url": url},
            "start_date": start,
        });
        if let Some(end) = end {
            body["end_date"] = json!(end);
        }
        serde_json::from_value(body).unwrap()
    }

    fn existing(id: &str) -> RegistrationRef {
        RegistrationRef::Existing(LooseId::from(id))
    }

    #[test]
    fn same_type_same_destination_overlapping_conflicts_under_the_newer_rule() {
        let list = [
            entity(
                "a",
                "subscription_added",
                "https://one.example",
                "2017-01-01T00:00Z",
                None,
            ),
            entity(
                "b",
                "subscription_added",
                "https://two.example",
                "2017-01-01T00:00Z",
                None,
            ),
            entity(
                "c",
                "subscription_removed",
                "https://one.example",
                "2017-01-01T00:00Z",
                None,
            ),
        ];
        let new = CallbackRegistration::subscription_added("l", "https://one.example");
        let conflicts = ConflictRules::newer().check(&list, &new, now());
        assert_eq!(
            conflicts,
            [Conflict::Overlap {
                callback_type: CallbackType::SubscriptionAdded,
                registrations: [RegistrationRef::New, existing("a")],
            }]
        );
        let older = ConflictRules::older().check(&list, &new, now());
        assert_eq!(older.len(), 2, "{older:?}");
        assert_eq!(
            older[1].registrations(),
            [RegistrationRef::New, existing("b")]
        );
    }

    #[test]
    fn ranges_touching_at_one_instant_do_not_conflict() {
        let list = [entity(
            "a",
            "device_added",
            "https://one.example",
            "2017-01-01T00:00Z",
            Some("2017-02-01T00:00Z"),
        )];
        let touching = CallbackRegistration::device_added("app", "https://one.example")
            .starting(Timestamp::parse("2017-02-01T00:00Z").unwrap());
        assert!(
            ConflictRules::older()
                .check(&list, &touching, now())
                .is_empty()
        );
        let overlapping = CallbackRegistration::device_added("app", "https://one.example")
            .starting(Timestamp::parse("2017-01-31T23:59Z").unwrap());
        assert_eq!(
            ConflictRules::newer()
                .check(&list, &overlapping, now())
                .len(),
            1
        );
    }

    #[test]
    fn a_second_person_callback_conflicts_whatever_the_destination() {
        let list = [
            entity(
                "p",
                "person_added",
                "https://one.example",
                "2017-01-01T00:00Z",
                None,
            ),
            entity(
                "u",
                "person_updated",
                "https://one.example",
                "2017-01-01T00:00Z",
                None,
            ),
        ];
        let new = CallbackRegistration::person_added("https://elsewhere.example");
        assert_eq!(
            ConflictRules::newer().check(&list, &new, now()),
            [Conflict::SecondPersonCallback {
                callback_type: CallbackType::PersonAdded,
                registrations: [RegistrationRef::New, existing("p")],
            }]
        );
    }

    #[test]
    fn fifty_endpoints_are_allowed_and_fifty_one_conflict() {
        let list: Vec<_> = (0..49)
            .map(|index| {
                entity(
                    &format!("id{index}"),
                    "event_processed",
                    &format!("https://hook{index}.example"),
                    "2017-01-01T00:00Z",
                    None,
                )
            })
            .collect();
        let fiftieth = CallbackRegistration::event_processed("https://hook49.example");
        assert!(
            ConflictRules::newer()
                .check(&list, &fiftieth, now())
                .is_empty()
        );
        let mut fifty = list.clone();
        fifty.push(entity(
            "id49",
            "event_processed",
            "https://hook49.example",
            "2017-01-01T00:00Z",
            None,
        ));
        let fifty_first = CallbackRegistration::event_processed("https://hook50.example");
        let conflicts = ConflictRules::newer().check(&fifty, &fifty_first, now());
        assert!(
            matches!(
                conflicts.as_slice(),
                [Conflict::TooManyEndpoints { count: 51, limit: 50, registrations, .. }] if registrations.len() == 51
            ),
            "{conflicts:?}"
        );
        // Ended registrations hold no endpoint.
        fifty[0] = entity(
            "id0",
            "event_processed",
            "https://hook0.example",
            "2017-01-01T00:00Z",
            Some("2017-01-02T00:00Z"),
        );
        assert!(
            ConflictRules::newer()
                .check(&fifty, &fifty_first, now())
                .is_empty()
        );
    }

    #[test]
    fn an_update_is_not_compared_with_its_own_current_version() {
        let list = [entity(
            "a",
            "person_added",
            "https://one.example",
            "2017-01-01T00:00Z",
            None,
        )];
        let updated = CallbackRegistration::person_added("https://two.example");
        assert_eq!(
            ConflictRules::newer().check(&list, &updated, now()).len(),
            1
        );
        assert!(
            ConflictRules::newer()
                .check_update(&list, &LooseId::from("a"), &updated, now())
                .is_empty()
        );
    }
}
