//! The record types. Ids are given by storage; these structs carry what the rules need.

use serde::{Deserialize, Serialize};

use super::enums::*;
use crate::ids::*;
use crate::time::{Date, Instant};

/// One document's whole drafting effort.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dossier {
    pub id: DossierId,
    pub title: String,
    /// Why the topic was chosen (for the explanation).
    pub purpose: String,
    /// The drafting requirements.
    pub requirements: String,
    pub topic_decided_on: Option<Date>,
    pub leading_body: Option<BodyId>,
    pub drafting_group: Option<BodyId>,
    pub status: DossierStatus,
}

/// A leading body, review body, plenary, drafting group or consultee organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    pub id: BodyId,
    pub name: String,
    pub kind: BodyKind,
    pub category: Option<Category>,
}

/// A person, optionally a member of a body (an organization's contact, head or contributor).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub body: Option<BodyId>,
}

/// A version of the draft. Immutable once `released_at` is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub id: VersionId,
    pub dossier: DossierId,
    /// 初稿, 征求意见稿, 送审稿 …
    pub label: String,
    /// The version it was revised from.
    pub parent: Option<VersionId>,
    pub created_at: Instant,
    pub released_at: Option<Instant>,
}

impl Version {
    pub fn is_released(&self) -> bool {
        self.released_at.is_some()
    }
}

/// One block of a version: a heading or a paragraph, carrying its stable paragraph id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub paragraph: ParagraphId,
    /// 0-based position in the version.
    pub position: u32,
    pub kind: BlockKind,
    pub level: u8,
    pub text: String,
}

/// A round of asking a scope of consultees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultation {
    pub id: ConsultationId,
    pub dossier: DossierId,
    pub kind: ConsultationKind,
    pub title: String,
    /// The version under consultation (draft consultations).
    pub version: Option<VersionId>,
    /// The question asked (topic consultations).
    pub question: Option<String>,
    pub opens_at: Instant,
    pub closes_at: Instant,
}

impl Consultation {
    /// Open at `now`: the window is half-open, `[opens_at, closes_at)`.
    pub fn is_open(&self, now: Instant) -> bool {
        self.opens_at <= now && now < self.closes_at
    }
}

/// Who answers: an organization (as one) or an invited person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    Body(BodyId),
    Person(PersonId),
}

impl std::fmt::Display for Respondent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Respondent::Body(b) => write!(f, "body {b}"),
            Respondent::Person(p) => write!(f, "person {p}"),
        }
    }
}

/// What one consultee sends in one consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub id: ResponseId,
    pub consultation: ConsultationId,
    pub respondent: Respondent,
    pub status: ResponseStatus,
    pub submitted_at: Option<Instant>,
    pub submitted_by: Option<PersonId>,
    /// How many times it was changed after its first submission.
    pub amendments: u32,
}

/// Where in the draft an item points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    pub paragraph: ParagraphId,
    /// The version the consultee read when commenting.
    pub version: VersionId,
    /// Character span (0-based, end exclusive) inside that version's paragraph.
    pub span: Option<(u32, u32)>,
}

/// One opinion or suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: ItemId,
    pub dossier: DossierId,
    pub source: ItemSource,
    pub response: Option<ResponseId>,
    pub hearing: Option<HearingId>,
    pub submission: Option<SubmissionId>,
    /// The body it speaks for, if any.
    pub body: Option<BodyId>,
    /// The person who wrote or said it (a contributor, a speaker).
    pub author: Option<PersonId>,
    /// A speaker's name when the speaker is not a registered person.
    pub speaker: Option<String>,
    pub kind: ItemKind,
    pub text: String,
    pub anchor: Option<Anchor>,
    pub created_at: Instant,
}

/// A hearing (座谈会) held as part of a consultation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    pub id: HearingId,
    pub consultation: ConsultationId,
    pub title: String,
    pub held_on: Date,
    pub minutes: String,
}

/// Similar items gathered under a written common view, disposed together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemGroup {
    pub id: GroupId,
    pub dossier: DossierId,
    pub common_view: String,
}

