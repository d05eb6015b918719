//! Reading a draft file into blocks: the text engine parses, this maps to the record's kinds.

use yijian_core::model::BlockKind;
use yijian_text::structure::{self, BlockKind as TextKind, Document};

use crate::Result;

/// How a version's text was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Plain,
    Markdown,
    Docx,
}

/// A parsed block, before it gets its stable paragraph id.
pub(crate) struct ParsedBlock {
    pub kind: BlockKind,
    pub level: u8,
    pub text: String,
}

/// Parse a file's bytes by its name's extension (.txt, .md, .docx). Empty, binary and
/// undecodable input is an error naming the problem.
pub(crate) fn parse_file(name: &str, bytes: &[u8]) -> Result<Vec<ParsedBlock>> {
    let doc = structure::parse_file_bytes(name, bytes)?;
    Ok(from_document(&doc))
}

pub(crate) fn from_document(doc: &Document) -> Vec<ParsedBlock> {
    doc.blocks
        .iter()
        .filter(|b| !b.text.trim().is_empty())
        .map(|b| ParsedBlock {
            kind: kind(b.kind),
            level: b.level,
            text: b.text.clone(),
        })
        .collect()
}

/// Back from the record to the text engine's document, for comparisons.
pub(crate) fn to_document(blocks: &[yijian_core::model::Block]) -> Document {
    let blocks = blocks
        .iter()
        .map(|b| structure::Block {
            kind: text_kind(b.kind),
            level: b.level,
            text: b.text.clone(),
            line: b.position as usize + 1,
            ..Default::default()
        })
        .collect();
    Document { blocks }
}

fn kind(k: TextKind) -> BlockKind {
    match k {
        TextKind::Title => BlockKind::Title,
        TextKind::Preface => BlockKind::Preface,
        TextKind::Part => BlockKind::Part,
        TextKind::Section => BlockKind::Section,
        TextKind::Article => BlockKind::Article,
        TextKind::Conclusion => BlockKind::Conclusion,
        TextKind::Paragraph => BlockKind::Paragraph,
        TextKind::Item => BlockKind::Item,
    }
}

fn text_kind(k: BlockKind) -> TextKind {
    match k {
        BlockKind::Title => TextKind::Title,
        BlockKind::Preface => TextKind::Preface,
        BlockKind::Part => TextKind::Part,
        BlockKind::Section => TextKind::Section,
        BlockKind::Article => TextKind::Article,
        BlockKind::Conclusion => TextKind::Conclusion,
        BlockKind::Paragraph => TextKind::Paragraph,
        BlockKind::Item => TextKind::Item,
    }
}
