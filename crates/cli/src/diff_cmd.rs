//! `yijian diff OLD NEW`: paragraph alignment, the modification count (修改处数) by part, and
//! the comparison table (修改对照表).
//!
//! Paragraph numbers are 1-based positions of blocks, headings included (as in
//! `yijian structure`). Paragraph ids show how stable ids carry over: the old version's
//! blocks are P1…Pn in order; a new block carries the id of the old block it comes from
//! (unchanged, modified, moved, the first piece of a split, a merge from its first part), and
//! an inserted block gets the next free id.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use yijian_text::align::MatchKind;
use yijian_text::diff::{compare, mark, CharRange, Comparison, PartCount};

use crate::structure_cmd::{read_document, shorten, write_stdout};

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The earlier version (.txt, .md or .docx).
    pub old: PathBuf,
    /// The later version (.txt, .md or .docx).
    pub new: PathBuf,
    /// Print the comparison table (old text | new text | kind).
    #[arg(long)]
    pub table: bool,
}

/// A paragraph of one version: its number and its stable id.
#[derive(Serialize)]
struct ParagraphRef {
    number: usize,
    id: String,
}

/// One changed region inside a change (a modification of kind "modified").
#[derive(Serialize)]
struct Region<'a> {
    old_text: &'a str,
    new_text: &'a str,
    /// Character ranges in the change's `old_text` / `new_text`.
    old_range: Option<CharRange>,
    new_range: Option<CharRange>,
}

/// One row of the comparison table.
#[derive(Serialize)]
struct Change<'a> {
    kind: MatchKind,
    /// The kind's name in the comparison table (修改, 新增, 删除, 移动, 拆分, 合并).
    label: &'static str,
    part: Option<&'a str>,
    old: Vec<ParagraphRef>,
    new: Vec<ParagraphRef>,
    old_text: &'a str,
    new_text: &'a str,
    /// Modifications this change counts for: 1 for a paragraph operation, plus one per region.
    modifications: usize,
    regions: Vec<Region<'a>>,
}

#[derive(Serialize)]
struct Version {
    file: String,
    blocks: usize,
    paragraphs: usize,
}

#[derive(Serialize)]
struct Output<'a> {
    old: Version,
    new: Version,
    /// The modification count (修改处数).
    modifications: usize,
    by_part: Vec<PartCount>,
    /// Paragraph-level operations by kind (unchanged excluded).
    paragraph_operations: BTreeMap<MatchKind, usize>,
    changes: Vec<Change<'a>>,
}

/// Stable ids: old blocks P1…Pn; new blocks inherit or take the next free id.
fn ids(c: &Comparison, old_len: usize, new_len: usize) -> (Vec<String>, Vec<String>) {
    let old: Vec<String> = (1..=old_len).map(|k| format!("P{k}")).collect();
    let mut next = old_len;
    let new = c
        .alignment
        .inherited_ids(new_len)
        .into_iter()
        .map(|from| match from {
            Some(i) => format!("P{}", i + 1),
            None => {
                next += 1;
                format!("P{next}")
            }
        })
        .collect();
    (old, new)
}

fn refs(blocks: &[usize], ids: &[String]) -> Vec<ParagraphRef> {
    blocks
        .iter()
        .map(|&i| ParagraphRef {
            number: i + 1,
            id: ids.get(i).cloned().unwrap_or_default(),
        })
        .collect()
}

fn changes<'a>(c: &'a Comparison, old_ids: &[String], new_ids: &[String]) -> Vec<Change<'a>> {
    let mut regions: Vec<Vec<Region<'a>>> = c.rows.iter().map(|_| Vec::new()).collect();
    for m in &c.modifications {
        if m.old_range.is_none() && m.new_range.is_none() {
            continue; // the paragraph operation itself, not a region
        }
        if let Some(slot) = regions.get_mut(m.row) {
            slot.push(Region {
                old_text: &m.old_text,
                new_text: &m.new_text,
                old_range: m.old_range,
                new_range: m.new_range,
            });
        }
    }
    c.rows
        .iter()
        .zip(regions)
        .map(|(row, regions)| Change {
            kind: row.kind,
            label: row.kind.label_zh(),
            part: row.part.as_deref(),
            old: refs(&row.old_blocks, old_ids),
            new: refs(&row.new_blocks, new_ids),
            old_text: &row.old_text,
            new_text: &row.new_text,
            modifications: row.modifications,
            regions,
        })
        .collect()
}

