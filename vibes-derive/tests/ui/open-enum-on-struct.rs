use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
struct DeviceOs {
    name: String,
}

fn main() {}
