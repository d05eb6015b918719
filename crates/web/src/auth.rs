//! Sessions over cookies (pages and API) and bearer tokens (API), cookie flags, CSRF.
//!
//! - The session cookie holds the session token; the server keeps only its hash (see
//!   `yijian_app::App::login`). It is `HttpOnly; SameSite=Strict; Path=/`, and with
//!   `Config::secure_cookies` also `Secure` with the `__Host-` prefix.
//! - CSRF, two layers: every non-GET request whose browser says it comes from another site
//!   (`Sec-Fetch-Site`, or an `Origin` that is not this host) is refused before any handler
//!   runs; and every form carries a token bound to the session (the SHA-256 of the session
//!   token under a separate label), checked in constant time. The login form, which has no
//!   session yet, is bound the same way to a short-lived pre-login cookie.
//! - Bearer tokens are accepted by the API only; a browser never sends them on its own, so
//!   they need no CSRF token.

use std::net::IpAddr;

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sha2::{Digest, Sha256};
use yijian_app::{LoginOutcome, NewSession, SessionUser};
use yijian_core::time::Instant;

use crate::error::{api_error, ApiError, WebError};
use crate::i18n::Lang;
use crate::state::AppState;

/// The session cookie (prefixed `__Host-` when cookies are secure).
pub const SESSION_COOKIE: &str = "yijian_session";
/// The pre-login cookie that binds the login form's CSRF token.
pub const LOGIN_COOKIE: &str = "yijian_login";
/// The header that carries the CSRF token for script requests made with a session cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The current time.
pub fn now() -> Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Instant(ms)
}

/// The name a cookie has on the wire.
pub fn cookie_name(base: &str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
}

/// A `Set-Cookie` value: `HttpOnly; SameSite=Strict; Path=/`, `Secure` when asked.
/// `max_age` None makes a cookie that ends with the browser session; `Some(0)` deletes it.
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<i64>) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The CSRF token bound to a session (or pre-login) token. Not the token itself: a page that
/// leaks its form field does not leak the session.
pub fn csrf_token(token: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"yijian-csrf\0");
    h.update(token.as_bytes());
    hex::encode(h.finalize())
}

/// Equal, in time that depends only on the lengths (the app's, shared with its codes).
pub use yijian_app::ct_eq;

/// How the request was authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// A logged-in caller.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: SessionUser,
    pub token: String,
    pub via: Via,
}

impl Session {
    /// The CSRF token for this session's forms.
    pub fn csrf(&self) -> String {
        csrf_token(&self.token)
    }

    /// Check a form's CSRF field.
    pub fn check_csrf(&self, field: &str) -> Result<(), WebError> {
        if ct_eq(field, &self.csrf()) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// The session token the request carries in its cookie.
pub fn session_cookie(headers: &HeaderMap, state: &AppState) -> Option<String> {
    cookie(
        headers,
        &cookie_name(SESSION_COOKIE, state.config.secure_cookies),
    )
}

/// The token a request carries (bearer first, then the cookie), unchecked.
pub fn request_token(headers: &HeaderMap, state: &AppState) -> Option<String> {
    bearer(headers).or_else(|| session_cookie(headers, state))
}

/// The caller's live session, from the cookie or (when allowed) a bearer token.
pub async fn session(
    headers: &HeaderMap,
    state: &AppState,
    allow_bearer: bool,
) -> Result<Option<Session>, WebError> {
    let (token, via) = match (
        allow_bearer.then(|| bearer(headers)).flatten(),
        session_cookie(headers, state),
    ) {
        (Some(t), _) => (t, Via::Bearer),
        (None, Some(t)) => (t, Via::Cookie),
        (None, None) => return Ok(None),
    };
    let user = state.app.session(&token, now()).await?;
    Ok(user.map(|user| Session { user, token, via }))
}

/// A logged-in caller of a page; anyone else is sent to the login page.
pub struct PageUser(pub Session);

impl FromRequestParts<AppState> for PageUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match session(&parts.headers, state, false).await {
            Ok(Some(s)) => Ok(PageUser(s)),
            Ok(None) => {
                let here = parts
                    .uri
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/");
                let to = format!("/login?next={}", encode_component(here));
                Err(Redirect::to(&to).into_response())
            }
            Err(e) => Err(crate::pages::PageError(e).into_response()),
        }
    }
}

