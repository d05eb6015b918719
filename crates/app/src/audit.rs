//! Verifying the audit trail: the hash chain, the checkpoint an auditor kept, and the stored
//! content that the log vouches for (item texts, released versions).

use std::collections::HashMap;

use yijian_core::audit::{item_digest, AuditFailure, Entry, Head, Verifier};
use yijian_store::Tx;

use crate::versions::content_digest;
use crate::{App, AppError, Result};

/// What a successful verification checked.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VerifyReport {
    pub head: Head,
    pub entries: i64,
    pub items_checked: usize,
    pub versions_checked: usize,
}

const PAGE: i64 = 5_000;

impl App {
    /// Verify the whole log (and, given one, that it still extends `checkpoint`), then check
    /// that every item's text and every released version's content match the digests the
    /// log recorded when they were written.
    pub async fn verify_audit(&self, checkpoint: Option<Head>) -> Result<VerifyReport> {
        let mut tx = self.read().await?;
        let mut verifier = Verifier::new(checkpoint);
        let mut vouched = Vouched::default();
        let mut after = 0;
        loop {
            let page = tx.audit_page(after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for entry in &page {
                verifier.push(entry).map_err(AppError::Audit)?;
                vouched.note(entry);
            }
        }
        let head = verifier.finish().map_err(AppError::Audit)?;
        let items_checked = vouched.check_items(&mut tx).await?;
        let versions_checked = vouched.check_versions(&mut tx).await?;
        tx.rollback().await?;
        Ok(VerifyReport {
            entries: head.count,
            head,
            items_checked,
            versions_checked,
        })
    }
}

/// The digests the log recorded for content: the latest per item, the release per version.
#[derive(Default)]
struct Vouched {
    items: HashMap<i64, (i64, String)>,
    versions: HashMap<i64, (i64, String)>,
}

/// The id in a subject's first `kind:id` token, when the kind matches.
fn first_subject(subject: &str, kind: &str) -> Option<i64> {
    let (k, id) = subject.split_whitespace().next()?.split_once(':')?;
    (k == kind).then(|| id.parse().ok()).flatten()
}

impl Vouched {
    fn note(&mut self, e: &Entry) {
        match e.action.as_str() {
            "item.add" | "item.edit" => {
                if let Some(id) = first_subject(&e.subject, "item") {
                    self.items.insert(id, (e.seq, e.digest.clone()));
                }
            }
            "version.release" => {
                if let Some(id) = first_subject(&e.subject, "version") {
                    self.versions.insert(id, (e.seq, e.digest.clone()));
                }
            }
            _ => {}
        }
    }

    async fn check_items(&self, tx: &mut Tx) -> Result<usize> {
        let items = tx.item_contents().await?;
        for (id, kind, text) in &items {
            let Some((seq, digest)) = self.items.get(&id.0) else {
                return Err(AppError::Audit(AuditFailure::ItemUnrecorded { item: id.0 }));
            };
            if *digest != item_digest(kind, text) {
                return Err(AppError::Audit(AuditFailure::ItemAltered {
                    item: id.0,
                    seq: *seq,
                }));
            }
        }
        Ok(items.len())
    }

    async fn check_versions(&self, tx: &mut Tx) -> Result<usize> {
        let released = tx.released_version_digests().await?;
        for (id, _) in &released {
            let blocks = tx.blocks(*id).await?;
            let recorded = self.versions.get(&id.0);
            if recorded.map(|(_, d)| d) != Some(&content_digest(&blocks)) {
                let seq = recorded.map_or(0, |(s, _)| *s);
                return Err(AppError::Audit(AuditFailure::BadEntry {
                    seq,
                    reason: format!("released version {id} no longer matches the content recorded at its release"),
                }));
            }
        }
        Ok(released.len())
    }
}
