//! Accounts (a login for a person) and server-side sessions.
//!
//! A session row is keyed by the SHA-256 of its token; the token itself is never stored.
//! Sessions are ended, not deleted, so the table is also a record of logins and logouts.

use serde::Serialize;
use sqlx::any::AnyRow;
use yijian_core::ids::PersonId;
use yijian_core::time::Instant;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, Tx};

/// An account's id. (A candidate for `yijian_core::ids` once accounts settle.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct AccountId(pub i64);

impl std::fmt::Display for AccountId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A login for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    /// Normalised: trimmed and lower-cased.
    pub username: String,
    pub person: PersonId,
    /// Argon2id PHC string; None until a password is set.
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub created_at: Instant,
}

/// A server-side session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// Hex SHA-256 of the session token.
    pub token_hash: String,
    pub account: AccountId,
    pub created_at: Instant,
    pub expires_at: Instant,
    pub ended_at: Option<Instant>,
}

fn account_row(row: &AnyRow) -> Result<Account> {
    Ok(Account {
        id: AccountId(int(row, "id")?),
        username: text(row, "username")?,
        person: PersonId(int(row, "person")?),
        password_hash: opt_text(row, "password_hash")?,
        disabled: int(row, "disabled")? != 0,
        created_at: instant(row, "created_at")?,
    })
}

fn session_row(row: &AnyRow) -> Result<SessionRecord> {
    Ok(SessionRecord {
        token_hash: text(row, "token_hash")?,
        account: AccountId(int(row, "account")?),
        created_at: instant(row, "created_at")?,
        expires_at: instant(row, "expires_at")?,
        ended_at: opt_instant(row, "ended_at")?,
    })
}

const ACCOUNT_COLS: &str =
    "SELECT id, username, person, password_hash, disabled, created_at FROM account";
const SESSION_COLS: &str =
    "SELECT token_hash, account, created_at, expires_at, ended_at FROM login_session";

impl Tx {
    /// Store a new account; a taken username or a person who already has one is an error.
    pub async fn insert_account(&mut self, a: &Account) -> Result<()> {
        if self.account_by_username(&a.username).await?.is_some() {
            return Err(DomainError::UsernameTaken(a.username.clone()).into());
        }
        if self.account_of_person(a.person).await?.is_some() {
            return Err(DomainError::PersonHasAccount(a.person).into());
        }
        sqlx::query(
            "INSERT INTO account (id, username, person, password_hash, disabled, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(a.id.0)
        .bind(a.username.clone())
        .bind(a.person.0)
        .bind(a.password_hash.clone())
        .bind(i64::from(a.disabled))
        .bind(a.created_at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn account(&mut self, id: AccountId) -> Result<Account> {
        let sql = sqlx::AssertSqlSafe(format!("{ACCOUNT_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| account_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Account, id).into()
        })
    }

    /// The account with this (normalised) username.
    pub async fn account_by_username(&mut self, username: &str) -> Result<Option<Account>> {
        let sql = sqlx::AssertSqlSafe(format!("{ACCOUNT_COLS} WHERE username = $1"));
        let row = sqlx::query(sql)
            .bind(username.to_string())
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| account_row(&r)).transpose()
    }

    pub async fn account_of_person(&mut self, person: PersonId) -> Result<Option<Account>> {
        let sql = sqlx::AssertSqlSafe(format!("{ACCOUNT_COLS} WHERE person = $1"));
        let row = sqlx::query(sql)
            .bind(person.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| account_row(&r)).transpose()
    }

    pub async fn accounts(&mut self) -> Result<Vec<Account>> {
        let sql = sqlx::AssertSqlSafe(format!("{ACCOUNT_COLS} ORDER BY id"));
        let rows = sqlx::query(sql).fetch_all(self.conn()).await?;
        rows.iter().map(account_row).collect()
    }

    pub async fn set_password_hash(&mut self, id: AccountId, hash: &str) -> Result<()> {
        let done = sqlx::query("UPDATE account SET password_hash = $1 WHERE id = $2")
            .bind(hash.to_string())
            .bind(id.0)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(DomainError::not_found(yijian_core::error::RecordKind::Account, id).into());
        }
        Ok(())
    }

    pub async fn insert_session(&mut self, s: &SessionRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO login_session (token_hash, account, created_at, expires_at, ended_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(s.token_hash.clone())
        .bind(s.account.0)
        .bind(s.created_at.0)
        .bind(s.expires_at.0)
        .bind(s.ended_at.map(|t| t.0))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// A session by its token hash, ended or not.
    pub async fn session_by_hash(&mut self, token_hash: &str) -> Result<Option<SessionRecord>> {
        let sql = sqlx::AssertSqlSafe(format!("{SESSION_COLS} WHERE token_hash = $1"));
        let row = sqlx::query(sql)
            .bind(token_hash.to_string())
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| session_row(&r)).transpose()
    }

    /// End a live session; false if it was unknown or already ended.
    pub async fn end_session(&mut self, token_hash: &str, at: Instant) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE login_session SET ended_at = $1 WHERE token_hash = $2 AND ended_at IS NULL",
        )
        .bind(at.0)
        .bind(token_hash.to_string())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// End every live session of an account (after a password change); how many were ended.
    pub async fn end_sessions_of(&mut self, account: AccountId, at: Instant) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE login_session SET ended_at = $1 WHERE account = $2 AND ended_at IS NULL",
        )
        .bind(at.0)
        .bind(account.0)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{on_both_backends, Store};
    use yijian_core::model::Person;