/// What a disposition is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispositionTarget {
    Item(ItemId),
    Group(GroupId),
}

/// What became of an item or a group, with the reason; the latest one counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    pub id: DispositionId,
    pub target: DispositionTarget,
    pub kind: DispositionKind,
    pub reason: String,
    pub status: DispositionStatus,
    pub decided_by: PersonId,
    pub decided_at: Instant,
}

/// One changed place between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Modification {
    pub id: ModificationId,
    pub from_version: VersionId,
    pub to_version: VersionId,
    /// 1-based order within the comparison.
    pub seq: u32,
    /// inserted, deleted, modified, moved, split, merged.
    pub kind: String,
    pub old_paragraph: Option<ParagraphId>,
    pub new_paragraph: Option<ParagraphId>,
    pub old_text: String,
    pub new_text: String,
    pub part: Option<String>,
}

/// A review body's meeting on a version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub dossier: DossierId,
    pub body: BodyId,
    pub held_on: Date,
    pub version: VersionId,
    pub decision: MeetingDecision,
    pub minutes: String,
}

/// The draft put to the plenary, and (once adopted) the adoption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub id: SubmissionId,
    pub dossier: DossierId,
    pub plenary: BodyId,
    pub version: VersionId,
    pub submitted_on: Date,
    pub adopted_version: Option<VersionId>,
    pub adopted_on: Option<Date>,
}

/// One comment of a public consultation, kept as received — duplicates included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicComment {
    pub id: CommentId,
    pub consultation: ConsultationId,
    /// The source's own id, unique per consultation (web comments get one too).
    pub source_id: String,
    pub text: String,
    /// SHA-256 of `text` (hex): tells "the same comment again" from "same id, other text".
    pub text_sha256: String,
    pub author: Option<String>,
    pub region: Option<String>,
    /// The paragraph commented on (`None`: general).
    pub paragraph: Option<ParagraphId>,
    /// When the source says it was written.
    pub submitted_at: Option<Instant>,
    /// When it reached yijian.
    pub received_at: Instant,
    pub channel: CommentChannel,
    /// The import that brought it (channel `import`).
    pub import: Option<CommentImportId>,
}

/// One import of a file of public comments: who, which file, what came of its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentImport {
    pub id: CommentImportId,
    pub consultation: ConsultationId,
    pub file_name: String,
    /// SHA-256 of the file's bytes (hex); empty while the import runs.
    pub file_sha256: String,
    pub imported_by: PersonId,
    pub started_at: Instant,
    /// `None`: the import did not finish (a file-level error or a crash after some batches).
    pub finished_at: Option<Instant>,
    pub imported: u64,
    pub skipped: u64,
    pub rejected: u64,
}

/// A member of the public registered to comment on open consultations, known by a verified
/// address (e-mail or mobile number), stored normalised (see `rules::normalize_address`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCommenter {
    pub id: CommenterId,
    pub kind: AddressKind,
    pub address: String,
    pub display_name: String,
    pub region: Option<String>,
    pub created_at: Instant,
    /// When a code sent to the address was first entered: only then may they comment.
    pub verified_at: Option<Instant>,
}

/// A one-time code sent to a commenter's address. Only its SHA-256 is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationCode {
    pub id: VerificationCodeId,
    pub commenter: CommenterId,
    pub code_hash: String,
    /// The network address the request for it came from (for its rate limit).
    pub request_address: String,
    pub created_at: Instant,
    pub expires_at: Instant,
    /// Wrong codes entered against it.
    pub attempts: u32,
    pub used_at: Option<Instant>,
}

/// A message to send (transactional outbox): written in the transaction that needs it,
/// delivered afterwards by a sender, retried until it is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: OutboxId,
    pub channel: AddressKind,
    pub address: String,
    pub subject: String,
    pub body: String,
    pub created_at: Instant,
    pub sent_at: Option<Instant>,
    /// Failed sends so far.
    pub attempts: u32,
    pub last_error: Option<String>,
    /// Not tried again before this instant.
    pub next_attempt_at: Instant,
}
