//! Who may see what: the access rules the web pages and the API ask before they show
//! anything. A record the caller may not see is treated like one that does not exist.

use serde::Serialize;

use crate::model::{Consultation, Role};
use crate::rules::Actor;
use crate::time::Instant;

/// How far someone may see into a consultation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "as")]
pub enum ConsultationAccess {
    /// Not at all: for them the consultation does not exist.
    None,
    /// A consultee in its scope. They read the version under consultation only while the
    /// window is open (PRODUCT.md: "until the window closes").
    Consultee { reads_version: bool },
    /// The whole record of its dossier: drafting group, reviewers, auditors, administrators.
    Record,
}

impl ConsultationAccess {
    pub fn reads_version(self) -> bool {
        matches!(
            self,
            ConsultationAccess::Record
                | ConsultationAccess::Consultee {
                    reads_version: true
                }
        )
    }
}

/// Whether an actor (with their roles in a dossier, global roles included) sees the whole
/// record of that dossier. Consultees never do: they see only what their scope gives them.
pub fn sees_record(actor: &Actor) -> bool {
    actor.roles.iter().any(|r| {
        matches!(
            r,
            Role::Administrator
                | Role::Auditor
                | Role::Leader
                | Role::Deputy
                | Role::Member
                | Role::Reviewer
        )
    })
}

/// Who may see a consultation: the dossier's record-holders always; a consultee when they
/// (or the organization they answer for) are in its scope — reading the draft only inside
/// the window; nobody else. `in_scope` is whether `rules::respondent_of(actor)` is in scope.
pub fn consultation_access(
    actor: &Actor,
    c: &Consultation,
    in_scope: bool,
    now: Instant,
) -> ConsultationAccess {
    if sees_record(actor) {
        ConsultationAccess::Record
    } else if in_scope {
        ConsultationAccess::Consultee {
            reads_version: c.is_open(now),
        }
    } else {
        ConsultationAccess::None
    }
}
