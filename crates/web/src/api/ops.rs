//! The API's operations on the record: the same use cases of [`yijian_app::App`] as the
//! pages, with the same access rules — a record the caller may not see answers 404 like a
//! missing one, a rule that forbids answers 403, bad input 422.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use yijian_app::{AppError, ComparisonRecord, ConsultationVersion, Ctx, GroupDisposal};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::DomainError;

use crate::auth::{now, ApiUser};
use crate::error::{ApiError, Detail, WebError};
use crate::pages::workbench::{Filters, PAGE_ROWS};
use crate::state::AppState;
use crate::submit::{new_item, numbered, visible, ItemInput};

type ApiResult = Result<Response, ApiError>;

fn ok(v: Value) -> ApiResult {
    Ok(Json(v).into_response())
}

fn invalid(detail: Detail) -> ApiError {
    ApiError(WebError::Invalid(detail))
}

/// Audit readers only: anyone else is told the log does not exist for them.
fn hide_forbidden(e: AppError) -> ApiError {
    match e {
        AppError::Domain(DomainError::Forbidden { .. }) => ApiError(WebError::NotFound),
        other => other.into(),
    }
}

/// GET /consultations/{id}/response: the caller's own response.
pub async fn own_response(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult {
    let person = session.user.person;
    let id = ConsultationId(id);
    let at = now();
    let own = state
        .app
        .own_response(person, id, at)
        .await?
        .ok_or(WebError::NotFound)?;
    // Paragraph numbers and quoted words come from the draft, which a consultee reads only
    // while the window is open (as on the page).
    let mut texts: HashMap<ParagraphId, (u32, String)> = HashMap::new();
    if let ConsultationVersion::Readable { blocks, .. } =
        state.app.consultation_version(person, id, at).await?
    {
        for (n, b) in numbered(&blocks) {
            texts.insert(b.paragraph, (n, b.text.clone()));
        }
    }
    let items: Vec<Value> = own
        .items
        .iter()
        .map(|i| {
            let paragraph = i.anchor.map(|a| {
                let known = texts.get(&a.paragraph);
                json!({
                    "id": a.paragraph,
                    "version": a.version,
                    "number": known.map(|(n, _)| *n),
                    "span": a.span.map(|(s, e)| [s, e]),
                    "quote": known.and_then(|(_, t)| quote(t, a.span)),
                })
            });
            json!({
                "id": i.id,
                "kind": i.kind,
                "text": i.text,
                "paragraph": paragraph,
                "created_at": i.created_at.0,
                "outcome": own.outcomes.get(&i.id).map(|d| json!({
                    "disposition": d.kind,
                    "reason": d.reason,
                    "group": d.group,
                })),
            })
        })
        .collect();
    let r = own.response.as_ref();
    ok(json!({
        "consultation": id,
        "respondent": own.respondent,
        "status": r.map(|r| r.status.code()).unwrap_or("none"),
        "submitted_at": r.and_then(|r| r.submitted_at).map(|t| t.0),
        "amendments": r.map(|r| r.amendments).unwrap_or(0),
        "items": items,
    }))
}

fn quote(text: &str, span: Option<(u32, u32)>) -> Option<String> {
    let (start, end) = span?;
    let picked: String = text
        .chars()
        .skip(start as usize)
        .take(end.saturating_sub(start) as usize)
        .collect();
    (!picked.is_empty()).then_some(picked)
}

#[derive(Deserialize)]
pub struct ItemRequest {
    kind: String,
    /// The body paragraph's number; absent or null for a general item.
    #[serde(default)]
    paragraph: Option<u32>,
    #[serde(default)]
    quote: Option<String>,
    /// Where the quoted words start (characters into the paragraph).
    #[serde(default)]
    span_start: Option<usize>,
    text: String,
}

/// POST /consultations/{id}/items
pub async fn add_item(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Json(req): Json<ItemRequest>,
) -> ApiResult {
    let id = ConsultationId(id);
    let person = session.user.person;
    visible(&state, person, id).await?;
    if !state.allow_submission(person) {
        return Err(WebError::RateLimited.into());
    }
    if req.paragraph == Some(0) {
        return Err(invalid(Detail::ParagraphFromOne));
    }
    let input = ItemInput {
        kind: req.kind,
        paragraph: req.paragraph,
        quote: req.quote.unwrap_or_default(),
        hint: req.span_start,
        text: req.text,
    };
    let item = new_item(&state, person, id, input).await?;
    let created = state
        .app
        .add_item(&Ctx::new(person, now()), id, &item)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({"id": created, "span": item.span.map(|(s, e)| [s, e])})),
    )
        .into_response())
}

