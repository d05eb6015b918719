//! The recipients of a consultation: who has opened the draft, saved a draft response or
//! submitted, and the response rate — for the drafting group's set-up page.

use std::collections::HashMap;

use serde::Serialize;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules;
use yijian_core::time::Instant;
use yijian_store::Tx;

use crate::accounts::record_holder;
use crate::{actor, found, record, App, Ctx, Result};

/// One recipient as the set-up page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    pub respondent: Respondent,
    pub name: String,
    pub category: Option<Category>,
    pub copy_no: u32,
    pub status: RecipientStatus,
    pub opened_at: Option<Instant>,
    pub submitted_at: Option<Instant>,
}

/// A consultation's recipients.
#[derive(Debug, Clone, Serialize)]
pub struct Recipients {
    pub consultation: Consultation,
    pub recipients: Vec<Recipient>,
}

impl Recipients {
    /// How many recipients have each status.
    pub fn count(&self, status: RecipientStatus) -> usize {
        self.recipients
            .iter()
            .filter(|r| r.status == status)
            .count()
    }

    /// Submitted responses over recipients, in percent (0 when nobody is in scope).
    pub fn response_rate(&self) -> f64 {
        let n = self.recipients.len();
        if n == 0 {
            0.0
        } else {
            100.0 * self.count(RecipientStatus::Submitted) as f64 / n as f64
        }
    }
}

impl App {
    /// Note that a consultee opened the draft of a consultation in their scope (the first
    /// time only; one audit entry then). Returns whether this was the first time.
    pub async fn note_opened(
        &self,
        person: PersonId,
        c: ConsultationId,
        now: Instant,
    ) -> Result<bool> {
        let mut tx = self.read().await?;
        let consultation = tx.consultation(c).await?;
        let who = actor(&mut tx, Some(consultation.dossier), person).await?;
        let respondent = rules::respondent_of(&who);
        let first = tx.in_scope(c, respondent).await? && !tx.opened(c, respondent).await?;
        tx.rollback().await?;
        if !first {
            return Ok(false);
        }
        let mut tx = self.begin().await?;
        if !tx.mark_opened(c, respondent, now).await? {
            tx.rollback().await?;
            return Ok(false); // opened meanwhile by another member of the same body
        }
        let ctx = Ctx::new(person, now);
        let subject = format!("consultation:{c} {respondent}");
        record(&mut tx, &ctx, "consultation.opened", &subject, &now).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The recipients of a consultation, for those who see its dossier's record.
    pub async fn recipients(
        &self,
        person: PersonId,
        c: ConsultationId,
    ) -> Result<Option<Recipients>> {
        let mut tx = self.read().await?;
        let out = recipients_in(&mut tx, person, c).await;
        tx.rollback().await?;
        out
    }
}

async fn recipients_in(
    tx: &mut Tx,
    person: PersonId,
    c: ConsultationId,
) -> Result<Option<Recipients>> {
    let consultation = match found(tx.consultation(c).await)? {
        Some(c) => c,
        None => return Ok(None),
    };
    if record_holder(tx, person, consultation.dossier)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let bodies: HashMap<BodyId, Body> = tx.bodies().await?.into_iter().map(|b| (b.id, b)).collect();
    let people: HashMap<PersonId, Person> =
        tx.people().await?.into_iter().map(|p| (p.id, p)).collect();
    let responses: HashMap<Respondent, Response> = tx
        .responses(c)
        .await?
        .into_iter()
        .map(|r| (r.respondent, r))
        .collect();
    let recipients = tx
        .scope(c)
        .await?
        .into_iter()
        .map(|m| {
            let (name, category) = match m.respondent {
                Respondent::Body(b) => bodies
                    .get(&b)
                    .map(|b| (b.name.clone(), b.category))
                    .unwrap_or_default(),
                Respondent::Person(p) => (
                    people.get(&p).map(|p| p.name.clone()).unwrap_or_default(),
                    None,
                ),
            };
            let response = responses.get(&m.respondent);
            Recipient {
                respondent: m.respondent,
                name,
                category,
                copy_no: m.copy_no,
                status: rules::recipient_status(m.opened_at.is_some(), response),
                opened_at: m.opened_at,
                submitted_at: response.and_then(|r| r.submitted_at),
            }
        })
        .collect();
    Ok(Some(Recipients {
        consultation,
        recipients,
    }))
}

/// The scope a set-up form asks for: every consultee body of the chosen categories, and the
/// bodies chosen by name, once each, in the order of `bodies`.
pub fn scope_for(bodies: &[Body], categories: &[Category], chosen: &[BodyId]) -> Vec<Respondent> {
    bodies
        .iter()
        .filter(|b| b.kind == BodyKind::Consultee)
        .filter(|b| chosen.contains(&b.id) || b.category.is_some_and(|c| categories.contains(&c)))
        .map(|b| Respondent::Body(b.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_by_category_and_by_name() {
        let body = |id, kind, category| Body {
            id: BodyId(id),
            name: format!("b{id}"),
            kind,
            category,
        };
        let bodies = [
            body(1, BodyKind::Consultee, Some(Category::Region)),
            body(2, BodyKind::Consultee, Some(Category::Department)),
            body(3, BodyKind::Consultee, Some(Category::Region)),
            body(4, BodyKind::Review, None),
            body(5, BodyKind::Consultee, None),
        ];
        let scope = scope_for(
            &bodies,
            &[Category::Region],
            &[BodyId(5), BodyId(1), BodyId(4)],
        );
        assert_eq!(
            scope,
            [1, 3, 5].map(|b| Respondent::Body(BodyId(b))),
            "once each; only consultees"
        );
        assert!(scope_for(&bodies, &[], &[]).is_empty());
    }
}
