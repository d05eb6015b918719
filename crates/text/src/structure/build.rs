//! Turning a sequence of source lines into blocks with kinds and levels. The three readers
//! (plain text, Markdown, .docx) all feed [`Builder`], so the heading rules are the same
//! everywhere; Markdown `#` and .docx heading styles arrive as explicit hints.

use super::heading::{classify, scan, Numbering, Reading};
use super::{Block, BlockKind};

/// What the source format says about a line, beyond its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// Nothing: the heading rules decide.
    None,
    /// A heading of the given depth (Markdown `#` count, .docx outline level + 1).
    Heading(u8),
    /// The document title (.docx `Title` style).
    Title,
    /// Verbatim text (Markdown code block): always a paragraph, never a heading.
    Verbatim,
    /// A Markdown list item: a paragraph, though it may carry a number.
    ListItem,
}

/// One line (plain text, Markdown) or paragraph (.docx) of the source.
#[derive(Debug, Clone)]
pub struct SourceLine {
    pub text: String,
    /// 1-based line (paragraph index for .docx).
    pub line: usize,
    pub hint: Hint,
}

/// The longest first line that can still be a title.
const MAX_TITLE_CHARS: usize = 60;
const TITLE_BAD_ENDINGS: &[char] = &[
    '。', '，', '；', '：', '、', '！', '？', '.', ',', ';', ':', '…',
];

/// The state of an open article (第X条): its 款 and 项 nest below it.
struct ArticleScope {
    level: usize,
    /// Ranks of the item styles open inside the article ((一) then 1. …).
    items: Vec<u8>,
}

/// Builds blocks line by line, keeping the stack of open headings.
#[derive(Default)]
pub struct Builder {
    blocks: Vec<Block>,
    /// Open explicit headings (Markdown `#`, .docx styles): depth, and the rank of the
    /// numbering marker the heading's text starts with, if any.
    explicit: Vec<(u8, Option<u8>)>,
    /// Ranks of open headings found by their Chinese markers, nested below `explicit`.
    implicit: Vec<u8>,
    article: Option<ArticleScope>,
}

fn level_u8(level: usize) -> u8 {
    u8::try_from(level).unwrap_or(u8::MAX)
}

fn heading_kind(numbering: Numbering) -> BlockKind {
    match numbering {
        Numbering::Preface => BlockKind::Preface,
        Numbering::Conclusion => BlockKind::Conclusion,
        Numbering::Book | Numbering::Part => BlockKind::Part,
        Numbering::Article => BlockKind::Article,
        _ => BlockKind::Section,
    }
}

impl Builder {
    /// Build blocks from all the lines of a document.
    pub fn build(lines: Vec<SourceLine>) -> Vec<Block> {
        let non_empty = lines.iter().filter(|l| !l.text.trim().is_empty()).count();
        let mut builder = Builder::default();
        for source in lines {
            builder.push(source, non_empty);
        }
        builder.blocks
    }

    fn depth(&self) -> usize {
        self.explicit.len() + self.implicit.len()
    }

    fn emit(
        &mut self,
        kind: BlockKind,
        level: usize,
        text: &str,
        line: usize,
        marker: Option<(Numbering, Option<u32>)>,
    ) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        self.blocks.push(Block {
            kind,
            level: level_u8(level),
            text: text.to_string(),
            line,
            number: marker.and_then(|m| m.1),
            numbering: marker.map(|m| m.0),
        });
    }

    fn is_title(&self, text: &str, non_empty: usize) -> bool {
        self.blocks.is_empty()
            && non_empty > 1
            && text.chars().count() <= MAX_TITLE_CHARS
            && !text.ends_with(TITLE_BAD_ENDINGS)
    }

    fn push(&mut self, source: SourceLine, non_empty: usize) {
        let text = source.text.trim();
        if text.is_empty() {
            return;
        }
        let line = source.line;
        let marker = scan(text);
        match source.hint {
            Hint::Title => self.emit(BlockKind::Title, 0, text, line, None),
            Hint::Verbatim => self.paragraph(text, line, None),
            Hint::ListItem => self.paragraph(text, line, marker.map(|m| (m.numbering, m.number))),
            Hint::Heading(depth) => {
                if marker.is_none() && depth <= 1 && self.blocks.is_empty() {
                    self.emit(BlockKind::Title, 0, text, line, None);
                    return;
                }
                while self.explicit.last().is_some_and(|&(d, _)| d >= depth) {
                    self.explicit.pop();
                }
                self.explicit
                    .push((depth, marker.map(|m| m.numbering.rank())));
                self.implicit.clear();
                self.article = None;
                let kind = marker.map_or(BlockKind::Section, |m| heading_kind(m.numbering));
                let level = self.explicit.len();
                self.emit(
                    kind,
                    level,
                    text,
                    line,
                    marker.map(|m| (m.numbering, m.number)),
                );
            }
            Hint::None => match marker {
                None if self.is_title(text, non_empty) => {
                    self.emit(BlockKind::Title, 0, text, line, None)
                }
                None => self.paragraph(text, line, None),
                Some(marker) => self.marked(text, line, marker),
            },
        }
    }

    /// A line starting with a numbering marker, with no hint from the format.
    fn marked(&mut self, text: &str, line: usize, marker: super::heading::Marker) {
        let numbered = Some((marker.numbering, marker.number));
        let rank = marker.numbering.rank();
        // Inside an article, 一、（一）1. … are its items (项), not headings.
        if rank > Numbering::Article.rank() {
            if let Some(article) = &mut self.article {
                while article.items.last().is_some_and(|&r| r >= rank) {
                    article.items.pop();
                }
                article.items.push(rank);
                let level = article.level + 1 + article.items.len();
                self.emit(BlockKind::Item, level, text, line, numbered);
                return;
            }
        }
        let reading = classify(text, &marker);
        if reading == Reading::NumberedParagraph {
            self.paragraph(text, line, numbered);
            return;
        }
        // An unstyled "第二部分" after a styled "第一部分" is its sibling, not its child: it
        // closes the styled headings of the same or a lower rank.
        if let Some(at) = self
            .explicit
            .iter()
            .position(|&(_, r)| r.is_some_and(|r| r >= rank))
        {
            self.explicit.truncate(at);
            self.implicit.clear();
        }
        while self.implicit.last().is_some_and(|&r| r >= rank) {
            self.implicit.pop();
        }
        self.implicit.push(rank);
        let level = self.depth();
        if rank <= Numbering::Article.rank() {
            self.article = None;
        }
        let kind = heading_kind(marker.numbering);
        if marker.numbering == Numbering::Article {
            // 第一条 is the heading; the article's text is its first 款.
            let (head, body) = text.split_at(marker.len.min(text.len()));
            self.emit(kind, level, head, line, numbered);
            self.article = Some(ArticleScope {
                level,
                items: Vec::new(),
            });
            self.paragraph(body, line, None);
            return;
        }
        match reading {
            Reading::RunIn(split) if text.is_char_boundary(split) => {
                let (head, body) = text.split_at(split);
                self.emit(kind, level, head, line, numbered);
                self.paragraph(body, line, None);
            }
            _ => self.emit(kind, level, text, line, numbered),
        }
    }

    /// A body paragraph (or an article's 款) under the innermost open heading.
    fn paragraph(&mut self, text: &str, line: usize, numbered: Option<(Numbering, Option<u32>)>) {
        let level = match &mut self.article {
            Some(article) => {
                article.items.clear();
                article.level + 1
            }
            None => self.depth() + 1,
        };
        self.emit(BlockKind::Paragraph, level, text, line, numbered);
    }
}
