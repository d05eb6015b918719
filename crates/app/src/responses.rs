//! Responses and their items; hearing minutes and plenary group-discussion opinions, which
//! also hold items.

use serde::Serialize;
use yijian_core::audit::item_digest;
use yijian_core::error::{Action, Field};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{
    self, check_anchor, check_response_action, require_drafter, require_text, Actor, ResponseAction,
};
use yijian_core::time::{Date, Instant};
use yijian_core::DomainError;
use yijian_store::Tx;

use crate::versions::paragraph_by_number;
use crate::{actor, record, record_digest, App, Ctx, Result};

/// Which paragraph an item points at: its number in the version (1-based, body paragraphs
/// only) or its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParagraphRef {
    Number(u32),
    Id(ParagraphId),
}

/// A new item, as a consultee or a drafter writes it.
#[derive(Debug, Clone, Serialize)]
pub struct NewItem {
    pub kind: ItemKind,
    pub text: String,
    pub paragraph: Option<ParagraphRef>,
    /// Character span (0-based, end exclusive) inside the paragraph.
    pub span: Option<(u32, u32)>,
}

impl App {
    /// Change an item's text (and kind) while the window is open; the earlier text is kept.
    pub async fn amend_item(
        &self,
        ctx: &Ctx,
        item: ItemId,
        kind: ItemKind,
        text: &str,
    ) -> Result<()> {
        require_text(Field::ItemText, text)?;
        let mut tx = self.begin().await?;
        let (old, response) = editable_item(&mut tx, ctx, item).await?;
        tx.amend_item(&old, kind, text.trim(), ctx.now, ctx.person)
            .await?;
        bump_amendments(&mut tx, response).await?;
        let digest = item_digest(kind.code(), text.trim());
        record_digest(&mut tx, ctx, "item.edit", &format!("item:{item}"), &digest).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Withdraw an item while the window is open. It stays in the record, marked withdrawn.
    pub async fn withdraw_item(&self, ctx: &Ctx, item: ItemId) -> Result<()> {
        let mut tx = self.begin().await?;
        let (_, response) = editable_item(&mut tx, ctx, item).await?;
        tx.withdraw_item(item).await?;
        bump_amendments(&mut tx, response).await?;
        record(
            &mut tx,
            ctx,
            "item.withdraw",
            &format!("item:{item}"),
            &item,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Approve and submit the caller's official response. Submitting again after amendments
    /// records the new submission time.
    pub async fn submit_response(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
    ) -> Result<ResponseId> {
        let mut tx = self.begin().await?;
        let c = tx.consultation(consultation).await?;
        let who = actor(&mut tx, Some(c.dossier), ctx.person).await?;
        let respondent = rules::respondent_of(&who);
        check_action(
            &mut tx,
            &c,
            &who,
            respondent,
            ResponseAction::Submit,
            ctx.now,
        )
        .await?;
        let mut response = tx.response_of(consultation, respondent).await?.ok_or(
            DomainError::NothingToSubmit {
                consultation,
                who: respondent,
            },
        )?;
        if tx.items_of_response(response.id).await?.is_empty() {
            return Err(DomainError::ResponseEmpty(response.id).into());
        }
        response.status = ResponseStatus::Submitted;
        response.submitted_at = Some(ctx.now);
        response.submitted_by = Some(ctx.person);
        tx.update_response(&response).await?;
        record(
            &mut tx,
            ctx,
            "response.submit",
            &format!("response:{} consultation:{consultation}", response.id),
            &response,
        )
        .await?;
        tx.commit().await?;
        Ok(response.id)
    }

    /// A response's live items.
    pub async fn response_items(&self, response: ResponseId) -> Result<(Response, Vec<Item>)> {
        let mut tx = self.read().await?;
        let r = tx.response(response).await?;
        let items = tx.items_of_response(response).await?;
        tx.rollback().await?;
        Ok((r, items))
    }

    pub async fn items(&self, dossier: DossierId) -> Result<Vec<Item>> {
        let mut tx = self.read().await?;
        tx.dossier(dossier).await?;
        let items = tx.items(dossier).await?;
        tx.rollback().await?;
        Ok(items)
    }

    /// Record a hearing (座谈会) held as part of a consultation.
    pub async fn record_hearing(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        title: &str,
        held_on: Date,
        minutes: &str,
    ) -> Result<HearingId> {
        require_text(Field::HearingTitle, title)?;
        let mut tx = self.begin().await?;
        let c = tx.consultation(consultation).await?;
        require_drafter(
            &actor(&mut tx, Some(c.dossier), ctx.person).await?,
            Action::RecordHearing,
        )?;
        let h = Hearing {
            id: HearingId(tx.next_id("hearing").await?),
            consultation,
            title: title.trim().into(),
            held_on,
            minutes: minutes.into(),
        };
        tx.insert_hearing(&h).await?;
        record(
            &mut tx,
            ctx,
            "hearing.record",
            &format!("hearing:{} consultation:{consultation}", h.id),
            &h,
        )
        .await?;
        tx.commit().await?;
        Ok(h.id)
    }

    /// Minute an item heard at a hearing, attributed to a speaker and (optionally) a body.
    pub async fn add_hearing_item(
        &self,
        ctx: &Ctx,
        hearing: HearingId,
        speaker: &str,
        body: Option<BodyId>,
        new: &NewItem,
    ) -> Result<ItemId> {
        require_text(Field::ItemText, &new.text)?;
        require_text(Field::Speaker, speaker)?;
        let mut tx = self.begin().await?;
        let h = tx.hearing(hearing).await?;
        let c = tx.consultation(h.consultation).await?;
        require_drafter(
            &actor(&mut tx, Some(c.dossier), ctx.person).await?,
            Action::MinuteHearing,
        )?;
        if let Some(b) = body {
            tx.body(b).await?;
        }
        let anchor = anchor_in(&mut tx, c.version, new).await?;
        let item = Item {
            id: ItemId(tx.next_id("item").await?),
            dossier: c.dossier,
            source: ItemSource::Hearing,
            response: None,
            hearing: Some(hearing),
            submission: None,
            body,
            author: None,
            speaker: Some(speaker.trim().into()),
            kind: new.kind,
            text: new.text.trim().into(),
            anchor,
            created_at: ctx.now,
        };
        insert_item(&mut tx, ctx, &item, &format!("hearing:{hearing}")).await?;
        tx.commit().await?;
        Ok(item.id)
    }

    /// Record an opinion from the plenary's group discussion of a submitted draft.
    pub async fn add_group_discussion_item(
        &self,
        ctx: &Ctx,
        submission: SubmissionId,
        speaker: &str,
        new: &NewItem,
    ) -> Result<ItemId> {
        require_text(Field::ItemText, &new.text)?;
        require_text(Field::Speaker, speaker)?;
        let mut tx = self.begin().await?;
        let s = tx.submission(submission).await?;
        require_drafter(
            &actor(&mut tx, Some(s.dossier), ctx.person).await?,
            Action::RecordGroupDiscussion,
        )?;
        if s.adopted_on.is_some() {
            return Err(DomainError::SubmissionAdopted(submission).into());
        }
        let anchor = anchor_in(&mut tx, Some(s.version), new).await?;
        let item = Item {
            id: ItemId(tx.next_id("item").await?),
            dossier: s.dossier,
            source: ItemSource::GroupDiscussion,
            response: None,
            hearing: None,
            submission: Some(submission),
            body: Some(s.plenary),
            author: None,
            speaker: Some(speaker.trim().into()),
            kind: new.kind,
            text: new.text.trim().into(),
            anchor,
            created_at: ctx.now,
        };
        insert_item(&mut tx, ctx, &item, &format!("submission:{submission}")).await?;
        tx.commit().await?;
        Ok(item.id)
    }
}

/// Whether a respondent is in scope, and whether its body has a head in the dossier.
/// Gather what the response rule needs (is the respondent in scope, has its body a head)
/// and ask it whether `who` may do `action` for `respondent` now.
async fn check_action(
    tx: &mut Tx,
    c: &Consultation,
    who: &Actor,
    respondent: Respondent,
    action: ResponseAction,
    now: Instant,
) -> Result<()> {
    let in_scope = tx.in_scope(c.id, respondent).await?;
    let has_head = match respondent {
        Respondent::Body(b) => tx.body_has_role(c.dossier, b, Role::Head).await?,
        Respondent::Person(_) => false,
    };
    check_response_action(who, c, respondent, in_scope, has_head, action, now)?;
    Ok(())
}

/// Resolve and check an item's anchor in the version under consultation.
async fn anchor_in(
    tx: &mut Tx,
    version: Option<VersionId>,
    new: &NewItem,
) -> Result<Option<Anchor>> {
    let Some(reference) = new.paragraph else {
        if new.span.is_some() {
            return Err(DomainError::SpanWithoutParagraph.into());
        }
        return Ok(None);
    };
    let version = version.ok_or(DomainError::NoDraftToAnchor)?;
    let blocks = tx.blocks(version).await?;
    let paragraph = match reference {
        ParagraphRef::Number(n) => paragraph_by_number(version, &blocks, n)?,
        ParagraphRef::Id(p) => p,
    };
    let anchor = Anchor {
        paragraph,
        version,
        span: new.span,
    };
    check_anchor(version, &blocks, &anchor)?;
    Ok(Some(anchor))
}

/// Store an item and record its content digest in the audit log.
async fn insert_item(tx: &mut Tx, ctx: &Ctx, item: &Item, context: &str) -> Result<()> {
    tx.insert_item(item).await?;
    let digest = item_digest(item.kind.code(), &item.text);
    let subject = format!("item:{} {context}", item.id);
    record_digest(tx, ctx, "item.add", &subject, &digest).await
}

/// Load a response item the caller may edit now.
async fn editable_item(tx: &mut Tx, ctx: &Ctx, id: ItemId) -> Result<(Item, Response)> {
    let item = tx.item(id).await?;
    if tx.is_withdrawn(id).await? {
        return Err(DomainError::ItemWithdrawn(id).into());
    }
    let response_id = item.response.ok_or(DomainError::ItemNotInResponse(id))?;
    let response = tx.response(response_id).await?;
    let c = tx.consultation(response.consultation).await?;
    let who = actor(tx, Some(c.dossier), ctx.person).await?;
    let action = ResponseAction::EditItem {
        author: item.author,
    };
    check_action(tx, &c, &who, response.respondent, action, ctx.now).await?;
    Ok((item, response))
}

async fn bump_amendments(tx: &mut Tx, mut response: Response) -> Result<()> {
    if response.status == ResponseStatus::Submitted {
        response.amendments += 1;
        tx.update_response(&response).await?;
    }
    Ok(())
}

/// Add an item to the caller's response in a consultation (creating the response as a
/// draft), inside a transaction. After submission, adding is an amendment, allowed until the
/// close. [`App::add_item`] runs it in a group commit (`batch`).
pub(crate) async fn add_item_in(
    tx: &mut Tx,
    ctx: &Ctx,
    consultation: ConsultationId,
    new: &NewItem,
) -> Result<ItemId> {
    require_text(Field::ItemText, &new.text)?;
    let c = tx.consultation(consultation).await?;
    let who = actor(tx, Some(c.dossier), ctx.person).await?;
    let respondent = rules::respondent_of(&who);
    check_action(tx, &c, &who, respondent, ResponseAction::AddItem, ctx.now).await?;
    let anchor = anchor_in(tx, c.version, new).await?;
    let mut response = match tx.response_of(consultation, respondent).await? {
        Some(r) => r,
        None => {
            let r = Response {
                id: ResponseId(tx.next_id("response").await?),
                consultation,
                respondent,
                status: ResponseStatus::Draft,
                submitted_at: None,
                submitted_by: None,
                amendments: 0,
            };
            tx.insert_response(&r).await?;
            r
        }
    };
    if response.status == ResponseStatus::Submitted {
        response.amendments += 1;
        tx.update_response(&response).await?;
    }
    let item = Item {
        id: ItemId(tx.next_id("item").await?),
        dossier: c.dossier,
        source: ItemSource::Response,
        response: Some(response.id),
        hearing: None,
        submission: None,
        body: match respondent {
            Respondent::Body(b) => Some(b),
            Respondent::Person(_) => None,
        },
        author: Some(ctx.person),
        speaker: None,
        kind: new.kind,
        text: new.text.trim().to_string(),
        anchor,
        created_at: ctx.now,
    };
    insert_item(
        tx,
        ctx,
        &item,
        &format!("response:{} consultation:{consultation}", response.id),
    )
    .await?;
    Ok(item.id)
}
