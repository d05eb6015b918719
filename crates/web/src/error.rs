//! One error type for the HTTP layer, answered as JSON by the API and as a page by the site.
//!
//! What a client is told comes from the message files in the request's language: the title
//! of the error page is `error-<code>`, and the detail — which rule was broken, which value
//! was wrong — is a [`Detail`]: a [`DomainError`] (its `domain-…` key and arguments) or a
//! problem the web layer found itself (`web-…`). `Display` stays English, for the logs.

use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use yijian_app::{AppError, TextError};
use yijian_core::error::{Arg, RecordKind};
use yijian_core::DomainError;

use crate::i18n::{Lang, Msgs};

/// What went wrong with a request, as far as the client may know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebError {
    #[error("log in first")]
    Unauthenticated,
    #[error("wrong username or password")]
    BadCredentials,
    /// Missing, or not visible to the caller: the same answer on purpose.
    #[error("not found")]
    NotFound,
    #[error("{0}")]
    Forbidden(Detail),
    #[error("the request was refused: it did not come from this site's own form")]
    Csrf,
    #[error("too many attempts; wait a minute and try again")]
    RateLimited,
    /// Over a rate limit of the record (the public pages' limits), with the rule's detail.
    #[error("{0}")]
    Limited(Detail),
    #[error("{0}")]
    Invalid(Detail),
    #[error("the request is too large")]
    TooLarge,
    #[error("{0}")]
    Conflict(Detail),
    /// Details go to the server's log, never to the client.
    #[error("internal error")]
    Internal(String),
}

/// Which rule or value was at fault: said to the client from the message files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Detail {
    /// A rule of the domain (its own key and arguments).
    #[error(transparent)]
    Domain(DomainError),
    #[error("the form is not valid UTF-8 text")]
    FormNotUtf8,
    /// A body or a query that does not parse (axum's words, kept as the technical detail).
    #[error("the request could not be read: {0}")]
    Unreadable(String),
    #[error("the upload could not be read: {0}")]
    UploadUnreadable(String),
    #[error("paragraphs are numbered from 1")]
    ParagraphFromOne,
    #[error("{0:?} is not a paragraph number")]
    NotAParagraphNumber(String),
    #[error("{value:?} is not a valid {kind} number")]
    NotAnId { kind: RecordKind, value: String },
    #[error("choose the {0}")]
    NotChosen(RecordKind),
    #[error("assignee {0:?} is not a person id or \"none\"")]
    BadAssignee(String),
    #[error("choose who the items go to")]
    NoAssignee,
    #[error("select at least one item")]
    NoItems,
    #[error("{0:?} is not an action")]
    UnknownAction(String),
    #[error("the dossier has no version yet")]
    NoVersionYet,
    #[error("the form names no version to revise")]
    NoParentVersion,
    #[error("this version has no earlier version to compare with")]
    NoEarlierVersion,
    #[error("choose a file to upload")]
    NoFile,
    #[error("the checkpoint is COUNT:HASH, as `yijian audit verify` prints it, not {0:?}")]
    BadCheckpoint(String),
    #[error("the consultation's window is not open: its draft is not available to consultees")]
    OutsideWindow,
    #[error("the draft is not open for comments")]
    DraftNotOpen,
    #[error("an item has at most {0} characters")]
    ItemTooLong(usize),
    #[error("quoted words need a paragraph: choose which")]
    QuoteNeedsParagraph,
    #[error("the quoted words are not in paragraph {0}")]
    QuoteNotInParagraph(u32),
    #[error("there is no paragraph {0}")]
    NoParagraph(u32),
    #[error("numbered copies are made for organizations; read the draft on the page")]
    CopiesForOrganizations,
    #[error("opens: {0:?} is not a date (YYYY-MM-DD)")]
    BadOpeningDate(String),
    #[error("closes: {0:?} is not a date (YYYY-MM-DD)")]
    BadClosingDate(String),
    #[error("choose whom to consult: a category or bodies by name")]
    NoScope,
    #[error("the two passwords differ")]
    PasswordsDiffer,
    // The text engine's refusals of an uploaded file (`yijian_text::TextError`).
    #[error("the file is empty")]
    FileEmpty,
    #[error("the file is binary data, not text")]
    FileBinary,
    #[error("the file is not valid UTF-8 (first bad byte at offset {0})")]
    FileNotUtf8(usize),
    #[error("the .docx file is corrupt: {0}")]
    CorruptDocx(String),
    #[error("the file is not valid {encoding} text (first bad byte at offset {offset})")]
    Undecodable { encoding: String, offset: usize },
    #[error("unsupported file format {0:?} (expected .txt, .md, .markdown or .docx)")]
    UnsupportedFormat(String),
    /// A file of public comments that cannot be read (the web imports none yet; the CLI does).
    #[error("the file of comments cannot be read: {0}")]
    CommentFile(String),
    /// A search's "which comments" that is none of all, `campaign`, `unique`.
    #[error("{0:?} is not a choice of comments (campaign or unique)")]
    BadSearchScope(String),
}

