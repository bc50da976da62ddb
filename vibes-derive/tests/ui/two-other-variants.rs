use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    #[vibes(rename = "ANDROID")]
    Android,
    #[vibes(other)]
    Unknown(String),
    #[vibes(other)]
    Unexpected(String),
}

fn main() {}
