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

/// The allow-list, by section: `[free]` AA words, `[bound]` AA pairs legitimate inside longer
/// words, `[abab]` ABAB words.
pub struct AllowList {
    pub free: HashSet<&'static str>,
    pub bound: HashSet<&'static str>,
    pub abab: HashSet<&'static str>,
}

static ALLOW: LazyLock<AllowList> = LazyLock::new(|| {
    let mut list = AllowList {
        free: HashSet::new(),
        bound: HashSet::new(),
        abab: HashSet::new(),
    };
    let mut section = "free";
    for line in ALLOW_TEXT.lines().map(str::trim) {
        if line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            continue;
        }
        let set = match section {
            "bound" => &mut list.bound,
            "abab" => &mut list.abab,
            _ => &mut list.free,
        };
        set.extend(line.split_whitespace());
    }
    list
});

/// The allow-list of reduplications as parsed from the data file.
pub fn allow_list() -> &'static AllowList {
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

/// How many characters of a cut paragraph's end are read before the next line (加快推|进进度:
/// the pair is 推进|进度, not a slip).
const CARRY: usize = 6;

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    let mut carry: Vec<char> = Vec::new();
    for line in &doc.lines {
        if line.is_blank() {
            continue;
        }
        if carry.is_empty() {
            check_line(&line.chars, line.no, out);
        } else {
            // read the line after the end of the cut paragraph before it; report only what
            // starts in this line, at this line's columns
            let joined: Vec<char> = carry.iter().chain(line.chars.iter()).copied().collect();
            let mut found = Vec::new();
            check_line(&joined, line.no, &mut found);
            for mut f in found {
                if f.column > carry.len() {
                    f.column -= carry.len();
                    out.push(f);
                }
            }
        }
        let content = line.content();
        carry = match content.last() {
            Some(&last) if is_han(last) => content[content.len().saturating_sub(CARRY)..].to_vec(),
            _ => Vec::new(),
        };
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
    ALLOW.abab.contains(doubled.as_str()) || ALLOW.free.contains(doubled.as_str())
}

/// Function words that never follow a preposition written with their own first character:
/// 对|对于 is a slip where 在|在线 is not.
const FUNCTION_WORDS: &[&str] = &[
    "对于", "为了", "以及", "由于", "关于", "从而", "以便", "以免", "和与", "与其", "在于", "将要",
    "把握",
];

/// ln of the total frequency of jieba's default dictionary: the log-probability of a token is
/// `ln f − LN_TOTAL`.
const LN_TOTAL: f64 = 17.91;

/// How much likelier the clause becomes when one of the two characters is dropped, in nats,
/// by the product of jieba's word frequencies along its best segmentation. A slip (经济济发展)
/// adds a stray single-character token and costs 8–10 nats; two words meeting on a character
/// (人民|民主, 发展|展望) cost under 4.
fn gain_without_double(window: &[char], a: usize) -> f64 {
    let with: String = window.iter().collect();
    let without: String = window
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != a + 1)
        .map(|(_, ch)| ch)
        .collect();
    score(&without) - score(&with)
}

fn score(text: &str) -> f64 {
    let j = jieba();
    j.cut(text, false)
        .iter()
        .map(|t| (j.suggest_freq(t.word) as f64).ln() - LN_TOTAL)
        .sum()
}

/// Gains above these are slips: for a bound reduplication (资源源 → 资源), for one that
/// jieba's dictionary holds (its dictionary also lists typos such as 学学习), and for two words
/// meeting on a character (印发|发给 → 印发给).
const GAIN_ALLOWED: f64 = 7.0;
const GAIN_DICTIONARY: f64 = 6.0;
const GAIN_BOUNDARY: f64 = 4.5;

