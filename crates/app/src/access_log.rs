//! Access-control failures in the audit log, and the log as the audit view reads it.
//!
//! ASVS 7.1: every denied request is written down — who (or which address, when nobody is
//! logged in), what they asked for, and what they got — in the same hash chain as the
//! record, so a denial cannot be erased without `audit verify` noticing.

use yijian_core::audit::{Entry, Head};
use yijian_core::error::Action;
use yijian_core::ids::PersonId;
use yijian_core::rules;
use yijian_core::time::Instant;

use crate::accounts::record_anonymous;
use crate::{actor, record, App, Ctx, Result, VerifyReport};

/// The action written for a denied request.
pub const DENIED: &str = "access.denied";

/// A request line is cut to this many characters in the log (paths can be made huge).
const MAX_REQUEST_CHARS: usize = 300;

impl App {
    /// Write a denied request to the audit log. `request` describes it, e.g.
    /// `GET /consultations/7 → 404 from 127.0.0.1`; `person` is the caller when logged in.
    pub async fn record_denial(
        &self,
        person: Option<PersonId>,
        now: Instant,
        request: &str,
    ) -> Result<()> {
        let request: String = request.chars().take(MAX_REQUEST_CHARS).collect();
        let mut tx = self.begin().await?;
        match person {
            Some(p) => record(&mut tx, &Ctx::new(p, now), DENIED, &request, &request).await?,
            None => record_anonymous(&mut tx, now, DENIED, &request, &request).await?,
        }
        tx.commit().await?;
        Ok(())
    }

    /// The newest audit entries (before `before`, newest first) for the audit view: auditors
    /// and administrators only.
    pub async fn audit_entries(
        &self,
        person: PersonId,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Entry>> {
        let mut tx = self.read().await?;
        let who = actor(&mut tx, None, person).await?;
        rules::require_audit_reader(&who, Action::ReadAuditLog)?;
        let entries = tx.audit_latest(before, limit.clamp(1, 1_000)).await?;
        tx.rollback().await?;
        Ok(entries)
    }

    /// Verify the log and the content it vouches for, for an auditor or administrator
    /// (the audit view's button; the CLI's `audit verify` runs the same check).
    pub async fn verify_audit_as(
        &self,
        person: PersonId,
        checkpoint: Option<Head>,
    ) -> Result<VerifyReport> {
        let mut tx = self.read().await?;
        let who = actor(&mut tx, None, person).await?;
        tx.rollback().await?;
        rules::require_audit_reader(&who, Action::VerifyAuditLog)?;
        self.verify_audit(checkpoint).await
    }
}
