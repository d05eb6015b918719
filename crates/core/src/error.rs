//! The one error type of the domain: every broken rule has a variant that names the value at fault.

use crate::ids::*;

/// A rule of the drafting process was broken, or a value was invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{kind} {id} does not exist")]
    NotFound { kind: &'static str, id: String },
    #[error("invalid date or time {0:?}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z")]
    InvalidDate(String),
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("invalid value {value:?} for {field}: expected one of {expected}")]
    InvalidValue {
        field: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error("the window closes ({closes}) before it opens ({opens})")]
    WindowInverted { opens: String, closes: String },
    #[error("version {0} is released and can never change")]
    VersionReleased(VersionId),
    #[error("version {0} is not released: {1}")]
    VersionNotReleased(VersionId, &'static str),
    #[error("version {0} has no paragraphs")]
    VersionEmpty(VersionId),
    #[error("a draft consultation needs a released version")]
    DraftConsultationNeedsVersion,
    #[error("a topic consultation needs the question it asks")]
    TopicConsultationNeedsQuestion,
    #[error("consultation {consultation} is not open yet (it opens {opens})")]
    NotYetOpen {
        consultation: ConsultationId,
        opens: String,
    },
    #[error("consultation {consultation} closed at {closed}: its responses are read-only")]
    Closed {
        consultation: ConsultationId,
        closed: String,
    },
    #[error("{who} is not in the scope of consultation {consultation}")]
    OutOfScope {
        consultation: ConsultationId,
        who: String,
    },
    #[error("{who} may not {action}: {needs}")]
    Forbidden {
        who: String,
        action: &'static str,
        needs: &'static str,
    },
    #[error("{what} already exists")]
    Duplicate { what: String },
    #[error("paragraph {paragraph} is not in version {version}")]
    ParagraphNotInVersion {
        paragraph: ParagraphId,
        version: VersionId,
    },
    #[error("span {start}..{end} is outside the paragraph ({len} characters)")]
    SpanOutOfRange {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("item {item} already belongs to group {group}")]
    ItemAlreadyGrouped { item: ItemId, group: GroupId },
    #[error("{0}")]
    Invalid(String),
    #[error("consultation {consultation} is a {kind} consultation: public comments go only into a public consultation")]
    NotPublicConsultation {
        consultation: ConsultationId,
        kind: &'static str,
    },
}

impl DomainError {
    /// The error for an id that does not exist.
    pub fn not_found(kind: &'static str, id: impl std::fmt::Display) -> Self {
        DomainError::NotFound {
            kind,
            id: id.to_string(),
        }
    }
}
