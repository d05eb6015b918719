//! Public commenters (migration `0008_public_commenters.sql`): the commenters, their
//! verification codes and sessions (only SHA-256 hashes stored), the outbox of messages to
//! send, and where each web comment came from (the rate limits count those rows).

use sqlx::any::AnyRow;
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, Tx};

/// A commenter's session row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommenterSessionRecord {
    pub token_hash: String,
    pub commenter: CommenterId,
    pub created_at: Instant,
    pub expires_at: Instant,
    pub ended_at: Option<Instant>,
}

const COMMENTER_COLS: &str = "SELECT id, address_kind, address, display_name, region, created_at, verified_at FROM public_commenter";
const CODE_COLS: &str = "SELECT id, commenter, code_hash, request_address, created_at, expires_at, attempts, used_at FROM verification_code";
const OUTBOX_COLS: &str = "SELECT id, channel, address, subject, body, created_at, sent_at, attempts, last_error, next_attempt_at FROM outbox";

fn commenter_row(row: &AnyRow) -> Result<PublicCommenter> {
    Ok(PublicCommenter {
        id: CommenterId(int(row, "id")?),
        kind: code(row, "address_kind")?,
        address: text(row, "address")?,
        display_name: text(row, "display_name")?,
        region: opt_text(row, "region")?,
        created_at: instant(row, "created_at")?,
        verified_at: opt_instant(row, "verified_at")?,
    })
}

fn small(row: &AnyRow, col: &str) -> Result<u32> {
    Ok(u32::try_from(int(row, col)?.max(0)).unwrap_or(u32::MAX))
}

fn code_row(row: &AnyRow) -> Result<VerificationCode> {
    Ok(VerificationCode {
        id: VerificationCodeId(int(row, "id")?),
        commenter: CommenterId(int(row, "commenter")?),
        code_hash: text(row, "code_hash")?,
        request_address: text(row, "request_address")?,
        created_at: instant(row, "created_at")?,
        expires_at: instant(row, "expires_at")?,
        attempts: small(row, "attempts")?,
        used_at: opt_instant(row, "used_at")?,
    })
}

fn outbox_row(row: &AnyRow) -> Result<OutboxMessage> {
    Ok(OutboxMessage {
        id: OutboxId(int(row, "id")?),
        channel: code(row, "channel")?,
        address: text(row, "address")?,
        subject: text(row, "subject")?,
        body: text(row, "body")?,
        created_at: instant(row, "created_at")?,
        sent_at: opt_instant(row, "sent_at")?,
        attempts: small(row, "attempts")?,
        last_error: opt_text(row, "last_error")?,
        next_attempt_at: instant(row, "next_attempt_at")?,
    })
}

fn count(row: &AnyRow) -> Result<u64> {
    Ok(int(row, "n")?.max(0) as u64)
}