/// POST /consultations/{id}/submit
pub async fn submit(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult {
    let id = ConsultationId(id);
    let person = session.user.person;
    visible(&state, person, id).await?;
    if !state.allow_submission(person) {
        return Err(WebError::RateLimited.into());
    }
    let response = state
        .app
        .submit_response(&Ctx::new(person, now()), id)
        .await?;
    ok(json!({"response": response}))
}

/// GET /consultations/{id}/recipients (record-holders)
pub async fn recipients(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult {
    let r = state
        .app
        .recipients(session.user.person, ConsultationId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let list: Vec<Value> = r
        .recipients
        .iter()
        .map(|x| {
            json!({
                "respondent": x.respondent,
                "copy_no": x.copy_no,
                "name": x.name,
                "category": x.category,
                "status": x.status.code(),
                "opened_at": x.opened_at.map(|t| t.0),
                "submitted_at": x.submitted_at.map(|t| t.0),
            })
        })
        .collect();
    let counts: serde_json::Map<String, Value> = RecipientStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), json!(r.count(*s))))
        .collect();
    ok(json!({
        "consultation": r.consultation.id,
        "recipients": list,
        "counts": counts,
        "response_rate": r.response_rate(),
    }))
}

#[derive(Deserialize, Default)]
pub struct WorkbenchQuery {
    #[serde(default)]
    status: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    assignee: String,
    #[serde(default)]
    page: usize,
}

/// The filters as the page reads them, each value checked (the page ignores an unknown one;
/// a program is told).
fn filters(q: WorkbenchQuery) -> Result<Filters, ApiError> {
    match q.status.as_str() {
        "" | "all" | "undisposed" => {}
        code => {
            DispositionKind::parse(code)?;
        }
    }
    if !q.category.is_empty() {
        Category::parse(&q.category)?;
    }
    if !(q.assignee.is_empty() || q.assignee == "none" || q.assignee.parse::<i64>().is_ok()) {
        return Err(invalid(Detail::BadAssignee(q.assignee)));
    }
    Ok(Filters {
        status: q.status,
        category: q.category,
        assignee: q.assignee,
        page: q.page,
        ..Filters::default()
    })
}

