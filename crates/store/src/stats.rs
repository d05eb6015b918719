//! Figures of a dossier, counted from the stored record (never from constants).

use std::collections::{BTreeMap, HashMap};

use yijian_core::ids::*;
use yijian_core::model::*;

use crate::rows::*;
use crate::{Result, Tx};

/// Shown for a meeting whose body row cannot be found (never expected).
pub const UNKNOWN_BODY: &str = "?";

/// An item's current final disposition: its kind and reason, and the group it came from
/// when the item has none of its own.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CurrentDisposition {
    pub kind: DispositionKind,
    pub reason: String,
    pub group: Option<GroupId>,
}

/// The figures of a dossier, as the explanation reports them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub dossier: DossierId,
    pub title: String,
    pub versions: i64,
    /// consultation kind → count.
    pub consultations: BTreeMap<String, i64>,
    /// Distinct bodies in the scope of the dossier's draft consultations.
    pub bodies_in_scope: i64,
    /// Submitted responses.
    pub responses: i64,
    /// Live items from every source.
    pub items: i64,
    /// disposition kind → items whose current final disposition (their own, else their
    /// group's) is of that kind.
    pub dispositions: BTreeMap<String, i64>,
    /// Items without a final disposition.
    pub undisposed: i64,
    pub groups: i64,
    pub hearings: i64,
    pub modifications: i64,
    /// Items linked to at least one modification.
    pub items_covered: i64,
    /// body name → meetings held.
    pub meetings: BTreeMap<String, i64>,
    pub adopted: bool,
}

impl Tx {
    async fn count(&mut self, sql: &'static str, dossier: DossierId) -> Result<i64> {
        let row = sqlx::query(sql)
            .bind(dossier.0)
            .fetch_one(self.conn())
            .await?;
        int(&row, "n")
    }

