//! Full-text search over a consultation's public comments and items (issue 7, part 5).
//!
//! **Indexing**: a bulk import indexes the comments it adds in its own transactions (see
//! `crate::public_comments`). [`App::index_pending`] finds
//! the texts of a consultation not yet in the index (public comments; the items of its
//! responses and hearings, an amended one again, a withdrawn one taken out), cuts them with
//! `yijian_text::search` on [`threads`] threads while the previous batch is written, and
//! writes them [`BATCH`] to a transaction in multi-row inserts. It is idempotent; an entry
//! already in the index is left alone. [`App::reindex`] empties the consultation's index
//! and builds it again. [`App::index_new`] brings the index up to date cheaply — the comments
//! added since its newest entry, and the items — for the search pages to call first. The
//! index is derived data, rebuilt from the record at will: it is not audited.
//!
//! **Searching** ([`App::search`]) is read-only. The query is cut the same way as the texts
//! (`yijian_text::search::Term`: words, phrases, single characters); the filters are
//! paragraph, region, submission dates, and what the analysis found: a campaign (its members
//! in its run), a theme (the comments whose current theme it is) and "in a campaign or not"
//! (of the current campaign run) — each an `EXISTS` on the analysis' tables, answered by
//! their primary keys. A campaign or theme of another consultation is "not found".
//!
//! **Order**: at most [`COUNT_CAP`] matches are counted (beyond: "at least"); fewer than
//! [`RANK_BELOW`] are all read and ranked by relevance (`Segmenter::relevance`, the same on
//! both databases), more come newest first without scoring any (see `yijian_store::search`). Only those who see the dossier's record may search
//! (`rules::check_search`).

use serde::Serialize;
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::rules;
use yijian_core::time::{Date, Instant};
use yijian_core::DomainError;
use yijian_store::{
    Backend, BulkTable, IndexEntry, IndexRows, RunKind, SearchSpec, SourceText, Tx,
};
use yijian_text::search::{Excerpt, IndexTokens, Term};
use yijian_text::segment::Segmenter;

pub use yijian_store::DocSource;

/// In which order hits come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    /// Best match first (fewer than [`RANK_BELOW`] matches), ties newest first.
    Relevance,
    /// Newest first: many matches, or only single characters to look for.
    Newest,
}

use crate::accounts::access_in;
use crate::versions::paragraph_by_number;
use crate::workbench::paragraph_numbers;
use crate::{actor, found, App, Ctx, ParagraphRef, Result};

/// Matches are counted up to this many; beyond, the count is "at least" and pages stop.
pub const COUNT_CAP: usize = 10_000;
/// Fewer matches than this are ranked by relevance (all of them are read and scored by
/// `Segmenter::relevance`); more come newest first.
pub const RANK_BELOW: usize = 500;
/// Hits per page, at most.
pub const MAX_LIMIT: usize = 100;
/// A query's length, at most.
pub const MAX_QUERY_CHARS: usize = 200;
/// Terms (words, phrases, characters) of a query, at most.
pub const MAX_TERMS: usize = 10;
/// Characters of a hit's excerpt.
pub const EXCERPT_CHARS: usize = 120;
/// Texts indexed per transaction.
pub const BATCH: usize = 20_000;

/// Below twice this many entries a batch is written in one transaction on PostgreSQL too.
const PARALLEL_WRITE_MIN: usize = 1_000;
/// How many new texts the search pages index before searching; a larger backlog is left to
/// `yijian index` (the page says how many texts are not searchable yet).
pub const CATCH_UP: usize = 5_000;

/// A search of one consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    pub consultation: ConsultationId,
    pub text: String,
    /// A paragraph of the version consulted, by number or id.
    pub paragraph: Option<ParagraphRef>,
    pub region: Option<String>,
    /// Submitted on or after this day / on or before this day (UTC).
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Only the members of this campaign (of the consultation).
    pub campaign: Option<CampaignId>,
    /// Only the comments now in this theme (of the consultation).
    pub theme: Option<ThemeId>,
    /// Only comments in a campaign of the current run (`true`), or in none (`false`).
    pub in_campaign: Option<bool>,
    pub limit: usize,
    pub offset: usize,
}

