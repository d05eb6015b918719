//! Hearing minutes (`/consultations/{id}/hearings`): record a hearing (座谈会) of a
//! consultation, then minute each item heard, attributed to its speaker and the body they
//! spoke for, on a paragraph of the version consulted or in general.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{Ctx, NewItem, ParagraphRef};
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

pub struct HeardItem {
    pub speaker: String,
    pub body: String,
    pub kind: String,
    pub place: String,
    pub text: String,
}

pub struct HearingRow {
    pub id: i64,
    pub title: String,
    pub held_on: String,
    pub minutes: String,
    pub items: Vec<HeardItem>,
}

#[derive(Template)]
#[template(path = "hearings.html")]
struct HearingsPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    hearings: Vec<HearingRow>,
    bodies: Vec<(i64, String)>,
    kinds: Vec<(&'static str, String)>,
    drafts: bool,
    today: String,
}

/// GET /consultations/{id}/hearings
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let (c, hearings) = state
        .app
        .hearings(person, ConsultationId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let record = state
        .app
        .dossier_record(person, c.dossier)
        .await?
        .ok_or(WebError::NotFound)?;
    let bodies = state.app.bodies().await?;
    let names: HashMap<BodyId, String> = bodies.iter().map(|b| (b.id, b.name.clone())).collect();
    let numbers = match c.version {
        Some(v) => yijian_app::paragraph_numbers(&state.app.version(v).await?.1),
        None => HashMap::new(),
    };
    let rows = hearings
        .into_iter()
        .map(|h| HearingRow {
            id: h.hearing.id.0,
            title: h.hearing.title,
            held_on: m.date(h.hearing.held_on.start()),
            minutes: h.hearing.minutes,
            items: h
                .items
                .iter()
                .map(|i| HeardItem {
                    speaker: i.speaker.clone().unwrap_or_default(),
                    body: i
                        .body
                        .and_then(|b| names.get(&b).cloned())
                        .unwrap_or_default(),
                    kind: m.t(item_kind_key(i.kind)).to_string(),
                    place: match i.anchor.and_then(|a| numbers.get(&a.paragraph)) {
                        Some(n) => m.para(n),
                        None if i.anchor.is_some() => m.t("item-on-a-paragraph").to_string(),
                        None => m.t("item-general").to_string(),
                    },
                    text: i.text.clone(),
                })
                .collect(),
        })
        .collect();
    html(&HearingsPage {
        m,
        nav: Nav::new(m, &format!("/consultations/{id}/hearings"), Some(&session)),
        id,
        title: c.title,
        hearings: rows,
        bodies: bodies
            .iter()
            .filter(|b| b.kind == BodyKind::Consultee)
            .map(|b| (b.id.0, b.name.clone()))
            .collect(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| (k.code(), m.t(item_kind_key(*k)).to_string()))
            .collect(),
        drafts: record.roles.iter().any(|r| r.drafts()),
        today: Date::of(now()).to_string(),
    })
}

#[derive(Deserialize)]
pub struct HearingForm {
    #[serde(default)]
    csrf: String,
    title: String,
    held_on: String,
    #[serde(default)]
    minutes: String,
}

/// POST /consultations/{id}/hearings
pub async fn record(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<HearingForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let person = session.user.person;
    state
        .app
        .hearings(person, ConsultationId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let held_on = Date::parse(form.held_on.trim()).map_err(WebError::from)?;
    let ctx = Ctx::new(person, now());
    let h = state
        .app
        .record_hearing(
            &ctx,
            ConsultationId(id),
            &form.title,
            held_on,
            form.minutes.trim(),
        )
        .await?;
    Ok(see_other(&format!("/consultations/{id}/hearings#h{h}")))
}

#[derive(Deserialize)]
pub struct HeardForm {
    #[serde(default)]
    csrf: String,
    speaker: String,
    #[serde(default)]
    body: String,
    kind: String,
    #[serde(default)]
    paragraph: String,
    text: String,
    /// The consultation the page is about (to come back to it).
    consultation: i64,
}

/// POST /hearings/{id}/items
pub async fn add_item(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<HeardForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let person = session.user.person;
    // The hearing must belong to the consultation named, which the caller must see.
    let (_, hearings) = state
        .app
        .hearings(person, ConsultationId(form.consultation))
        .await?
        .ok_or(WebError::NotFound)?;
    if !hearings.iter().any(|h| h.hearing.id == HearingId(id)) {
        return Err(WebError::NotFound.into());
    }
    let body = match form.body.trim() {
        "" => None,
        b => Some(BodyId(b.parse().map_err(|_| {
            WebError::Invalid(Detail::NotAnId {
                kind: RecordKind::Body,
                value: b.into(),
            })
        })?)),
    };
    let paragraph = match form.paragraph.trim() {
        "" | "0" => None,
        n => Some(ParagraphRef::Number(n.parse().map_err(|_| {
            WebError::Invalid(Detail::NotAParagraphNumber(n.into()))
        })?)),
    };
    let item = NewItem {
        kind: ItemKind::parse(form.kind.trim()).map_err(WebError::from)?,
        text: form.text,
        paragraph,
        span: None,
    };
    let ctx = Ctx::new(person, now());
    state
        .app
        .add_hearing_item(&ctx, HearingId(id), &form.speaker, body, &item)
        .await?;
    Ok(see_other(&format!(
        "/consultations/{}/hearings#h{id}",
        form.consultation
    )))
}
