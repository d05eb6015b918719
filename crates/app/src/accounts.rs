//! Accounts, sessions, and who may see what.
//!
//! - **Accounts**: an administrator gives a person an account (a normalised username); a
//!   password is set by an administrator or by the account's own person. Passwords are
//!   stored as Argon2id PHC strings, hashed off the async threads (`spawn_blocking`) and
//!   never inside a transaction, so a slow hash never holds the SQLite write lock.
//! - **Sessions**: [`App::login`] checks the password and opens a server-side session whose
//!   random 256-bit token is returned once and stored only as its SHA-256. A failed login
//!   says nothing about why (unknown user and wrong password look the same, and cost the
//!   same time). Login, failed login, logout, account creation and password set are audited
//!   like every other action.
//! - **Access**: [`consultation_access`] and [`sees_record`] are the rules of who may see a
//!   consultation and a dossier's record; the read use cases below apply them, so the web
//!   layer never decides access itself. A consultation someone may not see is reported as
//!   absent (`None`), exactly like one that does not exist.

use std::collections::HashMap;
use std::sync::OnceLock;

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Argon2, Params};
use serde::Serialize;
use sha2::{Digest, Sha256};
pub use yijian_core::access::{consultation_access, sees_record, ConsultationAccess};
use yijian_core::error::{Action, Field};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{self, require_admin, Actor};
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_store::{Account, SessionRecord, Tx};

pub use yijian_store::AccountId;

use crate::{actor, found, record, App, AppError, Ctx, Result, Summary};

/// How long a session lives from login (absolute; there is no sliding renewal yet).
pub const SESSION_LIFETIME_MS: i64 = 12 * 3_600_000;
/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 8;
/// Passwords longer than this (in bytes) are refused, so hashing stays bounded.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Usernames are at most this many characters.
pub const MAX_USERNAME_CHARS: usize = 64;

/// The cost of hashing a password with Argon2id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl PasswordCost {
    /// OWASP's recommendation for Argon2id: 19 MiB, 2 passes, 1 lane.
    pub const STANDARD: PasswordCost = PasswordCost {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };
    /// As cheap as Argon2 allows: for tests only, never for real passwords.
    pub const FAST_FOR_TESTS: PasswordCost = PasswordCost {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    };
}

/// The result of a login attempt. A refusal carries no reason on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    Accepted(NewSession),
    Refused,
}

/// A session just opened. The token is shown to the client once and never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub token: String,
    pub account: AccountId,
    pub person: PersonId,
    pub expires_at: Instant,
}

/// Who is behind a live session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionUser {
    pub account: AccountId,
    pub username: String,
    pub person: PersonId,
    pub name: String,
    pub body: Option<BodyId>,
    /// Global roles (administrator, auditor).
    pub global_roles: Vec<Role>,
    pub expires_at: Instant,
}

/// An account as listed to administrators (never with its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccountInfo {
    pub id: AccountId,
    pub username: String,
    pub person: PersonId,
    pub has_password: bool,
    pub disabled: bool,
}

/// A consultation with the caller's access to it (never `None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisibleConsultation {
    pub consultation: Consultation,
    pub access: ConsultationAccess,
}

/// The version of a consultation, as far as the caller may read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsultationVersion {
    /// Missing, or not visible to the caller: the same answer on purpose.
    Hidden,
    /// Visible, but a topic consultation: there is no draft.
    NoVersion(VisibleConsultation),
    /// Visible to a consultee whose window is not open (closed, or not yet open).
    OutsideWindow(VisibleConsultation),
    Readable {
        consultation: VisibleConsultation,
        version: Version,
        blocks: Vec<Block>,
    },
}

/// A dossier's record as its record-holders see it on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierRecord {
    pub dossier: Dossier,
    pub summary: Summary,
    pub versions: Vec<Version>,
    pub consultations: Vec<Consultation>,
    pub roles: Vec<Role>,
}

/// A version with the number of live items on each of its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRecord {
    pub dossier: Dossier,
    pub version: Version,
    pub blocks: Vec<Block>,
    /// Live items anchored to each paragraph (stable ids: items follow their paragraph).
    pub items_per_paragraph: HashMap<ParagraphId, usize>,
    /// The public consultations held on this version.
    pub public_consultations: Vec<ConsultationId>,
    /// Their public comments on each paragraph of the version.
    pub comments_per_paragraph: HashMap<ParagraphId, usize>,
}

/// A consultee's own response in a consultation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnResponse {
    pub respondent: Respondent,
    pub response: Option<Response>,
    pub items: Vec<Item>,
    /// What became of each item — only once the dossier has published its handling.
    pub outcomes: HashMap<ItemId, yijian_store::CurrentDisposition>,
}

