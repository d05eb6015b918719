//! The tamper-evident audit trail: a hash chain over every state-changing action.
//!
//! Entry *n* stores `hash_n = SHA-256(hash_{n-1} ‖ canonical(entry_n))`, with a genesis hash
//! of 64 zeros. Changing, deleting or reordering any entry breaks the chain at that entry;
//! rewriting the whole log is caught against a [`Head`] (count and hash) that an auditor kept
//! outside the database. The canonical encoding length-prefixes each field so that no two
//! different entries encode alike.

use sha2::{Digest, Sha256};

use crate::time::Instant;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry as stored.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    /// 1-based position in the log.
    pub seq: i64,
    pub at: Instant,
    /// `person:ID` or `system`.
    pub actor: String,
    /// e.g. `item.add`, `version.release`.
    pub action: String,
    /// The ids touched, e.g. `consultation:3 response:7 item:12`.
    pub subject: String,
    /// SHA-256 (hex) of the content written.
    pub digest: String,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 of some content, hex-encoded.
pub fn digest(content: &[u8]) -> String {
    hex::encode(Sha256::digest(content))
}

/// The digest recorded for an item's content (its kind and text).
pub fn item_digest(kind: &str, text: &str) -> String {
    let mut buf = Vec::with_capacity(text.len() + 16);
    push_field(&mut buf, kind.as_bytes());
    push_field(&mut buf, text.as_bytes());
    digest(&buf)
}

fn push_field(buf: &mut Vec<u8>, field: &[u8]) {
    buf.extend_from_slice(field.len().to_string().as_bytes());
    buf.push(b':');
    buf.extend_from_slice(field);
    buf.push(b'\n');
}

/// The hash of an entry given the previous hash.
pub fn chain_hash(
    prev_hash: &str,
    seq: i64,
    at: Instant,
    actor: &str,
    action: &str,
    subject: &str,
    digest: &str,
) -> String {
    let mut buf = Vec::new();
    for field in [
        prev_hash,
        &seq.to_string(),
        &at.0.to_string(),
        actor,
        action,
        subject,
        digest,
    ] {
        push_field(&mut buf, field.as_bytes());
    }
    self::digest(&buf)
}

/// The head of the log: how many entries and the last hash. Printed as `COUNT:HASH`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Head {
    pub count: i64,
    pub hash: String,
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.count, self.hash)
    }
}

impl std::str::FromStr for Head {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (count, hash) = s
            .trim()
            .split_once(':')
            .ok_or("a checkpoint looks like COUNT:HASH")?;
        let count = count
            .parse::<i64>()
            .map_err(|_| format!("bad entry count {count:?} in checkpoint"))?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!(
                "bad hash {hash:?} in checkpoint: expected 64 hex digits"
            ));
        }
        Ok(Head {
            count,
            hash: hash.to_ascii_lowercase(),
        })
    }
}

/// Why verification failed, naming the first bad entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditFailure {
    #[error("audit entry {seq}: {reason}")]
    BadEntry { seq: i64, reason: String },
    #[error("the log does not extend checkpoint {checkpoint}: {reason}")]
    CheckpointMismatch { checkpoint: String, reason: String },
    #[error(
        "item {item}: its stored text no longer matches the digest recorded in audit entry {seq}"
    )]
    ItemAltered { item: i64, seq: i64 },
    #[error("item {item} has no audit entry recording its content")]
    ItemUnrecorded { item: i64 },
}

/// Walks the log in order and checks each link; feed it entries sorted by `seq`.
#[derive(Debug)]
pub struct Verifier {
    expected_seq: i64,
    prev_hash: String,
    checkpoint: Option<Head>,
    checkpoint_seen: bool,
}

impl Verifier {
    pub fn new(checkpoint: Option<Head>) -> Self {
        Verifier {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            checkpoint,
            checkpoint_seen: false,
        }
    }

