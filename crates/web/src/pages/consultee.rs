//! A consultation as its consultee sees it: only the version under consultation (while the
//! window is open), their own response, a form to add an item on a paragraph or in general,
//! and a button to submit. Record-holders get a short summary pointing at the record pages.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{ConsultationAccess, ConsultationVersion, Ctx, Recipients};
use yijian_core::ids::*;
use yijian_core::model::*;

use super::login::see_other;
use super::record::{block_rows, item_kind_key, kind_key, quote, window, BlockRow};
use super::{html, Nav, PageError};
use crate::auth::{now, PageUser};
use crate::error::{log_internal, Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;
use crate::submit::{new_item, visible, ItemInput};

/// One of the caller's own items.
pub struct OwnItem {
    pub id: i64,
    pub kind_code: &'static str,
    pub kind: String,
    pub place: String,
    pub text: String,
    pub quote: Option<String>,
    /// What became of it (disposition and reason), once the handling is published.
    pub outcome: Option<String>,
}

#[derive(Template)]
#[template(path = "consultation.html")]
struct ConsultationPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    kind: String,
    window: String,
    /// Record-holders see a summary and links, not the consultee's form.
    record_view: bool,
    dossier_id: i64,
    version_id: Option<i64>,
    question: Option<String>,
    /// The version's blocks, when the caller may read them now.
    rows: Vec<BlockRow>,
    version_label: String,
    closed_notice: Option<String>,
    open: bool,
    response_state: String,
    own: Vec<OwnItem>,
    kinds: Vec<(&'static str, String)>,
    numbers: Vec<u32>,
    chosen: u32,
    csrf: String,
    /// For record-holders: the recipients and where each stands.
    recipients: Vec<RecipientRow>,
    recipient_summary: String,
}

/// One recipient in the record-holder's view.
pub struct RecipientRow {
    pub copy_no: u32,
    pub name: String,
    pub category: String,
    pub status: String,
    pub status_code: &'static str,
    pub when: String,
}

fn recipient_rows(m: Msgs, r: &Recipients) -> (Vec<RecipientRow>, String) {
    let rows = r
        .recipients
        .iter()
        .map(|x| RecipientRow {
            copy_no: x.copy_no,
            name: x.name.clone(),
            category: x
                .category
                .map(|c| m.of("category", c.code()))
                .unwrap_or_default(),
            status: m.of("recipient", x.status.code()),
            status_code: x.status.code(),
            when: x
                .submitted_at
                .or(x.opened_at)
                .map(|t| m.date(t))
                .unwrap_or_default(),
        })
        .collect();
    let summary = m.f(
        "recipients-summary",
        &[
            ("n", &r.recipients.len()),
            ("submitted", &r.count(RecipientStatus::Submitted)),
            ("drafts", &r.count(RecipientStatus::DraftSaved)),
            ("opened", &r.count(RecipientStatus::Opened)),
            ("unopened", &r.count(RecipientStatus::NotOpened)),
            ("rate", &format!("{:.1}", r.response_rate())),
        ],
    );
    (rows, summary)
}

#[derive(Deserialize)]
pub struct PageQuery {
    paragraph: Option<u32>,
}

/// GET /consultations/{id}
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let at = now();
    let id = ConsultationId(id);
    let seen = state
        .app
        .visible_consultation(person, id, at)
        .await?
        .ok_or(WebError::NotFound)?;
    let c = &seen.consultation;
    let mut page = ConsultationPage {
        m,
        nav: Nav::new(m, &format!("/consultations/{id}"), Some(&session)),
        id: id.0,
        title: c.title.clone(),
        kind: m.t(kind_key(c.kind)).to_string(),
        window: window(m, c),
        record_view: seen.access == ConsultationAccess::Record,
        dossier_id: c.dossier.0,
        version_id: c.version.map(|v| v.0),
        question: c.question.clone(),
        rows: Vec::new(),
        version_label: String::new(),
        closed_notice: None,
        open: c.is_open(at),
        response_state: String::new(),
        own: Vec::new(),
        kinds: ItemKind::ALL
            .iter()
            .map(|k| (k.code(), m.t(item_kind_key(*k)).to_string()))
            .collect(),
        numbers: Vec::new(),
        chosen: q.paragraph.unwrap_or(0),
        csrf: session.csrf(),
        recipients: Vec::new(),
        recipient_summary: String::new(),
    };
    if page.record_view {
        if let Some(r) = state.app.recipients(person, id).await? {
            (page.recipients, page.recipient_summary) = recipient_rows(m, &r);
        }
        return html(&page);
    }
    let mut texts: HashMap<ParagraphId, (u32, String)> = HashMap::new();
    match state.app.consultation_version(person, id, at).await? {
        ConsultationVersion::Readable {
            version, blocks, ..
        } => {
            page.rows = block_rows(&blocks, None);
            page.version_label = version.label;
            // The draft was shown to a recipient: the set-up page lists them as having opened
            // it. A failure here must not keep them from reading.
            if let Err(e) = state.app.note_opened(person, id, at).await {
                log_internal(&WebError::from(e));
            }
            for (row, block) in page.rows.iter().zip(&blocks) {
                if !row.heading {
                    page.numbers.push(row.number);
                    texts.insert(block.paragraph, (row.number, block.text.clone()));
                }
            }
        }
        ConsultationVersion::OutsideWindow(_) => {
            let key = if at < c.opens_at {
                "consultee-not-yet-open"
            } else {
                "consultee-closed"
            };
            page.closed_notice = Some(m.t(key).to_string());
        }
        ConsultationVersion::NoVersion(_) | ConsultationVersion::Hidden => {}
    }
    if let Some(own) = state.app.own_response(person, id, at).await? {
        page.response_state = match &own.response {
            None => m.t("response-none").to_string(),
            Some(r) => match (r.status, r.submitted_at) {
                (ResponseStatus::Submitted, Some(when)) => m.f(
                    "response-submitted",
                    &[("date", &m.date(when)), ("n", &r.amendments)],
                ),
                _ => m.t("response-draft").to_string(),
            },
        };
        page.own = own
            .items
            .iter()
            .map(|i| {
                let anchored = i.anchor.map(|a| texts.get(&a.paragraph));
                OwnItem {
                    id: i.id.0,
                    kind_code: i.kind.code(),
                    kind: m.t(item_kind_key(i.kind)).to_string(),
                    place: match anchored {
                        None => m.t("item-general").to_string(),
                        Some(Some((n, _))) => m.f("item-on-paragraph", &[("n", n)]),
                        Some(None) => m.t("item-on-a-paragraph").to_string(),
                    },
                    text: i.text.clone(),
                    quote: anchored
                        .flatten()
                        .and_then(|(_, text)| quote(text, i.anchor.and_then(|a| a.span))),
                    outcome: own.outcomes.get(&i.id).map(|d| {
                        let kind = m.of("disposition", d.kind.code());
                        m.f("outcome", &[("kind", &kind), ("reason", &d.reason)])
                    }),
                }
            })
            .collect();
    }
    html(&page)
}

