//! The analysis of a public consultation's comments, for those who hold the dossier's record:
//! the figures (per paragraph, day, region; in campaigns or not), the campaigns and the
//! themes (`/consultations/{id}/public`), a campaign's members with how each differs from
//! its representative (`/campaigns/{id}`), a theme's comments with moving and grouping
//! (`/themes/{id}`), and each view as a .csv/.xlsx download (`…/public/{view}.{csv|xlsx}`,
//! `/campaigns/{id}/members.{csv|xlsx}`, `/themes/{id}/comments.{csv|xlsx}`: every row).
//! The drafting group starts the runs. Anyone else gets 404, as for every record page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::search::{DocSource, SearchOrder, CATCH_UP, COUNT_CAP};
use yijian_app::{
    statistics_table, wording, AppError, CampaignMember, CampaignView, CommentStatistics, Ctx,
    ParagraphRef, SearchQuery, SearchResult, StatisticsView, ThemeCursor, ThemeView,
    EXPORT_PAGE_ROWS,
};
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::{Consultation, ConsultationKind};
use yijian_core::time::Date;
use yijian_core::DomainError;
use yijian_report::table::Table;

use super::login::see_other;
use super::reports::{download, report_lang};
use super::{html, html_status, thousands, Nav, PageError};
use crate::auth::{encode_component, now, PageUser, Session};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

/// Rows per page of campaigns, members and theme comments.
const PER_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct Paging {
    #[serde(default)]
    page: i64,
}

impl Paging {
    fn offset(&self) -> i64 {
        self.page.max(0) * PER_PAGE
    }
}

/// Keyset paging of a campaign's members (`?after=` the last comment id shown) and of a
/// theme's comments (`?after=` a `ThemeCursor` token): a page of a campaign of 200,000
/// costs what the first does.
#[derive(Deserialize, Default)]
pub struct After {
    #[serde(default)]
    after: String,
}

pub struct Bar {
    pub label: String,
    pub n: i64,
    pub extra: i64,
}

pub struct CampaignLine {
    pub id: i64,
    pub size: i64,
    pub source: String,
    pub text: String,
    pub seen: String,
}

pub struct ThemeLine {
    pub id: i64,
    pub terms: String,
    pub size: i64,
}

#[derive(Template)]
#[template(path = "public.html")]
struct OverviewPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    dossier: i64,
    headline: String,
    paragraphs: Vec<Bar>,
    days: Vec<Bar>,
    regions: Vec<Bar>,
    max_paragraph: i64,
    max_day: i64,
    max_region: i64,
    campaigns: Vec<CampaignLine>,
    themes: Vec<ThemeLine>,
    drafts: bool,
    page: i64,
    more: bool,
}

/// The consultation and the caller's roles, when the caller holds its dossier's record and
/// it is a public consultation; 404 otherwise.
async fn public_record(
    state: &AppState,
    session: &Session,
    id: ConsultationId,
) -> Result<(Consultation, bool), PageError> {
    let (c, _, _) = state.app.consultation(id).await?;
    let record = state
        .app
        .dossier_record(session.user.person, c.dossier)
        .await?
        .ok_or(WebError::NotFound)?;
    if c.kind != ConsultationKind::Public {
        return Err(WebError::NotFound.into());
    }
    Ok((c, record.roles.iter().any(|r| r.drafts())))
}

/// A refusal by the app's rule is answered as "not found", like a record page one may not see.
fn hidden(e: AppError) -> PageError {
    match e {
        AppError::Domain(DomainError::Forbidden { .. } | DomainError::NotPublic { .. }) => {
            WebError::NotFound.into()
        }
        other => other.into(),
    }
}

