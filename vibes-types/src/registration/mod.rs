//! Registering callbacks: the registration body, the API's callback entity, their date ranges and
//! the checks to run before sending a registration.
//!
//! A [`CallbackRegistration`] subscribes one [`Destination`] to one callback type, with the
//! filter that type requires ([`CallbackFilter`]), from a start date (its creation when absent)
//! to an end date (never when absent). The API answers with a [`CallbackEntity`], the same
//! fields plus its `callback_id`. Before a registration is sent,
//! [`preflight`](CallbackRegistration::preflight) finds what the service would refuse or what
//! is probably a mistake ([`Finding`]), and [`ConflictRules::check`] finds the existing
//! registrations it would clash with ([`Conflict`]). [`Lifecycle`] says where a registration
//! stands at an instant and what deleting it does.
//!
//! ```
//! use vibes_types::registration::{Lifecycle, Status};
//! use vibes_types::{CallbackRegistration, Timestamp};
//!
//! let now = Timestamp::parse("2026-03-01T09:00Z")?.to_utc();
//! let mut registration =
//!     CallbackRegistration::subscription_added("my_list", "https://hooks.example.com/vibes")
//!         .ending(Timestamp::parse("2026-06-01T00:00Z")?);
//! assert!(registration.preflight(now).is_empty());
//! assert_eq!(registration.status_at(now), Status::Active);
//!
//! registration.deactivate_at(now); // what DELETE does
//! assert_eq!(registration.status_at(now), Status::Ended);
//! # Ok::<(), vibes_types::TimestampError>(())
//! ```

mod conflicts;
mod destination;
mod entity;
mod entity_strict;
mod filter;
mod lifecycle;
mod preflight;
mod read;
#[cfg(feature = "schema")]
mod schema;
mod wire;

pub use conflicts::{Conflict, ConflictRules, RegistrationRef};
pub use destination::{Destination, DestinationContentType, DestinationMethod};
pub use entity::CallbackEntity;
pub use filter::{
    AppFilter, CallbackFilter, CallbacksToSend, CampaignFilter, EventProcessedFilter, ListFilter,
    SourceCodeFilter, WalletCampaignFilter,
};
pub use lifecycle::{DateRange, Lifecycle, Status};
pub use preflight::{Finding, FindingKind, Severity};
pub use wire::ReadWarning;

use crate::{CallbackType, Extra, Timestamp};

/// A callback registration: the body sent to create or update a callback
/// (`POST`/`PUT …/config/callbacks`).
///
/// Its [`CallbackFilter`] carries the type together with the filter that type requires, so a
/// registration cannot lack its filter. Writing it gives the documented nested form with
/// `callback_type`; reading accepts `callback_type` or the older `event_type`, nested or flat filter
/// fields, and a filter under another type's key (see [`ReadWarning`]). Two registrations are equal
/// when they would be sent the same, however they were read.
///
/// ```
/// use vibes_types::registration::ConflictRules;
/// use vibes_types::{CallbackEntity, CallbackRegistration, Timestamp};
///
/// let now = Timestamp::parse("2026-03-01T09:00Z")?.to_utc();
/// let registration =
///     CallbackRegistration::subscription_added("my_list", "https://hooks.example.com/vibes")
///         .starting(Timestamp::parse("2026-03-02T00:00Z")?);
/// assert!(registration.preflight(now).is_empty());
///
/// let existing: Vec<CallbackEntity> = serde_json::from_str(r#"[{"callback_id": "AB3423",
///     "callback_type": "subscription_added", "subscription_added": {"list_id": "my_list"},
///     "destination": {"url": "https://hooks.example.com/vibes"}, "start_date": "2026-01-01T00:00Z"}]"#)?;
/// let conflicts = ConflictRules::default().check(&existing, &registration, now);
/// assert_eq!(conflicts[0].to_string(), "the new registration overlaps registration `AB3423`: \
///     both are `subscription_added` callbacks to the same destination");
///
/// let body = serde_json::to_string(&registration)?;
/// assert!(body.starts_with(r#"{"callback_type":"subscription_added","subscription_added":{"list_id":"my_list"}"#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CallbackRegistration {
    /// The callback type and its filter.
    pub callback: CallbackFilter,
    /// Where Vibes delivers the callbacks.
    pub destination: Destination,
    /// When the registration starts; Vibes uses the time of creation when absent.
    pub start_date: Option<Timestamp>,
    /// When the registration ends; it never ends when absent.
    pub end_date: Option<Timestamp>,
    /// Fields this version does not model (and the whole body of an unknown type), kept as
    /// received.
    pub extra: Extra,
    warnings: Vec<ReadWarning>,
}