impl Detail {
    /// The message key: the domain error's own, or `web-…`.
    pub fn key(&self) -> &'static str {
        use Detail::*;
        match self {
            Domain(d) => d.key(),
            FormNotUtf8 => "web-form-not-utf8",
            Unreadable(_) => "web-unreadable",
            UploadUnreadable(_) => "web-upload-unreadable",
            ParagraphFromOne => "web-paragraph-from-one",
            NotAParagraphNumber(_) => "web-not-a-paragraph-number",
            NotAnId { .. } => "web-not-an-id",
            NotChosen(_) => "web-not-chosen",
            BadAssignee(_) => "web-bad-assignee",
            NoAssignee => "web-no-assignee",
            NoItems => "web-no-items",
            UnknownAction(_) => "web-unknown-action",
            NoVersionYet => "web-no-version-yet",
            NoParentVersion => "web-no-parent-version",
            NoEarlierVersion => "web-no-earlier-version",
            NoFile => "web-no-file",
            BadCheckpoint(_) => "web-bad-checkpoint",
            OutsideWindow => "web-outside-window",
            DraftNotOpen => "web-draft-not-open",
            ItemTooLong(_) => "web-item-too-long",
            QuoteNeedsParagraph => "web-quote-needs-paragraph",
            QuoteNotInParagraph(_) => "web-quote-not-in-paragraph",
            NoParagraph(_) => "web-no-paragraph",
            CopiesForOrganizations => "web-copies-for-organizations",
            BadOpeningDate(_) => "web-bad-opening-date",
            BadClosingDate(_) => "web-bad-closing-date",
            NoScope => "web-no-scope",
            PasswordsDiffer => "web-passwords-differ",
            FileEmpty => "web-file-empty",
            FileBinary => "web-file-binary",
            FileNotUtf8(_) => "web-file-not-utf8",
            CorruptDocx(_) => "web-corrupt-docx",
            Undecodable { .. } => "web-undecodable",
            UnsupportedFormat(_) => "web-unsupported-format",
            CommentFile(_) => "web-comment-file",
            BadSearchScope(_) => "web-bad-search-scope",
        }
    }

    /// The arguments of the message, by the names it uses.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        use Detail::*;
        let v = |x: &dyn std::fmt::Display| Arg::Value(x.to_string());
        match self {
            Domain(d) => d.args(),
            Unreadable(s) | UploadUnreadable(s) | CorruptDocx(s) => vec![("detail", v(s))],
            NotAParagraphNumber(s)
            | BadAssignee(s)
            | UnknownAction(s)
            | BadCheckpoint(s)
            | BadOpeningDate(s)
            | BadClosingDate(s)
            | UnsupportedFormat(s)
            | CommentFile(s)
            | BadSearchScope(s) => vec![("value", v(s))],
            NotAnId { kind, value } => vec![("kind", Arg::Key(kind.key())), ("value", v(value))],
            NotChosen(kind) => vec![("kind", Arg::Key(kind.key()))],
            ItemTooLong(n) => vec![("n", v(n))],
            QuoteNotInParagraph(n) | NoParagraph(n) => vec![("n", v(n))],
            FileNotUtf8(offset) => vec![("offset", v(offset))],
            Undecodable { encoding, offset } => {
                vec![("encoding", v(encoding)), ("offset", v(offset))]
            }
            FormNotUtf8
            | ParagraphFromOne
            | NoAssignee
            | NoItems
            | NoVersionYet
            | NoParentVersion
            | NoEarlierVersion
            | NoFile
            | OutsideWindow
            | DraftNotOpen
            | QuoteNeedsParagraph
            | CopiesForOrganizations
            | NoScope
            | PasswordsDiffer
            | FileEmpty
            | FileBinary => vec![],
        }
    }

    /// The detail in `m`'s language.
    pub fn say(&self, m: Msgs) -> String {
        m.say(self.key(), &self.args())
    }

    /// One detail of every variant (the domain's own examples once each), for the tests.
    #[cfg(test)]
    pub(crate) fn examples() -> Vec<Detail> {
        use Detail::*;
        let mut all: Vec<Detail> = DomainError::examples().into_iter().map(Domain).collect();
        all.extend([
            FormNotUtf8,
            Unreadable("missing field `kind`".into()),
            UploadUnreadable("stream ended early".into()),
            ParagraphFromOne,
            NotAParagraphNumber("三".into()),
            NotAnId {
                kind: RecordKind::Item,
                value: "x".into(),
            },
            NotChosen(RecordKind::Version),
            BadAssignee("somebody".into()),
            NoAssignee,
            NoItems,
            UnknownAction("explode".into()),
            NoVersionYet,
            NoParentVersion,
            NoEarlierVersion,
            NoFile,
            BadCheckpoint("12".into()),
            OutsideWindow,
            DraftNotOpen,
            ItemTooLong(5000),
            QuoteNeedsParagraph,
            QuoteNotInParagraph(3),
            NoParagraph(99),
            CopiesForOrganizations,
            BadOpeningDate("2026-13-01".into()),
            BadClosingDate("tomorrow".into()),
            NoScope,
            PasswordsDiffer,
            FileEmpty,
            FileBinary,
            FileNotUtf8(17),
            CorruptDocx("invalid Zip archive".into()),
            Undecodable {
                encoding: "GB18030".into(),
                offset: 9,
            },
            UnsupportedFormat("a.pdf".into()),
            CommentFile("the .xlsx file is corrupt".into()),
            BadSearchScope("some".into()),
        ]);
        all
    }
}

