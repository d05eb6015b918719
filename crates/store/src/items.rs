//! Items, their earlier revisions, groups and dispositions.

use sqlx::any::AnyRow;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, Tx};

fn item_row(row: &AnyRow) -> Result<Item> {
    let anchor = match (opt_int(row, "paragraph")?, opt_int(row, "version")?) {
        (Some(p), Some(v)) => Some(Anchor {
            paragraph: ParagraphId(p),
            version: VersionId(v),
            span: match (opt_int(row, "span_start")?, opt_int(row, "span_end")?) {
                (Some(s), Some(e)) => Some((s as u32, e as u32)),
                _ => None,
            },
        }),
        _ => None,
    };
    Ok(Item {
        id: ItemId(int(row, "id")?),
        dossier: DossierId(int(row, "dossier")?),
        source: code(row, "source")?,
        response: opt_int(row, "response")?.map(ResponseId),
        hearing: opt_int(row, "hearing")?.map(HearingId),
        submission: opt_int(row, "submission")?.map(SubmissionId),
        body: opt_int(row, "body")?.map(BodyId),
        author: opt_int(row, "author")?.map(PersonId),
        speaker: opt_text(row, "speaker")?,
        kind: code(row, "kind")?,
        text: text(row, "text")?,
        anchor,
        created_at: instant(row, "created_at")?,
    })
}

const ITEM_COLS: &str =
    "SELECT id, dossier, source, response, hearing, submission, body, author, speaker, kind, text,
    paragraph, version, span_start, span_end, created_at FROM item";

