//! Diff inside aligned paragraphs, the modification count (修改处数) and comparison-table
//! (修改对照表) rows.
//!
//! # The counting rule
//!
//! This rule produces the published figure ("共修改 547 处"), so it is fixed and tested.
//!
//! 1. The two versions are aligned paragraph by paragraph ([`crate::align`]); headings are
//!    blocks like paragraphs and are counted the same way.
//! 2. An **inserted**, **deleted**, **moved**, **split** or **merged** paragraph counts as
//!    **one** modification, plus the edits inside it (a moved paragraph that was also
//!    reworded counts 1 + its edits; a split is compared as the old paragraph against the
//!    new pieces joined, so a clean split counts exactly 1).
//! 3. Inside an aligned pair, the character diff (minimal, Myers) gives changed regions.
//!    Each region is widened to whole words (jieba segmentation), by at most
//!    [`MAX_SNAP`] = 3 characters on each side.
//! 4. Regions separated by fewer than [`MERGE_GAP`] = 4 unchanged characters merge.
//!    **Each remaining region is one modification.**
//! 5. A modification belongs to the part (部分: the enclosing preface, part or conclusion
//!    heading) where it lies in the new version — in the old version for a deletion.
//!
//! Guarantee: edits inside paragraphs that are at least `MERGE_GAP + 2 × MAX_SNAP` = 10
//! unchanged characters apart are counted one by one; edits fewer than 4 apart are always
//! one modification; between 4 and 9 apart, it depends on the word boundaries.
//!
//! ## Example
//!
//! Old: 推动发展成果更多更公平惠及全体人民，坚持共同富裕方向。
//! New: 推动发展成果更加公平惠及全体人民，始终坚持共同富裕方向。
//!
//! The character diff changes 多更 → 加 and inserts 始终. Snapped to whole words these are
//! 更多更 → 更加 and (nothing) → 始终. Nine unchanged characters (公平惠及全体人民，) lie
//! between them, not fewer than 4, so the paragraph counts **2** modifications. Had the
//! versions read 更多更公平，坚持 → 更加公平，始终坚持 (only 公平， — 3 characters — between the
//! two changes), the paragraph would count **1**.

mod regions;
mod words;

use serde::Serialize;

use crate::align::{align, Alignment, Link, MatchKind};
use crate::structure::{BlockKind, Document};

pub use regions::{MAX_SNAP, MERGE_GAP};

/// A half-open range of character (Unicode scalar) offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CharRange {
    pub start: usize,
    pub end: usize,
}

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
    /// Index of the comparison-table row (in [`Comparison::rows`]) this modification is in.
    pub row: usize,
    /// Where the region lies in the row's old / new text (chars); `None` for a whole-paragraph
    /// operation. An empty range marks the place of a pure insertion or deletion.
    pub old_range: Option<CharRange>,
    pub new_range: Option<CharRange>,
}

/// One row of the comparison table: the whole old and new paragraph(s) of one alignment link,
/// with the changed regions marked. Several paragraphs (split, merged) are joined by `\n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub kind: MatchKind,
    pub old_blocks: Vec<usize>,
    pub new_blocks: Vec<usize>,
    pub old_text: String,
    pub new_text: String,
    /// Changed regions in `old_text` / `new_text` (chars, non-empty ranges only; none for
    /// inserted and deleted paragraphs, where the whole text is the change).
    pub old_marks: Vec<CharRange>,
    pub new_marks: Vec<CharRange>,
    /// Modifications this row counts for.
    pub modifications: usize,
    pub part: Option<String>,
}

/// Modifications counted in one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartCount {
    /// The part's heading text; `None` for text before the first part heading.
    pub part: Option<String>,
    pub modifications: usize,
}

/// The comparison of two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// Every modification, in reading order; its length is the published count.
    pub modifications: Vec<Modification>,
    /// Comparison-table rows (changed links only), in reading order.
    pub rows: Vec<Row>,
    /// The paragraph alignment behind it (all links, unchanged included).
    pub alignment: Alignment,
}

