//! Review and adoption (`/dossiers/{id}/review`): the meetings of leading and review bodies
//! on released versions, the submission to the plenary, the opinions of its group
//! discussions, and the adoption.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{Ctx, NewItem, NewMeeting, ReviewRecord};
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Date;

use super::login::see_other;
use super::record::item_kind_key;
use super::{html, Nav, PageError};
use crate::auth::{now, PageUser};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

pub struct MeetingRow {
    pub body: String,
    pub held_on: String,
    pub version: String,
    pub decision: String,
    pub minutes: String,
}

pub struct SubmissionRow {
    pub id: i64,
    pub plenary: String,
    pub version: String,
    pub submitted_on: String,
    pub adopted: Option<String>,
    pub opinions: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    title: String,
    meetings: Vec<MeetingRow>,
    submissions: Vec<SubmissionRow>,
    review_bodies: Vec<(i64, String)>,
    plenaries: Vec<(i64, String)>,
    released: Vec<(i64, String)>,
    decisions: Vec<(&'static str, String)>,
    kinds: Vec<(&'static str, String)>,
    leads: bool,
    records_meetings: bool,
    drafts: bool,
    today: String,
}

fn rows(m: Msgs, r: &ReviewRecord) -> (Vec<MeetingRow>, Vec<SubmissionRow>) {
    let bodies: HashMap<BodyId, &str> = r.bodies.iter().map(|b| (b.id, b.name.as_str())).collect();
    let versions: HashMap<VersionId, &str> = r
        .versions
        .iter()
        .map(|v| (v.id, v.label.as_str()))
        .collect();
    let name = |b: BodyId| bodies.get(&b).copied().unwrap_or("").to_string();
    let label = |v: VersionId| versions.get(&v).copied().unwrap_or("").to_string();
    let meetings = r
        .meetings
        .iter()
        .map(|x| MeetingRow {
            body: name(x.body),
            held_on: m.date(x.held_on.start()),
            version: label(x.version),
            decision: m.of("decision", x.decision.code()),
            minutes: x.minutes.clone(),
        })
        .collect();
    let submissions = r
        .submissions
        .iter()
        .map(|s| SubmissionRow {
            id: s.submission.id.0,
            plenary: name(s.submission.plenary),
            version: label(s.submission.version),
            submitted_on: m.date(s.submission.submitted_on.start()),
            adopted: match (s.submission.adopted_on, s.submission.adopted_version) {
                (Some(on), Some(v)) => Some(m.f(
                    "review-adopted-on",
                    &[("date", &m.date(on.start())), ("version", &label(v))],
                )),
                _ => None,
            },
            opinions: s
                .opinions
                .iter()
                .map(|i| {
                    (
                        i.speaker.clone().unwrap_or_default(),
                        m.t(item_kind_key(i.kind)).to_string(),
                        i.text.clone(),
                    )
                })
                .collect(),
        })
        .collect();
    (meetings, submissions)
}

/// GET /dossiers/{id}/review
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let r = state
        .app
        .review_record(session.user.person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let (meetings, submissions) = rows(m, &r);
    let of_kind = |kinds: &[BodyKind]| -> Vec<(i64, String)> {
        r.bodies
            .iter()
            .filter(|b| kinds.contains(&b.kind))
            .map(|b| (b.id.0, b.name.clone()))
            .collect()
    };
    html(&ReviewPage {
        m,
        nav: Nav::new(m, &format!("/dossiers/{id}/review"), Some(&session)),
        dossier_id: id,
        title: r.dossier.title.clone(),
        meetings,
        submissions,
        review_bodies: of_kind(&[BodyKind::Leading, BodyKind::Review]),
        plenaries: of_kind(&[BodyKind::Plenary]),
        released: r
            .versions
            .iter()
            .filter(|v| v.released_at.is_some())
            .map(|v| (v.id.0, v.label.clone()))
            .collect(),
        decisions: MeetingDecision::ALL
            .iter()
            .map(|d| (d.code(), m.of("decision", d.code())))
            .collect(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| (k.code(), m.t(item_kind_key(*k)).to_string()))
            .collect(),
        leads: r.roles.iter().any(|x| x.leads()),
        records_meetings: r.roles.iter().any(|x| x.leads() || *x == Role::Reviewer),
        drafts: r.roles.iter().any(|x| x.drafts()),
        today: Date::of(now()).to_string(),
    })
}

/// The review forms, read field by field (one handler per action, one struct for all).
#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    on: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    submission: String,
    #[serde(default)]
    speaker: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    text: String,
}

fn id_of(kind: RecordKind, text: &str) -> Result<i64, WebError> {
    text.trim()
        .parse()
        .map_err(|_| WebError::Invalid(Detail::NotChosen(kind)))
}

fn date(text: &str) -> Result<Date, WebError> {
    Ok(Date::parse(text.trim())?)
}

async fn check(
    state: &AppState,
    person: PersonId,
    id: i64,
    csrf: &str,
    session: &crate::auth::Session,
) -> Result<ReviewRecord, PageError> {
    session.check_csrf(csrf)?;
    Ok(state
        .app
        .review_record(person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?)
}

/// POST /dossiers/{id}/meetings
pub async fn meeting(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let person = session.user.person;
    check(&state, person, id, &f.csrf, &session).await?;
    let new = NewMeeting {
        dossier: DossierId(id),
        body: BodyId(id_of(RecordKind::Body, &f.body)?),
        held_on: date(&f.on)?,
        version: VersionId(id_of(RecordKind::Version, &f.version)?),
        decision: MeetingDecision::parse(f.decision.trim()).map_err(WebError::from)?,
        minutes: f.minutes.trim().to_string(),
    };
    state
        .app
        .record_meeting(&Ctx::new(person, now()), &new)
        .await?;
    Ok(see_other(&format!("/dossiers/{id}/review")))
}

/// POST /dossiers/{id}/submissions
pub async fn submit(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let person = session.user.person;
    check(&state, person, id, &f.csrf, &session).await?;
    let (plenary, version, on) = (
        BodyId(id_of(RecordKind::Body, &f.body)?),
        VersionId(id_of(RecordKind::Version, &f.version)?),
        date(&f.on)?,
    );
    state
        .app
        .submit_to_plenary(
            &Ctx::new(person, now()),
            DossierId(id),
            plenary,
            version,
            on,
        )
        .await?;
    Ok(see_other(&format!("/dossiers/{id}/review")))
}

/// The submission named in a form, if it belongs to the dossier of the page.
fn submission_of(r: &ReviewRecord, f: &ReviewForm) -> Result<SubmissionId, WebError> {
    let s = SubmissionId(id_of(RecordKind::Submission, &f.submission)?);
    r.submissions
        .iter()
        .any(|x| x.submission.id == s)
        .then_some(s)
        .ok_or(WebError::NotFound)
}

/// POST /dossiers/{id}/opinions: an opinion voiced in a group discussion of the plenary.
pub async fn opinion(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let person = session.user.person;
    let r = check(&state, person, id, &f.csrf, &session).await?;
    let submission = submission_of(&r, &f)?;
    let item = NewItem {
        kind: ItemKind::parse(f.kind.trim()).map_err(WebError::from)?,
        text: f.text.clone(),
        paragraph: None,
        span: None,
    };
    state
        .app
        .add_group_discussion_item(&Ctx::new(person, now()), submission, &f.speaker, &item)
        .await?;
    Ok(see_other(&format!("/dossiers/{id}/review")))
}

/// POST /dossiers/{id}/adoption
pub async fn adopt(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let person = session.user.person;
    let r = check(&state, person, id, &f.csrf, &session).await?;
    let submission = submission_of(&r, &f)?;
    let version = VersionId(id_of(RecordKind::Version, &f.version)?);
    state
        .app
        .adopt(&Ctx::new(person, now()), submission, version, date(&f.on)?)
        .await?;
    Ok(see_other(&format!("/dossiers/{id}/review")))
}
