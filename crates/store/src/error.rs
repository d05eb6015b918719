//! Storage errors.

use yijian_core::DomainError;

/// What went wrong in storage. Domain errors found while loading (an id that does not exist)
/// pass through as [`StoreError::Domain`].
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("cannot open the database {target}: {reason}")]
    Open { target: String, reason: String },
    #[error("the database does not guarantee durability: {0}")]
    Durability(String),
    #[error("the stored record is inconsistent: {0}")]
    Corrupt(String),
}
