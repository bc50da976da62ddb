//! The admin listener's optional token: given in the environment (`VIBES_ADMIN_TOKEN`) or a file
//! (`--admin-token-file`), never as a flag's value, which any user of the host can read in the
//! process list. With a token, every request must carry it: `Authorization: Bearer TOKEN` (a
//! scraper), or HTTP Basic with the token as the password and any user name, which a browser
//! asks for by itself.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

/// The variable the token may be given in.
pub const TOKEN_VARIABLE: &str = "VIBES_ADMIN_TOKEN";

/// The token every admin request must carry. Its `Debug` does not show it.
#[derive(Clone)]
pub struct Token(Arc<str>);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(..)")
    }
}

impl Token {
    /// The token of the environment's `VIBES_ADMIN_TOKEN` (`from_env`) or of `file`; none when
    /// neither is given. Both at once is an error, as is an empty token or one that is not
    /// visible ASCII (it could not be sent in a header).
    pub fn load(from_env: Option<String>, file: Option<&Path>) -> Result<Option<Token>, String> {
        let (text, from) = match (from_env, file) {
            (None, None) => return Ok(None),
            (Some(_), Some(file)) => {
                return Err(format!(
                    "the admin token is given twice, in {TOKEN_VARIABLE} and in --admin-token-file {}: give one",
                    file.display()
                ));
            }
            (Some(text), None) => (text, TOKEN_VARIABLE.to_owned()),
            (None, Some(file)) => {
                let text = std::fs::read_to_string(file).map_err(|error| {
                    format!(
                        "cannot read the admin token of --admin-token-file {}: {error}",
                        file.display()
                    )
                })?;
                (text, format!("--admin-token-file {}", file.display()))
            }
        };
        // A file's final line break is not part of the token.
        let token = text.trim_end_matches(['\n', '\r']);
        if token.is_empty() {
            return Err(format!("the admin token of {from} is empty"));
        }
        if !token.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(format!(
                "the admin token of {from} must be visible ASCII (no space or control character), to be sent in a header"
            ));
        }
        Ok(Some(Token(token.into())))
    }

    /// Whether the request's `Authorization` carries this token, as a bearer token or as the
    /// password of HTTP Basic.
    fn admits(&self, authorization: Option<&HeaderValue>) -> bool {
        let Some(value) = authorization.and_then(|value| value.to_str().ok()) else {
            return false;
        };
        let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
        let credentials = credentials.trim();
        if scheme.eq_ignore_ascii_case("bearer") {
            same(credentials.as_bytes(), self.0.as_bytes())
        } else if scheme.eq_ignore_ascii_case("basic") {
            base64::engine::general_purpose::STANDARD
                .decode(credentials)
                .ok()
                .and_then(|pair| {
                    let colon = pair.iter().position(|byte| *byte == b':')?;
                    Some(same(&pair[colon + 1..], self.0.as_bytes()))
                })
                .unwrap_or(false)
        } else {
            false
        }
    }
}

/// Whether two byte strings are equal, in a time that depends on their lengths only.
fn same(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |differ, (a, b)| differ | (a ^ b))
            == 0
}

/// Lets a request through when no token is set or it carries the token; answers `401` with the
/// challenges otherwise.
pub async fn require(State(token): State<Option<Token>>, request: Request, next: Next) -> Response {
    match &token {
        Some(token) if !token.admits(request.headers().get(header::AUTHORIZATION)) => {
            let mut response = (
                StatusCode::UNAUTHORIZED,
                "this admin listener needs its token: `Authorization: Bearer TOKEN`, or HTTP Basic with the token as the password\n",
            )
                .into_response();
            let headers = response.headers_mut();
            headers.append(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"vibes-receiver admin\", charset=\"UTF-8\""),
            );
            headers.append(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"vibes-receiver admin\""),
            );
            response
        }
        _ => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_comes_from_one_place_and_is_visible_ascii() {
        let folder = std::env::temp_dir().join(format!("vibes-admin-token-{}", std::process::id()));
        std::fs::write(&folder, "s3cret\n").unwrap();
        let token = Token::load(None, Some(&folder)).unwrap().unwrap();
        assert_eq!(&*token.0, "s3cret");
        assert_eq!(format!("{token:?}"), "Token(..)");
        assert!(Token::load(Some("x".into()), Some(&folder)).is_err());
        std::fs::remove_file(&folder).unwrap();
        assert!(
            Token::load(None, Some(&folder))
                .unwrap_err()
                .contains("cannot read")
        );
        assert!(
            Token::load(Some(String::new()), None)
                .unwrap_err()
                .contains("empty")
        );
        assert!(Token::load(Some("a b".into()), None).is_err());
        assert!(Token::load(None, None).unwrap().is_none());
    }

    #[test]
    fn a_request_is_admitted_by_bearer_or_basic() {
        let token = Token::load(Some("s3cret".into()), None).unwrap().unwrap();
        let admits = |value: &str| token.admits(Some(&HeaderValue::from_str(value).unwrap()));
        assert!(admits("Bearer s3cret"));
        assert!(admits("bearer s3cret"));
        // "ops:s3cret"
        assert!(admits("Basic b3BzOnMzY3JldA=="));
        // "ops:wrong"
        assert!(!admits("Basic b3BzOndyb25n"));
        assert!(!admits("Bearer s3cre"));
        assert!(!admits("Bearer s3cret2"));
        assert!(!admits("s3cret"));
        assert!(!token.admits(None));
    }
}
