//! The rules of the drafting process, enforced here and nowhere else. Each function checks
//! one decision against the records it needs and returns a [`DomainError`] naming the value
//! at fault. The app layer loads the records, calls the rule, then writes.

use crate::error::{Action, Field, Needs, RecordKind, ReleaseNeeded};
use crate::ids::*;
use crate::model::*;
use crate::time::Instant;
use crate::DomainError;

/// Who is acting, with their roles in the dossier at hand (global roles included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub person: PersonId,
    pub name: String,
    pub body: Option<BodyId>,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    fn forbidden(&self, action: Action, needs: Needs) -> DomainError {
        DomainError::Forbidden {
            name: self.name.clone(),
            person: self.person,
            action,
            needs,
        }
    }
}

/// Set up dossiers, bodies, people and roles: administrators only.
pub fn require_admin(actor: &Actor, action: Action) -> Result<(), DomainError> {
    if actor.has(Role::Administrator) {
        Ok(())
    } else {
        Err(actor.forbidden(action, Needs::Administrator))
    }
}

/// Share out the analysis: the leader or a deputy assigns items, and only to someone who
/// drafts in the same dossier (`assignee_roles` are the assignee's roles there).
pub fn check_assignment(actor: &Actor, assignee_roles: &[Role]) -> Result<(), DomainError> {
    require_lead(actor, Action::AssignItems)?;
    if assignee_roles.iter().any(|r| r.drafts()) {
        Ok(())
    } else {
        Err(DomainError::AssigneeNotDrafter)
    }
}

/// Read the audit log (the audit view): auditors and administrators.
pub fn require_audit_reader(actor: &Actor, action: Action) -> Result<(), DomainError> {
    if actor.has(Role::Auditor) || actor.has(Role::Administrator) {
        Ok(())
    } else {
        Err(actor.forbidden(action, Needs::AuditReader))
    }
}

/// Search a consultation's comments and items: whoever sees the dossier's whole record
/// (drafting group, reviewers, auditors, administrators). A consultee sees the consultation
/// but not what others wrote in it, so they are refused; for anyone who does not see the
/// consultation at all it does not exist. `access` is `access::consultation_access`.
pub fn check_search(
    actor: &Actor,
    consultation: ConsultationId,
    access: crate::access::ConsultationAccess,
) -> Result<(), DomainError> {
    use crate::access::ConsultationAccess;
    match access {
        ConsultationAccess::Record => Ok(()),
        ConsultationAccess::Consultee { .. } => {
            Err(actor.forbidden(Action::SearchComments, Needs::RecordHolder))
        }
        ConsultationAccess::None => Err(DomainError::not_found(
            RecordKind::Consultation,
            consultation,
        )),
    }
}

/// Release versions, open and close consultations, finalise dispositions: leader or deputy.
pub fn require_lead(actor: &Actor, action: Action) -> Result<(), DomainError> {
    if actor.roles.iter().any(|r| r.leads()) {
        Ok(())
    } else {
        Err(actor.forbidden(action, Needs::Lead))
    }
}

/// Write versions, record hearings, group items, link modifications: the drafting group.
pub fn require_drafter(actor: &Actor, action: Action) -> Result<(), DomainError> {
    if actor.roles.iter().any(|r| r.drafts()) {
        Ok(())
    } else {
        Err(actor.forbidden(action, Needs::Drafter))
    }
}

/// Analyse a consultation's public comments (campaigns, themes, moves, groups): the drafting
/// group, and only on a public consultation.
pub fn check_public_analysis(actor: &Actor, c: &Consultation) -> Result<(), DomainError> {
    if c.kind != ConsultationKind::Public {
        return Err(DomainError::NotPublic { consultation: c.id });
    }
    require_drafter(actor, Action::AnalysePublicComments)
}

/// Read what a public consultation's comments say (figures, campaigns, themes): whoever
/// holds the dossier's record, and only on a public consultation.
pub fn check_public_reading(actor: &Actor, c: &Consultation) -> Result<(), DomainError> {
    if c.kind != ConsultationKind::Public {
        return Err(DomainError::NotPublic { consultation: c.id });
    }
    if crate::access::sees_record(actor) {
        Ok(())
    } else {
        Err(actor.forbidden(Action::ReadPublicComments, Needs::RecordHolder))
    }
}

/// Record meetings: reviewers, or the drafting-group leadership acting as secretariat.
pub fn require_reviewer(actor: &Actor, action: Action) -> Result<(), DomainError> {
    if actor.has(Role::Reviewer) || actor.roles.iter().any(|r| r.leads()) {
        Ok(())
    } else {
        Err(actor.forbidden(action, Needs::Reviewer))
    }
}