impl From<DomainError> for Detail {
    fn from(e: DomainError) -> Self {
        Detail::Domain(e)
    }
}

impl From<TextError> for Detail {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => Detail::FileEmpty,
            TextError::Binary => Detail::FileBinary,
            TextError::NotUtf8 { offset } => Detail::FileNotUtf8(offset),
            TextError::CorruptDocx(why) => Detail::CorruptDocx(why),
            TextError::Undecodable { encoding, offset } => Detail::Undecodable { encoding, offset },
            TextError::UnsupportedFormat(name) => Detail::UnsupportedFormat(name),
            e @ (TextError::UnsupportedCommentFormat(_)
            | TextError::Utf16Rows
            | TextError::CorruptXlsx(_)
            | TextError::Unreadable { .. }
            | TextError::NoHeader
            | TextError::MissingColumn { .. }
            | TextError::DuplicateColumn(_)) => Detail::CommentFile(e.to_string()),
        }
    }
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::Unauthenticated | WebError::BadCredentials => StatusCode::UNAUTHORIZED,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden(_) | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::RateLimited | WebError::Limited(_) => StatusCode::TOO_MANY_REQUESTS,
            WebError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable code for clients (the API's `error`): the kind of answer.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "unauthenticated",
            WebError::BadCredentials => "bad_credentials",
            WebError::NotFound => "not_found",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf => "csrf",
            WebError::RateLimited | WebError::Limited(_) => "rate_limited",
            WebError::Invalid(_) => "invalid",
            WebError::TooLarge => "too_large",
            WebError::Conflict(_) => "conflict",
            WebError::Internal(_) => "internal",
        }
    }

    /// The message key of the title (the error page's heading): `error-<code>`.
    pub fn title_key(&self) -> &'static str {
        match self {
            WebError::Unauthenticated => "error-unauthenticated",
            WebError::BadCredentials => "error-bad_credentials",
            WebError::NotFound => "error-not_found",
            WebError::Forbidden(_) => "error-forbidden",
            WebError::Csrf => "error-csrf",
            WebError::RateLimited | WebError::Limited(_) => "error-rate_limited",
            WebError::Invalid(_) => "error-invalid",
            WebError::TooLarge => "error-too_large",
            WebError::Conflict(_) => "error-conflict",
            WebError::Internal(_) => "error-internal",
        }
    }

    /// The detail a client may see (the rule that was broken), if any.
    pub fn detail(&self) -> Option<&Detail> {
        match self {
            WebError::Forbidden(d)
            | WebError::Invalid(d)
            | WebError::Conflict(d)
            | WebError::Limited(d) => Some(d),
            _ => None,
        }
    }

    /// The stable key of what the client is told (the API's `code`): the detail's, else the
    /// title's.
    pub fn key(&self) -> &'static str {
        self.detail().map_or(self.title_key(), Detail::key)
    }

    /// What the client is told in `m`'s language: the detail, else the title.
    pub fn message(&self, m: Msgs) -> String {
        match self.detail() {
            Some(d) => d.say(m),
            None => m.t(self.title_key()).to_string(),
        }
    }

    pub(crate) fn internal(e: impl std::fmt::Display) -> WebError {
        WebError::Internal(e.to_string())
    }

    /// One error of every variant, for the tests.
    #[cfg(test)]
    pub(crate) fn examples() -> Vec<WebError> {
        vec![
            WebError::Unauthenticated,
            WebError::BadCredentials,
            WebError::NotFound,
            WebError::Forbidden(Detail::OutsideWindow),
            WebError::Csrf,
            WebError::RateLimited,
            WebError::Limited(Detail::Domain(DomainError::TooMany {
                limit: yijian_core::error::Limit::CommentsPerHour,
                max: 10,
            })),
            WebError::Invalid(Detail::NoItems),
            WebError::TooLarge,
            WebError::Conflict(Detail::Domain(DomainError::SameVersion)),
            WebError::Internal("disk on fire".into()),
        ]
    }
}

