//! What a public consultation's comments are about: themes found over the comments left once
//! campaigns collapse (a campaign counts once, through its representative, and its members
//! follow it), overall and per paragraph; moving a comment between themes; making a theme an
//! item group under a common view, disposed of like any group.
//!
//! Reading a million comments and clustering them takes seconds, so a run reads in a
//! snapshot, computes outside any write transaction, and writes its results in one.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use yijian_core::ids::*;
use yijian_core::model::{Consultation, ItemGroup, PublicComment};
use yijian_core::rules::{check_public_analysis, check_public_reading};
use yijian_core::DomainError;
use yijian_store::{CommentText, NewTheme, RunKind, ThemeCursor, ThemeMove, ThemeRow, Tx};
use yijian_text::themes::{find_themes_by_id, words_of, Theme, ThemeParams, Vocabulary};

use crate::{actor, record, App, Ctx, Result};

/// Comments read per page.
const PAGE: i64 = 10_000;

/// What a theme run found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeRunSummary {
    pub run: AnalysisRunId,
    pub comments: usize,
    /// Comments clustered: those in no campaign, plus one per campaign.
    pub clustered: usize,
    pub themes: usize,
    pub paragraph_themes: usize,
    pub unclassified: usize,
}

/// A theme as the views show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeView {
    pub id: ThemeId,
    pub paragraph: Option<ParagraphId>,
    pub position: i64,
    pub top_terms: Vec<(String, f32)>,
    pub unclassified: bool,
    pub size: i64,
}

impl App {
    /// Find the themes of a public consultation's comments and make them the current view.
    pub async fn find_themes(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        params: &ThemeParams,
    ) -> Result<ThemeRunSummary> {
        let (read, membership) = {
            let mut tx = self.read().await?;
            check_analyst(&mut tx, ctx, consultation).await?;
            let membership = match tx.current_run(consultation, RunKind::Campaigns).await? {
                Some(run) => tx.campaign_membership(run.id).await?,
                None => Vec::new(),
            };
            let read = read_words(&mut tx, consultation, &membership, params).await?;
            tx.rollback().await?;
            (read, membership)
        };
        let found = cluster(&read, &membership, params);
        let mut tx = self.begin().await?;
        check_analyst(&mut tx, ctx, consultation).await?;
        let params_json = serde_json::json!({
            "themes": params.themes, "sample": params.sample, "rounds": params.rounds,
            "restarts": params.restarts, "seed": params.seed,
        })
        .to_string();
        let run = tx
            .start_run(
                consultation,
                RunKind::Themes,
                &params_json,
                ctx.person,
                ctx.now,
            )
            .await?;
        tx.insert_themes(run, &found.themes).await?;
        tx.finish_run(run, read.comments as i64, ctx.now).await?;
        let summary = ThemeRunSummary {
            run,
            comments: read.comments,
            clustered: found.clustered,
            themes: found
                .themes
                .iter()
                .filter(|t| t.paragraph.is_none())
                .count(),
            paragraph_themes: found
                .themes
                .iter()
                .filter(|t| t.paragraph.is_some())
                .count(),
            unclassified: found.unclassified,
        };
        record(
            &mut tx,
            ctx,
            "themes.find",
            &format!("consultation:{consultation} run:{run}"),
            &summary,
        )
        .await?;
        tx.commit().await?;
        // Every comment read is a member overall and, most, of a paragraph's theme.
        self.refresh_statistics(yijian_store::BulkTable::ThemeMembers, summary.comments)
            .await?;
        Ok(summary)
    }

    /// The current themes, overall (`paragraph` None) or of one paragraph.
    pub async fn themes(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        paragraph: Option<ParagraphId>,
    ) -> Result<Vec<ThemeView>> {
        let mut tx = self.read().await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let rows = match tx.current_run(consultation, RunKind::Themes).await? {
            Some(run) => tx.themes(run.id, paragraph).await?,
            None => Vec::new(),
        };
        tx.rollback().await?;
        rows.into_iter().map(view).collect()
    }

    /// A page of a theme's comments from `from`, representatives first, and where the next
    /// page starts (`None`: the last page).
    pub async fn theme_comments(
        &self,
        ctx: &Ctx,
        theme: ThemeId,
        from: ThemeCursor,
        limit: i64,
    ) -> Result<(Vec<CommentText>, Option<ThemeCursor>)> {
        let (_, _, page, next) = self.theme_page(ctx, theme, from, limit).await?;
        Ok((page, next))
    }

