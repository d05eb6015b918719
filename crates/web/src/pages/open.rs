//! The public pages of an open (public) consultation: anyone reads the draft; a member of
//! the public registers an e-mail address or mobile number, enters the code the outbox
//! sent, and comments on a paragraph or in general; "my comments" lists theirs.
//!
//! The commenter session is its own cookie (`yijian_commenter`: `HttpOnly;
//! SameSite=Strict`, `Secure`/`__Host-` off loopback), separate from the staff session.
//! Forms are CSRF-checked like the others: the comment form by a token bound to the
//! commenter session, the register and verify forms (no session yet) by a token bound to a
//! pre-session cookie (`yijian_open`), as the login form is. The per-address rate limits
//! take the client's address ([`ClientIp`]: the peer, or the one a trusted proxy vouches
//! for), as the login limiter does.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{Registration, COMMENTER_SESSION_MS};
use yijian_core::ids::{ConsultationId, ParagraphId};
use yijian_core::model::PublicCommenter;

use super::login::see_other;
use super::record::{block_rows, window, BlockRow};
use super::{html, html_status, Nav, PageError};
use crate::auth::{self, cookie, cookie_name, csrf_token, ct_eq, set_cookie};
use crate::client::ClientIp;
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

/// The commenter session cookie.
pub const COMMENTER_COOKIE: &str = "yijian_commenter";
/// The pre-session cookie binding the register and verify forms' CSRF token.
pub const OPEN_COOKIE: &str = "yijian_open";
const OPEN_COOKIE_SECONDS: i64 = 3600;

/// A commenter with a live session, and its token (for the CSRF token of their forms).
struct Commenter {
    who: PublicCommenter,
    token: String,
}

async fn commenter(headers: &HeaderMap, state: &AppState) -> Result<Option<Commenter>, WebError> {
    let name = cookie_name(COMMENTER_COOKIE, state.config.secure_cookies);
    let Some(token) = cookie(headers, &name) else {
        return Ok(None);
    };
    let who = state.app.commenter_session(&token, auth::now()).await?;
    Ok(who.map(|who| Commenter { who, token }))
}

fn pre_token(headers: &HeaderMap, state: &AppState) -> Option<String> {
    cookie(
        headers,
        &cookie_name(OPEN_COOKIE, state.config.secure_cookies),
    )
    .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The form's CSRF field against the pre-session cookie.
fn check_pre(headers: &HeaderMap, state: &AppState, field: &str) -> Result<(), WebError> {
    match pre_token(headers, state) {
        Some(pre) if ct_eq(field, &csrf_token(&pre)) => Ok(()),
        _ => Err(WebError::Csrf),
    }
}

fn with_pre_cookie(state: &AppState, mut response: Response, pre: &str) -> Response {
    let secure = state.config.secure_cookies;
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(
            &cookie_name(OPEN_COOKIE, secure),
            pre,
            secure,
            Some(OPEN_COOKIE_SECONDS),
        ),
    );
    response
}

fn base(id: ConsultationId) -> String {
    format!("/open/{id}")
}

#[derive(Template)]
#[template(path = "open.html")]
struct DraftPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    window: String,
    open: bool,
    version_label: String,
    rows: Vec<BlockRow>,
    commenter: Option<String>,
    csrf: String,
    saved: bool,
}

#[derive(Deserialize)]
pub struct DraftQuery {
    saved: Option<String>,
}

/// GET /open/{id}: the draft, with a comment form per paragraph and a general one for a
/// verified commenter, a link to register otherwise.
pub async fn draft(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<DraftQuery>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let m = Lang::from_headers(&headers).msgs();
    let d = state.app.public_draft(id, auth::now()).await?;
    let who = commenter(&headers, &state).await?;
    html(&DraftPage {
        m,
        nav: Nav::anonymous(m, &base(id)),
        id: id.0,
        title: d.consultation.title.clone(),
        window: m.f("open-window", &[("window", &window(m, &d.consultation))]),
        open: d.open,
        version_label: d.version.label.clone(),
        rows: block_rows(&d.blocks, None),
        commenter: who
            .as_ref()
            .map(|c| m.f("open-signed-in", &[("name", &c.who.display_name)])),
        csrf: who
            .as_ref()
            .map(|c| csrf_token(&c.token))
            .unwrap_or_default(),
        saved: q.saved.is_some(),
    })
}

