//! Who analyses which item (assignments, append-only: the latest per item is current), and
//! the publication of a dossier's handling to its consultees.

use std::collections::HashMap;

use yijian_core::ids::*;
use yijian_core::time::Instant;

use crate::rows::*;
use crate::{Result, Tx};

impl Tx {
    pub async fn insert_assignment(
        &mut self,
        item: ItemId,
        assignee: PersonId,
        by: PersonId,
        at: Instant,
    ) -> Result<i64> {
        let id = self.next_id("assignment").await?;
        sqlx::query(
            "INSERT INTO item_assignment (id, item, assignee, assigned_by, assigned_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(item.0)
        .bind(assignee.0)
        .bind(by.0)
        .bind(at.0)
        .execute(self.conn())
        .await?;
        Ok(id)
    }

    /// The current assignee of each assigned item of a dossier.
    pub async fn assignments(&mut self, dossier: DossierId) -> Result<HashMap<ItemId, PersonId>> {
        let rows = sqlx::query(
            "SELECT a.item AS item, a.assignee AS assignee FROM item_assignment a
             JOIN item i ON i.id = a.item WHERE i.dossier = $1 ORDER BY a.id",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        let mut out = HashMap::new();
        for r in &rows {
            out.insert(ItemId(int(r, "item")?), PersonId(int(r, "assignee")?));
        }
        Ok(out)
    }
}

impl Tx {
    /// Publish a dossier's handling to its consultees; false when it was published already.
    pub async fn publish_handling(
        &mut self,
        dossier: DossierId,
        by: PersonId,
        at: Instant,
    ) -> Result<bool> {
        if self.handling_published(dossier).await?.is_some() {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO handling_publication (dossier, published_at, published_by) VALUES ($1, $2, $3)",
        )
        .bind(dossier.0)
        .bind(at.0)
        .bind(by.0)
        .execute(self.conn())
        .await?;
        Ok(true)
    }

    /// When the dossier's handling was published to the consultees.
    pub async fn handling_published(&mut self, dossier: DossierId) -> Result<Option<Instant>> {
        let row = sqlx::query("SELECT published_at FROM handling_publication WHERE dossier = $1")
            .bind(dossier.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| instant(&r, "published_at")).transpose()
    }
}