/// A free reduplication (常常, 人人, 件件, 年年) is legitimate next to anything, except after a
/// date written in digits (2025年年) or when a common word swallows one of the two characters
/// and leaves the other alone (节日|日|值班, 列席|人|人员, 紧|紧急通知) and dropping that one
/// makes the clause much likelier. Two words meeting on the pair (明年|年初) are fine, and so is
/// a rare word (要件|件|有着落, where 件件 is meant).
fn legit_free(c: &[char], i: usize, window: &[char], a: usize) -> bool {
    if i > 0 && c[i - 1].is_ascii_digit() && matches!(c[i], '年' | '月' | '日' | '号') {
        return false;
    }
    let text: String = window.iter().collect();
    let j = jieba();
    let tokens = j.cut(&text, false);
    let tok = |at: usize| tokens.iter().find(|t| t.start <= at && at < t.end);
    let (Some(ta), Some(tb)) = (tok(a), tok(a + 1)) else {
        return true;
    };
    if ta.start == tb.start {
        return true;
    }
    let common = |t: &jieba_rs::Token| {
        let len = t.end - t.start;
        len >= 3 || (len == 2 && j.suggest_freq(t.word) >= 1000)
    };
    let (la, lb) = (ta.end - ta.start, tb.end - tb.start);
    let swallowed = (la >= 2 && lb == 1 && common(ta)) || (la == 1 && lb >= 2 && common(tb));
    !(swallowed && gain_without_double(window, a) > GAIN_BOUNDARY)
}

/// Is the pair `c[i] == c[i+1]` a legitimate reduplication or a word-boundary coincidence?
fn legit_pair(c: &[char], i: usize) -> bool {
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
    let window = &c[s..e];
    let gain = || gain_without_double(window, i - s);
    let pair: String = c[i..i + 2].iter().collect();
    if ALLOW.free.contains(pair.as_str()) {
        return legit_free(c, i, window, i - s);
    }
    if ALLOW.bound.contains(pair.as_str()) {
        // 源源不断 stays; 资源源短缺 does not
        return gain() < GAIN_ALLOWED;
    }
    let text: String = window.iter().collect();
    let tokens = jieba().cut(&text, false);
    let (a, b) = (i - s, i + 1 - s);
    let tok_a = tokens.iter().find(|t| t.start <= a && a < t.end);
    let tok_b = tokens.iter().find(|t| t.start <= b && b < t.end);
    let (Some(ta), Some(tb)) = (tok_a, tok_b) else {
        return false;
    };
    if ta.start == tb.start {
        // one dictionary word holds both chars (人人, 纷纷, 绿油油, 会议议程)
        return gain() < GAIN_DICTIONARY;
    }
    let (la, lb) = (ta.end - ta.start, tb.end - tb.start);
    match (la >= 2, lb >= 2) {
        // 发展|展望, 人民|民主, 为了|了解 — but not 印发|发给
        (true, true) => gain() < GAIN_BOUNDARY,
        // 目的|的: a word ending in 的 followed by the particle
        (true, false) => c[i] == '的',
        // 在|在线, 对|对外, 的|的确 — but not 对|对于
        (false, true) => LEADING_FUNCTION.contains(&c[i]) && !FUNCTION_WORDS.contains(&tb.word),
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
        for slip in [
            "现将通知印发发给你们。",
            "促进民营经济济发展。",
            "把红色资源源利用好。",
            "推动干部在学学习中增长知识。",
            "这对对于企业很重要。",
            "现紧紧急通知如下。",
            "请县政协委员和列席人人员提出意见。",
            "各单位要严格执行节日日值班制度。",
            "2025年年，公司安全环保工作的总体要求是：",
            "我认真查找了了自身存在的不足。",
        ] {
            assert_eq!(found(slip).len(), 1, "{slip}");
        }
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
            "公平平等、数据据此汇总、服务务必周到、产业业态、处理理顺、今年年底、看看书、常常深入。",
            "要件件有着落，确保件件有落实，年年增长，明年年初，月月有活动，不了了之。",
        ] {
            assert_eq!(found(ok), vec![], "{ok}");
        }
    }

    #[test]
    fn reads_across_a_cut() {
        assert_eq!(found("要加快推\n进进度，确保落实。"), vec![]);
        assert_eq!(
            found("要加快推进\n进度，确保确保落实。"),
            vec![(4, "确保确保".to_string())]
        );
    }

    #[test]
    fn allow_list_parses() {
        let l = allow_list();
        assert!(l.free.len() > 100 && l.bound.len() > 100 && l.abab.len() > 30);
        for w in l.free.iter().chain(&l.bound) {
            let c: Vec<char> = w.chars().collect();
            assert!(c.len() == 2 && c[0] == c[1] && is_han(c[0]), "{w}");
        }
        assert!(l.free.is_disjoint(&l.bound));
        for w in &l.abab {
            let c: Vec<char> = w.chars().collect();
            assert!(
                c.len().is_multiple_of(2) && c[..c.len() / 2] == c[c.len() / 2..],
                "{w}"
            );
        }
    }
}
