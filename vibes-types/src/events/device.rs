//! `device_added`, `device_updated` and `device_removed`: an app's push device of a person.

use crate::Extra;
use crate::json_schema::JsonSchema;
use vibes_derive::{Inspect, OpenEnum, object};

/// `device_added`: Vibes sends it when an app is installed on a device, or a device moves to this
/// person.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct DeviceAdded {
    /// The person the device now belongs to.
    pub person: Option<DevicePerson>,
    /// The device.
    pub push_device: PushDevice,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `device_updated`: Vibes sends it when an Apple or Google push token is added or removed, and
/// for no other update.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct DeviceUpdated {
    /// The person the device belongs to.
    pub person: Option<DevicePerson>,
    /// The device after the change.
    pub push_device: PushDevice,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `device_removed`: Vibes sends it when an app is uninstalled or no longer available, or the
/// device moves to another person.
#[object(callback)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct DeviceRemoved {
    /// The person the device belonged to.
    pub person: Option<DevicePerson>,
    /// The device.
    pub push_device: PushDevice,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The person of a device callback.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct DevicePerson {
    /// Vibes' id of the person.
    pub person_id: Option<String>,
    /// The customer's id of the person.
    pub external_id: Option<String>,
    /// The person's path in the Vibes API.
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An app installation on a device that can receive push notifications.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct PushDevice {
    /// The app's id (the registration filter).
    pub app_id: Option<String>,
    /// Vibes' id of the device.
    pub vibes_device_id: Option<String>,
    /// The Apple or Google push token.
    pub push_token: Option<String>,
    /// The device's operating system.
    pub device_os: Option<DeviceOs>,
    /// The device's path in the Vibes API.
    pub url: Option<String>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The operating system of a push device.
#[derive(Clone, Debug, PartialEq, Eq, Hash, OpenEnum)]
#[non_exhaustive]
pub enum DeviceOs {
    /// Android (Google push).
    #[vibes(rename = "ANDROID")]
    Android,
    /// iOS (Apple push).
    #[vibes(rename = "IOS")]
    Ios,
    /// An operating system this version does not know, with its exact text.
    #[vibes(other)]
    Unknown(String),
}
