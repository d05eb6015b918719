//! Document structure: recognise the headings of Chinese drafts and build a tree of parts,
//! sections and paragraphs from plain text, Markdown or `.docx`.
//!
//! # Rules
//!
//! - Every non-empty line (plain text, Markdown) or paragraph (.docx) is a block: blank lines
//!   and single newlines both separate paragraphs. Lines are never joined.
//! - The first line is the `Title` when it is at most 60 characters, carries no numbering
//!   marker, does not end in punctuation (。，；：…) and is not the only line.
//! - Headings are recognised by their markers: 序言/前言, 第X编, 第X部分, 第X章, 第X节,
//!   第X条, 一、, （一）, 1., （1）, ①, 结束语/结语 (see [`heading::scan`]). Levels come from the
//!   conventional rank of the style (部分 > 章 > 节 > 条 > 一、 > （一） > 1. > （1） > ①) through a
//!   stack, so a draft that starts at 一、 has 一、 at level 1.
//! - A numbered line is a heading only when it is short (see [`heading::classify`]): a long
//!   sentence starting with 一、 and ending in 。 is a numbered paragraph (it keeps its `number`).
//!   A run-in heading "（一）总体要求。正文……" gives a heading block "（一）总体要求。" and a
//!   paragraph "正文……" on the same line.
//! - 第X条 is an article: the block "第一条" at the article's level, its text as a paragraph
//!   (its first 款) one level deeper. Further paragraphs before the next heading are more 款;
//!   lines numbered （一）, 1. … inside an article are its 项 (`Item`), one level below the 款.
//! - Markdown `#` headings and .docx heading styles set levels explicitly; Chinese-marker
//!   headings in unstyled lines nest below the current explicit heading. A first `#` heading
//!   without a marker is the title.

mod build;
pub mod heading;
mod markdown;
pub mod numeral;
mod outline;

use serde::Serialize;

pub use build::{Hint, SourceLine};
pub use heading::Numbering;
pub use numeral::parse_chinese_numeral;
pub use outline::{Counts, OutlineNode, TreeNode};

use crate::TextError;

/// What a block of a draft is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The document title (first line, when it looks like a title).
    Title,
    /// 序言 / 前言 heading.
    Preface,
    /// 第一部分 / 第一编 heading.
    Part,
    /// 第一章 / 第一节 / 一、 / （一） / 1. / Markdown heading below a part.
    Section,
    /// 第一条: the article heading; the article text is the following paragraph (its 款).
    Article,
    /// 结束语 heading.
    Conclusion,
    /// A body paragraph (also an article's 款).
    #[default]
    Paragraph,
    /// An item (项) of an article: a line numbered （一）, 1. … inside an article.
    Item,
}

impl BlockKind {
    /// Body text (paragraphs and items), as opposed to headings and the title.
    pub fn is_body(self) -> bool {
        matches!(self, BlockKind::Paragraph | BlockKind::Item)
    }

    /// Headings: preface, part, section, article, conclusion (not the title).
    pub fn is_heading(self) -> bool {
        !self.is_body() && self != BlockKind::Title
    }
}

/// One block in document order. Headings and paragraphs alike; `level` gives the nesting
/// (0 = title, 1 = the highest heading present, …; paragraphs take the level of their
/// innermost heading + 1, or 1 when there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub level: u8,
    pub text: String,
    /// 1-based line in the source where the block starts (paragraph index for .docx).
    pub line: usize,
    /// The parsed ordinal of the block's numbering marker (第三部分 → 3, （二）→ 2); also set on
    /// numbered paragraphs. `None` when there is no marker or the numeral is malformed.
    pub number: Option<u32>,
    /// The numbering style of the marker, if any.
    pub numbering: Option<Numbering>,
}

/// A parsed document: blocks in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    /// Build a document from source lines with format hints (used by the .docx reader).
    pub fn from_lines(lines: Vec<SourceLine>) -> Result<Document, TextError> {
        let blocks = build::Builder::build(lines);
        if blocks.is_empty() {
            return Err(TextError::Empty);
        }
        Ok(Document { blocks })
    }

    /// The heading tree (without the title).
    pub fn outline(&self) -> Vec<OutlineNode> {
        outline::outline(self)
    }

    /// The full tree: headings with the headings and paragraphs beneath them (no title).
    pub fn tree(&self) -> Vec<TreeNode> {
        outline::tree(self)
    }

    /// Numbers of parts, sections, articles and paragraphs.
    pub fn counts(&self) -> Counts {
        outline::counts(self)
    }

    /// The title block, if the document has one.
    pub fn title(&self) -> Option<&Block> {
        self.blocks.iter().find(|b| b.kind == BlockKind::Title)
    }

    /// Body blocks (paragraphs and items) with their indexes in `blocks`.
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind.is_body())
    }
}

/// Split plain text into source lines without hints.
fn plain_lines(text: &str) -> Vec<SourceLine> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.lines()
        .enumerate()
        .map(|(i, l)| SourceLine {
            text: l.to_string(),
            line: i + 1,
            hint: Hint::None,
        })
        .collect()
}

/// Parse plain text (blank-line or single-newline separated paragraphs).
pub fn parse_plain(text: &str) -> Result<Document, TextError> {
    Document::from_lines(plain_lines(text))
}

/// Parse Markdown (ATX headings plus the Chinese headings of plain text).
pub fn parse_markdown(text: &str) -> Result<Document, TextError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Document::from_lines(markdown::source_lines(text))
}

/// The formats [`parse_file_bytes`] understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Plain,
    Markdown,
    Docx,
}

impl Format {
    /// The format for a file name or bare extension ("draft.md", "docx", ".TXT").
    pub fn from_name(name: &str) -> Result<Format, TextError> {
        let ext = name
            .rsplit_once('.')
            .map_or(name, |(_, e)| e)
            .to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Ok(Format::Plain),
            "md" | "markdown" => Ok(Format::Markdown),
            "docx" => Ok(Format::Docx),
            _ => Err(TextError::UnsupportedFormat(ext)),
        }
    }
}

/// Parse a file's bytes, choosing the reader by the extension of `name_or_extension`;
/// text files are decoded first (UTF-8, UTF-16 with BOM, GB18030).
pub fn parse_file_bytes(name_or_extension: &str, bytes: &[u8]) -> Result<Document, TextError> {
    match Format::from_name(name_or_extension)? {
        Format::Docx => crate::docx::parse_docx(bytes),
        Format::Plain => parse_plain(&crate::decode::decode(bytes)?),
        Format::Markdown => parse_markdown(&crate::decode::decode(bytes)?),
    }
}

#[cfg(test)]
mod tests;
