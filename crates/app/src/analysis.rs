//! Analysis: gathering similar items into groups under a common view, and disposing of
//! items and groups.

use yijian_core::error::{Action, Field};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{check_disposition, check_groupable, require_drafter, require_text};
use yijian_core::DomainError;

use yijian_store::Tx;

use crate::{actor, record, App, Ctx, Result};

impl App {
    /// Gather items of one dossier under a written common view ("all regions agreed that…").
    /// Each item keeps its own record; an item belongs to one group at most.
    pub async fn create_group(
        &self,
        ctx: &Ctx,
        dossier: DossierId,
        common_view: &str,
        items: &[ItemId],
    ) -> Result<GroupId> {
        require_text(Field::CommonView, common_view)?;
        if items.is_empty() {
            return Err(DomainError::Empty {
                field: Field::GroupItems,
            }
            .into());
        }
        let mut tx = self.begin().await?;
        let group = create_group_in(&mut tx, ctx, dossier, common_view, items).await?;
        tx.commit().await?;
        Ok(group)
    }

    /// Dispose of an item or a group: members propose, the leader or a deputy finalises.
    /// Dispositions are appended; the latest final one is the item's (or group's) current one.
    pub async fn dispose(
        &self,
        ctx: &Ctx,
        target: DispositionTarget,
        kind: DispositionKind,
        reason: &str,
        status: DispositionStatus,
    ) -> Result<DispositionId> {
        let mut tx = self.begin().await?;
        let d = dispose_in(&mut tx, ctx, target, kind, reason, status).await?;
        tx.commit().await?;
        Ok(d)
    }

    /// Current final disposition of each live item of a dossier.
    pub async fn current_dispositions(
        &self,
        dossier: DossierId,
    ) -> Result<std::collections::HashMap<ItemId, DispositionKind>> {
        let mut tx = self.read().await?;
        tx.dossier(dossier).await?;
        let d = tx.current_dispositions(dossier).await?;
        tx.rollback().await?;
        Ok(d)
    }
}

/// Gather items under a common view, inside a transaction (for [`App::create_group`] and
/// for disposing a selection as one group).
pub(crate) async fn create_group_in(
    tx: &mut Tx,
    ctx: &Ctx,
    dossier: DossierId,
    common_view: &str,
    items: &[ItemId],
) -> Result<GroupId> {
    require_text(Field::CommonView, common_view)?;
    if items.is_empty() {
        return Err(DomainError::Empty {
            field: Field::GroupItems,
        }
        .into());
    }
    tx.dossier(dossier).await?;
    require_drafter(
        &actor(tx, Some(dossier), ctx.person).await?,
        Action::GroupItems,
    )?;
    let group = ItemGroup {
        id: GroupId(tx.next_id("group").await?),
        dossier,
        common_view: common_view.trim().into(),
    };
    tx.insert_group(&group, ctx.person, ctx.now).await?;
    let mut seen = std::collections::HashSet::new();
    for &id in items {
        let item = tx.item(id).await?;
        if item.dossier != dossier || tx.is_withdrawn(id).await? {
            return Err(DomainError::NotLiveItem { item: id, dossier }.into());
        }
        if !seen.insert(id) {
            return Err(DomainError::ItemListedTwice(id).into());
        }
        check_groupable(id, tx.group_of(id).await?)?;
        tx.add_group_member(group.id, id).await?;
    }
    record(
        tx,
        ctx,
        "group.create",
        &format!("group:{} dossier:{dossier}", group.id),
        &(&group, items),
    )
    .await?;
    Ok(group.id)
}

/// Append a disposition, inside a transaction.
pub(crate) async fn dispose_in(
    tx: &mut Tx,
    ctx: &Ctx,
    target: DispositionTarget,
    kind: DispositionKind,
    reason: &str,
    status: DispositionStatus,
) -> Result<DispositionId> {
    let dossier = match target {
        DispositionTarget::Item(i) => {
            if tx.is_withdrawn(i).await? {
                return Err(DomainError::ItemWithdrawn(i).into());
            }
            tx.item(i).await?.dossier
        }
        DispositionTarget::Group(g) => tx.group(g).await?.dossier,
    };
    check_disposition(&actor(tx, Some(dossier), ctx.person).await?, status, reason)?;
    let d = Disposition {
        id: DispositionId(tx.next_id("disposition").await?),
        target,
        kind,
        reason: reason.trim().into(),
        status,
        decided_by: ctx.person,
        decided_at: ctx.now,
    };
    tx.insert_disposition(&d).await?;
    let subject = match target {
        DispositionTarget::Item(i) => format!("disposition:{} item:{i}", d.id),
        DispositionTarget::Group(g) => format!("disposition:{} group:{g}", d.id),
    };
    record(tx, ctx, "disposition.record", &subject, &d).await?;
    Ok(d.id)
}
