//! Typed identifiers. Every record has its own id type, so that an item id can never be
//! passed where a version id is expected. Ids are positive integers given out by storage.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident => $label:literal;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The name of the record kind, as used in messages and audit subjects.
            pub const KIND: &'static str = $label;
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}

id_type! {
    /// A dossier (文稿项目).
    DossierId => "dossier";
    /// A body (机构).
    BodyId => "body";
    /// A person.
    PersonId => "person";
    /// A version (稿).
    VersionId => "version";
    /// A stable paragraph id: the same paragraph keeps it across versions.
    ParagraphId => "paragraph";
    /// A consultation (征求意见).
    ConsultationId => "consultation";
    /// A response (反馈意见).
    ResponseId => "response";
    /// An item (意见/建议).
    ItemId => "item";
    /// A hearing (座谈会).
    HearingId => "hearing";
    /// An item group.
    GroupId => "group";
    /// A disposition (处理情况).
    DispositionId => "disposition";
    /// A modification (修改一处).
    ModificationId => "modification";
    /// A meeting of a review body.
    MeetingId => "meeting";
    /// A plenary submission.
    SubmissionId => "submission";
    /// A public comment (公众意见) of an open consultation.
    CommentId => "comment";
    /// One run of campaign detection or theme finding.
    AnalysisRunId => "analysis run";
    /// A campaign: near-duplicate comments sent many times.
    CampaignId => "campaign";
    /// A theme of the comments.
    ThemeId => "theme";
    /// One import of a file of public comments.
    CommentImportId => "comment_import";
    /// A member of the public who registered to comment on open consultations.
    CommenterId => "commenter";
    /// A verification code sent to a commenter.
    VerificationCodeId => "verification_code";
    /// A message waiting in (or sent from) the outbox.
    OutboxId => "outbox";
}
