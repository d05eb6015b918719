//! Rows of public comments from a file — JSONL, CSV or `.xlsx` — read as a stream, each row
//! checked on its own.
//!
//! A row has the fields `id` (the source's id, required), `text` (required), and optional
//! `author`, `region`, `paragraph` (a paragraph number as the version page shows it, or a
//! heading path such as `第三章/第十二条`) and `submitted_at` (`YYYY-MM-DD`,
//! `YYYY-MM-DDTHH:MM[:SS]Z` or RFC 3339 with an offset). Field names are matched without
//! regard to case; **other fields are ignored** (exports of other platforms carry likes,
//! addresses, …) and their names are reported by `ignored_fields()`, so that a misspelt
//! column is noticed.
//!
//! Every reader is an iterator of `Result<RowResult, TextError>`: the outer error is a
//! **file-level** one (unreadable, truncated or corrupt container, no header) after which
//! nothing more comes; the inner [`RowResult`] is a row or a [`RowError`] naming the line
//! (JSONL, CSV: the line the record starts on; `.xlsx`: the sheet's row number) and the
//! problem. A row that fails never stops the others.
//!
//! Limits: `text` at most [`MAX_TEXT_CHARS`] characters, the other fields
//! [`MAX_SHORT_CHARS`]; a JSONL line or CSV record longer than [`MAX_ROW_BYTES`] is refused
//! with its size without being held in memory (its bytes are counted and dropped). Memory
//! is constant in the number of rows — except `.xlsx` shared strings, which the format puts
//! in one table that must be loaded (bounded, see [`xlsx`]).
//!
//! Encodings (JSONL, CSV): UTF-8 with or without a BOM; GB18030 (GBK) and Big5 are detected
//! from the first megabyte with [`crate::decode::sniff`] and decoded row by row — Excel on a
//! Chinese Windows saves "CSV" in GBK, so refusing it would refuse most hand-made files. A
//! row whose bytes are not valid in the file's encoding is refused ("not valid UTF-8").

pub(crate) mod csv;
mod jsonl;
pub mod xlsx;

use std::borrow::Cow;
use std::fmt;

use yijian_core::time::Instant;

pub use self::csv::CsvRows;
pub use jsonl::JsonlRows;
pub use xlsx::XlsxRows;

use crate::TextError;

/// Most characters of a comment's text (a long letter is some 10,000).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Most characters of `id`, `author`, `region` and `paragraph`.
pub const MAX_SHORT_CHARS: usize = 200;
/// Largest JSONL line or CSV record held in memory; a longer one is refused by its size.
pub const MAX_ROW_BYTES: usize = 1 << 20;
/// How many ignored field names are remembered for the report.
pub const MAX_IGNORED_FIELDS: usize = 16;
/// Bytes of the stream's start used to judge its encoding.
const SNIFF_BYTES: usize = 1 << 20;

/// A file of comments, by its name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines (`.jsonl`, `.ndjson`): one JSON object per line.
    Jsonl,
    /// `.csv`: a header row naming the fields, then one record per comment.
    Csv,
    /// `.xlsx`: the first sheet, a header row, then one row per comment.
    Xlsx,
}

impl Format {
    /// The format a file name's extension says (case-insensitive).
    pub fn from_name(name: &str) -> Result<Format, TextError> {
        let ext = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "xlsx" => Ok(Format::Xlsx),
            _ => Err(TextError::UnsupportedCommentFormat(name.to_string())),
        }
    }
}

/// A field of a comment row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Id,
    Text,
    Author,
    Region,
    Paragraph,
    SubmittedAt,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Field::Id,
        Field::Text,
        Field::Author,
        Field::Region,
        Field::Paragraph,
        Field::SubmittedAt,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Text => "text",
            Field::Author => "author",
            Field::Region => "region",
            Field::Paragraph => "paragraph",
            Field::SubmittedAt => "submitted_at",
        }
    }

    /// The field a column or key names (trimmed, any case); `None` for the others.
    pub fn from_key(key: &str) -> Option<Field> {
        let key = key.trim();
        Field::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(key))
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where in the draft a comment points, as the source wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParagraphSpec {
    /// The n-th numbered paragraph (1-based), as the version page numbers them.
    Number(u32),
    /// Headings from the top, `/`-separated and trimmed: `第三章/第十二条`.
    Path(String),
}

