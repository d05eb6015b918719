//! Storage of the drafting record: SQLite (the embedded default, one file in WAL mode with
//! `synchronous=FULL`) and PostgreSQL, through **one code path** — sqlx's `Any` driver, the
//! same SQL text with `$n` placeholders, the same migrations.
//!
//! [`Store::open`] connects, sets and checks the durability settings, and migrates.
//! [`Store::begin`] starts a [`Tx`]; every use case runs in one `Tx`, so a failure changes
//! nothing. `Tx` has one method per query, grouped by record in the submodules.
//!
//! Portability rules (see `/ARCHITECTURE.md`): columns are only TEXT, BIGINT and INTEGER;
//! ids come from the `counters` table; no `SELECT *`. The full-text index (`search`) is the
//! one place where the SQL differs by backend: migration 0006 has a file per backend.

mod accounts;
mod analysis;
mod assignments;
mod audit;
mod bulk;
mod comment_stats;
mod commenters;
mod connect;
mod consultations;
mod error;
mod invitations;
mod items;
mod people;
mod public_comments;
mod review;
mod rows;
mod search;
mod stats;
pub mod testing;
mod tx;
mod versions;

pub use accounts::{Account, AccountId, SessionRecord};
pub use analysis::{
    CampaignRow, CommentText, NewCampaign, NewTheme, Run, RunKind, ThemeCursor, ThemeMove, ThemeRow,
};
pub use bulk::Value;
pub use comment_stats::ParagraphCount;
pub use commenters::CommenterSessionRecord;
pub use connect::{Backend, Store};
pub use consultations::ScopeMember;
pub use error::StoreError;
pub use invitations::Invitation;
pub use public_comments::{KnownComment, ROWS_PER_STATEMENT};
pub use search::{
    DocSource, IndexEntry, IndexRows, ItemIndexState, SearchPage, SearchSpec, SourceText, StoredHit,
};
pub use stats::{CurrentDisposition, Summary, UNKNOWN_BODY};
pub use tx::{BulkTable, Tx, REFRESH_STATISTICS_AFTER};

/// Results of storage calls.
pub type Result<T> = std::result::Result<T, StoreError>;
