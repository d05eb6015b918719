//! Document structure: recognise Chinese headings and build a tree.
//!
//! PLACEHOLDER API — the text-engine work replaces the bodies; keep the public signatures
//! (the app crate depends on them) or update the callers in `crates/app` at the same time.

use serde::Serialize;

use crate::TextError;

/// What a block of a draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// The document title (first line, when it looks like a title).
    Title,
    /// 序言 / 前言 heading.
    Preface,
    /// 第一部分 … heading.
    Part,
    /// 第一章 / 第一节 / 一、 / （一） / 1. / Markdown heading below a part.
    Section,
    /// 第一条 heading-like article start (the article text is its paragraph).
    Article,
    /// 结束语 heading.
    Conclusion,
    /// A body paragraph.
    Paragraph,
}

/// One block in document order. Headings and paragraphs alike; `level` gives the nesting
/// (1 = part/preface/conclusion, 2 = section, 3 = subsection …, paragraphs take the level
/// of their heading + 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub level: u8,
    pub text: String,
    /// 1-based line in the source where the block starts.
    pub line: usize,
}

/// A parsed document: blocks in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    pub blocks: Vec<Block>,
}

/// Parse plain text (blank-line or single-newline separated paragraphs).
pub fn parse_plain(text: &str) -> Result<Document, TextError> {
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    let blocks = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Block { kind: BlockKind::Paragraph, level: 1, text: l.trim().to_string(), line: i + 1 })
        .collect();
    Ok(Document { blocks })
}

/// Parse Markdown (ATX headings plus the Chinese headings of plain text).
pub fn parse_markdown(text: &str) -> Result<Document, TextError> {
    parse_plain(text)
}
