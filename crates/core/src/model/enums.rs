//! The closed vocabularies of the record. Each has a stable snake_case code used in storage,
//! JSON and the CLI (see [`Code`]).

use serde::{Deserialize, Serialize};

use crate::error::{Choices, Field};
use crate::DomainError;

/// A value with a stable text code.
pub trait Code: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The field, as errors name it.
    const FIELD: Field;
    /// The prefix of the codes' message keys: the message of `code` is `PREFIX-code` (with
    /// `_` as `-`, see [`crate::error::code_key`]).
    const PREFIX: &'static str;
    /// The codes, for error messages.
    const EXPECTED: Choices;
    /// The stable code.
    fn code(self) -> &'static str;
    /// Parse a code; unknown codes are a clear error.
    fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .iter()
            .copied()
            .find(|v| v.code() == text)
            .ok_or_else(|| DomainError::InvalidValue {
                field: Self::FIELD,
                value: text.to_string(),
                expected: Self::EXPECTED,
            })
    }
}

macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident, $field:ident, $prefix:literal { $($variant:ident => $code:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl Code for $name {
            const ALL: &'static [Self] = &[$($name::$variant),*];
            const FIELD: Field = Field::$field;
            const PREFIX: &'static str = $prefix;
            const EXPECTED: Choices = Choices { prefix: $prefix, codes: &[$($code),*] };
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl std::str::FromStr for $name {
            type Err = DomainError;
            fn from_str(s: &str) -> Result<Self, DomainError> {
                <Self as Code>::parse(s)
            }
        }
    };
}

code_enum! {
    /// What a body is in the process.
    BodyKind, BodyKind, "body-kind" {
        Leading => "leading",
        Review => "review",
        Plenary => "plenary",
        DraftingGroup => "drafting_group",
        Consultee => "consultee",
    }
}

code_enum! {
    /// The category of a consultee organization (for scope selection and statistics).
    Category, Category, "category" {
        Region => "region",
        Department => "department",
        Party => "party",
        Federation => "federation",
        NonParty => "non_party",
        SeniorMembers => "senior_members",
        Other => "other",
    }
}

code_enum! {
    /// A person's role in a dossier.
    Role, Role, "role" {
        Administrator => "administrator",
        Leader => "leader",
        Deputy => "deputy",
        Member => "member",
        Reviewer => "reviewer",
        Contact => "contact",
        Head => "head",
        Contributor => "contributor",
        Consultee => "consultee",
        Auditor => "auditor",
    }
}

code_enum! {
    /// What a block of a version is.
    BlockKind, BlockKind, "block-kind" {
        Title => "title",
        Preface => "preface",
        Part => "part",
        Section => "section",
        Article => "article",
        Conclusion => "conclusion",
        Paragraph => "paragraph",
        Item => "item",
    }
}

code_enum! {
    /// The kinds of consultation: the two of the closed circle (a topic, then the draft)
    /// and the public (open) consultation on a published draft, which anyone may comment on.
    ConsultationKind, ConsultationKind, "kind" {
        Topic => "topic",
        Draft => "draft",
        Public => "public",
    }
}

code_enum! {
    /// How a public comment reached yijian: written on its web page, or imported from a
    /// file (letters, other channels, another platform's export).
    CommentChannel, CommentChannel, "channel" {
        Web => "web",
        Import => "import",
    }
}

code_enum! {
    /// Where a public commenter is reached: an e-mail address or a mobile number (SMS).
    AddressKind, AddressKind, "address-kind" {
        Email => "email",
        Sms => "sms",
    }
}

code_enum! {
    /// Where a response stands.
    ResponseStatus, ResponseStatus, "response-status" {
        Draft => "draft",
        Submitted => "submitted",
    }
}

code_enum! {
    /// Where a recipient of a consultation stands, as the set-up page lists them.
    RecipientStatus, RecipientStatus, "recipient" {
        NotOpened => "not_opened",
        Opened => "opened",
        DraftSaved => "draft_saved",
        Submitted => "submitted",
    }
}

code_enum! {
    /// The kind of an item.
    ItemKind, ItemKind, "item-kind" {
        Opinion => "opinion",
        Suggestion => "suggestion",
        Correction => "correction",
        Endorsement => "endorsement",
    }
}

code_enum! {
    /// Where an item was raised.
    ItemSource, ItemSource, "item-source" {
        Response => "response",
        Hearing => "hearing",
        GroupDiscussion => "group_discussion",
    }
}

code_enum! {
    /// What became of an item (处理情况).
    DispositionKind, Disposition, "disposition" {
        Adopted => "adopted",
        PartlyAdopted => "partly_adopted",
        NotAdopted => "not_adopted",
        AlreadyReflected => "already_reflected",
        OutOfScope => "out_of_scope",
    }
}

code_enum! {
    /// Whether a disposition is only proposed by a member or finalised by a leader or deputy.
    DispositionStatus, DispositionStatus, "disposition-status" {
        Proposed => "proposed",
        Final => "final",
    }
}

code_enum! {
    /// What a review meeting decided on the version before it.
    MeetingDecision, MeetingDecision, "decision" {
        Approved => "approved",
        ApprovedWithChanges => "approved_with_changes",
        Returned => "returned",
        Discussed => "discussed",
    }
}

code_enum! {
    /// Where a dossier stands.
    DossierStatus, DossierStatus, "dossier-status" {
        Drafting => "drafting",
        Adopted => "adopted",
    }
}

/// Every vocabulary: its field and its codes (for the tests that check every code has a message).
pub const VOCABULARIES: &[(Field, Choices)] = &[
    (BodyKind::FIELD, BodyKind::EXPECTED),
    (Category::FIELD, Category::EXPECTED),
    (Role::FIELD, Role::EXPECTED),
    (BlockKind::FIELD, BlockKind::EXPECTED),
    (ConsultationKind::FIELD, ConsultationKind::EXPECTED),
    (ResponseStatus::FIELD, ResponseStatus::EXPECTED),
    (RecipientStatus::FIELD, RecipientStatus::EXPECTED),
    (ItemKind::FIELD, ItemKind::EXPECTED),
    (ItemSource::FIELD, ItemSource::EXPECTED),
    (DispositionKind::FIELD, DispositionKind::EXPECTED),
    (DispositionStatus::FIELD, DispositionStatus::EXPECTED),
    (MeetingDecision::FIELD, MeetingDecision::EXPECTED),
    (DossierStatus::FIELD, DossierStatus::EXPECTED),
    (CommentChannel::FIELD, CommentChannel::EXPECTED),
    (AddressKind::FIELD, AddressKind::EXPECTED),
];

impl Role {
    /// Leader or deputy: may release versions, open and close consultations, finalise dispositions.
    pub fn leads(self) -> bool {
        matches!(self, Role::Leader | Role::Deputy)
    }

    /// A member of the drafting group (any rank).
    pub fn drafts(self) -> bool {
        matches!(self, Role::Leader | Role::Deputy | Role::Member)
    }
}

impl BlockKind {
    /// Body paragraphs and list items: the blocks numbered 1, 2, 3 … as consultees (and
    /// `ParagraphRef::Number`) count them; headings are not numbered.
    pub fn is_numbered(self) -> bool {
        matches!(self, BlockKind::Paragraph | BlockKind::Item)
    }

    /// Headings of level 1 that open a part of the draft (preface, part, conclusion).
    pub fn opens_part(self) -> bool {
        matches!(
            self,
            BlockKind::Preface | BlockKind::Part | BlockKind::Conclusion
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_fail() {
        for kind in DispositionKind::ALL {
            assert_eq!(DispositionKind::parse(kind.code()).unwrap(), *kind);
        }
        let err = DispositionKind::parse("maybe").unwrap_err();
        assert!(err.to_string().contains("partly_adopted"), "{err}");
        assert_eq!(
            serde_json::to_string(&Category::NonParty).unwrap(),
            "\"non_party\""
        );
    }

    /// `VOCABULARIES` lists every vocabulary declared in this file.
    #[test]
    fn every_vocabulary_is_listed() {
        let declared = include_str!("enums.rs").matches("\ncode_enum! {").count();
        assert_eq!(VOCABULARIES.len(), declared);
        let fields: std::collections::HashSet<_> = VOCABULARIES.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields.len(), declared, "one field per vocabulary");
    }
}
