//! Campaigns of a public consultation: comments that say the same thing, sent many times with
//! small edits, found by the text engine (`yijian_text::campaign`: exact duplicates after
//! normalisation, then MinHash/LSH with every candidate pair verified) and stored as a run.
//! Campaigns are shown, never deleted: every comment stays, and the figures say "N comments,
//! of which M in K campaigns".
//!
//! The comments are read in a snapshot page by page and pushed into the detector, which keeps
//! what it needs (not the texts); the results are written in one transaction.

use serde::Serialize;
use yijian_core::ids::*;
use yijian_core::time::Instant;
use yijian_store::{CampaignRow, CommentText, NewCampaign, RunKind};
use yijian_text::campaign::{difference, CampaignDetector, Difference, Params};

use crate::public_analysis::{check_analyst, check_reader};
use crate::{record, App, Ctx, Result};

const PAGE: i64 = 10_000;

/// What a campaign run found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignRunSummary {
    pub run: AnalysisRunId,
    pub comments: i64,
    pub campaigns: i64,
    pub in_campaigns: i64,
}

/// A campaign as the views show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignView {
    pub id: CampaignId,
    pub position: i64,
    pub size: i64,
    pub representative: CommentId,
    pub representative_source: String,
    pub representative_text: String,
    pub first_seen: Option<Instant>,
    pub last_seen: Option<Instant>,
}

/// A member of a campaign with how it differs from the representative (after
/// normalisation); `Difference::summary_in` words it in the caller's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CampaignMember {
    pub comment: CommentText,
    pub difference: Difference,
}

impl App {
    /// Find the campaigns of a public consultation's comments; the run becomes current.
    pub async fn detect_campaigns(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        params: &Params,
    ) -> Result<CampaignRunSummary> {
        let (ids, groups) = {
            let mut tx = self.read().await?;
            let c = check_analyst(&mut tx, ctx, consultation).await?;
            let mut detector = CampaignDetector::new(params.clone());
            // Comments quoting the same sentence of the draft are not alike for that.
            if let Some(version) = c.version {
                for block in tx.blocks(version).await? {
                    detector.ignore_text(&block.text);
                }
            }
            let mut ids: Vec<CommentId> = Vec::new();
            loop {
                let page = tx
                    .public_comments(consultation, ids.last().copied(), PAGE)
                    .await?;
                if page.is_empty() {
                    break;
                }
                for c in &page {
                    detector.push(ids.len() as u64, &c.text, c.submitted_at.map(|t| t.0));
                    ids.push(c.id);
                }
            }
            tx.rollback().await?;
            (ids, detector.finish())
        };
        let campaigns: Vec<NewCampaign> = groups
            .iter()
            .filter(|g| g.size >= 2)
            .map(|g| NewCampaign {
                representative: ids[g.representative as usize],
                first_seen: g.first_seen.map(Instant),
                last_seen: g.last_seen.map(Instant),
                members: g.members.iter().map(|&m| ids[m as usize]).collect(),
            })
            .collect();
        let mut tx = self.begin().await?;
        check_analyst(&mut tx, ctx, consultation).await?;
        let params_json = serde_json::json!({
            "shingle": params.shingle, "bands": params.bands, "rows": params.rows,
            "threshold": params.threshold, "own_threshold": params.own_threshold,
            "min_chars": params.min_chars,
        })
        .to_string();
        let run = tx
            .start_run(
                consultation,
                RunKind::Campaigns,
                &params_json,
                ctx.person,
                ctx.now,
            )
            .await?;
        tx.insert_campaigns(run, &campaigns).await?;
        tx.finish_run(run, ids.len() as i64, ctx.now).await?;
        let summary = CampaignRunSummary {
            run,
            comments: ids.len() as i64,
            campaigns: campaigns.len() as i64,
            in_campaigns: campaigns.iter().map(|c| c.members.len() as i64).sum(),
        };
        record(
            &mut tx,
            ctx,
            "campaigns.find",
            &format!("consultation:{consultation} run:{run}"),
            &summary,
        )
        .await?;
        tx.commit().await?;
        self.refresh_statistics(
            yijian_store::BulkTable::CampaignMembers,
            summary.in_campaigns as usize,
        )
        .await?;
        Ok(summary)
    }

    /// A page of the current campaigns, largest first.
    pub async fn campaigns(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<CampaignView>> {
        let mut tx = self.read().await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let rows = match tx.current_run(consultation, RunKind::Campaigns).await? {
            Some(run) => tx.campaigns(run.id, offset, limit.clamp(1, 1000)).await?,
            None => Vec::new(),
        };
        tx.rollback().await?;
        Ok(rows.into_iter().map(view).collect())
    }

    /// Every current campaign with the source ids of its members (for `yijian campaigns`).
    pub async fn campaign_listing(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
    ) -> Result<Vec<(CampaignView, Vec<String>)>> {
        let mut tx = self.read().await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let Some(run) = tx.current_run(consultation, RunKind::Campaigns).await? else {
            tx.rollback().await?;
            return Ok(Vec::new());
        };
        let heads = tx.campaigns(run.id, 0, i64::MAX).await?;
        let mut members = tx.campaign_source_ids(run.id).await?.into_iter().peekable();
        let mut out = Vec::with_capacity(heads.len());
        for head in heads {
            let mut ids = Vec::with_capacity(head.size as usize);
            while let Some((_, source)) = members.next_if(|(c, _)| *c == head.id) {
                ids.push(source);
            }
            out.push((view(head), ids));
        }
        tx.rollback().await?;
        Ok(out)
    }

    /// A page of a campaign's members after the comment `after` (0: from the first), by id,
    /// each with how it differs from the representative (keyset paging).
    pub async fn campaign_members(
        &self,
        ctx: &Ctx,
        campaign: CampaignId,
        after: i64,
        limit: i64,
    ) -> Result<(ConsultationId, CampaignView, Vec<CampaignMember>)> {
        let mut tx = self.read().await?;
        let (run, head) = tx.campaign(campaign).await?;
        let consultation = tx.run_consultation(run).await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let page = tx
            .campaign_members(campaign, after, limit.clamp(1, 500))
            .await?;
        tx.rollback().await?;
        let members = page
            .into_iter()
            .map(|comment| CampaignMember {
                difference: difference(&head.representative_text, &comment.text),
                comment,
            })
            .collect();
        Ok((consultation, view(head), members))
    }
}

fn view(c: CampaignRow) -> CampaignView {
    CampaignView {
        id: c.id,
        position: c.position,
        size: c.size,
        representative: c.representative,
        representative_source: c.representative_source,
        representative_text: c.representative_text,
        first_seen: c.first_seen,
        last_seen: c.last_seen,
    }
}
