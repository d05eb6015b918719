//! Modifications and their links to items; meetings; plenary submissions and adoption.

use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Date;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, Tx};

impl Tx {
    pub async fn insert_modification(
        &mut self,
        dossier: DossierId,
        m: &Modification,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO modification (id, dossier, from_version, to_version, seq, kind, old_paragraph, new_paragraph, old_text, new_text, part)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(m.id.0)
        .bind(dossier.0)
        .bind(m.from_version.0)
        .bind(m.to_version.0)
        .bind(i64::from(m.seq))
        .bind(m.kind.clone())
        .bind(m.old_paragraph.map(|p| p.0))
        .bind(m.new_paragraph.map(|p| p.0))
        .bind(m.old_text.clone())
        .bind(m.new_text.clone())
        .bind(m.part.clone())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn modifications(
        &mut self,
        from: VersionId,
        to: VersionId,
    ) -> Result<Vec<Modification>> {
        let rows = sqlx::query(
            "SELECT id, from_version, to_version, seq, kind, old_paragraph, new_paragraph, old_text, new_text, part
             FROM modification WHERE from_version = $1 AND to_version = $2 ORDER BY seq",
        )
        .bind(from.0)
        .bind(to.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Modification {
                    id: ModificationId(int(r, "id")?),
                    from_version: VersionId(int(r, "from_version")?),
                    to_version: VersionId(int(r, "to_version")?),
                    seq: int(r, "seq")? as u32,
                    kind: text(r, "kind")?,
                    old_paragraph: opt_int(r, "old_paragraph")?.map(ParagraphId),
                    new_paragraph: opt_int(r, "new_paragraph")?.map(ParagraphId),
                    old_text: text(r, "old_text")?,
                    new_text: text(r, "new_text")?,
                    part: opt_text(r, "part")?,
                })
            })
            .collect()
    }

    /// The dossier a modification belongs to (and that it exists).
    pub async fn modification_dossier(&mut self, id: ModificationId) -> Result<DossierId> {
        let row = sqlx::query("SELECT dossier FROM modification WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        let row = row.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Modification, id)
        })?;
        Ok(DossierId(int(&row, "dossier")?))
    }

    /// Link a modification to an item behind it; linking twice is a no-op (returns false).
    pub async fn link_modification(&mut self, m: ModificationId, item: ItemId) -> Result<bool> {
        let exists =
            sqlx::query("SELECT item FROM modification_item WHERE modification = $1 AND item = $2")
                .bind(m.0)
                .bind(item.0)
                .fetch_optional(self.conn())
                .await?;
        if exists.is_some() {
            return Ok(false);
        }
        sqlx::query("INSERT INTO modification_item (modification, item) VALUES ($1, $2)")
            .bind(m.0)
            .bind(item.0)
            .execute(self.conn())
            .await?;
        Ok(true)
    }

    pub async fn insert_meeting(&mut self, m: &Meeting) -> Result<()> {
        sqlx::query(
            "INSERT INTO meeting (id, dossier, body, held_on, version, decision, minutes) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(m.id.0)
        .bind(m.dossier.0)
        .bind(m.body.0)
        .bind(m.held_on.to_string())
        .bind(m.version.0)
        .bind(m.decision.code())
        .bind(m.minutes.clone())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn meetings_on(&mut self, version: VersionId) -> Result<usize> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM meeting WHERE version = $1")
            .bind(version.0)
            .fetch_one(self.conn())
            .await?;
        Ok(int(&row, "n")? as usize)
    }

    pub async fn insert_submission(&mut self, s: &Submission) -> Result<()> {
        sqlx::query("INSERT INTO submission (id, dossier, plenary, version, submitted_on) VALUES ($1, $2, $3, $4, $5)")
            .bind(s.id.0)
            .bind(s.dossier.0)
            .bind(s.plenary.0)
            .bind(s.version.0)
            .bind(s.submitted_on.to_string())
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn submission(&mut self, id: SubmissionId) -> Result<Submission> {
        let row = sqlx::query(
            "SELECT id, dossier, plenary, version, submitted_on, adopted_version, adopted_on FROM submission WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.conn())
        .await?;
        let r = row.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Submission, id)
        })?;
        Ok(Submission {
            id,
            dossier: DossierId(int(&r, "dossier")?),
            plenary: BodyId(int(&r, "plenary")?),
            version: VersionId(int(&r, "version")?),
            submitted_on: date(&r, "submitted_on")?,
            adopted_version: opt_int(&r, "adopted_version")?.map(VersionId),
            adopted_on: opt_date(&r, "adopted_on")?,
        })
    }

    /// The plenary submissions of a dossier, in order.
    pub async fn submissions(&mut self, dossier: DossierId) -> Result<Vec<Submission>> {
        let rows = sqlx::query("SELECT id FROM submission WHERE dossier = $1 ORDER BY id")
            .bind(dossier.0)
            .fetch_all(self.conn())
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(self.submission(SubmissionId(int(r, "id")?)).await?);
        }
        Ok(out)
    }

    pub async fn record_adoption(
        &mut self,
        id: SubmissionId,
        version: VersionId,
        on: Date,
    ) -> Result<()> {
        sqlx::query("UPDATE submission SET adopted_version = $1, adopted_on = $2 WHERE id = $3 AND adopted_on IS NULL")
            .bind(version.0)
            .bind(on.to_string())
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Tx {
    /// The meetings of a dossier, by date.
    pub async fn meetings(&mut self, dossier: DossierId) -> Result<Vec<Meeting>> {
        let rows = sqlx::query(
            "SELECT id, dossier, body, held_on, version, decision, minutes FROM meeting
             WHERE dossier = $1 ORDER BY held_on, id",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Meeting {
                    id: MeetingId(int(r, "id")?),
                    dossier: DossierId(int(r, "dossier")?),
                    body: BodyId(int(r, "body")?),
                    held_on: date(r, "held_on")?,
                    version: VersionId(int(r, "version")?),
                    decision: code(r, "decision")?,
                    minutes: text(r, "minutes")?,
                })
            })
            .collect()
    }

    /// Which items each modification between two versions is linked to: (modification, item).
    pub async fn modification_links(
        &mut self,
        from: VersionId,
        to: VersionId,
    ) -> Result<Vec<(ModificationId, ItemId)>> {
        let rows = sqlx::query(
            "SELECT l.modification AS modification, l.item AS item FROM modification_item l
             JOIN modification m ON m.id = l.modification
             WHERE m.from_version = $1 AND m.to_version = $2 ORDER BY m.seq, l.item",
        )
        .bind(from.0)
        .bind(to.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    ModificationId(int(r, "modification")?),
                    ItemId(int(r, "item")?),
                ))
            })
            .collect()
    }

    /// The pairs of versions of a dossier whose modifications were recorded, with their counts.
    pub async fn modification_pairs(
        &mut self,
        dossier: DossierId,
    ) -> Result<Vec<(VersionId, VersionId, i64)>> {
        let rows = sqlx::query(
            "SELECT from_version, to_version, COUNT(*) AS n FROM modification WHERE dossier = $1
             GROUP BY from_version, to_version ORDER BY from_version, to_version",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    VersionId(int(r, "from_version")?),
                    VersionId(int(r, "to_version")?),
                    int(r, "n")?,
                ))
            })
            .collect()
    }
}