impl fmt::Display for ParagraphSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParagraphSpec::Number(n) => write!(f, "{n}"),
            ParagraphSpec::Path(p) => f.write_str(p),
        }
    }
}

/// One comment as read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line (JSONL, CSV) or sheet row (`.xlsx`) it came from, 1-based.
    pub line: u64,
    /// The source's id, trimmed.
    pub id: String,
    /// The text, trimmed, line ends as `\n`.
    pub text: String,
    pub author: Option<String>,
    pub region: Option<String>,
    pub paragraph: Option<ParagraphSpec>,
    pub submitted_at: Option<Instant>,
}

/// A row or the reason it was refused.
pub type RowResult = Result<Row, RowError>;

/// A refused row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    /// The row's id when it could be read.
    pub id: Option<String>,
    pub problem: Problem,
    /// What was read of the row, to write it to a reject file that can be corrected and
    /// imported again; `None` when the row is too large to copy.
    pub row: Option<Box<RawRow>>,
}

/// The fields of a refused row as found (unchecked), or its raw line when it could not be
/// split into fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawRow {
    pub fields: [Option<String>; 6],
    /// The line itself (lossily decoded), for rows that are not valid JSON.
    pub raw: Option<String>,
}

impl RawRow {
    pub fn get(&self, field: Field) -> Option<&str> {
        self.fields[field.index()].as_deref()
    }
}

/// Why a row was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The line is not a JSON object (the parser's message, with the column).
    BadJson(String),
    /// The row's bytes are not valid in the file's encoding.
    NotText {
        encoding: &'static str,
    },
    Missing(Field),
    Empty(Field),
    /// A JSON value of another type (`found`: "a number", "an array", …).
    WrongType {
        field: Field,
        found: &'static str,
    },
    DuplicateField(Field),
    TooLong {
        field: Field,
        chars: usize,
        limit: usize,
    },
    /// A line or record larger than [`MAX_ROW_BYTES`].
    RowTooLarge {
        bytes: u64,
        limit: usize,
    },
    /// NUL cannot be stored (PostgreSQL refuses it in text).
    Nul(Field),
    BadTimestamp(String),
    BadParagraph(String),
    /// A CSV record with another number of fields than the header.
    FieldCount {
        found: usize,
        expected: usize,
    },
}

