//! Reports in the browser (issue 6): the explanation previewed as a page, and downloads of
//! the explanation (.docx, .md), the handling table (.xlsx, .csv, .docx) and the comparison
//! table (.docx, .xlsx). Every download is a request of its own, so the session and the
//! caller's right to the dossier's record are checked again each time; the files are sent
//! with `Cache-Control: no-store` like every page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use yijian_app::ConsultationVersion;
use yijian_app::HandlingFilter;
use yijian_core::ids::*;
use yijian_core::model::Respondent;
use yijian_report::{comparison, draft, explanation, handling, Lang as ReportLang};

use super::{html, Nav, PageError};
use crate::auth::{encode_component, PageUser, Session};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(super) fn report_lang(m: Msgs) -> ReportLang {
    match m.lang() {
        Lang::En => ReportLang::En,
        Lang::ZhCn => ReportLang::Zh,
    }
}

fn failed(e: yijian_report::ReportError) -> WebError {
    WebError::Internal(format!("the report could not be made: {e}"))
}

/// The dossier's title, if the caller sees its record (checked on every download).
async fn record_holder(
    state: &AppState,
    session: &Session,
    dossier: i64,
) -> Result<String, PageError> {
    Ok(state
        .app
        .dossier_record(session.user.person, DossierId(dossier))
        .await?
        .ok_or(WebError::NotFound)?
        .dossier
        .title)
}

pub(super) fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        encode_component(file_name)
    );
    let mut r = bytes.into_response();
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(CONTENT_DISPOSITION, v);
    }
    r
}

/// A block of the previewed explanation.
pub struct Block {
    pub heading: u8,
    pub text: String,
}

/// The explanation's Markdown as headings and paragraphs (escaped by the template).
pub fn blocks(markdown: &str) -> Vec<Block> {
    markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| {
            let hashes = b.chars().take_while(|c| *c == '#').count();
            Block {
                heading: hashes.min(4) as u8,
                text: b.trim_start_matches('#').trim().replace('\n', " "),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    title: String,
    blocks: Vec<Block>,
}

/// GET /dossiers/{id}/reports: the explanation previewed, and the downloads.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let title = record_holder(&state, &session, id).await?;
    let md = explanation_markdown(&state, m, id).await?;
    html(&ReportsPage {
        m,
        nav: Nav::new(m, &format!("/dossiers/{id}/reports"), Some(&session)),
        dossier_id: id,
        title,
        blocks: blocks(&md),
    })
}

async fn explanation_markdown(state: &AppState, m: Msgs, id: i64) -> Result<String, PageError> {
    let lang = report_lang(m);
    let data = state.app.explanation_report(DossierId(id)).await?;
    Ok(explanation::markdown(explanation::default_template(lang), &data, lang).map_err(failed)?)
}

/// GET /dossiers/{id}/reports/{file}: explanation.docx|.md, handling.xlsx|.csv|.docx.
pub async fn file(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let title = record_holder(&state, &session, id).await?;
    let lang = report_lang(m);
    let name = |what: &str, ext: &str| format!("{title}-{what}.{ext}");
    let out = match file.as_str() {
        "explanation.docx" => {
            let md = explanation_markdown(&state, m, id).await?;
            download(
                explanation::docx(&md).map_err(failed)?,
                DOCX,
                &name(m.t("reports-explanation"), "docx"),
            )
        }
        "explanation.md" => {
            let md = explanation_markdown(&state, m, id).await?;
            download(
                md.into_bytes(),
                "text/markdown; charset=utf-8",
                &name(m.t("reports-explanation"), "md"),
            )
        }
        "handling.xlsx" | "handling.csv" | "handling.docx" => {
            let table = state
                .app
                .handling_report(DossierId(id), HandlingFilter::default())
                .await?;
            let what = m.t("reports-handling");
            match file.as_str() {
                "handling.xlsx" => download(
                    handling::xlsx(&table, lang).map_err(failed)?,
                    XLSX,
                    &name(what, "xlsx"),
                ),
                "handling.csv" => download(
                    handling::csv(&table, lang).map_err(failed)?,
                    "text/csv; charset=utf-8",
                    &name(what, "csv"),
                ),
                _ => download(
                    handling::docx(&table, lang).map_err(failed)?,
                    DOCX,
                    &name(what, "docx"),
                ),
            }
        }
        _ => return Err(WebError::NotFound.into()),
    };
    Ok(out)
}

#[derive(Deserialize)]
pub struct FromQuery {
    from: i64,
}

/// GET /versions/{id}/comparison/{file}?from=V: the comparison table, .docx or .xlsx.
pub async fn comparison_file(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path((id, file)): Path<(i64, String)>,
    Query(q): Query<FromQuery>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    // The same check as the comparison page: both versions of one dossier the caller sees.
    let c = state
        .app
        .comparison(session.user.person, VersionId(q.from), VersionId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let lang = report_lang(m);
    let table = state
        .app
        .comparison_report(VersionId(q.from), VersionId(id))
        .await?;
    let name = format!("{}-{}", c.dossier.title, m.t("reports-comparison"));
    match file.as_str() {
        "table.docx" => Ok(download(
            comparison::docx(&table, lang).map_err(failed)?,
            DOCX,
            &format!("{name}.docx"),
        )),
        "table.xlsx" => Ok(download(
            comparison::xlsx(&table, lang).map_err(failed)?,
            XLSX,
            &format!("{name}.xlsx"),
        )),
        _ => Err(WebError::NotFound.into()),
    }
}

/// GET /versions/{id}/export.docx: the version as a formatted document (record-holders).
pub async fn export_version(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let record = state
        .app
        .version_record(session.user.person, VersionId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let doc = state.app.draft_report(VersionId(id), None).await?;
    let bytes = draft::docx(&doc, report_lang(m)).map_err(failed)?;
    let name = format!("{}-{}.docx", record.dossier.title, record.version.label);
    Ok(download(bytes, DOCX, &name))
}

/// GET /consultations/{id}/copy.docx: a consultee's own numbered copy of the draft under
/// consultation, naming their body (so that a leaked copy can be traced), while they may
/// read it (in scope, window open).
pub async fn consultee_copy(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let at = crate::auth::now();
    let ConsultationVersion::Readable { version, .. } = state
        .app
        .consultation_version(person, ConsultationId(id), at)
        .await?
    else {
        return Err(WebError::NotFound.into());
    };
    let own = state
        .app
        .own_response(person, ConsultationId(id), at)
        .await?
        .ok_or(WebError::NotFound)?;
    let Respondent::Body(body) = own.respondent else {
        return Err(WebError::Invalid(Detail::CopiesForOrganizations).into());
    };
    let doc = state
        .app
        .draft_report(version.id, Some(&body.0.to_string()))
        .await?;
    let bytes = draft::docx(&doc, report_lang(m)).map_err(failed)?;
    Ok(download(bytes, DOCX, &format!("{}.docx", version.label)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_blocks() {
        let b = super::blocks("# 说明\n\n## 一、起草过程\n\n第一段\n续行。\n\n\n第二段。");
        assert_eq!(b.len(), 4);
        assert_eq!((b[0].heading, b[0].text.as_str()), (1, "说明"));
        assert_eq!((b[1].heading, b[1].text.as_str()), (2, "一、起草过程"));
        assert_eq!((b[2].heading, b[2].text.as_str()), (0, "第一段 续行。"));
    }
}