/// A logged-in caller of the API (cookie or bearer); anyone else gets 401.
pub struct ApiUser(pub Session);

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let s = session(&parts.headers, state, true)
            .await?
            .ok_or(WebError::Unauthenticated)?;
        // A state-changing API call riding on the cookie must prove it came from our pages.
        let safe = matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if s.via == Via::Cookie && !safe {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            s.check_csrf(sent)?;
        }
        Ok(ApiUser(s))
    }
}

/// Check the limiter, then the password. The same error for an unknown user and a wrong
/// password (the app makes them take the same time too).
pub async fn attempt_login(
    state: &AppState,
    ip: IpAddr,
    username: &str,
    password: &str,
    replacing: Option<&str>,
) -> Result<NewSession, WebError> {
    if !state.login_limiter.allow(ip, username) {
        return Err(WebError::RateLimited);
    }
    match state
        .app
        .login(username, password, now(), replacing)
        .await?
    {
        LoginOutcome::Accepted(s) => Ok(s),
        LoginOutcome::Refused => Err(WebError::BadCredentials),
    }
}

/// Refuse a state-changing request that a browser marks as coming from another site: a
/// `Sec-Fetch-Site` other than `same-origin`/`none`, or an `Origin` whose host is not ours.
/// Requests without either header (non-browser clients) go on to the token checks.
pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || same_site(req.headers()) {
        return next.run(req).await;
    }
    let lang = Lang::from_headers(req.headers());
    if req.uri().path().starts_with("/api/") {
        api_error(lang, &WebError::Csrf)
    } else {
        crate::pages::failure_page(lang, &WebError::Csrf)
    }
}

fn same_site(headers: &HeaderMap) -> bool {
    let header = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = header("sec-fetch-site") {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    if let Some(origin) = header(ORIGIN.as_str()) {
        let host = header(HOST.as_str()).unwrap_or("");
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
        if host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
            return false;
        }
    }
    true
}

/// Percent-encode everything but unreserved characters and `/`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A local path to go back to after login or a language switch; anything else is `/`.
pub fn local_path(next: Option<&str>) -> String {
    match next {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.chars().any(|c| c.is_control()) =>
        {
            p.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn cookies_parse_and_carry_their_flags() {
        let h = headers(&[("cookie", "a=1; yijian_session=abc"), ("cookie", "b=2")]);
        assert_eq!(cookie(&h, "yijian_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&h, "c"), None);
        let c = set_cookie(&cookie_name(SESSION_COOKIE, true), "t", true, None);
        assert_eq!(
            c.to_str().unwrap(),
            "__Host-yijian_session=t; Path=/; HttpOnly; SameSite=Strict; Secure"
        );
        let c = set_cookie(SESSION_COOKIE, "", false, Some(0));
        assert_eq!(
            c.to_str().unwrap(),
            "yijian_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        );
    }

    #[test]
    fn csrf_tokens_and_sites() {
        let t = csrf_token("session");
        assert_ne!(t, "session");
        assert!(ct_eq(&t, &csrf_token("session")));
        assert!(!ct_eq(&t, &csrf_token("other")));
        assert!(!ct_eq(&t, ""));
        assert!(same_site(&headers(&[])));
        assert!(same_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_site(&headers(&[("sec-fetch-site", "same-site")])));
        let ours = [
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080"),
        ];
        assert!(same_site(&headers(&ours)));
        let theirs = [
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example"),
        ];
        assert!(!same_site(&headers(&theirs)));
        assert!(!same_site(&headers(&[("host", "a"), ("origin", "null")])));
    }

    #[test]
    fn only_local_paths_come_back() {
        assert_eq!(local_path(Some("/versions/3?x=1")), "/versions/3?x=1");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "x",
            "/a\r\nb",
        ] {
            assert_eq!(local_path(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(local_path(None), "/");
        assert_eq!(encode_component("/a b?c=d"), "/a%20b%3Fc%3Dd");
    }
}
