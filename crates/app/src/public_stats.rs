//! The figures of a public consultation's comments: how many, how many in campaigns, per
//! paragraph (numbered as the version page numbers them), per day, per region; and each view
//! as a table to export. Counted by queries, never from a cache.

use serde::Serialize;
use yijian_core::ids::*;
use yijian_core::time::{Date, Instant};
use yijian_report::table::{Cell, Table};
use yijian_report::Lang;
use yijian_store::RunKind;

use crate::public_analysis::check_reader;
use crate::workbench::paragraph_numbers;
use crate::{App, Ctx, Result};

/// Comments on one paragraph (or general ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParagraphFigure {
    pub paragraph: Option<ParagraphId>,
    /// The paragraph's number in the version under consultation.
    pub number: Option<u32>,
    pub comments: i64,
    pub in_campaigns: i64,
}

/// The figures of a public consultation's comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentStatistics {
    pub consultation: ConsultationId,
    pub comments: i64,
    /// Comments in a campaign of the current campaign run, and how many campaigns.
    pub in_campaigns: i64,
    pub campaigns: i64,
    pub by_paragraph: Vec<ParagraphFigure>,
    /// Per UTC day of writing (of receipt when the source gave no date).
    pub by_day: Vec<(Date, i64)>,
    /// Per region as given (`None`: not given), most first.
    pub by_region: Vec<(Option<String>, i64)>,
}

impl CommentStatistics {
    /// Comments in no campaign.
    pub fn unique(&self) -> i64 {
        self.comments - self.in_campaigns
    }

    /// "N comments, of which M in K campaigns": campaigns are counted, never subtracted.
    pub fn headline(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!(
                "共{}条意见，其中{}条属于{}组重复意见",
                self.comments, self.in_campaigns, self.campaigns
            ),
            Lang::En => format!(
                "{} comments, of which {} in {} campaigns",
                self.comments, self.in_campaigns, self.campaigns
            ),
        }
    }
}

/// The views that can be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatisticsView {
    Paragraph,
    Day,
    Region,
}

impl App {
    /// The figures of a public consultation's comments (record holders).
    pub async fn comment_statistics(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
    ) -> Result<CommentStatistics> {
        let mut tx = self.read().await?;
        let c = check_reader(&mut tx, ctx, consultation).await?;
        let run = tx.current_run(consultation, RunKind::Campaigns).await?;
        let (campaigns, in_campaigns) = match &run {
            Some(r) => tx.campaign_totals(r.id).await?,
            None => (0, 0),
        };
        let numbers = match c.version {
            Some(v) => paragraph_numbers(&tx.blocks(v).await?),
            None => Default::default(),
        };
        let by_paragraph = tx
            .comments_per_paragraph(consultation, run.as_ref().map(|r| r.id))
            .await?
            .into_iter()
            .map(|p| ParagraphFigure {
                number: p.paragraph.and_then(|id| numbers.get(&id).copied()),
                paragraph: p.paragraph,
                comments: p.comments,
                in_campaigns: p.in_campaigns,
            })
            .collect();
        let by_day = tx
            .comments_per_day(consultation)
            .await?
            .into_iter()
            .map(|(day, n)| (Date::of(Instant(day * 86_400_000)), n))
            .collect();
        let stats = CommentStatistics {
            consultation,
            comments: tx.public_comment_count(consultation).await? as i64,
            in_campaigns,
            campaigns,
            by_paragraph,
            by_day,
            by_region: tx.comments_per_region(consultation).await?,
        };
        tx.rollback().await?;
        Ok(stats)
    }
}

/// One view of the figures as a table to export.
pub fn statistics_table(s: &CommentStatistics, view: StatisticsView, lang: Lang) -> Table {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en).to_string();
    match view {
        StatisticsView::Paragraph => Table {
            title: t("按段统计", "By paragraph"),
            columns: vec![
                t("段", "Paragraph"),
                t("意见数", "Comments"),
                t("其中重复意见", "In campaigns"),
            ],
            rows: s
                .by_paragraph
                .iter()
                .map(|p| {
                    vec![
                        Cell::from(paragraph_label(p.paragraph, p.number, lang)),
                        p.comments.into(),
                        p.in_campaigns.into(),
                    ]
                })
                .collect(),
        },
        StatisticsView::Day => Table {
            title: t("按日统计", "By day"),
            columns: vec![t("日期", "Date"), t("意见数", "Comments")],
            rows: s
                .by_day
                .iter()
                .map(|(d, n)| vec![Cell::from(d.to_string()), (*n).into()])
                .collect(),
        },
        StatisticsView::Region => Table {
            title: t("按地区统计", "By region"),
            columns: vec![t("地区", "Region"), t("意见数", "Comments")],
            rows: s
                .by_region
                .iter()
                .map(|(r, n)| {
                    let region = r.clone().unwrap_or_else(|| t("未注明", "Not given"));
                    vec![Cell::from(region), (*n).into()]
                })
                .collect(),
        },
    }
}

/// A paragraph as the exports name it: by its number in the version under consultation,
/// "general" for a comment on no paragraph, by id if the version does not number it.
pub(crate) fn paragraph_label(
    paragraph: Option<ParagraphId>,
    number: Option<u32>,
    lang: Lang,
) -> String {
    match (paragraph, number) {
        (None, _) => lang.pick("总体意见", "General").to_string(),
        (Some(_), Some(n)) => match lang {
            Lang::Zh => format!("第{n}段"),
            Lang::En => format!("¶ {n}"),
        },
        (Some(id), None) => format!("#{id}"),
    }
}
