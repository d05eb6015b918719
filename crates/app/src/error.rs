//! The error of a use case: one clear sentence for the user.

use yijian_core::DomainError;
use yijian_store::StoreError;
use yijian_text::TextError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Domain(DomainError),
    #[error(transparent)]
    Store(StoreError),
    // Transparent: with `#[from]` the text error is also the source, and `{:#}` would print
    // it twice ("X: X").
    #[error(transparent)]
    Text(#[from] TextError),
    /// A failure outside the user's control (the random source, password hashing, a write
    /// the database refused, the server stopping): said to web users as an internal error.
    #[error("{0}")]
    Input(String),
    /// The built-in demo content is inconsistent (a bug of the demo files, not of the user).
    #[error("demo content: {0}")]
    Demo(String),
    #[error("audit verification failed: {0}")]
    Audit(yijian_core::audit::AuditFailure),
    #[error("the import stopped: {error}. The {imported} comments of the rows before it are kept (import {import}, left unfinished; {skipped} skipped, {rejected} rejected): import the corrected file again, the comments already in are skipped")]
    ImportIncomplete {
        import: yijian_core::ids::CommentImportId,
        imported: u64,
        skipped: u64,
        rejected: u64,
        error: TextError,
    },
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::Domain(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domain(d) => AppError::Domain(d),
            other => AppError::Store(other),
        }
    }
}
