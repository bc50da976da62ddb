//! `ack_participant_*` and `company_participant_*`: a person in an acquisition campaign's double
//! opt-in.

use super::ResourceRef;
use crate::events::MobilePhone;
use crate::json_schema::JsonSchema;
use crate::{Extra, Timestamp};
use vibes_derive::{Inspect, OpenEnum, object};

/// `ack_participant_added`: Vibes sends it when a participant joins an acquisition campaign and
/// the double opt-in is pending.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct AckParticipantAdded {
    /// The participant, status `PENDING`.
    pub participant: Participant,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading an `ack_participant_added` body (the documentation's example, shortened):
    ///
    /// ```
    /// use vibes_types::events::{AckParticipantAdded, ParticipantStatus};
    ///
    /// let added: AckParticipantAdded = serde_json::from_str(r#"{"event_id": "AB234SDFD234",
    ///   "callback_type": "ack_participant_added", "event_date": "2017-03-15T15:42:23Z",
    ///   "participant": {"person": {"id": "AB3423", "mobile_phone": {"mdn": "+12995551234"}},
    ///     "acquisition_campaign": {"id": "C1323542", "keyword": "SUBSCRIBED"},
    ///     "expire_date": "2017-01-15T14:30Z", "status": "PENDING"}}"#)?;
    /// assert_eq!(added.participant.status, Some(ParticipantStatus::Pending));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// `ack_participant_changed`: Vibes sends it when a participant confirms or declines.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct AckParticipantChanged {
    /// The participant, status `CONFIRMED` or `REJECTED`.
    pub participant: Participant,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading an `ack_participant_changed` body:
    ///
    /// ```
    /// use vibes_types::events::{AckParticipantChanged, ParticipantStatus};
    ///
    /// let changed: AckParticipantChanged = serde_json::from_str(r#"{"event_id": "1f4e7b2a",
    ///   "callback_type": "ack_participant_changed", "event_date": "2018-05-07T15:27:33.664Z",
    ///   "participant": {"acquisition_campaign": {"id": "ACQ1234", "keyword": "DEALS"},
    ///     "status": "CONFIRMED"}}"#)?;
    /// assert_eq!(changed.participant.status, Some(ParticipantStatus::Confirmed));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// `company_participant_added`: the company-wide variant of `ack_participant_added`. Only its
/// name is documented; the body is read as a participant body.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct CompanyParticipantAdded {
    /// The participant.
    pub participant: Participant,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a `company_participant_added` body:
    ///
    /// ```
    /// use vibes_types::events::{CompanyParticipantAdded, ParticipantStatus};
    ///
    /// let added: CompanyParticipantAdded = serde_json::from_str(r#"{"event_id": "a7e5c9f2",
    ///   "callback_type": "company_participant_added",
    ///   "event_date": "2020-08-23T21:38:05.258+01:00",
    ///   "participant": {"person": {"id": "AB3423"}, "status": "PENDING"}}"#)?;
    /// assert_eq!(added.participant.status, Some(ParticipantStatus::Pending));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// `company_participant_changed`: the company-wide variant of `ack_participant_changed`. Only its
/// name is documented; the body is read as a participant body.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct CompanyParticipantChanged {
    /// The participant.
    pub participant: Participant,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a `company_participant_changed` body, which names the subscription list:
    ///
    /// ```
    /// use vibes_types::events::CompanyParticipantChanged;
    ///
    /// let changed: CompanyParticipantChanged = serde_json::from_str(r#"{"event_id": "f2b6d0a8",
    ///   "callback_type": "company_participant_changed",
    ///   "event_date": "2020-08-23T21:52:40.901+01:00",
    ///   "participant": {"status": "CONFIRMED", "subscription_list": {"id": "1234"}}}"#)?;
    /// let list = changed.participant.subscription_list.as_ref().unwrap();
    /// assert_eq!(list.id.as_deref(), Some("1234"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// A person's participation in an acquisition campaign.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct Participant {
    /// The participating person.
    pub person: Option<ParticipantPerson>,
    /// The campaign.
    pub acquisition_campaign: Option<AcquisitionCampaign>,
    /// The list the campaign subscribes to (newer bodies).
    pub subscription_list: Option<ResourceRef>,
    /// When the person joined the campaign.
    pub participation_date: Option<Timestamp>,
    /// When the pending opt-in expires.
    pub expire_date: Option<Timestamp>,
    /// Where the double opt-in stands.
    pub status: Option<ParticipantStatus>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a participant, with a field Vibes may add later:
    ///
    /// ```
    /// use vibes_types::events::Participant;
    ///
    /// let participant: Participant = serde_json::from_str(r#"{"status": "PENDING",
    ///   "participation_date": "2017-01-14T14:30Z", "expire_date": "2017-01-15T14:30Z",
    ///   "reminders_sent": 1}"#)?;
    /// let expires = participant.expire_date.as_ref().unwrap().to_utc();
    /// assert!(participant.participation_date.as_ref().unwrap().to_utc() < expires);
    /// assert_eq!(participant.extra.get("reminders_sent").unwrap(), 1);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// The person of a participant callback.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct ParticipantPerson {
    /// Vibes' id of the person.
    pub id: Option<String>,
    /// The customer's id of the person.
    pub external_id: Option<String>,
    /// The person's mobile phone.
    pub mobile_phone: Option<MobilePhone>,
    /// The person's path in the Vibes API.
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading the person of a participant callback:
    ///
    /// ```
    /// use vibes_types::events::ParticipantPerson;
    ///
    /// let person: ParticipantPerson = serde_json::from_str(
    ///     r#"{"id": "AB3423", "external_id": "ex123", "mobile_phone": {"mdn": "+12995551234"}}"#,
    /// )?;
    /// assert_eq!(person.external_id.as_deref(), Some("ex123"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// An acquisition campaign.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct AcquisitionCampaign {
    /// Vibes' id (key) of the campaign.
    pub id: Option<String>,
    /// The campaign's description.
    pub description: Option<String>,
    /// The campaign's path in the Vibes API.
    pub url: Option<String>,
    /// The keyword that enrols a person.
    pub keyword: Option<String>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading an acquisition campaign:
    ///
    /// ```
    /// use vibes_types::events::AcquisitionCampaign;
    ///
    /// let campaign: AcquisitionCampaign = serde_json::from_str(r#"{"id": "C1323542",
    ///   "description": "Great Acquisition Campaign", "keyword": "SUBSCRIBED"}"#)?;
    /// assert_eq!(campaign.keyword.as_deref(), Some("SUBSCRIBED"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// Where a participant's double opt-in stands.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum ParticipantStatus {
    /// Waiting for the person to confirm (`ack_participant_added`).
    #[vibes(rename = "PENDING")]
    Pending,
    /// The person confirmed.
    #[vibes(rename = "CONFIRMED")]
    Confirmed,
    /// The person declined.
    #[vibes(rename = "REJECTED")]
    Rejected,
    /// The person is subscribed.
    #[vibes(rename = "SUBSCRIBED")]
    Subscribed,
    /// A status this version does not know, with its exact text.
    ///
    /// ```
    /// use vibes_types::events::ParticipantStatus;
    ///
    /// assert_eq!(ParticipantStatus::from("CONFIRMED"), ParticipantStatus::Confirmed);
    /// let expired: ParticipantStatus = serde_json::from_str(r#""EXPIRED""#)?;
    /// assert_eq!(expired, ParticipantStatus::Unknown("EXPIRED".to_owned()));
    /// assert_eq!(serde_json::to_string(&expired)?, r#""EXPIRED""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[vibes(other)]
    Unknown(String),
}
