//! `.docx` import: a small reader over zip + quick-xml that walks `word/document.xml` and
//! turns each paragraph (`w:p`) into a source line for the structure builder.
//!
//! What is read: text runs (`w:t`), tabs, line breaks, paragraph styles (`w:pStyle`, resolved
//! through `word/styles.xml` to heading levels: Heading 1, heading 1, 标题 1, `w:outlineLvl`),
//! paragraph outline levels, table-cell paragraphs (as paragraphs) and text boxes. What is
//! ignored: deleted and moved-from text of tracked changes, field codes, the fallback copies of
//! `mc:AlternateContent`, headers, footers, footnotes, comments, and Word's automatic
//! numbering (a heading numbered by Word rather than typed keeps no 一、 in its text).
//!
//! Against hostile files: at most [`MAX_ENTRIES`] zip entries, each part read through a
//! reader bounded to [`MAX_PART_BYTES`] whatever its header claims (zip bombs), and no DTD
//! or external entity is ever resolved (quick-xml does not process DTDs; unknown entity
//! references are dropped).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::structure::{Document, Hint, SourceLine};
use crate::TextError;

/// Largest uncompressed size of one part we read (document.xml, styles.xml).
pub const MAX_PART_BYTES: u64 = 50 * 1024 * 1024;
/// Most entries a .docx may have (a real one has 10–50).
pub const MAX_ENTRIES: usize = 10_000;
/// Longest chain of `w:basedOn` styles followed (breaks cycles).
const MAX_STYLE_CHAIN: usize = 16;

fn corrupt(reason: impl Into<String>) -> TextError {
    TextError::CorruptDocx(reason.into())
}

/// Parse a `.docx` file's bytes into a document.
pub fn parse_docx(bytes: &[u8]) -> Result<Document, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("not a zip archive ({e})")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(corrupt(format!(
            "{} zip entries (at most {MAX_ENTRIES})",
            archive.len()
        )));
    }
    let document = read_part(&mut archive, "word/document.xml")?
        .ok_or_else(|| corrupt("no word/document.xml (not a Word document)"))?;
    let styles = match read_part(&mut archive, "word/styles.xml")? {
        Some(xml) => parse_styles(&xml)?,
        None => Styles::default(),
    };
    Document::from_lines(paragraphs(&document, &styles)?)
}

/// Read one part as UTF-8 text; `None` if the archive has no such entry.
fn read_part(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, TextError> {
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(format!("{name}: {e}"))),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(corrupt(format!(
            "{name} is {} bytes uncompressed (at most {MAX_PART_BYTES})",
            file.size()
        )));
    }
    // The header's size may lie: bound the reader itself.
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(corrupt(format!(
            "{name} is larger than {MAX_PART_BYTES} bytes uncompressed"
        )));
    }
    let body = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Some(s.to_string())),
        Err(e) => Err(corrupt(format!(
            "{name} is not UTF-8 (bad byte at offset {})",
            e.valid_up_to()
        ))),
    }
}

/// What a paragraph style says about structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StyleRole {
    Title,
    /// Heading depth 1..=9.
    Heading(u8),
}

/// One `w:style` of styles.xml.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    name: Option<String>,
    outline: Option<u8>,
    based_on: Option<String>,
}

/// Paragraph styles by id.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleDef>,
}

/// The role a style name implies: "heading 1", "Heading1", "标题 1", "Title", "标题".
fn role_from_name(name: &str) -> Option<StyleRole> {
    let compact: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if compact == "title" || compact == "标题" {
        return Some(StyleRole::Title);
    }
    let digits = compact
        .strip_prefix("heading")
        .or_else(|| compact.strip_prefix("标题"))?;
    match digits.parse::<u8>() {
        Ok(d @ 1..=9) => Some(StyleRole::Heading(d)),
        _ => None,
    }
}

/// `w:outlineLvl` 0..=8 is a heading level; 9 means body text.
fn role_from_outline(level: u8) -> Option<StyleRole> {
    (level <= 8).then_some(StyleRole::Heading(level + 1))
}

impl Styles {
    /// Resolve a style id through its `basedOn` chain.
    fn role(&self, id: &str) -> Option<StyleRole> {
        let mut current = id.to_string();
        for _ in 0..MAX_STYLE_CHAIN {
            let Some(def) = self.by_id.get(&current) else {
                // No styles.xml entry: ids like "Heading1" speak for themselves.
                return role_from_name(&current);
            };
            if let Some(level) = def.outline {
                return role_from_outline(level);
            }
            if let Some(role) = def.name.as_deref().and_then(role_from_name) {
                return Some(role);
            }
            match &def.based_on {
                Some(parent) => current = parent.clone(),
                None => return role_from_name(&current),
            }
        }
        None
    }
}

