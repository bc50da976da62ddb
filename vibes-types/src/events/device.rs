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
    ///
    /// Reading a `device_added` body (the documentation's example, shortened):
    ///
    /// ```
    /// use vibes_types::events::{DeviceAdded, DeviceOs};
    ///
    /// let added: DeviceAdded = serde_json::from_str(r#"{"event_id": "AB234SDFD234",
    ///   "callback_type": "device_added", "event_date": "2017-03-15T15:42:23Z",
    ///   "person": {"person_id": "ABC123", "external_id": "ex1234"},
    ///   "push_device": {"app_id": "abe57f09-3126-4a7e-abc5-cac779710fd7",
    ///     "device_os": "ANDROID"}}"#)?;
    /// assert_eq!(added.push_device.device_os, Some(DeviceOs::Android));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a `device_updated` body:
    ///
    /// ```
    /// use vibes_types::events::{DeviceOs, DeviceUpdated};
    ///
    /// let updated: DeviceUpdated = serde_json::from_str(r#"{"event_id": "c5f0a3e7",
    ///   "callback_type": "device_updated", "event_date": "2022-08-15T20:02:36Z",
    ///   "push_device": {"device_os": "IOS",
    ///     "push_token": "9F2C41B7E03D58A6C1F4B29E7D0A35C8B6E1F47D2A903C5E8B7F164D0A2E9C3B"}}"#)?;
    /// assert_eq!(updated.push_device.device_os, Some(DeviceOs::Ios));
    /// assert!(updated.person.is_none());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a `device_removed` body:
    ///
    /// ```
    /// use vibes_types::events::DeviceRemoved;
    ///
    /// let removed: DeviceRemoved = serde_json::from_str(r#"{"event_id": "e7a1c4b9",
    ///   "callback_type": "device_removed", "event_date": "2017-02-18T15:34:52+0000",
    ///   "person": {"person_id": "ABC123"}, "push_device": {"app_id": "abe57f09"}}"#)?;
    /// assert_eq!(removed.push_device.app_id.as_deref(), Some("abe57f09"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading the person of a device callback:
    ///
    /// ```
    /// use vibes_types::events::DevicePerson;
    ///
    /// let person: DevicePerson = serde_json::from_str(r#"{"person_id": "ABC123",
    ///   "external_id": "ex1234", "url": "/companies/:company_key/mobiledb/persons/ABC123"}"#)?;
    /// assert_eq!(person.person_id.as_deref(), Some("ABC123"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// Reading a push device, with a field Vibes may add later:
    ///
    /// ```
    /// use vibes_types::events::{DeviceOs, PushDevice};
    ///
    /// let device: PushDevice = serde_json::from_str(r#"{"vibes_device_id": "92e9d683",
    ///   "device_os": "ANDROID", "os_version": "14"}"#)?;
    /// assert_eq!(device.device_os, Some(DeviceOs::Android));
    /// assert_eq!(device.extra.get("os_version").unwrap(), "14");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
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
    ///
    /// ```
    /// use vibes_types::events::DeviceOs;
    ///
    /// assert_eq!(DeviceOs::from("IOS"), DeviceOs::Ios);
    /// let other = DeviceOs::from("HARMONYOS");
    /// assert!(!other.is_known());
    /// assert_eq!(other.as_str(), "HARMONYOS");
    /// ```
    #[vibes(other)]
    Unknown(String),
}
