//! The audit view (`/audit`): the newest entries of the hash-chained log, page by page, and
//! verification of the chain, of an auditor's checkpoint and of the content the log vouches
//! for. Auditors and administrators only; anyone else gets 404 (the page does not exist for
//! them).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use yijian_app::{AppError, AuditEntry};

use super::{html, Nav, PageError};
use crate::auth::PageUser;
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

const PAGE_ENTRIES: i64 = 200;

pub struct EntryRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub hash: String,
    pub denied: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    m: Msgs,
    nav: Nav,
    entries: Vec<EntryRow>,
    older: Option<i64>,
    /// The outcome of a verification, when one was asked for.
    verified: Option<String>,
    failure: Option<String>,
    checkpoint: String,
}

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    before: Option<i64>,
    /// Verify now; with `checkpoint` (COUNT:HASH) also that the log still extends it.
    #[serde(default)]
    verify: String,
    #[serde(default)]
    checkpoint: String,
}

fn row(m: Msgs, e: &AuditEntry) -> EntryRow {
    EntryRow {
        seq: e.seq,
        at: format!("{} {}", m.date(e.at), clock(e.at.0)),
        actor: e.actor.clone(),
        action: e.action.clone(),
        subject: e.subject.clone(),
        hash: e.hash.chars().take(16).collect(),
        denied: e.action == yijian_app::DENIED,
    }
}

/// HH:MM:SS (UTC) of an instant in milliseconds.
fn clock(ms: i64) -> String {
    let s = ms.div_euclid(1000).rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// GET /audit[?before=SEQ][&verify=1&checkpoint=COUNT:HASH]
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Query(q): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let person = session.user.person;
    let entries = match state
        .app
        .audit_entries(person, q.before, PAGE_ENTRIES)
        .await
    {
        Ok(e) => e,
        Err(AppError::Domain(yijian_core::DomainError::Forbidden { .. })) => {
            return Err(WebError::NotFound.into())
        }
        Err(e) => return Err(e.into()),
    };
    let (mut verified, mut failure) = (None, None);
    if !q.verify.is_empty() {
        let checkpoint = match q.checkpoint.trim() {
            "" => None,
            text => Some(
                text.parse()
                    .map_err(|_| WebError::Invalid(Detail::BadCheckpoint(text.to_string())))?,
            ),
        };
        match state.app.verify_audit_as(person, checkpoint).await {
            Ok(r) => {
                verified = Some(m.f(
                    "audit-verified",
                    &[
                        ("entries", &r.entries),
                        ("items", &r.items_checked),
                        ("versions", &r.versions_checked),
                        ("head", &r.head),
                    ],
                ))
            }
            Err(AppError::Audit(f)) => failure = Some(f.to_string()),
            Err(e) => return Err(e.into()),
        }
    }
    let older = (entries.len() as i64 == PAGE_ENTRIES)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    html(&AuditPage {
        m,
        nav: Nav::new(m, "/audit", Some(&session)),
        entries: entries.iter().map(|e| row(m, e)).collect(),
        older,
        verified,
        failure,
        checkpoint: q.checkpoint,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_of_an_instant() {
        assert_eq!(super::clock(0), "00:00:00");
        assert_eq!(super::clock(3_723_000), "01:02:03");
        assert_eq!(super::clock(86_400_000 + 59_000), "00:00:59");
    }
}