/// GET /dossiers/{id}/items?status=&category=&assignee=&page=
pub async fn workbench(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<WorkbenchQuery>,
) -> ApiResult {
    let wb = state
        .app
        .workbench(session.user.person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let f = filters(q)?;
    let kept: Vec<_> = wb.items.iter().filter(|i| f.keeps(i)).collect();
    let pages = kept.len().div_ceil(PAGE_ROWS).max(1);
    let page = f.page.min(pages - 1);
    let items: Vec<Value> = kept
        .iter()
        .skip(page * PAGE_ROWS)
        .take(PAGE_ROWS)
        .map(|i| {
            json!({
                "id": i.item.id,
                "kind": i.item.kind,
                "source": i.item.source,
                "text": i.item.text,
                "consultee": i.consultee,
                "category": i.category,
                "paragraph": i.item.anchor.map(|a| json!({
                    "id": a.paragraph,
                    "version": a.version,
                    "number": i.paragraph_number,
                    "span": a.span.map(|(s, e)| [s, e]),
                })),
                "disposition": i.disposition,
                "group": i.group,
                "assignee": i.assignee,
            })
        })
        .collect();
    ok(json!({
        "dossier": {"id": wb.dossier.id, "title": wb.dossier.title},
        "roles": wb.roles,
        "total": wb.items.len(),
        "handled": wb.handled(),
        "matching": kept.len(),
        "page": page,
        "pages": pages,
        "items": items,
        "drafters": wb.drafters.iter().map(|(p, n)| json!({"id": p, "name": n})).collect::<Vec<_>>(),
    }))
}

/// A dossier the caller may not see is "not found", before any rule is asked.
async fn seen_dossier(state: &AppState, person: PersonId, id: DossierId) -> Result<(), ApiError> {
    state
        .app
        .dossier_record(person, id)
        .await?
        .map(|_| ())
        .ok_or(ApiError(WebError::NotFound))
}

fn item_ids(items: &[i64]) -> Result<Vec<ItemId>, ApiError> {
    if items.is_empty() {
        return Err(invalid(Detail::NoItems));
    }
    Ok(items.iter().copied().map(ItemId).collect())
}

#[derive(Deserialize)]
pub struct DispositionRequest {
    items: Vec<i64>,
    kind: String,
    #[serde(default)]
    reason: String,
    status: String,
    /// Given: the items are gathered into one new group under this view, and the group is
    /// disposed of.
    #[serde(default)]
    common_view: Option<String>,
}

/// POST /dossiers/{id}/dispositions
pub async fn dispose(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Json(req): Json<DispositionRequest>,
) -> ApiResult {
    let person = session.user.person;
    let dossier = DossierId(id);
    seen_dossier(&state, person, dossier).await?;
    let items = item_ids(&req.items)?;
    let kind = DispositionKind::parse(req.kind.trim())?;
    let status = DispositionStatus::parse(req.status.trim())?;
    let ctx = Ctx::new(person, now());
    match req.common_view {
        Some(common_view) => {
            let d = GroupDisposal {
                items,
                common_view,
                kind,
                reason: req.reason,
                status,
            };
            let (group, disposition) = state.app.dispose_as_group(&ctx, dossier, &d).await?;
            ok(json!({"group": group, "dispositions": [disposition]}))
        }
        None => {
            let ids = state
                .app
                .dispose_items(&ctx, dossier, &items, kind, &req.reason, status)
                .await?;
            ok(json!({"group": null, "dispositions": ids}))
        }
    }
}

#[derive(Deserialize)]
pub struct AssignmentRequest {
    items: Vec<i64>,
    assignee: i64,
}

/// POST /dossiers/{id}/assignments
pub async fn assign(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Json(req): Json<AssignmentRequest>,
) -> ApiResult {
    let person = session.user.person;
    let dossier = DossierId(id);
    seen_dossier(&state, person, dossier).await?;
    let items = item_ids(&req.items)?;
    let n = state
        .app
        .assign_items(
            &Ctx::new(person, now()),
            dossier,
            &items,
            PersonId(req.assignee),
        )
        .await?;
    ok(json!({"assigned": n}))
}

#[derive(Deserialize)]
pub struct ComparisonQuery {
    from: Option<i64>,
}

fn marks(r: &[yijian_app::CharRange]) -> Value {
    Value::Array(
        r.iter()
            .map(|m| json!({"start": m.start, "end": m.end}))
            .collect(),
    )
}

fn comparison_json(c: &ComparisonRecord) -> Value {
    let cmp = &c.comparison;
    // The recorded modifications are the engine's, in the same order, when the counts agree.
    let aligned = c.recorded.len() == cmp.modifications.len();
    let rows: Vec<Value> = cmp
        .rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let recorded: Vec<i64> = if aligned {
                cmp.modifications
                    .iter()
                    .zip(&c.recorded)
                    .filter(|(engine, _)| engine.row == k)
                    .map(|(_, stored)| stored.id.0)
                    .collect()
            } else {
                Vec::new()
            };
            json!({
                "kind": r.kind,
                "part": r.part,
                "old_text": r.old_text,
                "new_text": r.new_text,
                "old_marks": marks(&r.old_marks),
                "new_marks": marks(&r.new_marks),
                "modifications": r.modifications,
                "recorded": recorded,
            })
        })
        .collect();
    let recorded: Vec<Value> = c
        .recorded
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "seq": m.seq,
                "kind": m.kind,
                "part": m.part,
                "old_text": m.old_text,
                "new_text": m.new_text,
                "items": c.links.get(&m.id).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let version = |v: &Version| json!({"id": v.id, "label": v.label, "released_at": v.released_at.map(|t| t.0)});
    json!({
        "dossier": c.dossier.id,
        "from": version(&c.from),
        "to": version(&c.to),
        "count": cmp.count(),
        "by_part": cmp.by_part().iter().map(|p| json!({"part": p.part, "modifications": p.modifications})).collect::<Vec<_>>(),
        "rows": rows,
        "recorded": recorded,
    })
}

/// GET /versions/{id}/comparison?from=V (the version's parent by default)
pub async fn comparison(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Query(q): Query<ComparisonQuery>,
) -> ApiResult {
    let person = session.user.person;
    let to = VersionId(id);
    let from = match q.from {
        Some(f) => VersionId(f),
        None => {
            let (v, _) = state
                .app
                .version_markdown(person, to)
                .await?
                .ok_or(WebError::NotFound)?;
            v.parent.ok_or(invalid(Detail::NoEarlierVersion))?
        }
    };
    let c = state
        .app
        .comparison(person, from, to)
        .await?
        .ok_or(WebError::NotFound)?;
    ok(comparison_json(&c))
}

