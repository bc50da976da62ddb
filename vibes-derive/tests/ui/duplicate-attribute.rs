use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    #[vibes(rename = "ANDROID", rename = "android")]
    Android,
    #[vibes(other)]
    Unknown(String),
}

fn main() {}
