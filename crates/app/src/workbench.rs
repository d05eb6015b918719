//! The analysis workbench: every live item of a dossier with who said it, where, how it
//! stands and who analyses it; sharing the items out; disposing of a selection at once.

use std::collections::HashMap;

use serde::Serialize;
use yijian_core::error::{Action, Field, RecordKind};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules;
use yijian_core::DomainError;
use yijian_store::Tx;

use crate::accounts::record_holder;
use crate::analysis::{create_group_in, dispose_in};
use crate::{actor, record, App, Ctx, Result};

/// One item as the workbench shows it.
#[derive(Debug, Clone, Serialize)]
pub struct WorkbenchItem {
    pub item: Item,
    /// The body it speaks for, else its author, else the speaker at a hearing.
    pub consultee: String,
    pub category: Option<Category>,
    /// The paragraph's number in the version the item was made on.
    pub paragraph_number: Option<u32>,
    /// The current final disposition (its own or its group's).
    pub disposition: Option<DispositionKind>,
    pub group: Option<GroupId>,
    pub assignee: Option<PersonId>,
}

/// A dossier's items for its analysis.
#[derive(Debug, Clone, Serialize)]
pub struct Workbench {
    pub dossier: Dossier,
    /// The caller's roles in the dossier (pages show the forms their roles allow).
    pub roles: Vec<Role>,
    pub items: Vec<WorkbenchItem>,
    /// Who may be given items: the dossier's drafting group.
    pub drafters: Vec<(PersonId, String)>,
}

impl Workbench {
    /// Items with a final disposition.
    pub fn handled(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.disposition.is_some())
            .count()
    }
}

/// Disposing of several items at once: they are gathered in a new group under a common view,
/// and the group is disposed of.
#[derive(Debug, Clone)]
pub struct GroupDisposal {
    pub items: Vec<ItemId>,
    pub common_view: String,
    pub kind: DispositionKind,
    pub reason: String,
    pub status: DispositionStatus,
}

impl App {
    /// The workbench of a dossier, for those who see its record (`None` otherwise, and when
    /// the dossier does not exist).
    pub async fn workbench(
        &self,
        person: PersonId,
        dossier: DossierId,
    ) -> Result<Option<Workbench>> {
        let mut tx = self.read().await?;
        let out = workbench_in(&mut tx, person, dossier).await;
        tx.rollback().await?;
        out
    }

    /// Give items to a drafting-group member to analyse (leader or deputy). One audit entry
    /// for the whole assignment.
    pub async fn assign_items(
        &self,
        ctx: &Ctx,
        dossier: DossierId,
        items: &[ItemId],
        assignee: PersonId,
    ) -> Result<usize> {
        if items.is_empty() {
            return Err(DomainError::Empty {
                field: Field::Items,
            }
            .into());
        }
        let mut tx = self.begin().await?;
        tx.dossier(dossier).await?;
        let who = actor(&mut tx, Some(dossier), ctx.person).await?;
        let assignee_roles = tx.roles(Some(dossier), assignee).await?;
        rules::check_assignment(&who, &assignee_roles)?;
        for &id in items {
            if tx.item(id).await?.dossier != dossier {
                return Err(DomainError::other_dossier(RecordKind::Item, id).into());
            }
            tx.insert_assignment(id, assignee, ctx.person, ctx.now)
                .await?;
        }
        record(
            &mut tx,
            ctx,
            "items.assign",
            &format!("dossier:{dossier} person:{assignee}"),
            &items,
        )
        .await?;
        tx.commit().await?;
        Ok(items.len())
    }

    /// Gather a selection into a group and dispose of the group, in one transaction: either
    /// both happen or neither.
    pub async fn dispose_as_group(
        &self,
        ctx: &Ctx,
        dossier: DossierId,
        d: &GroupDisposal,
    ) -> Result<(GroupId, DispositionId)> {
        let mut tx = self.begin().await?;
        let group = create_group_in(&mut tx, ctx, dossier, &d.common_view, &d.items).await?;
        let disposition = dispose_in(
            &mut tx,
            ctx,
            DispositionTarget::Group(group),
            d.kind,
            &d.reason,
            d.status,
        )
        .await?;
        tx.commit().await?;
        Ok((group, disposition))
    }
}