impl Problem {
    /// A stable code for the kind of problem (for message keys and machine-readable rejects).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::BadJson(_) => "bad_json",
            Problem::NotText { .. } => "bad_encoding",
            Problem::Missing(_) => "missing_field",
            Problem::Empty(_) => "empty_field",
            Problem::WrongType { .. } => "wrong_type",
            Problem::DuplicateField(_) => "duplicate_field",
            Problem::TooLong { .. } => "too_long",
            Problem::RowTooLarge { .. } => "row_too_large",
            Problem::Nul(_) => "nul_character",
            Problem::BadTimestamp(_) => "bad_timestamp",
            Problem::BadParagraph(_) => "bad_paragraph",
            Problem::FieldCount { .. } => "field_count",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::BadJson(m) => write!(f, "not a valid JSON object: {m}"),
            Problem::NotText { encoding } => write!(f, "not valid {encoding} text"),
            Problem::Missing(field) => write!(f, "no {field} field"),
            Problem::Empty(field) => write!(f, "the {field} field is empty"),
            Problem::WrongType { field, found } => {
                write!(f, "{field} must be a string, found {found}")
            }
            Problem::DuplicateField(field) => write!(f, "the {field} field is given twice"),
            Problem::TooLong {
                field,
                chars,
                limit,
            } => write!(
                f,
                "{field} has {chars} characters, more than the limit of {limit}"
            ),
            Problem::RowTooLarge { bytes, limit } => write!(
                f,
                "the row is {bytes} bytes long, more than the limit of {limit} bytes (a comment has at most {MAX_TEXT_CHARS} characters)"
            ),
            Problem::Nul(field) => write!(f, "{field} contains a NUL character"),
            Problem::BadTimestamp(t) => write!(
                f,
                "submitted_at {t:?} is not a date or time (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS]Z or RFC 3339 with an offset)"
            ),
            Problem::BadParagraph(p) => write!(
                f,
                "paragraph {p:?} is neither a paragraph number (1, 2, …) nor a heading path (第三章/第十二条)"
            ),
            Problem::FieldCount { found, expected } => write!(
                f,
                "the record has {found} fields, the header has {expected}"
            ),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

/// A field's value as a reader found it, before the checks.
#[derive(Debug, Clone)]
pub(crate) enum Value<'a> {
    Text(Cow<'a, str>),
    /// A number as JSON wrote it: refused where a string is expected.
    JsonNumber(String),
    /// A spreadsheet number (its text), accepted as text; a date serial for `submitted_at`.
    CellNumber(Cow<'a, str>),
    /// Another JSON type, named for the message.
    Other(&'static str),
}

impl Value<'_> {
    fn lossy(&self) -> Option<String> {
        match self {
            Value::Text(s) | Value::CellNumber(s) => Some(s.to_string()),
            Value::JsonNumber(n) => Some(n.clone()),
            Value::Other(_) => None,
        }
    }
}

/// The fields of one row as found.
#[derive(Debug, Default)]
pub(crate) struct Cells<'a> {
    values: [Option<Value<'a>>; 6],
}

impl<'a> Cells<'a> {
    pub(crate) fn is_set(&self, field: Field) -> bool {
        self.values[field.index()].is_some()
    }

    pub(crate) fn set(&mut self, field: Field, value: Value<'a>) {
        self.values[field.index()] = Some(value);
    }

    fn take(&mut self, field: Field) -> Option<Value<'a>> {
        self.values[field.index()].take()
    }

    pub(crate) fn raw(&self) -> RawRow {
        RawRow {
            fields: std::array::from_fn(|i| self.values[i].as_ref().and_then(Value::lossy)),
            raw: None,
        }
    }
}

/// Remember an ignored field name (a few, once each).
pub(crate) fn note_ignored(ignored: &mut Vec<String>, name: &str) {
    let name = name.trim();
    if ignored.len() < MAX_IGNORED_FIELDS && !name.is_empty() && !ignored.iter().any(|n| n == name)
    {
        ignored.push(name.chars().take(MAX_SHORT_CHARS).collect());
    }
}

/// How a spreadsheet counts days (`date1904` in the workbook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum DateSystem {
    #[default]
    Excel1900,
    Excel1904,
}

/// Check a row's fields and build it; the first problem found, in field order, refuses it.
pub(crate) fn check(line: u64, mut cells: Cells<'_>, dates: DateSystem) -> RowResult {
    let raw = cells.raw();
    let fail = |id: Option<&str>, problem: Problem| RowError {
        line,
        id: id.map(str::to_string),
        problem,
        row: Some(Box::new(raw.clone())),
    };
    let id =
        required(Field::Id, cells.take(Field::Id), MAX_SHORT_CHARS).map_err(|p| fail(None, p))?;
    let with_id = |p: Problem| fail(Some(&id), p);
    let text = required(Field::Text, cells.take(Field::Text), MAX_TEXT_CHARS).map_err(with_id)?;
    let author =
        optional(Field::Author, cells.take(Field::Author), MAX_SHORT_CHARS).map_err(with_id)?;
    let region =
        optional(Field::Region, cells.take(Field::Region), MAX_SHORT_CHARS).map_err(with_id)?;
    let paragraph = paragraph(cells.take(Field::Paragraph)).map_err(with_id)?;
    let submitted_at = submitted_at(cells.take(Field::SubmittedAt), dates).map_err(with_id)?;
    Ok(Row {
        line,
        id,
        text,
        author,
        region,
        paragraph,
        submitted_at,
    })
}

/// A string field's text: JSON numbers and other types are refused, cell numbers taken as
/// written; trimmed; line ends normalised.
fn as_text(field: Field, value: Value<'_>) -> Result<Cow<'_, str>, Problem> {
    match value {
        Value::Text(s) | Value::CellNumber(s) => Ok(s),
        Value::JsonNumber(_) => Err(Problem::WrongType {
            field,
            found: "a number",
        }),
        Value::Other(found) => Err(Problem::WrongType { field, found }),
    }
}

fn clean(field: Field, s: Cow<'_, str>, limit: usize) -> Result<Option<String>, Problem> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.contains('\0') {
        return Err(Problem::Nul(field));
    }
    // Count up to one past the limit: a huge field is not walked to its end twice.
    let chars = trimmed.chars().take(limit + 1).count();
    if chars > limit {
        return Err(Problem::TooLong {
            field,
            chars: trimmed.chars().count(),
            limit,
        });
    }
    let out = if trimmed.contains('\r') {
        trimmed.replace("\r\n", "\n").replace('\r', "\n")
    } else if trimmed.len() == s.len() {
        s.into_owned()
    } else {
        trimmed.to_string()
    };
    Ok(Some(out))
}