/// The value of the `w:val` attribute (any prefix), with predefined entities resolved.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The value of the `w:styleId` attribute.
fn style_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "styleId")
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn xml_error(part: &str, reader: &Reader<&[u8]>, e: impl std::fmt::Display) -> TextError {
    corrupt(format!(
        "{part}: {e} (near byte {})",
        reader.buffer_position()
    ))
}

fn parse_styles(xml: &str) -> Result<Styles, TextError> {
    let mut reader = Reader::from_str(xml);
    let mut styles = Styles::default();
    let mut current: Option<(String, StyleDef)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error("word/styles.xml", &reader, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_start = matches!(event, Event::Start(_));
                match e.local_name().as_ref() {
                    "style" => {
                        let id = style_id(e).unwrap_or_default();
                        if is_start {
                            current = Some((id, StyleDef::default()));
                        }
                    }
                    "name" => {
                        if let Some((_, def)) = &mut current {
                            def.name = val(e);
                        }
                    }
                    "basedOn" => {
                        if let Some((_, def)) = &mut current {
                            def.based_on = val(e);
                        }
                    }
                    "outlineLvl" => {
                        if let Some((_, def)) = &mut current {
                            def.outline = val(e).and_then(|v| v.trim().parse().ok());
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) if e.local_name().as_ref() == "style" => {
                if let Some((id, def)) = current.take() {
                    styles.by_id.insert(id, def);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    outline: Option<u8>,
}

/// Walk document.xml and produce one source line per non-empty paragraph.
fn paragraphs(xml: &str, styles: &Styles) -> Result<Vec<SourceLine>, TextError> {
    const PART: &str = "word/document.xml";
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut open: Vec<Para> = Vec::new(); // nested paragraphs (text boxes inside a paragraph)
    let mut index = 0usize; // paragraph counter: the `line` of a block from .docx
    let mut in_text = false;
    let mut ppr_depth: Option<usize> = None; // set while inside the w:pPr of open[depth-1]
    let mut skip = 0usize; // depth inside ignored subtrees
    loop {
        let event = reader
            .read_event()
            .map_err(|e| xml_error(PART, &reader, e))?;
        match event {
            Event::Start(ref e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 || matches!(name, "Fallback" | "moveFrom" | "del") {
                    skip += 1;
                    continue;
                }
                match name {
                    "p" => open.push(Para::default()),
                    "pPr" => ppr_depth = Some(open.len()),
                    "t" => in_text = true,
                    _ => start_or_empty(e, &mut open, ppr_depth),
                }
            }
            Event::Empty(ref e) => {
                if skip == 0 && e.local_name().as_ref() == "p" {
                    index += 1; // an empty paragraph still takes a paragraph number
                } else if skip == 0 {
                    start_or_empty(e, &mut open, ppr_depth);
                }
            }
            Event::End(ref e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "pPr" => ppr_depth = None,
                    "p" => {
                        in_text = false;
                        ppr_depth = None;
                        if let Some(para) = open.pop() {
                            index += 1;
                            emit(para, index, styles, &mut out);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if in_text && skip == 0 => {
                if let Some(para) = open.last_mut() {
                    para.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(ref t) if in_text && skip == 0 => {
                if let Some(para) = open.last_mut() {
                    para.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(ref r) if in_text && skip == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => resolve_predefined_entity(r).map(str::to_string),
                    Err(_) => None,
                };
                if let (Some(para), Some(s)) = (open.last_mut(), resolved) {
                    para.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // Paragraphs left open by a truncated file still count.
    while let Some(para) = open.pop() {
        index += 1;
        emit(para, index, styles, &mut out);
    }
    Ok(out)
}

/// Elements that matter whether written as start tags or empty tags.
fn start_or_empty(e: &BytesStart<'_>, open: &mut [Para], ppr_depth: Option<usize>) {
    let in_ppr = ppr_depth.is_some() && ppr_depth == Some(open.len());
    let Some(para) = open.last_mut() else { return };
    match e.local_name().as_ref() {
        "pStyle" if in_ppr => para.style = val(e),
        "outlineLvl" if in_ppr => para.outline = val(e).and_then(|v| v.trim().parse().ok()),
        // w:tab inside w:pPr is a tab stop definition, not a tab character.
        "tab" | "ptab" if !in_ppr => para.text.push('\t'),
        "br" | "cr" if !in_ppr => para.text.push('\n'),
        "noBreakHyphen" => para.text.push('-'),
        _ => {}
    }
}

/// Turn a finished paragraph into source lines.
fn emit(para: Para, index: usize, styles: &Styles, out: &mut Vec<SourceLine>) {
    if para.text.trim().is_empty() {
        return;
    }
    let role = match para.outline {
        Some(level) => role_from_outline(level),
        None => para.style.as_deref().and_then(|s| styles.role(s)),
    };
    let hint = match role {
        Some(StyleRole::Title) => Hint::Title,
        Some(StyleRole::Heading(d)) => Hint::Heading(d),
        None => Hint::None,
    };
    if hint == Hint::None {
        // A line break inside a body paragraph separates paragraphs, as in plain text.
        for piece in para.text.split('\n') {
            out.push(SourceLine {
                text: piece.to_string(),
                line: index,
                hint,
            });
        }
    } else {
        out.push(SourceLine {
            text: para.text.replace('\n', " "),
            line: index,
            hint,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_names() {
        assert_eq!(role_from_name("heading 1"), Some(StyleRole::Heading(1)));
        assert_eq!(role_from_name("Heading3"), Some(StyleRole::Heading(3)));
        assert_eq!(role_from_name("标题 2"), Some(StyleRole::Heading(2)));
        assert_eq!(role_from_name("Title"), Some(StyleRole::Title));
        assert_eq!(role_from_name("Normal"), None);
        assert_eq!(role_from_name("heading 10"), None);
    }

    #[test]
    fn style_chain_and_cycles() {
        let xml = r#"<w:styles xmlns:w="w">
            <w:style w:styleId="1"><w:name w:val="heading 1"/></w:style>
            <w:style w:styleId="a5"><w:name w:val="我的标题"/><w:basedOn w:val="1"/></w:style>
            <w:style w:styleId="x"><w:name w:val="x"/><w:basedOn w:val="y"/></w:style>
            <w:style w:styleId="y"><w:name w:val="y"/><w:basedOn w:val="x"/></w:style>
            <w:style w:styleId="o"><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
        </w:styles>"#;
        let styles = parse_styles(xml).unwrap();
        assert_eq!(styles.role("1"), Some(StyleRole::Heading(1)));
        assert_eq!(styles.role("a5"), Some(StyleRole::Heading(1)));
        assert_eq!(styles.role("x"), None);
        assert_eq!(styles.role("o"), Some(StyleRole::Heading(2)));
        assert_eq!(styles.role("Heading2"), Some(StyleRole::Heading(2)));
    }

    #[test]
    fn paragraphs_runs_tabs_tables() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left"/></w:tabs></w:pPr><w:r><w:t>第一部分</w:t></w:r><w:r><w:tab/><w:t>总体要求</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">正文 &amp; </w:t></w:r><w:r><w:t>第二句&#12290;</w:t><w:br/><w:t>第二段。</w:t></w:r></w:p>
            <w:p/>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:delText>删除</w:delText></w:r><w:del><w:r><w:t>也删除</w:t></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p>
        </w:body></w:document>"#;
        let lines = paragraphs(xml, &Styles::default()).unwrap();
        let got: Vec<(&str, usize, Hint)> = lines
            .iter()
            .map(|l| (l.text.as_str(), l.line, l.hint))
            .collect();
        assert_eq!(
            got,
            vec![
                ("第一部分\t总体要求", 1, Hint::Heading(1)),
                ("正文 & 第二句。", 2, Hint::None),
                ("第二段。", 2, Hint::None),
                ("单元格", 4, Hint::None),
                ("插入", 5, Hint::None),
            ]
        );
    }

    #[test]
    fn malformed_xml_is_corrupt() {
        assert!(matches!(
            paragraphs("<w:p><w:t>a</w:p>", &Styles::default()),
            Err(TextError::CorruptDocx(_))
        ));
        assert!(matches!(
            parse_docx(b"not a zip"),
            Err(TextError::CorruptDocx(_))
        ));
        assert_eq!(parse_docx(b""), Err(TextError::Empty));
    }
}
