//! Revision in the browser: a new version from the edited text or an uploaded file
//! (`/dossiers/{id}/revise`), the comparison view old | new with the changes marked and the
//! modification count from the text engine (`/versions/{id}/compare`), publishing the
//! revision, and linking each modification to the items behind it.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{CharRange, ComparisonRecord, Ctx};
use yijian_core::error::RecordKind;
use yijian_core::ids::*;

use super::login::{see_other, CsrfForm};
use super::{html, Nav, PageError};
use crate::auth::{now, PageUser, Session};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

/// The largest draft accepted through the revision forms (text or file).
pub const MAX_DRAFT_BYTES: usize = 8 * 1024 * 1024;

#[derive(Template)]
#[template(path = "revise.html")]
struct RevisePage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    title: String,
    parent_id: i64,
    parent_label: String,
    text: String,
}

#[derive(Deserialize)]
pub struct ReviseQuery {
    from: Option<i64>,
}

/// GET /dossiers/{id}/revise[?from=VERSION]: the text of a version (the latest by default)
/// to edit, or a file to upload.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<ReviseQuery>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let record = state
        .app
        .dossier_record(person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let parent = match q.from {
        Some(v) => VersionId(v),
        None => record
            .versions
            .last()
            .map(|v| v.id)
            .ok_or(WebError::Invalid(Detail::NoVersionYet))?,
    };
    let (v, text) = state
        .app
        .version_markdown(person, parent)
        .await?
        .filter(|(v, _)| v.dossier == DossierId(id))
        .ok_or(WebError::NotFound)?;
    html(&RevisePage {
        m,
        nav: Nav::new(m, &format!("/dossiers/{id}/revise"), Some(&session)),
        dossier_id: id,
        title: record.dossier.title,
        parent_id: v.id.0,
        parent_label: v.label,
        text,
    })
}

#[derive(Deserialize)]
pub struct TextForm {
    #[serde(default)]
    csrf: String,
    label: String,
    parent: i64,
    text: String,
}

/// POST /dossiers/{id}/versions: a new version from the edited text.
pub async fn from_text(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<TextForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let new = import(
        &state,
        &session,
        id,
        &form.label,
        form.parent,
        "revision.md",
        form.text.as_bytes(),
    )
    .await?;
    Ok(see_other(&format!(
        "/versions/{new}/compare?from={}",
        form.parent
    )))
}

/// POST /dossiers/{id}/versions/upload: a new version from a file (.docx, .md, .txt).
pub async fn from_file(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let (mut csrf, mut label, mut parent) = (String::new(), String::new(), String::new());
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| WebError::Invalid(Detail::UploadUnreadable(e.to_string())))?
    {
        let name = field.name().unwrap_or("").to_string();
        let file_name = field.file_name().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| WebError::Invalid(Detail::UploadUnreadable(e.to_string())))?;
        let text = || String::from_utf8_lossy(&bytes).into_owned();
        match name.as_str() {
            "csrf" => csrf = text(),
            "label" => label = text(),
            "parent" => parent = text(),
            "file" => file = Some((file_name.unwrap_or_default(), bytes.to_vec())),
            _ => {}
        }
    }
    session.check_csrf(&csrf)?;
    let parent: i64 = parent
        .trim()
        .parse()
        .map_err(|_| WebError::Invalid(Detail::NoParentVersion))?;
    let (name, bytes) = file
        .filter(|(_, b)| !b.is_empty())
        .ok_or(WebError::Invalid(Detail::NoFile))?;
    let new = import(&state, &session, id, &label, parent, &name, &bytes).await?;
    Ok(see_other(&format!("/versions/{new}/compare?from={parent}")))
}

async fn import(
    state: &AppState,
    session: &Session,
    dossier: i64,
    label: &str,
    parent: i64,
    file_name: &str,
    bytes: &[u8],
) -> Result<VersionId, PageError> {
    let person = session.user.person;
    state
        .app
        .dossier_record(person, DossierId(dossier))
        .await?
        .ok_or(WebError::NotFound)?;
    let ctx = Ctx::new(person, now());
    Ok(state
        .app
        .import_version(
            &ctx,
            DossierId(dossier),
            label,
            file_name,
            bytes,
            Some(VersionId(parent)),
        )
        .await?)
}

/// A piece of a paragraph's text, changed or not.
pub struct Piece {
    pub text: String,
    pub changed: bool,
}

/// Cut a text at the marked ranges (char offsets); bad ranges are clipped, never a panic.
pub fn pieces(text: &str, marks: &[CharRange]) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for r in marks {
        let (start, end) = (r.start.clamp(at, chars.len()), r.end.min(chars.len()));
        if start >= end {
            continue;
        }
        if start > at {
            out.push(Piece {
                text: chars[at..start].iter().collect(),
                changed: false,
            });
        }
        out.push(Piece {
            text: chars[start..end].iter().collect(),
            changed: true,
        });
        at = end;
    }
    if at < chars.len() {
        out.push(Piece {
            text: chars[at..].iter().collect(),
            changed: false,
        });
    }
    out
}

pub struct RecordedRow {
    pub id: i64,
    /// "Modification N" in the user's language.
    pub name: String,
    pub items: String,
}

pub struct CompareRow {
    pub kind: String,
    pub part: String,
    pub old: Vec<Piece>,
    pub new: Vec<Piece>,
    /// Whole-paragraph insertions and deletions are marked as a whole.
    pub old_whole: bool,
    pub new_whole: bool,
    pub count: usize,
    pub recorded: Vec<RecordedRow>,
}

