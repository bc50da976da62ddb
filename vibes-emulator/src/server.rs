//! The running emulator: the API's handler, the deliveries view, and starting and stopping.

use crate::deliveries::{
    AttemptRecord, DELIVERIES_PATH, Deliveries, DeliveryRecord, DeliveryState, header_texts,
};
use crate::options::{MAX_BODY_BYTES, Options};
use crate::refusal::{Code, Refusal};
use crate::registry::Registry;
use crate::route::{Resolved, resolve};
use crate::{ids, test_event};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Request, StatusCode};
use serde::Serialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;
use vibes_client::deliver::{Courier, Identity, Outgoing, Retries, Target, fill};
use vibes_types::api::{Credentials, Operation, X_API_VERSION};
use vibes_types::registration::ConflictRules;
use vibes_types::{CallbackEntity, CallbackType, TestEventRequest, Timestamp};

/// The API version the emulator serves, the only one `X-API-Version` may name.
const API_VERSION: &str = "2";

/// The user when none is given.
pub const DEFAULT_USER: &str = "emulator";

/// A running emulator: its address, its credentials, and its deliveries. Dropping it stops
/// serving at once; [`Emulator::stop`] lets the requests under way finish.
pub struct Emulator {
    address: SocketAddr,
    user: String,
    password: String,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// Why an emulator could not start.
#[derive(Debug)]
pub struct StartError(String);

/// What the handlers share.
struct Shared {
    authorization: HeaderValue,
    state: Option<PathBuf>,
    rules: ConflictRules,
    registry: Mutex<Registry>,
    deliveries: Mutex<Vec<DeliveryRecord>>,
    /// Told each time a delivery changes.
    changed: Notify,
    courier: Courier,
    retries: Retries,
}

/// The 201 answer to a test event request.
#[derive(Serialize)]
struct TestEventAnswer<'a> {
    message: String,
    event_id: &'a str,
}