/// Normalise a username: trimmed, lower-cased, 1–64 letters, digits or `. _ - @`.
pub fn normalize_username(raw: &str) -> Result<String> {
    let name = raw.trim().to_lowercase();
    if name.is_empty() {
        return Err(DomainError::Empty {
            field: Field::Username,
        }
        .into());
    }
    if name.chars().count() > MAX_USERNAME_CHARS {
        return Err(DomainError::UsernameTooLong {
            username: raw.to_string(),
            max: MAX_USERNAME_CHARS,
        }
        .into());
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
    {
        return Err(DomainError::UsernameCharacters(raw.to_string()).into());
    }
    Ok(name)
}

/// Refuse passwords that are too short or unreasonably long.
pub fn check_password_policy(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(DomainError::PasswordTooShort(MIN_PASSWORD_CHARS).into());
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(DomainError::PasswordTooLong(MAX_PASSWORD_BYTES).into());
    }
    Ok(())
}

/// The SHA-256 (hex) under which a session token is stored.
pub fn session_token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// `N` bytes from the system's random source.
pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Input(format!("the system random source failed: {e}")))?;
    Ok(bytes)
}

/// A fresh random 256-bit token, hex-encoded.
pub fn random_token() -> Result<String> {
    Ok(hex::encode(random_bytes::<32>()?))
}

/// Equal, in time that depends only on the lengths (tokens, codes' hashes, CSRF fields).
pub fn ct_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// Whether a string looks like a token we issued (so garbage never reaches the database).
pub(crate) fn well_formed_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(crate) async fn hash_password(password: &str, cost: PasswordCost) -> Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, None)
            .map_err(|e| AppError::Input(format!("bad password-hash parameters: {e}")))?;
        Argon2::from(params)
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Input(format!("cannot hash the password: {e}")))
    })
    .await
    .map_err(|e| AppError::Input(format!("password hashing stopped: {e}")))?
}

/// A hash of a password nobody knows, with the standard cost: checking against it when the
/// account is unknown makes a refusal take as long as a wrong password does.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let params = Params::new(
            PasswordCost::STANDARD.memory_kib,
            PasswordCost::STANDARD.iterations,
            PasswordCost::STANDARD.parallelism,
            None,
        )
        .expect("the standard parameters are valid");
        Argon2::from(params)
            .hash_password(b"no account has this password")
            .expect("hashing a constant works")
            .to_string()
    })
}

/// Check a password against a stored PHC string (or the dummy when there is none).
async fn verify_password(password: &str, stored: Option<String>) -> Result<bool> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || {
        let hash = stored.as_deref().unwrap_or_else(|| dummy_hash());
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), hash)
            .is_ok();
        ok && stored.is_some()
    })
    .await
    .map_err(|e| AppError::Input(format!("password check stopped: {e}")))
}

fn account_subject(a: &Account) -> String {
    format!("account:{} person:{}", a.id, a.person)
}

/// Append an audit entry by someone not (yet) known: a failed login.
pub(crate) async fn record_anonymous(
    tx: &mut Tx,
    now: Instant,
    action: &str,
    subject: &str,
    content: &str,
) -> Result<()> {
    let digest = yijian_core::audit::digest(content.as_bytes());
    tx.append_audit(now, "anonymous", action, subject, &digest)
        .await?;
    Ok(())
}

impl App {
    /// Give a person an account (administrators only). The password is set separately.
    pub async fn create_account(
        &self,
        ctx: &Ctx,
        person: PersonId,
        username: &str,
    ) -> Result<AccountId> {
        let username = normalize_username(username)?;
        let mut tx = self.begin().await?;
        require_admin(
            &actor(&mut tx, None, ctx.person).await?,
            Action::CreateAccount,
        )?;
        tx.person(person).await?;
        let account = Account {
            id: AccountId(tx.next_id("account").await?),
            username,
            person,
            password_hash: None,
            disabled: false,
            created_at: ctx.now,
        };
        tx.insert_account(&account).await?;
        record(
            &mut tx,
            ctx,
            "account.create",
            &account_subject(&account),
            &(&account.username, account.person),
        )
        .await?;
        tx.commit().await?;
        Ok(account.id)
    }

