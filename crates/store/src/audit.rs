//! Appending to and reading the hash-chained audit log.

use yijian_core::audit::{chain_hash, Entry};
use yijian_core::time::Instant;

use crate::rows::*;
use crate::{Result, Tx};

impl Tx {
    /// Append an entry in this transaction. The `audit_head` row update takes a row lock, so
    /// concurrent transactions append one after the other and the chain never forks.
    pub async fn append_audit(
        &mut self,
        at: Instant,
        actor: &str,
        action: &str,
        subject: &str,
        digest: &str,
    ) -> Result<Entry> {
        let head =
            sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
                .fetch_one(self.conn())
                .await?;
        let seq = int(&head, "seq")?;
        let prev_hash = text(&head, "hash")?;
        let hash = chain_hash(&prev_hash, seq, at, actor, action, subject, digest);
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor, action, subject, digest, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(seq)
        .bind(at.0)
        .bind(actor.to_string())
        .bind(action.to_string())
        .bind(subject.to_string())
        .bind(digest.to_string())
        .bind(prev_hash.clone())
        .bind(hash.clone())
        .execute(self.conn())
        .await?;
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(hash.clone())
            .execute(self.conn())
            .await?;
        Ok(Entry {
            seq,
            at,
            actor: actor.to_string(),
            action: action.to_string(),
            subject: subject.to_string(),
            digest: digest.to_string(),
            prev_hash,
            hash,
        })
    }

    /// The newest entries, newest first: those with `seq < before` (all when `None`), at
    /// most `limit`. For the audit view; verification reads forwards with [`Tx::audit_page`].
    pub async fn audit_latest(&mut self, before: Option<i64>, limit: i64) -> Result<Vec<Entry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, digest, prev_hash, hash FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(entry).collect()
    }

    /// A page of the log: entries with `seq > after`, in order, at most `limit`.
    pub async fn audit_page(&mut self, after: i64, limit: i64) -> Result<Vec<Entry>> {
        let rows = sqlx::query(
            "SELECT seq, at, actor, action, subject, digest, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        rows.iter().map(entry).collect()
    }
}

fn entry(r: &sqlx::any::AnyRow) -> Result<Entry> {
    Ok(Entry {
        seq: int(r, "seq")?,
        at: instant(r, "at")?,
        actor: text(r, "actor")?,
        action: text(r, "action")?,
        subject: text(r, "subject")?,
        digest: text(r, "digest")?,
        prev_hash: text(r, "prev_hash")?,
        hash: text(r, "hash")?,
    })
}
