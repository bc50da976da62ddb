//! The envelope every known callback body carries, in each form Vibes has sent it: the type in
//! `callback_type`, in `event_type` (older bodies), in both, or in both disagreeing.

use super::json::extra;
use super::scalars::{Values, count, loose_id, text, timestamp};
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;
use vibes_types::events::{
    AckParticipantAdded, AckParticipantChanged, CompanyParticipantAdded, CompanyParticipantChanged,
    DeviceAdded, DeviceRemoved, DeviceUpdated, EventProcessed, PersonAdded, PersonUpdated,
    SubscriptionAdded, SubscriptionListAdded, SubscriptionListUpdated, SubscriptionRemoved,
    UnmatchedMessageReceived, WalletItemInstall, WalletItemRemove,
};
use vibes_types::{Callback, CallbackType, Count, Extra, LooseId, Timestamp};

/// The envelope fields of one body, and the body's own unknown fields.
#[derive(Clone, Debug)]
pub struct Envelope {
    event_id: String,
    callback_type: Option<String>,
    event_type: Option<String>,
    event_date: Timestamp,
    callback_id: Option<LooseId>,
    delivery_attempt: Option<Count>,
    extra: Extra,
}

/// A known callback body of type `tag`: its envelope, and the body `new` builds from the
/// envelope's `event_id` and `event_date` and the drawn `content`.
pub fn body<B, C>(
    tag: CallbackType,
    values: Values,
    content: C,
    new: fn(String, Timestamp, C::Value) -> B,
    variant: fn(Box<B>) -> Callback,
) -> BoxedStrategy<Callback>
where
    B: Dressed + 'static,
    C: Strategy + 'static,
{
    (envelope(&tag, values), content)
        .prop_map(move |(envelope, content)| {
            let body = new(
                envelope.event_id.clone(),
                envelope.event_date.clone(),
                content,
            );
            variant(Box::new(body.dressed(envelope)))
        })
        .boxed()
}

/// Declares the strategy of the callbacks of each listed body type: `name => Body(content)`
/// draws the body's required field from `content(values)` and builds it with `Body::new`;
/// `with build` builds it with `build(event_id, event_date, content)` instead.
macro_rules! callbacks {
    ($($name:ident => $body:ident($content:path) $(with $build:expr)?;)*) => {$(
        pub fn $name(
            values: $crate::typed::scalars::Values,
        ) -> ::proptest::strategy::BoxedStrategy<::vibes_types::Callback> {
            $crate::typed::envelope::body(
                ::vibes_types::CallbackType::$body,
                values,
                $content(values),
                callbacks!(@new $body $($build)?),
                ::vibes_types::Callback::$body,
            )
        }
    )*};
    (@new $body:ident) => {
        |id, at, content| $body::new(id, at, content)
    };
    (@new $body:ident $build:expr) => {
        $build
    };
}

pub(crate) use callbacks;

/// A body struct whose envelope fields can be set (they are public fields of each struct, with
/// no trait in common).
pub trait Dressed {
    /// The body with `envelope`'s fields and unknown fields.
    fn dressed(self, envelope: Envelope) -> Self;
}

macro_rules! dressed {
    ($($body:ty),* $(,)?) => {$(
        impl Dressed for $body {
            fn dressed(mut self, envelope: Envelope) -> Self {
                self.event_id = envelope.event_id;
                self.callback_type = envelope.callback_type;
                self.event_type = envelope.event_type;
                self.event_date = envelope.event_date;
                self.callback_id = envelope.callback_id;
                self.delivery_attempt = envelope.delivery_attempt;
                self.extra = envelope.extra;
                self
            }
        }
    )*};
}

dressed!(
    PersonAdded,
    PersonUpdated,
    SubscriptionAdded,
    SubscriptionRemoved,
    SubscriptionListAdded,
    SubscriptionListUpdated,
    AckParticipantAdded,
    AckParticipantChanged,
    CompanyParticipantAdded,
    CompanyParticipantChanged,
    UnmatchedMessageReceived,
    WalletItemInstall,
    WalletItemRemove,
    DeviceAdded,
    DeviceUpdated,
    DeviceRemoved,
    EventProcessed,
);

fn envelope(tag: &CallbackType, values: Values) -> BoxedStrategy<Envelope> {
    (
        text(),
        type_fields(tag, values),
        timestamp(),
        of(loose_id()),
        of(count()),
        extra(),
    )
        .prop_map(
            |(
                event_id,
                (callback_type, event_type),
                event_date,
                callback_id,
                delivery_attempt,
                extra,
            )| {
                Envelope {
                    event_id,
                    callback_type,
                    event_type,
                    event_date,
                    callback_id,
                    delivery_attempt,
                    extra,
                }
            },
        )
        .boxed()
}

/// `callback_type` and `event_type` for a body of type `tag`, each spelled any way that reads
/// as `tag` (`person_add` too). An `event_type` naming another documented type is within the
/// contract (the body is read as its `callback_type`); one naming no documented type is not.
fn type_fields(
    tag: &CallbackType,
    values: Values,
) -> BoxedStrategy<(Option<String>, Option<String>)> {
    let own = || select(tag.wire_names()).prop_map(str::to_owned);
    let current = own().prop_map(|name| (Some(name), None));
    let both = (own(), own())
        .prop_map(|(callback_type, event_type)| (Some(callback_type), Some(event_type)));
    let older = own().prop_map(|name| (None, Some(name)));
    let disagreeing = (own(), select(CallbackType::KNOWN))
        .prop_map(|(own, other)| (Some(own), Some(other.to_owned())));
    let forms = prop_oneof![current, both, older, disagreeing];
    match values {
        Values::Documented => forms.boxed(),
        Values::Open => {
            let unknown = (own(), text()).prop_map(|(own, other)| (Some(own), Some(other)));
            prop_oneof![4 => forms, 1 => unknown].boxed()
        }
    }
}
