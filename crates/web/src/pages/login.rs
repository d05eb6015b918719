//! Login, logout and the language switch.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::{html, html_status, Nav, PageError};
use crate::auth::{
    self, cookie, cookie_name, csrf_token, ct_eq, local_path, set_cookie, LOGIN_COOKIE,
    SESSION_COOKIE,
};
use crate::client::ClientIp;
use crate::error::WebError;
use crate::i18n::{Lang, Msgs, LANG_COOKIE};
use crate::state::AppState;

/// How long the pre-login cookie (which binds the login form's CSRF token) lives.
const LOGIN_COOKIE_SECONDS: i64 = 3600;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    m: Msgs,
    nav: Nav,
    csrf: String,
    next: String,
    username: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Render the login form, bound to a (new or existing) pre-login token.
fn login_form(
    state: &AppState,
    lang: Lang,
    pre: &str,
    next: &str,
    username: &str,
    error: Option<&WebError>,
) -> Result<Response, PageError> {
    let m = lang.msgs();
    let page = LoginPage {
        m,
        nav: Nav::anonymous(m, &format!("/login?next={}", auth::encode_component(next))),
        csrf: csrf_token(pre),
        next: next.to_string(),
        username: username.to_string(),
        error: error.map(|e| m.t(&format!("error-{}", e.code())).to_string()),
    };
    let mut response = match error {
        Some(e) => html_status(e.status(), &page)?,
        None => html(&page)?,
    };
    let name = cookie_name(LOGIN_COOKIE, state.config.secure_cookies);
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            &name,
            pre,
            state.config.secure_cookies,
            Some(LOGIN_COOKIE_SECONDS),
        ),
    );
    Ok(response)
}

fn pre_login_token(headers: &HeaderMap, state: &AppState) -> Option<String> {
    cookie(
        headers,
        &cookie_name(LOGIN_COOKIE, state.config.secure_cookies),
    )
    .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// GET /login
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, PageError> {
    let next = local_path(q.next.as_deref());
    if auth::session(&headers, &state, false).await?.is_some() {
        return Ok(see_other(&next));
    }
    let pre = match pre_login_token(&headers, &state) {
        Some(t) => t,
        None => yijian_app::random_token()?,
    };
    login_form(&state, Lang::from_headers(&headers), &pre, &next, "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    next: String,
}

/// POST /login
pub async fn submit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, PageError> {
    let lang = Lang::from_headers(&headers);
    let next = local_path(Some(&form.next));
    let Some(pre) = pre_login_token(&headers, &state) else {
        return Err(WebError::Csrf.into());
    };
    if !ct_eq(&form.csrf, &csrf_token(&pre)) {
        return Err(WebError::Csrf.into());
    }
    let old = auth::session_cookie(&headers, &state);
    match auth::attempt_login(
        &state,
        client,
        &form.username,
        &form.password,
        old.as_deref(),
    )
    .await
    {
        Ok(session) => {
            let mut response = see_other(&next);
            let secure = state.config.secure_cookies;
            let h = response.headers_mut();
            h.append(
                SET_COOKIE,
                set_cookie(
                    &cookie_name(SESSION_COOKIE, secure),
                    &session.token,
                    secure,
                    None,
                ),
            );
            h.append(
                SET_COOKIE,
                set_cookie(&cookie_name(LOGIN_COOKIE, secure), "", secure, Some(0)),
            );
            Ok(response)
        }
        Err(e @ (WebError::BadCredentials | WebError::RateLimited)) => {
            // A new pre-login token for the next try.
            let pre = yijian_app::random_token()?;
            login_form(&state, lang, &pre, &next, &form.username, Some(&e))
        }
        Err(e) => Err(e.into()),
    }
}

/// A form that carries nothing but its CSRF token (logout, publish, …).
#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// POST /logout: ends the session (CSRF-checked) and deletes the cookie.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    let secure = state.config.secure_cookies;
    if let Some(session) = auth::session(&headers, &state, false).await? {
        session.check_csrf(&form.csrf)?;
        state.app.logout(&session.token, auth::now()).await?;
    }
    let mut response = see_other("/login");
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(&cookie_name(SESSION_COOKIE, secure), "", secure, Some(0)),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

/// GET /lang/{code}?back=/path: remember the language and go back. Changes nothing but a
/// display preference, so it is a plain link (works without JavaScript).
pub async fn switch_language(
    Path(code): Path<String>,
    Query(q): Query<BackQuery>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&code).ok_or(WebError::NotFound)?;
    let mut response = see_other(&local_path(q.back.as_deref()));
    let value = format!(
        "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(SET_COOKIE, v);
    }
    Ok(response)
}

/// A 303 to a local path.
pub(super) fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        response.headers_mut().insert(LOCATION, v);
    }
    response
}
