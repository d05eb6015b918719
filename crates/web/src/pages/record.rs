//! The record's pages, for those who see a dossier's whole record (drafting group,
//! reviewers, auditors, administrators): home, the dossier dashboard, the version view with
//! its heat map, and a paragraph's items.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use yijian_app::{DossierRecord, VisibleConsultation};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;

use super::{html, wants_fragment, Nav, PageError};
use crate::auth::{now, PageUser};
use crate::error::WebError;
use crate::i18n::{Lang, Msgs};
use crate::progress::{self, Step};
use crate::state::AppState;

/// One consultation in a list.
pub struct ConsultationRow {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub window: String,
    pub state: String,
    pub state_class: &'static str,
}

impl ConsultationRow {
    pub fn new(m: Msgs, c: &Consultation, at: Instant) -> ConsultationRow {
        let (key, class) = if at < c.opens_at {
            ("state-upcoming", "upcoming")
        } else if at < c.closes_at {
            ("state-open", "open")
        } else {
            ("state-closed", "closed")
        };
        ConsultationRow {
            id: c.id.0,
            title: c.title.clone(),
            kind: m.t(kind_key(c.kind)).to_string(),
            window: window(m, c),
            state: m.t(key).to_string(),
            state_class: class,
        }
    }
}

pub fn kind_key(kind: ConsultationKind) -> &'static str {
    match kind {
        ConsultationKind::Topic => "kind-topic",
        ConsultationKind::Draft => "kind-draft",
        ConsultationKind::Public => "kind-public",
    }
}

/// "from – to" in the user's language; the close is the last day of the half-open window.
pub fn window(m: Msgs, c: &Consultation) -> String {
    let last_day = Instant(c.closes_at.0 - 1);
    format!("{} – {}", m.date(c.opens_at), m.date(last_day))
}

/// One block of a version as shown: a heading, or a numbered paragraph with its heat.
pub struct BlockRow {
    pub heading: bool,
    pub level: u8,
    pub text: String,
    /// The body paragraph's number (1-based), as consultees and the CLI count them.
    pub number: u32,
    pub paragraph: i64,
    pub count: usize,
    /// Public comments on it (of the public consultations on the version).
    pub comments: usize,
    /// `comments` with thousands separated.
    pub comments_shown: String,
    /// 0 (no items nor comments) … 5 (as many as the busiest paragraph).
    pub heat: u8,
}

/// Number the body paragraphs (paragraphs and list items, as `ParagraphRef::Number` does)
/// and grade each by its share of the busiest paragraph's items.
pub fn block_rows(blocks: &[Block], counts: Option<&HashMap<ParagraphId, usize>>) -> Vec<BlockRow> {
    block_rows_with(blocks, counts, None)
}

