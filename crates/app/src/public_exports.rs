//! The campaign and theme views as tables to export (.csv/.xlsx through
//! `yijian_report::table`): the current run's campaigns, one campaign's members with how each
//! differs from the representative, the current run's themes, one theme's comments.
//!
//! Each table is read in one snapshot, page after page through the store's keyset reads (a
//! range of an index each, never an OFFSET), and holds every row: nothing is cut. The table
//! is built in memory, ~850 bytes a row of a 200-character comment: a theme of 1,000,000
//! comments is a table of ~0.85 GB (see ARCHITECTURE.md, `app`, for the files' peaks). Who
//! may read them is who may read the pages: the dossier's record holders (`check_reader`).

use std::collections::HashMap;

use yijian_core::ids::*;
use yijian_core::model::Consultation;
use yijian_core::time::Instant;
use yijian_report::table::{Cell, Table};
use yijian_report::Lang;
use yijian_store::{CommentText, RunKind, ThemeCursor, Tx};
use yijian_text::campaign::{difference, Wording};

use crate::public_analysis::{check_reader, theme_terms};
use crate::public_stats::paragraph_label;
use crate::workbench::paragraph_numbers;
use crate::{App, Ctx, Result};

/// Rows read per page by the exports: a page costs what the first does, so the size only
/// trades round trips for the memory of one page.
pub const EXPORT_PAGE_ROWS: i64 = 1_000;

/// The text engine's wording of a difference in a report's language.
pub fn wording(lang: Lang) -> Wording {
    match lang {
        Lang::Zh => Wording::Chinese,
        Lang::En => Wording::English,
    }
}

impl App {
    /// The current campaigns, largest first: position, id, size, representative (source id
    /// and text), first and last seen. Read `page_rows` at a time.
    pub async fn campaigns_table(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        lang: Lang,
        page_rows: i64,
    ) -> Result<Table> {
        let mut tx = self.read().await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let t = |zh, en| lang.pick(zh, en).to_string();
        let mut table = Table {
            title: t("重复意见", "Campaigns"),
            columns: vec![
                t("序号", "Position"),
                t("编号", "Id"),
                t("意见数", "Comments"),
                t("代表意见来源编号", "Representative's source id"),
                t("最早", "First seen"),
                t("最晚", "Last seen"),
                t("代表意见", "Representative text"),
            ],
            rows: Vec::new(),
        };
        if let Some(run) = tx.current_run(consultation, RunKind::Campaigns).await? {
            let mut after = -1;
            loop {
                let page = tx.campaigns_after(run.id, after, page_rows).await?;
                let Some(last) = page.last() else { break };
                after = last.position;
                table.rows.extend(page.into_iter().map(|c| {
                    vec![
                        (c.position + 1).into(),
                        c.id.0.into(),
                        c.size.into(),
                        c.representative_source.into(),
                        time(c.first_seen),
                        time(c.last_seen),
                        c.representative_text.into(),
                    ]
                }));
            }
        }
        tx.rollback().await?;
        Ok(table)
    }

    /// Every member of a campaign, by id: source id, time, region, paragraph, text, and how it
    /// differs from the representative (counts and the edits worded in `lang`). Read
    /// `page_rows` at a time.
    pub async fn campaign_members_table(
        &self,
        ctx: &Ctx,
        campaign: CampaignId,
        lang: Lang,
        page_rows: i64,
    ) -> Result<Table> {
        let mut tx = self.read().await?;
        let (run, head) = tx.campaign(campaign).await?;
        let consultation = tx.run_consultation(run).await?;
        let c = check_reader(&mut tx, ctx, consultation).await?;
        let numbers = numbers_of(&mut tx, &c).await?;
        let t = |zh, en| lang.pick(zh, en).to_string();
        let mut table = Table {
            title: match lang {
                Lang::Zh => format!("重复意见{campaign}"),
                Lang::En => format!("Campaign {campaign}"),
            },
            columns: [
                comment_columns(lang),
                vec![
                    t("段", "Paragraph"),
                    t("意见", "Text"),
                    t("多出字数", "Characters inserted"),
                    t("缺少字数", "Characters deleted"),
                    t("改动处数", "Edits"),
                    t("与代表意见的差异", "How it differs from the representative"),
                ],
            ]
            .concat(),
            rows: Vec::new(),
        };
        let mut after = 0;
        loop {
            let page = tx.campaign_members(campaign, after, page_rows).await?;
            let Some(last) = page.last() else { break };
            after = last.id.0;
            table.rows.extend(page.into_iter().map(|m| {
                let d = difference(&head.representative_text, &m.text);
                let paragraph = paragraph_label(
                    m.paragraph,
                    m.paragraph.and_then(|p| numbers.get(&p).copied()),
                    lang,
                );
                let mut row = comment_cells(&m);
                row.extend([
                    paragraph.into(),
                    m.text.into(),
                    count(d.inserted),
                    count(d.deleted),
                    count(d.edits),
                    d.summary_in(wording(lang)).into(),
                ]);
                row
            }));
        }
        tx.rollback().await?;
        Ok(table)
    }

