//! The body a test event delivers: the sample of its type, with the event's fresh id, the
//! registration's `callback_id`, `delivery_attempt: "1"` (as the documentation's returned
//! callback shows) and the request's override data, the sample's field order kept.

use crate::samples::{self, SampleError};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use std::fmt;
use vibes_types::{CallbackType, TestEventRequest};

/// The fields of a JSON object in their order, each value kept as its text.
struct Fields(Vec<(String, Box<RawValue>)>);

/// The envelope fields a test callback carries, written after `event_id`.
#[derive(Serialize)]
struct TestEnvelope<'a> {
    event_id: &'a str,
    callback_id: &'a str,
    delivery_attempt: &'a str,
}

/// The body delivered to registration `callback_id` for the test event `event_id` asked by
/// `request`: pretty JSON with a line break at the end, as `vibes sample` prints.
pub fn body(
    request: &TestEventRequest,
    event_id: &str,
    callback_id: &str,
) -> Result<String, SampleError> {
    let sample = samples::body(&request.event_type.to_string(), None)?;
    let compact = edit(&sample, request, event_id, callback_id)
        .expect("a sample and a test event request are JSON objects");
    let raw = RawValue::from_string(compact).expect("edited JSON is JSON");
    Ok(samples::pretty(&raw))
}

fn edit(
    sample: &str,
    request: &TestEventRequest,
    event_id: &str,
    callback_id: &str,
) -> Result<String, serde_json::Error> {
    let mut fields: Fields = serde_json::from_str(sample)?;
    // The envelope's fields, by the names the serializer gives them: the first replaces the
    // sample's `event_id` where it stands, the others follow it.
    let envelope: Fields = serde_json::from_str(&serde_json::to_string(&TestEnvelope {
        event_id,
        callback_id,
        delivery_attempt: "1",
    })?)?;
    let mut envelope = envelope.0.into_iter();
    let position = match envelope.next() {
        Some((name, value)) => match fields.0.iter().position(|(key, _)| *key == name) {
            Some(at) => {
                fields.0[at].1 = value;
                at + 1
            }
            None => {
                fields.0.insert(0, (name, value));
                1
            }
        },
        None => 0,
    };
    let rest: Vec<_> = envelope
        .filter(|(name, _)| !fields.0.iter().any(|(key, _)| key == name))
        .collect();
    fields.0.splice(position..position, rest);
    // The override data: each object of the request merged into the body's object of the
    // same name (`subscription.subscription_list.id`, `participant.acquisition_campaign.id`).
    let overrides: Fields = serde_json::from_str(&serde_json::to_string(request)?)?;
    for (name, value) in overrides.0 {
        if !is_object(&value) {
            continue;
        }
        if let Some((_, current)) = fields.0.iter_mut().find(|(key, _)| *key == name)
            && is_object(current)
        {
            *current = merge(current, &value)?;
        }
    }
    serde_json::to_string(&fields)
}

fn is_object(value: &RawValue) -> bool {
    value.get().trim_start().starts_with('{')
}

/// `over` merged into `base`, both objects: objects merged again, other values replaced, new
/// fields added at the end.
fn merge(base: &RawValue, over: &RawValue) -> Result<Box<RawValue>, serde_json::Error> {
    let mut fields: Fields = serde_json::from_str(base.get())?;
    let over: Fields = serde_json::from_str(over.get())?;
    for (name, value) in over.0 {
        match fields.0.iter_mut().find(|(key, _)| *key == name) {
            Some((_, current)) if is_object(current) && is_object(&value) => {
                *current = merge(current, &value)?;
            }
            Some((_, current)) => *current = value,
            None => fields.0.push((name, value)),
        }
    }
    RawValue::from_string(serde_json::to_string(&fields)?)
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Ordered;
        impl<'de> Visitor<'de> for Ordered {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    fields.push(entry);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(Ordered)
    }
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// Whether the emulator has a sample of `callback_type`, so can send a test event of it.
pub fn has_sample(callback_type: &CallbackType) -> bool {
    samples::body(&callback_type.to_string(), None).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vibes_types::Callback;

    #[test]
    fn the_body_is_the_sample_with_the_event_and_registration_ids() {
        let request = TestEventRequest::new(CallbackType::PersonAdded);
        let body = body(&request, "EVENT1234567", "Hzh39LP3").unwrap();
        assert!(
            body.starts_with(
                "{\n  \"event_id\": \"EVENT1234567\",\n  \"callback_id\": \"Hzh39LP3\",\n  \"delivery_attempt\": \"1\",\n  \"callback_type\": \"person_added\""
            ),
            "{body}"
        );
        assert!(body.ends_with("}\n"));
        let read = Callback::from_slice_strict(body.as_bytes()).unwrap();
        assert_eq!(read.event_id(), Some("EVENT1234567"));
        assert_eq!(read.callback_type(), &CallbackType::PersonAdded);
    }

    #[test]
    fn override_data_lands_where_the_request_names_it() {
        let request = TestEventRequest::new(CallbackType::SubscriptionAdded)
            .with_subscription_list("my_list");
        let body = body(&request, "E1", "C1").unwrap();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(value["subscription"]["subscription_list"]["id"], "my_list");
        // The rest of the list's link is the sample's.
        assert!(value["subscription"]["subscription_list"]["url"].is_string());
        let request = TestEventRequest::new(CallbackType::AckParticipantAdded)
            .with_acquisition_campaign("my_campaign");
        let value: serde_json::Value = serde_json::from_str(&body_of(&request)).unwrap();
        assert_eq!(
            value["participant"]["acquisition_campaign"]["id"],
            "my_campaign"
        );
        assert_eq!(value["event_id"], "E1");
    }

    fn body_of(request: &TestEventRequest) -> String {
        body(request, "E1", "C1").unwrap()
    }
}
