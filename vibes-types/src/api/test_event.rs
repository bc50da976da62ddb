//! Test events: asking Vibes to send one callback of a type to its active registration.

use crate::events::ResourceRef;
use crate::json_schema::JsonSchema;
use crate::{CallbackType, Extra};
use vibes_derive::{Inspect, object};

/// The body of `POST /companies/:company_key/config/callback_events/test`: which callback type to
/// send a test event for, optionally with the list or campaign the test body should name.
#[object(custom_new)]
#[derive(Clone, Debug, PartialEq, JsonSchema, Inspect)]
pub struct TestEventRequest {
    /// The callback type to send a test event for.
    #[vibes(keep_alias)]
    pub event_type: CallbackType,
    /// Override data for subscription types: `subscription.subscription_list.id`.
    pub subscription: Option<TestSubscription>,
    /// Override data for acquisition types: `participant.acquisition_campaign.id`.
    pub participant: Option<TestParticipant>,
    /// Fields this version does not model, kept as received.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Override data of a subscription test event.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct TestSubscription {
    /// The subscription list the test body names.
    pub subscription_list: Option<ResourceRef>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading the override data of a subscription test event:
    ///
    /// ```
    /// use vibes_types::api::TestSubscription;
    ///
    /// let data: TestSubscription =
    ///     serde_json::from_str(r#"{"subscription_list": {"id": "1234"}}"#)?;
    /// assert_eq!(data.subscription_list.and_then(|list| list.id).as_deref(), Some("1234"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// Override data of an acquisition-campaign test event.
#[object]
#[derive(Clone, Debug, Default, PartialEq, JsonSchema, Inspect)]
pub struct TestParticipant {
    /// The acquisition campaign the test body names.
    pub acquisition_campaign: Option<ResourceRef>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading the override data of an acquisition-campaign test event:
    ///
    /// ```
    /// use vibes_types::api::TestParticipant;
    ///
    /// let data: TestParticipant =
    ///     serde_json::from_str(r#"{"acquisition_campaign": {"id": "ACQ1234"}}"#)?;
    /// let campaign = data.acquisition_campaign.unwrap();
    /// assert_eq!(campaign.id.as_deref(), Some("ACQ1234"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// The 201 answer to a test event request: a message and the id of the queued event.
#[object]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct TestEventResponse {
    /// What Vibes did (`Created event for event_type 'person_added'`).
    pub message: String,
    /// The `event_id` the delivered test callback will carry.
    pub event_id: String,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading the answer to a test event request:
    ///
    /// ```
    /// use vibes_types::TestEventResponse;
    ///
    /// let answer = TestEventResponse::from_slice(br#"{
    ///   "message": "Created event for event_type 'person_added'", "event_id": "AB234SDFD234"}"#)?;
    /// assert_eq!(answer.event_id, "AB234SDFD234"); // the test callback will carry it
    /// # Ok::<(), vibes_types::ParseError>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

impl TestEventRequest {
    /// A test event request for `callback_type`, without override data.
    ///
    /// ```
    /// use vibes_types::{CallbackType, TestEventRequest};
    ///
    /// let request = TestEventRequest::new(CallbackType::PersonAdded);
    /// assert_eq!(serde_json::to_string(&request)?, r#"{"event_type":"person_added"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(callback_type: CallbackType) -> Self {
        TestEventRequest {
            event_type: callback_type,
            subscription: None,
            participant: None,
            extra: Extra::default(),
        }
    }

    /// The same request, naming subscription list `list_id` in the test body.
    ///
    /// ```
    /// use vibes_types::{CallbackType, TestEventRequest};
    ///
    /// let request =
    ///     TestEventRequest::new(CallbackType::SubscriptionRemoved).with_subscription_list("1234");
    /// let body = serde_json::to_value(&request)?;
    /// assert_eq!(body["subscription"]["subscription_list"]["id"], "1234");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_subscription_list(mut self, list_id: impl Into<String>) -> Self {
        self.subscription = Some(TestSubscription {
            subscription_list: Some(resource(list_id.into())),
            extra: Extra::default(),
        });
        self
    }

    /// The same request, naming acquisition campaign `campaign_id` in the test body.
    ///
    /// ```
    /// use vibes_types::{CallbackType, TestEventRequest};
    ///
    /// let request = TestEventRequest::new(CallbackType::AckParticipantAdded)
    ///     .with_acquisition_campaign("ACQ1234");
    /// let body = serde_json::to_value(&request)?;
    /// assert_eq!(body["participant"]["acquisition_campaign"]["id"], "ACQ1234");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_acquisition_campaign(mut self, campaign_id: impl Into<String>) -> Self {
        self.participant = Some(TestParticipant {
            acquisition_campaign: Some(resource(campaign_id.into())),
            extra: Extra::default(),
        });
        self
    }
}

fn resource(id: String) -> ResourceRef {
    ResourceRef {
        id: Some(id),
        ..ResourceRef::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn override_data_is_written_where_the_documentation_puts_it() {
        let request = TestEventRequest::new(CallbackType::SubscriptionAdded)
            .with_subscription_list("my_list");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"event_type": "subscription_added", "subscription": {"subscription_list": {"id": "my_list"}}})
        );
        let request = TestEventRequest::new(CallbackType::AckParticipantAdded)
            .with_acquisition_campaign("my_campaign");
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"event_type": "ack_participant_added", "participant": {"acquisition_campaign": {"id": "my_campaign"}}})
        );
    }
}