impl SearchQuery {
    /// A first page of 20 hits for `text`, without filters.
    pub fn new(consultation: ConsultationId, text: &str) -> SearchQuery {
        SearchQuery {
            consultation,
            text: text.to_string(),
            paragraph: None,
            region: None,
            from: None,
            to: None,
            campaign: None,
            theme: None,
            in_campaign: None,
            limit: 20,
            offset: 0,
        }
    }
}

/// One hit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub source: DocSource,
    /// The source's own id of a public comment.
    pub source_id: Option<String>,
    pub paragraph: Option<ParagraphId>,
    /// The paragraph's number in the version consulted.
    pub paragraph_number: Option<u32>,
    pub region: Option<String>,
    pub submitted_at: Option<Instant>,
    pub excerpt: Excerpt,
}

/// A page of hits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchResult {
    /// Matches: exactly this many when `exact`, else at least this many.
    pub total: usize,
    pub exact: bool,
    pub order: SearchOrder,
    /// Texts of the consultation not in the index yet (at least this many): not searched.
    pub unindexed: usize,
    /// What the query was understood as.
    pub terms: Vec<Term>,
    pub hits: Vec<SearchHit>,
}

/// What an indexing run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct IndexReport {
    /// Texts added to the index (an amended item counts here and in `removed`).
    pub indexed: usize,
    pub removed: usize,
    /// Characters cut.
    pub chars: usize,
}

/// Threads that cut texts while the database writes: the machine's cores, at most 4.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

/// Which comments an indexing run looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// Every comment not in the index.
    All,
    /// Only comments newer than the newest one in the index.
    New,
}

impl App {
    /// Search a consultation's comments and items (see the module documentation).
    pub async fn search(&self, ctx: &Ctx, q: &SearchQuery) -> Result<SearchResult> {
        let mut tx = self.read().await?;
        let out = search_in(&mut tx, ctx, q).await;
        tx.rollback().await?;
        out
    }

    /// Index every text of the consultation that is not in the index (or changed since).
    pub async fn index_pending(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
    ) -> Result<IndexReport> {
        self.check_search(ctx, consultation).await?;
        self.index_run(consultation, Scan::All, usize::MAX).await
    }

    /// Index what was added since the index's newest entry — at most `max` comments — and
    /// the items that changed: cheap when little is new, for the search pages to call first.
    pub async fn index_new(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        max: usize,
    ) -> Result<IndexReport> {
        self.check_search(ctx, consultation).await?;
        self.index_run(consultation, Scan::New, max).await
    }

    /// Empty the consultation's index and build it again.
    pub async fn reindex(&self, ctx: &Ctx, consultation: ConsultationId) -> Result<IndexReport> {
        self.check_search(ctx, consultation).await?;
        let mut tx = self.begin().await?;
        let removed = tx.clear_index(Some(consultation)).await?;
        tx.commit().await?;
        let mut report = self.index_run(consultation, Scan::All, usize::MAX).await?;
        report.removed += removed;
        Ok(report)
    }

    async fn check_search(&self, ctx: &Ctx, consultation: ConsultationId) -> Result<()> {
        let mut tx = self.read().await?;
        let out = check_in(&mut tx, ctx, consultation).await;
        tx.rollback().await?;
        out.map(|_| ())
    }