pub fn diff(args: DiffArgs, json: bool) -> anyhow::Result<()> {
    let (_, old) = read_document(&args.old)?;
    let (_, new) = read_document(&args.new)?;
    let c = compare(&old, &new);
    let (old_ids, new_ids) = ids(&c, old.blocks.len(), new.blocks.len());
    let out = Output {
        old: Version {
            file: args.old.display().to_string(),
            blocks: old.blocks.len(),
            paragraphs: old.counts().paragraphs,
        },
        new: Version {
            file: args.new.display().to_string(),
            blocks: new.blocks.len(),
            paragraphs: new.counts().paragraphs,
        },
        modifications: c.count(),
        by_part: c.by_part(),
        paragraph_operations: c
            .alignment
            .kind_counts()
            .into_iter()
            .filter(|&(_, n)| n > 0)
            .collect(),
        changes: changes(&c, &old_ids, &new_ids),
    };
    let text = if json {
        serde_json::to_string_pretty(&out)? + "\n"
    } else if args.table {
        table(&c)
    } else {
        summary(&out, &c)
    };
    write_stdout(&text)
}

/// Marks around changed regions in displayed text.
const OPEN: &str = "【";
const CLOSE: &str = "】";

/// The comparison table as a Markdown table: number | old text | new text | kind.
fn table(c: &Comparison) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
    let mut out = format!("修改对照表：共修改 {} 处\n\n", c.count());
    out.push_str("| 序号 | 原文 | 修改后 | 类型 |\n|---|---|---|---|\n");
    for (k, row) in c.rows.iter().enumerate() {
        let old = mark(&row.old_text, &row.old_marks, OPEN, CLOSE);
        let new = mark(&row.new_text, &row.new_marks, OPEN, CLOSE);
        let kind = if row.modifications > 1 {
            format!("{}（{}处）", row.kind.label_zh(), row.modifications)
        } else {
            row.kind.label_zh().to_string()
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            k + 1,
            cell(&old),
            cell(&new),
            kind
        ));
    }
    out
}

/// Longest text shown per side of a change in the summary, in characters.
const SHOWN_CHARS: usize = 120;

fn numbers(refs: &[ParagraphRef]) -> String {
    refs.iter()
        .map(|r| format!("¶{}", r.number))
        .collect::<Vec<_>>()
        .join("+")
}

/// Human-readable summary: count, counts by part, then each change with its marked text.
fn summary(out: &Output<'_>, c: &Comparison) -> String {
    let mut s = format!(
        "old: {} ({} blocks)\nnew: {} ({} blocks)\n\n{} modifications (共修改 {} 处)\n",
        out.old.file,
        out.old.blocks,
        out.new.file,
        out.new.blocks,
        out.modifications,
        out.modifications
    );
    if !out.by_part.is_empty() {
        s.push_str("\nby part:\n");
        for p in &out.by_part {
            let name = p.part.as_deref().unwrap_or("(before the first part)");
            s.push_str(&format!("  {:>5}  {name}\n", p.modifications));
        }
    }
    if !out.paragraph_operations.is_empty() {
        let ops: Vec<String> = out
            .paragraph_operations
            .iter()
            .map(|(k, n)| format!("{} {n}", k.label_zh()))
            .collect();
        s.push_str(&format!("\nparagraphs: {}\n", ops.join(", ")));
    }
    if !out.changes.is_empty() {
        s.push_str("\nchanges:\n");
    }
    for (k, (change, row)) in out.changes.iter().zip(&c.rows).enumerate() {
        s.push_str(&format!(
            "{:>4}. {} {} → {}  ({} 处)\n",
            k + 1,
            change.label,
            if change.old.is_empty() {
                "—".to_string()
            } else {
                numbers(&change.old)
            },
            if change.new.is_empty() {
                "—".to_string()
            } else {
                numbers(&change.new)
            },
            change.modifications
        ));
        if !row.old_text.is_empty() {
            let old = mark(&row.old_text, &row.old_marks, OPEN, CLOSE);
            s.push_str(&format!(
                "      - {}\n",
                shorten(&old, SHOWN_CHARS).replace('\n', " / ")
            ));
        }
        if !row.new_text.is_empty() {
            let new = mark(&row.new_text, &row.new_marks, OPEN, CLOSE);
            s.push_str(&format!(
                "      + {}\n",
                shorten(&new, SHOWN_CHARS).replace('\n', " / ")
            ));
        }
    }
    s
}