#[derive(Template)]
#[template(path = "open_form.html")]
struct FormPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    /// "register" or "verify".
    step: &'static str,
    csrf: String,
    address: String,
    display_name: String,
    region: String,
    error: Option<String>,
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    headers: &HeaderMap,
    id: ConsultationId,
    title: String,
    step: &'static str,
    fields: (&str, &str, &str),
    error: Option<&WebError>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(headers).msgs();
    let pre = match pre_token(headers, state) {
        Some(t) => t,
        None => yijian_app::random_token()?,
    };
    let page = FormPage {
        m,
        nav: Nav::anonymous(m, &format!("{}/{step}", base(id))),
        id: id.0,
        title,
        step,
        csrf: csrf_token(&pre),
        address: fields.0.to_string(),
        display_name: fields.1.to_string(),
        region: fields.2.to_string(),
        error: error.map(|e| e.message(m)),
    };
    let response = match error {
        Some(e) => html_status(e.status(), &page)?,
        None => html(&page)?,
    };
    Ok(with_pre_cookie(state, response, &pre))
}

#[derive(Deserialize)]
pub struct AddressQuery {
    address: Option<String>,
}

/// GET /open/{id}/register
pub async fn register_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let d = state.app.public_draft(id, auth::now()).await?;
    form_page(
        &state,
        &headers,
        id,
        d.consultation.title,
        "register",
        ("", "", ""),
        None,
    )
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    region: String,
}

/// POST /open/{id}/register: a code is written to the outbox; on to the verify form.
pub async fn register(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let d = state.app.public_draft(id, auth::now()).await?;
    check_pre(&headers, &state, &form.csrf)?;
    let reg = Registration {
        address: form.address.clone(),
        display_name: form.display_name.clone(),
        region: Some(form.region.clone()),
    };
    match state
        .app
        .register_commenter(
            &reg,
            &client.to_string(),
            &state.config.public_limits,
            auth::now(),
        )
        .await
    {
        Ok(r) => Ok(see_other(&format!(
            "{}/verify?address={}",
            base(id),
            auth::encode_component(&r.address)
        ))),
        Err(e) => {
            let e = WebError::from(e);
            if e.detail().is_none() {
                return Err(e.into());
            }
            form_page(
                &state,
                &headers,
                id,
                d.consultation.title,
                "register",
                (&form.address, &form.display_name, &form.region),
                Some(&e),
            )
        }
    }
}

/// GET /open/{id}/verify?address=…
pub async fn verify_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<AddressQuery>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let d = state.app.public_draft(id, auth::now()).await?;
    let address = q.address.unwrap_or_default();
    form_page(
        &state,
        &headers,
        id,
        d.consultation.title,
        "verify",
        (&address, "", ""),
        None,
    )
}

#[derive(Deserialize)]
pub struct VerifyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    code: String,
}

/// POST /open/{id}/verify: the right code sets the commenter session cookie.
pub async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<VerifyForm>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let d = state.app.public_draft(id, auth::now()).await?;
    check_pre(&headers, &state, &form.csrf)?;
    match state
        .app
        .verify_commenter(&form.address, &form.code, auth::now())
        .await
    {
        Ok(session) => {
            let mut response = see_other(&base(id));
            let secure = state.config.secure_cookies;
            response.headers_mut().append(
                SET_COOKIE,
                set_cookie(
                    &cookie_name(COMMENTER_COOKIE, secure),
                    &session.token,
                    secure,
                    Some(COMMENTER_SESSION_MS / 1000),
                ),
            );
            Ok(response)
        }
        Err(e) => {
            let e = WebError::from(e);
            if e.detail().is_none() {
                return Err(e.into());
            }
            form_page(
                &state,
                &headers,
                id,
                d.consultation.title,
                "verify",
                (&form.address, "", ""),
                Some(&e),
            )
        }
    }
}