impl Tx {
    pub async fn insert_item(&mut self, i: &Item) -> Result<()> {
        let a = i.anchor;
        sqlx::query(
            "INSERT INTO item (id, dossier, source, response, hearing, submission, body, author, speaker, kind, text,
                paragraph, version, span_start, span_end, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(i.id.0)
        .bind(i.dossier.0)
        .bind(i.source.code())
        .bind(i.response.map(|x| x.0))
        .bind(i.hearing.map(|x| x.0))
        .bind(i.submission.map(|x| x.0))
        .bind(i.body.map(|x| x.0))
        .bind(i.author.map(|x| x.0))
        .bind(i.speaker.clone())
        .bind(i.kind.code())
        .bind(i.text.clone())
        .bind(a.map(|a| a.paragraph.0))
        .bind(a.map(|a| a.version.0))
        .bind(a.and_then(|a| a.span).map(|s| i64::from(s.0)))
        .bind(a.and_then(|a| a.span).map(|s| i64::from(s.1)))
        .bind(i.created_at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// An item, withdrawn or not.
    pub async fn item(&mut self, id: ItemId) -> Result<Item> {
        let sql = sqlx::AssertSqlSafe(format!("{ITEM_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| item_row(&r))
            .transpose()?
            .ok_or_else(|| DomainError::not_found(yijian_core::error::RecordKind::Item, id).into())
    }

    /// The live (not withdrawn) items of a response.
    pub async fn items_of_response(&mut self, response: ResponseId) -> Result<Vec<Item>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{ITEM_COLS} WHERE response = $1 AND withdrawn = 0 ORDER BY id"
        ));
        let rows = sqlx::query(sql)
            .bind(response.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(item_row).collect()
    }

    /// The live items of a dossier.
    pub async fn items(&mut self, dossier: DossierId) -> Result<Vec<Item>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{ITEM_COLS} WHERE dossier = $1 AND withdrawn = 0 ORDER BY id"
        ));
        let rows = sqlx::query(sql)
            .bind(dossier.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(item_row).collect()
    }

    /// How many live items each paragraph of a dossier drew (the heat map), counted by the
    /// database rather than by loading every item.
    pub async fn items_per_paragraph(
        &mut self,
        dossier: DossierId,
    ) -> Result<std::collections::HashMap<ParagraphId, usize>> {
        let rows = sqlx::query(
            "SELECT paragraph, COUNT(*) AS n FROM item WHERE dossier = $1 AND withdrawn = 0 AND paragraph IS NOT NULL GROUP BY paragraph",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((ParagraphId(int(r, "paragraph")?), int(r, "n")? as usize)))
            .collect()
    }

    /// Every item's id, kind and text (withdrawn included), for integrity checks.
    pub async fn item_contents(&mut self) -> Result<Vec<(ItemId, String, String)>> {
        let rows = sqlx::query("SELECT id, kind, text FROM item ORDER BY id")
            .fetch_all(self.conn())
            .await?;
        rows.iter()
            .map(|r| Ok((ItemId(int(r, "id")?), text(r, "kind")?, text(r, "text")?)))
            .collect()
    }

    pub async fn is_withdrawn(&mut self, id: ItemId) -> Result<bool> {
        let row = sqlx::query("SELECT withdrawn FROM item WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        let row =
            row.ok_or_else(|| DomainError::not_found(yijian_core::error::RecordKind::Item, id))?;
        Ok(int(&row, "withdrawn")? == 1)
    }

    /// Change an item's text and kind, keeping the earlier text as a revision.
    pub async fn amend_item(
        &mut self,
        old: &Item,
        kind: ItemKind,
        new_text: &str,
        at: Instant,
        by: PersonId,
    ) -> Result<()> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM item_revision WHERE item = $1")
            .bind(old.id.0)
            .fetch_one(self.conn())
            .await?;
        let revision = int(&row, "n")? + 1;
        sqlx::query("INSERT INTO item_revision (item, revision, kind, text, replaced_at, replaced_by) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(old.id.0)
            .bind(revision)
            .bind(old.kind.code())
            .bind(old.text.clone())
            .bind(at.0)
            .bind(by.0)
            .execute(self.conn())
            .await?;
        sqlx::query("UPDATE item SET kind = $1, text = $2 WHERE id = $3")
            .bind(kind.code())
            .bind(new_text.to_string())
            .bind(old.id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Withdraw an item: it stays in the record, marked, and leaves the counts.
    pub async fn withdraw_item(&mut self, id: ItemId) -> Result<()> {
        sqlx::query("UPDATE item SET withdrawn = 1 WHERE id = $1")
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn insert_group(&mut self, g: &ItemGroup, by: PersonId, at: Instant) -> Result<()> {
        sqlx::query("INSERT INTO item_group (id, dossier, common_view, created_by, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(g.id.0)
            .bind(g.dossier.0)
            .bind(g.common_view.clone())
            .bind(by.0)
            .bind(at.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn group(&mut self, id: GroupId) -> Result<ItemGroup> {
        let row = sqlx::query("SELECT id, dossier, common_view FROM item_group WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        let row =
            row.ok_or_else(|| DomainError::not_found(yijian_core::error::RecordKind::Group, id))?;
        Ok(ItemGroup {
            id,
            dossier: DossierId(int(&row, "dossier")?),
            common_view: text(&row, "common_view")?,
        })
    }

    pub async fn group_of(&mut self, item: ItemId) -> Result<Option<GroupId>> {
        let row = sqlx::query("SELECT group_id FROM group_member WHERE item = $1")
            .bind(item.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| Ok(GroupId(int(&r, "group_id")?))).transpose()
    }

    pub async fn add_group_member(&mut self, group: GroupId, item: ItemId) -> Result<()> {
        sqlx::query("INSERT INTO group_member (group_id, item) VALUES ($1, $2)")
            .bind(group.0)
            .bind(item.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn group_members(&mut self, group: GroupId) -> Result<Vec<ItemId>> {
        let rows = sqlx::query("SELECT item FROM group_member WHERE group_id = $1 ORDER BY item")
            .bind(group.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(|r| Ok(ItemId(int(r, "item")?))).collect()
    }

    pub async fn insert_disposition(&mut self, d: &Disposition) -> Result<()> {
        let (item, group) = match d.target {
            DispositionTarget::Item(i) => (Some(i.0), None),
            DispositionTarget::Group(g) => (None, Some(g.0)),
        };
        sqlx::query(
            "INSERT INTO disposition (id, item, group_id, kind, reason, status, decided_by, decided_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(d.id.0)
        .bind(item)
        .bind(group)
        .bind(d.kind.code())
        .bind(d.reason.clone())
        .bind(d.status.code())
        .bind(d.decided_by.0)
        .bind(d.decided_at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl Tx {
    /// The item groups of a dossier with their members.
    pub async fn groups(&mut self, dossier: DossierId) -> Result<Vec<(ItemGroup, Vec<ItemId>)>> {
        let rows =
            sqlx::query("SELECT id, common_view FROM item_group WHERE dossier = $1 ORDER BY id")
                .bind(dossier.0)
                .fetch_all(self.conn())
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id = GroupId(int(r, "id")?);
            let members = self.group_members(id).await?;
            out.push((
                ItemGroup {
                    id,
                    dossier,
                    common_view: text(r, "common_view")?,
                },
                members,
            ));
        }
        Ok(out)
    }
}
