//! Versions, their blocks and the stable paragraph ids.

use sqlx::any::AnyRow;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, StoreError, Tx};

fn version_row(row: &AnyRow) -> Result<Version> {
    Ok(Version {
        id: VersionId(int(row, "id")?),
        dossier: DossierId(int(row, "dossier")?),
        label: text(row, "label")?,
        parent: opt_int(row, "parent")?.map(VersionId),
        created_at: instant(row, "created_at")?,
        released_at: opt_instant(row, "released_at")?,
    })
}

fn block_row(row: &AnyRow) -> Result<Block> {
    let small = |col: &str, v: i64| {
        u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("block {col} {v} out of range")))
    };
    Ok(Block {
        paragraph: ParagraphId(int(row, "paragraph")?),
        position: small("position", int(row, "position")?)?,
        kind: code(row, "kind")?,
        level: small("level", int(row, "level")?)?.min(u8::MAX as u32) as u8,
        text: text(row, "text")?,
    })
}

const VERSION_COLS: &str =
    "SELECT id, dossier, label, parent, created_at, released_at FROM version";

impl Tx {
    pub async fn insert_version(
        &mut self,
        v: &Version,
        created_by: PersonId,
        content_digest: &str,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO version (id, dossier, label, parent, created_at, created_by, content_digest)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(v.id.0)
        .bind(v.dossier.0)
        .bind(v.label.clone())
        .bind(v.parent.map(|p| p.0))
        .bind(v.created_at.0)
        .bind(created_by.0)
        .bind(content_digest.to_string())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn version(&mut self, id: VersionId) -> Result<Version> {
        let sql = sqlx::AssertSqlSafe(format!("{VERSION_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| version_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Version, id).into()
        })
    }

    pub async fn versions(&mut self, dossier: DossierId) -> Result<Vec<Version>> {
        let sql = sqlx::AssertSqlSafe(format!("{VERSION_COLS} WHERE dossier = $1 ORDER BY id"));
        let rows = sqlx::query(sql)
            .bind(dossier.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(version_row).collect()
    }

    /// Mark a version released. Guarded in SQL too: a released version is never updated again.
    pub async fn release_version(
        &mut self,
        id: VersionId,
        at: Instant,
        by: PersonId,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE version SET released_at = $1, released_by = $2 WHERE id = $3 AND released_at IS NULL")
            .bind(at.0)
            .bind(by.0)
            .bind(id.0)
            .execute(self.conn())
            .await?;
        if done.rows_affected() != 1 {
            return Err(DomainError::VersionReleased(id).into());
        }
        Ok(())
    }

    /// A new stable paragraph id, first seen in `version`.
    pub async fn new_paragraph(
        &mut self,
        dossier: DossierId,
        version: VersionId,
    ) -> Result<ParagraphId> {
        let id = self.next_id("paragraph").await?;
        sqlx::query("INSERT INTO paragraph (id, dossier, first_version) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(dossier.0)
            .bind(version.0)
            .execute(self.conn())
            .await?;
        Ok(ParagraphId(id))
    }

    /// Replace all blocks of an unreleased version (the caller checked the rule).
    pub async fn replace_blocks(&mut self, version: VersionId, blocks: &[Block]) -> Result<()> {
        sqlx::query("DELETE FROM block WHERE version = $1")
            .bind(version.0)
            .execute(self.conn())
            .await?;
        for b in blocks {
            sqlx::query("INSERT INTO block (version, position, paragraph, kind, level, text) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(version.0)
                .bind(i64::from(b.position))
                .bind(b.paragraph.0)
                .bind(b.kind.code())
                .bind(i64::from(b.level))
                .bind(b.text.clone())
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    pub async fn blocks(&mut self, version: VersionId) -> Result<Vec<Block>> {
        let rows = sqlx::query("SELECT position, paragraph, kind, level, text FROM block WHERE version = $1 ORDER BY position")
            .bind(version.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(block_row).collect()
    }

    pub async fn set_version_digest(&mut self, version: VersionId, digest: &str) -> Result<()> {
        sqlx::query("UPDATE version SET content_digest = $1 WHERE id = $2 AND released_at IS NULL")
            .bind(digest.to_string())
            .bind(version.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Stored content digests of released versions, for integrity checks.
    pub async fn released_version_digests(&mut self) -> Result<Vec<(VersionId, String)>> {
        let rows = sqlx::query(
            "SELECT id, content_digest FROM version WHERE released_at IS NOT NULL ORDER BY id",
        )
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((VersionId(int(r, "id")?), text(r, "content_digest")?)))
            .collect()
    }
}

impl Tx {
    /// Record a drafter's summary of a part (the part's heading paragraph) of a version.
    pub async fn insert_part_summary(
        &mut self,
        version: VersionId,
        paragraph: ParagraphId,
        summary: &str,
        by: PersonId,
        at: Instant,
    ) -> Result<()> {
        let id = self.next_id("part_summary").await?;
        sqlx::query(
            "INSERT INTO part_summary (id, version, paragraph, summary, written_by, written_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(version.0)
        .bind(paragraph.0)
        .bind(summary.to_string())
        .bind(by.0)
        .bind(at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// The current summary of each summarised part of a version, by the part's paragraph id.
    pub async fn part_summaries(
        &mut self,
        version: VersionId,
    ) -> Result<std::collections::HashMap<ParagraphId, String>> {
        let rows = sqlx::query(
            "SELECT paragraph, summary FROM part_summary WHERE version = $1 ORDER BY id",
        )
        .bind(version.0)
        .fetch_all(self.conn())
        .await?;
        let mut out = std::collections::HashMap::new();
        for r in &rows {
            // Later rows replace earlier ones: the latest summary counts.
            out.insert(ParagraphId(int(r, "paragraph")?), text(r, "summary")?);
        }
        Ok(out)
    }
}
