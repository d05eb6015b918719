//! `.xlsx`: the first sheet of the workbook, its first non-empty row the header, then one
//! row per comment; the line of a row is the sheet's row number (as Excel shows it).
//!
//! Read with zip + quick-xml: `xl/workbook.xml` (which sheet is first, the date system),
//! its relationships (where that sheet is), `xl/sharedStrings.xml` (loaded: cells refer to
//! it by index), then the sheet's XML **streamed** from its zip entry. Cell types: shared
//! strings, inline strings (rich-text runs joined, phonetic runs dropped), formula string
//! results, numbers (taken as their text — ids and paragraph numbers are often numbers —,
//! and as a date serial for `submitted_at`), booleans and errors (refused where text is
//! expected).
//!
//! **A corrupt or truncated workbook imports nothing**: [`XlsxRows::open`] reads the whole
//! sheet once (the zip entry's CRC-32 and the XML) before it yields the first row, so a
//! file-level error surfaces before any row is written. That costs a second pass over the
//! sheet, cheap next to writing the rows.
//!
//! Against hostile files: at most [`MAX_ENTRIES`] entries; each part is read through a
//! reader bounded to its limit whatever the zip header claims (zip bombs):
//! [`MAX_PART_BYTES`] for the workbook parts, [`MAX_SHARED_BYTES`] for the shared strings
//! (held in memory as one buffer), [`MAX_SHEET_BYTES`] for the sheet (streamed); encrypted
//! entries and compression methods other than stored and deflate are refused; no DTD or
//! external entity is resolved (quick-xml does not process DTDs).

use std::borrow::Cow;
use std::io::{BufReader, Read, Seek, SeekFrom};

use flate2::read::DeflateDecoder;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::{
    check, note_ignored, Cells, DateSystem, Field, Problem, RowError, RowResult, Value,
    MAX_ROW_BYTES,
};
use crate::TextError;

/// Most zip entries (a real workbook has 10–30).
pub const MAX_ENTRIES: usize = 10_000;
/// Largest workbook part read whole (workbook.xml, its relationships).
pub const MAX_PART_BYTES: u64 = 16 << 20;
/// Largest shared-strings part: Excel keeps every distinct text there, so a million
/// comments need some 700 MB.
pub const MAX_SHARED_BYTES: u64 = 1 << 30;
/// Largest sheet part, streamed.
pub const MAX_SHEET_BYTES: u64 = 4 << 30;
/// Most columns read in a row (XFD, Excel's last column, is 16,384).
const MAX_COLUMNS: usize = 16_384;

fn corrupt(reason: impl Into<String>) -> TextError {
    TextError::CorruptXlsx(reason.into())
}

/// The shared strings, in one buffer.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

/// Where the first sheet's data is in the file.
#[derive(Clone, Copy)]
struct SheetEntry {
    data_start: u64,
    compressed: u64,
    size: u64,
    crc32: u32,
    deflated: bool,
}

/// The rows of the first sheet of a workbook.
pub struct XlsxRows<R: Read> {
    sheet: Sheet<BodyReader<R>>,
    shared: SharedStrings,
    columns: Vec<Option<Field>>,
    ignored: Vec<String>,
    dates: DateSystem,
}

