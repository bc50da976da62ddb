//! The API client against a scripted server on loopback: what each operation sends, how each
//! answer is read, which calls are tried again, and what is refused before anything is sent.

mod checks;
mod credentials;
mod errors;
mod requests;
mod retries;
mod tls;

use std::time::Duration;
use vibes_client::api::{Client, Credentials, Retry};
use vibes_tests::endpoint::Endpoint;

/// The password of the tests' credentials, which no output may show.
pub const PASSWORD: &str = "S3cret-Passw0rd";

/// One registered callback, as the API answers it.
pub const ENTITY: &str = r#"{"callback_id":"Hzh39LP3","callback_type":"person_added","destination":{"url":"https://hooks.example.com/vibes","method":"POST","content_type":"application/json"},"start_date":"2017-01-01T00:00Z","url":"/companies/acme/config/callbacks/Hzh39LP3","created_at":"2017-04-15T14:30Z","updated_at":"2017-05-18T19:30Z"}"#;

/// A list of two registrations.
pub const LIST: &str = r#"[{"callback_id":"AB3423","callback_type":"subscription_added","subscription_added":{"list_id":"my_list"},"destination":{"url":"https://hooks.example.com/vibes"},"start_date":"2017-01-01T00:00Z"},{"callback_id":"P1","callback_type":"person_added","destination":{"url":"https://hooks.example.com/people"}}]"#;

/// A client of the company `acme` calling `endpoint`, with quick retries.
pub fn client(endpoint: &Endpoint) -> Client {
    Client::builder("acme", Credentials::new("VibesUser", PASSWORD).unwrap())
        .base_url(endpoint.base_url())
        .timeout(Duration::from_secs(5))
        .retry(Retry::new(3, Duration::from_millis(5)))
        .build()
        .unwrap()
}
