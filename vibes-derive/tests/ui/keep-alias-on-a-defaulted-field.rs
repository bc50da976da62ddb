use vibes_types::{CallbackType, Extra};

#[vibes_derive::object]
#[derive(vibes_derive::NoJsonSchema)]
struct TestEvent {
    #[vibes(keep_alias)]
    #[serde(default)]
    event_type: CallbackType,
    #[serde(flatten)]
    extra: Extra,
}

fn main() {}
