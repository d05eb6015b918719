//! `unbalanced_pair`: 《》 “” ‘’ （） 【】 〔〕 「」 『』 〈〉 not closed or not opened within a
//! paragraph. A list marker like 1） or a） at the start of a line is not an unopened bracket,
//! and a second “ inside “…” is taken as a closing quote typed the wrong way round.

use super::scan::{excerpt, Doc};
use super::{Finding, FindingKind, Severity};

const PAIRS: &[(char, char)] = &[
    ('《', '》'),
    ('“', '”'),
    ('‘', '’'),
    ('（', '）'),
    ('【', '】'),
    ('〔', '〕'),
    ('「', '」'),
    ('『', '』'),
    ('〈', '〉'),
];

fn closer_of(open: char) -> Option<char> {
    PAIRS.iter().find(|(o, _)| *o == open).map(|(_, c)| *c)
}

fn opener_of(close: char) -> Option<char> {
    PAIRS.iter().find(|(_, c)| *c == close).map(|(o, _)| *o)
}

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    for line in &doc.lines {
        check_line(&line.chars, line.no, out);
    }
}

/// Is the char at `i` the closing bracket of a list marker (1） a） 一）) at the line start?
fn is_list_marker(c: &[char], i: usize) -> bool {
    let start = c.iter().position(|ch| !ch.is_whitespace()).unwrap_or(0);
    i > start
        && i - start <= 3
        && c[start..i]
            .iter()
            .all(|ch| ch.is_ascii_alphanumeric() || super::numeral::is_cn_numeral_char(*ch))
}

fn check_line(c: &[char], line: usize, out: &mut Vec<Finding>) {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut push = |at: usize, ex: String, suggestion: String| {
        out.push(Finding {
            kind: FindingKind::UnbalancedPair,
            line,
            column: at + 1,
            excerpt: ex,
            suggestion,
            severity: Severity::Error,
        })
    };
    for (i, &ch) in c.iter().enumerate() {
        if let Some(close) = closer_of(ch) {
            if ch == '“' && stack.last().is_some_and(|(o, _)| *o == '“') {
                // Chinese nests quotes as “‘’”, so a second “ inside “… is a mistake: either the
                // closing quote was typed the wrong way round (“…“, nothing closes after it), or
                // the first quote was never closed (“…“…”: the second one is a real opener).
                let next = c[i + 1..].iter().find(|x| matches!(x, '“' | '”'));
                let Some((_, at)) = stack.pop() else { continue };
                if next == Some(&'”') {
                    push(at, excerpt(c, at, at + 8), "“缺少对应的”".to_string());
                    stack.push((ch, i));
                } else {
                    push(
                        i,
                        excerpt(c, i.saturating_sub(6), i + 1),
                        "“改为”".to_string(),
                    );
                }
                continue;
            }
            let _ = close;
            stack.push((ch, i));
        } else if let Some(open) = opener_of(ch) {
            if ch == '’'
                && i > 0
                && c[i - 1].is_ascii_alphabetic()
                && c.get(i + 1).is_some_and(|x| x.is_ascii_alphabetic())
            {
                continue; // apostrophe in a Latin word
            }
            if let Some(depth) = stack.iter().rposition(|(o, _)| *o == open) {
                // everything opened after the matching opener was never closed
                for &(o, at) in &stack[depth + 1..] {
                    let want = closer_of(o).unwrap_or(o);
                    push(
                        at,
                        excerpt(c, at, at + 8),
                        format!("“{o}”缺少对应的“{want}”"),
                    );
                }
                stack.truncate(depth);
            } else if !(ch == '）' && is_list_marker(c, i)) {
                push(
                    i,
                    excerpt(c, i.saturating_sub(7), i + 1),
                    format!("“{ch}”缺少对应的“{open}”"),
                );
            }
        }
    }
    for (o, at) in stack {
        let want = closer_of(o).unwrap_or(o);
        push(
            at,
            excerpt(c, at, at + 8),
            format!("“{o}”缺少对应的“{want}”"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter().map(|f| (f.line, f.column)).collect()
    }

    #[test]
    fn flags_unclosed_and_unopened() {
        assert_eq!(cols("学习《纲要，推动发展。"), vec![(1, 3)]);
        assert_eq!(cols("学习纲要》，推动发展。"), vec![(1, 5)]);
        assert_eq!(cols("坚持“两个毫不动摇。"), vec![(1, 3)]);
        assert_eq!(cols("坚持“两个“毫不动摇。"), vec![(1, 6)]);
        // one mistake, one finding: the first quote is the unclosed one
        assert_eq!(
            cols("由“一时美”向“长久美转变，不搞“一刀切”。"),
            vec![(1, 8)]
        );
        assert_eq!(cols("好\n（一）推动（GDP增长。"), vec![(2, 6)]);
        assert_eq!(cols("《关于“创新》的意见"), vec![(1, 4)]);
    }

    #[test]
    fn leaves_balanced_text() {
        for ok in [
            "学习《中华人民共和国宪法》，坚持“两个‘毫不动摇’”，国发〔2025〕3号。",
            "1）第一项\n a）第二项\n一）第三项",
            "Xi’an 的【示例】「引文」『书名』〈篇名〉。",
            "（一）总体要求（试行）",
        ] {
            assert_eq!(cols(ok), Vec::<(usize, usize)>::new(), "{ok}");
        }
    }
}
