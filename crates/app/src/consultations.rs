//! Consultations: open one with its scope and window, widen the scope, close it.

use serde::Serialize;
use yijian_core::error::{Action, Field, RecordKind};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{
    check_new_consultation, check_not_closed, require_lead, require_text, NewConsultation,
};
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_store::{ScopeMember, Tx};

use crate::{actor, record, App, Ctx, Result};

/// What a new consultation needs.
#[derive(Debug, Clone, Serialize)]
pub struct OpenConsultation {
    pub dossier: DossierId,
    pub kind: ConsultationKind,
    pub title: String,
    pub version: Option<VersionId>,
    pub question: Option<String>,
    pub opens_at: Instant,
    pub closes_at: Instant,
    pub scope: Vec<Respondent>,
}

impl App {
    /// Open a consultation with its scope; each member gets a numbered copy.
    pub async fn open_consultation(
        &self,
        ctx: &Ctx,
        new: &OpenConsultation,
    ) -> Result<ConsultationId> {
        require_text(Field::ConsultationTitle, &new.title)?;
        let mut tx = self.begin().await?;
        tx.dossier(new.dossier).await?;
        let who = actor(&mut tx, Some(new.dossier), ctx.person).await?;
        let version = match new.version {
            Some(v) => Some(tx.version(v).await?),
            None => None,
        };
        if let Some(v) = &version {
            if v.dossier != new.dossier {
                return Err(DomainError::other_dossier(RecordKind::Version, v.id).into());
            }
        }
        check_new_consultation(
            &who,
            &NewConsultation {
                kind: new.kind,
                version: version.as_ref(),
                question: new.question.as_deref(),
                opens_at: new.opens_at,
                closes_at: new.closes_at,
            },
        )?;
        let c = Consultation {
            id: ConsultationId(tx.next_id("consultation").await?),
            dossier: new.dossier,
            kind: new.kind,
            title: new.title.trim().to_string(),
            version: if new.kind != ConsultationKind::Topic {
                new.version
            } else {
                None
            },
            question: if new.kind == ConsultationKind::Topic {
                new.question.clone()
            } else {
                None
            },
            opens_at: new.opens_at,
            closes_at: new.closes_at,
        };
        tx.insert_consultation(&c, ctx.person).await?;
        record(
            &mut tx,
            ctx,
            "consultation.open",
            &format!("consultation:{} dossier:{}", c.id, c.dossier),
            &c,
        )
        .await?;
        for member in &new.scope {
            add_member(&mut tx, ctx, c.id, *member).await?;
        }
        tx.commit().await?;
        Ok(c.id)
    }

    /// Add a body or person to the scope of a consultation that has not closed.
    pub async fn add_to_scope(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        member: Respondent,
    ) -> Result<u32> {
        let mut tx = self.begin().await?;
        let c = tx.consultation(consultation).await?;
        require_lead(
            &actor(&mut tx, Some(c.dossier), ctx.person).await?,
            Action::ChangeScope,
        )?;
        check_not_closed(&c, ctx.now)?;
        let copy = add_member(&mut tx, ctx, consultation, member).await?;
        tx.commit().await?;
        Ok(copy)
    }

    /// Close a consultation now (before its planned close). Its responses become read-only.
    pub async fn close_consultation(&self, ctx: &Ctx, consultation: ConsultationId) -> Result<()> {
        let mut tx = self.begin().await?;
        let c = tx.consultation(consultation).await?;
        require_lead(
            &actor(&mut tx, Some(c.dossier), ctx.person).await?,
            Action::CloseConsultation,
        )?;
        check_not_closed(&c, ctx.now)?;
        let at = ctx.now.max(c.opens_at);
        tx.set_closes_at(consultation, at).await?;
        record(
            &mut tx,
            ctx,
            "consultation.close",
            &format!("consultation:{consultation}"),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn consultation(
        &self,
        id: ConsultationId,
    ) -> Result<(Consultation, Vec<ScopeMember>, Vec<Response>)> {
        let mut tx = self.read().await?;
        let c = tx.consultation(id).await?;
        let scope = tx.scope(id).await?;
        let responses = tx.responses(id).await?;
        tx.rollback().await?;
        Ok((c, scope, responses))
    }

    pub async fn consultations(&self, dossier: DossierId) -> Result<Vec<Consultation>> {
        let mut tx = self.read().await?;
        tx.dossier(dossier).await?;
        let c = tx.consultations(dossier).await?;
        tx.rollback().await?;
        Ok(c)
    }
}

/// Add one scope member after checking it exists and can be consulted.
async fn add_member(tx: &mut Tx, ctx: &Ctx, c: ConsultationId, member: Respondent) -> Result<u32> {
    match member {
        Respondent::Body(b) => {
            let body = tx.body(b).await?;
            if body.kind != BodyKind::Consultee {
                return Err(DomainError::WrongBodyKind {
                    body: b,
                    name: body.name,
                    kind: body.kind,
                    expected: BodyKind::Consultee,
                }
                .into());
            }
        }
        Respondent::Person(p) => {
            tx.person(p).await?;
        }
    }
    let copy = tx.add_to_scope(c, member).await?;
    let subject = match member {
        Respondent::Body(b) => format!("consultation:{c} body:{b}"),
        Respondent::Person(p) => format!("consultation:{c} person:{p}"),
    };
    record(tx, ctx, "scope.add", &subject, &copy).await?;
    Ok(copy)
}
