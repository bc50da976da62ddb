use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    #[vibes(renam = "ANDROID")]
    Android,
    #[vibes(other)]
    Unknown(String),
}

fn main() {}
