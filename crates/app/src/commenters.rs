//! Public commenters (issue 7): anyone may read a public consultation's draft; to comment
//! they register an address (e-mail or mainland mobile), receive a six-digit code through
//! the **outbox**, enter it for a commenter session, and comment on a paragraph or in
//! general, within rate limits checked by `core::rules` on counts read in the same
//! transaction.
//!
//! The outbox is transactional: registering writes the commenter, the code's hash and the
//! message in one transaction, so a message exists exactly when its code does. A [`Sender`]
//! delivers it afterwards ([`App::deliver_outbox`]); a failed send stays pending with its
//! error and is tried again later (at least once: a crash after sending and before marking
//! sends it again). The code is in clear only in the outbox body; the code table and the
//! session table hold SHA-256 hashes.

use std::io::Write;
use std::sync::Mutex;

use serde::Serialize;
use sha2::{Digest, Sha256};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{self, CommentCounts, PublicLimits, CODE_LIFETIME_MS};
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_store::{CommenterSessionRecord, Tx};

use crate::accounts::{ct_eq, random_bytes, random_token, session_token_hash, well_formed_token};
use crate::{App, AppError, Result};

/// How long a commenter session lasts.
pub const COMMENTER_SESSION_MS: i64 = 7 * 24 * 3_600_000;
/// The first retry of a failed send waits this long; each further one twice as long, up to
/// an hour.
pub const RETRY_BASE_MS: i64 = 30_000;
const RETRY_MAX_MS: i64 = 3_600_000;
/// How long a deliverer holds the messages it claimed (5 min): another deliverer takes them
/// only after that, should this one have died mid-send.
pub const OUTBOX_LEASE_MS: i64 = 300_000;

/// A send that did not go through; kept as the message's `last_error`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SendError(pub String);

/// Delivers outbox messages: e-mail, SMS, or (in development) a log.
pub trait Sender: Send + Sync {
    fn send(&self, msg: &OutboxMessage) -> std::result::Result<(), SendError>;
}

/// The development sender: writes each message to a log (standard error, or a file).
pub struct LogSender {
    out: Mutex<Box<dyn Write + Send>>,
}

impl LogSender {
    pub fn new(out: impl Write + Send + 'static) -> LogSender {
        LogSender {
            out: Mutex::new(Box::new(out)),
        }
    }

    pub fn stderr() -> LogSender {
        LogSender::new(std::io::stderr())
    }

    /// Append to a file (created if missing).
    pub fn file(path: &std::path::Path) -> std::io::Result<LogSender> {
        let f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        Ok(LogSender::new(f))
    }
}

impl Sender for LogSender {
    fn send(&self, m: &OutboxMessage) -> std::result::Result<(), SendError> {
        let mut out = self
            .out
            .lock()
            .map_err(|_| SendError("the log is poisoned".into()))?;
        writeln!(
            out,
            "[outbox {}] {} to {}: {}\n{}\n",
            m.id, m.channel, m.address, m.subject, m.body
        )
        .and_then(|_| out.flush())
        .map_err(|e| SendError(format!("cannot write the log: {e}")))
    }
}

/// Who asks for a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub address: String,
    pub display_name: String,
    pub region: Option<String>,
}

/// A registration (or a new code for a known address): the code is in the outbox only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Registered {
    pub commenter: CommenterId,
    pub kind: AddressKind,
    /// Normalised.
    pub address: String,
    pub message: OutboxId,
    pub new: bool,
}

/// A commenter session just opened; the token is given once and never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCommenterSession {
    pub token: String,
    pub commenter: CommenterId,
    pub expires_at: Instant,
}

/// What one delivery round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DeliveryReport {
    pub sent: usize,
    pub failed: usize,
}

/// A public consultation's draft as anyone reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicDraft {
    pub consultation: Consultation,
    pub version: Version,
    pub blocks: Vec<Block>,
    /// Whether comments are taken now (inside the window).
    pub open: bool,
}

/// Digits of a verification code.
pub const CODE_DIGITS: usize = 6;

/// A fresh six-digit code, uniformly drawn.
fn six_digits() -> Result<String> {
    const LIMIT: u32 = 4_294_000_000; // a multiple of 10^6 below 2^32
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>()?);
        if n < LIMIT {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// The stored hash of a code: SHA-256 over the code's id and the digits.
fn code_hash(id: VerificationCodeId, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("yijian-code\0{id}\0{code}").as_bytes(),
    ))
}

