#[vibes_derive::object(calback)]
struct PersonAdded {
    person: Option<String>,
}

fn main() {}