    /// Set an account's password: an administrator, or the account's own person. Every
    /// session of the account ends, so a stolen session does not outlive a password change.
    pub async fn set_password(
        &self,
        ctx: &Ctx,
        account: AccountId,
        password: &str,
        cost: PasswordCost,
    ) -> Result<()> {
        check_password_policy(password)?;
        let phc = hash_password(password, cost).await?;
        let mut tx = self.begin().await?;
        let a = tx.account(account).await?;
        let who = actor(&mut tx, None, ctx.person).await?;
        if a.person != ctx.person {
            require_admin(&who, Action::SetPassword)?;
        }
        tx.set_password_hash(account, &phc).await?;
        tx.end_sessions_of(account, ctx.now).await?;
        record(
            &mut tx,
            ctx,
            "account.password",
            &account_subject(&a),
            &account,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Check a username and password; on success open a session (ending `replacing`, the
    /// session the client had before, so the session id always changes at login).
    pub async fn login(
        &self,
        username: &str,
        password: &str,
        now: Instant,
        replacing: Option<&str>,
    ) -> Result<LoginOutcome> {
        let name = normalize_username(username).ok();
        let found = match &name {
            Some(n) => {
                let mut tx = self.begin().await?;
                let a = tx.account_by_username(n).await?;
                tx.rollback().await?;
                a
            }
            None => None,
        };
        let stored = found
            .as_ref()
            .filter(|a| !a.disabled)
            .and_then(|a| a.password_hash.clone());
        let ok = password.len() <= MAX_PASSWORD_BYTES
            && verify_password(password, stored.clone()).await?;
        let mut tx = self.begin().await?;
        // Checked again inside the transaction: the password or the account may have changed
        // while the hash was being computed.
        let current = match (&found, ok) {
            (Some(a), true) => {
                Some(tx.account(a.id).await?).filter(|a| !a.disabled && a.password_hash == stored)
            }
            _ => None,
        };
        let Some(account) = current else {
            let subject = match &found {
                Some(a) => account_subject(a),
                None => "account:unknown".to_string(),
            };
            let attempted = name.unwrap_or_default();
            record_anonymous(&mut tx, now, "account.login_failed", &subject, &attempted).await?;
            tx.commit().await?;
            return Ok(LoginOutcome::Refused);
        };
        if let Some(old) = replacing.filter(|t| well_formed_token(t)) {
            tx.end_session(&session_token_hash(old), now).await?;
        }
        let token = random_token()?;
        let session = SessionRecord {
            token_hash: session_token_hash(&token),
            account: account.id,
            created_at: now,
            expires_at: Instant(now.0 + SESSION_LIFETIME_MS),
            ended_at: None,
        };
        tx.insert_session(&session).await?;
        let ctx = Ctx::new(account.person, now);
        record(
            &mut tx,
            &ctx,
            "account.login",
            &account_subject(&account),
            &session.expires_at,
        )
        .await?;
        tx.commit().await?;
        Ok(LoginOutcome::Accepted(NewSession {
            token,
            account: account.id,
            person: account.person,
            expires_at: session.expires_at,
        }))
    }

    /// End a session. False when the token is unknown, malformed or already ended.
    pub async fn logout(&self, token: &str, now: Instant) -> Result<bool> {
        if !well_formed_token(token) {
            return Ok(false);
        }
        let hash = session_token_hash(token);
        let mut tx = self.begin().await?;
        let Some(session) = tx.session_by_hash(&hash).await? else {
            return Ok(false);
        };
        if !tx.end_session(&hash, now).await? {
            return Ok(false);
        }
        let account = tx.account(session.account).await?;
        let ctx = Ctx::new(account.person, now);
        record(
            &mut tx,
            &ctx,
            "account.logout",
            &account_subject(&account),
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Who is behind a session token, if it is live (not ended, not expired, account enabled).
    pub async fn session(&self, token: &str, now: Instant) -> Result<Option<SessionUser>> {
        if !well_formed_token(token) {
            return Ok(None);
        }
        let mut tx = self.read().await?;
        let user = session_user(&mut tx, &session_token_hash(token), now).await;
        tx.rollback().await?;
        user
    }

    /// Every account (administrators only), without password hashes.
    pub async fn accounts(&self, ctx: &Ctx) -> Result<Vec<AccountInfo>> {
        let mut tx = self.read().await?;
        require_admin(
            &actor(&mut tx, None, ctx.person).await?,
            Action::ListAccounts,
        )?;
        let accounts = tx.accounts().await?;
        tx.rollback().await?;
        Ok(accounts
            .into_iter()
            .map(|a| AccountInfo {
                id: a.id,
                username: a.username,
                person: a.person,
                has_password: a.password_hash.is_some(),
                disabled: a.disabled,
            })
            .collect())
    }

    /// The consultations a person may see, with how far they may see into each.
    pub async fn visible_consultations(
        &self,
        person: PersonId,
        now: Instant,
    ) -> Result<Vec<VisibleConsultation>> {
        let mut tx = self.read().await?;
        let mut out = Vec::new();
        for d in tx.dossiers().await? {
            let who = actor(&mut tx, Some(d.id), person).await?;
            for c in tx.consultations(d.id).await? {
                let access = access_in(&mut tx, &who, &c, now).await?;
                if access != ConsultationAccess::None {
                    out.push(VisibleConsultation {
                        consultation: c,
                        access,
                    });
                }
            }
        }
        tx.rollback().await?;
        Ok(out)
    }

    /// One consultation, if the person may see it (`None` also when it does not exist).
    pub async fn visible_consultation(
        &self,
        person: PersonId,
        id: ConsultationId,
        now: Instant,
    ) -> Result<Option<VisibleConsultation>> {
        let mut tx = self.read().await?;
        let seen = visible_in(&mut tx, person, id, now).await;
        tx.rollback().await?;
        seen
    }

    /// The version under consultation, as far as the person may read it.
    pub async fn consultation_version(
        &self,
        person: PersonId,
        id: ConsultationId,
        now: Instant,
    ) -> Result<ConsultationVersion> {
        let mut tx = self.read().await?;
        let Some(seen) = visible_in(&mut tx, person, id, now).await? else {
            tx.rollback().await?;
            return Ok(ConsultationVersion::Hidden);
        };
        let out = match seen.consultation.version {
            None => ConsultationVersion::NoVersion(seen),
            Some(_) if !seen.access.reads_version() => ConsultationVersion::OutsideWindow(seen),
            Some(v) => ConsultationVersion::Readable {
                version: tx.version(v).await?,
                blocks: tx.blocks(v).await?,
                consultation: seen,
            },
        };
        tx.rollback().await?;
        Ok(out)
    }

    /// The caller's own response (and its live items) in a consultation whose scope includes
    /// them; `None` when they are not a consultee in it.
    pub async fn own_response(
        &self,
        person: PersonId,
        id: ConsultationId,
        now: Instant,
    ) -> Result<Option<OwnResponse>> {
        let mut tx = self.read().await?;
        let out = own_response_in(&mut tx, person, id, now).await;
        tx.rollback().await?;
        out
    }

    /// The dossiers whose whole record the person sees.
    pub async fn record_dossiers(&self, person: PersonId) -> Result<Vec<Dossier>> {
        let mut tx = self.read().await?;
        let mut out = Vec::new();
        for d in tx.dossiers().await? {
            if sees_record(&actor(&mut tx, Some(d.id), person).await?) {
                out.push(d);
            }
        }
        tx.rollback().await?;
        Ok(out)
    }

    /// A dossier's record for its dashboard, if the person sees it (`None` also when the
    /// dossier does not exist).
    pub async fn dossier_record(
        &self,
        person: PersonId,
        dossier: DossierId,
    ) -> Result<Option<DossierRecord>> {
        let mut tx = self.read().await?;
        let out = dossier_record_in(&mut tx, person, dossier).await;
        tx.rollback().await?;
        out
    }

    /// A version with its item counts per paragraph, for those who see its dossier's record.
    pub async fn version_record(
        &self,
        person: PersonId,
        version: VersionId,
    ) -> Result<Option<VersionRecord>> {
        let mut tx = self.read().await?;
        let out = version_record_in(&mut tx, person, version).await;
        tx.rollback().await?;
        out
    }

    /// The live items on one paragraph of a version, for those who see the dossier's record.
    pub async fn paragraph_items(
        &self,
        person: PersonId,
        version: VersionId,
        paragraph: ParagraphId,
    ) -> Result<Option<(Version, Block, Vec<Item>)>> {
        let mut tx = self.read().await?;
        let out = paragraph_items_in(&mut tx, person, version, paragraph).await;
        tx.rollback().await?;
        out
    }
}

async fn session_user(tx: &mut Tx, hash: &str, now: Instant) -> Result<Option<SessionUser>> {
    let Some(s) = tx.session_by_hash(hash).await? else {
        return Ok(None);
    };
    if s.ended_at.is_some() || now >= s.expires_at {
        return Ok(None);
    }
    let account = tx.account(s.account).await?;
    if account.disabled {
        return Ok(None);
    }
    let person = tx.person(account.person).await?;
    let global_roles = tx.roles(None, person.id).await?;
    Ok(Some(SessionUser {
        account: account.id,
        username: account.username,
        person: person.id,
        name: person.name,
        body: person.body,
        global_roles,
        expires_at: s.expires_at,
    }))
}

pub(crate) async fn access_in(
    tx: &mut Tx,
    who: &Actor,
    c: &Consultation,
    now: Instant,
) -> Result<ConsultationAccess> {
    let in_scope = if sees_record(who) {
        false
    } else {
        tx.in_scope(c.id, rules::respondent_of(who)).await?
    };
    Ok(consultation_access(who, c, in_scope, now))
}

async fn visible_in(
    tx: &mut Tx,
    person: PersonId,
    id: ConsultationId,
    now: Instant,
) -> Result<Option<VisibleConsultation>> {
    let c = match found(tx.consultation(id).await)? {
        Some(c) => c,
        None => return Ok(None),
    };
    let who = actor(tx, Some(c.dossier), person).await?;
    let access = access_in(tx, &who, &c, now).await?;
    Ok(
        (access != ConsultationAccess::None).then_some(VisibleConsultation {
            consultation: c,
            access,
        }),
    )
}

async fn own_response_in(
    tx: &mut Tx,
    person: PersonId,
    id: ConsultationId,
    now: Instant,
) -> Result<Option<OwnResponse>> {
    let Some(seen) = visible_in(tx, person, id, now).await? else {
        return Ok(None);
    };
    let who = actor(tx, Some(seen.consultation.dossier), person).await?;
    let respondent = rules::respondent_of(&who);
    if !tx.in_scope(id, respondent).await? {
        return Ok(None);
    }
    let response = tx.response_of(id, respondent).await?;
    let items = match &response {
        Some(r) => tx.items_of_response(r.id).await?,
        None => Vec::new(),
    };
    let dossier = seen.consultation.dossier;
    let mut outcomes = HashMap::new();
    if tx.handling_published(dossier).await?.is_some() {
        let mut all = tx.current_disposition_records(dossier).await?;
        for i in &items {
            if let Some(d) = all.remove(&i.id) {
                outcomes.insert(i.id, d);
            }
        }
    }
    Ok(Some(OwnResponse {
        respondent,
        response,
        items,
        outcomes,
    }))
}

/// The dossier, if it exists and the person sees its record.
pub(crate) async fn record_holder(
    tx: &mut Tx,
    person: PersonId,
    dossier: DossierId,
) -> Result<Option<(Dossier, Actor)>> {
    let d = match found(tx.dossier(dossier).await)? {
        Some(d) => d,
        None => return Ok(None),
    };
    let who = actor(tx, Some(dossier), person).await?;
    Ok(sees_record(&who).then_some((d, who)))
}

async fn dossier_record_in(
    tx: &mut Tx,
    person: PersonId,
    dossier: DossierId,
) -> Result<Option<DossierRecord>> {
    let Some((d, who)) = record_holder(tx, person, dossier).await? else {
        return Ok(None);
    };
    Ok(Some(DossierRecord {
        summary: tx.summary(dossier).await?,
        versions: tx.versions(dossier).await?,
        consultations: tx.consultations(dossier).await?,
        roles: who.roles,
        dossier: d,
    }))
}

/// A version of a dossier whose record the person sees.
async fn record_version(
    tx: &mut Tx,
    person: PersonId,
    version: VersionId,
) -> Result<Option<(Dossier, Version)>> {
    let v = match found(tx.version(version).await)? {
        Some(v) => v,
        None => return Ok(None),
    };
    Ok(record_holder(tx, person, v.dossier)
        .await?
        .map(|(d, _)| (d, v)))
}

async fn version_record_in(
    tx: &mut Tx,
    person: PersonId,
    version: VersionId,
) -> Result<Option<VersionRecord>> {
    let Some((dossier, v)) = record_version(tx, person, version).await? else {
        return Ok(None);
    };
    let blocks = tx.blocks(version).await?;
    let mut items_per_paragraph = tx.items_per_paragraph(dossier.id).await?;
    items_per_paragraph.retain(|p, _| blocks.iter().any(|b| b.paragraph == *p));
    let public_consultations: Vec<ConsultationId> = tx
        .consultations(dossier.id)
        .await?
        .into_iter()
        .filter(|c| c.kind == ConsultationKind::Public && c.version == Some(version))
        .map(|c| c.id)
        .collect();
    let mut comments_per_paragraph: HashMap<ParagraphId, usize> = HashMap::new();
    for c in &public_consultations {
        for (p, n) in tx.comments_on_paragraphs(*c).await? {
            *comments_per_paragraph.entry(p).or_default() += n as usize;
        }
    }
    comments_per_paragraph.retain(|p, _| blocks.iter().any(|b| b.paragraph == *p));
    Ok(Some(VersionRecord {
        dossier,
        version: v,
        blocks,
        items_per_paragraph,
        public_consultations,
        comments_per_paragraph,
    }))
}

async fn paragraph_items_in(
    tx: &mut Tx,
    person: PersonId,
    version: VersionId,
    paragraph: ParagraphId,
) -> Result<Option<(Version, Block, Vec<Item>)>> {
    let Some((dossier, v)) = record_version(tx, person, version).await? else {
        return Ok(None);
    };
    let blocks = tx.blocks(version).await?;
    let Some(block) = blocks.into_iter().find(|b| b.paragraph == paragraph) else {
        return Ok(None);
    };
    let items = tx
        .items(dossier.id)
        .await?
        .into_iter()
        .filter(|i| i.anchor.is_some_and(|a| a.paragraph == paragraph))
        .collect();
    Ok(Some((v, block, items)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NewDossier, NewItem, OpenConsultation, ParagraphRef};
    use yijian_store::on_both_backends;

    const T0: Instant = Instant(1_790_000_000_000);
    const DAY: i64 = 86_400_000;

    fn actor_with(roles: &[Role], body: Option<BodyId>) -> Actor {
        Actor {
            person: PersonId(7),
            name: "x".into(),
            body,
            roles: roles.to_vec(),
        }
    }

    fn consultation(opens: i64, closes: i64) -> Consultation {
        Consultation {
            id: ConsultationId(1),
            dossier: DossierId(1),
            kind: ConsultationKind::Draft,
            title: "t".into(),
            version: Some(VersionId(1)),
            question: None,
            opens_at: Instant(opens),
            closes_at: Instant(closes),
        }
    }

    #[test]
    fn access_rules() {
        let c = consultation(100, 200);
        for role in [
            Role::Administrator,
            Role::Auditor,
            Role::Leader,
            Role::Deputy,
            Role::Member,
            Role::Reviewer,
        ] {
            let a = actor_with(&[role], None);
            assert!(sees_record(&a), "{role}");
            assert_eq!(
                consultation_access(&a, &c, false, Instant(500)),
                ConsultationAccess::Record
            );
        }
        let contact = actor_with(&[Role::Contact], Some(BodyId(3)));
        assert!(!sees_record(&contact));
        assert_eq!(
            consultation_access(&contact, &c, false, Instant(150)),
            ConsultationAccess::None,
            "out of scope sees nothing, even inside the window"
        );
        let inside = consultation_access(&contact, &c, true, Instant(150));
        assert_eq!(
            inside,
            ConsultationAccess::Consultee {
                reads_version: true
            }
        );
        assert!(inside.reads_version());
        for at in [50, 200, 900] {
            let a = consultation_access(&contact, &c, true, Instant(at));
            assert_eq!(
                a,
                ConsultationAccess::Consultee {
                    reads_version: false
                },
                "at {at}"
            );
            assert!(!a.reads_version());
        }
        assert!(!sees_record(&actor_with(&[], None)));
    }

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(normalize_username("  Leader ").unwrap(), "leader");
        assert_eq!(normalize_username("林远舟").unwrap(), "林远舟");
        assert_eq!(normalize_username("a.b-c_d@x").unwrap(), "a.b-c_d@x");
        for bad in ["", "  ", "a b", "<script>", "x\ny", &"a".repeat(65)] {
            assert!(normalize_username(bad).is_err(), "{bad:?}");
        }
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("long enough").is_ok());
        assert!(check_password_policy(&"x".repeat(2000)).is_err());
        let t = random_token().unwrap();
        assert!(well_formed_token(&t));
        assert_ne!(t, random_token().unwrap());
        assert_eq!(session_token_hash(&t).len(), 64);
        assert_ne!(session_token_hash(&t), t);
        assert!(!well_formed_token("../../etc"));
    }

    /// A small dossier: an admin, a leader, a contact of an invited body, a contact of a body
    /// left out, a released version and a draft consultation open from T0 for 10 days.
    struct World {
        app: App,
        admin: PersonId,
        leader: PersonId,
        insider: PersonId,
        outsider: PersonId,
        consultation: ConsultationId,
        version: VersionId,
    }

    async fn world(target: &str) -> World {
        let app = App::open(target).await.unwrap();
        let admin = app.init("管理员", T0).await.unwrap();
        let ctx = Ctx::new(admin, T0);
        let invited = app
            .add_body(&ctx, "东城市", BodyKind::Consultee, Some(Category::Region))
            .await
            .unwrap();
        let left_out = app
            .add_body(&ctx, "西城市", BodyKind::Consultee, Some(Category::Region))
            .await
            .unwrap();
        let leader = app.add_person(&ctx, "组长", None).await.unwrap();
        let insider = app
            .add_person(&ctx, "东城联络员", Some(invited))
            .await
            .unwrap();
        let outsider = app
            .add_person(&ctx, "西城联络员", Some(left_out))
            .await
            .unwrap();
        let dossier = app
            .create_dossier(
                &ctx,
                &NewDossier {
                    title: "关于改进社区服务的若干意见".into(),
                    purpose: String::new(),
                    requirements: String::new(),
                    topic_decided_on: None,
                    leading_body: None,
                    drafting_group: None,
                },
            )
            .await
            .unwrap();
        app.assign_role(&ctx, Some(dossier), leader, Role::Leader)
            .await
            .unwrap();
        for p in [insider, outsider] {
            app.assign_role(&ctx, Some(dossier), p, Role::Contact)
                .await
                .unwrap();
        }
        let lead = Ctx::new(leader, T0);
        let text = "# 标题\n\n第一段内容。\n\n第二段内容。\n";
        let version = app
            .import_version(&lead, dossier, "征求意见稿", "d.md", text.as_bytes(), None)
            .await
            .unwrap();
        app.release_version(&lead, version).await.unwrap();
        let consultation = app
            .open_consultation(
                &lead,
                &OpenConsultation {
                    dossier,
                    kind: ConsultationKind::Draft,
                    title: "征求意见".into(),
                    version: Some(version),
                    question: None,
                    opens_at: T0,
                    closes_at: Instant(T0.0 + 10 * DAY),
                    scope: vec![Respondent::Body(invited)],
                },
            )
            .await
            .unwrap();
        World {
            app,
            admin,
            leader,
            insider,
            outsider,
            consultation,
            version,
        }
    }

    async fn account(w: &World, person: PersonId, name: &str) -> AccountId {
        let ctx = Ctx::new(w.admin, T0);
        let id = w.app.create_account(&ctx, person, name).await.unwrap();
        w.app
            .set_password(&ctx, id, "correct horse", PasswordCost::FAST_FOR_TESTS)
            .await
            .unwrap();
        id
    }

    async fn audit_actions(app: &App) -> Vec<String> {
        let mut tx = app.begin().await.unwrap();
        let page = tx.audit_page(0, 100_000).await.unwrap();
        tx.rollback().await.unwrap();
        page.into_iter().map(|e| e.action).collect()
    }

    on_both_backends!(
        /// Login refuses a wrong password and an unknown user alike, opens a session that a
        /// later login replaces, and logout ends it; each step is in the audit log.
        login_sessions_and_logout,
        |target: String| async move {
            let w = world(&target).await;
            let id = account(&w, w.leader, " Leader ").await;
            let app = &w.app;
            assert_eq!(
                app.login("leader", "wrong password", T0, None)
                    .await
                    .unwrap(),
                LoginOutcome::Refused
            );
            assert_eq!(
                app.login("nobody", "correct horse", T0, None)
                    .await
                    .unwrap(),
                LoginOutcome::Refused
            );
            let LoginOutcome::Accepted(first) =
                app.login("LEADER", "correct horse", T0, None).await.unwrap()
            else {
                panic!("the right password is accepted");
            };
            assert_eq!(first.account, id);
            let user = app.session(&first.token, T0).await.unwrap().unwrap();
            assert_eq!((user.username.as_str(), user.person), ("leader", w.leader));
            assert!(app
                .session(&first.token, first.expires_at)
                .await
                .unwrap()
                .is_none());
            let LoginOutcome::Accepted(second) = app
                .login("leader", "correct horse", T0, Some(&first.token))
                .await
                .unwrap()
            else {
                panic!("accepted again");
            };
            assert_ne!(first.token, second.token, "a login always makes a new session");
            assert!(app.session(&first.token, T0).await.unwrap().is_none());
            assert!(app.logout(&second.token, T0).await.unwrap());
            assert!(!app.logout(&second.token, T0).await.unwrap());
            assert!(app.session(&second.token, T0).await.unwrap().is_none());
            assert!(app.session("garbage", T0).await.unwrap().is_none());
            let actions = audit_actions(app).await;
            for a in [
                "account.create",
                "account.password",
                "account.login_failed",
                "account.login",
                "account.logout",
            ] {
                assert!(actions.iter().any(|x| x == a), "{a} audited");
            }
            assert_eq!(
                actions
                    .iter()
                    .filter(|a| *a == "account.login_failed")
                    .count(),
                2
            );
            app.verify_audit(None).await.unwrap();
        }
    );

    on_both_backends!(
        /// Only administrators create accounts and set others' passwords; a password change
        /// ends the account's sessions.
        account_management_is_guarded,
        |target: String| async move {
            let w = world(&target).await;
            let app = &w.app;
            let lead = Ctx::new(w.leader, T0);
            assert!(app.create_account(&lead, w.leader, "me").await.is_err());
            let id = account(&w, w.leader, "leader").await;
            let other = account(&w, w.insider, "insider").await;
            let err = app
                .set_password(&lead, other, "new password", PasswordCost::FAST_FOR_TESTS)
                .await
                .unwrap_err();
            assert!(err.to_string().contains("administrator"), "{err}");
            let dup = app
                .create_account(&Ctx::new(w.admin, T0), w.outsider, "LEADER")
                .await
                .unwrap_err();
            assert!(dup.to_string().contains("already exists"), "{dup}");
            let LoginOutcome::Accepted(s) =
                app.login("leader", "correct horse", T0, None).await.unwrap()
            else {
                panic!()
            };
            app.set_password(&lead, id, "another one", PasswordCost::FAST_FOR_TESTS)
                .await
                .unwrap();
            assert!(app.session(&s.token, T0).await.unwrap().is_none());
            assert_eq!(
                app.login("leader", "correct horse", T0, None)
                    .await
                    .unwrap(),
                LoginOutcome::Refused
            );
            assert!(matches!(
                app.login("leader", "another one", T0, None).await.unwrap(),
                LoginOutcome::Accepted(_)
            ));
            assert!(app
                .set_password(&lead, id, "short", PasswordCost::FAST_FOR_TESTS)
                .await
                .is_err());
            let listed = app.accounts(&Ctx::new(w.admin, T0)).await.unwrap();
            assert_eq!(listed.len(), 2);
            assert!(app.accounts(&lead).await.is_err());
        }
    );

    on_both_backends!(
        /// Consultations, versions and own responses are visible by role and scope only.
        visibility_by_role_and_scope,
        |target: String| async move {
            let w = world(&target).await;
            let app = &w.app;
            let during = Instant(T0.0 + DAY);
            let after = Instant(T0.0 + 11 * DAY);
            let listed = |p| async move {
                app.visible_consultations(p, during)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|v| (v.consultation.id, v.access))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                listed(w.leader).await,
                vec![(w.consultation, ConsultationAccess::Record)]
            );
            assert_eq!(
                listed(w.insider).await,
                vec![(
                    w.consultation,
                    ConsultationAccess::Consultee {
                        reads_version: true
                    }
                )]
            );
            assert!(listed(w.outsider).await.is_empty());
            assert_eq!(
                app.consultation_version(w.outsider, w.consultation, during)
                    .await
                    .unwrap(),
                ConsultationVersion::Hidden
            );
            assert_eq!(
                app.consultation_version(w.leader, ConsultationId(999), during)
                    .await
                    .unwrap(),
                ConsultationVersion::Hidden
            );
            let ConsultationVersion::Readable { version, blocks, .. } = app
                .consultation_version(w.insider, w.consultation, during)
                .await
                .unwrap()
            else {
                panic!("the insider reads the draft during the window");
            };
            assert_eq!(version.id, w.version);
            assert!(blocks.iter().any(|b| b.text == "第二段内容。"));
            assert!(matches!(
                app.consultation_version(w.insider, w.consultation, after)
                    .await
                    .unwrap(),
                ConsultationVersion::OutsideWindow(_)
            ));
            assert!(matches!(
                app.consultation_version(w.leader, w.consultation, after)
                    .await
                    .unwrap(),
                ConsultationVersion::Readable { .. }
            ));
            // The insider's own response; the outsider has none to see.
            let ctx = Ctx::new(w.insider, during);
            let item = NewItem {
                kind: ItemKind::Suggestion,
                text: "建议补充。".into(),
                paragraph: Some(ParagraphRef::Number(2)),
                span: None,
            };
            app.add_item(&ctx, w.consultation, &item).await.unwrap();
            let own = app
                .own_response(w.insider, w.consultation, during)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(own.items.len(), 1);
            assert!(app
                .own_response(w.outsider, w.consultation, during)
                .await
                .unwrap()
                .is_none());
            assert!(app
                .own_response(w.leader, w.consultation, during)
                .await
                .unwrap()
                .is_none());
            // The record: the leader sees the dossier, its version and the heat map; the
            // consultees see none of it.
            let record = app.version_record(w.leader, w.version).await.unwrap().unwrap();
            let second = record
                .blocks
                .iter()
                .find(|b| b.text == "第二段内容。")
                .unwrap()
                .paragraph;
            assert_eq!(record.items_per_paragraph.get(&second), Some(&1));
            let (_, block, items) = app
                .paragraph_items(w.leader, w.version, second)
                .await
                .unwrap()
                .unwrap();
            assert_eq!((block.paragraph, items.len()), (second, 1));
            let dossier = record.dossier.id;
            assert!(app.dossier_record(w.leader, dossier).await.unwrap().is_some());
            assert_eq!(app.record_dossiers(w.leader).await.unwrap().len(), 1);
            for p in [w.insider, w.outsider] {
                assert!(app.version_record(p, w.version).await.unwrap().is_none());
                assert!(app.dossier_record(p, dossier).await.unwrap().is_none());
                assert!(app
                    .paragraph_items(p, w.version, second)
                    .await
                    .unwrap()
                    .is_none());
                assert!(app.record_dossiers(p).await.unwrap().is_empty());
            }
        }
    );
}
