use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    #[vibes(rename = "ANDROID")]
    Android { version: u32 },
    #[vibes(other)]
    Unknown(String),
}

fn main() {}