    async fn index_run(
        &self,
        consultation: ConsultationId,
        scan: Scan,
        max: usize,
    ) -> Result<IndexReport> {
        let mut report = IndexReport::default();
        self.index_items(consultation, &mut report).await?;
        let mut after = match scan {
            Scan::All => 0,
            Scan::New => {
                let mut tx = self.read().await?;
                let newest = tx.newest_indexed_comment(consultation).await?;
                tx.rollback().await?;
                newest
            }
        };
        // Read batch k+1 and cut it while batch k is written.
        let backend = self.backend();
        let mut cut: Option<IndexRows> = None;
        let mut read = 0;
        while read < max {
            let mut tx = self.read().await?;
            let rows = tx
                .unindexed_comments(consultation, after, BATCH.min(max - read))
                .await?;
            tx.rollback().await?;
            let Some(last) = rows.last() else {
                break;
            };
            if let DocSource::Comment(id) = last.source {
                after = id;
            }
            read += rows.len();
            report.chars += rows.iter().map(|r| r.text.chars().count()).sum::<usize>();
            let (written, entries) = tokio::join!(
                self.write_entries(cut.take(), scan),
                cut_texts(rows, backend)
            );
            report.indexed += written?;
            cut = Some(entries?);
        }
        report.indexed += self.write_entries(cut, scan).await?;
        self.refresh_statistics(BulkTable::SearchIndex, report.indexed)
            .await?;
        Ok(report)
    }

    /// Bring the consultation's items into the index: new ones added, amended ones replaced,
    /// withdrawn ones removed.
    async fn index_items(
        &self,
        consultation: ConsultationId,
        report: &mut IndexReport,
    ) -> Result<()> {
        let mut tx = self.read().await?;
        let states = tx.item_index_states(consultation).await?;
        tx.rollback().await?;
        let mut remove = Vec::new();
        let mut add = Vec::new();
        for s in states {
            let digest = yijian_core::audit::digest(s.text.text.as_bytes());
            if s.withdrawn {
                if s.indexed {
                    remove.push(s.text.source);
                }
            } else if !s.indexed || s.indexed_digest.as_deref() != Some(digest.as_str()) {
                if s.indexed {
                    remove.push(s.text.source);
                }
                report.chars += s.text.text.chars().count();
                add.push(SourceText {
                    digest: Some(digest),
                    ..s.text
                });
            }
        }
        if remove.is_empty() && add.is_empty() {
            return Ok(());
        }
        let rows = cut_texts(add, self.backend()).await?;
        let mut tx = self.begin().await?;
        tx.unindex(&remove).await?;
        report.removed += remove.len();
        report.indexed += tx.write_index(rows).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Write a batch of entries. On PostgreSQL in two halves on two connections at once:
    /// the server's work (parsing the token lists, the GIN and B-tree inserts) is most of the
    /// indexing time and one backend uses one core. Each half is its own transaction; a half
    /// that fails leaves its comments unindexed, for the next run to find. SQLite has one
    /// writer at a time, so there it is one transaction.
    ///
    /// Only a full scan ([`Scan::All`]) splits: a catch-up ([`Scan::New`]) starts after the
    /// newest entry, so it would step over the comments of a failed lower half.
    async fn write_entries(&self, rows: Option<IndexRows>, scan: Scan) -> Result<usize> {
        let Some(rows) = rows.filter(|r| !r.is_empty()) else {
            return Ok(0);
        };
        if self.backend() == Backend::Sqlite
            || scan == Scan::New
            || rows.len() < 2 * PARALLEL_WRITE_MIN
        {
            return self.write_part(rows).await;
        }
        let (a, b) = rows.split_half();
        let (a, b) = tokio::join!(self.write_part(a), self.write_part(b));
        Ok(a? + b?)
    }

    async fn write_part(&self, rows: IndexRows) -> Result<usize> {
        let mut tx = self.begin().await?;
        let n = tx.write_index(rows).await?;
        tx.commit().await?;
        Ok(n)
    }
}

/// Cut texts into index entries and encode them for the database, on [`threads`]
/// blocking threads, keeping their order.
pub(crate) async fn cut_texts(texts: Vec<SourceText>, backend: Backend) -> Result<IndexRows> {
    let n = threads();
    let per = texts.len().div_ceil(n).max(1);
    let mut parts: Vec<Vec<SourceText>> = Vec::with_capacity(n);
    let mut rest = texts;
    while rest.len() > per {
        let tail = rest.split_off(per);
        parts.push(std::mem::replace(&mut rest, tail));
    }
    parts.push(rest);
    let handles: Vec<_> = parts
        .into_iter()
        .map(|part| tokio::task::spawn_blocking(move || cut_part(part, backend)))
        .collect();
    let mut out = IndexRows::new(backend, &[]);
    for h in handles {
        out.append(
            h.await
                .map_err(|e| crate::AppError::Input(format!("indexing failed: {e}")))?,
        );
    }
    Ok(out)
}

fn cut_part(texts: Vec<SourceText>, backend: Backend) -> IndexRows {
    let seg = Segmenter::shared();
    let mut tokens = IndexTokens::default();
    let entries: Vec<IndexEntry> = texts
        .into_iter()
        .map(|t| {
            seg.index_tokens(&t.text, &mut tokens);
            IndexEntry {
                source: t.source,
                consultation: t.consultation,
                paragraph: t.paragraph,
                region: t.region,
                submitted_at: t.submitted_at,
                digest: t.digest,
                words: tokens.words.clone(),
            }
        })
        .collect();
    IndexRows::new(backend, &entries)
}

async fn check_in(
    tx: &mut Tx,
    ctx: &Ctx,
    consultation: ConsultationId,
) -> Result<yijian_core::model::Consultation> {
    let Some(c) = found(tx.consultation(consultation).await)? else {
        return Err(DomainError::not_found(
            yijian_core::error::RecordKind::Consultation,
            consultation,
        )
        .into());
    };
    let who = actor(tx, Some(c.dossier), ctx.person).await?;
    let access = access_in(tx, &who, &c, ctx.now).await?;
    rules::check_search(&who, consultation, access)?;
    Ok(c)
}

/// The query's terms, checked: not empty, not too long.
pub fn parse_query(text: &str) -> Result<Vec<Term>> {
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(too_long());
    }
    let terms = Segmenter::shared().parse_query(text);
    if terms.is_empty() {
        return Err(DomainError::SearchQueryEmpty.into());
    }
    if terms.len() > MAX_TERMS {
        return Err(too_long());
    }
    Ok(terms)
}

