//! The analysis of a public consultation's comments: runs, campaigns, themes, moves between
//! themes. Runs only add rows; a comment itself is never changed here.

use yijian_core::ids::*;
use yijian_core::time::Instant;

use crate::bulk::Value;
use crate::rows::*;
use crate::{Result, Tx};

/// What a run looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Campaigns,
    Themes,
}

impl RunKind {
    fn code(self) -> &'static str {
        match self {
            RunKind::Campaigns => "campaigns",
            RunKind::Themes => "themes",
        }
    }
}

/// A finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub id: AnalysisRunId,
    pub consultation: ConsultationId,
    pub params: String,
    pub comments: i64,
    pub started_at: Instant,
    pub finished_at: Instant,
}

/// A comment as the analysis reads it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CommentText {
    pub id: CommentId,
    pub source_id: String,
    pub text: String,
    pub paragraph: Option<ParagraphId>,
    pub region: Option<String>,
    pub submitted_at: Option<Instant>,
    pub received_at: Instant,
}

/// The columns of a [`CommentText`] from `public_comment p`.
const COMMENT_TEXT_COLUMNS: &str = "p.id AS id, p.source_id AS source_id, p.text AS text,
    p.paragraph AS paragraph, p.region AS region, p.submitted_at AS submitted_at,
    p.received_at AS received_at";

/// Where a page of a theme's comments starts: among its representatives (which come first)
/// or past them, after the comment `after` (0: from the first). The default is the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThemeCursor {
    pub past_representatives: bool,
    pub after: i64,
}

impl ThemeCursor {
    /// As a page address writes it: `r123` (still among the representatives) or `123`.
    pub fn token(&self) -> String {
        if self.past_representatives {
            self.after.to_string()
        } else {
            format!("r{}", self.after)
        }
    }

    /// The cursor of [`ThemeCursor::token`], or `None` if `s` is not one.
    pub fn parse(s: &str) -> Option<ThemeCursor> {
        let (past_representatives, digits) = match s.strip_prefix('r') {
            Some(rest) => (false, rest),
            None => (true, s),
        };
        let after: i64 = digits.parse().ok().filter(|n| *n >= 0)?;
        Some(ThemeCursor {
            past_representatives,
            after,
        })
    }
}

/// A campaign found by a run, with its members.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCampaign {
    pub representative: CommentId,
    pub first_seen: Option<Instant>,
    pub last_seen: Option<Instant>,
    /// Every member, the representative too.
    pub members: Vec<CommentId>,
}

/// A stored campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignRow {
    pub id: CampaignId,
    pub position: i64,
    pub size: i64,
    pub representative: CommentId,
    pub representative_source: String,
    pub representative_text: String,
    pub first_seen: Option<Instant>,
    pub last_seen: Option<Instant>,
}

/// The columns of a [`CampaignRow`] from `campaign c` and its representative `public_comment p`.
const CAMPAIGN_COLUMNS: &str = "c.id AS id, c.position AS position, c.size AS size,
    c.representative AS representative, p.source_id AS source_id, p.text AS text,
    c.first_seen AS first_seen, c.last_seen AS last_seen";

/// A theme found by a run.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTheme {
    pub paragraph: Option<ParagraphId>,
    /// JSON array of `[term, weight]`.
    pub top_terms: String,
    pub unclassified: bool,
    /// Members with whether each is one of the theme's representatives.
    pub members: Vec<(CommentId, bool)>,
}

/// The columns of a [`ThemeRow`] from `theme t`, with its current size.
const THEME_COLUMNS: &str = "t.id AS id, t.paragraph AS paragraph, t.position AS position,
    t.top_terms AS top_terms, t.unclassified AS unclassified,
    (SELECT COUNT(*) FROM theme_member m WHERE m.theme = t.id) AS size";

/// A comment moved from one theme to another of the same run and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThemeMove {
    pub run: AnalysisRunId,
    pub per_paragraph: bool,
    pub comment: CommentId,
    pub from: ThemeId,
    pub to: ThemeId,
}