/// [`block_rows`] with public comments too: a paragraph's heat grades its items and
/// comments together.
pub fn block_rows_with(
    blocks: &[Block],
    counts: Option<&HashMap<ParagraphId, usize>>,
    comments: Option<&HashMap<ParagraphId, usize>>,
) -> Vec<BlockRow> {
    let of = |map: Option<&HashMap<ParagraphId, usize>>, p: &ParagraphId| {
        map.and_then(|c| c.get(p).copied()).unwrap_or(0)
    };
    // Graded against the busiest numbered paragraph — what the map colours; comments sent on
    // a heading (a heading path like 第二部分/四、) are counted beside the heading instead.
    let max = blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .map(|b| of(counts, &b.paragraph) + of(comments, &b.paragraph))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut number = 0;
    blocks
        .iter()
        .map(|b| {
            let heading = !b.kind.is_numbered();
            if !heading {
                number += 1;
            }
            let count = of(counts, &b.paragraph);
            let public = of(comments, &b.paragraph);
            let heat = if count + public == 0 {
                0
            } else {
                ((count + public) * 5).div_ceil(max).clamp(1, 5) as u8
            };
            BlockRow {
                heading,
                level: b.level.clamp(1, 4),
                text: b.text.clone(),
                number: if heading { 0 } else { number },
                paragraph: b.paragraph.0,
                count,
                comments: public,
                comments_shown: super::thousands(public),
                heat,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    m: Msgs,
    nav: Nav,
    greeting: String,
    dossiers: Vec<(i64, String)>,
    consultations: Vec<ConsultationRow>,
    reads_audit: bool,
    administers: bool,
}

/// GET /: what the user may open.
pub async fn home(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let at = now();
    let dossiers = state.app.record_dossiers(person).await?;
    let consultations: Vec<VisibleConsultation> =
        state.app.visible_consultations(person, at).await?;
    let page = HomePage {
        m,
        greeting: m.f("home-greeting", &[("name", &session.user.name)]),
        nav: Nav::new(m, "/", Some(&session)),
        dossiers: dossiers.into_iter().map(|d| (d.id.0, d.title)).collect(),
        reads_audit: session
            .user
            .global_roles
            .iter()
            .any(|r| matches!(r, Role::Auditor | Role::Administrator)),
        administers: session.user.global_roles.contains(&Role::Administrator),
        consultations: consultations
            .iter()
            .map(|v| ConsultationRow::new(m, &v.consultation, at))
            .collect(),
    };
    html(&page)
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    /// "Published on …", or `None` while the handling is not published.
    handling: Option<String>,
    leads: bool,
    title: String,
    status: String,
    stands: String,
    steps: Vec<Step>,
    next: Vec<String>,
    versions: Vec<VersionRow>,
    consultations: Vec<ConsultationRow>,
}

pub struct VersionRow {
    pub id: i64,
    pub label: String,
    pub state: String,
}

fn version_rows(m: Msgs, versions: &[Version]) -> Vec<VersionRow> {
    versions
        .iter()
        .map(|v| VersionRow {
            id: v.id.0,
            label: v.label.clone(),
            state: match v.released_at {
                Some(at) => m.f("version-released-on", &[("date", &m.date(at))]),
                None => m.t("version-unreleased").to_string(),
            },
        })
        .collect()
}

/// GET /dossiers/{id}: the nine steps, where the dossier stands, what is next.
pub async fn dossier(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let record: DossierRecord = state
        .app
        .dossier_record(session.user.person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let at = now();
    let (steps, stands) = progress::steps(m, &record, at);
    let page = DossierPage {
        m,
        nav: Nav::new(m, &format!("/dossiers/{id}"), Some(&session)),
        id,
        handling: state
            .app
            .handling_published(DossierId(id))
            .await?
            .map(|at| m.f("handling-published", &[("date", &m.date(at))])),
        leads: record.roles.iter().any(|r| r.leads()),
        title: record.dossier.title.clone(),
        status: m
            .t(match record.dossier.status {
                DossierStatus::Drafting => "dossier-drafting",
                DossierStatus::Adopted => "dossier-adopted",
            })
            .to_string(),
        stands,
        next: progress::next_actions(m, &record, at),
        steps,
        versions: version_rows(m, &record.versions),
        consultations: record
            .consultations
            .iter()
            .map(|c| ConsultationRow::new(m, c, at))
            .collect(),
    };
    html(&page)
}

#[derive(Template)]
#[template(path = "version.html")]
struct VersionPage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    dossier_title: String,
    version_id: i64,
    label: String,
    state: String,
    rows: Vec<BlockRow>,
    summary: String,
    versions: Vec<VersionRow>,
    /// Whether the version was consulted publicly (the map counts comments too).
    public: bool,
}

/// GET /versions/{id}: numbered paragraphs with the heat map of their items.
pub async fn version(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let record = state
        .app
        .version_record(person, VersionId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let rows = block_rows_with(
        &record.blocks,
        Some(&record.items_per_paragraph),
        Some(&record.comments_per_paragraph),
    );
    let paragraphs = rows.iter().filter(|r| !r.heading).count();
    let items: usize = record.items_per_paragraph.values().sum();
    let versions = state.app.versions(record.dossier.id).await?;
    let page = VersionPage {
        m,
        nav: Nav::new(m, &format!("/versions/{id}"), Some(&session)),
        dossier_id: record.dossier.id.0,
        dossier_title: record.dossier.title.clone(),
        version_id: id,
        label: record.version.label.clone(),
        state: version_rows(m, std::slice::from_ref(&record.version))
            .pop()
            .map(|r| r.state)
            .unwrap_or_default(),
        summary: m.f(
            "version-summary",
            &[("paragraphs", &paragraphs), ("items", &items)],
        ),
        rows,
        versions: version_rows(m, &versions),
        public: !record.public_consultations.is_empty(),
    };
    html(&page)
}

/// One item as listed under its paragraph.
pub struct ItemRow {
    pub id: i64,
    pub kind: String,
    pub source: String,
    pub who: String,
    pub text: String,
    pub date: String,
    pub quote: Option<String>,
}

pub fn item_kind_key(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Opinion => "item-kind-opinion",
        ItemKind::Suggestion => "item-kind-suggestion",
        ItemKind::Correction => "item-kind-correction",
        ItemKind::Endorsement => "item-kind-endorsement",
    }
}

fn source_key(source: ItemSource) -> &'static str {
    match source {
        ItemSource::Response => "item-source-response",
        ItemSource::Hearing => "item-source-hearing",
        ItemSource::GroupDiscussion => "item-source-group-discussion",
    }
}

/// The characters `span` picks out of `text`, if it lies inside.
pub fn quote(text: &str, span: Option<(u32, u32)>) -> Option<String> {
    let (start, end) = span?;
    let picked: String = text
        .chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect();
    (!picked.is_empty()).then_some(picked)
}

#[derive(Template)]
#[template(path = "paragraph.html")]
struct ParagraphPage {
    m: Msgs,
    nav: Nav,
    version_id: i64,
    label: String,
    number: u32,
    text: String,
    items: Vec<ItemRow>,
}

#[derive(Template)]
#[template(path = "paragraph_items.html")]
struct ParagraphItems {
    m: Msgs,
    version_id: i64,
    number: u32,
    text: String,
    items: Vec<ItemRow>,
}

/// GET /versions/{id}/paragraphs/{paragraph}: the items on one paragraph; a fragment when
/// htmx asks (the version page loads it beside the text), a page otherwise.
pub async fn paragraph(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path((id, paragraph)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let (version, block, items) = state
        .app
        .paragraph_items(person, VersionId(id), ParagraphId(paragraph))
        .await?
        .ok_or(WebError::NotFound)?;
    let (_, blocks) = state.app.version(version.id).await?;
    let number = block_rows(&blocks, None)
        .iter()
        .find(|r| r.paragraph == paragraph)
        .map_or(0, |r| r.number);
    let bodies: HashMap<BodyId, String> = state
        .app
        .bodies()
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let people: HashMap<PersonId, String> = state
        .app
        .people()
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let rows = items
        .iter()
        .map(|i| ItemRow {
            id: i.id.0,
            kind: m.t(item_kind_key(i.kind)).to_string(),
            source: m.t(source_key(i.source)).to_string(),
            who: i
                .body
                .and_then(|b| bodies.get(&b).cloned())
                .or_else(|| i.speaker.clone())
                .or_else(|| i.author.and_then(|p| people.get(&p).cloned()))
                .unwrap_or_else(|| "—".into()),
            text: i.text.clone(),
            date: m.date(i.created_at),
            quote: quote(&block.text, i.anchor.and_then(|a| a.span)),
        })
        .collect();
    if wants_fragment(&headers) {
        return html(&ParagraphItems {
            m,
            version_id: id,
            number,
            text: block.text,
            items: rows,
        });
    }
    html(&ParagraphPage {
        m,
        nav: Nav::new(
            m,
            &format!("/versions/{id}/paragraphs/{paragraph}"),
            Some(&session),
        ),
        version_id: id,
        label: version.label,
        number,
        text: block.text,
        items: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(p: i64, kind: BlockKind, text: &str) -> Block {
        Block {
            paragraph: ParagraphId(p),
            position: p as u32,
            kind,
            level: 1,
            text: text.into(),
        }
    }

    #[test]
    fn paragraphs_are_numbered_and_graded() {
        let blocks = [
            block(1, BlockKind::Title, "标题"),
            block(2, BlockKind::Paragraph, "甲"),
            block(3, BlockKind::Part, "第一部分"),
            block(4, BlockKind::Item, "乙"),
            block(5, BlockKind::Paragraph, "丙"),
        ];
        let counts = HashMap::from([(ParagraphId(2), 10), (ParagraphId(5), 1)]);
        let rows = block_rows(&blocks, Some(&counts));
        let numbered: Vec<(u32, u8)> = rows
            .iter()
            .filter(|r| !r.heading)
            .map(|r| (r.number, r.heat))
            .collect();
        assert_eq!(numbered, vec![(1, 5), (2, 0), (3, 1)]);
        assert!(rows[0].heading && rows[2].heading);
        // Comments count with the items: 1,204 comments make paragraph 3 the hottest.
        let comments = HashMap::from([(ParagraphId(5), 1_204), (ParagraphId(4), 2)]);
        let rows = block_rows_with(&blocks, Some(&counts), Some(&comments));
        let numbered: Vec<(u32, usize, usize, u8)> = rows
            .iter()
            .filter(|r| !r.heading)
            .map(|r| (r.number, r.count, r.comments, r.heat))
            .collect();
        assert_eq!(
            numbered,
            vec![(1, 10, 0, 1), (2, 0, 2, 1), (3, 1, 1_204, 5)]
        );
    }

    #[test]
    fn quotes_pick_characters() {
        assert_eq!(quote("推进基层治理", Some((2, 4))).as_deref(), Some("基层"));
        assert_eq!(quote("推进", Some((5, 9))), None);
        assert_eq!(quote("推进", None), None);
    }
}