impl<R: Read + Seek> XlsxRows<R> {
    /// Open a workbook and check it whole (see the module documentation); then its rows
    /// can be read. A truncated or corrupt file, a sheet without header, or a header
    /// without `id` or `text` is an error here.
    pub fn open(mut input: R) -> Result<Self, TextError> {
        let (entry, shared, dates) = {
            let mut archive = ZipArchive::new(&mut input)
                .map_err(|e| corrupt(format!("not a zip archive, or truncated ({e})")))?;
            if archive.len() > MAX_ENTRIES {
                return Err(corrupt(format!(
                    "{} zip entries (at most {MAX_ENTRIES})",
                    archive.len()
                )));
            }
            let (sheet_path, dates) = first_sheet(&mut archive)?;
            let shared = load_shared(&mut archive)?;
            let entry = sheet_entry(&mut archive, &sheet_path)?;
            (entry, shared, dates)
        };
        // The checking pass: every row parsed to the entry's end (CRC-32 included), the
        // shared-string references of the wanted cells checked, nothing kept.
        {
            let mut sheet = Sheet::new(body(&mut input, entry)?);
            let (columns, _) = header(&mut sheet, &shared)?;
            let mut bad_index = None;
            while let Some(number) = sheet.next_row(&columns, &mut |_, v| {
                if let CellValue::Shared(i) = v {
                    if i >= shared.ends.len() {
                        bad_index.get_or_insert(i);
                    }
                }
            })? {
                if let Some(i) = bad_index {
                    return Err(missing_shared(number, i, &shared));
                }
            }
        }
        let mut sheet = Sheet::new(body(input, entry)?);
        let (columns, ignored) = header(&mut sheet, &shared)?;
        Ok(XlsxRows {
            sheet,
            shared,
            columns,
            ignored,
            dates,
        })
    }
}

impl<R: Read> XlsxRows<R> {
    /// Names of the columns ignored (at most [`super::MAX_IGNORED_FIELDS`]).
    pub fn ignored_fields(&self) -> &[String] {
        &self.ignored
    }

    /// The next row: `Some(None)` for a blank one (no text in a known column).
    fn row(&mut self) -> Result<Option<Option<RowResult>>, TextError> {
        let columns = &self.columns;
        let mut found: Vec<(Field, CellValue)> = Vec::new();
        let Some(number) = self
            .sheet
            .next_row(columns, &mut |field, value| found.push((field, value)))?
        else {
            return Ok(None);
        };
        let mut cells = Cells::default();
        let mut blank = true;
        let mut bytes = 0usize;
        for (field, value) in &found {
            let v = match value {
                CellValue::Shared(i) => match self.shared.get(*i) {
                    Some(s) => Value::Text(Cow::Borrowed(s)),
                    None => return Err(missing_shared(number, *i, &self.shared)),
                },
                CellValue::Text(s) => Value::Text(Cow::Borrowed(s.as_str())),
                CellValue::Number(n) => Value::CellNumber(Cow::Borrowed(n.as_str())),
                CellValue::Bool => Value::Other("a boolean"),
                CellValue::Error => Value::Other("an error value"),
                CellValue::TooLarge(n) => {
                    bytes += n;
                    blank = false;
                    continue;
                }
            };
            if let Value::Text(s) | Value::CellNumber(s) = &v {
                bytes += s.len();
                blank &= s.trim().is_empty();
            } else {
                blank = false;
            }
            if cells.is_set(*field) {
                continue;
            }
            cells.set(*field, v);
        }
        if blank {
            return Ok(Some(None));
        }
        if bytes > MAX_ROW_BYTES {
            return Ok(Some(Some(Err(RowError {
                line: number,
                id: None,
                problem: Problem::RowTooLarge {
                    bytes: bytes as u64,
                    limit: MAX_ROW_BYTES,
                },
                row: None,
            }))));
        }
        Ok(Some(Some(check(number, cells, self.dates))))
    }
}

