//! `repeated_text`: a character or word written twice by mistake (的的, 推动推动, ，，), while
//! legitimate reduplication is left alone: AA words (常常, 看看, 谢谢, 天天), AABB (高高兴兴),
//! ABAB verbs (研究研究), 一 + AA (一个个), words from jieba's dictionary that contain the pair
//! (人人, 纷纷), and pairs that sit on a word boundary between two words (发展|展望, 人民|民主).

use std::collections::HashSet;
use std::sync::LazyLock;

use super::scan::{excerpt, is_han, jieba, Doc};
use super::{Finding, FindingKind, Severity};

/// The allow-list of legitimate reduplications, embedded from `data/lint/reduplication.txt`.
const ALLOW_TEXT: &str = include_str!("../../data/lint/reduplication.txt");

static ALLOW: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    ALLOW_TEXT
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// The allow-list of reduplications (AA, ABB tails, AABB, ABAB) as parsed from the data file.
pub fn allow_list() -> &'static HashSet<&'static str> {
    &ALLOW
}

/// Prepositions and conjunctions that may legitimately stand before a word starting with the
/// same character: 在|在线, 对|对外, 和|和平, 与|与会, 从|从事.
const LEADING_FUNCTION: &[char] = &[
    '在', '对', '和', '与', '从', '把', '将', '为', '向', '给', '比', '由', '让', '被', '的', '于',
    '以',
];

/// Punctuation whose doubling is a typing mistake (，， 。。); ……, —— are legitimate.
const DOUBLE_PUNCT: &[char] = &['，', '。', '、', '；', '：', '？', '！'];

fn is_clause_break(c: char) -> bool {
    !is_han(c)
}

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    for line in &doc.lines {
        check_line(&line.chars, line.no, out);
    }
}

fn push(out: &mut Vec<Finding>, line: usize, chars: &[char], at: usize, unit: usize) {
    out.push(Finding {
        kind: FindingKind::RepeatedText,
        line,
        column: at + 1,
        excerpt: excerpt(chars, at, at + 2 * unit),
        suggestion: excerpt(chars, at, at + unit),
        severity: Severity::Error,
    });
}

fn check_line(c: &[char], line: usize, out: &mut Vec<Finding>) {
    let n = c.len();
    let mut i = 0;
    while i + 1 < n {
        // doubled punctuation
        if c[i] == c[i + 1] && DOUBLE_PUNCT.contains(&c[i]) {
            push(out, line, c, i, 1);
            i += 2;
            continue;
        }
        if !is_han(c[i]) {
            i += 1;
            continue;
        }
        // word repeats, longest unit first (推动推动, 高质量高质量)
        if let Some(unit) = (2..=6).rev().find(|&l| {
            i + 2 * l <= n
                && c[i..i + l] == c[i + l..i + 2 * l]
                && c[i..i + l].iter().all(|&ch| is_han(ch))
        }) {
            if !legit_word_repeat(&c[i..i + unit]) {
                push(out, line, c, i, unit);
            }
            i += 2 * unit;
            continue;
        }
        if c[i] == c[i + 1] {
            if i + 2 < n && c[i + 2] == c[i] {
                // AAA is never a word in policy prose (的的的)
                push(out, line, c, i, 1);
                i += 3;
                continue;
            }
            if i + 3 < n && c[i + 2] == c[i + 3] && c[i + 2] != c[i] && is_han(c[i + 2]) {
                // AABB: 高高兴兴, 认认真真
                i += 4;
                continue;
            }
            if !legit_pair(c, i) {
                push(out, line, c, i, 1);
            }
            i += 2;
            continue;
        }
        i += 1;
    }
}

fn legit_word_repeat(unit: &[char]) -> bool {
    // 一步一步, 一点一点
    if unit.len() == 2 && unit[0] == '一' {
        return true;
    }
    let doubled: String = unit.iter().chain(unit.iter()).collect();
    ALLOW.contains(doubled.as_str())
}