/// Text fields that must say something.
pub fn require_text(field: Field, text: &str) -> Result<(), DomainError> {
    if text.trim().is_empty() {
        Err(DomainError::Empty { field })
    } else {
        Ok(())
    }
}

/// A released version never changes.
pub fn check_version_editable(version: &Version) -> Result<(), DomainError> {
    if version.is_released() {
        Err(DomainError::VersionReleased(version.id))
    } else {
        Ok(())
    }
}

/// Release a version: leader or deputy, not yet released, not empty.
pub fn check_release(actor: &Actor, version: &Version, blocks: usize) -> Result<(), DomainError> {
    require_lead(actor, Action::ReleaseVersion)?;
    check_version_editable(version)?;
    if blocks == 0 {
        return Err(DomainError::VersionEmpty(version.id));
    }
    Ok(())
}

/// What a new consultation must satisfy.
pub struct NewConsultation<'a> {
    pub kind: ConsultationKind,
    pub version: Option<&'a Version>,
    pub question: Option<&'a str>,
    pub opens_at: Instant,
    pub closes_at: Instant,
}

/// Open a consultation: a draft consultation needs a released version, a topic consultation
/// its question; the window must close after it opens.
pub fn check_new_consultation(actor: &Actor, c: &NewConsultation) -> Result<(), DomainError> {
    require_lead(actor, Action::OpenConsultation)?;
    if c.closes_at <= c.opens_at {
        return Err(DomainError::WindowInverted {
            opens: c.opens_at.to_string(),
            closes: c.closes_at.to_string(),
        });
    }
    match c.kind {
        ConsultationKind::Draft | ConsultationKind::Public => match c.version {
            None => Err(DomainError::DraftConsultationNeedsVersion),
            Some(v) if !v.is_released() => Err(DomainError::VersionNotReleased(
                v.id,
                ReleaseNeeded::Consultation,
            )),
            Some(_) => Ok(()),
        },
        ConsultationKind::Topic => match c.question {
            Some(q) if !q.trim().is_empty() => Ok(()),
            _ => Err(DomainError::TopicConsultationNeedsQuestion),
        },
    }
}

/// The window is open at `now`: before it, responses cannot start; after it, they are read-only.
pub fn check_window(c: &Consultation, now: Instant) -> Result<(), DomainError> {
    if now < c.opens_at {
        Err(DomainError::NotYetOpen {
            consultation: c.id,
            opens: c.opens_at.to_string(),
        })
    } else {
        check_not_closed(c, now)
    }
}

/// A consultation that has closed is final: its scope and its close no longer change.
pub fn check_not_closed(c: &Consultation, now: Instant) -> Result<(), DomainError> {
    if now >= c.closes_at {
        Err(DomainError::Closed {
            consultation: c.id,
            closed: c.closes_at.to_string(),
        })
    } else {
        Ok(())
    }
}

/// Import public comments (letters, other channels, another platform's export): the dossier's
/// drafting group — leader, deputy, members —, only into a consultation of kind `public`,
/// at any time: also after the window closed, since letters keep arriving, and before it
/// opens (nothing in the record depends on the order). Each imported comment is then kept
/// as received; see `yijian_app::public_comments`.
pub fn check_comment_import(actor: &Actor, consultation: &Consultation) -> Result<(), DomainError> {
    require_drafter(actor, Action::ImportComments)?;
    if consultation.kind != ConsultationKind::Public {
        return Err(DomainError::NotPublic {
            consultation: consultation.id,
        });
    }
    Ok(())
}

/// The respondent the actor answers for: their organization if they hold a role in one,
/// else themselves as an invited person.
pub fn respondent_of(actor: &Actor) -> Respondent {
    match actor.body {
        Some(body)
            if actor
                .roles
                .iter()
                .any(|r| matches!(r, Role::Contact | Role::Head | Role::Contributor)) =>
        {
            Respondent::Body(body)
        }
        _ => Respondent::Person(actor.person),
    }
}

/// A recipient's status: submitted once their response is; a draft saved once they have
/// one; opened once they have read the draft; otherwise not yet opened.
pub fn recipient_status(opened: bool, response: Option<&Response>) -> RecipientStatus {
    match response {
        Some(r) if r.status == ResponseStatus::Submitted => RecipientStatus::Submitted,
        Some(_) => RecipientStatus::DraftSaved,
        None if opened => RecipientStatus::Opened,
        None => RecipientStatus::NotOpened,
    }
}

