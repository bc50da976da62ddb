//! `device_added`, `device_updated` and `device_removed` bodies: an app's push device.

use crate::typed::envelope::callbacks;
use crate::typed::json::extra;
use crate::typed::scalars::{Values, open, text};
use proptest::option::of;
use proptest::prelude::*;
use vibes_types::events::{
    DeviceAdded, DeviceOs, DevicePerson, DeviceRemoved, DeviceUpdated, PushDevice,
};

/// The three device bodies have the same fields: the device required, its person optional.
macro_rules! device_body {
    ($body:ident) => {
        |id, at, (person, push_device)| {
            let mut body = $body::new(id, at, push_device);
            body.person = person;
            body
        }
    };
}

callbacks! {
    device_added => DeviceAdded(device) with device_body!(DeviceAdded);
    device_updated => DeviceUpdated(device) with device_body!(DeviceUpdated);
    device_removed => DeviceRemoved(device) with device_body!(DeviceRemoved);
}

fn device(values: Values) -> impl Strategy<Value = (Option<DevicePerson>, PushDevice)> {
    (of(person()), push_device(values))
}

fn person() -> impl Strategy<Value = DevicePerson> {
    (of(text()), of(text()), of(text()), extra()).prop_map(
        |(person_id, external_id, url, extra)| {
            let mut person = DevicePerson::new();
            person.person_id = person_id;
            person.external_id = external_id;
            person.url = url;
            person.extra = extra;
            person
        },
    )
}

fn push_device(values: Values) -> impl Strategy<Value = PushDevice> {
    let ids = (of(text()), of(text()), of(text()));
    let os = of(open::<DeviceOs>(DeviceOs::KNOWN, values));
    (ids, os, of(text()), extra()).prop_map(
        |((app_id, vibes_device_id, push_token), device_os, url, extra)| {
            let mut device = PushDevice::new();
            device.app_id = app_id;
            device.vibes_device_id = vibes_device_id;
            device.push_token = push_token;
            device.device_os = device_os;
            device.url = url;
            device.extra = extra;
            device
        },
    )
}
