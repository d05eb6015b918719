//! Tree views of a parsed document: the outline (headings only, each with the number of body
//! paragraphs directly beneath it, for the explanation's "framework of the draft") and the
//! full tree (headings and paragraphs, for `yijian structure`).

use serde::Serialize;

use super::{BlockKind, Document};

/// One heading in the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutlineNode {
    /// Index of the heading in `Document::blocks`.
    pub index: usize,
    pub kind: BlockKind,
    pub level: u8,
    pub number: Option<u32>,
    pub text: String,
    /// Body blocks (paragraphs and items) directly under this heading, before any sub-heading.
    pub paragraphs: usize,
    pub children: Vec<OutlineNode>,
}

/// Counts for the stated-count checks ("7 parts").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// 第X部分 / 第X编 headings.
    pub parts: usize,
    /// Section headings (章, 节, 一、, （一） …).
    pub sections: usize,
    /// 第X条 articles.
    pub articles: usize,
    /// Body paragraphs, including the 项 of articles.
    pub paragraphs: usize,
}

/// Attach the top of the stack to its parent (or to the roots).
fn close(stack: &mut Vec<OutlineNode>, roots: &mut Vec<OutlineNode>) {
    if let Some(node) = stack.pop() {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
}

/// Build the heading tree of `doc` (the title is not part of it).
pub fn outline(doc: &Document) -> Vec<OutlineNode> {
    let mut roots = Vec::new();
    let mut stack: Vec<OutlineNode> = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        if block.kind.is_body() {
            if let Some(top) = stack.last_mut() {
                top.paragraphs += 1;
            }
            continue;
        }
        if block.kind == BlockKind::Title {
            continue;
        }
        while stack.last().is_some_and(|n| n.level >= block.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(OutlineNode {
            index,
            kind: block.kind,
            level: block.level,
            number: block.number,
            text: block.text.clone(),
            paragraphs: 0,
            children: Vec::new(),
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// One block in the full document tree: a heading with everything beneath it, or a
/// paragraph (an article's 款 holds the 项 that follow it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreeNode {
    /// Index of the block in `Document::blocks`.
    pub index: usize,
    /// The paragraph number: 1-based position of the block in the version, headings included
    /// (the numbering the record and the comparison use).
    pub position: usize,
    pub kind: BlockKind,
    pub level: u8,
    /// The ordinal of the block's numbering marker (第三部分 → 3), as in [`super::Block`].
    pub number: Option<u32>,
    pub text: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TreeNode>,
}

/// Build the full tree of `doc` from the block levels (the title is not part of it): a
/// block becomes the child of the nearest preceding block with a smaller level.
pub fn tree(doc: &Document) -> Vec<TreeNode> {
    fn close(stack: &mut Vec<TreeNode>, roots: &mut Vec<TreeNode>) {
        if let Some(node) = stack.pop() {
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => roots.push(node),
            }
        }
    }
    let mut roots = Vec::new();
    let mut stack: Vec<TreeNode> = Vec::new();
    for (index, block) in doc.blocks.iter().enumerate() {
        if block.kind == BlockKind::Title {
            continue;
        }
        while stack.last().is_some_and(|n| n.level >= block.level) {
            close(&mut stack, &mut roots);
        }
        stack.push(TreeNode {
            index,
            position: index + 1,
            kind: block.kind,
            level: block.level,
            number: block.number,
            text: block.text.clone(),
            children: Vec::new(),
        });
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}

/// Count parts, sections, articles and paragraphs.
pub fn counts(doc: &Document) -> Counts {
    let mut c = Counts::default();
    for block in &doc.blocks {
        match block.kind {
            BlockKind::Part => c.parts += 1,
            BlockKind::Section => c.sections += 1,
            BlockKind::Article => c.articles += 1,
            BlockKind::Paragraph | BlockKind::Item => c.paragraphs += 1,
            BlockKind::Title | BlockKind::Preface | BlockKind::Conclusion => {}
        }
    }
    c
}
