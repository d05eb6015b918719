//! `yijian structure FILE`: the tree of parts, sections and paragraphs of a draft, with
//! paragraph numbers (1-based positions of the blocks, headings included — the numbers
//! `yijian diff` refers to).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use yijian_text::structure::{parse_file_bytes, BlockKind, Counts, Document, Format, TreeNode};

#[derive(clap::Args)]
pub struct StructureArgs {
    /// A .txt, .md or .docx file.
    pub file: PathBuf,
}

/// Read and parse a draft file, choosing the reader by its extension. Errors name the file.
pub(crate) fn read_document(path: &Path) -> anyhow::Result<(Format, Document)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = path.display();
    let format = Format::from_name(&name).with_context(|| shown.to_string())?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {shown}"))?;
    let doc = parse_file_bytes(&name, &bytes).with_context(|| shown.to_string())?;
    Ok((format, doc))
}

#[derive(Serialize)]
struct Output<'a> {
    file: String,
    format: Format,
    title: Option<&'a str>,
    counts: Counts,
    tree: Vec<TreeNode>,
}

pub fn structure(args: StructureArgs, json: bool) -> anyhow::Result<()> {
    let (format, doc) = read_document(&args.file)?;
    let out = Output {
        file: args.file.display().to_string(),
        format,
        title: doc.title().map(|b| b.text.as_str()),
        counts: doc.counts(),
        tree: doc.tree(),
    };
    if json {
        return write_stdout(&(serde_json::to_string_pretty(&out)? + "\n"));
    }
    let mut text = String::new();
    if let Some((i, title)) = doc
        .blocks
        .iter()
        .enumerate()
        .find(|(_, b)| b.kind == BlockKind::Title)
    {
        text.push_str(&format!("{:>5}  {}  [title]\n", i + 1, title.text));
    }
    for node in &out.tree {
        print_node(node, 0, &mut text);
    }
    let c = out.counts;
    text.push_str(&format!(
        "\nparts: {}, sections: {}, articles: {}, paragraphs: {}\n",
        c.parts, c.sections, c.articles, c.paragraphs
    ));
    write_stdout(&text)
}

/// Print to stdout; a closed pipe (`yijian … | head`) ends the output quietly, not in a panic.
pub(crate) fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Longest paragraph text shown in the tree, in characters.
const SHOWN_CHARS: usize = 40;

/// One line per block: its paragraph number, indentation by depth, headings in full and
/// paragraphs (marked ¶) cut to [`SHOWN_CHARS`].
fn print_node(node: &TreeNode, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let body = if node.kind.is_body() {
        format!("¶ {}", shorten(&node.text, SHOWN_CHARS))
    } else {
        format!("{}  [{}]", node.text, kind_label(node.kind))
    };
    out.push_str(&format!("{:>5}  {indent}{body}\n", node.position));
    for child in &node.children {
        print_node(child, depth + 1, out);
    }
}

fn kind_label(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Title => "title",
        BlockKind::Preface => "preface",
        BlockKind::Part => "part",
        BlockKind::Section => "section",
        BlockKind::Article => "article",
        BlockKind::Conclusion => "conclusion",
        BlockKind::Paragraph => "paragraph",
        BlockKind::Item => "item",
    }
}

/// The first `max` characters of `text`, with … when cut.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