/// Builds the constructors of the types whose filter is one string.
macro_rules! with_filter {
    ($($(#[$doc:meta])* $name:ident($field:ident) => $variant:ident($filter:ident);)*) => {
        $(
            $(#[$doc])*
            pub fn $name(
                $field: impl Into<String>,
                destination: impl Into<Destination>,
            ) -> Self {
                Self::new(CallbackFilter::$variant($filter::new($field)), destination)
            }
        )*
    };
}

/// Builds the constructors of the types without a filter.
macro_rules! without_filter {
    ($($(#[$doc:meta])* $name:ident => $variant:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(destination: impl Into<Destination>) -> Self {
                Self::new(CallbackFilter::$variant, destination)
            }
        )*
    };
}

impl CallbackRegistration {
    /// A registration for `callback` delivered to `destination`, starting at creation, never
    /// ending.
    ///
    /// The constructor of each callback type calls it; call it directly for a filter built in code:
    ///
    /// ```
    /// use vibes_types::CallbackRegistration;
    /// use vibes_types::registration::{CallbackFilter, CallbacksToSend, EventProcessedFilter};
    ///
    /// let mut filter = EventProcessedFilter::default();
    /// filter.callbacks_to_send = Some(CallbacksToSend::OnlyFailures);
    /// let registration = CallbackRegistration::new(
    ///     CallbackFilter::EventProcessed(Some(filter)),
    ///     "https://example.com/hook",
    /// );
    /// assert_eq!(
    ///     serde_json::to_value(&registration)?["event_processed"]["callbacks_to_send"],
    ///     "only_failures"
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(callback: CallbackFilter, destination: impl Into<Destination>) -> Self {
        CallbackRegistration {
            callback,
            destination: destination.into(),
            start_date: None,
            end_date: None,
            extra: Extra::default(),
            warnings: Vec::new(),
        }
    }

    without_filter! {
        /// A `person_added` registration.
        ///
        /// ```
        /// use vibes_types::{CallbackRegistration, CallbackType};
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::person_added(url);
        /// assert_eq!(registration.callback_type(), &CallbackType::PersonAdded);
        /// ```
        person_added => PersonAdded;
        /// A `person_updated` registration.
        ///
        /// ```
        /// use vibes_types::{CallbackRegistration, CallbackType};
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::person_updated(url);
        /// assert_eq!(registration.callback_type(), &CallbackType::PersonUpdated);
        /// ```
        person_updated => PersonUpdated;
        /// A `subscription_list_added` registration.
        ///
        /// ```
        /// use vibes_types::{CallbackRegistration, CallbackType};
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::subscription_list_added(url);
        /// assert_eq!(registration.callback_type(), &CallbackType::SubscriptionListAdded);
        /// ```
        subscription_list_added => SubscriptionListAdded;
        /// A `subscription_list_updated` registration.
        ///
        /// ```
        /// use vibes_types::{CallbackRegistration, CallbackType};
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::subscription_list_updated(url);
        /// assert_eq!(registration.callback_type(), &CallbackType::SubscriptionListUpdated);
        /// ```
        subscription_list_updated => SubscriptionListUpdated;
        /// A `company_participant_added` registration.
        ///
        /// ```
        /// use vibes_types::{CallbackRegistration, CallbackType};
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::company_participant_added(url);
        /// assert_eq!(registration.callback_type(), &CallbackType::CompanyParticipantAdded);
        /// ```
        company_participant_added => CompanyParticipantAdded;
        /// A `company_participant_changed` registration.
        ///
        /// ```
        /// use vibes_types::{CallbackRegistration, CallbackType};
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::company_participant_changed(url);
        /// assert_eq!(registration.callback_type(), &CallbackType::CompanyParticipantChanged);
        /// ```
        company_participant_changed => CompanyParticipantChanged;
    }

    with_filter! {
        /// A `subscription_added` registration for one subscription list.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::subscription_added("1234", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["subscription_added"]["list_id"], "1234");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        subscription_added(list_id) => SubscriptionAdded(ListFilter);
        /// A `subscription_removed` registration for one subscription list.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::subscription_removed("1234", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["subscription_removed"]["list_id"], "1234");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        subscription_removed(list_id) => SubscriptionRemoved(ListFilter);
        /// An `ack_participant_added` registration for one acquisition campaign.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::ack_participant_added("ACQ1234", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["ack_participant_added"]["campaign_id"], "ACQ1234");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        ack_participant_added(campaign_id) => AckParticipantAdded(CampaignFilter);
        /// An `ack_participant_changed` registration for one acquisition campaign.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::ack_participant_changed("ACQ1234", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["ack_participant_changed"]["campaign_id"], "ACQ1234");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        ack_participant_changed(campaign_id) => AckParticipantChanged(CampaignFilter);
        /// A `wallet_item_install` registration for one wallet campaign.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::wallet_item_install("r3zhm8", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["wallet_item_install"]["campaign_token"], "r3zhm8");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        wallet_item_install(campaign_token) => WalletItemInstall(WalletCampaignFilter);
        /// A `wallet_item_remove` registration for one wallet campaign.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::wallet_item_remove("r3zhm8", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["wallet_item_remove"]["campaign_token"], "r3zhm8");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        wallet_item_remove(campaign_token) => WalletItemRemove(WalletCampaignFilter);
        /// A `device_added` registration for one app.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::device_added("abe57f09", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["device_added"]["app_id"], "abe57f09");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        device_added(app_id) => DeviceAdded(AppFilter);
        /// A `device_updated` registration for one app.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::device_updated("abe57f09", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["device_updated"]["app_id"], "abe57f09");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        device_updated(app_id) => DeviceUpdated(AppFilter);
        /// A `device_removed` registration for one app.
        ///
        /// ```
        /// use vibes_types::CallbackRegistration;
        ///
        /// let url = "https://example.com/hook";
        /// let registration = CallbackRegistration::device_removed("abe57f09", url);
        /// let body = serde_json::to_value(&registration)?;
        /// assert_eq!(body["device_removed"]["app_id"], "abe57f09");
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        device_removed(app_id) => DeviceRemoved(AppFilter);
    }

    /// An `unmatched_message_received` registration for one source code in one country.
    ///
    /// ```
    /// use vibes_types::CallbackRegistration;
    ///
    /// let url = "https://example.com/hook";
    /// let registration = CallbackRegistration::unmatched_message_received("52623", "1", url);
    /// let body = serde_json::to_value(&registration)?;
    /// assert_eq!(body["unmatched_message_received"]["source_code"], "52623");
    /// assert_eq!(body["unmatched_message_received"]["country_code"], "1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn unmatched_message_received(
        source_code: impl Into<String>,
        country_code: impl Into<String>,
        destination: impl Into<Destination>,
    ) -> Self {
        Self::new(
            CallbackFilter::UnmatchedMessageReceived(SourceCodeFilter::new(
                source_code,
                country_code,
            )),
            destination,
        )
    }

    /// An `event_processed` registration for every processed event.
    ///
    /// ```
    /// use vibes_types::CallbackRegistration;
    ///
    /// let registration = CallbackRegistration::event_processed("https://example.com/hook");
    /// let body = serde_json::to_value(&registration)?;
    /// assert_eq!(body["callback_type"], "event_processed");
    /// assert_eq!(body.get("event_processed"), None); // no filter: every processed event
    /// assert_eq!(body["destination"]["method"], "POST");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn event_processed(destination: impl Into<Destination>) -> Self {
        Self::new(CallbackFilter::EventProcessed(None), destination)
    }

    /// An `event_processed` registration narrowed by `filter`.
    ///
    /// ```
    /// use vibes_types::CallbackRegistration;
    /// use vibes_types::registration::EventProcessedFilter;
    ///
    /// let mut filter = EventProcessedFilter::default();
    /// filter.event_type = Some("day_of_delivery".to_owned());
    /// let url = "https://example.com/hook";
    /// let registration = CallbackRegistration::event_processed_filtered(filter, url);
    /// let body = serde_json::to_value(&registration)?;
    /// assert_eq!(body["event_processed"]["event_type"], "day_of_delivery");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn event_processed_filtered(
        filter: EventProcessedFilter,
        destination: impl Into<Destination>,
    ) -> Self {
        Self::new(CallbackFilter::EventProcessed(Some(filter)), destination)
    }

    /// The same registration starting at `start`.
    ///
    /// ```
    /// use vibes_types::{CallbackRegistration, Timestamp};
    ///
    /// let registration = CallbackRegistration::person_added("https://example.com/hook")
    ///     .starting(Timestamp::parse("2017-01-01T00:00Z")?);
    /// assert_eq!(registration.start_date.unwrap().as_str(), "2017-01-01T00:00Z");
    /// # Ok::<(), vibes_types::TimestampError>(())
    /// ```
    #[must_use]
    pub fn starting(mut self, start: Timestamp) -> Self {
        self.start_date = Some(start);
        self
    }

    /// The same registration ending at `end`.
    ///
    /// ```
    /// use vibes_types::{CallbackRegistration, Timestamp};
    ///
    /// let registration = CallbackRegistration::person_added("https://example.com/hook")
    ///     .ending(Timestamp::parse("2018-01-01T00:00Z")?);
    /// let body = serde_json::to_value(&registration).unwrap();
    /// assert_eq!(body["end_date"], "2018-01-01T00:00Z");
    /// # Ok::<(), vibes_types::TimestampError>(())
    /// ```
    #[must_use]
    pub fn ending(mut self, end: Timestamp) -> Self {
        self.end_date = Some(end);
        self
    }

    /// The callback type registered for.
    ///
    /// ```
    /// use vibes_types::{CallbackRegistration, CallbackType};
    ///
    /// let registration = CallbackRegistration::from_slice(br#"{"event_type": "device_removed",
    ///   "device_removed": {"app_id": "abe57f09"},
    ///   "destination": {"url": "https://example.com/hook"}}"#)?;
    /// assert_eq!(registration.callback_type(), &CallbackType::DeviceRemoved);
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn callback_type(&self) -> &CallbackType {
        self.callback.callback_type()
    }

    /// What reading accepted but the documentation does not write (a filter under another
    /// type's key, disagreeing type fields); empty for a registration built in code.
    ///
    /// ```
    /// use vibes_types::CallbackRegistration;
    /// use vibes_types::registration::ReadWarning;
    ///
    /// // A published example puts a `wallet_item_remove` filter under `wallet_item_install`.
    /// let registration = CallbackRegistration::from_slice(br#"{
    ///   "callback_type": "wallet_item_remove",
    ///   "wallet_item_install": {"campaign_token": "r3zhm8"},
    ///   "destination": {"url": "https://example.com/hook"}}"#)?;
    /// let [ReadWarning::MisplacedFilter { found_under, .. }] = registration.warnings() else {
    ///     unreachable!()
    /// };
    /// assert_eq!(found_under, "wallet_item_install");
    /// let body = serde_json::to_value(&registration).unwrap();
    /// assert_eq!(body["wallet_item_remove"]["campaign_token"], "r3zhm8");
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    pub fn warnings(&self) -> &[ReadWarning] {
        &self.warnings
    }
}

impl PartialEq for CallbackRegistration {
    /// Compares what would be sent; how the registration was read (its warnings) does not count.
    fn eq(&self, other: &Self) -> bool {
        self.callback == other.callback
            && self.destination == other.destination
            && self.start_date == other.start_date
            && self.end_date == other.end_date
            && self.extra == other.extra
    }
}

impl Eq for CallbackRegistration {}
