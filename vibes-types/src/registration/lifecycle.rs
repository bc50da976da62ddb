//! Date ranges of registrations: whether one is future, active or ended at an instant, and what
//! deleting it does.

use super::{CallbackEntity, CallbackRegistration};
use crate::Timestamp;
use chrono::{DateTime, Utc};

/// Where a registration stands at an instant.
///
/// ```
/// use vibes_types::registration::{Lifecycle, Status};
/// use vibes_types::{CallbackRegistration, Timestamp};
///
/// let registration = CallbackRegistration::person_added("https://example.com/hook")
///     .starting(Timestamp::parse("2017-02-01T00:00Z")?);
/// let january = Timestamp::parse("2017-01-15T12:00Z")?.to_utc();
/// let march = Timestamp::parse("2017-03-01T00:00Z")?.to_utc();
/// assert_eq!(registration.status_at(january), Status::Future);
/// assert_eq!(registration.status_at(march), Status::Active);
/// # Ok::<(), vibes_types::TimestampError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Its start is after the instant; the list call still returns it.
    Future,
    /// Start ≤ instant < end (or no end): Vibes delivers its callbacks.
    Active,
    /// Its end is at or before the instant; deleting a registration ends it.
    Ended,
}

/// The half-open range `[start, end)` in which a registration is active; no end means open.
///
/// ```
/// use vibes_types::Timestamp;
/// use vibes_types::registration::DateRange;
///
/// let at = |text| Timestamp::parse(text).unwrap();
/// let now = at("2017-01-15T12:00Z").to_utc();
/// let (first, second) = (at("2017-01-01T00:00Z"), at("2017-02-01T00:00Z"));
/// let january = DateRange::of(Some(&first), Some(&second), now);
/// let february = DateRange::of(Some(&second), None, now);
/// assert!(!january.overlaps(&february)); // they only touch
/// let from_now = DateRange::of(None, None, now);
/// assert!(january.overlaps(&from_now));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    /// The first instant the registration is active.
    pub start: DateTime<Utc>,
    /// The first instant it is no longer active, if it ends.
    pub end: Option<DateTime<Utc>>,
}

impl DateRange {
    /// The range of a registration's dates, its start defaulting to `now` (creation) as Vibes
    /// does when `start_date` is absent.
    pub fn of(start: Option<&Timestamp>, end: Option<&Timestamp>, now: DateTime<Utc>) -> Self {
        DateRange {
            start: start.map_or(now, Timestamp::to_utc),
            end: end.map(Timestamp::to_utc),
        }
    }

    /// Where the range stands at `now`: active when start ≤ now < end.
    pub fn status_at(&self, now: DateTime<Utc>) -> Status {
        if now < self.start {
            Status::Future
        } else if self.end.is_some_and(|end| end <= now) {
            Status::Ended
        } else {
            Status::Active
        }
    }

    /// Whether the range holds no instant at all (its end is not after its start).
    pub fn is_empty(&self) -> bool {
        self.end.is_some_and(|end| end <= self.start)
    }

    /// Whether some instant is active in both ranges; ranges that only touch (one ends where the
    /// other starts) do not overlap.
    pub fn overlaps(&self, other: &DateRange) -> bool {
        let before =
            |end: Option<DateTime<Utc>>, start: DateTime<Utc>| end.is_some_and(|end| end <= start);
        !self.is_empty()
            && !other.is_empty()
            && !before(self.end, other.start)
            && !before(other.end, self.start)
    }
}

/// The lifecycle of anything with a registration's dates: a [`CallbackRegistration`] (start
/// defaulting to its creation, `now`) and a [`CallbackEntity`] (as the API answers it).
///
/// ```
/// use vibes_types::registration::{Lifecycle, Status};
/// use vibes_types::{CallbackEntity, Timestamp};
///
/// let mut entity: CallbackEntity = r#"{"callback_id": "Hzh39LP3", "callback_type": "person_added",
///   "destination": {"url": "https://example.com/hook"}, "start_date": "2017-03-01T00:00Z"}"#
///     .parse()?;
/// let now = Timestamp::parse("2017-01-15T12:00Z").unwrap().to_utc();
/// assert_eq!(entity.status_at(now), Status::Future);
///
/// entity.deactivate_at(now); // what the API's DELETE does
/// assert_eq!(entity.status_at(now), Status::Ended);
/// assert_eq!(entity.end_date.as_ref().unwrap().as_str(), "2017-01-15T12:00:00Z");
/// # Ok::<(), vibes_types::ParseError>(())
/// ```
pub trait Lifecycle {
    /// The `start_date` and `end_date`, for writing.
    fn dates_mut(&mut self) -> (&mut Option<Timestamp>, &mut Option<Timestamp>);

    /// The `start_date` and `end_date`.
    fn dates(&self) -> (Option<&Timestamp>, Option<&Timestamp>);

    /// The range in which the registration is active; `now` stands for the creation time when
    /// there is no `start_date`.
    fn date_range(&self, now: DateTime<Utc>) -> DateRange {
        let (start, end) = self.dates();
        DateRange::of(start, end, now)
    }

    /// Where the registration stands at `now`.
    fn status_at(&self, now: DateTime<Utc>) -> Status {
        self.date_range(now).status_at(now)
    }