impl Comparison {
    /// The modification count (修改处数).
    pub fn count(&self) -> usize {
        self.modifications.len()
    }

    /// Counts per part, in order of first appearance.
    pub fn by_part(&self) -> Vec<PartCount> {
        let mut out: Vec<PartCount> = Vec::new();
        for m in &self.modifications {
            match out.iter_mut().find(|p| p.part == m.part) {
                Some(p) => p.modifications += 1,
                None => out.push(PartCount {
                    part: m.part.clone(),
                    modifications: 1,
                }),
            }
        }
        out
    }
}

/// Compare two parsed versions.
pub fn compare(old: &Document, new: &Document) -> Comparison {
    let o: Vec<&str> = old.blocks.iter().map(|b| b.text.as_str()).collect();
    let n: Vec<&str> = new.blocks.iter().map(|b| b.text.as_str()).collect();
    let alignment = align(&o, &n);
    let old_parts = part_titles(old);
    let new_parts = part_titles(new);
    let mut rows = Vec::new();
    let mut modifications = Vec::new();
    for link in &alignment.links {
        if link.kind == MatchKind::Unchanged {
            continue;
        }
        let part = match (link.new.first(), link.old.first()) {
            (Some(&j), _) => new_parts.get(j).cloned().flatten(),
            (None, Some(&i)) => old_parts.get(i).cloned().flatten(),
            (None, None) => None,
        };
        let row_index = rows.len();
        let (row, mods) = compare_link(link, &o, &n, part, row_index);
        if row.modifications > 0 {
            rows.push(row);
            modifications.extend(mods);
        }
    }
    Comparison {
        modifications,
        rows,
        alignment,
    }
}

/// The paragraphs of one side of a link: joined text for display, concatenated chars for the
/// diff, and where each piece starts in the concatenation.
struct Side {
    chars: Vec<char>,
    starts: Vec<usize>,
    blocks: Vec<usize>,
    /// The pieces joined by `\n` (one before each later piece, as
    /// [`Side::display_range`] counts them).
    display: String,
}

impl Side {
    fn new(indexes: &[usize], texts: &[&str]) -> Side {
        let bytes: usize = indexes
            .iter()
            .map(|&i| texts.get(i).map_or(0, |t| t.len()))
            .sum();
        // Bytes bound the number of chars: one allocation, whatever the script.
        let mut chars = Vec::with_capacity(bytes);
        let mut starts = Vec::with_capacity(indexes.len());
        let mut display = String::with_capacity(bytes + indexes.len());
        for (k, &i) in indexes.iter().enumerate() {
            let text = texts.get(i).copied().unwrap_or_default();
            starts.push(chars.len());
            chars.extend(text.chars());
            if k > 0 {
                display.push('\n');
            }
            display.push_str(text);
        }
        Side {
            chars,
            starts,
            blocks: indexes.to_vec(),
            display,
        }
    }

    /// Concatenation offsets → display offsets (one `\n` before each later piece).
    fn display_range(&self, start: usize, end: usize) -> CharRange {
        let before = |p: usize, inclusive: bool| {
            self.starts
                .iter()
                .skip(1)
                .filter(|&&s| if inclusive { s <= p } else { s < p })
                .count()
        };
        let s = start + before(start, true);
        CharRange {
            start: s,
            end: (end + before(end, false)).max(s),
        }
    }

    /// Blocks whose text the concatenation range touches (the piece at `start` if empty).
    fn blocks_in(&self, start: usize, end: usize) -> Vec<usize> {
        let piece_of = |p: usize| self.starts.partition_point(|&s| s <= p).saturating_sub(1);
        let (a, b) = (piece_of(start), piece_of(end.saturating_sub(1).max(start)));
        self.blocks
            .get(a..=b.max(a))
            .map(<[usize]>::to_vec)
            .unwrap_or_default()
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end)
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    }
}

