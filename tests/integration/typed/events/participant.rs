//! `ack_participant_*` and `company_participant_*` bodies: a participant of an acquisition
//! campaign's double opt-in.

use super::person::mobile_phone;
use super::subscription::resource_ref;
use crate::typed::envelope::callbacks;
use crate::typed::json::extra;
use crate::typed::scalars::{Values, open, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::events::{
    AckParticipantAdded, AckParticipantChanged, AcquisitionCampaign, CompanyParticipantAdded,
    CompanyParticipantChanged, Participant, ParticipantPerson, ParticipantStatus,
};

callbacks! {
    ack_participant_added => AckParticipantAdded(participant);
    ack_participant_changed => AckParticipantChanged(participant);
    company_participant_added => CompanyParticipantAdded(participant);
    company_participant_changed => CompanyParticipantChanged(participant);
}

fn participant(values: Values) -> impl Strategy<Value = Participant> {
    let links = (of(person()), of(campaign()), of(resource_ref()));
    let dates = (of(timestamp()), of(timestamp()));
    let status = of(open::<ParticipantStatus>(ParticipantStatus::KNOWN, values));
    (links, dates, status, extra()).prop_map(
        |(
            (person, acquisition_campaign, subscription_list),
            (participation_date, expire_date),
            status,
            extra,
        )| {
            let mut participant = Participant::new();
            participant.person = person;
            participant.acquisition_campaign = acquisition_campaign;
            participant.subscription_list = subscription_list;
            participant.participation_date = participation_date;
            participant.expire_date = expire_date;
            participant.status = status;
            participant.extra = extra;
            participant
        },
    )
}

fn person() -> impl Strategy<Value = ParticipantPerson> {
    (
        of(text()),
        of(text()),
        of(mobile_phone()),
        of(text()),
        extra(),
    )
        .prop_map(|(id, external_id, mobile_phone, url, extra)| {
            let mut person = ParticipantPerson::new();
            person.id = id;
            person.external_id = external_id;
            person.mobile_phone = mobile_phone;
            person.url = url;
            person.extra = extra;
            person
        })
}

fn campaign() -> impl Strategy<Value = AcquisitionCampaign> {
    (of(text()), of(text()), of(text()), of(text()), extra()).prop_map(
        |(id, description, url, keyword, extra)| {
            let mut campaign = AcquisitionCampaign::new();
            campaign.id = id;
            campaign.description = description;
            campaign.url = url;
            campaign.keyword = keyword;
            campaign.extra = extra;
            campaign
        },
    )
}
