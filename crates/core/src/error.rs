//! The one error type of the domain: every broken rule has a variant that names the value at fault.
//!
//! Each variant has a stable message key ([`DomainError::key`], `domain-…`) and the
//! arguments of its message ([`DomainError::args`]), so that an interface can say it in the
//! user's language from its own message files; `Display` is the English sentence, for the
//! command line and the logs. The words inside a message that need translating too — the kind
//! of a record, a field, an action, who may do it — are small enums here ([`RecordKind`],
//! [`Field`], [`Action`], [`Needs`], [`ReleaseNeeded`]) with a key each; the values someone
//! gave (ids, names, dates, what they typed) are arguments shown as they are. There is no
//! free-text variant on purpose: a new rule needs a variant of its own, with its message.

use crate::ids::*;
use crate::model::{BodyKind, Code, Respondent, Role};
use crate::time::Date;

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A value shown as it is: an id, a name, a date, the words someone typed.
    Value(String),
    /// A word of the interface, by its message key (`record-item`, `field-reason`, …).
    Key(&'static str),
    /// A code of a vocabulary, said by the message `<prefix>-<code>` (see [`Code::PREFIX`]).
    Code {
        prefix: &'static str,
        code: &'static str,
    },
    /// The codes a vocabulary accepts, each said by its message and given as the code too.
    Choices(Choices),
}

impl Arg {
    fn value(v: impl std::fmt::Display) -> Arg {
        Arg::Value(v.to_string())
    }

    fn code<C: Code>(c: C) -> Arg {
        Arg::Code {
            prefix: C::PREFIX,
            code: c.code(),
        }
    }
}

/// The codes of one vocabulary (what an invalid value should have been).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choices {
    /// The message-key prefix of the vocabulary's codes.
    pub prefix: &'static str,
    pub codes: &'static [&'static str],
}

impl std::fmt::Display for Choices {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.codes.join(" "))
    }
}

/// The message key of the code `code` of a vocabulary: `<prefix>-<code>` with `_` as `-`.
pub fn code_key(prefix: &str, code: &str) -> String {
    format!("{prefix}-{}", code.replace('_', "-"))
}

/// A small closed set of words used inside messages: each has a message key and its English.
macro_rules! terms {
    ($(#[$doc:meta])* $name:ident, $prefix:literal { $($variant:ident => $key:literal, $en:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every value.
            pub const ALL: &'static [Self] = &[$($name::$variant),*];

            /// The message key.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, "-", $key)),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(match self { $($name::$variant => $en),* })
            }
        }
    };
}

terms! {
    /// The kind of a record, for "… does not exist" and "… belongs to another dossier".
    RecordKind, "record" {
        Account => "account", "account",
        Body => "body", "body",
        Consultation => "consultation", "consultation",
        Disposition => "disposition", "disposition",
        Dossier => "dossier", "dossier",
        Group => "group", "group",
        Hearing => "hearing", "hearing",
        Item => "item", "item",
        Meeting => "meeting", "meeting",
        Modification => "modification", "modification",
        Paragraph => "paragraph", "paragraph",
        Person => "person", "person",
        Response => "response", "response",
        Submission => "submission", "submission",
        Version => "version", "version",
        Comment => "comment", "comment",
        CommentImport => "comment-import", "comment import",
        AnalysisRun => "analysis-run", "analysis run",
        Campaign => "campaign", "campaign",
        Theme => "theme", "theme",
        Commenter => "commenter", "commenter",
    }
}

terms! {
    /// A field that must not be empty or that holds a code of a vocabulary.
    Field, "field" {
        AdministratorName => "administrator-name", "administrator name",
        BodyName => "body-name", "body name",
        CommonView => "common-view", "common view",
        ConsultationTitle => "consultation-title", "consultation title",
        GroupItems => "group-items", "group items",
        HearingTitle => "hearing-title", "hearing title",
        Items => "items", "items",
        ItemText => "item-text", "item text",
        PartSummary => "part-summary", "part summary",
        PersonName => "person-name", "person name",
        Reason => "reason", "reason",
        Speaker => "speaker", "speaker",
        Title => "title", "title",
        Username => "username", "username",
        VersionLabel => "version-label", "version label",
        BlockKind => "block-kind", "block kind",
        BodyKind => "body-kind", "body kind",
        Category => "category", "category",
        ConsultationKind => "consultation-kind", "consultation kind",
        CommentChannel => "comment-channel", "comment channel",
        Disposition => "disposition", "disposition",
        DispositionStatus => "disposition-status", "disposition status",
        DossierStatus => "dossier-status", "dossier status",
        ItemKind => "item-kind", "item kind",
        ItemSource => "item-source", "item source",
        MeetingDecision => "meeting-decision", "meeting decision",
        RecipientStatus => "recipient-status", "recipient status",
        ResponseStatus => "response-status", "response status",
        Role => "role", "role",
        AddressKind => "address-kind", "address kind",
        CommentText => "comment-text", "comment text",
        DisplayName => "display-name", "display name",
        Region => "region", "region",
    }
}