#[derive(Deserialize)]
pub struct CommentForm {
    #[serde(default)]
    csrf: String,
    /// A paragraph id of the draft, or empty for a general comment.
    #[serde(default)]
    paragraph: String,
    #[serde(default)]
    text: String,
}

/// POST /open/{id}/comments: a verified commenter's comment (CSRF, rate limits).
pub async fn comment(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommentForm>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    state.app.public_draft(id, auth::now()).await?;
    let Some(c) = commenter(&headers, &state).await? else {
        return Ok(see_other(&format!("{}/register", base(id))));
    };
    if !ct_eq(&form.csrf, &csrf_token(&c.token)) {
        return Err(WebError::Csrf.into());
    }
    let paragraph = match form.paragraph.trim() {
        "" => None,
        p => Some(ParagraphId(p.parse().map_err(|_| {
            WebError::from(Detail::NotAParagraphNumber(p.chars().take(20).collect()))
        })?)),
    };
    state
        .app
        .submit_public_comment(
            c.who.id,
            id,
            paragraph,
            &form.text,
            &client.to_string(),
            &state.config.public_limits,
            auth::now(),
        )
        .await?;
    Ok(see_other(&format!("{}/mine?saved=1", base(id))))
}

#[derive(Template)]
#[template(path = "open_mine.html")]
struct MinePage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    name: String,
    csrf: String,
    saved: bool,
    comments: Vec<MineRow>,
}

struct MineRow {
    /// Empty for a general comment.
    place: String,
    text: String,
    when: String,
}

/// GET /open/{id}/mine: the commenter's own comments on this consultation.
pub async fn mine(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<DraftQuery>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let m = Lang::from_headers(&headers).msgs();
    let d = state.app.public_draft(id, auth::now()).await?;
    let Some(c) = commenter(&headers, &state).await? else {
        return Ok(see_other(&format!("{}/register", base(id))));
    };
    let numbers: HashMap<ParagraphId, u32> = yijian_app::paragraph_numbers(&d.blocks);
    let comments = state
        .app
        .my_public_comments(c.who.id, id)
        .await?
        .into_iter()
        .map(|x| MineRow {
            place: match x.paragraph.and_then(|p| numbers.get(&p)) {
                Some(n) => m.f("open-paragraph-n", &[("n", n)]),
                None => m.t("open-general").to_string(),
            },
            text: x.text,
            when: m.date(x.received_at),
        })
        .collect();
    html(&MinePage {
        m,
        nav: Nav::anonymous(m, &format!("{}/mine", base(id))),
        id: id.0,
        title: d.consultation.title,
        name: m.f("open-signed-in", &[("name", &c.who.display_name)]),
        csrf: csrf_token(&c.token),
        saved: q.saved.is_some(),
        comments,
    })
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// POST /open/{id}/logout: ends the commenter session (CSRF-checked), deletes the cookie.
pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    let id = ConsultationId(id);
    let secure = state.config.secure_cookies;
    if let Some(c) = commenter(&headers, &state).await? {
        if !ct_eq(&form.csrf, &csrf_token(&c.token)) {
            return Err(WebError::Csrf.into());
        }
        state
            .app
            .end_commenter_session(&c.token, auth::now())
            .await?;
    }
    let mut response = see_other(&base(id));
    response.headers_mut().append(
        SET_COOKIE,
        set_cookie(&cookie_name(COMMENTER_COOKIE, secure), "", secure, Some(0)),
    );
    Ok(response)
}
