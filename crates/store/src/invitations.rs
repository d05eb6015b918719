//! Invitation links: single-use tokens (stored as their SHA-256) that let a consultee set
//! the password of their account before an expiry.

use yijian_core::ids::PersonId;
use yijian_core::time::Instant;

use crate::rows::*;
use crate::{AccountId, Result, Tx};

/// An invitation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub account: AccountId,
    pub expires_at: Instant,
    pub used_at: Option<Instant>,
}

impl Tx {
    pub async fn insert_invitation(
        &mut self,
        token_hash: &str,
        account: AccountId,
        by: PersonId,
        at: Instant,
        expires_at: Instant,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO invitation (token_hash, account, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_string())
        .bind(account.0)
        .bind(by.0)
        .bind(at.0)
        .bind(expires_at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn invitation(&mut self, token_hash: &str) -> Result<Option<Invitation>> {
        let row = sqlx::query(
            "SELECT account, expires_at, used_at FROM invitation WHERE token_hash = $1",
        )
        .bind(token_hash.to_string())
        .fetch_optional(self.conn())
        .await?;
        row.map(|r| {
            Ok(Invitation {
                account: AccountId(int(&r, "account")?),
                expires_at: instant(&r, "expires_at")?,
                used_at: opt_instant(&r, "used_at")?,
            })
        })
        .transpose()
    }

    /// Mark an invitation used; false when it was used already (a second use races).
    pub async fn use_invitation(&mut self, token_hash: &str, at: Instant) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE invitation SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
        )
        .bind(at.0)
        .bind(token_hash.to_string())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Disable or re-enable an account (a disabled one cannot log in; nothing is deleted).
    pub async fn set_account_disabled(&mut self, account: AccountId, disabled: bool) -> Result<()> {
        sqlx::query("UPDATE account SET disabled = $1 WHERE id = $2")
            .bind(i32::from(disabled))
            .bind(account.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