/// POST /versions/{id}/publish: release the revision and record its modifications.
pub async fn publish(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
) -> ApiResult {
    let person = session.user.person;
    let (v, _) = state
        .app
        .version_markdown(person, VersionId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let n = state
        .app
        .publish_revision(&Ctx::new(person, now()), v.id)
        .await?;
    ok(json!({"version": v.id, "modifications_recorded": n}))
}

#[derive(Deserialize)]
pub struct LinkRequest {
    items: Vec<i64>,
}

/// POST /modifications/{id}/items
pub async fn link(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Json(req): Json<LinkRequest>,
) -> ApiResult {
    let items = item_ids(&req.items)?;
    let ctx = Ctx::new(session.user.person, now());
    let linked = state
        .app
        .link_modification(&ctx, ModificationId(id), &items)
        .await?;
    ok(json!({"modification": id, "linked": linked}))
}

/// Entries per page of the audit log.
const AUDIT_PAGE: i64 = 200;

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

/// GET /audit?before=SEQ (auditors and administrators; 404 for others)
pub async fn audit(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Query(q): Query<AuditQuery>,
) -> ApiResult {
    let entries = state
        .app
        .audit_entries(session.user.person, q.before, AUDIT_PAGE)
        .await
        .map_err(hide_forbidden)?;
    let older = (entries.len() as i64 == AUDIT_PAGE)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    let list: Vec<Value> = entries
        .iter()
        .map(|e| {
            json!({
                "seq": e.seq,
                "at": e.at.0,
                "actor": e.actor,
                "action": e.action,
                "subject": e.subject,
                "digest": e.digest,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
            })
        })
        .collect();
    ok(json!({"entries": list, "older": older}))
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    checkpoint: String,
}

/// GET /audit/verify?checkpoint=COUNT:HASH (auditors and administrators; 404 for others)
pub async fn verify(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Query(q): Query<VerifyQuery>,
) -> ApiResult {
    let person = session.user.person;
    // Who may read the log is asked first, so that nobody else learns even what a
    // checkpoint looks like.
    state
        .app
        .audit_entries(person, None, 1)
        .await
        .map_err(hide_forbidden)?;
    let checkpoint = match q.checkpoint.trim() {
        "" => None,
        text => Some(
            text.parse()
                .map_err(|_| invalid(Detail::BadCheckpoint(text.to_string())))?,
        ),
    };
    match state.app.verify_audit_as(person, checkpoint).await {
        Ok(r) => ok(json!({
            "ok": true,
            "head": r.head.to_string(),
            "entries": r.entries,
            "items_checked": r.items_checked,
            "versions_checked": r.versions_checked,
        })),
        Err(AppError::Audit(f)) => ok(json!({"ok": false, "failure": f.to_string()})),
        Err(e) => Err(hide_forbidden(e)),
    }
}

/// The query of `GET /consultations/{id}/search`: the page's fields, `limit` and `offset`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SearchParams {
    q: String,
    paragraph: Option<u32>,
    region: Option<String>,
    from: Option<String>,
    to: Option<String>,
    campaign: Option<i64>,
    theme: Option<i64>,
    only: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

/// GET /consultations/{id}/search (record-holders): the consultation's comments and items
/// by words, as the CLI answers it; the index is brought up to date first (bounded).
pub async fn search(
    State(state): State<AppState>,
    ApiUser(session): ApiUser,
    Path(id): Path<i64>,
    Query(p): Query<SearchParams>,
) -> ApiResult {
    let ctx = Ctx::new(session.user.person, now());
    let consultation = ConsultationId(id);
    let date = |s: &Option<String>| -> Result<Option<yijian_core::time::Date>, ApiError> {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| yijian_core::time::Date::parse(s).map_err(|e| ApiError(WebError::from(e))))
            .transpose()
    };
    let mut q = yijian_app::SearchQuery::new(consultation, &p.q);
    q.paragraph = match p.paragraph {
        Some(0) => return Err(invalid(Detail::ParagraphFromOne)),
        n => n.map(yijian_app::ParagraphRef::Number),
    };
    q.region = p.region.clone();
    q.from = date(&p.from)?;
    q.to = date(&p.to)?;
    q.campaign = p.campaign.map(CampaignId);
    q.theme = p.theme.map(ThemeId);
    q.in_campaign = match p.only.as_deref().map(str::trim) {
        None | Some("") => None,
        Some("campaign") => Some(true),
        Some("unique") => Some(false),
        Some(other) => return Err(invalid(Detail::BadSearchScope(other.into()))),
    };
    q.limit = p.limit.unwrap_or(20);
    q.offset = p.offset.unwrap_or(0);
    state
        .app
        .index_new(&ctx, consultation, yijian_app::search::CATCH_UP)
        .await
        .map_err(hide_forbidden)?;
    let r = state.app.search(&ctx, &q).await.map_err(hide_forbidden)?;
    let hits: Vec<Value> = r
        .hits
        .iter()
        .map(|h| {
            let (kind, id) = match h.source {
                yijian_app::search::DocSource::Comment(c) => ("comment", c),
                yijian_app::search::DocSource::Item(i) => ("item", i.0),
            };
            json!({
                "kind": kind,
                "id": id,
                "source_id": h.source_id,
                "paragraph": h.paragraph_number,
                "region": h.region,
                "submitted_at": h.submitted_at.map(|t| t.0),
                "excerpt": h.excerpt,
            })
        })
        .collect();
    ok(json!({
        "total": r.total,
        "exact": r.exact,
        "order": r.order,
        "unindexed": r.unindexed,
        "hits": hits,
    }))
}