fn terms(m: Msgs, t: &ThemeView) -> String {
    if t.unclassified {
        m.t("public-unclassified").to_string()
    } else {
        t.top_terms
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

fn excerpt(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        out.push('…');
    }
    out
}

fn bars(m: Msgs, s: &CommentStatistics) -> (Vec<Bar>, Vec<Bar>, Vec<Bar>) {
    let paragraphs = s
        .by_paragraph
        .iter()
        .map(|p| Bar {
            label: match (p.paragraph, p.number) {
                (None, _) => m.t("item-general").to_string(),
                (Some(_), Some(n)) => m.para(&n),
                (Some(_), None) => m.t("item-on-a-paragraph").to_string(),
            },
            n: p.comments,
            extra: p.in_campaigns,
        })
        .collect();
    let days = s
        .by_day
        .iter()
        .map(|(d, n)| Bar {
            label: m.date(d.start()),
            n: *n,
            extra: 0,
        })
        .collect();
    let regions = s
        .by_region
        .iter()
        .map(|(r, n)| Bar {
            label: r
                .clone()
                .unwrap_or_else(|| m.t("public-no-region").to_string()),
            n: *n,
            extra: 0,
        })
        .collect();
    (paragraphs, days, regions)
}

fn max(bars: &[Bar]) -> i64 {
    bars.iter().map(|b| b.n).max().unwrap_or(0).max(1)
}

fn campaign_line(m: Msgs, c: &CampaignView) -> CampaignLine {
    let seen = match (c.first_seen, c.last_seen) {
        (Some(a), Some(b)) => format!("{} – {}", m.date(a), m.date(b)),
        _ => String::new(),
    };
    CampaignLine {
        id: c.id.0,
        size: c.size,
        source: c.representative_source.clone(),
        text: excerpt(&c.representative_text, 120),
        seen,
    }
}

/// GET /consultations/{id}/public
pub async fn overview(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(paging): Query<Paging>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let (c, drafts) = public_record(&state, &session, ConsultationId(id)).await?;
    let ctx = Ctx::new(session.user.person, now());
    let stats = state
        .app
        .comment_statistics(&ctx, c.id)
        .await
        .map_err(hidden)?;
    let campaigns = state
        .app
        .campaigns(&ctx, c.id, paging.offset(), PER_PAGE + 1)
        .await
        .map_err(hidden)?;
    let themes = state.app.themes(&ctx, c.id, None).await.map_err(hidden)?;
    let (paragraphs, days, regions) = bars(m, &stats);
    let more = campaigns.len() as i64 > PER_PAGE;
    html(&OverviewPage {
        m,
        nav: Nav::new(m, &format!("/consultations/{id}/public"), Some(&session)),
        id,
        title: c.title.clone(),
        dossier: c.dossier.0,
        headline: stats.headline(report_lang(m)),
        max_paragraph: max(&paragraphs),
        max_day: max(&days),
        max_region: max(&regions),
        paragraphs,
        days,
        regions,
        campaigns: campaigns
            .iter()
            .take(PER_PAGE as usize)
            .map(|c| campaign_line(m, c))
            .collect(),
        themes: themes
            .iter()
            .map(|t| ThemeLine {
                id: t.id.0,
                terms: terms(m, t),
                size: t.size,
            })
            .collect(),
        drafts,
        page: paging.page.max(0),
        more,
    })
}

#[derive(Deserialize)]
pub struct RunForm {
    #[serde(default)]
    csrf: String,
    action: String,
}

/// POST /consultations/{id}/public — `action` = `campaigns` or `themes`: a new run.
pub async fn run(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<RunForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let (c, _) = public_record(&state, &session, ConsultationId(id)).await?;
    let ctx = Ctx::new(session.user.person, now());
    match form.action.as_str() {
        "campaigns" => {
            state
                .app
                .detect_campaigns(&ctx, c.id, &Default::default())
                .await?;
        }
        "themes" => {
            state
                .app
                .find_themes(&ctx, c.id, &Default::default())
                .await?;
        }
        _ => return Err(WebError::NotFound.into()),
    }
    Ok(see_other(&format!("/consultations/{id}/public")))
}

/// The formats a view is downloaded in.
#[derive(Clone, Copy)]
enum TableFormat {
    Csv,
    Xlsx,
}

/// A download's file name `view.csv` or `view.xlsx` as the view and format; 404 for
/// anything else (checked before any work is done).
fn table_file(file: &str) -> Result<(&str, TableFormat), PageError> {
    match file.rsplit_once('.') {
        Some((view, "csv")) => Ok((view, TableFormat::Csv)),
        Some((view, "xlsx")) => Ok((view, TableFormat::Xlsx)),
        _ => Err(WebError::NotFound.into()),
    }
}

/// A table as a file to download, named `file_name`.
fn table_download(
    table: &Table,
    format: TableFormat,
    file_name: &str,
) -> Result<Response, PageError> {
    let (bytes, content_type) = match format {
        TableFormat::Csv => (
            yijian_report::table::csv(table).map_err(WebError::internal)?,
            "text/csv; charset=utf-8",
        ),
        TableFormat::Xlsx => (
            yijian_report::table::xlsx(table).map_err(WebError::internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    };
    Ok(download(bytes, content_type, file_name))
}

/// The views of a consultation's comments that are downloaded.
enum PublicView {
    Figures(StatisticsView),
    Campaigns,
    Themes,
}

/// GET /consultations/{id}/public/{file}: `paragraph|day|region|campaigns|themes` +
/// `.csv|.xlsx` — the figures, the current campaigns, the current themes.
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let lang = report_lang(Lang::from_headers(&headers).msgs());
    let (c, _) = public_record(&state, &session, ConsultationId(id)).await?;
    let (view, format) = table_file(&file)?;
    let view = match view {
        "paragraph" => PublicView::Figures(StatisticsView::Paragraph),
        "day" => PublicView::Figures(StatisticsView::Day),
        "region" => PublicView::Figures(StatisticsView::Region),
        "campaigns" => PublicView::Campaigns,
        "themes" => PublicView::Themes,
        _ => return Err(WebError::NotFound.into()),
    };
    let ctx = Ctx::new(session.user.person, now());
    let table = match view {
        PublicView::Figures(figures) => {
            let stats = state
                .app
                .comment_statistics(&ctx, c.id)
                .await
                .map_err(hidden)?;
            statistics_table(&stats, figures, lang)
        }
        PublicView::Campaigns => state
            .app
            .campaigns_table(&ctx, c.id, lang, EXPORT_PAGE_ROWS)
            .await
            .map_err(hidden)?,
        PublicView::Themes => state
            .app
            .themes_table(&ctx, c.id, lang)
            .await
            .map_err(hidden)?,
    };
    table_download(&table, format, &file)
}

/// GET /campaigns/{id}/{file}: `members.csv|members.xlsx` — every member of the campaign
/// with how it differs from the representative, in the request's language.
pub async fn campaign_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let lang = report_lang(Lang::from_headers(&headers).msgs());
    let format = match table_file(&file)? {
        ("members", format) => format,
        _ => return Err(WebError::NotFound.into()),
    };
    let ctx = Ctx::new(session.user.person, now());
    let table = state
        .app
        .campaign_members_table(&ctx, CampaignId(id), lang, EXPORT_PAGE_ROWS)
        .await
        .map_err(hidden)?;
    table_download(&table, format, &format!("campaign-{id}-{file}"))
}

/// GET /themes/{id}/{file}: `comments.csv|comments.xlsx` — every comment of the theme.
pub async fn theme_export(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path((id, file)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    let lang = report_lang(Lang::from_headers(&headers).msgs());
    let format = match table_file(&file)? {
        ("comments", format) => format,
        _ => return Err(WebError::NotFound.into()),
    };
    let ctx = Ctx::new(session.user.person, now());
    let table = state
        .app
        .theme_comments_table(&ctx, ThemeId(id), lang, EXPORT_PAGE_ROWS)
        .await
        .map_err(hidden)?;
    table_download(&table, format, &format!("theme-{id}-{file}"))
}

pub struct MemberLine {
    pub id: i64,
    pub source: String,
    pub text: String,
    /// The counts of the difference, and its edits listed in the page's language (empty for
    /// the same text).
    pub difference: String,
    pub edits: String,
}

fn member_line(m: Msgs, c: &CampaignMember) -> MemberLine {
    let d = &c.difference;
    let (difference, edits) = if d.is_same_text() {
        (m.t("public-same-text").to_string(), String::new())
    } else {
        let counts = m.f(
            "public-difference",
            &[
                ("inserted", &d.inserted),
                ("deleted", &d.deleted),
                ("edits", &d.edits),
            ],
        );
        (counts, d.summary_in(wording(report_lang(m))))
    };
    MemberLine {
        id: c.comment.id.0,
        source: c.comment.source_id.clone(),
        text: c.comment.text.clone(),
        difference,
        edits,
    }
}

#[derive(Template)]
#[template(path = "campaign.html")]
struct CampaignPage {
    m: Msgs,
    nav: Nav,
    consultation: i64,
    head: CampaignLine,
    members: Vec<MemberLine>,
    /// Not the first page.
    later: bool,
    /// The `after` of the next page, if there is one.
    next: Option<String>,
}

/// GET /campaigns/{id}
pub async fn campaign(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(paging): Query<After>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let ctx = Ctx::new(session.user.person, now());
    let after = match paging.after.trim() {
        "" => 0,
        v => v.parse::<i64>().ok().filter(|n| *n >= 0).ok_or_else(|| {
            WebError::Invalid(Detail::NotAnId {
                kind: RecordKind::Comment,
                value: v.into(),
            })
        })?,
    };
    let (consultation, head, members) = state
        .app
        .campaign_members(&ctx, CampaignId(id), after, PER_PAGE + 1)
        .await
        .map_err(hidden)?;
    let next = (members.len() as i64 > PER_PAGE)
        .then(|| members[PER_PAGE as usize - 1].comment.id.0.to_string());
    html(&CampaignPage {
        m,
        nav: Nav::new(m, &format!("/campaigns/{id}"), Some(&session)),
        consultation: consultation.0,
        head: campaign_line(m, &head),
        members: members
            .iter()
            .take(PER_PAGE as usize)
            .map(|c| member_line(m, c))
            .collect(),
        later: after > 0,
        next,
    })
}

pub struct CommentLine {
    pub id: i64,
    pub source: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "theme.html")]
struct ThemePage {
    m: Msgs,
    nav: Nav,
    id: i64,
    consultation: i64,
    terms: String,
    size: i64,
    comments: Vec<CommentLine>,
    others: Vec<ThemeLine>,
    drafts: bool,
    later: bool,
    next: Option<String>,
}

/// GET /themes/{id}
pub async fn theme(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(paging): Query<After>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let ctx = Ctx::new(session.user.person, now());
    let from = match paging.after.trim() {
        "" => ThemeCursor::default(),
        v => ThemeCursor::parse(v).ok_or_else(|| {
            WebError::Invalid(Detail::NotAnId {
                kind: RecordKind::Comment,
                value: v.into(),
            })
        })?,
    };
    let (consultation, t, page, next) = state
        .app
        .theme_page(&ctx, ThemeId(id), from, PER_PAGE)
        .await
        .map_err(hidden)?;
    let (_, drafts) = public_record(&state, &session, consultation).await?;
    let others = state
        .app
        .themes(&ctx, consultation, t.paragraph)
        .await
        .map_err(hidden)?;
    html(&ThemePage {
        m,
        nav: Nav::new(m, &format!("/themes/{id}"), Some(&session)),
        id,
        consultation: consultation.0,
        terms: terms(m, &t),
        size: t.size,
        comments: page
            .iter()
            .map(|c| CommentLine {
                id: c.id.0,
                source: c.source_id.clone(),
                text: c.text.clone(),
            })
            .collect(),
        others: others
            .iter()
            .filter(|o| o.id != t.id)
            .map(|o| ThemeLine {
                id: o.id.0,
                terms: terms(m, o),
                size: o.size,
            })
            .collect(),
        drafts,
        later: from != ThemeCursor::default(),
        next: next.map(|n| n.token()),
    })
}

#[derive(Deserialize)]
pub struct ThemeForm {
    #[serde(default)]
    csrf: String,
    action: String,
    #[serde(default)]
    comment: Option<i64>,
    #[serde(default)]
    to: Option<i64>,
    #[serde(default)]
    common_view: String,
}

/// POST /themes/{id} — `action` = `move` (a comment of this theme to `to`) or `group`.
pub async fn act(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<ThemeForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let ctx = Ctx::new(session.user.person, now());
    // The theme must be one the caller may read; the app checks the rest (drafters only).
    state
        .app
        .theme_page(&ctx, ThemeId(id), ThemeCursor::default(), 1)
        .await
        .map_err(hidden)?;
    match (form.action.as_str(), form.comment, form.to) {
        ("move", Some(comment), Some(to)) => {
            state
                .app
                .move_to_theme(&ctx, CommentId(comment), ThemeId(to))
                .await?;
            Ok(see_other(&format!("/themes/{to}")))
        }
        ("group", _, _) => {
            state
                .app
                .theme_to_group(&ctx, ThemeId(id), &form.common_view)
                .await?;
            Ok(see_other(&format!("/themes/{id}")))
        }
        _ => Err(WebError::NotFound.into()),
    }
}

/// Hits per page of the search page.
const HITS_PER_PAGE: usize = 20;

/// The search form, as typed: every field text, checked by [`SearchForm::query`].
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct SearchForm {
    pub q: String,
    pub paragraph: String,
    pub region: String,
    pub from: String,
    pub to: String,
    pub campaign: String,
    pub theme: String,
    /// `""` (all), `campaign` or `unique`.
    pub only: String,
    pub page: String,
}

impl SearchForm {
    /// The app's query of this form (page `page`), or what is wrong with a field.
    fn query(&self, consultation: ConsultationId) -> Result<(SearchQuery, usize), WebError> {
        let blank = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let id = |s: &str, kind: RecordKind| -> Result<Option<i64>, WebError> {
            match blank(s) {
                None => Ok(None),
                Some(v) => match v.parse::<i64>() {
                    Ok(n) if n > 0 => Ok(Some(n)),
                    _ => Err(WebError::Invalid(Detail::NotAnId { kind, value: v })),
                },
            }
        };
        let paragraph = match blank(&self.paragraph) {
            None => None,
            Some(v) => match v.parse::<u32>() {
                Ok(0) => return Err(WebError::Invalid(Detail::ParagraphFromOne)),
                Ok(n) => Some(ParagraphRef::Number(n)),
                Err(_) => return Err(WebError::Invalid(Detail::NotAParagraphNumber(v))),
            },
        };
        let date = |s: &str| -> Result<Option<Date>, WebError> {
            blank(s)
                .map(|v| Date::parse(&v).map_err(WebError::from))
                .transpose()
        };
        let in_campaign = match self.only.trim() {
            "" => None,
            "campaign" => Some(true),
            "unique" => Some(false),
            other => return Err(WebError::Invalid(Detail::BadSearchScope(other.into()))),
        };
        let page = match blank(&self.page) {
            None => 0,
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| WebError::Invalid(Detail::Unreadable(format!("page: {v:?}"))))?,
        };
        let mut q = SearchQuery::new(consultation, &self.q);
        q.paragraph = paragraph;
        q.region = blank(&self.region);
        q.from = date(&self.from)?;
        q.to = date(&self.to)?;
        q.campaign = id(&self.campaign, RecordKind::Campaign)?.map(CampaignId);
        q.theme = id(&self.theme, RecordKind::Theme)?.map(ThemeId);
        q.in_campaign = in_campaign;
        q.limit = HITS_PER_PAGE;
        q.offset = page.saturating_mul(HITS_PER_PAGE).min(usize::MAX / 2);
        Ok((q, page))
    }

    /// The page's address with this form's fields and another page number.
    fn href(&self, id: i64, page: usize) -> String {
        let mut url = format!("/consultations/{id}/search?q={}", encode_component(&self.q));
        for (name, value) in [
            ("paragraph", &self.paragraph),
            ("region", &self.region),
            ("from", &self.from),
            ("to", &self.to),
            ("campaign", &self.campaign),
            ("theme", &self.theme),
            ("only", &self.only),
        ] {
            if !value.trim().is_empty() {
                url.push_str(&format!("&{name}={}", encode_component(value.trim())));
            }
        }
        if page > 0 {
            url.push_str(&format!("&page={page}"));
        }
        url
    }
}

