//! The six operations: each prepares its request, sends it (trying the idempotent ones again),
//! and reads the answer into the `vibes_types` type it returns, or a [`CallError`].

use super::client::Client;
use super::errors::{CallError, Checks};
use crate::transport::{Answer, Read};
use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::StatusCode;
use serde::Serialize;
use std::time::SystemTime;
use vibes_types::api::{ApiErrors, Operation};
use vibes_types::registration::Conflict;
use vibes_types::{
    CallbackEntity, CallbackRegistration, LooseId, TestEventRequest, TestEventResponse,
};

/// The longest answer read: a list of many registrations fits many times over.
const LONGEST_ANSWER: usize = 16 * 1024 * 1024;

/// How much of an unexpected answer's body an error keeps.
const BODY_START: usize = 512;

impl Client {
    /// Every active and future registration of the company (`GET …/config/callbacks`);
    /// retried on a connection failure, a timeout or a 5XX.
    pub async fn list(&self) -> Result<Vec<CallbackEntity>, CallError> {
        let (status, body) = self.call(&Operation::List, Vec::new(), true).await?;
        CallbackEntity::list_from_slice(&body)
            .map_err(|error| CallError::UnreadableAnswer { status, error })
    }

    /// One registration (`GET …/config/callbacks/:callback_id`); an unknown id is
    /// [`CallError::NotFound`]. Retried as [`list`](Self::list) is.
    pub async fn get(&self, callback_id: &str) -> Result<CallbackEntity, CallError> {
        let operation = Operation::Get(callback_id.to_owned());
        entity(self.call(&operation, Vec::new(), true).await?)
    }

    /// Registers a callback (`POST …/config/callbacks`), after the [`Checks`]: pre-flight, then
    /// the conflict rules against one list call. Sent once, never retried: a `POST` whose answer
    /// was lost may have registered the callback already.
    pub async fn create(
        &self,
        registration: &CallbackRegistration,
        checks: Checks,
    ) -> Result<CallbackEntity, CallError> {
        self.check(registration, checks, |existing, now| {
            self.rules.check(existing, registration, now)
        })
        .await?;
        let body = json(registration)?;
        entity(self.call(&Operation::Create, body, false).await?)
    }

    /// Replaces a registration (`PUT …/config/callbacks/:callback_id`), after the [`Checks`]
    /// (the conflict rules leave out the registration's own current version). Sent once.
    pub async fn update(
        &self,
        callback_id: &str,
        registration: &CallbackRegistration,
        checks: Checks,
    ) -> Result<CallbackEntity, CallError> {
        let id = LooseId::from(callback_id);
        self.check(registration, checks, |existing, now| {
            self.rules.check_update(existing, &id, registration, now)
        })
        .await?;
        let operation = Operation::Update(callback_id.to_owned());
        entity(self.call(&operation, json(registration)?, false).await?)
    }

    /// Ends a registration (`DELETE …/config/callbacks/:callback_id`) and returns it with its
    /// new dates; an unknown id is [`CallError::NotFound`]. Retried as [`list`](Self::list) is:
    /// deleting twice ends the registration once.
    pub async fn delete(&self, callback_id: &str) -> Result<CallbackEntity, CallError> {
        let operation = Operation::Delete(callback_id.to_owned());
        entity(self.call(&operation, Vec::new(), true).await?)
    }

    /// Asks Vibes to send one test callback (`POST …/config/callback_events/test`) to the
    /// active registration of its type. Without one, Vibes answers 404, a
    /// [`CallError::Refused`] with its message. Sent once.
    pub async fn send_test_event(
        &self,
        request: &TestEventRequest,
    ) -> Result<TestEventResponse, CallError> {
        let (status, body) = self
            .call(&Operation::SendTestEvent, json(request)?, false)
            .await?;
        TestEventResponse::from_slice(&body)
            .map_err(|error| CallError::UnreadableAnswer { status, error })
    }

    /// The [`Checks`] of `create` and `update`, unless skipped: pre-flight, then `conflicts`
    /// (the operation's conflict rules) against the registrations one list call gives.
    async fn check(
        &self,
        registration: &CallbackRegistration,
        checks: Checks,
        conflicts: impl FnOnce(&[CallbackEntity], DateTime<Utc>) -> Vec<Conflict>,
    ) -> Result<(), CallError> {
        if checks == Checks::Skip {
            return Ok(());
        }
        let now = now();
        if let Some(refusal) = CallError::preflight(registration.preflight(now)) {
            return Err(refusal);
        }
        let found = conflicts(&self.list().await?, now);
        if found.is_empty() {
            Ok(())
        } else {
            Err(CallError::Conflicts(found))
        }
    }

    /// Sends `operation`, tried up to the retry policy's attempts when `idempotent`, and gives
    /// the body of a 2XX answer, or the error the answer (or its absence) means.
    async fn call(
        &self,
        operation: &Operation,
        body: Vec<u8>,
        idempotent: bool,
    ) -> Result<(StatusCode, Bytes), CallError> {
        let request = self.prepare(operation, body)?;
        let tries = if idempotent { self.retry.attempts() } else { 1 };
        let mut attempt = 1;
        let answer = loop {
            if attempt > 1 {
                tokio::time::sleep(self.retry.pause_before(attempt)).await;
            }
            let result = self
                .transport
                .exchange(request.to_http(), self.timeout, Read::Whole(LONGEST_ANSWER))
                .await;
            match result {
                Ok(answer) if answer.status.is_server_error() && attempt < tries => {}
                Ok(answer) => break answer,
                Err(_) if attempt < tries => {}
                Err(no_answer) => {
                    return Err(CallError::NoAnswer {
                        reason: no_answer.0,
                        attempts: attempt,
                    });
                }
            }
            attempt += 1;
        };
        judge(answer, attempt, operation)
    }
}

/// The body of a 2XX answer, or what any other answer means for `operation`.
fn judge(
    answer: Answer,
    attempts: u32,
    operation: &Operation,
) -> Result<(StatusCode, Bytes), CallError> {
    let status = answer.status;
    if status.is_success() {
        return Ok((status, answer.body));
    }
    let found_by_id = matches!(operation, Operation::Get(_) | Operation::Delete(_));
    if status == StatusCode::NOT_FOUND && found_by_id {
        return Err(CallError::NotFound {
            callback_id: operation.callback_id().unwrap_or_default().to_owned(),
            errors: ApiErrors::from_answer(&answer.body),
        });
    }
    if status.is_client_error() {
        return Err(CallError::Refused {
            status,
            errors: ApiErrors::from_answer(&answer.body),
        });
    }
    let start = &answer.body[..answer.body.len().min(BODY_START)];
    Err(CallError::Status {
        status,
        body_start: String::from_utf8_lossy(start).into_owned(),
        attempts,
    })
}

fn entity((status, body): (StatusCode, Bytes)) -> Result<CallbackEntity, CallError> {
    CallbackEntity::from_slice(&body).map_err(|error| CallError::UnreadableAnswer { status, error })
}

fn json(value: &impl Serialize) -> Result<Vec<u8>, CallError> {
    serde_json::to_vec(value).map_err(CallError::Encode)
}

fn now() -> DateTime<Utc> {
    DateTime::from(SystemTime::now())
}
