//! The figures of a public consultation's comments, counted by queries: per paragraph, per
//! day, per region, and how many are in campaigns.

use yijian_core::ids::*;

use crate::rows::*;
use crate::{Result, Tx};

/// Comments per paragraph (`None`: general comments), with how many of them are in a
/// campaign of the given run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphCount {
    pub paragraph: Option<ParagraphId>,
    pub comments: i64,
    pub in_campaigns: i64,
}

impl Tx {
    /// Comments on each paragraph (general comments left out), in one grouped query that
    /// the `(consultation, paragraph)` index answers alone — the version page's heat map.
    pub async fn comments_on_paragraphs(
        &mut self,
        consultation: ConsultationId,
    ) -> Result<Vec<(ParagraphId, i64)>> {
        let rows = sqlx::query(
            "SELECT paragraph, COUNT(*) AS n FROM public_comment
             WHERE consultation = $1 AND paragraph IS NOT NULL
             GROUP BY paragraph",
        )
        .bind(consultation.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((ParagraphId(int(r, "paragraph")?), int(r, "n")?)))
            .collect()
    }

    /// Per paragraph, in paragraph id order, general comments first.
    pub async fn comments_per_paragraph(
        &mut self,
        consultation: ConsultationId,
        campaign_run: Option<AnalysisRunId>,
    ) -> Result<Vec<ParagraphCount>> {
        let rows = sqlx::query(
            "SELECT p.paragraph AS paragraph, COUNT(*) AS n, COUNT(m.comment) AS in_campaigns
             FROM public_comment p
             LEFT JOIN campaign_member m ON m.comment = p.id AND m.run = $2
             WHERE p.consultation = $1
             GROUP BY p.paragraph ORDER BY p.paragraph",
        )
        .bind(consultation.0)
        .bind(campaign_run.map_or(0, |r| r.0))
        .fetch_all(self.conn())
        .await?;
        let mut out: Vec<ParagraphCount> = rows
            .iter()
            .map(|r| {
                Ok(ParagraphCount {
                    paragraph: opt_int(r, "paragraph")?.map(ParagraphId),
                    comments: int(r, "n")?,
                    in_campaigns: int(r, "in_campaigns")?,
                })
            })
            .collect::<Result<_>>()?;
        // NULL sorts first on SQLite and last on PostgreSQL: put general comments first on both.
        out.sort_by_key(|c| c.paragraph.map_or(i64::MIN, |p| p.0));
        Ok(out)
    }

    /// Per UTC day (days since 1970-01-01) of writing, or of receipt when the source gave no
    /// date, in day order.
    pub async fn comments_per_day(
        &mut self,
        consultation: ConsultationId,
    ) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT COALESCE(submitted_at, received_at) / 86400000 AS day, COUNT(*) AS n
             FROM public_comment WHERE consultation = $1
             GROUP BY COALESCE(submitted_at, received_at) / 86400000 ORDER BY day",
        )
        .bind(consultation.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((int(r, "day")?, int(r, "n")?)))
            .collect()
    }

    /// Per region as the source gave it (`None`: not given), most comments first.
    pub async fn comments_per_region(
        &mut self,
        consultation: ConsultationId,
    ) -> Result<Vec<(Option<String>, i64)>> {
        let rows = sqlx::query(
            "SELECT region, COUNT(*) AS n FROM public_comment WHERE consultation = $1
             GROUP BY region ORDER BY COUNT(*) DESC, region",
        )
        .bind(consultation.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((opt_text(r, "region")?, int(r, "n")?)))
            .collect()
    }
}
