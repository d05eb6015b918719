//! CSV (RFC 4180): a header row naming the fields, then one record per comment. Read with
//! `csv-core`, the engine of the `csv` crate, because the `csv` crate grows a record's
//! buffer without bound: one unclosed quote would pull the rest of the file into memory.
//! Here a record longer than [`MAX_ROW_BYTES`] is counted and dropped.

use std::io::{BufRead, BufReader, Read};

use csv_core::{ReadRecordResult, Reader as CoreReader};

use super::{
    check, note_ignored, sniff_stream, unreadable, Cells, DateSystem, Field, Problem, RawRow,
    RowError, RowResult, Value, MAX_ROW_BYTES,
};
use crate::decode::StreamEncoding;
use crate::TextError;

/// Most fields a record may have.
const MAX_FIELDS: usize = 1_000;

/// The rows of a CSV stream.
pub struct CsvRows<R> {
    input: BufReader<R>,
    core: CoreReader,
    encoding: StreamEncoding,
    /// Line breaks consumed so far (CR, LF or CRLF, as csv-core ends records).
    newlines: u64,
    /// The last byte consumed was a CR (its LF, if it comes, ends no further line).
    after_cr: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The field each column holds (`None`: ignored).
    columns: Vec<Option<Field>>,
    ignored: Vec<String>,
    done: bool,
}

/// One record as read: its first line, and whether it fit.
struct Record {
    line: u64,
    bytes: u64,
    fields: usize,
    oversize: bool,
}

impl<R: Read> CsvRows<R> {
    /// Start reading: judges the encoding and reads the header, which must name an `id`
    /// and a `text` column (file-level errors otherwise).
    pub fn new(input: R) -> Result<Self, TextError> {
        let mut input = BufReader::with_capacity(1 << 20, input);
        let encoding = sniff_stream(&mut input)?;
        let mut rows = CsvRows {
            input,
            core: CoreReader::new(),
            encoding,
            newlines: 0,
            after_cr: false,
            out: vec![0; 4096],
            ends: vec![0; 16],
            columns: Vec::new(),
            ignored: Vec::new(),
            done: false,
        };
        let header = loop {
            match rows.read_record()? {
                None => return Err(TextError::NoHeader),
                Some(r) if rows.is_blank(&r) => continue,
                Some(r) => break r,
            }
        };
        if header.oversize {
            return Err(TextError::NoHeader);
        }
        rows.read_header(&header)?;
        Ok(rows)
    }

    /// The stream, once read (e.g. to finish a digest computed while reading).
    pub fn into_inner(self) -> R {
        self.input.into_inner()
    }

    pub fn encoding(&self) -> StreamEncoding {
        self.encoding
    }

    /// Names of the columns ignored (at most [`super::MAX_IGNORED_FIELDS`]).
    pub fn ignored_fields(&self) -> &[String] {
        &self.ignored
    }

    fn field(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.out[start..self.ends[i]]
    }

    fn is_blank(&self, r: &Record) -> bool {
        !r.oversize && r.fields == 1 && self.field(0).iter().all(u8::is_ascii_whitespace)
    }

    fn read_header(&mut self, header: &Record) -> Result<(), TextError> {
        let mut names = Vec::with_capacity(header.fields);
        for i in 0..header.fields {
            let raw = self.field(i);
            let name = self
                .encoding
                .decode_row(raw)
                .unwrap_or_else(|| String::from_utf8_lossy(raw));
            names.push(name.trim().trim_start_matches('\u{feff}').to_string());
        }
        let mut columns = Vec::with_capacity(names.len());
        for name in &names {
            let field = Field::from_key(name);
            if let Some(f) = field {
                if columns.contains(&Some(f)) {
                    return Err(TextError::DuplicateColumn(name.clone()));
                }
            } else {
                note_ignored(&mut self.ignored, name);
            }
            columns.push(field);
        }
        for required in [Field::Id, Field::Text] {
            if !columns.contains(&Some(required)) {
                return Err(TextError::MissingColumn {
                    column: required.name(),
                    found: names.join(", "),
                });
            }
        }
        self.columns = columns;
        Ok(())
    }

