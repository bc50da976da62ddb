use vibes_derive::Inspect;

#[derive(Inspect)]
struct Id(String);

fn main() {}