fn compare_link(
    link: &Link,
    o: &[&str],
    n: &[&str],
    part: Option<String>,
    row: usize,
) -> (Row, Vec<Modification>) {
    let old = Side::new(&link.old, o);
    let new = Side::new(&link.new, n);
    let (old_text, new_text) = (old.display.clone(), new.display.clone());
    let mut mods = Vec::new();
    if link.kind != MatchKind::Modified {
        mods.push(Modification {
            kind: link.kind,
            old_blocks: link.old.clone(),
            new_blocks: link.new.clone(),
            old_text: old_text.clone(),
            new_text: new_text.clone(),
            part: part.clone(),
            row,
            old_range: None,
            new_range: None,
        });
    }
    let (mut old_marks, mut new_marks) = (Vec::new(), Vec::new());
    let inside = matches!(
        link.kind,
        MatchKind::Modified | MatchKind::Moved | MatchKind::Split | MatchKind::Merged
    );
    if inside {
        for r in regions::regions(&old.chars, &new.chars) {
            let (or, nr) = (
                old.display_range(r.old.0, r.old.1),
                new.display_range(r.new.0, r.new.1),
            );
            if or.start < or.end {
                old_marks.push(or);
            }
            if nr.start < nr.end {
                new_marks.push(nr);
            }
            mods.push(Modification {
                kind: MatchKind::Modified,
                old_blocks: old.blocks_in(r.old.0, r.old.1),
                new_blocks: new.blocks_in(r.new.0, r.new.1),
                old_text: old.text(r.old.0, r.old.1),
                new_text: new.text(r.new.0, r.new.1),
                part: part.clone(),
                row,
                old_range: Some(or),
                new_range: Some(nr),
            });
        }
    }
    let row = Row {
        kind: link.kind,
        old_blocks: link.old.clone(),
        new_blocks: link.new.clone(),
        old_text,
        new_text,
        old_marks,
        new_marks,
        modifications: mods.len(),
        part,
    };
    (row, mods)
}

/// For each block, the title of the part it lies in: the nearest preceding level-1 heading
/// (preface, part, conclusion), the heading itself included.
fn part_titles(doc: &Document) -> Vec<Option<String>> {
    let mut current: Option<String> = None;
    doc.blocks
        .iter()
        .map(|b| {
            if matches!(
                b.kind,
                BlockKind::Preface | BlockKind::Part | BlockKind::Conclusion
            ) {
                current = Some(b.text.clone());
            }
            current.clone()
        })
        .collect()
}

