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
    #[vibes(other)]
    Unknown(String),
}
