use vibes_derive::OpenEnum;

#[derive(OpenEnum)]
#[vibes(case_insensitive)]
enum Method {
    #[vibes(rename = "POST")]
    Post,
    #[vibes(rename = "post")]
    AlsoPost,
    #[vibes(other)]
    Other(String),
}

fn main() {}
