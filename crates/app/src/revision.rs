//! Revision: the modifications between two versions, counted by the text engine and stored
//! with the stable paragraph ids they touch; links from modifications to the items behind them.

use yijian_core::error::{Action, RecordKind};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::require_drafter;
use yijian_core::DomainError;

use crate::import::to_document;
use yijian_store::Tx;

use crate::{actor, record, App, Ctx, Result};

impl App {
    /// Compare two versions of a dossier and record each modification. Done once per pair.
    pub async fn record_modifications(
        &self,
        ctx: &Ctx,
        from: VersionId,
        to: VersionId,
    ) -> Result<Vec<Modification>> {
        let mut tx = self.begin().await?;
        let stored = record_modifications_in(&mut tx, ctx, from, to).await?;
        tx.commit().await?;
        Ok(stored)
    }

    /// Link a modification to the items behind it.
    pub async fn link_modification(
        &self,
        ctx: &Ctx,
        modification: ModificationId,
        items: &[ItemId],
    ) -> Result<usize> {
        let mut tx = self.begin().await?;
        let dossier = tx.modification_dossier(modification).await?;
        let who = actor(&mut tx, Some(dossier), ctx.person).await?;
        // Someone who does not see the dossier's record is told it does not exist, as for a
        // modification that does not (a "forbidden" would confirm that it does).
        if !yijian_core::access::sees_record(&who) {
            return Err(DomainError::not_found(RecordKind::Modification, modification).into());
        }
        require_drafter(&who, Action::LinkModifications)?;
        let mut linked = 0;
        for &item in items {
            if tx.item(item).await?.dossier != dossier {
                return Err(DomainError::other_dossier(RecordKind::Item, item).into());
            }
            if tx.link_modification(modification, item).await? {
                linked += 1;
            }
        }
        record(
            &mut tx,
            ctx,
            "modification.link",
            &format!("modification:{modification}"),
            &items,
        )
        .await?;
        tx.commit().await?;
        Ok(linked)
    }

    pub async fn modifications(&self, from: VersionId, to: VersionId) -> Result<Vec<Modification>> {
        let mut tx = self.read().await?;
        tx.version(from).await?;
        tx.version(to).await?;
        let m = tx.modifications(from, to).await?;
        tx.rollback().await?;
        Ok(m)
    }
}

/// Record the modifications from `from` to `to` inside the caller's transaction.
pub(crate) async fn record_modifications_in(
    tx: &mut Tx,
    ctx: &Ctx,
    from: VersionId,
    to: VersionId,
) -> Result<Vec<Modification>> {
    if from == to {
        return Err(DomainError::SameVersion.into());
    }
    let (old, new) = (tx.version(from).await?, tx.version(to).await?);
    if old.dossier != new.dossier {
        return Err(DomainError::VersionsOfDifferentDossiers { from, to }.into());
    }
    require_drafter(
        &actor(tx, Some(old.dossier), ctx.person).await?,
        Action::RecordModifications,
    )?;
    if !tx.modifications(from, to).await?.is_empty() {
        return Err(DomainError::ModificationsAlreadyRecorded { from, to }.into());
    }
    let (old_blocks, new_blocks) = (tx.blocks(from).await?, tx.blocks(to).await?);
    let comparison =
        yijian_text::diff::compare(&to_document(&old_blocks), &to_document(&new_blocks));
    let mut stored = Vec::with_capacity(comparison.modifications.len());
    for (seq, m) in comparison.modifications.iter().enumerate() {
        let modification = Modification {
            id: ModificationId(tx.next_id("modification").await?),
            from_version: from,
            to_version: to,
            seq: seq as u32 + 1,
            kind: serde_json::to_value(m.kind)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            old_paragraph: m
                .old_blocks
                .first()
                .and_then(|&i| old_blocks.get(i))
                .map(|b| b.paragraph),
            new_paragraph: m
                .new_blocks
                .first()
                .and_then(|&i| new_blocks.get(i))
                .map(|b| b.paragraph),
            old_text: m.old_text.clone(),
            new_text: m.new_text.clone(),
            part: m.part.clone(),
        };
        tx.insert_modification(old.dossier, &modification).await?;
        stored.push(modification);
    }
    let subject = format!("version:{from} version:{to}");
    record(tx, ctx, "modifications.record", &subject, &stored.len()).await?;
    Ok(stored)
}
