//! The review stage as the browser shows it: the meetings of leading and review bodies, the
//! plenary submissions with the group-discussion opinions and the adoption.

use yijian_core::ids::*;
use yijian_core::model::*;

use crate::accounts::record_holder;
use crate::{App, Result};

/// A plenary submission with the opinions of its group discussions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SubmissionRecord {
    pub submission: Submission,
    pub opinions: Vec<Item>,
}

/// Meetings and submissions of a dossier.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReviewRecord {
    pub dossier: Dossier,
    pub roles: Vec<Role>,
    pub meetings: Vec<Meeting>,
    pub submissions: Vec<SubmissionRecord>,
    pub versions: Vec<Version>,
    pub bodies: Vec<Body>,
}

impl App {
    /// The review record of a dossier, for those who see its record.
    pub async fn review_record(
        &self,
        person: PersonId,
        dossier: DossierId,
    ) -> Result<Option<ReviewRecord>> {
        let mut tx = self.read().await?;
        let Some((d, who)) = record_holder(&mut tx, person, dossier).await? else {
            return Ok(None);
        };
        let items = tx.items(dossier).await?;
        let submissions = tx
            .submissions(dossier)
            .await?
            .into_iter()
            .map(|s| SubmissionRecord {
                opinions: items
                    .iter()
                    .filter(|i| i.submission == Some(s.id))
                    .cloned()
                    .collect(),
                submission: s,
            })
            .collect();
        let out = ReviewRecord {
            meetings: tx.meetings(dossier).await?,
            submissions,
            versions: tx.versions(dossier).await?,
            bodies: tx.bodies().await?,
            roles: who.roles,
            dossier: d,
        };
        tx.rollback().await?;
        Ok(Some(out))
    }
}
