//! One error type for the HTTP layer, answered as JSON by the API and as a page by the site.

use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use yijian_app::AppError;
use yijian_core::DomainError;

/// What went wrong with a request, as far as the client may know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebError {
    #[error("log in first")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    /// Missing, or not visible to the caller: the same answer on purpose.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Forbidden(String),
    #[error("the request was refused: it did not come from this site's own form")]
    Csrf,
    #[error("too many attempts; wait a minute and try again")]
    RateLimited,
    #[error("{0}")]
    Invalid(String),
    #[error("the request is too large")]
    TooLarge,
    #[error("{0}")]
    Conflict(String),
    /// Details go to the server's log, never to the client.
    #[error("internal error")]
    Internal(String),
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated | WebError::BadCredentials => StatusCode::UNAUTHORIZED,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable code for clients and for the message files (`error-<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "unauthenticated",
            WebError::BadCredentials => "bad_credentials",
            WebError::NotFound => "not_found",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::RateLimited => "rate_limited",
            WebError::Invalid(_) => "invalid",
            WebError::TooLarge => "too_large",
            WebError::Conflict(_) => "conflict",
            WebError::Internal(_) => "internal",
        }
    }

    /// The detail a client may see (the rule that was broken), if any.
    pub fn detail(&self) -> Option<&str> {
        match self {
            WebError::Forbidden(d) | WebError::Invalid(d) | WebError::Conflict(d) => Some(d),
            _ => None,
        }
    }

    pub(crate) fn internal(e: impl std::fmt::Display) -> WebError {
        WebError::Internal(e.to_string())
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Domain(d) => match d {
                DomainError::NotFound { .. } => WebError::NotFound,
                DomainError::Forbidden { .. } | DomainError::OutOfScope { .. } => {
                    WebError::Forbidden(d.to_string())
                }
                DomainError::Closed { .. }
                | DomainError::NotYetOpen { .. }
                | DomainError::Duplicate { .. }
                | DomainError::VersionReleased(_) => WebError::Conflict(d.to_string()),
                other => WebError::Invalid(other.to_string()),
            },
            AppError::Text(t) => WebError::Invalid(t.to_string()),
            AppError::Input(s) => WebError::Invalid(s),
            other => WebError::Internal(other.to_string()),
        }
    }
}

/// An extractor's rejection (axum answers those in plain text: a body too large, a form or
/// JSON that does not parse, an id that is not a number) as a `WebError`, so that it is
/// answered like every other error; any other response is given back unchanged.
pub async fn from_rejection(response: Response) -> Result<WebError, Response> {
    let plain = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !(response.status().is_client_error() && plain) {
        return Err(response);
    }
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    Ok(match status {
        StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => WebError::NotFound,
        // A path segment that does not parse (`/versions/abc`) names nothing that exists.
        StatusCode::BAD_REQUEST if body.starts_with("Invalid URL") => WebError::NotFound,
        _ => WebError::Invalid(body),
    })
}

/// Log an internal error once, where it is turned into a response.
pub(crate) fn log_internal(e: &WebError) {
    if let WebError::Internal(detail) = e {
        eprintln!("yijian-web: internal error: {detail}");
    }
}

/// The API's error: `{"error": code, "message": text}` with the status.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let body = serde_json::json!({
            "error": self.0.code(),
            "message": self.0.to_string(),
        });
        (self.0.status(), Json(body)).into_response()
    }
}
