//! The emulator's refusals: a status, one of its error codes, and the messages, answered in the
//! documented error body `{"errors": [{"message": …, "code": …}]}`.

use axum::response::{IntoResponse, Response};
use http::header::{ALLOW, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderValue, Method, StatusCode};
use serde::Serialize;

/// Why the emulator refused a request; each has its number, the `code` of the error body.
///
/// The documentation gives the body's shape and says `code` is a number, but not the numbers:
/// these are the emulator's (see the README's table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code {
    /// 401: no Basic credentials, or not the emulator's.
    Unauthorized,
    /// 400: `X-API-Version: 2` is missing or another version.
    ApiVersion,
    /// 415: a body that is not declared `application/json`.
    ContentType,
    /// 413: a body over the emulator's limit.
    TooLarge,
    /// 400: the body is not the document the operation takes (not JSON, a field of the wrong
    /// type, a required field missing).
    Unreadable,
    /// 400: a registration pre-flight refuses (a destination URL Vibes cannot deliver to, an
    /// empty filter, an end before the start).
    Invalid,
    /// 400: a callback type Vibes does not have.
    UnknownCallbackType,
    /// 409: the registration overlaps an existing one by the conflict rules.
    Conflict,
    /// 409: the registration would give its callback type more destinations than allowed.
    TooManyDestinations,
    /// 404: no registration has this callback id.
    NotFound,
    /// 404: a test event of a type no active registration has.
    NoActiveRegistration,
    /// 404: no operation of the API has this path.
    NoSuchPath,
    /// 405: the path is the API's, the method not.
    MethodNotAllowed,
    /// 500: the state file could not be written; nothing changed.
    StateNotSaved,
}

/// A refusal, ready to answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// Why.
    pub code: Code,
    /// What is wrong, one message per problem.
    pub messages: Vec<String>,
    /// The methods a path has, for a 405's `Allow`.
    pub allow: Vec<Method>,
}

/// The documented error body.
#[derive(Serialize)]
struct ErrorBody<'a> {
    errors: Vec<ErrorItem<'a>>,
}

#[derive(Serialize)]
struct ErrorItem<'a> {
    message: &'a str,
    code: u16,
}

impl Code {
    /// The number the error body carries.
    pub fn number(self) -> u16 {
        match self {
            Code::Unauthorized => 1001,
            Code::ApiVersion => 1002,
            Code::ContentType => 1003,
            Code::TooLarge => 1004,
            Code::Unreadable => 2001,
            Code::Invalid => 2002,
            Code::UnknownCallbackType => 2003,
            Code::Conflict => 3001,
            Code::TooManyDestinations => 3002,
            Code::NotFound => 4001,
            Code::NoActiveRegistration => 4002,
            Code::NoSuchPath => 4003,
            Code::MethodNotAllowed => 4004,
            Code::StateNotSaved => 5001,
        }
    }

    /// The status it is answered with.
    pub fn status(self) -> StatusCode {
        match self {
            Code::Unauthorized => StatusCode::UNAUTHORIZED,
            Code::ApiVersion | Code::Unreadable | Code::Invalid | Code::UnknownCallbackType => {
                StatusCode::BAD_REQUEST
            }
            Code::ContentType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Code::Conflict | Code::TooManyDestinations => StatusCode::CONFLICT,
            Code::NotFound | Code::NoActiveRegistration | Code::NoSuchPath => StatusCode::NOT_FOUND,
            Code::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Code::StateNotSaved => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl Refusal {
    /// A refusal with one message.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Refusal::all(code, vec![message.into()])
    }

    /// A refusal with every message.
    pub fn all(code: Code, messages: Vec<String>) -> Self {
        Refusal {
            code,
            messages,
            allow: Vec::new(),
        }
    }

    /// The body, as JSON text.
    pub fn body(&self) -> String {
        let body = ErrorBody {
            errors: self
                .messages
                .iter()
                .map(|message| ErrorItem {
                    message,
                    code: self.code.number(),
                })
                .collect(),
        };
        serde_json::to_string(&body).unwrap_or_default()
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (self.code.status(), self.body()).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if self.code == Code::Unauthorized {
            headers.insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"vibes-emulator\""),
            );
        }
        if !self.allow.is_empty() {
            let allow: Vec<&str> = self.allow.iter().map(Method::as_str).collect();
            if let Ok(value) = HeaderValue::from_str(&allow.join(", ")) {
                headers.insert(ALLOW, value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_the_documented_shape() {
        let refusal = Refusal::all(Code::Invalid, vec!["a".to_owned(), "b \"c\"".to_owned()]);
        assert_eq!(
            refusal.body(),
            r#"{"errors":[{"message":"a","code":2002},{"message":"b \"c\"","code":2002}]}"#
        );
        assert_eq!(refusal.code.status(), StatusCode::BAD_REQUEST);
    }
}