/// A stored theme with its current size (after moves) and how many of its comments are in
/// campaigns of the current campaign run.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRow {
    pub id: ThemeId,
    pub run: AnalysisRunId,
    pub paragraph: Option<ParagraphId>,
    pub position: i64,
    pub top_terms: String,
    pub unclassified: bool,
    pub size: i64,
}

impl Tx {
    /// Start a run; it becomes current once [`Tx::finish_run`] is called.
    pub async fn start_run(
        &mut self,
        consultation: ConsultationId,
        kind: RunKind,
        params: &str,
        by: PersonId,
        at: Instant,
    ) -> Result<AnalysisRunId> {
        let id = self.next_id("analysis_run").await?;
        sqlx::query(
            "INSERT INTO analysis_run (id, consultation, kind, params, started_at, run_by)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(consultation.0)
        .bind(kind.code())
        .bind(params.to_string())
        .bind(at.0)
        .bind(by.0)
        .execute(self.conn())
        .await?;
        Ok(AnalysisRunId(id))
    }

    pub async fn finish_run(
        &mut self,
        run: AnalysisRunId,
        comments: i64,
        at: Instant,
    ) -> Result<()> {
        sqlx::query("UPDATE analysis_run SET comments = $1, finished_at = $2 WHERE id = $3")
            .bind(comments)
            .bind(at.0)
            .bind(run.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// The latest finished run of a kind: the current view.
    pub async fn current_run(
        &mut self,
        consultation: ConsultationId,
        kind: RunKind,
    ) -> Result<Option<Run>> {
        let row = sqlx::query(
            "SELECT id, params, comments, started_at, finished_at FROM analysis_run
             WHERE consultation = $1 AND kind = $2 AND finished_at IS NOT NULL
             ORDER BY id DESC LIMIT 1",
        )
        .bind(consultation.0)
        .bind(kind.code())
        .fetch_optional(self.conn())
        .await?;
        row.map(|r| {
            Ok(Run {
                id: AnalysisRunId(int(&r, "id")?),
                consultation,
                params: text(&r, "params")?,
                comments: int(&r, "comments")?,
                started_at: instant(&r, "started_at")?,
                finished_at: instant(&r, "finished_at")?,
            })
        })
        .transpose()
    }

    /// Store the campaigns of a run, largest first as given.
    pub async fn insert_campaigns(
        &mut self,
        run: AnalysisRunId,
        campaigns: &[NewCampaign],
    ) -> Result<()> {
        if campaigns.is_empty() {
            return Ok(());
        }
        let first = self.reserve_ids("campaign", campaigns.len() as u64).await?;
        let mut heads = Vec::with_capacity(campaigns.len());
        let mut members = Vec::new();
        for (i, c) in campaigns.iter().enumerate() {
            let id = first + i as i64;
            heads.push(vec![
                Value::Int(id),
                Value::Int(run.0),
                Value::Int(i as i64),
                Value::Int(c.members.len() as i64),
                Value::Int(c.representative.0),
                Value::OptInt(c.first_seen.map(|t| t.0)),
                Value::OptInt(c.last_seen.map(|t| t.0)),
            ]);
            for comment in &c.members {
                members.push(vec![
                    Value::Int(run.0),
                    Value::Int(comment.0),
                    Value::Int(id),
                ]);
            }
        }
        self.insert_many(
            "campaign",
            &[
                "id",
                "run",
                "position",
                "size",
                "representative",
                "first_seen",
                "last_seen",
            ],
            &heads,
        )
        .await?;
        self.insert_many("campaign_member", &["run", "comment", "campaign"], &members)
            .await
    }

    /// A page of a run's campaigns, largest first.
    pub async fn campaigns(
        &mut self,
        run: AnalysisRunId,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<CampaignRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CAMPAIGN_COLUMNS}
             FROM campaign c JOIN public_comment p ON p.id = c.representative
             WHERE c.run = $1 ORDER BY c.position LIMIT $2 OFFSET $3"
        )))
        .bind(run.0)
        .bind(limit)
        .bind(offset)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(campaign_row).collect()
    }

    /// A page of a run's campaigns, largest first, after the one at `after_position` (-1:
    /// from the first) — keyset paging on the `(run, position)` index, for reading them all.
    pub async fn campaigns_after(
        &mut self,
        run: AnalysisRunId,
        after_position: i64,
        limit: i64,
    ) -> Result<Vec<CampaignRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CAMPAIGN_COLUMNS}
             FROM campaign c JOIN public_comment p ON p.id = c.representative
             WHERE c.run = $1 AND c.position > $2 ORDER BY c.position LIMIT $3"
        )))
        .bind(run.0)
        .bind(after_position)
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(campaign_row).collect()
    }

    /// `(campaigns, comments in them)` of a run.
    pub async fn campaign_totals(&mut self, run: AnalysisRunId) -> Result<(i64, i64)> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(size), 0) AS BIGINT) AS members FROM campaign WHERE run = $1",
        )
        .bind(run.0)
        .fetch_one(self.conn())
        .await?;
        Ok((int(&r, "n")?, int(&r, "members")?))
    }

    /// A page of a campaign's members, by comment id, after the comment `after` (0: from
    /// the first) — keyset paging on the `(campaign, comment)` index (migration 0009), so
    /// the last page of a campaign of 200,000 costs what the first does.
    pub async fn campaign_members(
        &mut self,
        campaign: CampaignId,
        after: i64,
        limit: i64,
    ) -> Result<Vec<CommentText>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COMMENT_TEXT_COLUMNS}
             FROM campaign_member m JOIN public_comment p ON p.id = m.comment
             WHERE m.campaign = $1 AND m.comment > $2 ORDER BY m.comment LIMIT $3"
        )))
        .bind(campaign.0)
        .bind(after)
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(comment_text).collect()
    }

    /// The source ids of all a run's campaign members, campaign by campaign in position
    /// order (for the `yijian campaigns` listing).
    pub async fn campaign_source_ids(
        &mut self,
        run: AnalysisRunId,
    ) -> Result<Vec<(CampaignId, String)>> {
        let rows = sqlx::query(
            "SELECT m.campaign AS campaign, p.source_id AS source_id
             FROM campaign_member m JOIN public_comment p ON p.id = m.comment
             JOIN campaign c ON c.id = m.campaign
             WHERE m.run = $1 ORDER BY c.position, m.comment",
        )
        .bind(run.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((CampaignId(int(r, "campaign")?), text(r, "source_id")?)))
            .collect()
    }

    /// One campaign.
    pub async fn campaign(&mut self, campaign: CampaignId) -> Result<(AnalysisRunId, CampaignRow)> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CAMPAIGN_COLUMNS}, c.run AS run
             FROM campaign c JOIN public_comment p ON p.id = c.representative
             WHERE c.id = $1"
        )))
        .bind(campaign.0)
        .fetch_optional(self.conn())
        .await?
        .ok_or_else(|| {
            yijian_core::DomainError::not_found(yijian_core::error::RecordKind::Campaign, campaign)
        })?;
        Ok((AnalysisRunId(int(&r, "run")?), campaign_row(&r)?))
    }

    /// Store the themes of a run (overall or per paragraph, as each says).
    pub async fn insert_themes(
        &mut self,
        run: AnalysisRunId,
        themes: &[NewTheme],
    ) -> Result<Vec<ThemeId>> {
        if themes.is_empty() {
            return Ok(Vec::new());
        }
        let first = self.reserve_ids("theme", themes.len() as u64).await?;
        let mut heads = Vec::with_capacity(themes.len());
        let mut members = Vec::new();
        let mut positions: std::collections::HashMap<Option<i64>, i64> = Default::default();
        for (i, t) in themes.iter().enumerate() {
            let id = first + i as i64;
            let key = t.paragraph.map(|p| p.0);
            let position = positions.entry(key).or_insert(0);
            heads.push(vec![
                Value::Int(id),
                Value::Int(run.0),
                Value::OptInt(key),
                Value::Int(*position),
                Value::Text(t.top_terms.clone()),
                Value::Int(t.unclassified as i64),
            ]);
            *position += 1;
            for (comment, representative) in &t.members {
                members.push(vec![
                    Value::Int(run.0),
                    Value::Int(t.paragraph.is_some() as i64),
                    Value::Int(comment.0),
                    Value::Int(id),
                    Value::Int(*representative as i64),
                ]);
            }
        }
        self.insert_many(
            "theme",
            &[
                "id",
                "run",
                "paragraph",
                "position",
                "top_terms",
                "unclassified",
            ],
            &heads,
        )
        .await?;
        self.insert_many(
            "theme_member",
            &["run", "per_paragraph", "comment", "theme", "representative"],
            &members,
        )
        .await?;
        Ok((0..themes.len() as i64)
            .map(|i| ThemeId(first + i))
            .collect())
    }

    /// The themes of a run — overall (`paragraph` None) or of one paragraph — with their
    /// current sizes, in the run's order.
    pub async fn themes(
        &mut self,
        run: AnalysisRunId,
        paragraph: Option<ParagraphId>,
    ) -> Result<Vec<ThemeRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {THEME_COLUMNS}
             FROM theme t
             WHERE t.run = $1 AND (($2 = 0 AND t.paragraph IS NULL) OR t.paragraph = $3)
             ORDER BY t.position"
        )))
        .bind(run.0)
        .bind(paragraph.map_or(0i64, |_| 1))
        .bind(paragraph.map_or(0, |p| p.0))
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(|r| theme_row(r, run)).collect()
    }

    /// Every theme of a run with its current size: the overall ones first, then each
    /// paragraph's, each in the run's order. A run has at most a few dozen themes a level.
    pub async fn run_themes(&mut self, run: AnalysisRunId) -> Result<Vec<ThemeRow>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {THEME_COLUMNS} FROM theme t WHERE t.run = $1
             ORDER BY t.paragraph IS NOT NULL, t.paragraph, t.position"
        )))
        .bind(run.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(|r| theme_row(r, run)).collect()
    }

    /// The source ids of a theme's representatives (the comments it shows first), by id —
    /// one range of the `(theme, representative, comment)` index.
    pub async fn theme_representatives(&mut self, theme: ThemeId) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT p.source_id AS source_id
             FROM theme_member m JOIN public_comment p ON p.id = m.comment
             WHERE m.theme = $1 AND m.representative = 1 ORDER BY m.comment",
        )
        .bind(theme.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(|r| text(r, "source_id")).collect()
    }

    /// One theme.
    pub async fn theme(&mut self, theme: ThemeId) -> Result<ThemeRow> {
        let r = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {THEME_COLUMNS}, t.run AS run FROM theme t WHERE t.id = $1"
        )))
        .bind(theme.0)
        .fetch_optional(self.conn())
        .await?
        .ok_or_else(|| {
            yijian_core::DomainError::not_found(yijian_core::error::RecordKind::Theme, theme)
        })?;
        theme_row(&r, AnalysisRunId(int(&r, "run")?))
    }

    /// A page of a theme's comments from `from`: its representatives first, then the
    /// others, each by id — keyset paging on the `(theme, representative, comment)` index
    /// (migration 0009). Returns the page and where the next one starts (`None`: this was
    /// the last).
    pub async fn theme_comments(
        &mut self,
        theme: ThemeId,
        from: ThemeCursor,
        limit: i64,
    ) -> Result<(Vec<CommentText>, Option<ThemeCursor>)> {
        let mut out: Vec<(bool, CommentText)> = Vec::new();
        let want = limit + 1;
        let mut at = from;
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COMMENT_TEXT_COLUMNS}
                 FROM theme_member m JOIN public_comment p ON p.id = m.comment
                 WHERE m.theme = $1 AND m.representative = $2 AND m.comment > $3
                 ORDER BY m.comment LIMIT $4"
            )))
            .bind(theme.0)
            .bind(i64::from(!at.past_representatives))
            .bind(at.after)
            .bind(want - out.len() as i64)
            .fetch_all(self.conn())
            .await?;
            for r in &rows {
                out.push((!at.past_representatives, comment_text(r)?));
            }
            if out.len() as i64 >= want || at.past_representatives {
                break;
            }
            at = ThemeCursor {
                past_representatives: true,
                after: 0,
            };
        }
        let next = if out.len() as i64 > limit {
            out.truncate(limit as usize);
            out.last().map(|(representative, c)| ThemeCursor {
                past_representatives: !representative,
                after: c.id.0,
            })
        } else {
            None
        };
        Ok((out.into_iter().map(|(_, c)| c).collect(), next))
    }

    /// The theme a comment is in now, among a run's overall (or per-paragraph) themes.
    pub async fn theme_of(
        &mut self,
        run: AnalysisRunId,
        per_paragraph: bool,
        comment: CommentId,
    ) -> Result<Option<ThemeId>> {
        let r = sqlx::query(
            "SELECT theme FROM theme_member WHERE run = $1 AND per_paragraph = $2 AND comment = $3",
        )
        .bind(run.0)
        .bind(per_paragraph as i64)
        .bind(comment.0)
        .fetch_optional(self.conn())
        .await?;
        r.map(|r| Ok(ThemeId(int(&r, "theme")?))).transpose()
    }

    /// Move a comment to another theme of the same run and level; recorded in theme_move.
    pub async fn move_to_theme(&mut self, m: &ThemeMove, by: PersonId, at: Instant) -> Result<()> {
        sqlx::query(
            "UPDATE theme_member SET theme = $1, representative = 0
             WHERE run = $2 AND per_paragraph = $3 AND comment = $4",
        )
        .bind(m.to.0)
        .bind(m.run.0)
        .bind(m.per_paragraph as i64)
        .bind(m.comment.0)
        .execute(self.conn())
        .await?;
        let id = self.next_id("theme_move").await?;
        sqlx::query(
            "INSERT INTO theme_move (id, comment, from_theme, to_theme, moved_by, moved_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(m.comment.0)
        .bind(m.from.0)
        .bind(m.to.0)
        .bind(by.0)
        .bind(at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl Tx {
    /// Every comment in a campaign of the run, with its campaign's representative.
    pub async fn campaign_membership(
        &mut self,
        run: AnalysisRunId,
    ) -> Result<Vec<(CommentId, CommentId)>> {
        let rows = sqlx::query(
            "SELECT m.comment AS comment, c.representative AS representative
             FROM campaign_member m JOIN campaign c ON c.id = m.campaign
             WHERE m.run = $1 ORDER BY m.comment",
        )
        .bind(run.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    CommentId(int(r, "comment")?),
                    CommentId(int(r, "representative")?),
                ))
            })
            .collect()
    }

    /// All the comments of a theme, by id.
    pub async fn theme_comment_ids(&mut self, theme: ThemeId) -> Result<Vec<CommentId>> {
        let rows =
            sqlx::query("SELECT comment FROM theme_member WHERE theme = $1 ORDER BY comment")
                .bind(theme.0)
                .fetch_all(self.conn())
                .await?;
        rows.iter()
            .map(|r| Ok(CommentId(int(r, "comment")?)))
            .collect()
    }

    /// Of `comments`, those already disposed with a group.
    pub async fn grouped_comments(&mut self, theme: ThemeId) -> Result<Vec<CommentId>> {
        let rows = sqlx::query(
            "SELECT g.comment AS comment FROM group_comment g
             JOIN theme_member m ON m.comment = g.comment WHERE m.theme = $1 ORDER BY g.comment",
        )
        .bind(theme.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok(CommentId(int(r, "comment")?)))
            .collect()
    }

    /// Put comments in an item group: they are disposed with it.
    pub async fn add_group_comments(
        &mut self,
        group: GroupId,
        comments: &[CommentId],
    ) -> Result<()> {
        let rows: Vec<Vec<Value>> = comments
            .iter()
            .map(|c| vec![Value::Int(group.0), Value::Int(c.0)])
            .collect();
        self.insert_many("group_comment", &["group_id", "comment"], &rows)
            .await
    }

    /// How many public comments each group of a dossier holds, by the consultation they
    /// came in (groups without comments left out), by group id: the handling table's and
    /// the explanation's counts.
    pub async fn group_comment_counts(
        &mut self,
        dossier: DossierId,
    ) -> Result<Vec<(GroupId, ConsultationId, i64)>> {
        let rows = sqlx::query(
            "SELECT c.group_id AS group_id, p.consultation AS consultation, COUNT(*) AS n
             FROM group_comment c JOIN item_group g ON g.id = c.group_id
               JOIN public_comment p ON p.id = c.comment
             WHERE g.dossier = $1 GROUP BY c.group_id, p.consultation
             ORDER BY c.group_id, p.consultation",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    GroupId(int(r, "group_id")?),
                    ConsultationId(int(r, "consultation")?),
                    int(r, "n")?,
                ))
            })
            .collect()
    }

    /// How many comments of a consultation were disposed of through a group.
    pub async fn grouped_comment_count(&mut self, consultation: ConsultationId) -> Result<i64> {
        let r = sqlx::query(
            "SELECT COUNT(*) AS n FROM group_comment c JOIN public_comment p ON p.id = c.comment
             WHERE p.consultation = $1",
        )
        .bind(consultation.0)
        .fetch_one(self.conn())
        .await?;
        int(&r, "n")
    }

    /// How many comments each group holds.
    pub async fn group_comment_count(&mut self, group: GroupId) -> Result<i64> {
        let r = sqlx::query("SELECT COUNT(*) AS n FROM group_comment WHERE group_id = $1")
            .bind(group.0)
            .fetch_one(self.conn())
            .await?;
        int(&r, "n")
    }
}