impl Emulator {
    /// Starts an emulator with `options`: the state file read, the address bound, serving on a
    /// task of the current tokio runtime.
    pub async fn start(options: Options) -> Result<Emulator, StartError> {
        let user = options
            .user
            .clone()
            .unwrap_or_else(|| DEFAULT_USER.to_owned());
        let password = options.password.clone().unwrap_or_else(ids::password);
        let credentials = Credentials::new(user.clone(), password.clone())
            .map_err(|error| StartError(error.to_string()))?;
        let registry = match &options.state {
            Some(path) => Registry::load(path).map_err(StartError)?,
            None => Registry::default(),
        };
        let courier = Courier::builder()
            .timeout(options.delivery_timeout)
            .build()
            .map_err(|error| StartError(format!("cannot make the HTTP client: {error}")))?;
        let retries = Retries {
            attempts: options.attempts.max(1),
            backoff: options.scaled(options.retry_wait),
            max_backoff: options.scaled(options.max_retry_wait),
        };
        let shared = Arc::new(Shared {
            authorization: credentials.authorization(),
            state: options.state.clone(),
            rules: options.rules,
            registry: Mutex::new(registry),
            deliveries: Mutex::new(Vec::new()),
            changed: Notify::new(),
            courier,
            retries,
        });
        let listener = TcpListener::bind(options.listen)
            .await
            .map_err(|error| StartError(format!("cannot listen on {}: {error}", options.listen)))?;
        let address = listener
            .local_addr()
            .map_err(|error| StartError(error.to_string()))?;
        let router = Router::new()
            .route(DELIVERIES_PATH, get(view))
            .fallback(api)
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(Emulator {
            address,
            user,
            password,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Its base URL, `http://ADDRESS`: what a client takes as the API's base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The API user.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The API password (given, or generated at start).
    pub fn password(&self) -> &str {
        &self.password
    }

    /// Every delivery so far, oldest first.
    pub fn deliveries(&self) -> Deliveries {
        Deliveries {
            deliveries: lock(&self.shared.deliveries).clone(),
        }
    }

    /// Waits until every delivery has ended, at most `timeout`; the deliveries then, and
    /// whether all had ended.
    pub async fn settled(&self, timeout: Duration) -> (Deliveries, bool) {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let changed = self.shared.changed.notified();
            let deliveries = self.deliveries();
            let ended = deliveries
                .deliveries
                .iter()
                .all(|delivery| delivery.state != DeliveryState::Delivering);
            if ended || tokio::time::timeout_at(deadline, changed).await.is_err() {
                return (deliveries, ended);
            }
        }
    }

    /// Stops serving: no new connection is taken, and those open end once idle.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("address", &self.address)
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish_non_exhaustive()
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn now() -> DateTime<Utc> {
    Timestamp::now().to_utc()
}

/// `GET /_emulator/deliveries`: every delivery, as JSON.
async fn view(State(shared): State<Arc<Shared>>) -> Response {
    let deliveries = Deliveries {
        deliveries: lock(&shared.deliveries).clone(),
    };
    json(StatusCode::OK, &deliveries)
}

fn json(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => {
            let mut response = (status, text).into_response();
            response
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// Every request but the view: the API's six operations, checked in the order a demanding
/// server checks them: the path and method, the credentials, the API version, the body.
async fn api(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    match answer(&shared, request).await {
        Ok(response) => response,
        Err(refusal) => refusal.into_response(),
    }
}

async fn answer(shared: &Arc<Shared>, request: Request<Body>) -> Result<Response, Refusal> {
    let (company, operation) = match resolve(request.method(), request.uri().path()) {
        Resolved::Operation { company, operation } => (company, operation),
        Resolved::WrongMethod(allow) => {
            let mut refusal = Refusal::new(
                Code::MethodNotAllowed,
                format!(
                    "{} is not a method of {}",
                    request.method(),
                    request.uri().path()
                ),
            );
            refusal.allow = allow;
            return Err(refusal);
        }
        Resolved::Unknown => {
            return Err(Refusal::new(
                Code::NoSuchPath,
                format!(
                    "{} is not a path of the callback configuration API",
                    request.uri().path()
                ),
            ));
        }
    };
    check_credentials(shared, request.headers())?;
    check_version(request.headers())?;
    let body = if operation.has_body() {
        check_content_type(request.headers())?;
        axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
            .await
            .map_err(|_| {
                Refusal::new(
                    Code::TooLarge,
                    format!("the body is longer than {MAX_BODY_BYTES} bytes, or broke off"),
                )
            })?
    } else {
        Bytes::new()
    };
    let now = now();
    match operation {
        Operation::List => {
            let list = lock(&shared.registry).list(&company, now);
            Ok(json(StatusCode::OK, &list))
        }
        Operation::Get(id) => {
            let entity = lock(&shared.registry).get(&company, &id)?;
            Ok(json(StatusCode::OK, &entity))
        }
        Operation::Create => {
            let entity =
                shared.change(|registry| registry.create(&company, &body, &shared.rules, now))?;
            Ok(json(StatusCode::CREATED, &entity))
        }
        Operation::Update(id) => {
            let entity = shared
                .change(|registry| registry.update(&company, &id, &body, &shared.rules, now))?;
            Ok(json(StatusCode::OK, &entity))
        }
        Operation::Delete(id) => {
            let entity = shared.change(|registry| registry.delete(&company, &id, now))?;
            Ok(json(StatusCode::OK, &entity))
        }
        Operation::SendTestEvent => send_test_event(shared, &company, &body, now),
        _ => Err(Refusal::new(
            Code::NoSuchPath,
            "an operation this emulator does not serve",
        )),
    }
}

fn check_credentials(shared: &Shared, headers: &HeaderMap) -> Result<(), Refusal> {
    let given = headers.get(AUTHORIZATION).map(HeaderValue::as_bytes);
    let expected = shared.authorization.as_bytes();
    // Compared in full whatever the first difference, so the time taken tells nothing.
    let same = given.is_some_and(|given| {
        given.len() == expected.len()
            && given
                .iter()
                .zip(expected)
                .fold(0u8, |differ, (a, b)| differ | (a ^ b))
                == 0
    });
    if same {
        return Ok(());
    }
    Err(Refusal::new(
        Code::Unauthorized,
        match given {
            None => "Basic credentials are required (the Authorization header is missing)",
            Some(_) => "the Basic credentials are not the emulator's",
        },
    ))
}

fn check_version(headers: &HeaderMap) -> Result<(), Refusal> {
    match headers.get(X_API_VERSION) {
        Some(version) if version.as_bytes() == API_VERSION.as_bytes() => Ok(()),
        Some(version) => Err(Refusal::new(
            Code::ApiVersion,
            format!(
                "{X_API_VERSION} {:?} is not served: the emulator serves version {API_VERSION}",
                String::from_utf8_lossy(version.as_bytes())
            ),
        )),
        None => Err(Refusal::new(
            Code::ApiVersion,
            format!("the {X_API_VERSION} header is required (version {API_VERSION})"),
        )),
    }
}

fn check_content_type(headers: &HeaderMap) -> Result<(), Refusal> {
    let expected = Credentials::new("", "")
        .map(|credentials| credentials.headers())
        .ok()
        .and_then(|headers| headers.get(CONTENT_TYPE).cloned());
    let given = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    // The media type, without parameters (`; charset=utf-8`), compared case-insensitively.
    let media = given.map(|text| text.split(';').next().unwrap_or_default().trim());
    match (
        media,
        expected.as_ref().and_then(|value| value.to_str().ok()),
    ) {
        (Some(media), Some(expected)) if media.eq_ignore_ascii_case(expected) => Ok(()),
        (_, expected) => Err(Refusal::new(
            Code::ContentType,
            format!(
                "the body must be sent as {}, not {}",
                expected.unwrap_or_default(),
                given.unwrap_or("without a content type")
            ),
        )),
    }
}

impl Shared {
    /// Applies `change` to a copy of the registry and, once the state file (if any) holds the
    /// copy, makes it the registry: a change that cannot be saved changes nothing.
    fn change(
        &self,
        change: impl FnOnce(&mut Registry) -> Result<CallbackEntity, Refusal>,
    ) -> Result<CallbackEntity, Refusal> {
        let mut registry = lock(&self.registry);
        let mut copy = registry.clone();
        let entity = change(&mut copy)?;
        if let Some(path) = &self.state {
            copy.save(path)
                .map_err(|error| Refusal::new(Code::StateNotSaved, error))?;
        }
        *registry = copy;
        Ok(entity)
    }
}

/// `POST …/config/callback_events/test`: answers 201 with a fresh event id, and delivers the
/// sample body of the type to every active registration of it, each on a task of its own.
fn send_test_event(
    shared: &Arc<Shared>,
    company: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<Response, Refusal> {
    let request = TestEventRequest::from_slice(body)
        .map_err(|error| Refusal::new(Code::Unreadable, error.to_string()))?;
    let callback_type = request.event_type.clone();
    if matches!(callback_type, CallbackType::Unknown(_)) || !test_event::has_sample(&callback_type)
    {
        return Err(Refusal::new(
            Code::UnknownCallbackType,
            format!("Invalid event_type '{callback_type}'"),
        ));
    }
    let registrations = lock(&shared.registry).active(company, &callback_type, now);
    if registrations.is_empty() {
        return Err(Refusal::new(
            Code::NoActiveRegistration,
            format!("Could not find a callback registration for event type '{callback_type}'"),
        ));
    }
    let event_id = ids::event_id();
    let queued_at = Timestamp::now();
    for registration in registrations {
        let callback_id = registration.callback_id.to_text();
        let body = test_event::body(&request, &event_id, &callback_id)
            .map_err(|error| Refusal::new(Code::UnknownCallbackType, error.to_string()))?;
        let index = shared.queue(DeliveryRecord {
            event_id: event_id.clone(),
            callback_id: callback_id.clone(),
            company_key: company.to_owned(),
            callback_type: callback_type.to_string(),
            method: registration.destination.method().as_str().to_owned(),
            url: registration.destination.url.clone(),
            headers: Default::default(),
            body: body.clone(),
            queued_at: queued_at.as_str().to_owned(),
            state: DeliveryState::Delivering,
            problem: None,
            attempts: Vec::new(),
        });
        let shared = Arc::clone(shared);
        let company = company.to_owned();
        tokio::spawn(async move {
            shared
                .deliver(index, &registration, &company, &callback_id, body)
                .await;
        });
    }
    Ok(json(
        StatusCode::CREATED,
        &TestEventAnswer {
            message: format!("Created event for event_type '{callback_type}'"),
            event_id: &event_id,
        },
    ))
}

impl Shared {
    /// Adds a delivery to the record; its index.
    fn queue(&self, record: DeliveryRecord) -> usize {
        let mut deliveries = lock(&self.deliveries);
        deliveries.push(record);
        self.changed.notify_waiters();
        deliveries.len() - 1
    }

    fn update(&self, index: usize, change: impl FnOnce(&mut DeliveryRecord)) {
        if let Some(record) = lock(&self.deliveries).get_mut(index) {
            change(record);
        }
        self.changed.notify_waiters();
    }

    /// Delivers `body` to `registration` as Vibes does, recording each attempt as it ends.
    async fn deliver(
        &self,
        index: usize,
        registration: &CallbackEntity,
        company: &str,
        callback_id: &str,
        body: String,
    ) {
        let identity = Identity {
            company_id: Some(company),
            fallback_company_id: company,
            callback_id,
        };
        let outgoing = Target::of(&registration.destination).and_then(|target| {
            let headers = fill(body.as_bytes(), &identity)?;
            Outgoing::callback(&target, &headers, body.into_bytes())
        });
        let outgoing = match outgoing {
            Ok(outgoing) => outgoing,
            Err(problem) => {
                self.update(index, |record| {
                    record.state = DeliveryState::NotDeliverable;
                    record.problem = Some(problem.to_string());
                });
                return;
            }
        };
        self.update(index, |record| {
            record.headers = header_texts(outgoing.headers());
        });
        let delivered = self
            .courier
            .deliver_observed(&outgoing, &self.retries, |attempt| {
                self.update(index, |record| {
                    record.attempts.push(AttemptRecord::of(attempt))
                });
            })
            .await;
        self.update(index, |record| {
            record.state = DeliveryState::of(delivered.ending)
        });
    }
}