fn too_long() -> crate::AppError {
    DomainError::SearchQueryTooLong {
        max_chars: MAX_QUERY_CHARS,
        max_terms: MAX_TERMS,
    }
    .into()
}

async fn search_in(tx: &mut Tx, ctx: &Ctx, q: &SearchQuery) -> Result<SearchResult> {
    let c = check_in(tx, ctx, q.consultation).await?;
    let terms = parse_query(&q.text)?;
    if q.limit == 0 || q.limit > MAX_LIMIT {
        return Err(DomainError::SearchLimitOutOfRange {
            given: q.limit,
            max: MAX_LIMIT,
        }
        .into());
    }
    if q.offset + q.limit > COUNT_CAP {
        return Err(DomainError::SearchPageTooDeep { max: COUNT_CAP }.into());
    }
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if to < from {
            return Err(DomainError::DateRangeInverted {
                from: from.to_string(),
                to: to.to_string(),
            }
            .into());
        }
    }
    // Paragraphs by their number in the version consulted.
    let blocks = match c.version {
        Some(v) => tx.blocks(v).await?,
        None => Vec::new(),
    };
    let paragraph = match (q.paragraph, c.version) {
        (None, _) => None,
        (Some(ParagraphRef::Id(p)), _) => Some(p),
        (Some(ParagraphRef::Number(n)), Some(v)) => Some(paragraph_by_number(v, &blocks, n)?),
        (Some(ParagraphRef::Number(_)), None) => return Err(DomainError::NoDraftToAnchor.into()),
    };
    let numbers = paragraph_numbers(&blocks);
    let mut phrases = Vec::new();
    let mut chars = Vec::new();
    for t in &terms {
        match t {
            Term::Word(w) => phrases.push(vec![w.clone()]),
            Term::Phrase(ws) => phrases.push(ws.clone()),
            Term::Char(c) => chars.push(*c),
        }
    }
    let region = q
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    let campaign = match q.campaign {
        None => None,
        Some(id) => {
            let (run, _) = tx.campaign(id).await?;
            if tx.run_consultation(run).await? != q.consultation {
                return Err(DomainError::not_found(RecordKind::Campaign, id).into());
            }
            Some((run, id))
        }
    };
    let theme = match q.theme {
        None => None,
        Some(id) => {
            let t = tx.theme(id).await?;
            if tx.run_consultation(t.run).await? != q.consultation {
                return Err(DomainError::not_found(RecordKind::Theme, id).into());
            }
            Some((t.run, t.paragraph.is_some(), id))
        }
    };
    let in_campaign = match q.in_campaign {
        None => None,
        Some(inside) => {
            let run = tx
                .current_run(q.consultation, RunKind::Campaigns)
                .await?
                .map_or(AnalysisRunId(0), |r| r.id);
            Some((run, inside))
        }
    };
    let spec = SearchSpec {
        consultation: q.consultation,
        campaign,
        theme,
        in_campaign,
        phrases,
        chars,
        paragraph,
        region,
        from: q.from.map(Date::start),
        to: q.to.map(|d| Instant(d.start().0 + 86_400_000)),
        limit: q.limit,
        offset: q.offset,
        count_cap: COUNT_CAP,
        rank_below: RANK_BELOW,
    };
    let page = tx.search(&spec).await?;
    let seg = Segmenter::shared();
    let (order, stored) = if page.complete {
        // Few matches: all of them are here, newest first; rank them, then cut the page.
        let texts: Vec<&str> = page.hits.iter().map(|h| h.text.as_str()).collect();
        let scores = seg.relevance(&texts, &terms);
        let mut ranked: Vec<(f64, yijian_store::StoredHit)> =
            scores.into_iter().zip(page.hits).collect();
        // A stable sort keeps newest first among equal scores.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let hits = ranked
            .into_iter()
            .skip(q.offset)
            .take(q.limit)
            .map(|(_, h)| h)
            .collect();
        (SearchOrder::Relevance, hits)
    } else {
        (SearchOrder::Newest, page.hits)
    };
    let hits = stored
        .into_iter()
        .map(|h| SearchHit {
            excerpt: seg.excerpt(&h.text, &terms, EXCERPT_CHARS),
            source: h.source,
            source_id: h.source_id,
            paragraph_number: h.paragraph.and_then(|p| numbers.get(&p).copied()),
            paragraph: h.paragraph,
            region: h.region,
            submitted_at: h.submitted_at,
        })
        .collect();
    let unindexed = unindexed(tx, q.consultation).await?;
    Ok(SearchResult {
        total: page.total,
        exact: page.exact,
        order,
        unindexed,
        terms,
        hits,
    })
}

/// Texts of a consultation not searchable yet (at least this many): comments newer than the
/// index's newest, and items new or changed since they were indexed.
async fn unindexed(tx: &mut Tx, consultation: ConsultationId) -> Result<usize> {
    let newest = tx.newest_indexed_comment(consultation).await?;
    let comments = tx.comments_after(consultation, newest, COUNT_CAP).await?;
    let items = tx
        .item_index_states(consultation)
        .await?
        .into_iter()
        .filter(|s| {
            if s.withdrawn {
                return s.indexed;
            }
            let digest = yijian_core::audit::digest(s.text.text.as_bytes());
            s.indexed_digest.as_deref() != Some(digest.as_str())
        })
        .count();
    Ok(comments + items)
}