terms! {
    /// What someone was refused to do.
    Action, "action" {
        ActOnOrganizationsResponse => "act-on-organizations-response", "act on another organization's response",
        ActOnPersonsResponse => "act-on-persons-response", "act on another person's response",
        ActOnResponse => "act-on-response", "do this on the response",
        AddBody => "add-body", "add a body",
        AddPerson => "add-person", "add a person",
        AssignItems => "assign-items", "assign items",
        AssignRole => "assign-role", "assign a role",
        ChangeScope => "change-scope", "change a consultation's scope",
        CloseConsultation => "close-consultation", "close a consultation",
        CreateAccount => "create-account", "create an account",
        CreateDossier => "create-dossier", "create a dossier",
        DisableAccount => "disable-account", "disable an account",
        FinaliseDisposition => "finalise-disposition", "finalise a disposition",
        GroupItems => "group-items", "group items",
        Invite => "invite", "invite someone",
        LinkModifications => "link-modifications", "link modifications to items",
        ListAccounts => "list-accounts", "list accounts",
        MinuteHearing => "minute-hearing", "minute a hearing",
        OpenConsultation => "open-consultation", "open a consultation",
        ProposeDisposition => "propose-disposition", "propose a disposition",
        PublishHandling => "publish-handling", "publish the handling of the items",
        ReadAuditLog => "read-audit-log", "read the audit log",
        RecordAdoption => "record-adoption", "record the adoption",
        RecordGroupDiscussion => "record-group-discussion", "record group-discussion opinions",
        RecordHearing => "record-hearing", "record a hearing",
        RecordMeeting => "record-meeting", "record a meeting",
        RecordModifications => "record-modifications", "record modifications",
        ReleaseVersion => "release-version", "release a version",
        SetPassword => "set-password", "set another person's password",
        SubmitToPlenary => "submit-to-plenary", "submit the draft to the plenary",
        SummarisePart => "summarise-part", "summarise a part",
        VerifyAuditLog => "verify-audit-log", "verify the audit log",
        WriteVersion => "write-version", "write a version",
        AnalysePublicComments => "analyse-public-comments", "analyse a public consultation's comments",
        ReadPublicComments => "read-public-comments", "read what a public consultation's comments say",
        SearchComments => "search-comments", "search the comments of this consultation",
        ImportComments => "import-comments", "import public comments",
    }
}

terms! {
    /// Who may do what was refused.
    Needs, "needs" {
        Administrator => "administrator", "only an administrator may",
        AuditReader => "audit-reader", "only an auditor or an administrator may",
        Drafter => "drafter", "only a member of the drafting group may",
        InvitedPerson => "invited-person", "only the invited person may",
        Lead => "lead", "only the drafting-group leader or a deputy may",
        OrganizationEditor => "organization-editor", "only the contact, the head or the item's own contributor may",
        OrganizationMember => "organization-member", "only the organization's contributors, contact or head may",
        OrganizationSubmitter => "organization-submitter", "only the head approves and submits (the contact, when the body has no head)",
        OwnOrganization => "own-organization", "only the organization's own people may",
        Reviewer => "reviewer", "only a reviewer or the drafting-group leadership may",
        RecordHolder => "record-holder", "only those who hold the dossier's record may",
    }
}

terms! {
    /// A rate limit of the public pages (comments and verification codes).
    Limit, "limit" {
        CommentsPerHour => "comments-per-hour", "comments an hour by one commenter",
        CommentsPerDay => "comments-per-day", "comments a day by one commenter",
        CommentsPerAddressHour => "comments-per-address-hour", "comments an hour from one network address",
        CodesPerAddressHour => "codes-per-address-hour", "codes an hour sent to one e-mail address or phone",
        CodesPerRequestHour => "codes-per-request-hour", "codes an hour asked from one network address",
    }
}

terms! {
    /// Why a version had to be released.
    ReleaseNeeded, "release-needed" {
        Adoption => "adoption", "only a released version can be adopted",
        Consultation => "consultation", "a draft consultation needs a released version",
        Plenary => "plenary", "only a released version goes to the plenary",
        Review => "review", "only a released version can be reviewed",
    }
}