/// Is the pair `c[i] == c[i+1]` a legitimate reduplication or a word-boundary coincidence?
fn legit_pair(c: &[char], i: usize) -> bool {
    let pair: String = c[i..i + 2].iter().collect();
    if ALLOW.contains(pair.as_str()) {
        return true;
    }
    // 一个个, 一步步, 一次次
    if i > 0 && c[i - 1] == '一' {
        return true;
    }
    // doubled numerals are names and numbers (十五五, 五五普法, 二〇〇五, 九九重阳); only a
    // numeral doubled before a classifier (三三个方面) is a slip
    if super::numeral::is_cn_numeral_char(c[i]) || c[i] == '〇' {
        let classifier = c
            .get(i + 2)
            .is_some_and(|x| matches!(x, '个' | '项' | '条' | '类' | '种' | '大' | '件' | '次'));
        let in_number = i > 0 && (super::numeral::is_cn_numeral_char(c[i - 1]) || c[i - 1] == '〇');
        return in_number || !classifier;
    }
    // Look at the words around the pair, inside its clause.
    let mut s = i;
    while s > 0 && i - s < 4 && !is_clause_break(c[s - 1]) {
        s -= 1;
    }
    let mut e = i + 2;
    while e < c.len() && e - i < 6 && !is_clause_break(c[e]) {
        e += 1;
    }
    let window: String = c[s..e].iter().collect();
    let tokens = jieba().cut(&window, false);
    let (a, b) = (i - s, i + 1 - s);
    let tok_a = tokens.iter().find(|t| t.start <= a && a < t.end);
    let tok_b = tokens.iter().find(|t| t.start <= b && b < t.end);
    let (Some(ta), Some(tb)) = (tok_a, tok_b) else {
        return false;
    };
    if ta.start == tb.start {
        // one dictionary word holds both chars (人人, 纷纷, 绿油油)
        return true;
    }
    let (la, lb) = (ta.end - ta.start, tb.end - tb.start);
    match (la >= 2, lb >= 2) {
        // 发展|展望, 人民|民主, 为了|了解
        (true, true) => true,
        // 目的|的: a word ending in 的 followed by the particle
        (true, false) => c[i] == '的',
        // 在|在线, 对|对外, 的|的确
        (false, true) => LEADING_FUNCTION.contains(&c[i]),
        (false, false) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter().map(|f| (f.column, f.excerpt)).collect()
    }

    #[test]
    fn flags_doubled_characters_and_words() {
        assert_eq!(found("我们的的目标是发展。"), vec![(3, "的的".to_string())]);
        assert_eq!(
            found("要推动推动经济发展。"),
            vec![(2, "推动推动".to_string())]
        );
        assert_eq!(
            found("坚持高质量发展发展，"),
            vec![(6, "发展发展".to_string())]
        );
        assert_eq!(found("这是是一项工作。"), vec![(2, "是是".to_string())]);
        assert_eq!(found("发展，，改革"), vec![(3, "，，".to_string())]);
        assert_eq!(found("加快建建设步伐。"), vec![(3, "建建".to_string())]);
    }

    #[test]
    fn leaves_legitimate_reduplication() {
        for ok in [
            "我们常常看看书，谢谢大家，天天向上。",
            "要认真研究研究这个问题。",
            "大家高高兴兴、认认真真地工作。",
            "一个个项目、一步步推进。",
            "人民民主是全过程人民民主。",
            "展望未来，发展展望良好。",
            "为了了解情况，在在线平台上对对外开放进行评估。",
            "这一目的的实现需要时间。",
            "方方面面、点点滴滴、实实在在。",
            "一步一步地推进，人人参与。",
            "学生生活丰富，企业业务增长，会议议程确定。",
            "省略号……和破折号——不算重复。",
        ] {
            assert_eq!(found(ok), vec![], "{ok}");
        }
    }

    #[test]
    fn allow_list_parses() {
        assert!(allow_list().len() > 300);
        assert!(allow_list()
            .iter()
            .all(|w| w.chars().count() >= 2 && w.chars().all(is_han)));
    }
}
