//! `yijian search` and `yijian index`: full-text search over a consultation's public comments
//! and items, and the index behind it.
//!
//! `search` first indexes what was added since the index's newest entry (at most
//! `app::search::CATCH_UP` texts, as the web page does); a larger backlog is left to
//! `yijian index`, and the answer says how many texts were not searched (`unindexed`).

use clap::Args;
use serde_json::{json, Value};
use yijian_app::search::{DocSource, CATCH_UP};
use yijian_app::{SearchQuery, SearchResult};
use yijian_core::ids::{CampaignId, ConsultationId, ThemeId};
use yijian_core::time::Date;

use super::args::{date, paragraph};
use super::{run, Global, Out};

#[derive(Args)]
pub struct SearchArgs {
    #[arg(long)]
    consultation: i64,
    /// Words to find (all of them); words written together are a phrase; one Chinese
    /// character is found inside words.
    query: String,
    /// A paragraph of the version consulted: its number (12) or id (id:345).
    #[arg(long, value_parser = paragraph)]
    paragraph: Option<yijian_app::ParagraphRef>,
    /// The region exactly as recorded with the comments.
    #[arg(long)]
    region: Option<String>,
    /// Submitted on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = date)]
    from: Option<Date>,
    /// Submitted on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = date)]
    to: Option<Date>,
    /// Only the members of this campaign (`yijian campaigns` lists them).
    #[arg(long)]
    campaign: Option<i64>,
    /// Only the comments now in this theme (`yijian themes` lists them).
    #[arg(long)]
    theme: Option<i64>,
    /// Only comments in a campaign (`campaign`) or in none (`unique`), by the current run.
    #[arg(long, value_parser = ["campaign", "unique"])]
    only: Option<String>,
    /// Hits per page (1–100).
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
}

#[derive(Args)]
pub struct IndexArgs {
    #[arg(long)]
    consultation: i64,
    /// Empty the consultation's index and build it again.
    #[arg(long)]
    rebuild: bool,
}

pub fn search(args: SearchArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let ctx = s.ctx().await?;
        let consultation = ConsultationId(args.consultation);
        s.app.index_new(&ctx, consultation, CATCH_UP).await?;
        let q = SearchQuery {
            consultation,
            text: args.query.clone(),
            paragraph: args.paragraph,
            region: args.region.clone(),
            from: args.from,
            to: args.to,
            campaign: args.campaign.map(CampaignId),
            theme: args.theme.map(ThemeId),
            in_campaign: args.only.as_deref().map(|o| o == "campaign"),
            limit: args.limit,
            offset: args.offset,
        };
        let r = s.app.search(&ctx, &q).await?;
        Ok(Out::new(result_json(&r), result_text(&r)))
    })
}

pub fn index(args: IndexArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let ctx = s.ctx().await?;
        let consultation = ConsultationId(args.consultation);
        let report = if args.rebuild {
            s.app.reindex(&ctx, consultation).await?
        } else {
            s.app.index_pending(&ctx, consultation).await?
        };
        Ok(Out::new(
            serde_json::to_value(report)?,
            format!(
                "indexed {} texts ({} characters), removed {}",
                report.indexed, report.chars, report.removed
            ),
        ))
    })
}

fn source(s: DocSource) -> (&'static str, i64) {
    match s {
        DocSource::Comment(id) => ("comment", id),
        DocSource::Item(id) => ("item", id.0),
    }
}

/// `{"total", "exact", "order", "unindexed", "hits": [{"id", "kind", "source_id",
/// "paragraph", "paragraph_id", "region", "submitted_at", "excerpt": {"text", "marks",
/// "cut_before", "cut_after"}}]}` — marks are character ranges of the excerpt's text.
fn result_json(r: &SearchResult) -> Value {
    let hits: Vec<Value> = r
        .hits
        .iter()
        .map(|h| {
            let (kind, id) = source(h.source);
            json!({
                "id": id,
                "kind": kind,
                "source_id": h.source_id,
                "paragraph": h.paragraph_number,
                "paragraph_id": h.paragraph.map(|p| p.0),
                "region": h.region,
                "submitted_at": h.submitted_at.map(|t| t.to_string()),
                "excerpt": h.excerpt,
            })
        })
        .collect();
    json!({
        "total": r.total,
        "exact": r.exact,
        "order": r.order,
        "unindexed": r.unindexed,
        "hits": hits,
    })
}

/// One line per hit, the marked words in 【】.
fn result_text(r: &SearchResult) -> String {
    let mut out = format!(
        "{}{} matches ({})",
        if r.exact { "" } else { "at least " },
        r.total,
        match r.order {
            yijian_app::search::SearchOrder::Relevance => "best first",
            yijian_app::search::SearchOrder::Newest => "newest first",
        }
    );
    if r.unindexed > 0 {
        out.push_str(&format!(
            "; {} texts not indexed yet (run `yijian index`)",
            r.unindexed
        ));
    }
    for h in &r.hits {
        let (kind, id) = source(h.source);
        let mut line = String::new();
        if h.excerpt.cut_before {
            line.push('…');
        }
        for (text, marked) in h.excerpt.pieces() {
            if marked {
                line.push_str(&format!("【{text}】"));
            } else {
                line.push_str(text);
            }
        }
        if h.excerpt.cut_after {
            line.push('…');
        }
        let line = line.replace('\n', " ");
        let label = h
            .source_id
            .clone()
            .unwrap_or_else(|| format!("{kind} {id}"));
        out.push_str(&format!("\n{label}: {line}"));
    }
    out
}
