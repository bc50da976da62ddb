//! The body of every 4XX answer of the Vibes API: a list of error messages.

use crate::inspect::Findings;
use crate::json_schema::JsonSchema;
use crate::{Extra, Inspect, JsonPath};
use std::fmt;
use vibes_derive::{Inspect, object};

/// A 4XX answer of the Vibes API: `{"errors": [{"message": …, "code": …}]}`.
///
/// Its `Display` lists the messages, so it can be returned as a `std::error::Error`.
#[object]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema, Inspect)]
pub struct ApiErrors {
    /// Every error the request caused.
    pub errors: Vec<ApiError>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading a 4XX answer (the documentation's example) and returning it as an error:
    ///
    /// ```
    /// use vibes_types::ApiErrors;
    ///
    /// fn create() -> Result<(), Box<dyn std::error::Error>> {
    ///     let answer = br#"{"errors": [{"message": "The MDN field is required", "code": 1}]}"#;
    ///     Err(Box::new(ApiErrors::from_slice(answer)?))
    /// }
    ///
    /// let error = create().unwrap_err();
    /// assert_eq!(error.to_string(), "Vibes API error: The MDN field is required (code 1)");
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

/// One error of a 4XX answer.
#[object]
#[derive(Clone, Debug, PartialEq, Eq, JsonSchema)]
pub struct ApiError {
    /// What was wrong (`The MDN field is required`).
    pub message: String,
    /// Vibes' number for the error, when it gives one.
    pub code: Option<i64>,
    /// Fields this version does not model, kept as received.
    ///
    /// Reading one error:
    ///
    /// ```
    /// use vibes_types::api::ApiError;
    ///
    /// let error: ApiError =
    ///     serde_json::from_str(r#"{"message": "No callback", "trace_id": "t-1"}"#)?;
    /// assert_eq!(error.to_string(), "No callback");
    /// assert_eq!(error.code, None);
    /// assert_eq!(error.extra.get("trace_id").unwrap(), "t-1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[serde(flatten)]
    pub extra: Extra,
}

impl Inspect for ApiError {
    /// Only unknown fields can be reported: a code is any number.
    fn inspect(&self, path: &mut JsonPath, found: &mut Findings) {
        self.extra.inspect(path, found);
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            f.write_str("(no message)")?;
        } else {
            f.write_str(&self.message)?;
        }
        match (self.code, self.extra.get("code")) {
            (Some(code), _) => write!(f, " (code {code})"),
            // A code that is not a whole number, kept as received: shown as its JSON text, so
            // that `"1"` and `1` stay apart.
            (None, Some(code)) if !code.is_null() => write!(f, " (code {code})"),
            (None, _) => Ok(()),
        }
    }
}

impl fmt::Display for ApiErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Vibes API error")?;
        match self.errors.as_slice() {
            [] => f.write_str(" (no message)"),
            [only] => write!(f, ": {only}"),
            all => {
                f.write_str("s:")?;
                for error in all {
                    write!(f, "\n- {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ApiErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_lists_the_messages() {
        let errors: ApiErrors = serde_json::from_str(
            r#"{"errors": [{"message":"The MDN field is required","code":1},{"message":"No callback"}]}"#,
        )
        .unwrap();
        assert_eq!(
            errors.to_string(),
            "Vibes API errors:\n- The MDN field is required (code 1)\n- No callback"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(errors);
        assert!(boxed.to_string().starts_with("Vibes API errors"));
    }
}