    /// Read one record into `out`/`ends`; `None` at the end of the input.
    fn read_record(&mut self) -> Result<Option<Record>, TextError> {
        // Blank lines before a record are skipped here, so that its line is the first it
        // is written on (csv-core would swallow them silently).
        loop {
            let input = match self.input.fill_buf() {
                Ok(i) => i,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(unreadable(self.newlines, e)),
            };
            let blank = input
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
            if blank == 0 {
                break;
            }
            self.count_lines(blank);
            self.input.consume(blank);
        }
        let line = self.newlines + 1;
        let (mut outlen, mut endlen, mut bytes, mut oversize) = (0usize, 0usize, 0u64, false);
        loop {
            let input = match self.input.fill_buf() {
                Ok(i) => i,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(unreadable(self.newlines, e)),
            };
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.out[outlen..], &mut self.ends[endlen..]);
            let (breaks, after_cr) = line_breaks(&input[..nin], self.after_cr);
            self.newlines += breaks;
            self.after_cr = after_cr;
            bytes += nin as u64;
            self.input.consume(nin);
            outlen += nout;
            endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if self.out.len() >= MAX_ROW_BYTES {
                        // Too large: keep reading to the record's end, dropping its bytes.
                        oversize = true;
                        outlen = 0;
                    } else {
                        let grown = (self.out.len() * 2).min(MAX_ROW_BYTES);
                        self.out.resize(grown, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_FIELDS {
                        oversize = true;
                        endlen = 0;
                    } else {
                        let grown = (self.ends.len() * 2).min(MAX_FIELDS);
                        self.ends.resize(grown, 0);
                    }
                }
                ReadRecordResult::Record => {
                    return Ok(Some(Record {
                        line,
                        bytes,
                        fields: endlen,
                        oversize,
                    }))
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// Count the line breaks in the next `n` buffered bytes (about to be consumed).
    fn count_lines(&mut self, n: usize) {
        let buffered = self.input.buffer();
        let (breaks, after_cr) = line_breaks(&buffered[..n], self.after_cr);
        self.newlines += breaks;
        self.after_cr = after_cr;
    }

    fn row(&self, r: &Record) -> RowResult {
        if r.oversize {
            return Err(RowError {
                line: r.line,
                id: None,
                problem: Problem::RowTooLarge {
                    bytes: r.bytes,
                    limit: MAX_ROW_BYTES,
                },
                row: None,
            });
        }
        let mut cells = Cells::default();
        let mut bad_encoding = false;
        for (i, column) in self.columns.iter().enumerate().take(r.fields) {
            let Some(field) = column else { continue };
            let raw = self.field(i);
            match self.encoding.decode_row(raw) {
                Some(text) => cells.set(*field, Value::Text(text)),
                None => {
                    bad_encoding = true;
                    cells.set(*field, Value::Text(String::from_utf8_lossy(raw)));
                }
            }
        }
        let fail = |problem: Problem, cells: &Cells<'_>| {
            let raw: RawRow = cells.raw();
            Err(RowError {
                line: r.line,
                id: raw.get(Field::Id).map(|s| s.trim().to_string()),
                problem,
                row: Some(Box::new(raw)),
            })
        };
        if r.fields != self.columns.len() {
            let problem = Problem::FieldCount {
                found: r.fields,
                expected: self.columns.len(),
            };
            return fail(problem, &cells);
        }
        if bad_encoding {
            let problem = Problem::NotText {
                encoding: self.encoding.name(),
            };
            return fail(problem, &cells);
        }
        check(r.line, cells, DateSystem::default())
    }
}

/// Line breaks in `bytes` — CR, LF and CRLF each count one — given whether the byte before
/// them was a CR; and whether their last byte is one.
pub(super) fn line_breaks(bytes: &[u8], after_cr: bool) -> (u64, bool) {
    let mut breaks = 0u64;
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        let lf_after_cr = bytes[i] == b'\n'
            && if i == 0 {
                after_cr
            } else {
                bytes[i - 1] == b'\r'
            };
        breaks += u64::from(!lf_after_cr);
    }
    let last_cr = match bytes.last() {
        Some(&b) => b == b'\r',
        None => after_cr,
    };
    (breaks, last_cr)
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = Result<RowResult, TextError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.read_record() {
                Ok(Some(r)) if self.is_blank(&r) => continue,
                Ok(Some(r)) => return Some(Ok(self.row(&r))),
                Ok(None) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        None
    }
}
