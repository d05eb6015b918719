//! JSON Lines: one JSON object per line; blank lines are skipped.

use std::borrow::Cow;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{
    check, note_ignored, sniff_stream, unreadable, Cells, DateSystem, Field, Problem, RawRow,
    RowError, RowResult, Value, MAX_ROW_BYTES,
};
use crate::decode::StreamEncoding;
use crate::TextError;

/// The rows of a JSONL stream.
pub struct JsonlRows<R> {
    input: BufReader<R>,
    encoding: StreamEncoding,
    line: u64,
    buf: Vec<u8>,
    ignored: Vec<String>,
    done: bool,
}

impl<R: Read> JsonlRows<R> {
    /// Start reading; judges the encoding from the first megabyte.
    pub fn new(input: R) -> Result<Self, TextError> {
        let mut input = BufReader::with_capacity(1 << 20, input);
        let encoding = sniff_stream(&mut input)?;
        Ok(JsonlRows {
            input,
            encoding,
            line: 0,
            buf: Vec::new(),
            ignored: Vec::new(),
            done: false,
        })
    }

    /// The stream, once read (e.g. to finish a digest computed while reading).
    pub fn into_inner(self) -> R {
        self.input.into_inner()
    }

    pub fn encoding(&self) -> StreamEncoding {
        self.encoding
    }

    /// Names of fields seen and ignored (at most [`super::MAX_IGNORED_FIELDS`]).
    pub fn ignored_fields(&self) -> &[String] {
        &self.ignored
    }

    #[cfg(test)]
    pub(crate) fn buffer_capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// The next line into `buf` (at most `MAX_ROW_BYTES` of it); its full length, or
    /// `None` at the end.
    fn read_line(&mut self) -> Result<Option<u64>, TextError> {
        self.buf.clear();
        let mut total = 0u64;
        let mut any = false;
        loop {
            let chunk = match self.input.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(unreadable(self.line, e)),
            };
            if chunk.is_empty() {
                return Ok(any.then_some(total));
            }
            any = true;
            let (part, used, end) = match memchr::memchr(b'\n', chunk) {
                Some(i) => (&chunk[..i], i + 1, true),
                None => (chunk, chunk.len(), false),
            };
            let room = (MAX_ROW_BYTES + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&part[..part.len().min(room)]);
            total += part.len() as u64;
            self.input.consume(used);
            if end {
                return Ok(Some(total));
            }
        }
    }

    fn row(&mut self, len: u64) -> Option<RowResult> {
        let line = self.line;
        if len > MAX_ROW_BYTES as u64 {
            return Some(Err(RowError {
                line,
                id: None,
                problem: Problem::RowTooLarge {
                    bytes: len,
                    limit: MAX_ROW_BYTES,
                },
                row: None,
            }));
        }
        let mut bytes = &self.buf[..];
        if line == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        let raw = |bytes: &[u8]| {
            Some(Box::new(RawRow {
                raw: Some(String::from_utf8_lossy(bytes).into_owned()),
                ..RawRow::default()
            }))
        };
        let Some(text) = self.encoding.decode_row(bytes) else {
            return Some(Err(RowError {
                line,
                id: None,
                problem: Problem::NotText {
                    encoding: self.encoding.name(),
                },
                row: raw(bytes),
            }));
        };
        let parsed = match serde_json::from_str::<JsonCells<'_>>(&text) {
            Ok(p) => p,
            Err(e) => {
                return Some(Err(RowError {
                    line,
                    id: None,
                    problem: Problem::BadJson(json_message(&e)),
                    row: raw(bytes),
                }))
            }
        };
        for name in &parsed.ignored {
            note_ignored(&mut self.ignored, name);
        }
        if let Some(field) = parsed.duplicate {
            let mut row = parsed.cells.raw();
            row.raw = Some(text.to_string());
            return Some(Err(RowError {
                line,
                id: None,
                problem: Problem::DuplicateField(field),
                row: Some(Box::new(row)),
            }));
        }
        Some(check(line, parsed.cells, DateSystem::default()))
    }
}

impl<R: Read> Iterator for JsonlRows<R> {
    type Item = Result<RowResult, TextError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let len = match self.read_line() {
                Ok(Some(len)) => len,
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            self.line += 1;
            if let Some(row) = self.row(len) {
                return Some(Ok(row));
            }
        }
        None
    }
}

/// serde_json's message without "at line 1": the line is the file's, given beside it.
fn json_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(cut) => format!("{} at column {}", &text[..cut], e.column()),
        None => text,
    }
}

/// A JSON object's known fields; other keys ignored but named.
struct JsonCells<'a> {
    cells: Cells<'a>,
    duplicate: Option<Field>,
    ignored: Vec<String>,
}

impl<'de> Deserialize<'de> for JsonCells<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor)
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = JsonCells<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object with the fields of a comment")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = JsonCells {
            cells: Cells::default(),
            duplicate: None,
            ignored: Vec::new(),
        };
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match Field::from_key(&key) {
                Some(field) => {
                    let value = map.next_value::<JsonValue<'de>>()?;
                    if out.cells.is_set(field) {
                        out.duplicate.get_or_insert(field);
                    }
                    // null is "not given".
                    if let Some(v) = value.0 {
                        out.cells.set(field, v);
                    }
                }
                None => {
                    if out.ignored.len() < super::MAX_IGNORED_FIELDS {
                        out.ignored.push(key.into_owned());
                    }
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

/// An object key, borrowed from the line when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(StrVisitor).map(Key)
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// A field's value of any JSON type; `None` for null.
struct JsonValue<'a>(Option<Value<'a>>);

impl<'de> Deserialize<'de> for JsonValue<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).map(JsonValue)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Option<Value<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Value::Text(Cow::Borrowed(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Value::Text(Cow::Owned(v.to_string()))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Value::Text(Cow::Owned(v))))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::JsonNumber(v.to_string())))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::JsonNumber(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Value::JsonNumber(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Other("a boolean")))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Some(Value::Other("an array")))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Some(Value::Other("an object")))
    }
}
