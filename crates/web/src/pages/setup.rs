//! Setting up a consultation (`/dossiers/{id}/consultations/new`): kind, title, the version
//! (a released one, for a draft consultation) or the question (for a topic), the window, and
//! the scope picked by body category and by name. The recipients and their status are then
//! on the consultation's own page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use yijian_app::{scope_for, Ctx, OpenConsultation};
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Date;

use super::login::see_other;
use super::{html, Nav, PageError};
use crate::auth::{now, PageUser};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

pub struct BodyChoice {
    pub id: i64,
    pub name: String,
}

pub struct CategoryGroup {
    pub code: &'static str,
    pub label: String,
    pub bodies: Vec<BodyChoice>,
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    title: String,
    versions: Vec<(i64, String)>,
    groups: Vec<CategoryGroup>,
    today: String,
}

/// GET /dossiers/{id}/consultations/new
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let record = state
        .app
        .dossier_record(session.user.person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let bodies = state.app.bodies().await?;
    let mut groups: Vec<CategoryGroup> = Category::ALL
        .iter()
        .map(|c| CategoryGroup {
            code: c.code(),
            label: m.of("category", c.code()),
            bodies: Vec::new(),
        })
        .collect();
    for b in bodies.iter().filter(|b| b.kind == BodyKind::Consultee) {
        let at = b
            .category
            .and_then(|c| Category::ALL.iter().position(|x| *x == c))
            .unwrap_or(Category::ALL.len() - 1);
        groups[at].bodies.push(BodyChoice {
            id: b.id.0,
            name: b.name.clone(),
        });
    }
    groups.retain(|g| !g.bodies.is_empty());
    html(&SetupPage {
        m,
        nav: Nav::new(
            m,
            &format!("/dossiers/{id}/consultations/new"),
            Some(&session),
        ),
        dossier_id: id,
        title: record.dossier.title,
        versions: record
            .versions
            .iter()
            .filter(|v| v.released_at.is_some())
            .map(|v| (v.id.0, v.label.clone()))
            .collect(),
        groups,
        today: Date::of(now()).to_string(),
    })
}

/// The form, read field by field (categories and bodies repeat).
#[derive(Default)]
struct SetupForm {
    csrf: String,
    kind: String,
    title: String,
    version: String,
    question: String,
    opens: String,
    closes: String,
    categories: Vec<Category>,
    bodies: Vec<BodyId>,
}

fn parse_form(pairs: Vec<(String, String)>) -> Result<SetupForm, WebError> {
    let mut f = SetupForm::default();
    for (k, v) in pairs {
        match k.as_str() {
            "csrf" => f.csrf = v,
            "kind" => f.kind = v,
            "title" => f.title = v,
            "version" => f.version = v,
            "question" => f.question = v,
            "opens" => f.opens = v,
            "closes" => f.closes = v,
            "category" => f
                .categories
                .push(Category::parse(v.trim()).map_err(WebError::from)?),
            "body" => f.bodies.push(BodyId(v.trim().parse().map_err(|_| {
                WebError::Invalid(Detail::NotAnId {
                    kind: RecordKind::Body,
                    value: v.clone(),
                })
            })?)),
            _ => {}
        }
    }
    Ok(f)
}

/// A date of the form; `bad` says which one was wrong.
fn date(bad: fn(String) -> Detail, text: &str) -> Result<Date, WebError> {
    Date::parse(text.trim()).map_err(|_| WebError::Invalid(bad(text.to_string())))
}

/// POST /dossiers/{id}/consultations
pub async fn open(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let f = parse_form(pairs)?;
    session.check_csrf(&f.csrf)?;
    let person = session.user.person;
    let dossier = DossierId(id);
    state
        .app
        .dossier_record(person, dossier)
        .await?
        .ok_or(WebError::NotFound)?;
    let kind = ConsultationKind::parse(f.kind.trim()).map_err(WebError::from)?;
    let version = match f.version.trim() {
        "" => None,
        v => Some(VersionId(v.parse().map_err(|_| {
            WebError::Invalid(Detail::NotAnId {
                kind: RecordKind::Version,
                value: v.into(),
            })
        })?)),
    };
    let (opens, last_day) = (
        date(Detail::BadOpeningDate, &f.opens)?,
        date(Detail::BadClosingDate, &f.closes)?,
    );
    let scope = scope_for(&state.app.bodies().await?, &f.categories, &f.bodies);
    if scope.is_empty() {
        return Err(WebError::Invalid(Detail::NoScope).into());
    }
    let new = OpenConsultation {
        dossier,
        kind,
        title: f.title,
        version,
        question: Some(f.question.trim().to_string()).filter(|q| !q.is_empty()),
        opens_at: opens.start(),
        // The window is half-open: it closes when the day after the last day begins.
        closes_at: last_day.start().plus_days(1),
        scope,
    };
    let c = state
        .app
        .open_consultation(&Ctx::new(person, now()), &new)
        .await?;
    Ok(see_other(&format!("/consultations/{c}")))
}