impl<R: Read> Iterator for XlsxRows<R> {
    type Item = Result<RowResult, TextError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.row() {
                Ok(Some(None)) => continue,
                Ok(Some(Some(r))) => return Some(Ok(r)),
                Ok(None) => return None,
                Err(e) => {
                    self.sheet.failed = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

fn missing_shared(row: u64, i: usize, shared: &SharedStrings) -> TextError {
    corrupt(format!(
        "row {row}: shared string {i} does not exist ({} strings)",
        shared.ends.len()
    ))
}

/// The header: the first row with a cell; the field of each column.
fn header<R: Read>(
    sheet: &mut Sheet<R>,
    shared: &SharedStrings,
) -> Result<(Vec<Option<Field>>, Vec<String>), TextError> {
    let all = vec![Some(Field::Id); MAX_COLUMNS];
    loop {
        let mut names: Vec<(usize, String)> = Vec::new();
        let got = sheet.next_row_indexed(&all, &mut |col, value| {
            let name = match value {
                CellValue::Shared(i) => shared.get(i).unwrap_or("").to_string(),
                CellValue::Text(s) | CellValue::Number(s) => s,
                _ => String::new(),
            };
            names.push((col, name));
        })?;
        if got.is_none() {
            return Err(TextError::NoHeader);
        }
        if names.iter().all(|(_, n)| n.trim().is_empty()) {
            continue;
        }
        let width = names.iter().map(|(i, _)| i + 1).max().unwrap_or(0);
        let mut columns = vec![None; width];
        let mut ignored = Vec::new();
        for (i, name) in &names {
            match Field::from_key(name) {
                Some(f) if columns.contains(&Some(f)) => {
                    return Err(TextError::DuplicateColumn(name.trim().to_string()))
                }
                Some(f) => columns[*i] = Some(f),
                None => note_ignored(&mut ignored, name),
            }
        }
        for required in [Field::Id, Field::Text] {
            if !columns.contains(&Some(required)) {
                let found: Vec<&str> = names.iter().map(|(_, n)| n.trim()).collect();
                return Err(TextError::MissingColumn {
                    column: required.name(),
                    found: found.join(", "),
                });
            }
        }
        return Ok((columns, ignored));
    }
}

/// A cell's value as stored.
#[derive(Debug, Clone)]
enum CellValue {
    Shared(usize),
    Text(String),
    Number(String),
    Bool,
    Error,
    /// Text longer than [`MAX_ROW_BYTES`]: only its length was kept.
    TooLarge(usize),
}

/// The sheet's XML, row by row.
struct Sheet<R> {
    xml: Reader<BufReader<R>>,
    buf: Vec<u8>,
    last_row: u64,
    failed: bool,
}

impl<R: Read> Sheet<R> {
    fn new(input: R) -> Self {
        let mut xml = Reader::from_reader(BufReader::with_capacity(1 << 16, input));
        xml.config_mut().check_end_names = true;
        Sheet {
            xml,
            buf: Vec::new(),
            last_row: 0,
            failed: false,
        }
    }

    fn error(&self, e: impl std::fmt::Display) -> TextError {
        corrupt(format!(
            "the sheet: {e} (near byte {} of its XML)",
            self.xml.buffer_position()
        ))
    }

    /// The next row: calls `cell(field, value)` for each cell in a column of `columns`
    /// (all skipped when `columns` is empty); its row number, or `None` after the last.
    fn next_row(
        &mut self,
        columns: &[Option<Field>],
        cell: &mut dyn FnMut(Field, CellValue),
    ) -> Result<Option<u64>, TextError> {
        self.next_row_indexed(columns, &mut |i, v| {
            if let Some(Some(f)) = columns.get(i) {
                cell(*f, v);
            }
        })
    }

    /// Like `next_row`, with the column index instead of the field.
    fn next_row_indexed(
        &mut self,
        columns: &[Option<Field>],
        cell: &mut dyn FnMut(usize, CellValue),
    ) -> Result<Option<u64>, TextError> {
        if self.failed {
            return Ok(None);
        }
        // Find the next <row>.
        let number = loop {
            self.buf.clear();
            let event = self.xml.read_event_into(&mut self.buf);
            match event {
                Ok(Event::Start(ref e)) if e.local_name().as_ref() == "row" => {
                    let n = row_number(e).map_err(|m| self.error(m))?;
                    break Some((n.unwrap_or(self.last_row + 1), false));
                }
                Ok(Event::Empty(ref e)) if e.local_name().as_ref() == "row" => {
                    let n = row_number(e).map_err(|m| self.error(m))?;
                    break Some((n.unwrap_or(self.last_row + 1), true));
                }
                Ok(Event::Eof) => break None,
                Ok(_) => {}
                Err(e) => return Err(self.error(e)),
            }
        };
        let Some((number, empty)) = number else {
            return Ok(None);
        };
        if number <= self.last_row {
            return Err(self.error(format!("row {number} comes after row {}", self.last_row)));
        }
        self.last_row = number;
        if empty {
            return Ok(Some(number));
        }
        // Its cells, up to </row>.
        let mut next_col = 0usize;
        loop {
            self.buf.clear();
            let event = self.xml.read_event_into(&mut self.buf);
            match event {
                Ok(Event::Start(ref e)) if e.local_name().as_ref() == "c" => {
                    let (col, kind) = cell_attrs(e, next_col).map_err(|m| self.error(m))?;
                    next_col = col + 1;
                    let wanted = matches!(columns.get(col), Some(Some(_)));
                    if let Some(v) = self.cell_value(kind, wanted)? {
                        cell(col, v);
                    }
                }
                Ok(Event::Empty(ref e)) if e.local_name().as_ref() == "c" => {
                    let (col, _) = cell_attrs(e, next_col).map_err(|m| self.error(m))?;
                    next_col = col + 1;
                }
                Ok(Event::End(ref e)) if e.local_name().as_ref() == "row" => {
                    return Ok(Some(number));
                }
                Ok(Event::Eof) => return Err(self.error("the sheet ends inside a row")),
                Ok(_) => {}
                Err(e) => return Err(self.error(e)),
            }
        }
    }

    /// Read a cell's content up to `</c>`; its value if `wanted`.
    fn cell_value(&mut self, kind: CellKind, wanted: bool) -> Result<Option<CellValue>, TextError> {
        let mut value = String::new();
        let mut total = 0usize;
        let (mut in_v, mut in_t, mut phonetic) = (false, false, 0usize);
        loop {
            self.buf.clear();
            let event = self.xml.read_event_into(&mut self.buf);
            match event {
                Ok(Event::Start(ref e)) => match e.local_name().as_ref() {
                    "v" => in_v = true,
                    "t" => in_t = true,
                    "rPh" => phonetic += 1,
                    _ => {}
                },
                Ok(Event::End(ref e)) => match e.local_name().as_ref() {
                    "v" => in_v = false,
                    "t" => in_t = false,
                    "rPh" => phonetic = phonetic.saturating_sub(1),
                    "c" => break,
                    _ => {}
                },
                Ok(Event::Text(ref t)) if wanted && phonetic == 0 => {
                    let text_here = match kind {
                        CellKind::Inline => in_t,
                        _ => in_v,
                    };
                    if text_here {
                        push_bounded(&mut value, &mut total, &t.xml10_content());
                    }
                }
                Ok(Event::CData(ref t)) if wanted && phonetic == 0 && (in_t || in_v) => {
                    push_bounded(&mut value, &mut total, &t.xml10_content());
                }
                Ok(Event::GeneralRef(ref r)) if wanted && phonetic == 0 && (in_t || in_v) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => resolve_predefined_entity(r).map(str::to_string),
                        Err(_) => None,
                    };
                    if let Some(s) = resolved {
                        push_bounded(&mut value, &mut total, &s);
                    }
                }
                Ok(Event::Eof) => return Err(self.error("the sheet ends inside a cell")),
                Ok(_) => {}
                Err(e) => return Err(self.error(e)),
            }
        }
        if !wanted {
            return Ok(None);
        }
        if total > MAX_ROW_BYTES {
            return Ok(Some(CellValue::TooLarge(total)));
        }
        Ok(Some(match kind {
            CellKind::Shared => {
                let i = value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| self.error(format!("shared string index {value:?}")))?;
                CellValue::Shared(i)
            }
            CellKind::Inline | CellKind::Str | CellKind::Date => CellValue::Text(value),
            CellKind::Number => {
                if value.trim().is_empty() {
                    return Ok(None);
                }
                CellValue::Number(value.trim().to_string())
            }
            CellKind::Bool => CellValue::Bool,
            CellKind::Error => CellValue::Error,
        }))
    }
}

