//! Markdown → source lines for the structure builder. Only what drafts use: ATX headings
//! (`#` … `######`), fenced code, block quotes, list items, emphasis markers and thematic
//! breaks. Unlike CommonMark, a single newline separates paragraphs: Chinese drafts put one
//! paragraph per line and are never hard-wrapped on purpose.

use super::build::{Hint, SourceLine};

/// Split Markdown into source lines with hints.
pub fn source_lines(text: &str) -> Vec<SourceLine> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            } else {
                out.push(SourceLine {
                    text: raw.to_string(),
                    line,
                    hint: Hint::Verbatim,
                });
            }
            continue;
        }
        if trimmed.starts_with("```") {
            fence = Some("```");
            continue;
        }
        if trimmed.starts_with("~~~") {
            fence = Some("~~~");
            continue;
        }
        if is_thematic_break(trimmed) {
            continue;
        }
        let mut body = trimmed;
        while let Some(rest) = body.strip_prefix('>') {
            body = rest.trim_start();
        }
        if let Some((depth, heading)) = atx_heading(body) {
            out.push(SourceLine {
                text: strip_emphasis(heading),
                line,
                hint: Hint::Heading(depth),
            });
            continue;
        }
        if let Some(item) = bullet_item(body) {
            out.push(SourceLine {
                text: strip_emphasis(item),
                line,
                hint: Hint::ListItem,
            });
            continue;
        }
        // "1. text" is an ordered list item in Markdown: a numbered paragraph, not a heading.
        let hint = if ordered_item(body) {
            Hint::ListItem
        } else {
            Hint::None
        };
        out.push(SourceLine {
            text: strip_emphasis(body),
            line,
            hint,
        });
    }
    out
}

/// `---`, `***`, `___` (three or more, spaces allowed).
fn is_thematic_break(line: &str) -> bool {
    let mut chars = line.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_')
        && line.chars().filter(|&c| c == first).count() >= 3
        && chars.all(|c| c == first)
}

/// `## text ##` → (2, "text").
fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let rest = &line[hashes..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some((u8::try_from(hashes).unwrap_or(6), text))
}

/// `- text`, `* text`, `+ text`.
fn bullet_item(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    let first = chars.next()?;
    if !matches!(first, '-' | '*' | '+') {
        return None;
    }
    let rest = chars.as_str();
    rest.starts_with([' ', '\t']).then(|| rest.trim_start())
}

/// `1. text` or `1) text` with ASCII digits and a space.
fn ordered_item(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits < 10 && {
        let rest = &line[digits..];
        (rest.starts_with(". ") || rest.starts_with(") ")) || rest == "." || rest == ")"
    }
}

/// Drop `**` and `__` emphasis markers: the structure keeps the words, not the styling.
fn strip_emphasis(text: &str) -> String {
    text.replace("**", "").replace("__", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_code() {
        let md = "# 标题\n\n## 一、总体要求\n- 要点\n1. 第一项\n```\n# 不是标题\n```\n---\n> **（一）指导思想。**正文";
        let lines = source_lines(md);
        let got: Vec<(&str, Hint)> = lines.iter().map(|l| (l.text.as_str(), l.hint)).collect();
        assert_eq!(
            got,
            vec![
                ("标题", Hint::Heading(1)),
                ("", Hint::None),
                ("一、总体要求", Hint::Heading(2)),
                ("要点", Hint::ListItem),
                ("1. 第一项", Hint::ListItem),
                ("# 不是标题", Hint::Verbatim),
                ("（一）指导思想。正文", Hint::None),
            ]
        );
    }

    #[test]
    fn not_headings() {
        assert_eq!(atx_heading("#hashtag"), None);
        assert_eq!(atx_heading("####### seven"), None);
        assert!(!is_thematic_break("-"));
        assert!(is_thematic_break("- - -"));
    }
}