pub struct HitLine {
    pub anchor: String,
    pub label: String,
    pub pieces: Vec<(String, bool)>,
    pub cut_before: bool,
    pub cut_after: bool,
    pub paragraph: String,
    pub region: String,
    pub date: String,
}

pub struct ResultView {
    pub count: String,
    pub order: String,
    pub unindexed: usize,
    pub unindexed_text: String,
    pub first: usize,
    pub hits: Vec<HitLine>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    m: Msgs,
    nav: Nav,
    id: i64,
    title: String,
    form: SearchForm,
    error: Option<String>,
    result: Option<ResultView>,
}

fn result_view(m: Msgs, id: i64, form: &SearchForm, page: usize, r: &SearchResult) -> ResultView {
    let count = if r.exact {
        m.f("search-count", &[("n", &thousands(r.total))])
    } else {
        m.f("search-count-at-least", &[("n", &thousands(r.total))])
    };
    let order = match r.order {
        SearchOrder::Relevance => m.t("search-order-relevance"),
        SearchOrder::Newest => m.t("search-order-newest"),
    };
    let hits = r
        .hits
        .iter()
        .map(|h| {
            let (anchor, label) = match h.source {
                DocSource::Comment(c) => (
                    format!("c{c}"),
                    format!(
                        "{} {c}{}",
                        m.t("public-comment-no"),
                        h.source_id
                            .as_deref()
                            .map(|s| format!(" ({s})"))
                            .unwrap_or_default()
                    ),
                ),
                DocSource::Item(i) => (
                    format!("i{}", i.0),
                    format!("{} {}", m.t("search-item"), i.0),
                ),
            };
            HitLine {
                anchor,
                label,
                pieces: h
                    .excerpt
                    .pieces()
                    .into_iter()
                    .map(|(t, marked)| (t.to_string(), marked))
                    .collect(),
                cut_before: h.excerpt.cut_before,
                cut_after: h.excerpt.cut_after,
                paragraph: h.paragraph_number.map(|n| m.para(&n)).unwrap_or_default(),
                region: h.region.clone().unwrap_or_default(),
                date: h.submitted_at.map(|t| m.date(t)).unwrap_or_default(),
            }
        })
        .collect();
    let shown = (page + 1) * HITS_PER_PAGE;
    ResultView {
        count,
        order: order.to_string(),
        unindexed: r.unindexed,
        unindexed_text: m.f("search-unindexed", &[("n", &thousands(r.unindexed))]),
        first: page * HITS_PER_PAGE + 1,
        hits,
        prev: (page > 0).then(|| form.href(id, page - 1)),
        next: (shown < r.total && shown + HITS_PER_PAGE <= COUNT_CAP)
            .then(|| form.href(id, page + 1)),
    }
}