impl Tx {
    /// The consultation a run belongs to.
    pub async fn run_consultation(&mut self, run: AnalysisRunId) -> Result<ConsultationId> {
        let r = sqlx::query("SELECT consultation FROM analysis_run WHERE id = $1")
            .bind(run.0)
            .fetch_optional(self.conn())
            .await?
            .ok_or_else(|| {
                yijian_core::DomainError::not_found(
                    yijian_core::error::RecordKind::AnalysisRun,
                    run,
                )
            })?;
        Ok(ConsultationId(int(&r, "consultation")?))
    }
}

fn campaign_row(r: &sqlx::any::AnyRow) -> Result<CampaignRow> {
    Ok(CampaignRow {
        id: CampaignId(int(r, "id")?),
        position: int(r, "position")?,
        size: int(r, "size")?,
        representative: CommentId(int(r, "representative")?),
        representative_source: text(r, "source_id")?,
        representative_text: text(r, "text")?,
        first_seen: opt_instant(r, "first_seen")?,
        last_seen: opt_instant(r, "last_seen")?,
    })
}

fn comment_text(r: &sqlx::any::AnyRow) -> Result<CommentText> {
    Ok(CommentText {
        id: CommentId(int(r, "id")?),
        source_id: text(r, "source_id")?,
        text: text(r, "text")?,
        paragraph: opt_int(r, "paragraph")?.map(ParagraphId),
        region: opt_text(r, "region")?,
        submitted_at: opt_instant(r, "submitted_at")?,
        received_at: instant(r, "received_at")?,
    })
}

fn theme_row(r: &sqlx::any::AnyRow, run: AnalysisRunId) -> Result<ThemeRow> {
    Ok(ThemeRow {
        id: ThemeId(int(r, "id")?),
        run,
        paragraph: opt_int(r, "paragraph")?.map(ParagraphId),
        position: int(r, "position")?,
        top_terms: text(r, "top_terms")?,
        unclassified: int(r, "unclassified")? != 0,
        size: int(r, "size")?,
    })
}
