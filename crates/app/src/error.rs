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
    #[error("{0}")]
    Text(#[from] TextError),
    #[error("{0}")]
    Input(String),
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
