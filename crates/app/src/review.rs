//! Review meetings, the plenary submission, and adoption.

use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{check_adoption, check_meeting, check_submission};
use yijian_core::time::Date;
use yijian_core::DomainError;

use crate::{actor, record, App, Ctx, Result};

/// A meeting to record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct NewMeeting {
    pub dossier: DossierId,
    pub body: BodyId,
    pub held_on: Date,
    pub version: VersionId,
    pub decision: MeetingDecision,
    pub minutes: String,
}

impl App {
    /// Record a leading or review body's meeting on a released version.
    pub async fn record_meeting(&self, ctx: &Ctx, new: &NewMeeting) -> Result<MeetingId> {
        let mut tx = self.begin().await?;
        tx.dossier(new.dossier).await?;
        let body = tx.body(new.body).await?;
        let version = tx.version(new.version).await?;
        if version.dossier != new.dossier {
            return Err(DomainError::other_dossier(RecordKind::Version, version.id).into());
        }
        check_meeting(
            &actor(&mut tx, Some(new.dossier), ctx.person).await?,
            &body,
            &version,
        )?;
        let m = Meeting {
            id: MeetingId(tx.next_id("meeting").await?),
            dossier: new.dossier,
            body: new.body,
            held_on: new.held_on,
            version: new.version,
            decision: new.decision,
            minutes: new.minutes.clone(),
        };
        tx.insert_meeting(&m).await?;
        record(
            &mut tx,
            ctx,
            "meeting.record",
            &format!("meeting:{} version:{}", m.id, m.version),
            &m,
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Submit a reviewed, released version to the plenary.
    pub async fn submit_to_plenary(
        &self,
        ctx: &Ctx,
        dossier: DossierId,
        plenary: BodyId,
        version: VersionId,
        on: Date,
    ) -> Result<SubmissionId> {
        let mut tx = self.begin().await?;
        tx.dossier(dossier).await?;
        let body = tx.body(plenary).await?;
        let v = tx.version(version).await?;
        if v.dossier != dossier {
            return Err(DomainError::other_dossier(RecordKind::Version, version).into());
        }
        let reviewed = tx.meetings_on(version).await?;
        check_submission(
            &actor(&mut tx, Some(dossier), ctx.person).await?,
            &body,
            &v,
            reviewed,
        )?;
        let s = Submission {
            id: SubmissionId(tx.next_id("submission").await?),
            dossier,
            plenary,
            version,
            submitted_on: on,
            adopted_version: None,
            adopted_on: None,
        };
        tx.insert_submission(&s).await?;
        record(
            &mut tx,
            ctx,
            "plenary.submit",
            &format!("submission:{} version:{version}", s.id),
            &s,
        )
        .await?;
        tx.commit().await?;
        Ok(s.id)
    }

    /// Record the plenary's adoption of a released version (the submitted one or its last revision).
    pub async fn adopt(
        &self,
        ctx: &Ctx,
        submission: SubmissionId,
        version: VersionId,
        on: Date,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        let s = tx.submission(submission).await?;
        let v = tx.version(version).await?;
        check_adoption(&actor(&mut tx, Some(s.dossier), ctx.person).await?, &s, &v)?;
        if on < s.submitted_on {
            return Err(DomainError::AdoptionBeforeSubmission {
                on,
                submitted: s.submitted_on,
            }
            .into());
        }
        tx.record_adoption(submission, version, on).await?;
        tx.set_dossier_status(s.dossier, DossierStatus::Adopted)
            .await?;
        record(
            &mut tx,
            ctx,
            "plenary.adopt",
            &format!("submission:{submission} version:{version}"),
            &on,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
