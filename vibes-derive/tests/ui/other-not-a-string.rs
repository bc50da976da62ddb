use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    #[vibes(rename = "ANDROID")]
    Android,
    #[vibes(other)]
    Unknown(u32),
}

fn main() {}