/// Append, but not beyond the row limit: an absurd cell is refused by its size (`total`),
/// not held whole.
fn push_bounded(out: &mut String, total: &mut usize, s: &str) {
    *total += s.len();
    if *total <= MAX_ROW_BYTES {
        out.push_str(s);
    }
}

#[derive(Debug, Clone, Copy)]
enum CellKind {
    Shared,
    Inline,
    Str,
    Number,
    Bool,
    Error,
    Date,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        if a.key.local_name().as_ref() == name {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| e.to_string())?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

fn row_number(e: &BytesStart<'_>) -> Result<Option<u64>, String> {
    match attr(e, "r")? {
        None => Ok(None),
        Some(r) => match r.trim().parse::<u64>() {
            Ok(n) if (1..=10_000_000).contains(&n) => Ok(Some(n)),
            _ => Err(format!("row number {r:?}")),
        },
    }
}

/// A cell's column (0-based, from `r="B7"`, else the next one) and type.
fn cell_attrs(e: &BytesStart<'_>, next: usize) -> Result<(usize, CellKind), String> {
    let col = match attr(e, "r")? {
        None => next,
        Some(r) => column_of(&r).ok_or_else(|| format!("cell reference {r:?}"))?,
    };
    if col >= MAX_COLUMNS {
        return Err(format!("column {} beyond the last (XFD)", col + 1));
    }
    let kind = match attr(e, "t")?.as_deref() {
        Some("s") => CellKind::Shared,
        Some("inlineStr") => CellKind::Inline,
        Some("str") => CellKind::Str,
        Some("b") => CellKind::Bool,
        Some("e") => CellKind::Error,
        Some("d") => CellKind::Date,
        Some("n") | None => CellKind::Number,
        Some(other) => return Err(format!("cell type {other:?}")),
    };
    Ok((col, kind))
}

/// `B7` → 1; letters then digits.
fn column_of(reference: &str) -> Option<usize> {
    let letters: &str = &reference[..reference
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(reference.len())];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let digits = &reference[letters.len()..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut col = 0usize;
    for b in letters.bytes() {
        col = col * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    Some(col - 1)
}

/// Read one part whole (bounded); `None` if missing.
fn read_part<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Option<String>, TextError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(format!("{name}: {e}"))),
    };
    if file.size() > limit {
        return Err(corrupt(format!(
            "{name} is {} bytes uncompressed (at most {limit})",
            file.size()
        )));
    }
    let mut buf = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    if buf.len() as u64 > limit {
        return Err(corrupt(format!(
            "{name} is larger than {limit} bytes uncompressed"
        )));
    }
    if buf.starts_with(b"\xEF\xBB\xBF") {
        buf.drain(..3);
    }
    match String::from_utf8(buf) {
        Ok(s) => Ok(Some(s)),
        Err(e) => Err(corrupt(format!(
            "{name} is not UTF-8 (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))),
    }
}

/// The first sheet's part name and the workbook's date system.
fn first_sheet<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
) -> Result<(String, DateSystem), TextError> {
    const FALLBACK: &str = "xl/worksheets/sheet1.xml";
    let Some(workbook) = read_part(archive, "xl/workbook.xml", MAX_PART_BYTES)? else {
        return if archive.index_for_name(FALLBACK).is_some() {
            Ok((FALLBACK.to_string(), DateSystem::default()))
        } else {
            Err(corrupt("no xl/workbook.xml (not an Excel workbook)"))
        };
    };
    let xml_err = |part: &str, e: &dyn std::fmt::Display| corrupt(format!("{part}: {e}"));
    let mut reader = Reader::from_str(&workbook);
    let (mut rel_id, mut dates) = (None, DateSystem::default());
    loop {
        match reader.read_event() {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e)) => match e.local_name().as_ref() {
                "workbookPr" => {
                    let v = attr(e, "date1904").map_err(|m| xml_err("xl/workbook.xml", &m))?;
                    if matches!(v.as_deref(), Some("1" | "true")) {
                        dates = DateSystem::Excel1904;
                    }
                }
                "sheet" if rel_id.is_none() => {
                    rel_id = attr(e, "id").map_err(|m| xml_err("xl/workbook.xml", &m))?;
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_err("xl/workbook.xml", &e)),
        }
    }
    let rel_id = rel_id.ok_or_else(|| corrupt("xl/workbook.xml names no sheet"))?;
    let rels = read_part(archive, "xl/_rels/workbook.xml.rels", MAX_PART_BYTES)?
        .ok_or_else(|| corrupt("no xl/_rels/workbook.xml.rels"))?;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let m = |m: String| xml_err("xl/_rels/workbook.xml.rels", &m);
                if attr(e, "Id").map_err(m)?.as_deref() == Some(rel_id.as_str()) {
                    let target = attr(e, "Target")
                        .map_err(m)?
                        .ok_or_else(|| corrupt("the first sheet's relationship has no target"))?;
                    let path = match target.strip_prefix('/') {
                        Some(absolute) => absolute.to_string(),
                        None => format!("xl/{target}"),
                    };
                    return Ok((path, dates));
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_err("xl/_rels/workbook.xml.rels", &e)),
        }
    }
    Err(corrupt(format!(
        "no relationship {rel_id:?} for the first sheet"
    )))
}

