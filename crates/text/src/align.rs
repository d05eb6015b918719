//! Paragraph alignment between two versions.
//!
//! PLACEHOLDER API — the text-engine work replaces the bodies; keep the public signatures.

use serde::Serialize;

/// How a paragraph of the new version relates to the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Unchanged,
    Modified,
    Inserted,
    Deleted,
    Moved,
    Split,
    Merged,
}

/// One alignment link: indexes into the old and new paragraph lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub kind: MatchKind,
    /// Old paragraph indexes (empty for inserted; several for merged).
    pub old: Vec<usize>,
    /// New paragraph indexes (empty for deleted; several for split).
    pub new: Vec<usize>,
}

/// The alignment of two paragraph lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alignment {
    pub links: Vec<Link>,
}

impl Alignment {
    /// For each new paragraph, the old paragraph whose stable id it inherits, if any.
    /// (Split: the first piece inherits; merged: the new paragraph inherits the first old one.)
    pub fn inherited_ids(&self, new_len: usize) -> Vec<Option<usize>> {
        let mut out = vec![None; new_len];
        for link in &self.links {
            if let (Some(&o), Some(&n)) = (link.old.first(), link.new.first()) {
                out[n] = Some(o);
            }
        }
        out
    }
}

/// Align old and new paragraphs.
pub fn align(old: &[&str], new: &[&str]) -> Alignment {
    let mut links = Vec::new();
    let mut used = vec![false; old.len()];
    for (n, text) in new.iter().enumerate() {
        match old.iter().enumerate().position(|(i, o)| !used[i] && o == text) {
            Some(o) => {
                used[o] = true;
                links.push(Link { kind: MatchKind::Unchanged, old: vec![o], new: vec![n] });
            }
            None => links.push(Link { kind: MatchKind::Inserted, old: vec![], new: vec![n] }),
        }
    }
    for (o, u) in used.iter().enumerate() {
        if !u {
            links.push(Link { kind: MatchKind::Deleted, old: vec![o], new: vec![] });
        }
    }
    Alignment { links }
}