impl Tx {
    pub async fn insert_commenter(&mut self, c: &PublicCommenter) -> Result<()> {
        sqlx::query(
            "INSERT INTO public_commenter (id, address_kind, address, display_name, region, created_at, verified_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.id.0)
        .bind(c.kind.code())
        .bind(c.address.clone())
        .bind(c.display_name.clone())
        .bind(c.region.clone())
        .bind(c.created_at.0)
        .bind(c.verified_at.map(|t| t.0))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn commenter(&mut self, id: CommenterId) -> Result<PublicCommenter> {
        let sql = sqlx::AssertSqlSafe(format!("{COMMENTER_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| commenter_row(&r))
            .transpose()?
            .ok_or_else(|| DomainError::not_found(RecordKind::Commenter, id).into())
    }

    /// The commenter with this (normalised) address.
    pub async fn commenter_by_address(&mut self, address: &str) -> Result<Option<PublicCommenter>> {
        let sql = sqlx::AssertSqlSafe(format!("{COMMENTER_COLS} WHERE address = $1"));
        let row = sqlx::query(sql)
            .bind(address.to_string())
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| commenter_row(&r)).transpose()
    }

    /// Take the commenter's row lock for the rest of the transaction (a no-op update), so
    /// that on PostgreSQL two requests of one commenter count and insert one after the
    /// other, as SQLite's `BEGIN IMMEDIATE` already makes every writer do.
    pub async fn lock_commenter(&mut self, id: CommenterId) -> Result<()> {
        sqlx::query("UPDATE public_commenter SET id = id WHERE id = $1")
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Note the first verification of a commenter's address (later ones change nothing).
    pub async fn set_commenter_verified(&mut self, id: CommenterId, at: Instant) -> Result<()> {
        sqlx::query(
            "UPDATE public_commenter SET verified_at = $1 WHERE id = $2 AND verified_at IS NULL",
        )
        .bind(at.0)
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn insert_verification_code(&mut self, c: &VerificationCode) -> Result<()> {
        sqlx::query(
            "INSERT INTO verification_code (id, commenter, code_hash, request_address, created_at, expires_at, attempts, used_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.id.0)
        .bind(c.commenter.0)
        .bind(c.code_hash.clone())
        .bind(c.request_address.clone())
        .bind(c.created_at.0)
        .bind(c.expires_at.0)
        .bind(i64::from(c.attempts))
        .bind(c.used_at.map(|t| t.0))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// A commenter's newest code (the only one that counts: asking again replaces it).
    pub async fn latest_code(
        &mut self,
        commenter: CommenterId,
    ) -> Result<Option<VerificationCode>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{CODE_COLS} WHERE commenter = $1 ORDER BY id DESC LIMIT 1"
        ));
        let row = sqlx::query(sql)
            .bind(commenter.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| code_row(&r)).transpose()
    }

    /// Codes sent to a commenter since `since`.
    pub async fn codes_to(&mut self, commenter: CommenterId, since: Instant) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM verification_code WHERE commenter = $1 AND created_at > $2",
        )
        .bind(commenter.0)
        .bind(since.0)
        .fetch_one(self.conn())
        .await?;
        count(&row)
    }

    /// Codes asked from a network address since `since`.
    pub async fn codes_from(&mut self, request_address: &str, since: Instant) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM verification_code WHERE request_address = $1 AND created_at > $2",
        )
        .bind(request_address.to_string())
        .bind(since.0)
        .fetch_one(self.conn())
        .await?;
        count(&row)
    }