    /// Does what DELETE does at `now`: the end becomes `now`, and a future or absent start
    /// becomes `now` too. An end already before `now` is kept: deleting never reopens a range.
    fn deactivate_at(&mut self, now: DateTime<Utc>) {
        let (start, end) = self.dates_mut();
        if start.as_ref().is_none_or(|start| start.to_utc() > now) {
            *start = Some(Timestamp::from_instant(now));
        }
        if end.as_ref().is_none_or(|end| end.to_utc() > now) {
            *end = Some(Timestamp::from_instant(now));
        }
    }
}

impl Lifecycle for CallbackRegistration {
    fn dates_mut(&mut self) -> (&mut Option<Timestamp>, &mut Option<Timestamp>) {
        (&mut self.start_date, &mut self.end_date)
    }

    fn dates(&self) -> (Option<&Timestamp>, Option<&Timestamp>) {
        (self.start_date.as_ref(), self.end_date.as_ref())
    }
}

impl Lifecycle for CallbackEntity {
    fn dates_mut(&mut self) -> (&mut Option<Timestamp>, &mut Option<Timestamp>) {
        (&mut self.start_date, &mut self.end_date)
    }

    fn dates(&self) -> (Option<&Timestamp>, Option<&Timestamp>) {
        (self.start_date.as_ref(), self.end_date.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        Timestamp::parse(text).unwrap().to_utc()
    }

    fn range(start: &str, end: Option<&str>) -> DateRange {
        DateRange {
            start: at(start),
            end: end.map(at),
        }
    }

    #[test]
    fn status_is_active_at_the_start_instant_and_ended_at_the_end_instant() {
        let january = range("2017-01-01T00:00Z", Some("2017-02-01T00:00Z"));
        assert_eq!(january.status_at(at("2016-12-31T23:59Z")), Status::Future);
        assert_eq!(january.status_at(at("2017-01-01T00:00Z")), Status::Active);
        assert_eq!(january.status_at(at("2017-01-31T23:59Z")), Status::Active);
        assert_eq!(january.status_at(at("2017-02-01T00:00Z")), Status::Ended);
    }

    #[test]
    fn open_ranges_never_end() {
        let open = range("2017-01-01T00:00Z", None);
        assert_eq!(open.status_at(at("2999-01-01T00:00Z")), Status::Active);
        assert!(open.overlaps(&range("2500-01-01T00:00Z", None)));
        assert!(open.overlaps(&range("2000-01-01T00:00Z", Some("2017-01-01T00:01Z"))));
    }

    #[test]
    fn ranges_touching_at_one_instant_do_not_overlap() {
        let january = range("2017-01-01T00:00Z", Some("2017-02-01T00:00Z"));
        let february = range("2017-02-01T00:00Z", Some("2017-03-01T00:00Z"));
        assert!(!january.overlaps(&february));
        assert!(!february.overlaps(&january));
        let from_february = range("2017-02-01T00:00Z", None);
        assert!(!january.overlaps(&from_february));
        let one_minute_earlier = range("2017-01-31T23:59Z", None);
        assert!(january.overlaps(&one_minute_earlier));
    }

    #[test]
    fn empty_ranges_overlap_nothing() {
        let empty = range("2017-02-01T00:00Z", Some("2017-02-01T00:00Z"));
        assert!(empty.is_empty());
        assert!(!empty.overlaps(&range("2017-01-01T00:00Z", None)));
    }

    #[test]
    fn deactivating_a_future_registration_moves_its_start_and_end_to_now() {
        let now = at("2017-01-15T12:00Z");
        let mut future = CallbackRegistration::person_added("https://example.com/hook")
            .starting(Timestamp::parse("2017-03-01T00:00Z").unwrap());
        assert_eq!(future.status_at(now), Status::Future);
        future.deactivate_at(now);
        assert_eq!(future.start_date.as_ref().unwrap().to_utc(), now);
        assert_eq!(future.end_date.as_ref().unwrap().to_utc(), now);
        assert_eq!(future.status_at(now), Status::Ended);
    }

    #[test]
    fn deactivating_an_active_registration_keeps_its_start_and_ends_it_now() {
        let now = at("2017-01-15T12:00Z");
        let mut active = CallbackRegistration::person_added("https://example.com/hook")
            .starting(Timestamp::parse("2017-01-01T00:00Z").unwrap())
            .ending(Timestamp::parse("2017-02-01T00:00Z").unwrap());
        active.deactivate_at(now);
        assert_eq!(
            active.start_date.as_ref().unwrap().as_str(),
            "2017-01-01T00:00Z"
        );
        assert_eq!(active.end_date.as_ref().unwrap().to_utc(), now);
        assert_eq!(active.status_at(now), Status::Ended);
    }

    #[test]
    fn deactivating_an_ended_registration_keeps_its_end() {
        let now = at("2017-03-01T00:00Z");
        let mut ended = CallbackRegistration::person_added("https://example.com/hook")
            .starting(Timestamp::parse("2017-01-01T00:00Z").unwrap())
            .ending(Timestamp::parse("2017-02-01T00:00Z").unwrap());
        ended.deactivate_at(now);
        assert_eq!(
            ended.end_date.as_ref().unwrap().as_str(),
            "2017-02-01T00:00Z"
        );
    }

    #[test]
    fn a_registration_without_start_starts_at_creation() {
        let now = at("2017-01-15T12:00Z");
        let registration = CallbackRegistration::person_added("https://example.com/hook");
        assert_eq!(registration.status_at(now), Status::Active);
        assert_eq!(registration.date_range(now).start, now);
    }
}