async fn audit_as(
    tx: &mut Tx,
    now: Instant,
    commenter: CommenterId,
    action: &str,
    subject: &str,
    content: &impl Serialize,
) -> Result<()> {
    let bytes = serde_json::to_vec(content).map_err(|e| AppError::Input(e.to_string()))?;
    let digest = yijian_core::audit::digest(&bytes);
    tx.append_audit(
        now,
        &format!("commenter:{commenter}"),
        action,
        subject,
        &digest,
    )
    .await?;
    Ok(())
}

fn retry_delay(attempts: u32) -> i64 {
    let shift = attempts.min(10);
    (RETRY_BASE_MS << shift).min(RETRY_MAX_MS)
}

impl App {
    /// Register a commenter (or find the one with this address) and send a new code: the
    /// commenter, the code's hash and the outbox message in one transaction. Refused over
    /// the code limits (per address and per network address `request_address`). A known
    /// address keeps its display name and region.
    pub async fn register_commenter(
        &self,
        reg: &Registration,
        request_address: &str,
        limits: &PublicLimits,
        now: Instant,
    ) -> Result<Registered> {
        let (kind, address) = rules::normalize_address(&reg.address)?;
        let name = reg.display_name.trim();
        let region = reg
            .region
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        rules::check_commenter_profile(name, region)?;
        let mut tx = self.begin().await?;
        let (commenter, new) = match tx.commenter_by_address(&address).await? {
            Some(c) => (c, false),
            None => {
                let c = PublicCommenter {
                    id: CommenterId(tx.next_id("commenter").await?),
                    kind,
                    address: address.clone(),
                    display_name: name.to_string(),
                    region: region.map(str::to_string),
                    created_at: now,
                    verified_at: None,
                };
                tx.insert_commenter(&c).await?;
                (c, true)
            }
        };
        tx.lock_commenter(commenter.id).await?;
        let (hour, _) = PublicLimits::since(now);
        let to_address = tx.codes_to(commenter.id, hour).await?;
        let from_request = tx.codes_from(request_address, hour).await?;
        rules::check_code_rate(to_address, from_request, limits)?;
        let code = six_digits()?;
        let id = VerificationCodeId(tx.next_id("verification_code").await?);
        tx.insert_verification_code(&VerificationCode {
            id,
            commenter: commenter.id,
            code_hash: code_hash(id, &code),
            request_address: request_address.to_string(),
            created_at: now,
            expires_at: Instant(now.0 + CODE_LIFETIME_MS),
            attempts: 0,
            used_at: None,
        })
        .await?;
        let message = OutboxMessage {
            id: OutboxId(tx.next_id("outbox").await?),
            channel: kind,
            address: address.clone(),
            subject: "意见征集验证码 / Your verification code".into(),
            body: format!(
                "您的验证码是 {code}，15分钟内有效。如非本人操作，请忽略。\nYour code is {code}; it is valid for 15 minutes. If you did not ask for it, ignore this message."
            ),
            created_at: now,
            sent_at: None,
            attempts: 0,
            last_error: None,
            next_attempt_at: now,
        };
        tx.insert_outbox(&message).await?;
        let out = Registered {
            commenter: commenter.id,
            kind,
            address,
            message: message.id,
            new,
        };
        audit_as(
            &mut tx,
            now,
            commenter.id,
            if new {
                "commenter.register"
            } else {
                "commenter.code"
            },
            &format!("commenter:{} code:{id}", commenter.id),
            &(commenter.id, kind, id, message.id, request_address),
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    /// Enter a code: the right one opens a commenter session (and verifies the address the
    /// first time); a wrong one counts an attempt (kept, though the answer is an error);
    /// an expired, used or dead code — or an unknown address — is refused alike.
    pub async fn verify_commenter(
        &self,
        address: &str,
        code: &str,
        now: Instant,
    ) -> Result<NewCommenterSession> {
        let Ok((_, address)) = rules::normalize_address(address) else {
            return Err(DomainError::CodeInvalid.into());
        };
        let code = code.trim();
        let mut tx = self.begin().await?;
        let Some(commenter) = tx.commenter_by_address(&address).await? else {
            tx.rollback().await?;
            return Err(DomainError::CodeInvalid.into());
        };
        let stored = tx.latest_code(commenter.id).await?;
        let matches = stored
            .as_ref()
            .is_some_and(|s| ct_eq(&s.code_hash, &code_hash(s.id, code)));
        match rules::check_code(stored.as_ref(), matches, now) {
            Ok(()) => {}
            Err(e @ DomainError::CodeWrong { .. }) => {
                let s = stored.as_ref().expect("a wrong code has a stored code");
                tx.code_attempt(s.id).await?;
                audit_as(
                    &mut tx,
                    now,
                    commenter.id,
                    "commenter.code_wrong",
                    &format!("commenter:{} code:{}", commenter.id, s.id),
                    &(s.id, s.attempts + 1),
                )
                .await?;
                tx.commit().await?;
                return Err(e.into());
            }
            Err(e) => {
                tx.rollback().await?;
                return Err(e.into());
            }
        }
        let s = stored.expect("checked");
        if !tx.use_code(s.id, now).await? {
            tx.rollback().await?;
            return Err(DomainError::CodeInvalid.into());
        }
        tx.set_commenter_verified(commenter.id, now).await?;
        let token = random_token()?;
        let expires_at = Instant(now.0 + COMMENTER_SESSION_MS);
        tx.insert_commenter_session(&CommenterSessionRecord {
            token_hash: session_token_hash(&token),
            commenter: commenter.id,
            created_at: now,
            expires_at,
            ended_at: None,
        })
        .await?;
        audit_as(
            &mut tx,
            now,
            commenter.id,
            "commenter.verify",
            &format!("commenter:{} code:{}", commenter.id, s.id),
            &(s.id, expires_at),
        )
        .await?;
        tx.commit().await?;
        Ok(NewCommenterSession {
            token,
            commenter: commenter.id,
            expires_at,
        })
    }

    /// The commenter behind a live commenter session token.
    pub async fn commenter_session(
        &self,
        token: &str,
        now: Instant,
    ) -> Result<Option<PublicCommenter>> {
        if !well_formed_token(token) {
            return Ok(None);
        }
        let mut tx = self.read().await?;
        let out = match tx.commenter_session(&session_token_hash(token)).await? {
            Some(s) if s.ended_at.is_none() && now < s.expires_at => {
                Some(tx.commenter(s.commenter).await?)
            }
            _ => None,
        };
        tx.rollback().await?;
        Ok(out)
    }

    /// End a commenter session; false when unknown or already ended.
    pub async fn end_commenter_session(&self, token: &str, now: Instant) -> Result<bool> {
        let hash = session_token_hash(token);
        let mut tx = self.begin().await?;
        let Some(s) = tx.commenter_session(&hash).await? else {
            tx.rollback().await?;
            return Ok(false);
        };
        if !tx.end_commenter_session(&hash, now).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        audit_as(
            &mut tx,
            now,
            s.commenter,
            "commenter.logout",
            &format!("commenter:{}", s.commenter),
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Send up to `limit` due messages through `sender`. The messages are first claimed in a
    /// short transaction of their own (a lease of [`OUTBOX_LEASE_MS`], see
    /// `Tx::claim_outbox`), so deliverers running at once never send one twice; they are sent
    /// outside any transaction (a slow sender holds no lock); the results are then written
    /// in one transaction with one audit entry. A failure keeps the message pending with its
    /// error and a later retry time (30 s, doubling, at most an hour). A sender must give up
    /// well within the lease, or a message it is still sending may be claimed again.
    pub async fn deliver_outbox(
        &self,
        sender: &dyn Sender,
        limit: i64,
        now: Instant,
    ) -> Result<DeliveryReport> {
        let mut tx = self.begin().await?;
        let lease_until = Instant(now.0 + OUTBOX_LEASE_MS);
        let due = tx
            .claim_outbox(now, lease_until, limit.clamp(1, 1_000))
            .await?;
        tx.commit().await?;
        if due.is_empty() {
            return Ok(DeliveryReport::default());
        }
        let results: Vec<(&OutboxMessage, std::result::Result<(), SendError>)> =
            due.iter().map(|m| (m, sender.send(m))).collect();
        let mut tx = self.begin().await?;
        let mut report = DeliveryReport::default();
        let mut outcome = Vec::new();
        for (m, r) in results {
            let (id, attempts) = (m.id, m.attempts);
            match r {
                Ok(()) => {
                    if tx.outbox_sent(id, now, &mask_codes(&m.body)).await? {
                        report.sent += 1;
                        outcome.push((id, None));
                    }
                }
                Err(e) => {
                    let error: String = e.0.chars().take(500).collect();
                    let retry = Instant(now.0 + retry_delay(attempts));
                    tx.outbox_failed(id, &error, retry).await?;
                    report.failed += 1;
                    outcome.push((id, Some(error)));
                }
            }
        }
        let bytes = serde_json::to_vec(&outcome).map_err(|e| AppError::Input(e.to_string()))?;
        tx.append_audit(
            now,
            "system",
            "outbox.deliver",
            &format!("sent:{} failed:{}", report.sent, report.failed),
            &yijian_core::audit::digest(&bytes),
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// The newest outbox messages, sent or not (for the CLI and tests; they hold codes, so
    /// no page shows them).
    pub async fn outbox(&self, limit: i64) -> Result<Vec<OutboxMessage>> {
        let mut tx = self.read().await?;
        let out = tx.outbox_latest(limit.clamp(1, 10_000)).await?;
        tx.rollback().await?;
        Ok(out)
    }

    /// A public consultation's draft, for anyone: from its opening on, also after it closed
    /// (see `rules::check_public_draft`); anything else is "not found".
    pub async fn public_draft(&self, id: ConsultationId, now: Instant) -> Result<PublicDraft> {
        let mut tx = self.read().await?;
        let c = tx.consultation(id).await?;
        rules::check_public_draft(&c, now)?;
        let v = c.version.expect("checked: a public draft has a version");
        let version = tx.version(v).await?;
        let blocks = tx.blocks(v).await?;
        tx.rollback().await?;
        Ok(PublicDraft {
            open: rules::check_window(&c, now).is_ok(),
            consultation: c,
            version,
            blocks,
        })
    }

    /// A verified commenter's comment on a public consultation, on a paragraph of its draft
    /// or general (`paragraph` None). Rate-limited on the counts of web comments read in
    /// this transaction (by the commenter in the last hour and day, from `request_address`
    /// in the last hour). Stored as a public comment of channel `web`, source id
    /// `web-<id>`, received and submitted now, with its origin; audited.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit_public_comment(
        &self,
        commenter: CommenterId,
        consultation: ConsultationId,
        paragraph: Option<ParagraphId>,
        text: &str,
        request_address: &str,
        limits: &PublicLimits,
        now: Instant,
    ) -> Result<PublicComment> {
        let mut tx = self.begin().await?;
        tx.lock_commenter(commenter).await?;
        let who = tx.commenter(commenter).await?;
        let c = tx.consultation(consultation).await?;
        rules::check_public_draft(&c, now)?;
        let version = c.version.expect("checked: a public draft has a version");
        let blocks = tx.blocks(version).await?;
        let text = text.trim();
        rules::check_web_comment(
            &c,
            &who,
            text,
            paragraph.map(|p| (version, blocks.as_slice(), p)),
            now,
        )?;
        let (hour, day) = PublicLimits::since(now);
        let counts = CommentCounts {
            by_commenter_hour: tx.web_comments_by(commenter, hour).await?,
            by_commenter_day: tx.web_comments_by(commenter, day).await?,
            by_address_hour: tx.web_comments_from(request_address, hour).await?,
        };
        rules::check_public_comment_rate(counts, limits)?;
        let id = CommentId(tx.next_id("public_comment").await?);
        let comment = PublicComment {
            id,
            consultation,
            source_id: format!("web-{id}"),
            text: text.to_string(),
            text_sha256: yijian_core::audit::digest(text.as_bytes()),
            author: Some(who.display_name.clone()),
            region: who.region.clone(),
            paragraph,
            submitted_at: Some(now),
            received_at: now,
            channel: CommentChannel::Web,
            import: None,
        };
        tx.insert_public_comments(vec![comment.clone()]).await?;
        tx.insert_web_comment(id, commenter, request_address, now)
            .await?;
        audit_as(
            &mut tx,
            now,
            commenter,
            "comment.web",
            &format!("comment:{id} consultation:{consultation}"),
            &comment,
        )
        .await?;
        tx.commit().await?;
        Ok(comment)
    }

    /// A commenter's own web comments on a consultation, oldest first.
    pub async fn my_public_comments(
        &self,
        commenter: CommenterId,
        consultation: ConsultationId,
    ) -> Result<Vec<PublicComment>> {
        let mut tx = self.read().await?;
        let out = tx.commenter_comments(commenter, consultation).await?;
        tx.rollback().await?;
        Ok(out)
    }
}

/// A sent message's body as kept: each code (a run of exactly [`CODE_DIGITS`] ASCII digits)
/// masked, so that a copy of the database lets nobody in once the message has gone out.
pub fn mask_codes(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() == CODE_DIGITS {
            out.push_str(&"•".repeat(CODE_DIGITS));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in body.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod mask_tests {
    use super::*;

    #[test]
    fn codes_are_masked_and_other_numbers_kept() {
        assert_eq!(
            mask_codes("您的验证码是 042917，15分钟内有效。Your code is 042917; 2026"),
            "您的验证码是 ••••••，15分钟内有效。Your code is ••••••; 2026"
        );
        assert_eq!(mask_codes("1234567 12345"), "1234567 12345");
    }
}