    /// Check the next entry.
    pub fn push(&mut self, e: &Entry) -> Result<(), AuditFailure> {
        let bad = |reason: String| AuditFailure::BadEntry { seq: e.seq, reason };
        if e.seq != self.expected_seq {
            return Err(AuditFailure::BadEntry {
                seq: self.expected_seq,
                reason: format!(
                    "missing or out of order (found entry {} where {} was expected)",
                    e.seq, self.expected_seq
                ),
            });
        }
        if e.prev_hash != self.prev_hash {
            return Err(bad(
                "its previous-hash link does not match the entry before it".into(),
            ));
        }
        let recomputed = chain_hash(
            &e.prev_hash,
            e.seq,
            e.at,
            &e.actor,
            &e.action,
            &e.subject,
            &e.digest,
        );
        if recomputed != e.hash {
            return Err(bad(
                "its content does not match its hash (the entry was altered)".into(),
            ));
        }
        if let Some(cp) = &self.checkpoint {
            if cp.count == e.seq {
                if cp.hash != e.hash {
                    return Err(AuditFailure::CheckpointMismatch {
                        checkpoint: cp.to_string(),
                        reason: format!(
                            "entry {} has hash {} (the log was rewritten)",
                            e.seq, e.hash
                        ),
                    });
                }
                self.checkpoint_seen = true;
            }
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }

    /// Finish: the head of the verified log.
    pub fn finish(self) -> Result<Head, AuditFailure> {
        if let Some(cp) = &self.checkpoint {
            if !self.checkpoint_seen && cp.count > 0 {
                return Err(AuditFailure::CheckpointMismatch {
                    checkpoint: cp.to_string(),
                    reason: format!("the log has only {} entries", self.expected_seq - 1),
                });
            }
        }
        Ok(Head {
            count: self.expected_seq - 1,
            hash: self.prev_hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(n: i64) -> Vec<Entry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let (actor, action, subject) = (
                    "person:1".to_string(),
                    "item.add".to_string(),
                    format!("item:{seq}"),
                );
                let d = item_digest("opinion", &format!("意见{seq}"));
                let hash = chain_hash(
                    &prev,
                    seq,
                    Instant(seq * 1000),
                    &actor,
                    &action,
                    &subject,
                    &d,
                );
                let e = Entry {
                    seq,
                    at: Instant(seq * 1000),
                    actor,
                    action,
                    subject,
                    digest: d,
                    prev_hash: prev.clone(),
                    hash,
                };
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(entries: &[Entry], cp: Option<Head>) -> Result<Head, AuditFailure> {
        let mut v = Verifier::new(cp);
        for e in entries {
            v.push(e)?;
        }
        v.finish()
    }

    fn first_bad(r: Result<Head, AuditFailure>) -> i64 {
        match r {
            Err(AuditFailure::BadEntry { seq, .. }) => seq,
            other => panic!("expected a bad entry, got {other:?}"),
        }
    }

    #[test]
    fn an_intact_log_verifies_and_gives_its_head() {
        let entries = log(5);
        let head = verify(&entries, None).unwrap();
        assert_eq!(head.count, 5);
        assert_eq!(head.hash, entries[4].hash);
        assert_eq!(verify(&entries, Some(head.clone())).unwrap(), head);
        assert_eq!(verify(&[], None).unwrap().hash, GENESIS);
    }

    #[test]
    fn altering_an_entry_names_it() {
        let mut entries = log(5);
        entries[2].subject = "item:99".into();
        assert_eq!(first_bad(verify(&entries, None)), 3);
        let mut entries = log(5);
        entries[3].digest = digest(b"other");
        assert_eq!(first_bad(verify(&entries, None)), 4);
    }

    #[test]
    fn deleting_or_reordering_entries_is_caught() {
        let mut entries = log(5);
        entries.remove(1);
        assert_eq!(first_bad(verify(&entries, None)), 2);
        let mut entries = log(5);
        entries.swap(2, 3);
        assert_eq!(first_bad(verify(&entries, None)), 3);
    }

    #[test]
    fn a_rewritten_log_fails_against_a_kept_checkpoint() {
        let original = log(5);
        let cp = verify(&original, None).unwrap();
        let mut rewritten = log(5);
        // Rewrite entry 2 and recompute every later hash: the chain itself verifies…
        rewritten[1].subject = "item:42".into();
        let mut prev = rewritten[0].hash.clone();
        for e in rewritten.iter_mut().skip(1) {
            e.prev_hash = prev.clone();
            e.hash = chain_hash(
                &e.prev_hash,
                e.seq,
                e.at,
                &e.actor,
                &e.action,
                &e.subject,
                &e.digest,
            );
            prev = e.hash.clone();
        }
        assert!(verify(&rewritten, None).is_ok());
        // …but not against the checkpoint the auditor kept.
        assert!(matches!(
            verify(&rewritten, Some(cp.clone())),
            Err(AuditFailure::CheckpointMismatch { .. })
        ));
        // A truncated log does not extend the checkpoint either.
        assert!(matches!(
            verify(&original[..3], Some(cp)),
            Err(AuditFailure::CheckpointMismatch { .. })
        ));
    }

    #[test]
    fn checkpoints_parse_strictly() {
        let head = Head {
            count: 3,
            hash: "ab".repeat(32),
        };
        assert_eq!(head.to_string().parse::<Head>().unwrap(), head);
        assert!("3".parse::<Head>().is_err());
        assert!("x:abc".parse::<Head>().is_err());
        assert!(format!("3:{}", "zz".repeat(32)).parse::<Head>().is_err());
    }
}