/// What someone wants to do to a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseAction {
    /// Add an item to the response.
    AddItem,
    /// Edit or withdraw an item written by `author`.
    EditItem { author: Option<PersonId> },
    /// Approve and submit the official response.
    Submit,
}

/// Only consultees in scope may respond, only while the window is open, and inside an
/// organization only the right people: contributors add items and edit their own, the contact
/// edits any item, the head approves and submits (the contact submits when the body has no head).
pub fn check_response_action(
    actor: &Actor,
    consultation: &Consultation,
    respondent: Respondent,
    in_scope: bool,
    body_has_head: bool,
    action: ResponseAction,
    now: Instant,
) -> Result<(), DomainError> {
    if !in_scope {
        return Err(DomainError::OutOfScope {
            consultation: consultation.id,
            who: respondent,
        });
    }
    check_window(consultation, now)?;
    match respondent {
        Respondent::Person(p) if p == actor.person => Ok(()),
        Respondent::Person(_) => {
            Err(actor.forbidden(Action::ActOnPersonsResponse, Needs::InvitedPerson))
        }
        Respondent::Body(b) if actor.body != Some(b) => {
            Err(actor.forbidden(Action::ActOnOrganizationsResponse, Needs::OwnOrganization))
        }
        Respondent::Body(_) => check_org_role(actor, body_has_head, action),
    }
}

fn check_org_role(
    actor: &Actor,
    body_has_head: bool,
    action: ResponseAction,
) -> Result<(), DomainError> {
    let (head, contact, contributor) = (
        actor.has(Role::Head),
        actor.has(Role::Contact),
        actor.has(Role::Contributor),
    );
    let allowed = match action {
        ResponseAction::AddItem => head || contact || contributor,
        ResponseAction::EditItem { author } => {
            head || contact || (contributor && author == Some(actor.person))
        }
        ResponseAction::Submit => head || (contact && !body_has_head),
    };
    if allowed {
        Ok(())
    } else {
        let needs = match action {
            ResponseAction::AddItem => Needs::OrganizationMember,
            ResponseAction::EditItem { .. } => Needs::OrganizationEditor,
            ResponseAction::Submit => Needs::OrganizationSubmitter,
        };
        Err(actor.forbidden(Action::ActOnResponse, needs))
    }
}

/// An anchor must point at a paragraph of the version, and a span must lie inside its text.
pub fn check_anchor(
    version: VersionId,
    blocks: &[Block],
    anchor: &Anchor,
) -> Result<(), DomainError> {
    let block = blocks
        .iter()
        .find(|b| b.paragraph == anchor.paragraph)
        .ok_or(DomainError::ParagraphNotInVersion {
            paragraph: anchor.paragraph,
            version,
        })?;
    if let Some((start, end)) = anchor.span {
        let len = block.text.chars().count();
        if start >= end || end as usize > len {
            return Err(DomainError::SpanOutOfRange {
                start: start as usize,
                end: end as usize,
                len,
            });
        }
    }
    Ok(())
}

/// Dispose an item or a group: members propose, only a leader or deputy finalises.
pub fn check_disposition(
    actor: &Actor,
    status: DispositionStatus,
    reason: &str,
) -> Result<(), DomainError> {
    match status {
        DispositionStatus::Final => require_lead(actor, Action::FinaliseDisposition)?,
        DispositionStatus::Proposed => require_drafter(actor, Action::ProposeDisposition)?,
    }
    require_text(Field::Reason, reason)
}

/// An item can belong to one group only.
pub fn check_groupable(item: ItemId, current_group: Option<GroupId>) -> Result<(), DomainError> {
    match current_group {
        Some(group) => Err(DomainError::ItemAlreadyGrouped { item, group }),
        None => Ok(()),
    }
}

/// A meeting is held by a leading or review body on a released version.
pub fn check_meeting(actor: &Actor, body: &Body, version: &Version) -> Result<(), DomainError> {
    require_reviewer(actor, Action::RecordMeeting)?;
    if !matches!(body.kind, BodyKind::Leading | BodyKind::Review) {
        return Err(DomainError::NotAMeetingBody {
            body: body.id,
            name: body.name.clone(),
            kind: body.kind,
        });
    }
    if !version.is_released() {
        return Err(DomainError::VersionNotReleased(
            version.id,
            ReleaseNeeded::Review,
        ));
    }
    Ok(())
}