#[derive(Template)]
#[template(path = "compare.html")]
struct ComparePage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    title: String,
    from_id: i64,
    from_label: String,
    to_id: i64,
    to_label: String,
    released: bool,
    count: String,
    recorded: String,
    recorded_any: bool,
    parts: Vec<(String, usize)>,
    rows: Vec<CompareRow>,
    leads: bool,
    drafts: bool,
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: Option<i64>,
}

fn compare_rows(m: Msgs, c: &ComparisonRecord) -> Vec<CompareRow> {
    let cmp = &c.comparison;
    // The recorded modifications are the engine's, in the same order, when the counts agree.
    let aligned = c.recorded.len() == cmp.modifications.len();
    cmp.rows
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let recorded = if aligned {
                cmp.modifications
                    .iter()
                    .zip(&c.recorded)
                    .filter(|(engine, _)| engine.row == k)
                    .map(|(_, stored)| RecordedRow {
                        id: stored.id.0,
                        name: m.f("compare-modification-n", &[("n", &stored.seq)]),
                        items: c
                            .links
                            .get(&stored.id)
                            .map(|ids| {
                                ids.iter()
                                    .map(|i| i.0.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let kind = serde_json::to_value(r.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            CompareRow {
                old_whole: r.old_marks.is_empty() && r.new_text.is_empty(),
                new_whole: r.new_marks.is_empty() && r.old_text.is_empty(),
                kind: m.t(&format!("match-{kind}")).to_string(),
                part: r.part.clone().unwrap_or_default(),
                old: pieces(&r.old_text, &r.old_marks),
                new: pieces(&r.new_text, &r.new_marks),
                count: r.modifications,
                recorded,
            }
        })
        .collect()
}

/// GET /versions/{id}/compare[?from=VERSION]: old | new, the count, per part.
pub async fn compare(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
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
            v.parent
                .ok_or(WebError::Invalid(Detail::NoEarlierVersion))?
        }
    };
    let c = state
        .app
        .comparison(person, from, to)
        .await?
        .ok_or(WebError::NotFound)?;
    let page = ComparePage {
        m,
        nav: Nav::new(m, &format!("/versions/{id}/compare"), Some(&session)),
        dossier_id: c.dossier.id.0,
        title: c.dossier.title.clone(),
        from_id: c.from.id.0,
        from_label: c.from.label.clone(),
        to_id: c.to.id.0,
        to_label: c.to.label.clone(),
        released: c.to.released_at.is_some(),
        count: m.f("compare-count", &[("n", &c.comparison.count())]),
        recorded: m.f("compare-recorded", &[("n", &c.recorded.len())]),
        recorded_any: !c.recorded.is_empty(),
        parts: c
            .comparison
            .by_part()
            .into_iter()
            .map(|p| {
                (
                    p.part.unwrap_or_else(|| m.t("compare-no-part").to_string()),
                    p.modifications,
                )
            })
            .collect(),
        rows: compare_rows(m, &c),
        leads: c.roles.iter().any(|r| r.leads()),
        drafts: c.roles.iter().any(|r| r.drafts()),
    };
    html(&page)
}

/// POST /versions/{id}/publish: release the revision and record its modifications.
pub async fn publish(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let person = session.user.person;
    let (v, _) = state
        .app
        .version_markdown(person, VersionId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    state
        .app
        .publish_revision(&Ctx::new(person, now()), v.id)
        .await?;
    let back = match v.parent {
        Some(p) => format!("/versions/{id}/compare?from={p}"),
        None => format!("/versions/{id}"),
    };
    Ok(see_other(&back))
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    csrf: String,
    /// Item ids separated by commas, spaces or 、.
    items: String,
    #[serde(default)]
    back: String,
}

/// Item ids typed by a person: "12, 15 18、20".
pub fn parse_ids(text: &str) -> Result<Vec<ItemId>, WebError> {
    text.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.trim_start_matches('#').parse().map(ItemId).map_err(|_| {
                WebError::Invalid(Detail::NotAnId {
                    kind: RecordKind::Item,
                    value: s.to_string(),
                })
            })
        })
        .collect()
}

/// POST /modifications/{id}/items: link a modification to the items behind it.
pub async fn link(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<LinkForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let items = parse_ids(&form.items)?;
    if items.is_empty() {
        return Err(WebError::Invalid(Detail::NoItems).into());
    }
    let ctx = Ctx::new(session.user.person, now());
    state
        .app
        .link_modification(&ctx, ModificationId(id), &items)
        .await?;
    let back = crate::auth::local_path(Some(&form.back));
    Ok(see_other(&back))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_and_clip_bad_ranges() {
        let r = |start, end| CharRange { start, end };
        let p = pieces("一二三四五", &[r(1, 2), r(3, 9)]);
        let joined: String = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "一二三四五");
        assert_eq!(
            p.iter()
                .filter(|p| p.changed)
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>(),
            ["二", "四五"]
        );
        assert_eq!(pieces("一二", &[r(5, 7), r(1, 0)]).len(), 1);
    }

    #[test]
    fn item_ids_as_people_type_them() {
        assert_eq!(
            parse_ids("12, 15 18、#20，21").unwrap(),
            [12, 15, 18, 20, 21].map(ItemId)
        );
        assert!(parse_ids("12, x").is_err());
        assert!(parse_ids("  ").unwrap().is_empty());
    }
}