    /// Count one wrong entry against a code.
    pub async fn code_attempt(&mut self, id: VerificationCodeId) -> Result<()> {
        sqlx::query("UPDATE verification_code SET attempts = attempts + 1 WHERE id = $1")
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Use a code once; false when it was used already.
    pub async fn use_code(&mut self, id: VerificationCodeId, at: Instant) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE verification_code SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
        )
        .bind(at.0)
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn insert_commenter_session(&mut self, s: &CommenterSessionRecord) -> Result<()> {
        sqlx::query(
            "INSERT INTO commenter_session (token_hash, commenter, created_at, expires_at, ended_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(s.token_hash.clone())
        .bind(s.commenter.0)
        .bind(s.created_at.0)
        .bind(s.expires_at.0)
        .bind(s.ended_at.map(|t| t.0))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn commenter_session(
        &mut self,
        token_hash: &str,
    ) -> Result<Option<CommenterSessionRecord>> {
        let row = sqlx::query(
            "SELECT token_hash, commenter, created_at, expires_at, ended_at FROM commenter_session WHERE token_hash = $1",
        )
        .bind(token_hash.to_string())
        .fetch_optional(self.conn())
        .await?;
        row.map(|r| {
            Ok(CommenterSessionRecord {
                token_hash: text(&r, "token_hash")?,
                commenter: CommenterId(int(&r, "commenter")?),
                created_at: instant(&r, "created_at")?,
                expires_at: instant(&r, "expires_at")?,
                ended_at: opt_instant(&r, "ended_at")?,
            })
        })
        .transpose()
    }

    /// End a live commenter session; false if unknown or already ended.
    pub async fn end_commenter_session(&mut self, token_hash: &str, at: Instant) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE commenter_session SET ended_at = $1 WHERE token_hash = $2 AND ended_at IS NULL",
        )
        .bind(at.0)
        .bind(token_hash.to_string())
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn insert_outbox(&mut self, m: &OutboxMessage) -> Result<()> {
        sqlx::query(
            "INSERT INTO outbox (id, channel, address, subject, body, created_at, sent_at, attempts, last_error, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(m.id.0)
        .bind(m.channel.code())
        .bind(m.address.clone())
        .bind(m.subject.clone())
        .bind(m.body.clone())
        .bind(m.created_at.0)
        .bind(m.sent_at.map(|t| t.0))
        .bind(i64::from(m.attempts))
        .bind(m.last_error.clone())
        .bind(m.next_attempt_at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Messages not sent yet whose next attempt is due at `now`, oldest first.
    pub async fn due_outbox(&mut self, now: Instant, limit: i64) -> Result<Vec<OutboxMessage>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{OUTBOX_COLS} WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2"
        ));
        let rows = sqlx::query(sql)
            .bind(now.0)
            .bind(limit)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(outbox_row).collect()
    }

    /// Claim up to `limit` due messages for one deliverer: each is taken only if it is still
    /// unsent and due, by moving its next attempt to `lease_until`, so a second deliverer
    /// (another `serve`, `yijian outbox --deliver`) neither sees nor sends it while this one
    /// does. A deliverer that dies mid-send leaves the message to be sent again once the
    /// lease ends (at least once, never lost). The conditional update is what decides: on
    /// SQLite writers queue (`BEGIN IMMEDIATE`), on PostgreSQL the second update waits on the
    /// row and then finds it no longer due.
    pub async fn claim_outbox(
        &mut self,
        now: Instant,
        lease_until: Instant,
        limit: i64,
    ) -> Result<Vec<OutboxMessage>> {
        let mut claimed = Vec::new();
        for m in self.due_outbox(now, limit).await? {
            let taken = sqlx::query(
                "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND sent_at IS NULL AND next_attempt_at <= $3",
            )
            .bind(lease_until.0)
            .bind(m.id.0)
            .bind(now.0)
            .execute(self.conn())
            .await?;
            if taken.rows_affected() > 0 {
                claimed.push(m);
            }
        }
        Ok(claimed)
    }

    /// The newest messages, sent or not (newest first).
    pub async fn outbox_latest(&mut self, limit: i64) -> Result<Vec<OutboxMessage>> {
        let sql = sqlx::AssertSqlSafe(format!("{OUTBOX_COLS} ORDER BY id DESC LIMIT $1"));
        let rows = sqlx::query(sql).bind(limit).fetch_all(self.conn()).await?;
        rows.iter().map(outbox_row).collect()
    }

    /// Mark a message sent, keeping `body_kept` as its body (the sent text with its code
    /// masked); false when it was already (another deliverer got there first).
    pub async fn outbox_sent(
        &mut self,
        id: OutboxId,
        at: Instant,
        body_kept: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE outbox SET sent_at = $1, body = $2 WHERE id = $3 AND sent_at IS NULL",
        )
        .bind(at.0)
        .bind(body_kept.to_string())
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Record a failed send: one more attempt, its error, when to try again.
    pub async fn outbox_failed(
        &mut self,
        id: OutboxId,
        error: &str,
        retry_at: Instant,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3 AND sent_at IS NULL",
        )
        .bind(error.to_string())
        .bind(retry_at.0)
        .bind(id.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Note where a web comment came from.
    pub async fn insert_web_comment(
        &mut self,
        comment: CommentId,
        commenter: CommenterId,
        request_address: &str,
        at: Instant,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO web_comment (comment, commenter, request_address, received_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(comment.0)
        .bind(commenter.0)
        .bind(request_address.to_string())
        .bind(at.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Web comments by a commenter since `since` (every consultation).
    pub async fn web_comments_by(&mut self, commenter: CommenterId, since: Instant) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM web_comment WHERE commenter = $1 AND received_at > $2",
        )
        .bind(commenter.0)
        .bind(since.0)
        .fetch_one(self.conn())
        .await?;
        count(&row)
    }

    /// Web comments from a network address since `since`.
    pub async fn web_comments_from(
        &mut self,
        request_address: &str,
        since: Instant,
    ) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM web_comment WHERE request_address = $1 AND received_at > $2",
        )
        .bind(request_address.to_string())
        .bind(since.0)
        .fetch_one(self.conn())
        .await?;
        count(&row)
    }

    /// A commenter's web comments on a consultation, oldest first.
    pub async fn commenter_comments(
        &mut self,
        commenter: CommenterId,
        consultation: ConsultationId,
    ) -> Result<Vec<PublicComment>> {
        let rows = sqlx::query(
            "SELECT c.id, c.consultation, c.source_id, c.text, c.text_sha256, c.author, c.region, c.paragraph, c.submitted_at, c.received_at, c.channel, c.import_id
             FROM web_comment w JOIN public_comment c ON c.id = w.comment
             WHERE w.commenter = $1 AND c.consultation = $2 ORDER BY c.id",
        )
        .bind(commenter.0)
        .bind(consultation.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(crate::public_comments::comment_row)
            .collect()
    }
}