    /// Count everything about a dossier from the record.
    pub async fn summary(&mut self, dossier: DossierId) -> Result<Summary> {
        let d = self.dossier(dossier).await?;
        let mut consultations = BTreeMap::new();
        for c in self.consultations(dossier).await? {
            *consultations.entry(c.kind.code().to_string()).or_insert(0) += 1;
        }
        let (dispositions, undisposed) = self.disposition_counts(dossier).await?;
        let mut meetings = BTreeMap::new();
        let rows = sqlx::query(
            "SELECT b.name AS name, COUNT(*) AS n FROM meeting m JOIN body b ON b.id = m.body WHERE m.dossier = $1 GROUP BY b.name",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        for r in &rows {
            meetings.insert(text(r, "name")?, int(r, "n")?);
        }
        Ok(Summary {
            dossier,
            title: d.title,
            versions: self.count("SELECT COUNT(*) AS n FROM version WHERE dossier = $1", dossier).await?,
            consultations,
            bodies_in_scope: self
                .count(
                    "SELECT COUNT(DISTINCT s.body) AS n FROM scope_member s JOIN consultation c ON c.id = s.consultation
                     WHERE c.dossier = $1 AND c.kind = 'draft' AND s.body IS NOT NULL",
                    dossier,
                )
                .await?,
            responses: self
                .count(
                    "SELECT COUNT(*) AS n FROM response r JOIN consultation c ON c.id = r.consultation
                     WHERE c.dossier = $1 AND r.status = 'submitted'",
                    dossier,
                )
                .await?,
            items: self.count("SELECT COUNT(*) AS n FROM item WHERE dossier = $1 AND withdrawn = 0", dossier).await?,
            dispositions,
            undisposed,
            groups: self.count("SELECT COUNT(*) AS n FROM item_group WHERE dossier = $1", dossier).await?,
            hearings: self
                .count(
                    "SELECT COUNT(*) AS n FROM hearing h JOIN consultation c ON c.id = h.consultation WHERE c.dossier = $1",
                    dossier,
                )
                .await?,
            modifications: self.count("SELECT COUNT(*) AS n FROM modification WHERE dossier = $1", dossier).await?,
            items_covered: self
                .count(
                    "SELECT COUNT(DISTINCT l.item) AS n FROM modification_item l JOIN modification m ON m.id = l.modification
                     JOIN item i ON i.id = l.item WHERE m.dossier = $1 AND i.withdrawn = 0",
                    dossier,
                )
                .await?,
            meetings,
            adopted: self.count("SELECT COUNT(*) AS n FROM submission WHERE dossier = $1 AND adopted_on IS NOT NULL", dossier).await?
                > 0,
        })
    }

    /// Current final disposition of every live item: its own latest final one, else its
    /// group's latest final one.
    pub async fn current_dispositions(
        &mut self,
        dossier: DossierId,
    ) -> Result<HashMap<ItemId, DispositionKind>> {
        Ok(self
            .current_disposition_records(dossier)
            .await?
            .into_iter()
            .map(|(item, d)| (item, d.kind))
            .collect())
    }

    /// The current disposition of each group of a dossier: its own latest final one (a
    /// group of public comments has no items to carry it).
    pub async fn group_dispositions(
        &mut self,
        dossier: DossierId,
    ) -> Result<HashMap<GroupId, CurrentDisposition>> {
        let rows = sqlx::query(
            "SELECT d.group_id AS group_id, d.kind AS kind, d.reason AS reason
             FROM disposition d JOIN item_group g ON g.id = d.group_id
             WHERE d.status = 'final' AND g.dossier = $1 ORDER BY d.id",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        let mut out = HashMap::new();
        for r in &rows {
            let group = GroupId(int(r, "group_id")?);
            out.insert(
                group,
                CurrentDisposition {
                    kind: code(r, "kind")?,
                    reason: text(r, "reason")?,
                    group: Some(group),
                },
            );
        }
        Ok(out)
    }

    /// Like [`Tx::current_dispositions`], with the reason and whether it came from a group.
    pub async fn current_disposition_records(
        &mut self,
        dossier: DossierId,
    ) -> Result<HashMap<ItemId, CurrentDisposition>> {
        let rows = sqlx::query(
            "SELECT d.id AS id, d.item AS item, d.group_id AS group_id, d.kind AS kind, d.reason AS reason FROM disposition d
             LEFT JOIN item i ON i.id = d.item LEFT JOIN item_group g ON g.id = d.group_id
             WHERE d.status = 'final' AND (i.dossier = $1 OR g.dossier = $1) ORDER BY d.id",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        // The latest final disposition (highest id) of the item itself or of its group.
        let (mut by_item, mut by_group) = (HashMap::new(), HashMap::new());
        for r in &rows {
            let id = int(r, "id")?;
            let kind: DispositionKind = code(r, "kind")?;
            let reason = text(r, "reason")?;
            match (opt_int(r, "item")?, opt_int(r, "group_id")?) {
                (Some(i), _) => {
                    let d = CurrentDisposition {
                        kind,
                        reason,
                        group: None,
                    };
                    by_item.insert(ItemId(i), (id, d));
                }
                (None, Some(g)) => {
                    let d = CurrentDisposition {
                        kind,
                        reason,
                        group: Some(GroupId(g)),
                    };
                    by_group.insert(GroupId(g), (id, d));
                }
                _ => {}
            };
        }
        let members = sqlx::query(
            "SELECT m.item AS item, m.group_id AS group_id FROM group_member m JOIN item_group g ON g.id = m.group_id WHERE g.dossier = $1",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        let mut latest: HashMap<ItemId, (i64, CurrentDisposition)> = by_item;
        for r in &members {
            if let Some((id, d)) = by_group.get(&GroupId(int(r, "group_id")?)) {
                let item = ItemId(int(r, "item")?);
                if latest.get(&item).is_none_or(|(own, _)| own < id) {
                    latest.insert(item, (*id, d.clone()));
                }
            }
        }
        let mut out: HashMap<ItemId, CurrentDisposition> =
            latest.into_iter().map(|(item, (_, d))| (item, d)).collect();
        let live = sqlx::query("SELECT id FROM item WHERE dossier = $1 AND withdrawn = 0")
            .bind(dossier.0)
            .fetch_all(self.conn())
            .await?;
        let live: std::collections::HashSet<i64> =
            live.iter().map(|r| int(r, "id")).collect::<Result<_>>()?;
        out.retain(|id, _| live.contains(&id.0));
        Ok(out)
    }

    async fn disposition_counts(
        &mut self,
        dossier: DossierId,
    ) -> Result<(BTreeMap<String, i64>, i64)> {
        let current = self.current_dispositions(dossier).await?;
        let mut counts: BTreeMap<String, i64> = DispositionKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), 0))
            .collect();
        for kind in current.values() {
            *counts.entry(kind.code().to_string()).or_insert(0) += 1;
        }
        let items = self
            .count(
                "SELECT COUNT(*) AS n FROM item WHERE dossier = $1 AND withdrawn = 0",
                dossier,
            )
            .await?;
        Ok((counts, items - current.len() as i64))
    }
}