/// A rule of the drafting process was broken, or a value was invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    // Values.
    #[error("{kind} {id} does not exist")]
    NotFound { kind: RecordKind, id: String },
    #[error("invalid date or time {0:?}: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z")]
    InvalidDate(String),
    #[error("{field} must not be empty")]
    Empty { field: Field },
    #[error("invalid value {value:?} for {field}: expected one of {expected}")]
    InvalidValue {
        field: Field,
        value: String,
        expected: Choices,
    },
    #[error("{kind} {id} belongs to another dossier")]
    OtherDossier { kind: RecordKind, id: String },

    // Set-up: bodies, people, roles, accounts.
    #[error("an initialised database (it already has people) already exists")]
    AlreadyInitialised,
    #[error("the demo needs an empty database: this one already has records")]
    DemoNeedsEmptyDatabase,
    #[error("a body named {0:?} already exists")]
    BodyNameTaken(String),
    #[error("no body {0:?}")]
    NoSuchBody(String),
    #[error("body {body} ({name}) is a {kind} body, not a {expected} body")]
    WrongBodyKind {
        body: BodyId,
        name: String,
        kind: BodyKind,
        expected: BodyKind,
    },
    #[error("a consultee body needs a category (region, department, party, …)")]
    CategoryNeeded,
    #[error("only consultee bodies have a category, not a {0} body")]
    CategoryNotAllowed(BodyKind),
    #[error("{0} is a global role: give it without a dossier")]
    GlobalRoleInDossier(Role),
    #[error("{0} is a role in a dossier: name the dossier")]
    DossierRoleWithoutDossier(Role),
    #[error("person {person} belongs to no body, so cannot be its {role}")]
    PersonWithoutBody { person: PersonId, role: Role },
    #[error("person {0}'s body is not a consultee organization")]
    PersonBodyNotConsultee(PersonId),
    #[error("an account named {0:?} already exists")]
    UsernameTaken(String),
    #[error("an account for person {0} already exists")]
    PersonHasAccount(PersonId),
    #[error("username {username:?} is not valid: at most {max} characters")]
    UsernameTooLong { username: String, max: usize },
    #[error("username {0:?} is not valid: only letters, digits and . _ - @")]
    UsernameCharacters(String),
    #[error("a password needs at least {0} characters")]
    PasswordTooShort(usize),
    #[error("a password has at most {0} bytes")]
    PasswordTooLong(usize),
    #[error("account {0} is disabled")]
    AccountDisabled(String),
    #[error("this invitation link is not valid (used, expired or unknown)")]
    InvitationInvalid,
    #[error("an administrator cannot disable their own account")]
    CannotDisableSelf,

    // Who may act.
    #[error("{name} (person {person}) may not {action}: {needs}")]
    Forbidden {
        name: String,
        person: PersonId,
        action: Action,
        needs: Needs,
    },

    // Versions.
    #[error("version {0} is released and can never change")]
    VersionReleased(VersionId),
    #[error("version {0} is not released: {1}")]
    VersionNotReleased(VersionId, ReleaseNeeded),
    #[error("version {0} has no paragraphs")]
    VersionEmpty(VersionId),
    #[error("version {version} has no part number {part}")]
    NoSuchPart { version: VersionId, part: u32 },
    #[error("version {version} has no paragraph number {number}")]
    NoSuchParagraphNumber { version: VersionId, number: u32 },
    #[error("compare two different versions")]
    SameVersion,
    #[error("versions {from} and {to} belong to different dossiers")]
    VersionsOfDifferentDossiers { from: VersionId, to: VersionId },
    #[error("the modifications from version {from} to version {to} already exists")]
    ModificationsAlreadyRecorded { from: VersionId, to: VersionId },
    #[error(
        "the record holds {recorded} modifications from version {from} to version {to}, the text engine now counts {counted}"
    )]
    ModificationCountChanged {
        from: VersionId,
        to: VersionId,
        recorded: usize,
        counted: usize,
    },

    // Consultations and responses.
    #[error("the window closes ({closes}) before it opens ({opens})")]
    WindowInverted { opens: String, closes: String },
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
        who: Respondent,
    },
    #[error("{who} in the scope of consultation {consultation} already exists")]
    AlreadyInScope {
        consultation: ConsultationId,
        who: Respondent,
    },
    #[error("{who} has no items to submit in consultation {consultation}")]
    NothingToSubmit {
        consultation: ConsultationId,
        who: Respondent,
    },
    #[error("response {0} has no items to submit")]
    ResponseEmpty(ResponseId),
    #[error("version {0} was not sent for consultation, so it has no numbered copies")]
    VersionNotConsulted(VersionId),
    #[error("{name} is not in the scope of consultation {consultation}")]
    CopyOutOfScope {
        name: String,
        consultation: ConsultationId,
    },

    // Items and their anchors.
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
    #[error("a text span needs a paragraph")]
    SpanWithoutParagraph,
    #[error("this consultation has no draft: its items cannot point at a paragraph")]
    NoDraftToAnchor,
    #[error("item {0} was withdrawn")]
    ItemWithdrawn(ItemId),
    #[error("item {0} was not written in a response: the drafting group keeps it as recorded")]
    ItemNotInResponse(ItemId),

    // Analysis.
    #[error("items are assigned to members of the drafting group only")]
    AssigneeNotDrafter,
    #[error("item {item} already belongs to group {group}")]
    ItemAlreadyGrouped { item: ItemId, group: GroupId },
    #[error("item {item} is not a live item of dossier {dossier}")]
    NotLiveItem { item: ItemId, dossier: DossierId },
    #[error("item {0} is listed twice")]
    ItemListedTwice(ItemId),
    #[error("{0} items have no final disposition yet: dispose of them first")]
    ItemsUndisposed(i64),
    #[error("the published handling of dossier {0} already exists")]
    HandlingAlreadyPublished(DossierId),

    // Review and adoption.
    #[error(
        "body {body} ({name}) is a {kind} body; meetings are held by leading or review bodies"
    )]
    NotAMeetingBody {
        body: BodyId,
        name: String,
        kind: BodyKind,
    },
    #[error(
        "version {0} has not been reviewed: record a review meeting on it before submitting it to the plenary"
    )]
    VersionNotReviewed(VersionId),
    #[error("submission {0} has been adopted: the discussion is over")]
    SubmissionAdopted(SubmissionId),
    #[error("the adoption of submission {0} already exists")]
    AlreadyAdopted(SubmissionId),
    #[error("version {adopted} is older than the submitted version {submitted}")]
    AdoptedOlderThanSubmitted {
        adopted: VersionId,
        submitted: VersionId,
    },
    #[error("adoption on {on} is before the submission on {submitted}")]
    AdoptionBeforeSubmission { on: Date, submitted: Date },

    // Public consultations.
    #[error("consultation {consultation} is not a public consultation")]
    NotPublic { consultation: ConsultationId },
    #[error("comment {comment} is not among the comments of theme {theme}'s kind (overall or its paragraph's)")]
    CommentNotInThemeRun { comment: CommentId, theme: ThemeId },
    #[error("every comment of theme {0} is already in a group")]
    ThemeAllGrouped(ThemeId),

    // Public commenters.
    #[error(
        "{0:?} is neither an e-mail address nor a mainland mobile number (11 digits, 13… to 19…)"
    )]
    InvalidAddress(String),
    #[error("{field} is too long: {len} characters, at most {max}")]
    TooLong {
        field: Field,
        len: usize,
        max: usize,
    },
    #[error("commenter {0} has not verified their address yet")]
    CommenterNotVerified(CommenterId),
    #[error(
        "no valid code for this address (expired, used or tried too often): ask for a new one"
    )]
    CodeInvalid,
    #[error("the code is wrong: {left} more tries with this code")]
    CodeWrong { left: u32 },
    #[error("too many requests: at most {max} {limit}; try again later")]
    TooMany { limit: Limit, max: u32 },

    // Search.
    #[error("the search has no word to look for (only spaces or punctuation)")]
    SearchQueryEmpty,
    #[error("the search is too long: at most {max_chars} characters and {max_terms} words")]
    SearchQueryTooLong { max_chars: usize, max_terms: usize },
    #[error("search results are shown up to the first {max} hits: narrow the search")]
    SearchPageTooDeep { max: usize },
    #[error("the date range ends ({to}) before it starts ({from})")]
    DateRangeInverted { from: String, to: String },
    #[error("a search shows 1 to {max} hits a page, not {given}")]
    SearchLimitOutOfRange { given: usize, max: usize },
}