    async fn person(store: &Store, name: &str) -> PersonId {
        let mut tx = store.begin().await.unwrap();
        let id = PersonId(tx.next_id("person").await.unwrap());
        tx.insert_person(&Person {
            id,
            name: name.into(),
            body: None,
        })
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    }

    fn account(id: i64, username: &str, person: PersonId) -> Account {
        Account {
            id: AccountId(id),
            username: username.into(),
            person,
            password_hash: None,
            disabled: false,
            created_at: Instant(1),
        }
    }

    on_both_backends!(
        /// Accounts round-trip; usernames and persons are unique; a missing id is NotFound.
        accounts_round_trip_and_stay_unique,
        |target: String| async move {
            let store = Store::open(&target).await.unwrap();
            let p1 = person(&store, "林远舟").await;
            let p2 = person(&store, "冯振宇").await;
            let mut tx = store.begin().await.unwrap();
            let id = tx.next_id("account").await.unwrap();
            assert_eq!(id, 1, "the account counter exists and starts at 0");
            tx.insert_account(&account(id, "leader", p1)).await.unwrap();
            let err = tx
                .insert_account(&account(2, "leader", p2))
                .await
                .unwrap_err();
            assert!(err.to_string().contains("leader"), "{err}");
            let err = tx
                .insert_account(&account(2, "other", p1))
                .await
                .unwrap_err();
            assert!(err.to_string().contains("person"), "{err}");
            tx.set_password_hash(AccountId(id), "$argon2id$x")
                .await
                .unwrap();
            let a = tx.account_by_username("leader").await.unwrap().unwrap();
            assert_eq!(a.person, p1);
            assert_eq!(a.password_hash.as_deref(), Some("$argon2id$x"));
            assert!(!a.disabled);
            assert_eq!(tx.account_of_person(p1).await.unwrap(), Some(a.clone()));
            assert_eq!(tx.accounts().await.unwrap(), vec![a]);
            assert!(tx.account(AccountId(99)).await.is_err());
            assert!(tx.set_password_hash(AccountId(99), "h").await.is_err());
            tx.commit().await.unwrap();
        }
    );

    on_both_backends!(
        /// Sessions are found by hash, end once, and all of an account's sessions can end.
        sessions_end_and_stay_recorded,
        |target: String| async move {
            let store = Store::open(&target).await.unwrap();
            let p = person(&store, "魏书衡").await;
            let mut tx = store.begin().await.unwrap();
            tx.insert_account(&account(1, "admin", p)).await.unwrap();
            for hash in ["aa", "bb", "cc"] {
                tx.insert_session(&SessionRecord {
                    token_hash: hash.into(),
                    account: AccountId(1),
                    created_at: Instant(10),
                    expires_at: Instant(1_000),
                    ended_at: None,
                })
                .await
                .unwrap();
            }
            assert!(tx.end_session("aa", Instant(20)).await.unwrap());
            assert!(!tx.end_session("aa", Instant(30)).await.unwrap());
            assert!(!tx.end_session("zz", Instant(30)).await.unwrap());
            let s = tx.session_by_hash("aa").await.unwrap().unwrap();
            assert_eq!(s.ended_at, Some(Instant(20)));
            assert_eq!(tx.end_sessions_of(AccountId(1), Instant(40)).await.unwrap(), 2);
            let s = tx.session_by_hash("cc").await.unwrap().unwrap();
            assert_eq!(s.ended_at, Some(Instant(40)));
            assert!(tx.session_by_hash("zz").await.unwrap().is_none());
            tx.commit().await.unwrap();
        }
    );
}