#[derive(Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    csrf: String,
    kind: String,
    /// Empty for a general item, else the paragraph's number.
    #[serde(default)]
    paragraph: String,
    text: String,
    /// The words of the paragraph the item is about (selected in the page, or typed).
    #[serde(default)]
    quote: String,
    /// Where the selection starts (characters into the paragraph), sent by the page's script
    /// to tell repeated words apart.
    #[serde(default)]
    span_start: String,
}

/// POST /consultations/{id}/items
pub async fn add_item(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ItemForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let id = ConsultationId(id);
    let person = session.user.person;
    visible(&state, person, id).await?;
    if !state.allow_submission(person) {
        return Err(WebError::RateLimited.into());
    }
    let paragraph = match form.paragraph.trim() {
        "" | "0" => None,
        n => Some(
            n.parse()
                .map_err(|_| WebError::Invalid(Detail::NotAParagraphNumber(n.into())))?,
        ),
    };
    let input = ItemInput {
        kind: form.kind,
        paragraph,
        quote: form.quote,
        hint: form.span_start.trim().parse().ok(),
        text: form.text,
    };
    let item = new_item(&state, person, id, input).await?;
    state
        .app
        .add_item(&Ctx::new(person, now()), id, &item)
        .await?;
    Ok(see_other(&format!("/consultations/{id}#own")))
}

#[derive(Deserialize)]
pub struct SubmitForm {
    #[serde(default)]
    csrf: String,
}

/// POST /consultations/{id}/submit
pub async fn submit(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<SubmitForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let id = ConsultationId(id);
    let person = session.user.person;
    visible(&state, person, id).await?;
    if !state.allow_submission(person) {
        return Err(WebError::RateLimited.into());
    }
    state
        .app
        .submit_response(&Ctx::new(person, now()), id)
        .await?;
    Ok(see_other(&format!("/consultations/{id}#own")))
}
#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    csrf: String,
    /// The consultation the page is about: the item must be the caller's own there.
    consultation: i64,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    text: String,
}

/// The item, if it is one of the caller's own in a consultation they see; 404 otherwise.
async fn own_item(
    state: &AppState,
    person: PersonId,
    c: i64,
    item: ItemId,
) -> Result<(), PageError> {
    let own = state
        .app
        .own_response(person, ConsultationId(c), now())
        .await?
        .ok_or(WebError::NotFound)?;
    if own.items.iter().any(|i| i.id == item) {
        Ok(())
    } else {
        Err(WebError::NotFound.into())
    }
}

/// POST /items/{id}/edit: change the text (and kind) of one's own item until the close.
pub async fn edit_item(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let person = session.user.person;
    own_item(&state, person, form.consultation, ItemId(id)).await?;
    if !state.allow_submission(person) {
        return Err(WebError::RateLimited.into());
    }
    let kind = ItemKind::parse(form.kind.trim()).map_err(WebError::from)?;
    if form.text.chars().count() > crate::submit::MAX_ITEM_CHARS {
        return Err(WebError::Invalid(Detail::ItemTooLong(crate::submit::MAX_ITEM_CHARS)).into());
    }
    state
        .app
        .amend_item(&Ctx::new(person, now()), ItemId(id), kind, &form.text)
        .await?;
    Ok(see_other(&format!(
        "/consultations/{}#own",
        form.consultation
    )))
}

/// POST /items/{id}/withdraw: withdraw one's own item until the close (it stays on record).
pub async fn withdraw_item(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let person = session.user.person;
    own_item(&state, person, form.consultation, ItemId(id)).await?;
    state
        .app
        .withdraw_item(&Ctx::new(person, now()), ItemId(id))
        .await?;
    Ok(see_other(&format!(
        "/consultations/{}#own",
        form.consultation
    )))
}