/// A respondent as two arguments: its kind (a word to translate) and its id.
fn respondent_args(who: &Respondent) -> [(&'static str, Arg); 2] {
    let (kind, id) = match who {
        Respondent::Body(b) => (RecordKind::Body, b.0),
        Respondent::Person(p) => (RecordKind::Person, p.0),
    };
    [("who_kind", Arg::Key(kind.key())), ("who", Arg::value(id))]
}

impl DomainError {
    /// The error for an id that does not exist.
    pub fn not_found(kind: RecordKind, id: impl std::fmt::Display) -> Self {
        DomainError::NotFound {
            kind,
            id: id.to_string(),
        }
    }

    /// The error for a record of another dossier than the one at hand.
    pub fn other_dossier(kind: RecordKind, id: impl std::fmt::Display) -> Self {
        DomainError::OtherDossier {
            kind,
            id: id.to_string(),
        }
    }

    /// The stable key of this error's message (`domain-…`), also its code for API clients.
    pub fn key(&self) -> &'static str {
        use DomainError::*;
        match self {
            NotFound { .. } => "domain-not-found",
            InvalidDate(_) => "domain-invalid-date",
            Empty { .. } => "domain-empty",
            InvalidValue { .. } => "domain-invalid-value",
            OtherDossier { .. } => "domain-other-dossier",
            AlreadyInitialised => "domain-already-initialised",
            DemoNeedsEmptyDatabase => "domain-demo-needs-empty-database",
            BodyNameTaken(_) => "domain-body-name-taken",
            NoSuchBody(_) => "domain-no-such-body",
            WrongBodyKind { .. } => "domain-wrong-body-kind",
            CategoryNeeded => "domain-category-needed",
            CategoryNotAllowed(_) => "domain-category-not-allowed",
            GlobalRoleInDossier(_) => "domain-global-role-in-dossier",
            DossierRoleWithoutDossier(_) => "domain-dossier-role-without-dossier",
            PersonWithoutBody { .. } => "domain-person-without-body",
            PersonBodyNotConsultee(_) => "domain-person-body-not-consultee",
            UsernameTaken(_) => "domain-username-taken",
            PersonHasAccount(_) => "domain-person-has-account",
            UsernameTooLong { .. } => "domain-username-too-long",
            UsernameCharacters(_) => "domain-username-characters",
            PasswordTooShort(_) => "domain-password-too-short",
            PasswordTooLong(_) => "domain-password-too-long",
            AccountDisabled(_) => "domain-account-disabled",
            InvitationInvalid => "domain-invitation-invalid",
            CannotDisableSelf => "domain-cannot-disable-self",
            Forbidden { .. } => "domain-forbidden",
            VersionReleased(_) => "domain-version-released",
            VersionNotReleased(..) => "domain-version-not-released",
            VersionEmpty(_) => "domain-version-empty",
            NoSuchPart { .. } => "domain-no-such-part",
            NoSuchParagraphNumber { .. } => "domain-no-such-paragraph-number",
            SameVersion => "domain-same-version",
            VersionsOfDifferentDossiers { .. } => "domain-versions-of-different-dossiers",
            ModificationsAlreadyRecorded { .. } => "domain-modifications-already-recorded",
            ModificationCountChanged { .. } => "domain-modification-count-changed",
            WindowInverted { .. } => "domain-window-inverted",
            DraftConsultationNeedsVersion => "domain-draft-consultation-needs-version",
            TopicConsultationNeedsQuestion => "domain-topic-consultation-needs-question",
            NotYetOpen { .. } => "domain-not-yet-open",
            Closed { .. } => "domain-closed",
            OutOfScope { .. } => "domain-out-of-scope",
            AlreadyInScope { .. } => "domain-already-in-scope",
            NothingToSubmit { .. } => "domain-nothing-to-submit",
            ResponseEmpty(_) => "domain-response-empty",
            VersionNotConsulted(_) => "domain-version-not-consulted",
            CopyOutOfScope { .. } => "domain-copy-out-of-scope",
            ParagraphNotInVersion { .. } => "domain-paragraph-not-in-version",
            SpanOutOfRange { .. } => "domain-span-out-of-range",
            SpanWithoutParagraph => "domain-span-without-paragraph",
            NoDraftToAnchor => "domain-no-draft-to-anchor",
            ItemWithdrawn(_) => "domain-item-withdrawn",
            ItemNotInResponse(_) => "domain-item-not-in-response",
            AssigneeNotDrafter => "domain-assignee-not-drafter",
            ItemAlreadyGrouped { .. } => "domain-item-already-grouped",
            NotLiveItem { .. } => "domain-not-live-item",
            ItemListedTwice(_) => "domain-item-listed-twice",
            ItemsUndisposed(_) => "domain-items-undisposed",
            HandlingAlreadyPublished(_) => "domain-handling-already-published",
            NotAMeetingBody { .. } => "domain-not-a-meeting-body",
            VersionNotReviewed(_) => "domain-version-not-reviewed",
            SubmissionAdopted(_) => "domain-submission-adopted",
            AlreadyAdopted(_) => "domain-already-adopted",
            AdoptedOlderThanSubmitted { .. } => "domain-adopted-older-than-submitted",
            AdoptionBeforeSubmission { .. } => "domain-adoption-before-submission",
            NotPublic { .. } => "domain-not-public",
            CommentNotInThemeRun { .. } => "domain-comment-not-in-theme-run",
            ThemeAllGrouped(_) => "domain-theme-all-grouped",
            SearchQueryEmpty => "domain-search-query-empty",
            SearchQueryTooLong { .. } => "domain-search-query-too-long",
            SearchPageTooDeep { .. } => "domain-search-page-too-deep",
            DateRangeInverted { .. } => "domain-date-range-inverted",
            SearchLimitOutOfRange { .. } => "domain-search-limit-out-of-range",
            InvalidAddress(_) => "domain-invalid-address",
            TooLong { .. } => "domain-too-long",
            CommenterNotVerified(_) => "domain-commenter-not-verified",
            CodeInvalid => "domain-code-invalid",
            CodeWrong { .. } => "domain-code-wrong",
            TooMany { .. } => "domain-too-many",
        }
    }

    /// The arguments of this error's message, by the names the messages use (`{ $name }`).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        use Arg as A;
        use DomainError::*;
        fn v(x: impl std::fmt::Display) -> Arg {
            Arg::value(x)
        }
        match self {
            NotFound { kind, id } | OtherDossier { kind, id } => {
                vec![("kind", A::Key(kind.key())), ("id", v(id))]
            }
            InvalidDate(text) => vec![("value", v(text))],
            Empty { field } => vec![("field", A::Key(field.key()))],
            InvalidValue {
                field,
                value,
                expected,
            } => vec![
                ("field", A::Key(field.key())),
                ("value", v(value)),
                ("expected", A::Choices(*expected)),
            ],
            AlreadyInitialised
            | DemoNeedsEmptyDatabase
            | CategoryNeeded
            | InvitationInvalid
            | CannotDisableSelf
            | SameVersion
            | DraftConsultationNeedsVersion
            | TopicConsultationNeedsQuestion
            | SpanWithoutParagraph
            | NoDraftToAnchor
            | AssigneeNotDrafter => vec![],
            BodyNameTaken(name) | NoSuchBody(name) => vec![("name", v(name))],
            WrongBodyKind {
                body,
                name,
                kind,
                expected,
            } => vec![
                ("body", v(body)),
                ("name", v(name)),
                ("kind", Arg::code(*kind)),
                ("expected", Arg::code(*expected)),
            ],
            CategoryNotAllowed(kind) => vec![("kind", Arg::code(*kind))],
            GlobalRoleInDossier(role) | DossierRoleWithoutDossier(role) => {
                vec![("role", Arg::code(*role))]
            }
            PersonWithoutBody { person, role } => {
                vec![("person", v(person)), ("role", Arg::code(*role))]
            }
            PersonBodyNotConsultee(person) | PersonHasAccount(person) => {
                vec![("person", v(person))]
            }
            UsernameTaken(name) | UsernameCharacters(name) | AccountDisabled(name) => {
                vec![("username", v(name))]
            }
            UsernameTooLong { username, max } => {
                vec![("username", v(username)), ("max", v(max))]
            }
            PasswordTooShort(n) | PasswordTooLong(n) => vec![("n", v(n))],
            Forbidden {
                name,
                person,
                action,
                needs,
            } => vec![
                ("name", v(name)),
                ("person", v(person)),
                ("action", A::Key(action.key())),
                ("needs", A::Key(needs.key())),
            ],
            VersionReleased(version)
            | VersionEmpty(version)
            | VersionNotConsulted(version)
            | VersionNotReviewed(version) => vec![("version", v(version))],
            VersionNotReleased(version, why) => {
                vec![("version", v(version)), ("why", A::Key(why.key()))]
            }
            NoSuchPart { version, part } => vec![("version", v(version)), ("part", v(part))],
            NoSuchParagraphNumber { version, number } => {
                vec![("version", v(version)), ("number", v(number))]
            }
            VersionsOfDifferentDossiers { from, to }
            | ModificationsAlreadyRecorded { from, to } => {
                vec![("from", v(from)), ("to", v(to))]
            }
            ModificationCountChanged {
                from,
                to,
                recorded,
                counted,
            } => vec![
                ("from", v(from)),
                ("to", v(to)),
                ("recorded", v(recorded)),
                ("counted", v(counted)),
            ],
            WindowInverted { opens, closes } => vec![("opens", v(opens)), ("closes", v(closes))],
            NotYetOpen {
                consultation,
                opens,
            } => vec![("consultation", v(consultation)), ("opens", v(opens))],
            Closed {
                consultation,
                closed,
            } => vec![("consultation", v(consultation)), ("closed", v(closed))],
            OutOfScope { consultation, who }
            | AlreadyInScope { consultation, who }
            | NothingToSubmit { consultation, who } => {
                let mut args = vec![("consultation", v(consultation))];
                args.extend(respondent_args(who));
                args
            }
            ResponseEmpty(response) => vec![("response", v(response))],
            CopyOutOfScope { name, consultation } => {
                vec![("name", v(name)), ("consultation", v(consultation))]
            }
            ParagraphNotInVersion { paragraph, version } => {
                vec![("paragraph", v(paragraph)), ("version", v(version))]
            }
            SpanOutOfRange { start, end, len } => {
                vec![("start", v(start)), ("end", v(end)), ("len", v(len))]
            }
            ItemWithdrawn(item) | ItemNotInResponse(item) | ItemListedTwice(item) => {
                vec![("item", v(item))]
            }
            ItemAlreadyGrouped { item, group } => vec![("item", v(item)), ("group", v(group))],
            NotLiveItem { item, dossier } => vec![("item", v(item)), ("dossier", v(dossier))],
            ItemsUndisposed(n) => vec![("n", v(n))],
            HandlingAlreadyPublished(dossier) => vec![("dossier", v(dossier))],
            NotAMeetingBody { body, name, kind } => vec![
                ("body", v(body)),
                ("name", v(name)),
                ("kind", Arg::code(*kind)),
            ],
            SubmissionAdopted(submission) | AlreadyAdopted(submission) => {
                vec![("submission", v(submission))]
            }
            AdoptedOlderThanSubmitted { adopted, submitted } => {
                vec![("adopted", v(adopted)), ("submitted", v(submitted))]
            }
            AdoptionBeforeSubmission { on, submitted } => {
                vec![("on", v(on)), ("submitted", v(submitted))]
            }
            NotPublic { consultation } => vec![("consultation", v(consultation))],
            CommentNotInThemeRun { comment, theme } => {
                vec![("comment", v(comment)), ("theme", v(theme))]
            }
            ThemeAllGrouped(theme) => vec![("theme", v(theme))],
            SearchQueryEmpty => vec![],
            SearchQueryTooLong {
                max_chars,
                max_terms,
            } => vec![("max_chars", v(max_chars)), ("max_terms", v(max_terms))],
            SearchPageTooDeep { max } => vec![("max", v(max))],
            DateRangeInverted { from, to } => vec![("from", v(from)), ("to", v(to))],
            SearchLimitOutOfRange { given, max } => vec![("given", v(given)), ("max", v(max))],
            InvalidAddress(address) => vec![("address", v(address))],
            TooLong { field, len, max } => vec![
                ("field", A::Key(field.key())),
                ("len", v(len)),
                ("max", v(max)),
            ],
            CommenterNotVerified(commenter) => vec![("commenter", v(commenter))],
            CodeInvalid => vec![],
            CodeWrong { left } => vec![("left", v(left))],
            TooMany { limit, max } => vec![("limit", A::Key(limit.key())), ("max", v(max))],
        }
    }

    /// One error of every variant (and one `InvalidValue` per vocabulary), for the tests
    /// that check every message exists in every language with the arguments it uses.
    #[doc(hidden)]
    pub fn examples() -> Vec<DomainError> {
        use DomainError::*;
        let (b, p, v, c, i) = (
            BodyId(2),
            PersonId(3),
            VersionId(4),
            ConsultationId(5),
            ItemId(6),
        );
        let date = Date::parse("2026-04-01").expect("a date");
        let mut all = vec![
            DomainError::not_found(RecordKind::Item, 7),
            InvalidDate("2026-02-30".into()),
            Empty {
                field: Field::Reason,
            },
            DomainError::other_dossier(RecordKind::Version, v),
            AlreadyInitialised,
            DemoNeedsEmptyDatabase,
            BodyNameTaken("区一".into()),
            NoSuchBody("区九".into()),
            WrongBodyKind {
                body: b,
                name: "区一".into(),
                kind: BodyKind::Consultee,
                expected: BodyKind::Leading,
            },
            CategoryNeeded,
            CategoryNotAllowed(BodyKind::Review),
            GlobalRoleInDossier(Role::Auditor),
            DossierRoleWithoutDossier(Role::Member),
            PersonWithoutBody {
                person: p,
                role: Role::Contact,
            },
            PersonBodyNotConsultee(p),
            UsernameTaken("lin".into()),
            PersonHasAccount(p),
            UsernameTooLong {
                username: "x".repeat(65),
                max: 64,
            },
            UsernameCharacters("lin wei".into()),
            PasswordTooShort(12),
            PasswordTooLong(1024),
            AccountDisabled("lin".into()),
            InvitationInvalid,
            CannotDisableSelf,
            Forbidden {
                name: "林".into(),
                person: p,
                action: Action::AssignItems,
                needs: Needs::Lead,
            },
            VersionReleased(v),
            VersionNotReleased(v, ReleaseNeeded::Review),
            VersionEmpty(v),
            NoSuchPart {
                version: v,
                part: 9,
            },
            NoSuchParagraphNumber {
                version: v,
                number: 99,
            },
            SameVersion,
            VersionsOfDifferentDossiers {
                from: v,
                to: VersionId(8),
            },
            ModificationsAlreadyRecorded {
                from: v,
                to: VersionId(8),
            },
            ModificationCountChanged {
                from: v,
                to: VersionId(8),
                recorded: 3,
                counted: 4,
            },
            WindowInverted {
                opens: "2026-04-02T00:00:00Z".into(),
                closes: "2026-04-01T00:00:00Z".into(),
            },
            DraftConsultationNeedsVersion,
            TopicConsultationNeedsQuestion,
            NotYetOpen {
                consultation: c,
                opens: "2026-04-02T00:00:00Z".into(),
            },
            Closed {
                consultation: c,
                closed: "2026-04-02T00:00:00Z".into(),
            },
            OutOfScope {
                consultation: c,
                who: Respondent::Body(b),
            },
            AlreadyInScope {
                consultation: c,
                who: Respondent::Person(p),
            },
            NothingToSubmit {
                consultation: c,
                who: Respondent::Body(b),
            },
            ResponseEmpty(ResponseId(9)),
            VersionNotConsulted(v),
            CopyOutOfScope {
                name: "区一".into(),
                consultation: c,
            },
            ParagraphNotInVersion {
                paragraph: ParagraphId(10),
                version: v,
            },
            SpanOutOfRange {
                start: 3,
                end: 9,
                len: 5,
            },
            SpanWithoutParagraph,
            NoDraftToAnchor,
            ItemWithdrawn(i),
            ItemNotInResponse(i),
            AssigneeNotDrafter,
            ItemAlreadyGrouped {
                item: i,
                group: GroupId(11),
            },
            NotLiveItem {
                item: i,
                dossier: DossierId(1),
            },
            ItemListedTwice(i),
            ItemsUndisposed(3),
            HandlingAlreadyPublished(DossierId(1)),
            NotAMeetingBody {
                body: b,
                name: "区一".into(),
                kind: BodyKind::Consultee,
            },
            VersionNotReviewed(v),
            SubmissionAdopted(SubmissionId(12)),
            AlreadyAdopted(SubmissionId(12)),
            AdoptedOlderThanSubmitted {
                adopted: v,
                submitted: VersionId(8),
            },
            AdoptionBeforeSubmission {
                on: date,
                submitted: date,
            },
            NotPublic { consultation: c },
            CommentNotInThemeRun {
                comment: CommentId(13),
                theme: ThemeId(14),
            },
            ThemeAllGrouped(ThemeId(14)),
            SearchQueryEmpty,
            SearchQueryTooLong {
                max_chars: 200,
                max_terms: 16,
            },
            SearchPageTooDeep { max: 10_000 },
            DateRangeInverted {
                from: "2026-05-01".into(),
                to: "2026-04-01".into(),
            },
            SearchLimitOutOfRange { given: 0, max: 100 },
            InvalidAddress("not-an-address".into()),
            TooLong {
                field: Field::CommentText,
                len: 5001,
                max: 5000,
            },
            CommenterNotVerified(CommenterId(15)),
            CodeInvalid,
            CodeWrong { left: 4 },
            TooMany {
                limit: Limit::CommentsPerHour,
                max: 10,
            },
        ];
        all.extend(
            crate::model::VOCABULARIES
                .iter()
                .map(|&(field, expected)| InvalidValue {
                    field,
                    value: "nonsense".into(),
                    expected,
                }),
        );
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// `examples` holds every variant: as many distinct variants as the enum has messages
    /// (thiserror needs a message on every variant, so counting them counts the variants).
    #[test]
    fn examples_cover_every_variant() {
        let source = include_str!("error.rs");
        let enum_body = source
            .split("pub enum DomainError {")
            .nth(1)
            .and_then(|s| s.split("\n}\n").next())
            .expect("the enum");
        let variants = enum_body.matches("#[error(").count();
        let examples = DomainError::examples();
        let distinct: HashSet<_> = examples.iter().map(std::mem::discriminant).collect();
        assert_eq!(distinct.len(), variants, "every variant has an example");
        let keys: HashSet<_> = examples.iter().map(DomainError::key).collect();
        assert_eq!(keys.len(), variants, "every variant has its own key");
    }

    #[test]
    fn args_are_named_once_and_english_stays() {
        for e in DomainError::examples() {
            let args = e.args();
            let names: HashSet<_> = args.iter().map(|(n, _)| *n).collect();
            assert_eq!(names.len(), args.len(), "{e:?}");
            assert!(!e.to_string().is_empty());
        }
        let e = DomainError::Forbidden {
            name: "Lin".into(),
            person: PersonId(3),
            action: Action::ReleaseVersion,
            needs: Needs::Lead,
        };
        assert_eq!(
            e.to_string(),
            "Lin (person 3) may not release a version: only the drafting-group leader or a deputy may"
        );
        assert_eq!(
            DomainError::not_found(RecordKind::Item, 7).to_string(),
            "item 7 does not exist"
        );
    }

    #[test]
    fn term_keys_are_distinct() {
        let mut keys: Vec<&str> = Vec::new();
        keys.extend(RecordKind::ALL.iter().map(|t| t.key()));
        keys.extend(Field::ALL.iter().map(|t| t.key()));
        keys.extend(Action::ALL.iter().map(|t| t.key()));
        keys.extend(Needs::ALL.iter().map(|t| t.key()));
        keys.extend(ReleaseNeeded::ALL.iter().map(|t| t.key()));
        keys.extend(Limit::ALL.iter().map(|t| t.key()));
        let distinct: HashSet<_> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len());
    }
}