/// GET /consultations/{id}/search — the consultation's comments (and items) by words, with
/// the filters; the index is brought up to date first (a bounded catch-up, as the CLI does).
/// A bad field is said on the page beside the form (status 422), nothing else happens.
pub async fn search(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(form): Query<SearchForm>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let (c, _) = public_record(&state, &session, ConsultationId(id)).await?;
    let ctx = Ctx::new(session.user.person, now());
    let mut page = SearchPage {
        m,
        nav: Nav::new(m, &format!("/consultations/{id}/search"), Some(&session)),
        id,
        title: c.title.clone(),
        form: form.clone(),
        error: None,
        result: None,
    };
    if form.q.trim().is_empty() {
        return html(&page);
    }
    let outcome = match form.query(c.id) {
        Err(e) => Err(e),
        Ok((q, n)) => {
            state
                .app
                .index_new(&ctx, c.id, CATCH_UP)
                .await
                .map_err(hidden)?;
            match state.app.search(&ctx, &q).await {
                Ok(r) => Ok((r, n)),
                // The consultation is the caller's to see (checked above): a campaign or theme
                // that is not found is a bad filter, said as such.
                Err(AppError::Domain(d @ DomainError::NotFound { .. })) => {
                    Err(WebError::Invalid(Detail::Domain(d)))
                }
                Err(e) => Err(WebError::from(e)),
            }
        }
    };
    match outcome {
        Ok((r, n)) => {
            page.result = Some(result_view(m, id, &form, n, &r));
            html(&page)
        }
        Err(e @ WebError::Invalid(_)) => {
            page.error = Some(e.message(m));
            html_status(e.status(), &page)
        }
        Err(other) => Err(other.into()),
    }
}