    /// The current themes, overall then per paragraph: id, scope, size, top terms and the
    /// source ids of the comments each shows first. A run has a few dozen themes a level,
    /// so they are read in one list.
    pub async fn themes_table(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        lang: Lang,
    ) -> Result<Table> {
        let mut tx = self.read().await?;
        let c = check_reader(&mut tx, ctx, consultation).await?;
        let numbers = numbers_of(&mut tx, &c).await?;
        let t = |zh, en| lang.pick(zh, en).to_string();
        let mut table = Table {
            title: t("主题", "Themes"),
            columns: vec![
                t("编号", "Id"),
                t("范围", "Scope"),
                t("意见数", "Comments"),
                t("主要词语", "Top terms"),
                t("代表意见来源编号", "Representatives' source ids"),
            ],
            rows: Vec::new(),
        };
        if let Some(run) = tx.current_run(consultation, RunKind::Themes).await? {
            for theme in tx.run_themes(run.id).await? {
                let representatives = tx.theme_representatives(theme.id).await?;
                let scope = match theme.paragraph {
                    None => t("总体", "Overall"),
                    Some(p) => paragraph_label(Some(p), numbers.get(&p).copied(), lang),
                };
                let terms = if theme.unclassified {
                    t("未归类", "Unclassified")
                } else {
                    theme_terms(&theme)?
                        .iter()
                        .map(|(w, _)| w.as_str())
                        .collect::<Vec<_>>()
                        .join(" · ")
                };
                table.rows.push(vec![
                    theme.id.0.into(),
                    scope.into(),
                    theme.size.into(),
                    terms.into(),
                    representatives.join(lang.pick("、", ", ")).into(),
                ]);
            }
        }
        tx.rollback().await?;
        Ok(table)
    }

    /// Every comment of a theme, representatives first and then the others, each by id:
    /// source id, time, region, text. Read `page_rows` at a time.
    pub async fn theme_comments_table(
        &self,
        ctx: &Ctx,
        theme: ThemeId,
        lang: Lang,
        page_rows: i64,
    ) -> Result<Table> {
        let mut tx = self.read().await?;
        let row = tx.theme(theme).await?;
        let consultation = tx.run_consultation(row.run).await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let mut table = Table {
            title: match lang {
                Lang::Zh => format!("主题{theme}"),
                Lang::En => format!("Theme {theme}"),
            },
            columns: [
                comment_columns(lang),
                vec![lang.pick("意见", "Text").into()],
            ]
            .concat(),
            rows: Vec::new(),
        };
        let mut from = Some(ThemeCursor::default());
        while let Some(at) = from {
            let (page, next) = tx.theme_comments(theme, at, page_rows).await?;
            table.rows.extend(page.into_iter().map(|c| {
                let mut row = comment_cells(&c);
                row.push(c.text.into());
                row
            }));
            from = next;
        }
        tx.rollback().await?;
        Ok(table)
    }
}

/// The paragraph numbers of the version under consultation.
async fn numbers_of(tx: &mut Tx, c: &Consultation) -> Result<HashMap<ParagraphId, u32>> {
    Ok(match c.version {
        Some(v) => paragraph_numbers(&tx.blocks(v).await?),
        None => HashMap::new(),
    })
}

/// The headings of [`comment_cells`].
fn comment_columns(lang: Lang) -> Vec<String> {
    vec![
        lang.pick("来源编号", "Source id").into(),
        lang.pick(
            "提交时间（未注明时为收到时间）",
            "Submitted (received if not given)",
        )
        .into(),
        lang.pick("地区", "Region").into(),
    ]
}

/// Who sent a comment from where and when: its source id, when it was written (when it was
/// received if the source gave no time), its region (empty if not given).
fn comment_cells(c: &CommentText) -> Vec<Cell> {
    vec![
        c.source_id.clone().into(),
        time(Some(c.submitted_at.unwrap_or(c.received_at))),
        c.region.clone().unwrap_or_default().into(),
    ]
}

/// An instant as a UTC timestamp, or an empty cell.
fn time(t: Option<Instant>) -> Cell {
    t.map(|t| t.to_string()).unwrap_or_default().into()
}

fn count(n: usize) -> Cell {
    Cell::Number(n as f64)
}