/// Mark the ranges in `text` with `open` / `close` (e.g. 【】 or ANSI colours) for display.
/// Ranges are char offsets; out-of-range or overlapping ones are clipped, never a panic.
pub fn mark(text: &str, marks: &[CharRange], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + marks.len() * (open.len() + close.len()));
    let mut m = marks.iter().peekable();
    let mut inside: Option<usize> = None;
    for (k, c) in text.chars().enumerate() {
        if inside.is_some_and(|end| k >= end) {
            out.push_str(close);
            inside = None;
        }
        while m.peek().is_some_and(|r| r.end <= k || r.start >= r.end) {
            m.next();
        }
        if inside.is_none() {
            if let Some(r) = m.peek().filter(|r| r.start <= k) {
                out.push_str(open);
                inside = Some(r.end);
                m.next();
            }
        }
        out.push(c);
    }
    if inside.is_some() {
        out.push_str(close);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::structure::parse_plain;

    fn cmp(a: &str, b: &str) -> Comparison {
        match (parse_plain(a), parse_plain(b)) {
            (Ok(a), Ok(b)) => compare(&a, &b),
            other => panic!("parse failed: {other:?}"),
        }
    }

    const OLD: &str = "推动发展成果更多更公平惠及全体人民，坚持共同富裕方向。\n加快构建新发展格局，着力推动高质量发展。\n深化科技体制改革，提升自主创新能力。";

    #[test]
    fn the_documented_example_counts_two() {
        let new = OLD.replace(
            "更多更公平惠及全体人民，坚持",
            "更加公平惠及全体人民，始终坚持",
        );
        let c = cmp(OLD, &new);
        assert_eq!(c.count(), 2, "{:#?}", c.modifications);
        let texts: Vec<(&str, &str)> = c
            .modifications
            .iter()
            .map(|m| (m.old_text.as_str(), m.new_text.as_str()))
            .collect();
        assert_eq!(texts, vec![("更多更", "更加"), ("", "始终")]);
        assert_eq!(c.rows.len(), 1);
        assert_eq!(
            mark(&c.rows[0].new_text, &c.rows[0].new_marks, "【", "】"),
            "推动发展成果【更加】公平惠及全体人民，【始终】坚持共同富裕方向。"
        );
    }

    #[test]
    fn the_documented_counter_example_counts_one() {
        let c = cmp(
            "推动发展成果更多更公平，坚持共同富裕方向。",
            "推动发展成果更加公平，始终坚持共同富裕方向。",
        );
        assert_eq!(c.count(), 1, "{:#?}", c.modifications);
    }

    #[test]
    fn paragraph_operations_count_one_each() {
        let lines: Vec<&str> = OLD.lines().collect();
        let split = format!(
            "{}\n加快构建新发展格局，\n着力推动高质量发展。\n{}",
            lines[0], lines[2]
        );
        let c = cmp(OLD, &split);
        assert_eq!((c.count(), c.rows[0].kind), (1, MatchKind::Split));
        assert_eq!(
            c.rows[0].new_text,
            "加快构建新发展格局，\n着力推动高质量发展。"
        );
        let deleted = format!("{}\n{}", lines[0], lines[2]);
        assert_eq!(cmp(OLD, &deleted).count(), 1);
    }

    #[test]
    fn moved_and_edited_counts_one_plus_edits() {
        let lines: Vec<&str> = OLD.lines().collect();
        let moved = format!(
            "{}\n{}\n{}",
            lines[1],
            lines[2],
            lines[0].replace("共同富裕", "全体富裕")
        );
        let c = cmp(OLD, &moved);
        let kinds: Vec<MatchKind> = c.modifications.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, vec![MatchKind::Moved, MatchKind::Modified], "{c:#?}");
    }

    #[test]
    fn parts_are_counted() {
        let base = match parse_plain("基") {
            Ok(d) => d.blocks[0].clone(),
            Err(e) => panic!("{e}"),
        };
        // Struct update keeps this test compiling when `Block` gains fields.
        let doc = |texts: &[(&str, BlockKind)]| Document {
            blocks: texts
                .iter()
                .map(|(t, k)| crate::structure::Block {
                    kind: *k,
                    text: t.to_string(),
                    ..base.clone()
                })
                .collect(),
        };
        let a = doc(&[
            ("第一部分", BlockKind::Part),
            ("甲乙丙丁", BlockKind::Paragraph),
            ("第二部分", BlockKind::Part),
            ("戊己庚辛", BlockKind::Paragraph),
        ]);
        let b = doc(&[
            ("第一部分", BlockKind::Part),
            ("甲乙丙丁", BlockKind::Paragraph),
            ("第二部分", BlockKind::Part),
            ("戊己X庚辛", BlockKind::Paragraph),
        ]);
        let c = compare(&a, &b);
        assert_eq!(
            c.by_part(),
            vec![PartCount {
                part: Some("第二部分".into()),
                modifications: 1
            }]
        );
    }

    #[test]
    fn mark_is_total() {
        let r = |start, end| CharRange { start, end };
        assert_eq!(mark("甲乙丙", &[r(1, 2)], "[", "]"), "甲[乙]丙");
        assert_eq!(mark("甲乙丙", &[r(2, 9), r(0, 1)], "[", "]"), "甲乙[丙]");
        assert_eq!(mark("", &[r(0, 3)], "[", "]"), "");
    }
}