/// The plenary receives a released version that a review meeting has considered.
pub fn check_submission(
    actor: &Actor,
    plenary: &Body,
    version: &Version,
    meetings_on_version: usize,
) -> Result<(), DomainError> {
    require_lead(actor, Action::SubmitToPlenary)?;
    if plenary.kind != BodyKind::Plenary {
        return Err(DomainError::WrongBodyKind {
            body: plenary.id,
            name: plenary.name.clone(),
            kind: plenary.kind,
            expected: BodyKind::Plenary,
        });
    }
    if !version.is_released() {
        return Err(DomainError::VersionNotReleased(
            version.id,
            ReleaseNeeded::Plenary,
        ));
    }
    if meetings_on_version == 0 {
        return Err(DomainError::VersionNotReviewed(version.id));
    }
    Ok(())
}

/// Adoption needs a plenary submission of a reviewed version; the adopted text is a released
/// version of the same dossier (the submitted one or a later revision after group discussion).
pub fn check_adoption(
    actor: &Actor,
    submission: &Submission,
    adopted: &Version,
) -> Result<(), DomainError> {
    require_lead(actor, Action::RecordAdoption)?;
    if submission.adopted_on.is_some() {
        return Err(DomainError::AlreadyAdopted(submission.id));
    }
    if adopted.dossier != submission.dossier {
        return Err(DomainError::other_dossier(RecordKind::Version, adopted.id));
    }
    if !adopted.is_released() {
        return Err(DomainError::VersionNotReleased(
            adopted.id,
            ReleaseNeeded::Adoption,
        ));
    }
    if adopted.id < submission.version {
        return Err(DomainError::AdoptedOlderThanSubmitted {
            adopted: adopted.id,
            submitted: submission.version,
        });
    }
    Ok(())
}

// Public commenters (open consultations).

/// The longest web comment, in characters.
pub const MAX_PUBLIC_COMMENT_CHARS: usize = 5_000;
/// The longest display name and region, in characters.
pub const MAX_COMMENTER_NAME_CHARS: usize = 50;
/// The longest e-mail address (RFC 5321's path limit).
const MAX_EMAIL_CHARS: usize = 254;
/// A verification code is good for this long.
pub const CODE_LIFETIME_MS: i64 = 15 * 60_000;
/// Wrong entries that kill a code.
pub const MAX_CODE_ATTEMPTS: u32 = 5;
const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// Normalise and check a commenter's address: an e-mail address (trimmed, lower-cased; one
/// `@`, a local part of letters, digits and `. _ % + -`, a domain of at least two labels of
/// letters, digits and `-`), or a mainland mobile number `1[3-9]` + 9 digits (spaces and
/// dashes dropped, a `+86`/`86` prefix allowed), stored as its 11 digits.
pub fn normalize_address(raw: &str) -> Result<(AddressKind, String), DomainError> {
    let bad = || DomainError::InvalidAddress(raw.chars().take(100).collect());
    let text = raw.trim();
    if text.contains('@') {
        let email = text.to_lowercase();
        if email.chars().count() > MAX_EMAIL_CHARS {
            return Err(bad());
        }
        let (local, domain) = email.split_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._%+-".contains(&b));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
        if local_ok && domain_ok {
            Ok((AddressKind::Email, email))
        } else {
            Err(bad())
        }
    } else {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let digits = digits
            .strip_prefix("+86")
            .or_else(|| digits.strip_prefix("86").filter(|d| d.len() == 11))
            .unwrap_or(&digits);
        let b = digits.as_bytes();
        if b.len() == 11
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1])
            && b.iter().all(u8::is_ascii_digit)
        {
            Ok((AddressKind::Sms, digits.to_string()))
        } else {
            Err(bad())
        }
    }
}

/// A commenter's display name (1 to 50 characters) and optional region (at most 50).
pub fn check_commenter_profile(name: &str, region: Option<&str>) -> Result<(), DomainError> {
    require_text(Field::DisplayName, name)?;
    check_length(Field::DisplayName, name, MAX_COMMENTER_NAME_CHARS)?;
    if let Some(r) = region {
        check_length(Field::Region, r, MAX_COMMENTER_NAME_CHARS)?;
    }
    Ok(())
}

fn check_length(field: Field, text: &str, max: usize) -> Result<(), DomainError> {
    let len = text.trim().chars().count();
    if len > max {
        Err(DomainError::TooLong { field, len, max })
    } else {
        Ok(())
    }
}

