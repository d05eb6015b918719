//! The use cases of yijian. Each public method of [`App`] is one command: it loads what the
//! rule needs, asks `yijian_core::rules`, writes in **one transaction** and appends to the
//! audit log in that same transaction — so a failure changes nothing, and nothing changes
//! without an audit entry. The CLI and (later) the web call this crate and nothing below it.
//!
//! The clock is the caller's: every command takes a [`Ctx`] with the acting person and the
//! instant, so the demo can re-enact a dossier's dates through the same API.

mod access_log;
mod accounts;
mod analysis;
mod audit;
mod batch;
mod commenters;
mod comparison;
mod consultations;
pub mod demo;
mod error;
mod hearings;
mod import;
mod invitations;
mod paragraph_refs;
mod public_analysis;
mod public_campaigns;
mod public_comments;
mod public_exports;
mod public_stats;
mod recipients;
mod reports;
mod responses;
mod review;
mod review_record;
mod revision;
pub mod search;
mod setup;
mod versions;
mod workbench;

pub use access_log::DENIED;
pub use accounts::ct_eq;
pub use accounts::{
    check_password_policy, consultation_access, normalize_username, random_token, sees_record,
    session_token_hash, AccountId, AccountInfo, ConsultationAccess, ConsultationVersion,
    DossierRecord, LoginOutcome, NewSession, OwnResponse, PasswordCost, SessionUser, VersionRecord,
    VisibleConsultation, SESSION_LIFETIME_MS,
};
pub use audit::VerifyReport;
pub use commenters::{
    DeliveryReport, LogSender, NewCommenterSession, PublicDraft, Registered, Registration,
    SendError, Sender, COMMENTER_SESSION_MS, OUTBOX_LEASE_MS, RETRY_BASE_MS,
};
pub use comparison::{markdown, ComparisonRecord};
pub use consultations::OpenConsultation;
pub use error::AppError;
pub use hearings::HearingRecord;
pub use import::SourceFormat;
pub use invitations::{InvitationFor, NewInvitation, INVITATION_DAYS};
pub use public_analysis::{ThemeRunSummary, ThemeView};
pub use public_campaigns::{CampaignMember, CampaignRunSummary, CampaignView};
pub use public_comments::{
    CommentFile, CommentFormat, ImportObserver, ImportReport, Progress, Reject, BATCH_ROWS,
    MAX_REPORTED_REJECTS, TX_ROWS,
};
pub use public_exports::{wording, EXPORT_PAGE_ROWS};
pub use public_stats::{statistics_table, CommentStatistics, ParagraphFigure, StatisticsView};
pub use recipients::{scope_for, Recipient, Recipients};
pub use reports::{HandlingFilter, MAIN_SUGGESTIONS};
pub use responses::{NewItem, ParagraphRef};
pub use review::NewMeeting;
pub use review_record::{ReviewRecord, SubmissionRecord};
pub use search::{IndexReport, SearchHit, SearchQuery, SearchResult};
pub use setup::NewDossier;
pub use workbench::{paragraph_numbers, GroupDisposal, Workbench, WorkbenchItem};
pub use yijian_core::audit::Entry as AuditEntry;
pub use yijian_core::model::RecipientStatus;
pub use yijian_store::{Backend, ScopeMember, Summary, ThemeCursor};
pub use yijian_text::comments::RawRow;
pub use yijian_text::diff::{CharRange, Comparison};
pub use yijian_text::TextError;

use yijian_core::ids::*;
use yijian_core::rules::Actor;
use yijian_core::time::Instant;
use yijian_store::{Store, Tx};

/// Results of use cases.
pub type Result<T> = std::result::Result<T, AppError>;

/// Who acts, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    pub person: PersonId,
    pub now: Instant,
}

impl Ctx {
    pub fn new(person: PersonId, now: Instant) -> Self {
        Ctx { person, now }
    }

    /// The acting person at the current system time.
    pub fn now(person: PersonId) -> Self {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        Ctx {
            person,
            now: Instant(ms),
        }
    }
}

/// The application: a store and the use cases over it.
#[derive(Clone)]
pub struct App {
    store: Store,
    /// The queue of the submission writer (group commit), started on first use.
    writer: std::sync::Arc<std::sync::OnceLock<batch::Queue>>,
}

impl App {
    /// Open (creating and migrating if needed) a SQLite path or a `postgres://` URL.
    pub async fn open(target: &str) -> Result<App> {
        Ok(App {
            store: Store::open(target).await?,
            writer: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.store.backend()
    }

    pub async fn close(&self) {
        self.store.close().await;
    }

    /// For tests and tools that simulate tampering with the database behind the app's back.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64> {
        Ok(self.store.execute_raw(sql).await?)
    }

    /// A transaction for a command that writes.
    async fn begin(&self) -> Result<Tx> {
        Ok(self.store.begin().await?)
    }

    /// After a bulk write of `rows` rows to `table`, refresh its planner statistics (see
    /// `Tx::refresh_statistics`), in a transaction of its own.
    async fn refresh_statistics(&self, table: yijian_store::BulkTable, rows: usize) -> Result<()> {
        if rows < yijian_store::REFRESH_STATISTICS_AFTER {
            return Ok(());
        }
        let mut tx = self.begin().await?;
        tx.refresh_statistics(table, rows).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A read-only transaction: a consistent snapshot that does not queue behind writers.
    async fn read(&self) -> Result<Tx> {
        Ok(self.store.begin_read().await?)
    }

    /// The figures of a dossier, counted from the record.
    pub async fn summary(&self, dossier: DossierId) -> Result<Summary> {
        let mut tx = self.read().await?;
        let s = tx.summary(dossier).await?;
        tx.rollback().await?;
        Ok(s)
    }
}

/// A record that may be missing: `None` for "not found" (which callers answer like "not
/// visible"), any other error as it is.
fn found<T>(r: std::result::Result<T, yijian_store::StoreError>) -> Result<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(yijian_store::StoreError::Domain(yijian_core::DomainError::NotFound { .. })) => {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// Load the acting person with their roles in a dossier (`None`: global roles only).
async fn actor(tx: &mut Tx, dossier: Option<DossierId>, person: PersonId) -> Result<Actor> {
    let p = tx.person(person).await?;
    let roles = tx.roles(dossier, person).await?;
    Ok(Actor {
        person,
        name: p.name,
        body: p.body,
        roles,
    })
}

/// Append an audit entry for an action, with the digest of the content written.
async fn record(
    tx: &mut Tx,
    ctx: &Ctx,
    action: &str,
    subject: &str,
    content: &impl serde::Serialize,
) -> Result<()> {
    let bytes = serde_json::to_vec(content).map_err(|e| AppError::Input(e.to_string()))?;
    let digest = yijian_core::audit::digest(&bytes);
    record_digest(tx, ctx, action, subject, &digest).await
}

/// Append an audit entry whose digest is one the verifier recomputes from stored content
/// (an item's text, a released version's blocks).
async fn record_digest(
    tx: &mut Tx,
    ctx: &Ctx,
    action: &str,
    subject: &str,
    digest: &str,
) -> Result<()> {
    tx.append_audit(
        ctx.now,
        &format!("person:{}", ctx.person),
        action,
        subject,
        digest,
    )
    .await?;
    Ok(())
}
