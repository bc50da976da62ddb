use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
enum DeviceOs {
    #[vibes(rename = "ANDROID")]
    Android,
}

fn main() {}
