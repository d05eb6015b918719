//! `numbering`: headings numbered with gaps, repeats or in the wrong order (一、二、四、;
//! （一）（二）（二）). Each numbering style is a sequence; a style restarts under each heading of
//! a style that appeared before it in the document (（一） restarts under every 一、), except
//! articles (第X条), which run on across chapters. A number 1 always starts a new list.

use std::collections::HashMap;

use super::numeral::{marker, Style};
use super::scan::{excerpt, Doc};
use super::{Finding, FindingKind, Severity};

struct Heading {
    line: usize,
    column: usize,
    number: u32,
    excerpt: String,
}

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    // the styles in order of first appearance: a proxy for nesting depth
    let mut rank: Vec<Style> = Vec::new();
    let mut open: HashMap<Style, Vec<Heading>> = HashMap::new();
    let mut sequences: Vec<(Style, Vec<Heading>)> = Vec::new();
    for line in &doc.lines {
        let Some(m) = marker(&line.chars) else {
            continue;
        };
        if matches!(m.style, Style::YiShi | Style::DiComma) {
            // enumerations inside a paragraph are checked by count_mismatch, not here
            continue;
        }
        if !rank.contains(&m.style) {
            rank.push(m.style);
        }
        let r = rank.iter().position(|s| *s == m.style).unwrap_or(0);
        // a heading closes every deeper sequence (except articles, which run on)
        for deeper in rank[r + 1..].iter().filter(|s| **s != Style::Article) {
            if let Some(seq) = open.remove(deeper) {
                sequences.push((*deeper, seq));
            }
        }
        // a number 1 starts a new list, unless the open list holds nothing but a 1 itself
        // (一、一、二、: the second is a repeat, not a new list)
        let lone_one = open
            .get(&m.style)
            .is_some_and(|seq| seq.len() == 1 && seq[0].number == 1);
        if m.number == 1 && !lone_one {
            if let Some(seq) = open.remove(&m.style) {
                sequences.push((m.style, seq));
            }
        }
        open.entry(m.style).or_default().push(Heading {
            line: line.no,
            column: m.start + 1,
            number: m.number,
            excerpt: excerpt(&line.chars, m.start, m.end + 12),
        });
    }
    sequences.extend(open);
    for (style, seq) in sequences {
        check_sequence(style, &seq, out);
    }
}

/// Walk one sequence and report each heading whose number breaks it, once per mistake: a
/// mistyped number (the neighbours agree on what it should be), two swapped numbers (reported
/// at the first), a gap (the sequence goes on from the new number) or a repeat.
fn check_sequence(style: Style, seq: &[Heading], out: &mut Vec<Finding>) {
    let Some(first) = seq.first() else { return };
    let mut prev = first.number;
    let mut k = 1;
    while k < seq.len() {
        let h = &seq[k];
        let expected = prev.saturating_add(1);
        if h.number == expected {
            prev = h.number;
            k += 1;
            continue;
        }
        let next = seq.get(k + 1).map(|n| n.number);
        let mut step = 1;
        let (suggestion, now) = if h.number == expected.saturating_add(1) && next == Some(expected)
        {
            // 一、二、四、三、五: swapped; the next one is part of the same mistake
            step = 2;
            (
                format!(
                    "编号顺序颠倒，此处应为“{}”，下一个应为“{}”",
                    style.render(expected),
                    style.render(h.number)
                ),
                h.number,
            )
        } else if next == Some(expected.saturating_add(1)) || (next.is_none() && h.number <= prev) {
            // a mistyped number: the ones around it agree on what it should be
            (format!("编号应为“{}”", style.render(expected)), expected)
        } else if h.number > expected {
            let missing: Vec<String> = (expected..h.number)
                .take(5)
                .map(|n| style.render(n))
                .collect();
            (format!("编号不连续，缺少“{}”", missing.join("")), h.number)
        } else if h.number == prev {
            (format!("编号“{}”重复", style.render(h.number)), h.number)
        } else {
            (
                format!("编号顺序颠倒，此处应为“{}”", style.render(expected)),
                h.number,
            )
        };
        out.push(Finding {
            kind: FindingKind::Numbering,
            line: h.line,
            column: h.column,
            excerpt: h.excerpt.clone(),
            suggestion,
            severity: Severity::Error,
        });
        prev = now;
        k += step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.sort_by_key(|f| f.line);
        out.into_iter().map(|f| (f.line, f.suggestion)).collect()
    }

    #[test]
    fn flags_gaps_repeats_and_typos() {
        assert_eq!(found("一、甲\n二、乙\n四、丙\n五、丁").len(), 1);
        assert_eq!(found("一、甲\n二、乙\n四、丙\n五、丁")[0].0, 3);
        // a typo: 三 written as 四, the next one is 四 again
        let f = found("一、甲\n二、乙\n四、丙\n四、丁");
        assert_eq!(f, vec![(3, "编号应为“三、”".to_string())]);
        let f = found("一、甲\n二、乙\n二、丙\n四、丁");
        assert_eq!(f, vec![(3, "编号应为“三、”".to_string())]);
        let f = found("（一）甲\n（二）乙\n（二）丙");
        assert_eq!(f, vec![(3, "编号应为“（三）”".to_string())]);
        assert_eq!(found("1.甲\n2.乙\n4.丙").len(), 1);
        // a repeated first number is a repeat, not a new list
        let f = found("一、甲\n一、乙\n三、丙");
        assert_eq!(f, vec![(2, "编号应为“二、”".to_string())]);
        let f = found("（一）甲\n（一）乙\n（二）丙\n（三）丁");
        assert_eq!(f.len(), 1, "{f:?}");
        // a swap is one mistake
        let f = found("一、甲\n二、乙\n四、丙\n三、丁\n五、戊");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 3);
    }

    #[test]
    fn nested_sequences_restart() {
        let text = "一、总体要求\n（一）甲\n（二）乙\n二、任务\n（一）丙\n（二）丁\n1.子项\n2.子项\n（三）戊\n三、保障";
        assert_eq!(found(text), vec![]);
        let laws = "第一章 总则\n第一条 甲\n第二条 乙\n第二章 分则\n第三条 丙\n第四条 丁";
        assert_eq!(found(laws), vec![]);
        // a new list starting at 1 under the same heading is fine
        assert_eq!(found("1.甲\n2.乙\n正文。\n1.丙\n2.丁"), vec![]);
        // paragraphs starting with 一是 are not headings
        assert_eq!(found("一是甲。\n三是乙。"), vec![]);
    }
}