/// The shared strings, parsed as they inflate (only the strings are held, not the XML).
fn load_shared<R: Read + Seek>(archive: &mut ZipArchive<R>) -> Result<SharedStrings, TextError> {
    const NAME: &str = "xl/sharedStrings.xml";
    let file = match archive.by_name(NAME) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(SharedStrings::default()),
        Err(e) => return Err(corrupt(format!("{NAME}: {e}"))),
    };
    if file.size() > MAX_SHARED_BYTES {
        return Err(corrupt(format!(
            "{NAME} is {} bytes uncompressed (at most {MAX_SHARED_BYTES})",
            file.size()
        )));
    }
    // The strings are shorter than their XML: reserving its size up front spares the
    // copies of a growing buffer (pages never written are never resident). The header's
    // size may lie: the reader itself is bounded.
    // Bounded by what the compressed part could plausibly hold, so that a lying header
    // cannot make it reserve a gigabyte for a few bytes.
    let capacity = file.size().min(file.compressed_size().saturating_mul(16)) as usize;
    let bounded = Bounded {
        inner: file,
        left: MAX_SHARED_BYTES,
    };
    parse_shared(BufReader::with_capacity(1 << 16, bounded), capacity)
}

/// A reader that fails once more than `left` bytes came out of it.
struct Bounded<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "it inflates beyond the limit (a zip bomb?)",
            )
        })?;
        Ok(n)
    }
}

