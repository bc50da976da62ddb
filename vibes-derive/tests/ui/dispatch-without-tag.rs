use vibes_derive::Dispatch;

struct PersonAdded;
struct UnknownCallback;

#[derive(Dispatch)]
enum Callback {
    PersonAdded(PersonAdded),
    #[vibes(other)]
    Unknown(UnknownCallback),
}

fn main() {}