/// Read the draft of a public consultation without logging in: only a consultation of kind
/// `public`, from its opening on — also after it closed, since the consulted text stays
/// published with the record. Anything else does not exist for the public.
pub fn check_public_draft(c: &Consultation, now: Instant) -> Result<(), DomainError> {
    if c.kind != ConsultationKind::Public || now < c.opens_at || c.version.is_none() {
        return Err(DomainError::not_found(RecordKind::Consultation, c.id));
    }
    Ok(())
}

/// Comment on the web: a public consultation inside its window, by a verified commenter, a
/// text of 1 to 5,000 characters, on a paragraph of the consulted version or in general.
pub fn check_web_comment(
    c: &Consultation,
    commenter: &PublicCommenter,
    text: &str,
    paragraph: Option<(VersionId, &[Block], ParagraphId)>,
    now: Instant,
) -> Result<(), DomainError> {
    check_public_draft(c, now)?;
    check_window(c, now)?;
    if commenter.verified_at.is_none() {
        return Err(DomainError::CommenterNotVerified(commenter.id));
    }
    require_text(Field::CommentText, text)?;
    check_length(Field::CommentText, text, MAX_PUBLIC_COMMENT_CHARS)?;
    if let Some((version, blocks, p)) = paragraph {
        check_anchor(
            version,
            blocks,
            &Anchor {
                paragraph: p,
                version,
                span: None,
            },
        )?;
    }
    Ok(())
}

/// The rate limits of the public pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicLimits {
    pub comments_per_hour: u32,
    pub comments_per_day: u32,
    pub comments_per_address_hour: u32,
    pub codes_per_address_hour: u32,
    pub codes_per_request_hour: u32,
}

impl Default for PublicLimits {
    fn default() -> Self {
        PublicLimits {
            comments_per_hour: 10,
            comments_per_day: 50,
            comments_per_address_hour: 30,
            codes_per_address_hour: 3,
            codes_per_request_hour: 10,
        }
    }
}

impl PublicLimits {
    /// The windows the counts are taken over: an hour and a day before `now`.
    pub fn since(now: Instant) -> (Instant, Instant) {
        (Instant(now.0 - HOUR_MS), Instant(now.0 - DAY_MS))
    }
}

/// Comments already received (before this one) in the windows of [`PublicLimits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommentCounts {
    pub by_commenter_hour: u64,
    pub by_commenter_day: u64,
    pub by_address_hour: u64,
}

fn under(count: u64, max: u32, limit: crate::error::Limit) -> Result<(), DomainError> {
    if count >= u64::from(max) {
        Err(DomainError::TooMany { limit, max })
    } else {
        Ok(())
    }
}

/// One more web comment is allowed while every count is below its limit.
pub fn check_public_comment_rate(
    counts: CommentCounts,
    limits: &PublicLimits,
) -> Result<(), DomainError> {
    use crate::error::Limit;
    under(
        counts.by_commenter_hour,
        limits.comments_per_hour,
        Limit::CommentsPerHour,
    )?;
    under(
        counts.by_commenter_day,
        limits.comments_per_day,
        Limit::CommentsPerDay,
    )?;
    under(
        counts.by_address_hour,
        limits.comments_per_address_hour,
        Limit::CommentsPerAddressHour,
    )
}

/// One more code is sent while the codes sent to the address, and those asked from the
/// network address, in the last hour are below their limits.
pub fn check_code_rate(
    to_address_hour: u64,
    from_request_hour: u64,
    limits: &PublicLimits,
) -> Result<(), DomainError> {
    use crate::error::Limit;
    under(
        to_address_hour,
        limits.codes_per_address_hour,
        Limit::CodesPerAddressHour,
    )?;
    under(
        from_request_hour,
        limits.codes_per_request_hour,
        Limit::CodesPerRequestHour,
    )
}

/// A code may be tried while it is unused, unexpired and has had fewer than
/// [`MAX_CODE_ATTEMPTS`] wrong entries; `matches` says whether the entered code's hash is
/// the stored one. A wrong code says how many tries are left.
pub fn check_code(
    code: Option<&VerificationCode>,
    matches: bool,
    now: Instant,
) -> Result<(), DomainError> {
    let Some(code) = code else {
        return Err(DomainError::CodeInvalid);
    };
    if code.used_at.is_some() || now >= code.expires_at || code.attempts >= MAX_CODE_ATTEMPTS {
        return Err(DomainError::CodeInvalid);
    }
    if !matches {
        return Err(DomainError::CodeWrong {
            left: MAX_CODE_ATTEMPTS - code.attempts - 1,
        });
    }
    Ok(())
}
