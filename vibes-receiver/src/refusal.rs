//! The refusals the receiver makes itself, for requests whose body never reached the delivery
//! reader: over the size limit, too slow, or cut off.
//!
//! Everything else is answered by the library's errors (`DeliveryError`, `SourceError`); these
//! take the same JSON form, of the kind `body`, so that every refusal reads alike.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::time::Duration;

/// A request refused before its body could be read as a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The status code.
    pub status: StatusCode,
    /// What happened, as a sentence.
    pub message: String,
}

impl Refusal {
    /// `413 Payload Too Large`: the body is over `limit` bytes.
    pub fn too_large(limit: usize) -> Refusal {
        Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!("the body is over the limit of {limit} bytes"),
        }
    }

    /// `408 Request Timeout`: the body did not arrive within `timeout`.
    pub fn too_slow(timeout: Duration) -> Refusal {
        Refusal {
            status: StatusCode::REQUEST_TIMEOUT,
            message: format!("the body did not arrive within {timeout:?}"),
        }
    }

    /// `400 Bad Request`: the body could not be read for `reason` (the connection failed).
    pub fn unreadable(status: StatusCode, reason: &str) -> Refusal {
        Refusal {
            status,
            message: format!("the body could not be read: {reason}"),
        }
    }

    /// The JSON form: `{"error": {"kind": "body", "message", "path": null, "problems": [...]}}`.
    pub fn to_json(&self) -> String {
        json!({"error": {
            "kind": "body",
            "message": self.message,
            "path": null,
            "problems": [{"kind": "body", "header": null, "path": null, "message": self.message}],
        }})
        .to_string()
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.to_json()).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_has_the_json_form_of_the_library_errors() {
        let refusal = Refusal::too_large(1024);
        let json: serde_json::Value = serde_json::from_str(&refusal.to_json()).unwrap();
        assert_eq!(json["error"]["kind"], "body");
        assert_eq!(
            json["error"]["problems"][0]["message"],
            "the body is over the limit of 1024 bytes"
        );
        let response = Refusal::too_slow(Duration::from_millis(1500)).into_response();
        assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(response.headers()["content-type"], "application/json");
    }
}