impl From<Detail> for WebError {
    /// A detail found by the web layer is bad input (422).
    fn from(d: Detail) -> Self {
        match d {
            Detail::Domain(e) => e.into(),
            other => WebError::Invalid(other),
        }
    }
}

impl From<DomainError> for WebError {
    /// The answer to each broken rule. The match names every variant, so that a new one is
    /// answered on purpose: 404 (as for what the caller may not see), 403, 409 for what
    /// cannot be done now or again, 422 for the rest.
    fn from(d: DomainError) -> Self {
        use DomainError::*;
        match d {
            // A public-comment view of a consultation that has no public comments: not there.
            NotFound { .. } | NotPublic { .. } => WebError::NotFound,
            Forbidden { .. } | OutOfScope { .. } | CommenterNotVerified(_) => {
                WebError::Forbidden(Detail::Domain(d))
            }
            TooMany { .. } => WebError::Limited(Detail::Domain(d)),
            Closed { .. }
            | NotYetOpen { .. }
            | VersionReleased(_)
            | AlreadyInitialised
            | BodyNameTaken(_)
            | UsernameTaken(_)
            | PersonHasAccount(_)
            | AlreadyInScope { .. }
            | AlreadyAdopted(_)
            | HandlingAlreadyPublished(_)
            | ModificationsAlreadyRecorded { .. }
            | ThemeAllGrouped(_) => WebError::Conflict(Detail::Domain(d)),
            InvalidDate(_)
            | Empty { .. }
            | InvalidValue { .. }
            | OtherDossier { .. }
            | DemoNeedsEmptyDatabase
            | NoSuchBody(_)
            | WrongBodyKind { .. }
            | CategoryNeeded
            | CategoryNotAllowed(_)
            | GlobalRoleInDossier(_)
            | DossierRoleWithoutDossier(_)
            | PersonWithoutBody { .. }
            | PersonBodyNotConsultee(_)
            | UsernameTooLong { .. }
            | UsernameCharacters(_)
            | PasswordTooShort(_)
            | PasswordTooLong(_)
            | AccountDisabled(_)
            | InvitationInvalid
            | CannotDisableSelf
            | VersionNotReleased(..)
            | VersionEmpty(_)
            | NoSuchPart { .. }
            | NoSuchParagraphNumber { .. }
            | SameVersion
            | VersionsOfDifferentDossiers { .. }
            | ModificationCountChanged { .. }
            | WindowInverted { .. }
            | DraftConsultationNeedsVersion
            | TopicConsultationNeedsQuestion
            | NothingToSubmit { .. }
            | ResponseEmpty(_)
            | VersionNotConsulted(_)
            | CopyOutOfScope { .. }
            | ParagraphNotInVersion { .. }
            | SpanOutOfRange { .. }
            | SpanWithoutParagraph
            | NoDraftToAnchor
            | ItemWithdrawn(_)
            | ItemNotInResponse(_)
            | AssigneeNotDrafter
            | ItemAlreadyGrouped { .. }
            | NotLiveItem { .. }
            | ItemListedTwice(_)
            | ItemsUndisposed(_)
            | NotAMeetingBody { .. }
            | VersionNotReviewed(_)
            | SubmissionAdopted(_)
            | AdoptedOlderThanSubmitted { .. }
            | AdoptionBeforeSubmission { .. }
            | CommentNotInThemeRun { .. }
            | SearchQueryEmpty
            | SearchQueryTooLong { .. }
            | SearchPageTooDeep { .. }
            | DateRangeInverted { .. }
            | SearchLimitOutOfRange { .. }
            | InvalidAddress(_)
            | TooLong { .. }
            | CodeInvalid
            | CodeWrong { .. } => WebError::Invalid(Detail::Domain(d)),
        }
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Domain(d) => d.into(),
            AppError::Text(t) => WebError::Invalid(t.into()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

/// An extractor's rejection (axum answers those in plain text: a body too large, a form or
/// JSON that does not parse, an id that is not a number) as a `WebError`, so that it is
/// answered like every other error; any other response is given back unchanged.
pub async fn from_rejection(response: Response) -> Result<WebError, Response> {
    let plain = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !(response.status().is_client_error() && plain) {
        return Err(response);
    }
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    Ok(match status {
        StatusCode::PAYLOAD_TOO_LARGE => WebError::TooLarge,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => WebError::NotFound,
        // A path segment that does not parse (`/versions/abc`) names nothing that exists.
        StatusCode::BAD_REQUEST if body.starts_with("Invalid URL") => WebError::NotFound,
        _ => WebError::Invalid(Detail::Unreadable(body)),
    })
}

/// Log an internal error once, where it is turned into a response.
pub(crate) fn log_internal(e: &WebError) {
    if let WebError::Internal(detail) = e {
        eprintln!("yijian-web: internal error: {detail}");
    }
}

/// The API's error: `{"error": code, "code": key, "message": text}` with the status.
///
/// Turned into a response, it is answered in zh-CN and keeps the error in the response's
/// extensions, so that the API's layer ([`relocalize`]) says it again in the request's language.
#[derive(Debug)]
pub struct ApiError(pub WebError);

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

/// An API error left in a response, to be said in the request's language.
#[derive(Debug, Clone)]
struct ApiFailure(WebError);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log_internal(&self.0);
        let mut response = api_body(Lang::ZhCn, &self.0);
        response.extensions_mut().insert(ApiFailure(self.0));
        response
    }
}

/// The API's error answer in `lang` (logs an internal error).
pub fn api_error(lang: Lang, err: &WebError) -> Response {
    log_internal(err);
    api_body(lang, err)
}

fn api_body(lang: Lang, err: &WebError) -> Response {
    let body = serde_json::json!({
        "error": err.code(),
        "code": err.key(),
        "message": err.message(lang.msgs()),
    });
    (err.status(), Json(body)).into_response()
}

/// Say an [`ApiError`] left in `response` again in `lang` (headers and status are kept).
pub fn relocalize(lang: Lang, response: Response) -> Response {
    let Some(ApiFailure(err)) = response.extensions().get::<ApiFailure>().cloned() else {
        return response;
    };
    let (mut parts, _) = response.into_parts();
    let (fresh, body) = api_body(lang, &err).into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.extend(fresh.headers);
    Response::from_parts(parts, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The examples hold every variant of `WebError` and `Detail` (each variant has one
    /// `#[error]` message, so counting those counts the variants).
    #[test]
    fn examples_cover_every_variant() {
        let source = include_str!("error.rs");
        let count = |name: &str| {
            source
                .split(&format!("pub enum {name} {{"))
                .nth(1)
                .and_then(|s| s.split("\n}\n").next())
                .expect("the enum")
                .matches("#[error(")
                .count()
        };
        let web: HashSet<_> = WebError::examples()
            .iter()
            .map(std::mem::discriminant)
            .collect();
        assert_eq!(web.len(), count("WebError"));
        let details: HashSet<_> = Detail::examples()
            .iter()
            .map(std::mem::discriminant)
            .collect();
        assert_eq!(details.len(), count("Detail"));
    }

    #[test]
    fn every_text_error_has_its_detail() {
        let errors = [
            TextError::Empty,
            TextError::Binary,
            TextError::NotUtf8 { offset: 1 },
            TextError::CorruptDocx("x".into()),
            TextError::Undecodable {
                encoding: "Big5".into(),
                offset: 2,
            },
            TextError::UnsupportedFormat("a.pdf".into()),
        ];
        let keys: HashSet<_> = errors.into_iter().map(|e| Detail::from(e).key()).collect();
        assert_eq!(keys.len(), 6);
        assert!(keys.iter().all(|k| k.starts_with("web-")));
    }

    #[test]
    fn statuses_and_codes_stay() {
        let e: WebError = DomainError::AssigneeNotDrafter.into();
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(e.key(), "domain-assignee-not-drafter");
        assert_eq!(
            e.to_string(),
            "items are assigned to members of the drafting group only"
        );
        let e: WebError =
            DomainError::HandlingAlreadyPublished(yijian_core::ids::DossierId(1)).into();
        assert_eq!(e.status(), StatusCode::CONFLICT);
        assert_eq!(WebError::NotFound.key(), "error-not_found");
        let e: WebError = AppError::Input("the server is stopping".into()).into();
        assert_eq!(e, WebError::Internal("the server is stopping".into()));
    }
}