fn parse_shared<B: std::io::BufRead>(
    input: B,
    capacity: usize,
) -> Result<SharedStrings, TextError> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut out = SharedStrings {
        text: String::with_capacity(capacity),
        ends: Vec::new(),
    };
    let (mut in_si, mut in_t, mut phonetic) = (false, false, 0usize);
    let err = |position: u64, e: &dyn std::fmt::Display| {
        corrupt(format!("xl/sharedStrings.xml: {e} (near byte {position})"))
    };
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf);
        let position = reader.buffer_position();
        match event {
            Ok(Event::Start(ref e)) => match e.local_name().as_ref() {
                "si" => in_si = true,
                "t" => in_t = true,
                "rPh" => phonetic += 1,
                _ => {}
            },
            Ok(Event::Empty(ref e)) if e.local_name().as_ref() == "si" => {
                out.ends.push(out.text.len());
            }
            Ok(Event::End(ref e)) => match e.local_name().as_ref() {
                "si" => {
                    in_si = false;
                    out.ends.push(out.text.len());
                }
                "t" => in_t = false,
                "rPh" => phonetic = phonetic.saturating_sub(1),
                _ => {}
            },
            Ok(Event::Text(ref t)) if in_si && in_t && phonetic == 0 => {
                out.text.push_str(&t.xml10_content());
            }
            Ok(Event::CData(ref t)) if in_si && in_t && phonetic == 0 => {
                out.text.push_str(&t.xml10_content());
            }
            Ok(Event::GeneralRef(ref r)) if in_si && in_t && phonetic == 0 => {
                match r.resolve_char_ref() {
                    Ok(Some(c)) => out.text.push(c),
                    Ok(None) => {
                        if let Some(s) = resolve_predefined_entity(r) {
                            out.text.push_str(s);
                        }
                    }
                    Err(e) => return Err(err(position, &e)),
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(err(position, &e)),
        }
    }
    if in_si {
        return Err(corrupt("xl/sharedStrings.xml ends inside a string"));
    }
    Ok(out)
}

