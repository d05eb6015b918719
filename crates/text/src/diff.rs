//! Diff inside aligned paragraphs and the modification count.
//!
//! PLACEHOLDER API — the text-engine work replaces the bodies; keep the public signatures.

use serde::Serialize;

use crate::align::MatchKind;
use crate::structure::Document;

/// One modification (修改一处) between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Modification {
    /// The kind of paragraph operation behind it (modified for an edit inside a paragraph).
    pub kind: MatchKind,
    /// Indexes of the old / new blocks involved.
    pub old_blocks: Vec<usize>,
    pub new_blocks: Vec<usize>,
    /// Old and new text of the changed region (or of the whole paragraph for paragraph operations).
    pub old_text: String,
    pub new_text: String,
    /// Title of the part (level-1 heading) the change lies in, in the new version (old for deletions).
    pub part: Option<String>,
}

/// The comparison of two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub modifications: Vec<Modification>,
}

/// Compare two parsed versions.
pub fn compare(old: &Document, new: &Document) -> Comparison {
    let o: Vec<&str> = old.blocks.iter().map(|b| b.text.as_str()).collect();
    let n: Vec<&str> = new.blocks.iter().map(|b| b.text.as_str()).collect();
    let al = crate::align::align(&o, &n);
    let modifications = al
        .links
        .into_iter()
        .filter(|l| l.kind != MatchKind::Unchanged)
        .map(|l| Modification {
            kind: l.kind,
            old_text: l.old.iter().map(|&i| o[i]).collect(),
            new_text: l.new.iter().map(|&i| n[i]).collect(),
            old_blocks: l.old,
            new_blocks: l.new,
            part: None,
        })
        .collect();
    Comparison { modifications }
}