    /// A theme with its consultation and a page of its comments from `from` (keyset paging:
    /// representatives first, then the others, each by id), and where the next page starts.
    pub async fn theme_page(
        &self,
        ctx: &Ctx,
        theme: ThemeId,
        from: ThemeCursor,
        limit: i64,
    ) -> Result<(
        ConsultationId,
        ThemeView,
        Vec<CommentText>,
        Option<ThemeCursor>,
    )> {
        let mut tx = self.read().await?;
        let t = tx.theme(theme).await?;
        let consultation = consultation_of_run(&mut tx, t.run).await?;
        check_reader(&mut tx, ctx, consultation).await?;
        let (page, next) = tx.theme_comments(t.id, from, limit.clamp(1, 500)).await?;
        tx.rollback().await?;
        Ok((consultation, view(t)?, page, next))
    }

    /// Move a comment to another theme of the same run and level (overall or per paragraph).
    pub async fn move_to_theme(&self, ctx: &Ctx, comment: CommentId, to: ThemeId) -> Result<()> {
        let mut tx = self.begin().await?;
        let target = current_theme(&mut tx, ctx, to).await?;
        let per_paragraph = target.paragraph.is_some();
        let from = tx
            .theme_of(target.run, per_paragraph, comment)
            .await?
            .ok_or(DomainError::CommentNotInThemeRun { comment, theme: to })?;
        if per_paragraph && tx.theme(from).await?.paragraph != target.paragraph {
            return Err(DomainError::CommentNotInThemeRun { comment, theme: to }.into());
        }
        if from != to {
            let m = ThemeMove {
                run: target.run,
                per_paragraph,
                comment,
                from,
                to,
            };
            tx.move_to_theme(&m, ctx.person, ctx.now).await?;
            record(
                &mut tx,
                ctx,
                "theme.move",
                &format!("comment:{comment} theme:{from}→{to}"),
                &(comment, from, to),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Make a theme an item group under a written common view: its comments not yet in a group
    /// are disposed of with it (returns the group and how many comments it holds).
    pub async fn theme_to_group(
        &self,
        ctx: &Ctx,
        theme: ThemeId,
        common_view: &str,
    ) -> Result<(GroupId, i64)> {
        yijian_core::rules::require_text(yijian_core::error::Field::CommonView, common_view)?;
        let mut tx = self.begin().await?;
        let t = current_theme(&mut tx, ctx, theme).await?;
        let dossier = dossier_of_run(&mut tx, t.run).await?;
        let grouped: std::collections::HashSet<CommentId> =
            tx.grouped_comments(theme).await?.into_iter().collect();
        let comments: Vec<CommentId> = tx
            .theme_comment_ids(theme)
            .await?
            .into_iter()
            .filter(|c| !grouped.contains(c))
            .collect();
        if comments.is_empty() {
            return Err(DomainError::ThemeAllGrouped(theme).into());
        }
        let group = ItemGroup {
            id: GroupId(tx.next_id("group").await?),
            dossier,
            common_view: common_view.trim().into(),
        };
        tx.insert_group(&group, ctx.person, ctx.now).await?;
        tx.add_group_comments(group.id, &comments).await?;
        record(
            &mut tx,
            ctx,
            "theme.group",
            &format!("theme:{theme} group:{}", group.id),
            &(&group, comments.len()),
        )
        .await?;
        tx.commit().await?;
        Ok((group.id, comments.len() as i64))
    }
}

/// The consultation, after checking the caller may analyse its comments.
pub(crate) async fn check_analyst(
    tx: &mut Tx,
    ctx: &Ctx,
    consultation: ConsultationId,
) -> Result<Consultation> {
    let c = tx.consultation(consultation).await?;
    let who = actor(tx, Some(c.dossier), ctx.person).await?;
    check_public_analysis(&who, &c)?;
    Ok(c)
}

/// The consultation, after checking the caller may read what its comments say.
pub(crate) async fn check_reader(
    tx: &mut Tx,
    ctx: &Ctx,
    consultation: ConsultationId,
) -> Result<Consultation> {
    let c = tx.consultation(consultation).await?;
    let who = actor(tx, Some(c.dossier), ctx.person).await?;
    check_public_reading(&who, &c)?;
    Ok(c)
}

/// A theme of its consultation's current run, after checking the caller may analyse it.
async fn current_theme(tx: &mut Tx, ctx: &Ctx, theme: ThemeId) -> Result<ThemeRow> {
    let t = tx.theme(theme).await?;
    let consultation = consultation_of_run(tx, t.run).await?;
    check_analyst(tx, ctx, consultation).await?;
    let current = tx.current_run(consultation, RunKind::Themes).await?;
    if current.map(|r| r.id) != Some(t.run) {
        // A theme of an earlier run is history: it is not moved into or grouped.
        return Err(DomainError::not_found(yijian_core::error::RecordKind::Theme, theme).into());
    }
    Ok(t)
}

async fn consultation_of_run(tx: &mut Tx, run: AnalysisRunId) -> Result<ConsultationId> {
    Ok(tx.run_consultation(run).await?)
}

async fn dossier_of_run(tx: &mut Tx, run: AnalysisRunId) -> Result<DossierId> {
    let c = consultation_of_run(tx, run).await?;
    Ok(tx.consultation(c).await?.dossier)
}

/// What the themes need of a consultation's comments, read page by page: the clustered ones
/// (those in no campaign, and each campaign's representative) as word ids — their texts are
/// not kept —, and every comment's paragraph.
struct ReadComments {
    comments: usize,
    /// The clustered comments, in id order, and their theme words.
    kept: Vec<(CommentId, Option<ParagraphId>)>,
    words: Vec<Vec<u32>>,
    vocabulary: Vocabulary,
    paragraph_of: HashMap<CommentId, Option<ParagraphId>>,
    /// For each paragraph and campaign (by representative), the campaign's first member on
    /// that paragraph and its words: the campaign's voice among the paragraph's comments when
    /// its representative is on another paragraph or none.
    first_on_paragraph: HashMap<(ParagraphId, CommentId), (CommentId, Vec<u32>)>,
}

async fn read_words(
    tx: &mut Tx,
    consultation: ConsultationId,
    membership: &[(CommentId, CommentId)],
    params: &ThemeParams,
) -> Result<ReadComments> {
    let representative_of: HashMap<CommentId, CommentId> = membership.iter().copied().collect();
    let mut out = ReadComments {
        comments: 0,
        kept: Vec::new(),
        words: Vec::new(),
        vocabulary: Vocabulary::default(),
        paragraph_of: HashMap::new(),
        first_on_paragraph: HashMap::new(),
    };
    let mut after = None;
    loop {
        let page = tx.public_comments(consultation, after, PAGE).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.id);
        out.comments += page.len();
        let kept: Vec<&PublicComment> = page
            .iter()
            .filter(|c| representative_of.get(&c.id).is_none_or(|rep| *rep == c.id))
            .collect();
        let texts: Vec<&str> = kept.iter().map(|c| c.text.as_str()).collect();
        for (c, words) in kept.iter().zip(words_of(&texts, params.threads)) {
            out.kept.push((c.id, c.paragraph));
            out.words.push(out.vocabulary.ids(&words));
        }
        out.paragraph_of
            .extend(page.iter().map(|c| (c.id, c.paragraph)));
        let mut first: Vec<(ParagraphId, CommentId, &PublicComment)> = Vec::new();
        for c in &page {
            let (Some(p), Some(&rep)) = (c.paragraph, representative_of.get(&c.id)) else {
                continue;
            };
            if rep != c.id
                && !out.first_on_paragraph.contains_key(&(p, rep))
                && !first.iter().any(|&(fp, frep, _)| (fp, frep) == (p, rep))
            {
                first.push((p, rep, c));
            }
        }
        let texts: Vec<&str> = first.iter().map(|(_, _, c)| c.text.as_str()).collect();
        for ((p, rep, c), words) in first.iter().zip(words_of(&texts, params.threads)) {
            let ids = out.vocabulary.ids(&words);
            out.first_on_paragraph.insert((*p, *rep), (c.id, ids));
        }
    }
    Ok(out)
}

/// A theme's top terms with their weights, as the run stored them.
pub(crate) fn theme_terms(t: &ThemeRow) -> Result<Vec<(String, f32)>> {
    Ok(serde_json::from_str(&t.top_terms)
        .map_err(|e| yijian_store::StoreError::Corrupt(format!("theme {} terms: {e}", t.id)))?)
}

fn view(t: ThemeRow) -> Result<ThemeView> {
    let top_terms = theme_terms(&t)?;
    Ok(ThemeView {
        id: t.id,
        paragraph: t.paragraph,
        position: t.position,
        top_terms,
        unclassified: t.unclassified,
        size: t.size,
    })
}

struct Clustered {
    themes: Vec<NewTheme>,
    clustered: usize,
    unclassified: usize,
}

/// Cluster the comments that remain after campaigns collapse, overall and per paragraph;
/// campaign members join their representative's theme.
fn cluster(
    read: &ReadComments,
    membership: &[(CommentId, CommentId)],
    params: &ThemeParams,
) -> Clustered {
    let mut followers: HashMap<CommentId, Vec<CommentId>> = HashMap::new();
    for &(member, rep) in membership {
        if member != rep {
            followers.entry(rep).or_default().push(member);
        }
    }
    let kept: Vec<CommentId> = read.kept.iter().map(|&(id, _)| id).collect();
    let overall = find_themes_by_id(&read.words, &read.vocabulary, params);
    let mut themes = to_new_themes(&overall, &kept, None, &followers, &read.paragraph_of);
    let unclassified = overall
        .iter()
        .filter(|t| t.unclassified)
        .map(|t| t.members.len())
        .sum();

    let local = paragraph_sets(read, membership);
    for (paragraph, members) in &local.by_paragraph {
        let sub_words: Vec<Vec<u32>> = members.iter().map(|(_, w)| (*w).clone()).collect();
        let sub_kept: Vec<CommentId> = members.iter().map(|&(id, _)| id).collect();
        let found = find_themes_by_id(&sub_words, &read.vocabulary, params);
        themes.extend(to_new_themes(
            &found,
            &sub_kept,
            Some(*paragraph),
            &local.followers,
            &read.paragraph_of,
        ));
    }
    Clustered {
        themes,
        clustered: kept.len(),
        unclassified,
    }
}

/// The comments clustered for each paragraph (with their words), and who follows whom there.
struct ParagraphSets<'a> {
    by_paragraph: BTreeMap<ParagraphId, Vec<(CommentId, &'a Vec<u32>)>>,
    /// A paragraph's voice of a campaign → the campaign's other members on that paragraph.
    followers: HashMap<CommentId, Vec<CommentId>>,
}

/// Per paragraph, a campaign counts once among the comments on it: through its
/// representative when that is on the paragraph, else through its first member there — so
/// a member on another paragraph than its representative still has a theme of its paragraph.
fn paragraph_sets<'a>(
    read: &'a ReadComments,
    membership: &[(CommentId, CommentId)],
) -> ParagraphSets<'a> {
    let mut by_paragraph: BTreeMap<ParagraphId, Vec<(CommentId, &Vec<u32>)>> = BTreeMap::new();
    for (i, &(id, paragraph)) in read.kept.iter().enumerate() {
        if let Some(p) = paragraph {
            by_paragraph
                .entry(p)
                .or_default()
                .push((id, &read.words[i]));
        }
    }
    let paragraph = |id: &CommentId| read.paragraph_of.get(id).copied().flatten();
    let mut voice: HashMap<(ParagraphId, CommentId), CommentId> = HashMap::new();
    for (&(p, rep), (first, words)) in &read.first_on_paragraph {
        if paragraph(&rep) == Some(p) {
            voice.insert((p, rep), rep);
        } else {
            voice.insert((p, rep), *first);
            by_paragraph.entry(p).or_default().push((*first, words));
        }
    }
    // In id order within a paragraph, whatever the hash map's order.
    for members in by_paragraph.values_mut() {
        members.sort_by_key(|&(id, _)| id);
    }
    let mut followers: HashMap<CommentId, Vec<CommentId>> = HashMap::new();
    for &(member, rep) in membership {
        let Some(p) = paragraph(&member) else {
            continue;
        };
        match voice.get(&(p, rep)) {
            Some(&v) if v != member => followers.entry(v).or_default().push(member),
            _ => {}
        }
    }
    ParagraphSets {
        by_paragraph,
        followers,
    }
}

/// Stored themes from found ones; members are comment ids plus their campaign followers (for
/// a paragraph's themes, only followers on the same paragraph).
fn to_new_themes(
    found: &[Theme],
    kept: &[CommentId],
    paragraph: Option<ParagraphId>,
    followers: &HashMap<CommentId, Vec<CommentId>>,
    paragraph_of: &HashMap<CommentId, Option<ParagraphId>>,
) -> Vec<NewTheme> {
    found
        .iter()
        .map(|t| {
            let mut members = Vec::with_capacity(t.members.len());
            for &i in &t.members {
                let id = kept[i];
                members.push((id, t.representatives.contains(&i)));
                for &f in followers.get(&id).map(Vec::as_slice).unwrap_or_default() {
                    if paragraph.is_none() || paragraph_of.get(&f).copied().flatten() == paragraph {
                        members.push((f, false));
                    }
                }
            }
            NewTheme {
                paragraph,
                top_terms: serde_json::to_string(&t.top_terms).unwrap_or_else(|_| "[]".into()),
                unclassified: t.unclassified,
                members,
            }
        })
        .collect()
}
