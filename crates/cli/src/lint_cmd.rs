//! `yijian lint FILE [--json]`: proofread (校对) a draft.
//!
//! A `.docx` file is read paragraph by paragraph (its paragraphs are linted as lines, and each
//! finding reports the paragraph number as its line); any other file is decoded as text (UTF-8,
//! UTF-16 with a BOM, GB18030) and linted line by line. Empty, binary or undecodable files are
//! errors. Findings are printed one a line (`LINE:COL kind severity excerpt → suggestion`) or,
//! with `--json`, as `{"findings": [{"kind", "line", "column", "excerpt", "suggestion",
//! "severity"}, …]}`. Finding mistakes is not a failure: the exit status is 0.

use std::path::PathBuf;

use anyhow::Context;
use serde::Serialize;
use yijian_text::lint::{self, Finding};
use yijian_text::structure::{parse_file_bytes, Format};

#[derive(clap::Args)]
pub struct LintArgs {
    /// A .txt, .md or .docx file.
    pub file: PathBuf,
}

#[derive(Serialize)]
struct Report<'a> {
    findings: &'a [Finding],
}

pub fn lint(args: LintArgs, json: bool) -> anyhow::Result<()> {
    let path = &args.file;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.to_string_lossy();
    let findings = match Format::from_name(&name) {
        Ok(Format::Docx) => lint_docx(&name, &bytes)?,
        // .txt, .md and anything else: text, which decoding checks
        _ => {
            let text = yijian_text::decode::decode(&bytes)
                .with_context(|| format!("cannot lint {}", path.display()))?;
            lint::lint(&text)
        }
    };
    if json {
        println!(
            "{}",
            serde_json::to_string(&Report {
                findings: &findings
            })?
        );
    } else {
        for f in &findings {
            println!(
                "{}:{} {} {} {} → {}",
                f.line, f.column, f.kind, f.severity, f.excerpt, f.suggestion
            );
        }
        eprintln!("{} finding(s) in {}", findings.len(), path.display());
    }
    Ok(())
}

/// Lint the paragraphs of a .docx file, one a line, and report each finding at its paragraph.
fn lint_docx(name: &str, bytes: &[u8]) -> anyhow::Result<Vec<Finding>> {
    let doc = parse_file_bytes(name, bytes).with_context(|| format!("cannot lint {name}"))?;
    let text: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    let mut findings = lint::lint(&text.join("\n"));
    for f in &mut findings {
        if let Some(block) = doc.blocks.get(f.line - 1) {
            f.line = block.line;
        }
    }
    Ok(findings)
}
