//! What the tests share: an emulator started in-process on an OS-chosen port of 127.0.0.1, an
//! HTTP client calling its API with or without its credentials, and the validators of the
//! OpenAPI document's response schemas.

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;
use vibes_emulator::{Emulator, Options};
use vibes_types::api::{Credentials, Operation};

/// The company key the tests use.
pub const COMPANY: &str = "acme";

/// How long a test waits for deliveries, generous for a loaded 2-core machine.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// An emulator whose retries wait 300 ms (5 minutes × 0.001).
pub async fn emulator() -> Emulator {
    start(Options {
        time_scale: 0.001,
        ..Options::default()
    })
    .await
}

/// An emulator started with `options`.
pub async fn start(options: Options) -> Emulator {
    Emulator::start(options).await.expect("the emulator starts")
}

/// An answer: status, headers and body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|error| {
            panic!(
                "not JSON ({error}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The messages of an error body.
    pub fn messages(&self) -> Vec<String> {
        self.json()["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("not an error body: {}", self.json()))
            .iter()
            .map(|error| error["message"].as_str().unwrap().to_owned())
            .collect()
    }

    /// The code of the first error.
    pub fn code(&self) -> i64 {
        self.json()["errors"][0]["code"].as_i64().unwrap()
    }
}

/// A client of one emulator's API.
pub struct Api {
    base: String,
    headers: HeaderMap,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Api {
    /// A client with the emulator's credentials and the headers every API request carries.
    pub fn of(emulator: &Emulator) -> Api {
        let credentials = Credentials::new(emulator.user(), emulator.password()).unwrap();
        Api::with(emulator, credentials.headers())
    }

    /// A client sending `headers` with every request.
    pub fn with(emulator: &Emulator, headers: HeaderMap) -> Api {
        Api {
            base: emulator.base_url(),
            headers,
            client: Client::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Calls `operation` for [`COMPANY`] with `body`.
    pub async fn call(&self, operation: &Operation, body: &str) -> Answer {
        let path = operation.path(COMPANY).unwrap();
        self.raw(operation.method(), &path, body).await
    }

    /// Calls `method path` with `body`.
    pub async fn raw(&self, method: Method, path: &str, body: &str) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .body(Full::new(Bytes::from(body.to_owned())))
            .unwrap();
        request.headers_mut().extend(self.headers.clone());
        let answer = tokio::time::timeout(DEADLINE, self.client.request(request))
            .await
            .expect("an answer in time")
            .expect("an answer");
        let status = answer.status();
        let headers = answer.headers().clone();
        let body = answer.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body,
        }
    }

    /// Creates `registration`, which must succeed; the entity.
    pub async fn create(&self, registration: &str) -> Value {
        let answer = self.call(&Operation::Create, registration).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.json());
        answer.json()
    }
}

/// A registration of `callback_type` (with its filter, if any) to `url`.
pub fn registration(callback_type: &str, url: &str) -> String {
    let filter = match callback_type {
        "subscription_added" => r#", "subscription_added": {"list_id": "1234"}"#,
        "device_added" => r#", "device_added": {"app_id": "9aab65b3"}"#,
        _ => "",
    };
    format!(r#"{{"callback_type": "{callback_type}"{filter}, "destination": {{"url": "{url}"}}}}"#)
}

/// The `Content-Type` of an answer.
pub fn content_type(answer: &Answer) -> &str {
    answer.headers[CONTENT_TYPE].to_str().unwrap()
}

/// Headers without one of the three every API request carries.
pub fn without(emulator: &Emulator, name: http::HeaderName) -> HeaderMap {
    let mut headers = Credentials::new(emulator.user(), emulator.password())
        .unwrap()
        .headers();
    headers.remove(name);
    headers
}

/// Headers with `name` set to `value`.
pub fn replacing(emulator: &Emulator, name: http::HeaderName, value: &str) -> HeaderMap {
    let mut headers = without(emulator, name.clone());
    headers.insert(name, HeaderValue::from_str(value).unwrap());
    headers
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_slice(&text).unwrap()
}

/// The OpenAPI document's id of `operation`.
fn operation_id(operation: &Operation) -> &'static str {
    match operation {
        Operation::List => "listCallbacks",
        Operation::Create => "createCallback",
        Operation::Get(_) => "getCallback",
        Operation::Update(_) => "updateCallback",
        Operation::Delete(_) => "deleteCallback",
        Operation::SendTestEvent => "sendTestEvent",
        _ => panic!("an operation the OpenAPI document does not have: {operation:?}"),
    }
}

/// Checks that `answer` is one the OpenAPI document gives `operation`: its status is listed
/// (exactly, or as `4XX`), and its body validates against that response's schema.
pub fn conforms(operation: &Operation, answer: &Answer) {
    let document = read_json(&workspace().join("schemas/openapi.json"));
    let id = operation_id(operation);
    let described = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|path| path.as_object().unwrap().values())
        .find(|described| described["operationId"] == id)
        .unwrap_or_else(|| panic!("{id} is not in the OpenAPI document"));
    let status = answer.status.as_u16().to_string();
    let class = format!("{}XX", &status[..1]);
    let responses = &described["responses"];
    let mut response = match (responses.get(&status), responses.get(&class)) {
        (Some(response), _) | (None, Some(response)) => response.clone(),
        (None, None) => panic!("{id} does not answer {status} in the OpenAPI document"),
    };
    if let Some(reference) = response["$ref"].as_str() {
        let name = reference.rsplit('/').next().unwrap();
        response = document["components"]["responses"][name].clone();
    }
    let file = response["content"]["application/json"]["schema"]["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("{id} {status}: no JSON schema in {response}"));
    assert_eq!(content_type(answer), "application/json", "{id} {status}");
    let schema = read_json(&workspace().join("schemas").join(file));
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let body = answer.json();
    let errors: Vec<String> = validator
        .iter_errors(&body)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{id} {status} against {file}: {errors:?}\n{body}"
    );
}