async fn workbench_in(
    tx: &mut Tx,
    person: PersonId,
    dossier: DossierId,
) -> Result<Option<Workbench>> {
    let Some((d, who)) = record_holder(tx, person, dossier).await? else {
        return Ok(None);
    };
    let bodies: HashMap<BodyId, Body> = tx.bodies().await?.into_iter().map(|b| (b.id, b)).collect();
    let people: HashMap<PersonId, Person> =
        tx.people().await?.into_iter().map(|p| (p.id, p)).collect();
    let dispositions = tx.current_dispositions(dossier).await?;
    let assignments = tx.assignments(dossier).await?;
    // One query for every item's group, not one per item.
    let group_of: HashMap<ItemId, GroupId> = tx
        .groups(dossier)
        .await?
        .into_iter()
        .flat_map(|(g, members)| members.into_iter().map(move |i| (i, g.id)))
        .collect();
    let mut numbers: HashMap<VersionId, HashMap<ParagraphId, u32>> = HashMap::new();
    let mut items = Vec::new();
    for item in tx.items(dossier).await? {
        let paragraph_number = match item.anchor {
            Some(a) => {
                if let std::collections::hash_map::Entry::Vacant(e) = numbers.entry(a.version) {
                    e.insert(paragraph_numbers(&tx.blocks(a.version).await?));
                }
                numbers[&a.version].get(&a.paragraph).copied()
            }
            None => None,
        };
        let body = item.body.and_then(|b| bodies.get(&b));
        let consultee = match (body, item.author.and_then(|p| people.get(&p))) {
            (Some(b), _) => b.name.clone(),
            (None, Some(p)) => p.name.clone(),
            (None, None) => item.speaker.clone().unwrap_or_default(),
        };
        items.push(WorkbenchItem {
            consultee,
            category: body.and_then(|b| b.category),
            paragraph_number,
            disposition: dispositions.get(&item.id).copied(),
            group: group_of.get(&item.id).copied(),
            assignee: assignments.get(&item.id).copied(),
            item,
        });
    }
    let mut drafters: Vec<(PersonId, String)> = tx
        .role_assignments(dossier)
        .await?
        .into_iter()
        .filter(|(_, r)| r.drafts())
        .filter_map(|(p, _)| people.get(&p).map(|p| (p.id, p.name.clone())))
        .collect();
    drafters.sort();
    drafters.dedup();
    Ok(Some(Workbench {
        dossier: d,
        roles: who.roles,
        items,
        drafters,
    }))
}

/// Body paragraphs (paragraphs and list items) numbered from 1, as consultees count them.
pub fn paragraph_numbers(blocks: &[Block]) -> HashMap<ParagraphId, u32> {
    blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .zip(1..)
        .map(|(b, n)| (b.paragraph, n))
        .collect()
}

impl App {
    /// Dispose of each selected item in the same way, in one transaction (all or none).
    pub async fn dispose_items(
        &self,
        ctx: &Ctx,
        dossier: DossierId,
        items: &[ItemId],
        kind: DispositionKind,
        reason: &str,
        status: DispositionStatus,
    ) -> Result<Vec<DispositionId>> {
        if items.is_empty() {
            return Err(DomainError::Empty {
                field: Field::Items,
            }
            .into());
        }
        let mut tx = self.begin().await?;
        let mut out = Vec::with_capacity(items.len());
        for &id in items {
            if tx.item(id).await?.dossier != dossier {
                return Err(DomainError::other_dossier(RecordKind::Item, id).into());
            }
            out.push(
                dispose_in(
                    &mut tx,
                    ctx,
                    DispositionTarget::Item(id),
                    kind,
                    reason,
                    status,
                )
                .await?,
            );
        }
        tx.commit().await?;
        Ok(out)
    }

    /// Publish the dossier's handling of the items to its consultees (leader or deputy),
    /// once every item has a final disposition. Consultees then see what became of theirs.
    pub async fn publish_handling(&self, ctx: &Ctx, dossier: DossierId) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.dossier(dossier).await?;
        rules::require_lead(
            &actor(&mut tx, Some(dossier), ctx.person).await?,
            Action::PublishHandling,
        )?;
        if tx.handling_published(dossier).await?.is_some() {
            return Err(DomainError::HandlingAlreadyPublished(dossier).into());
        }
        let undisposed = tx.summary(dossier).await?.undisposed;
        if undisposed > 0 {
            return Err(DomainError::ItemsUndisposed(undisposed).into());
        }
        tx.publish_handling(dossier, ctx.person, ctx.now).await?;
        record(
            &mut tx,
            ctx,
            "handling.publish",
            &format!("dossier:{dossier}"),
            &ctx.now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When the dossier's handling was published (`None`: not yet).
    pub async fn handling_published(
        &self,
        dossier: DossierId,
    ) -> Result<Option<yijian_core::time::Instant>> {
        let mut tx = self.read().await?;
        let at = tx.handling_published(dossier).await?;
        tx.rollback().await?;
        Ok(at)
    }
}