/// Locate the sheet's entry: where its data starts, how it is compressed.
fn sheet_entry<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    path: &str,
) -> Result<SheetEntry, TextError> {
    let file = archive.by_name(path).map_err(|e| match e {
        ZipError::FileNotFound => corrupt(format!("the first sheet {path} is missing")),
        e => corrupt(format!("{path}: {e}")),
    })?;
    if file.encrypted() {
        return Err(corrupt(format!("{path} is encrypted")));
    }
    let deflated = match file.compression() {
        CompressionMethod::Stored => false,
        CompressionMethod::Deflated => true,
        other => {
            return Err(corrupt(format!(
                "{path} uses the compression method {other:?} (stored or deflate expected)"
            )))
        }
    };
    if file.size() > MAX_SHEET_BYTES {
        return Err(corrupt(format!(
            "{path} is {} bytes uncompressed (at most {MAX_SHEET_BYTES})",
            file.size()
        )));
    }
    let data_start = file
        .data_start()
        .ok_or_else(|| corrupt(format!("{path}: no data offset")))?;
    Ok(SheetEntry {
        data_start,
        compressed: file.compressed_size(),
        size: file.size(),
        crc32: file.crc32(),
        deflated,
    })
}

/// The sheet entry's uncompressed bytes, from the file itself (so that the rows can be
/// streamed without borrowing the archive): bounded, and checked against the entry's size
/// and CRC-32 at its end.
fn body<R: Read + Seek>(mut input: R, entry: SheetEntry) -> Result<BodyReader<R>, TextError> {
    input
        .seek(SeekFrom::Start(entry.data_start))
        .map_err(|e| corrupt(format!("the sheet: {e}")))?;
    let raw = input.take(entry.compressed);
    let inner = if entry.deflated {
        Inner::Deflated(DeflateDecoder::new(raw))
    } else {
        Inner::Stored(raw)
    };
    Ok(BodyReader {
        inner,
        hasher: crc32fast::Hasher::new(),
        read: 0,
        entry,
    })
}

enum Inner<R> {
    Stored(std::io::Take<R>),
    Deflated(DeflateDecoder<std::io::Take<R>>),
}

/// A sheet entry being inflated: counts, bounds and checks what comes out.
struct BodyReader<R> {
    inner: Inner<R>,
    hasher: crc32fast::Hasher,
    read: u64,
    entry: SheetEntry,
}

impl<R: Read> Read for BodyReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = match &mut self.inner {
            Inner::Stored(r) => r.read(buf)?,
            Inner::Deflated(r) => r.read(buf)?,
        };
        self.read += n as u64;
        let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
        if self.read > self.entry.size || self.read > MAX_SHEET_BYTES {
            return Err(bad(format!(
                "it inflates beyond its stated size of {} bytes",
                self.entry.size
            )));
        }
        self.hasher.update(&buf[..n]);
        if n == 0 && !buf.is_empty() {
            if self.read != self.entry.size {
                return Err(bad(format!(
                    "it ends after {} of its {} bytes (truncated)",
                    self.read, self.entry.size
                )));
            }
            if self.hasher.clone().finalize() != self.entry.crc32 {
                return Err(bad("its CRC-32 does not match (corrupt)".into()));
            }
        }
        Ok(n)
    }
}
