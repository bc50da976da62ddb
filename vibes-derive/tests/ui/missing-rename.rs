use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    Android,
    #[vibes(other)]
    Unknown(String),
}

fn main() {}
