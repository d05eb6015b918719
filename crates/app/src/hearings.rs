//! Hearing minutes as the drafting group keeps them in the browser: a consultation's
//! hearings, each with the items heard, attributed to a speaker and the body they spoke for.

use yijian_core::ids::*;
use yijian_core::model::*;

use crate::accounts::record_holder;
use crate::{found, App, Result};

/// A hearing with the items heard at it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HearingRecord {
    pub hearing: Hearing,
    pub items: Vec<Item>,
}

impl App {
    /// The hearings of a consultation, for those who see its dossier's record (`None`
    /// otherwise, and when the consultation does not exist).
    pub async fn hearings(
        &self,
        person: PersonId,
        consultation: ConsultationId,
    ) -> Result<Option<(Consultation, Vec<HearingRecord>)>> {
        let mut tx = self.read().await?;
        let c = match found(tx.consultation(consultation).await)? {
            Some(c) => c,
            None => return Ok(None),
        };
        if record_holder(&mut tx, person, c.dossier).await?.is_none() {
            return Ok(None);
        }
        let items = tx.items(c.dossier).await?;
        let hearings = tx
            .hearings(consultation)
            .await?
            .into_iter()
            .map(|h| HearingRecord {
                items: items
                    .iter()
                    .filter(|i| i.hearing == Some(h.id))
                    .cloned()
                    .collect(),
                hearing: h,
            })
            .collect();
        tx.rollback().await?;
        Ok(Some((c, hearings)))
    }
}
