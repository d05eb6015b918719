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
