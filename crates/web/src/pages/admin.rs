//! Administration (`/admin`, administrators only; 404 for anyone else): bodies, people and
//! accounts, and invitation links (`/invite/{token}`) with which a consultee sets their
//! password once, before the link expires.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{AccountId, AppError, Ctx};
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::DomainError;

use super::login::see_other;
use super::{html, Nav, PageError};
use crate::auth::{now, PageUser, Session};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

pub struct BodyRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub category: String,
}

pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub account: Option<(i64, String, bool)>,
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    m: Msgs,
    nav: Nav,
    bodies: Vec<BodyRow>,
    people: Vec<PersonRow>,
    kinds: Vec<&'static str>,
    categories: Vec<(&'static str, String)>,
    /// The invitation link just made (shown once).
    invitation: Option<String>,
}

fn not_admin(e: AppError) -> PageError {
    match e {
        AppError::Domain(DomainError::Forbidden { .. }) => WebError::NotFound.into(),
        other => other.into(),
    }
}

async fn render(
    state: &AppState,
    m: Msgs,
    session: &Session,
    invitation: Option<String>,
) -> Result<Response, PageError> {
    let ctx = Ctx::new(session.user.person, now());
    let accounts = state.app.accounts(&ctx).await.map_err(not_admin)?;
    let bodies = state.app.bodies().await?;
    let body_name = |b: Option<BodyId>| {
        b.and_then(|b| bodies.iter().find(|x| x.id == b))
            .map(|b| b.name.clone())
            .unwrap_or_default()
    };
    let people = state
        .app
        .people()
        .await?
        .into_iter()
        .map(|p| PersonRow {
            id: p.id.0,
            body: body_name(p.body),
            account: accounts
                .iter()
                .find(|a| a.person == p.id)
                .map(|a| (a.id.0, a.username.clone(), a.has_password)),
            disabled: accounts.iter().any(|a| a.person == p.id && a.disabled),
            name: p.name,
        })
        .collect();
    let category = |c: Category| m.of("category", c.code());
    html(&AdminPage {
        m,
        nav: Nav::new(m, "/admin", Some(session)),
        bodies: bodies
            .iter()
            .map(|b| BodyRow {
                id: b.id.0,
                name: b.name.clone(),
                kind: b.kind.code().to_string(),
                category: b.category.map(category).unwrap_or_default(),
            })
            .collect(),
        people,
        kinds: BodyKind::ALL.iter().map(|k| k.code()).collect(),
        categories: Category::ALL
            .iter()
            .map(|c| (c.code(), category(*c)))
            .collect(),
        invitation,
    })
}

/// GET /admin
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    render(&state, Lang::from_headers(&headers).msgs(), &session, None).await
}

#[derive(Deserialize)]
pub struct AdminForm {
    #[serde(default)]
    csrf: String,
    action: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    account: String,
}

fn id(kind: RecordKind, text: &str) -> Result<i64, WebError> {
    text.trim()
        .parse()
        .map_err(|_| WebError::Invalid(Detail::NotChosen(kind)))
}

/// POST /admin: add a body, add a person, create an account, or make an invitation link.
pub async fn act(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Form(f): Form<AdminForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&f.csrf)?;
    let m = Lang::from_headers(&headers).msgs();
    let ctx = Ctx::new(session.user.person, now());
    // Administrators only, and for anyone else the page does not exist.
    state.app.accounts(&ctx).await.map_err(not_admin)?;
    match f.action.as_str() {
        "body" => {
            let kind = BodyKind::parse(f.kind.trim()).map_err(WebError::from)?;
            let category = match f.category.trim() {
                "" => None,
                c => Some(Category::parse(c).map_err(WebError::from)?),
            };
            state.app.add_body(&ctx, &f.name, kind, category).await?;
        }
        "person" => {
            let body = match f.body.trim() {
                "" => None,
                b => Some(BodyId(id(RecordKind::Body, b)?)),
            };
            state.app.add_person(&ctx, &f.name, body).await?;
        }
        "account" => {
            let person = PersonId(id(RecordKind::Person, &f.person)?);
            state.app.create_account(&ctx, person, &f.username).await?;
        }
        "disable" | "enable" => {
            let account = AccountId(id(RecordKind::Account, &f.account)?);
            state
                .app
                .set_account_disabled(&ctx, account, f.action == "disable")
                .await?;
        }
        "invite" => {
            let account = AccountId(id(RecordKind::Account, &f.account)?);
            let inv = state.app.invite(&ctx, account).await?;
            let host = headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("");
            let scheme = if state.config.secure_cookies {
                "https"
            } else {
                "http"
            };
            let link = m.f(
                "admin-invitation-made",
                &[
                    ("link", &format!("{scheme}://{host}/invite/{}", inv.token)),
                    ("date", &m.date(inv.expires_at)),
                ],
            );
            return render(&state, m, &session, Some(link)).await;
        }
        other => return Err(WebError::Invalid(Detail::UnknownAction(other.into())).into()),
    }
    Ok(see_other("/admin"))
}

#[derive(Template)]
#[template(path = "invite.html")]
struct InvitePage {
    m: Msgs,
    nav: Nav,
    token: String,
    /// Whom it is for; `None` when the link is not valid.
    name: Option<String>,
    username: String,
}

/// GET /invite/{token}: the form to set a password, if the link is valid.
pub async fn invite_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let found = state.app.invitation(&token, now()).await?;
    let page = InvitePage {
        m,
        nav: Nav::anonymous(m, "/login"),
        name: found.as_ref().map(|f| f.name.clone()),
        username: found.map(|f| f.username).unwrap_or_default(),
        token,
    };
    match page.name {
        Some(_) => html(&page),
        None => super::html_status(axum::http::StatusCode::NOT_FOUND, &page),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    password: String,
    again: String,
}

/// POST /invite/{token}: set the password; the link is used up.
pub async fn accept(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    if f.password != f.again {
        return Err(WebError::Invalid(Detail::PasswordsDiffer).into());
    }
    state
        .app
        .accept_invitation(&token, &f.password, now(), state.config.password_cost)
        .await?;
    Ok(see_other("/login"))
}
