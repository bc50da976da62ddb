//! `person_added` and `person_updated` bodies, and the person they carry.

use crate::typed::envelope::callbacks;
use crate::typed::json::{extra, free_form};
use crate::typed::scalars::{Values, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::events::{MobilePhone, Person, PersonAdded, PersonUpdated};

callbacks! {
    person_added => PersonAdded(person);
    person_updated => PersonUpdated(person);
}

fn person(_: Values) -> impl Strategy<Value = Person> {
    let ids = (of(text()), of(text()), of(text()));
    let place = (of(mobile_phone()), of(text()), of(text()));
    let record = (
        of(free_form()),
        of(timestamp()),
        of(timestamp()),
        of(text()),
    );
    (ids, place, record, extra()).prop_map(
        |(
            (person_id, person_key, external_person_id),
            (mobile_phone, timezone, timezone_source),
            (custom_fields, created_at, updated_at, url),
            extra,
        )| {
            let mut person = Person::new();
            person.person_id = person_id;
            person.person_key = person_key;
            person.external_person_id = external_person_id;
            person.mobile_phone = mobile_phone;
            person.timezone = timezone;
            person.timezone_source = timezone_source;
            person.custom_fields = custom_fields;
            person.created_at = created_at;
            person.updated_at = updated_at;
            person.url = url;
            person.extra = extra;
            person
        },
    )
}

/// A mobile phone, as person, subscription and participant bodies carry it.
pub fn mobile_phone() -> impl Strategy<Value = MobilePhone> {
    (of(text()), of(text()), extra()).prop_map(|(mdn, carrier_code, extra)| {
        let mut phone = MobilePhone::new();
        phone.mdn = mdn;
        phone.carrier_code = carrier_code;
        phone.extra = extra;
        phone
    })
}
