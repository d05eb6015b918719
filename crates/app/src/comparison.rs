//! Revision as the drafting group sees it in the browser: a version's text to edit, the
//! comparison of two versions (the text engine's, with the modifications recorded for the
//! pair and the items linked to each), and publishing a revision.

use std::collections::HashMap;

use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_store::Tx;
use yijian_text::diff::{self, Comparison};

use crate::accounts::record_holder;
use crate::import::to_document;
use crate::{found, App, Ctx, Result};

/// Two versions compared, for those who see the dossier's record.
#[derive(Debug, Clone)]
pub struct ComparisonRecord {
    pub dossier: Dossier,
    pub from: Version,
    pub to: Version,
    /// The text engine's comparison, computed now (rows with marks, the count, per part).
    pub comparison: Comparison,
    /// The modifications recorded for this pair (empty until recorded).
    pub recorded: Vec<Modification>,
    /// Items linked to each recorded modification.
    pub links: HashMap<ModificationId, Vec<ItemId>>,
    /// The caller's roles in the dossier.
    pub roles: Vec<Role>,
}

impl App {
    /// Compare two versions of one dossier (`None` when either is missing or not visible).
    pub async fn comparison(
        &self,
        person: PersonId,
        from: VersionId,
        to: VersionId,
    ) -> Result<Option<ComparisonRecord>> {
        let mut tx = self.read().await?;
        let out = comparison_in(&mut tx, person, from, to).await;
        tx.rollback().await?;
        out
    }

    /// A version's text as Markdown, to start a revision from (`None` when not visible).
    pub async fn version_markdown(
        &self,
        person: PersonId,
        version: VersionId,
    ) -> Result<Option<(Version, String)>> {
        let mut tx = self.read().await?;
        let v = match found(tx.version(version).await)? {
            Some(v) => v,
            None => return Ok(None),
        };
        if record_holder(&mut tx, person, v.dossier).await?.is_none() {
            return Ok(None);
        }
        let text = markdown(&tx.blocks(version).await?);
        tx.rollback().await?;
        Ok(Some((v, text)))
    }

    /// Publish a revision: release it and, when it has a parent, record the modifications
    /// from the parent (unless already recorded). Returns how many were recorded.
    pub async fn publish_revision(&self, ctx: &Ctx, version: VersionId) -> Result<usize> {
        // One transaction: a released version without its modifications is never seen.
        let mut tx = self.begin().await?;
        crate::versions::release_in(&mut tx, ctx, version).await?;
        let parent = tx.version(version).await?.parent;
        let recorded = match parent {
            Some(parent) if tx.modifications(parent, version).await?.is_empty() => {
                crate::revision::record_modifications_in(&mut tx, ctx, parent, version)
                    .await?
                    .len()
            }
            _ => 0,
        };
        tx.commit().await?;
        Ok(recorded)
    }
}

async fn comparison_in(
    tx: &mut Tx,
    person: PersonId,
    from: VersionId,
    to: VersionId,
) -> Result<Option<ComparisonRecord>> {
    let (old, new) = match (found(tx.version(from).await)?, found(tx.version(to).await)?) {
        (Some(a), Some(b)) if a.dossier == b.dossier => (a, b),
        _ => return Ok(None),
    };
    let Some((dossier, who)) = record_holder(tx, person, old.dossier).await? else {
        return Ok(None);
    };
    let comparison = diff::compare(
        &to_document(&tx.blocks(from).await?),
        &to_document(&tx.blocks(to).await?),
    );
    Ok(Some(ComparisonRecord {
        dossier,
        recorded: tx.modifications(from, to).await?,
        links: tx.modification_links(from, to).await?.into_iter().fold(
            HashMap::new(),
            |mut links: HashMap<ModificationId, Vec<ItemId>>, (m, item)| {
                links.entry(m).or_default().push(item);
                links
            },
        ),
        from: old,
        to: new,
        comparison,
        roles: who.roles,
    }))
}

/// Blocks back to Markdown that the structure parser reads into the same blocks: the title
/// as `#`, headings one `#` deeper than their level, paragraphs as they are.
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        let hashes = match b.kind {
            BlockKind::Paragraph | BlockKind::Item => 0,
            BlockKind::Title => 1,
            _ => usize::from(b.level.clamp(1, 5)) + 1,
        };
        if hashes > 0 {
            out.push_str(&"#".repeat(hashes));
            out.push(' ');
        }
        out.push_str(b.text.trim());
        out.push_str("\n\n");
    }
    out
}
