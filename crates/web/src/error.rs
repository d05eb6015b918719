//! One error type for the HTTP layer, answered as JSON by the API and as a page by the site.

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