fn required(field: Field, value: Option<Value<'_>>, limit: usize) -> Result<String, Problem> {
    let value = value.ok_or(Problem::Missing(field))?;
    clean(field, as_text(field, value)?, limit)?.ok_or(Problem::Empty(field))
}

fn optional(
    field: Field,
    value: Option<Value<'_>>,
    limit: usize,
) -> Result<Option<String>, Problem> {
    match value {
        None => Ok(None),
        Some(v) => clean(field, as_text(field, v)?, limit),
    }
}

fn paragraph(value: Option<Value<'_>>) -> Result<Option<ParagraphSpec>, Problem> {
    let text = match value {
        None => return Ok(None),
        // A number is a paragraph number, in JSON too.
        Some(Value::JsonNumber(n)) => Cow::Owned(n),
        Some(v) => as_text(Field::Paragraph, v)?,
    };
    let Some(text) = clean(Field::Paragraph, text, MAX_SHORT_CHARS)? else {
        return Ok(None);
    };
    let number = text.strip_suffix(".0").unwrap_or(&text);
    if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) {
        return match number.parse::<u32>() {
            Ok(n) if n >= 1 => Ok(Some(ParagraphSpec::Number(n))),
            _ => Err(Problem::BadParagraph(text)),
        };
    }
    let segments: Vec<&str> = text.split(['/', '／']).map(str::trim).collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(Problem::BadParagraph(text));
    }
    Ok(Some(ParagraphSpec::Path(segments.join("/"))))
}

fn submitted_at(value: Option<Value<'_>>, dates: DateSystem) -> Result<Option<Instant>, Problem> {
    let value = match value {
        None => return Ok(None),
        Some(Value::CellNumber(n)) => {
            return excel_serial(&n, dates)
                .map(Some)
                .ok_or_else(|| Problem::BadTimestamp(n.into_owned()));
        }
        Some(v) => v,
    };
    let Some(text) = clean(
        Field::SubmittedAt,
        as_text(Field::SubmittedAt, value)?,
        MAX_SHORT_CHARS,
    )?
    else {
        return Ok(None);
    };
    Instant::parse_timestamp(&text)
        .map(Some)
        .map_err(|_| Problem::BadTimestamp(text))
}

/// A spreadsheet date serial (days since 1899-12-30, or since 1904-01-01 in the 1904
/// system; the fraction is the time of day) as an instant, the sheet's clock taken as UTC.
fn excel_serial(text: &str, dates: DateSystem) -> Option<Instant> {
    let serial: f64 = text.trim().parse().ok()?;
    // 1900-03-01 .. 9999-12-31: below 61 the 1900 system counts a day that never was.
    if !serial.is_finite() || !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let epoch_days = match dates {
        DateSystem::Excel1900 => 25_569.0,
        DateSystem::Excel1904 => 24_107.0,
    };
    Some(Instant(
        ((serial - epoch_days) * 86_400_000.0).round() as i64
    ))
}

/// Read the first bytes of a stream to judge its encoding, keeping them buffered.
pub(crate) fn sniff_stream<R: std::io::Read>(
    input: &mut std::io::BufReader<R>,
) -> Result<crate::decode::StreamEncoding, TextError> {
    use std::io::BufRead;
    let capacity = input.capacity();
    let buffered = loop {
        match input.fill_buf() {
            Ok(b) => break b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(TextError::Unreadable {
                    line: 0,
                    reason: e.to_string(),
                })
            }
        }
    };
    let prefix = &buffered[..buffered.len().min(SNIFF_BYTES)];
    // One read may return less than the whole file: "whole" only if it is short of the
    // buffer, which for files means the end was reached.
    let whole = buffered.len() < capacity;
    crate::decode::sniff(prefix, whole)
}

pub(crate) fn unreadable(line: u64, e: std::io::Error) -> TextError {
    TextError::Unreadable {
        line,
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests;
