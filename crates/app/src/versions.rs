//! Versions: import a text as a new version (carrying stable paragraph ids over from the
//! version it revises), replace an unreleased version's text, release.

use yijian_core::error::{Action, Field, RecordKind};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{check_release, check_version_editable, require_drafter, require_text};
use yijian_core::DomainError;
use yijian_store::Tx;

use crate::import::{parse_file, ParsedBlock};
use crate::{actor, record, record_digest, App, Ctx, Result};

/// The digest of a version's content: what a released version must keep matching.
pub(crate) fn content_digest(blocks: &[Block]) -> String {
    let mut buf = String::new();
    for b in blocks {
        buf.push_str(&format!(
            "{}|{}|{}|{}\n",
            b.paragraph,
            b.kind,
            b.level,
            b.text.replace('\n', " ")
        ));
    }
    yijian_core::audit::digest(buf.as_bytes())
}

impl App {
    /// Write the drafters' summary of a part of a version (`part`: 1-based among the part
    /// headings — preface, parts, conclusion), for the explanation's framework. The version's
    /// text is untouched, so released versions can be summarised too; the latest summary counts.
    pub async fn summarize_part(
        &self,
        ctx: &Ctx,
        version: VersionId,
        part: u32,
        summary: &str,
    ) -> Result<()> {
        require_text(Field::PartSummary, summary)?;
        let mut tx = self.begin().await?;
        let v = tx.version(version).await?;
        require_drafter(
            &actor(&mut tx, Some(v.dossier), ctx.person).await?,
            Action::SummarisePart,
        )?;
        let heading = tx
            .blocks(version)
            .await?
            .into_iter()
            .filter(|b| b.kind.opens_part())
            .nth((part as usize).wrapping_sub(1))
            .ok_or(DomainError::NoSuchPart { version, part })?;
        let summary = summary.trim();
        tx.insert_part_summary(version, heading.paragraph, summary, ctx.person, ctx.now)
            .await?;
        let subject = format!("version:{version} paragraph:{}", heading.paragraph);
        record(&mut tx, ctx, "part.summarize", &subject, &summary).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Import a file as a new (unreleased) version. `parent` defaults to the dossier's latest
    /// version; paragraphs that align with the parent's keep their stable ids.
    pub async fn import_version(
        &self,
        ctx: &Ctx,
        dossier: DossierId,
        label: &str,
        file_name: &str,
        bytes: &[u8],
        parent: Option<VersionId>,
    ) -> Result<VersionId> {
        require_text(Field::VersionLabel, label)?;
        let parsed = parse_file(file_name, bytes)?;
        let mut tx = self.begin().await?;
        tx.dossier(dossier).await?;
        require_drafter(
            &actor(&mut tx, Some(dossier), ctx.person).await?,
            Action::WriteVersion,
        )?;
        let parent = match parent {
            Some(p) => {
                let v = tx.version(p).await?;
                if v.dossier != dossier {
                    return Err(DomainError::other_dossier(RecordKind::Version, p).into());
                }
                Some(p)
            }
            None => tx.versions(dossier).await?.last().map(|v| v.id),
        };
        let version = Version {
            id: VersionId(tx.next_id("version").await?),
            dossier,
            label: label.trim().to_string(),
            parent,
            created_at: ctx.now,
            released_at: None,
        };
        tx.insert_version(&version, ctx.person, "").await?;
        let old = match parent {
            Some(p) => tx.blocks(p).await?,
            None => Vec::new(),
        };
        let blocks = assign_ids(&mut tx, dossier, version.id, &old, parsed).await?;
        let digest = content_digest(&blocks);
        tx.replace_blocks(version.id, &blocks).await?;
        tx.set_version_digest(version.id, &digest).await?;
        let subject = format!("version:{} dossier:{dossier}", version.id);
        record(
            &mut tx,
            ctx,
            "version.import",
            &subject,
            &(&version.label, &digest),
        )
        .await?;
        tx.commit().await?;
        Ok(version.id)
    }

    /// Replace the text of an unreleased version. A released version never changes.
    pub async fn replace_version_text(
        &self,
        ctx: &Ctx,
        version: VersionId,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<()> {
        let parsed = parse_file(file_name, bytes)?;
        let mut tx = self.begin().await?;
        let v = tx.version(version).await?;
        require_drafter(
            &actor(&mut tx, Some(v.dossier), ctx.person).await?,
            Action::WriteVersion,
        )?;
        check_version_editable(&v)?;
        let old = tx.blocks(version).await?;
        let blocks = assign_ids(&mut tx, v.dossier, version, &old, parsed).await?;
        let digest = content_digest(&blocks);
        tx.replace_blocks(version, &blocks).await?;
        tx.set_version_digest(version, &digest).await?;
        record(
            &mut tx,
            ctx,
            "version.replace",
            &format!("version:{version}"),
            &digest,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Release a version: from now on it never changes.
    pub async fn release_version(&self, ctx: &Ctx, version: VersionId) -> Result<()> {
        let mut tx = self.begin().await?;
        release_in(&mut tx, ctx, version).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn version(&self, id: VersionId) -> Result<(Version, Vec<Block>)> {
        let mut tx = self.read().await?;
        let v = tx.version(id).await?;
        let blocks = tx.blocks(id).await?;
        tx.rollback().await?;
        Ok((v, blocks))
    }

    pub async fn versions(&self, dossier: DossierId) -> Result<Vec<Version>> {
        let mut tx = self.read().await?;
        tx.dossier(dossier).await?;
        let v = tx.versions(dossier).await?;
        tx.rollback().await?;
        Ok(v)
    }
}

/// Release a version inside the caller's transaction (also used by `publish_revision`, which
/// records the modifications in the same one).
pub(crate) async fn release_in(tx: &mut Tx, ctx: &Ctx, version: VersionId) -> Result<()> {
    let v = tx.version(version).await?;
    let blocks = tx.blocks(version).await?;
    check_release(
        &actor(tx, Some(v.dossier), ctx.person).await?,
        &v,
        blocks.len(),
    )?;
    tx.release_version(version, ctx.now, ctx.person).await?;
    record_digest(
        tx,
        ctx,
        "version.release",
        &format!("version:{version}"),
        &content_digest(&blocks),
    )
    .await
}

/// The stable paragraph id of the `n`th body paragraph (1-based) of a version.
pub(crate) fn paragraph_by_number(
    version: VersionId,
    blocks: &[Block],
    n: u32,
) -> Result<ParagraphId> {
    blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .nth((n as usize).wrapping_sub(1))
        .map(|b| b.paragraph)
        .ok_or_else(|| DomainError::NoSuchParagraphNumber { version, number: n }.into())
}

/// Give each new block a stable paragraph id: the id of the old block it aligns with, or a
/// fresh one.
async fn assign_ids(
    tx: &mut Tx,
    dossier: DossierId,
    version: VersionId,
    old: &[Block],
    new: Vec<ParsedBlock>,
) -> Result<Vec<Block>> {
    let old_texts: Vec<&str> = old.iter().map(|b| b.text.as_str()).collect();
    let new_texts: Vec<&str> = new.iter().map(|b| b.text.as_str()).collect();
    let inherited = yijian_text::align::align(&old_texts, &new_texts).inherited_ids(new.len());
    let mut used = std::collections::HashSet::new();
    let mut blocks = Vec::with_capacity(new.len());
    for (position, (parsed, from_old)) in new.into_iter().zip(inherited).enumerate() {
        let carried = from_old
            .and_then(|i| old.get(i))
            .map(|b| b.paragraph)
            .filter(|p| used.insert(*p));
        let paragraph = match carried {
            Some(p) => p,
            None => tx.new_paragraph(dossier, version).await?,
        };
        blocks.push(Block {
            paragraph,
            position: position as u32,
            kind: parsed.kind,
            level: parsed.level,
            text: parsed.text,
        });
    }
    Ok(blocks)
}
