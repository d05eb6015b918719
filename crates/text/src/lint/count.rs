//! `count_mismatch`: a stated count that does not match what is enumerated.
//!
//! Three shapes are checked, and nothing is reported where the count matches:
//! - an inline list closed by a count: 从科技、产业、人才等三个方面 (items are separated by 、, the
//!   last one may be joined by 和/及/与/以及);
//! - a count announcing a list: 主要有以下三个方面： followed by 一是…二是… in the same paragraph,
//!   by items separated by ；, or by the following lines numbered 一、/（一）/1./一是 …;
//! - a count of the document's own parts: 全文共分七个部分 / 共N章 / 共N条, against the
//!   第X部分 (or, without them, 一、) headings, 第X章 or 第X条 present in the text.

use super::numeral::{marker, parse_number, Marker, Style};
use super::scan::{excerpt, is_han, jieba, matches_at, Doc, Line};
use super::{Finding, FindingKind, Severity};

/// Characters that may follow a count: 个 项 条 大 类 种 者 点 件 方(面) 领(域) 部(分) 环(节) …
const CLASSIFIERS: &[char] = &[
    '个', '项', '条', '大', '类', '种', '者', '点', '件', '方', '领', '部', '环', '家', '所', '位',
    '座', '批', '地', '章', '张', '级', '重', '支', '名',
];

/// How far back an inline list may reach, in characters, and how many lines a list announced by
/// a count (or counted back by 上述) may span: bounds that keep the rule linear on any input.
const MAX_LIST_CHARS: usize = 150;
const MAX_LIST_LINES: usize = 400;

/// Where an inline list ends: clause punctuation.
fn is_clause_stop(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | '（' | '）' | ',' | ';' | ':'
    )
}

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    let heading_counts = HeadingCounts::of(doc);
    for (idx, line) in doc.lines.iter().enumerate() {
        let c = &line.chars;
        // a list never reaches back into the line's own heading marker (四、严格落实…)
        let body_start = marker(c).map_or(0, |m| m.end);
        // (position, value, length, what the count was checked against: Some(listed) or None)
        let mut counts: Vec<(usize, u32, usize, Option<usize>)> = Vec::new();
        let mut i = 0;
        while i < c.len() {
            let Some((n, nlen)) = count_at(c, i) else {
                i += 1;
                continue;
            };
            let checked = if let Some(listed) = inline_list_before(c, body_start, i) {
                Some((listed, "实际列举了"))
            } else if let Some((parts, what)) = document_parts(c, i, nlen, &heading_counts) {
                Some((parts, what))
            } else if let Some(listed) = listed_before(doc, idx, i) {
                Some((listed, "其前列举了"))
            } else {
                announced_list(doc, idx, i, i + nlen).map(|l| (l, "其后列举了"))
            };
            if let Some((listed, what)) = checked {
                if listed != n as usize {
                    out.push(Finding {
                        kind: FindingKind::CountMismatch,
                        line: line.no,
                        column: i + 1,
                        excerpt: excerpt(c, i, i + nlen + 3),
                        suggestion: format!("所述数量为{n}，{what}{listed}项"),
                        severity: Severity::Error,
                    });
                }
            }
            counts.push((i, n, nlen, checked.map(|(l, _)| l)));
            i += nlen;
        }
        // 办好十一件民生实事……这十件民生实事是：…（十项）: a count of the same thing that
        // disagrees with a count checked against its list is wrong too
        // (a paragraph holds a handful of counts; the cap keeps a pathological line linear)
        let confirmed: Vec<(usize, u32, usize)> = counts
            .iter()
            .filter(|&&(_, m, _, ch)| ch == Some(m as usize))
            .map(|&(j, m, mlen, _)| (j, m, mlen))
            .take(16)
            .collect();
        if confirmed.is_empty() {
            continue;
        }
        for &(i, n, nlen, checked) in &counts {
            if checked.is_some() {
                continue;
            }
            let what = &c[i + nlen..(i + nlen + 3).min(c.len())];
            let confirmed = confirmed.iter().find(|&&(j, _, mlen)| {
                j != i && what.len() == 3 && c[j + mlen..].starts_with(what)
            });
            if let Some(&(j, m, mlen)) = confirmed {
                if m != n {
                    out.push(Finding {
                        kind: FindingKind::CountMismatch,
                        line: line.no,
                        column: i + 1,
                        excerpt: excerpt(c, i, i + nlen + 3),
                        suggestion: format!(
                            "所述数量为{n}，与同段“{}”及其列举的{m}项不一致",
                            excerpt(c, j, j + mlen + 3)
                        ),
                        severity: Severity::Error,
                    });
                }
            }
        }
    }
}

/// A count at `i`: a number of at least 2 followed by a classifier, not inside a word like
/// 统一 / 第二 / 之一 (the char before must not be a numeral-forming prefix).
fn count_at(c: &[char], i: usize) -> Option<(u32, usize)> {
    let first = *c.get(i)?;
    if !(first.is_ascii_digit() || super::numeral::is_cn_numeral_char(first)) {
        return None;
    }
    if i > 0 {
        let p = c[i - 1];
        if p.is_ascii_digit()
            || super::numeral::is_cn_numeral_char(p)
            || matches!(p, '第' | '.' | '．' | '初' | '周' | '星')
        {
            return None;
        }
    }
    let (n, len) = parse_number(&c[i..])?;
    let next = *c.get(i + len)?;
    let next = if next == ' ' {
        *c.get(i + len + 1)?
    } else {
        next
    };
    if !(2..=200).contains(&n) || !CLASSIFIERS.contains(&next) {
        return None;
    }
    Some((n, len))
}

/// Count the items of an inline list that ends right before the count at `i` and starts at or
/// after `lo`.
fn inline_list_before(c: &[char], lo: usize, i: usize) -> Option<usize> {
    if i < lo {
        return None;
    }
    let mut e = i;
    // 等三个方面 / 这三个 / 这些
    for prefix in [
        &['在', '内', '的'][..],
        &['等'],
        &['这', '些'],
        &['这'],
        &['共'],
        &[' '],
    ] {
        if e >= prefix.len() && c[e - prefix.len()..e] == *prefix {
            e -= prefix.len();
        }
    }
    let last = *c[..e].last()?;
    if !(is_han(last) || matches!(last, '”' | '》' | '）')) || last == '、' {
        return None;
    }
    let mut s = e;
    let mut depth = 0i32;
    // an inline list is a clause, not a page: bound the walk back (and the work per count)
    let lo = lo.max(e.saturating_sub(MAX_LIST_CHARS));
    while s > lo {
        let ch = c[s - 1];
        match ch {
            '”' | '》' => depth += 1,
            '“' | '《' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && is_clause_stop(ch) {
            break;
        }
        s -= 1;
    }
    let seg = &c[s..e];
    // only top-level 、 separate items (not those inside quotes or titles)
    let mut seps = Vec::new();
    let mut depth = 0i32;
    for (k, ch) in seg.iter().enumerate() {
        match ch {
            '“' | '《' => depth += 1,
            '”' | '》' => depth -= 1,
            '、' if depth == 0 => seps.push(k),
            _ => {}
        }
    }
    if seps.is_empty() {
        return None;
    }
    // items that hold counts themselves (增强“四个意识”、做到“两个维护”) are not a plain list
    if (0..seg.len()).any(|k| count_at(seg, k).is_some()) {
        return None;
    }
    let last_sep = *seps.last()?;
    let tail: String = seg[last_sep + 1..].iter().collect();
    let joined = jieba()
        .cut(&tail, false)
        .iter()
        .any(|t| matches!(t.word, "和" | "及" | "与" | "以及" | "同"));
    Some(seps.len() + 1 + usize::from(joined))
}

/// Headings present in the document, by style.
struct HeadingCounts {
    part: usize,
    chapter: usize,
    article: usize,
    top_dun: usize,
}

impl HeadingCounts {
    fn of(doc: &Doc) -> Self {
        let mut h = HeadingCounts {
            part: 0,
            chapter: 0,
            article: 0,
            top_dun: 0,
        };
        for line in &doc.lines {
            match marker(&line.chars).map(|m| m.style) {
                Some(Style::Part) => h.part += 1,
                Some(Style::Chapter) => h.chapter += 1,
                Some(Style::Article) => h.article += 1,
                Some(Style::CnDun) => h.top_dun += 1,
                _ => {}
            }
        }
        h
    }
}

/// 共七个部分 / 分为三个部分 / 由五个部分组成 / 共N章 / 共N条: the count of the document's parts.
fn document_parts(
    c: &[char],
    i: usize,
    nlen: usize,
    h: &HeadingCounts,
) -> Option<(usize, &'static str)> {
    let before_ok = ["共", "共有", "共分", "分为", "分成", "由", "包括"]
        .iter()
        .any(|k| {
            let k: Vec<char> = k.chars().collect();
            i >= k.len() && c[i - k.len()..i] == *k
        });
    if !before_ok {
        return None;
    }
    let mut j = i + nlen;
    if c.get(j) == Some(&'个') {
        j += 1;
    }
    // a count followed by a colon announces a list: the list is counted, not the headings
    let colon_soon = c[j..]
        .iter()
        .take(8)
        .take_while(|ch| !matches!(ch, '，' | '。' | '；'))
        .any(|ch| *ch == '：');
    if colon_soon {
        return None;
    }
    if matches_at(c, j, &['部', '分']) {
        let n = if h.part > 0 { h.part } else { h.top_dun };
        (n > 0).then_some((n, "文中有"))
    } else if c.get(j) == Some(&'章') {
        (h.chapter > 0).then_some((h.chapter, "文中有"))
    } else if c.get(j) == Some(&'条') && c.get(j + 1).is_none_or(|x| !is_han(*x) || *x == '规') {
        (h.article > 0).then_some((h.article, "文中有"))
    } else {
        None
    }
}

/// A count followed (within a few chars) by a colon, or by a sentence end and 一是/第一，:
/// count the list that follows in the same paragraph or on the following lines.
fn announced_list(doc: &Doc, idx: usize, at: usize, after: usize) -> Option<usize> {
    let c = &doc.lines.get(idx)?.chars;
    let mut j = after;
    let limit = (after + 10).min(c.len());
    while j < limit && !matches!(c[j], '：' | '。' | '，' | '；' | ':') {
        j += 1;
    }
    let stop = *c.get(j)?;
    // the list that follows stays within a few sentences (and the work per count bounded)
    let rest = &c[j + 1..c.len().min(j + 1 + 4 * MAX_LIST_CHARS)];
    if stop == '：' || stop == ':' {
        if rest.iter().all(|ch| ch.is_whitespace()) {
            return following_lines(doc, idx);
        }
        if let Some(n) = inline_markers(rest) {
            return Some(n);
        }
        // items separated by ； up to the end of the sentence
        let semis = rest
            .iter()
            .take_while(|ch| **ch != '。')
            .filter(|ch| **ch == '；')
            .count();
        if semis > 0 {
            return Some(semis + 1);
        }
        return None;
    }
    // 提出以下六条措施。 followed by numbered lines
    if stop == '。'
        && rest.iter().all(|ch| ch.is_whitespace())
        && follows_either(c, at, "以下", "如下")
    {
        return following_lines(doc, idx);
    }
    // 要抓好三项工作。一是…
    if stop == '。' || stop == '，' {
        return inline_markers(rest).filter(|_| starts_with_marker(rest));
    }
    None
}

/// Does `c[..at]` end with `a` or `b`?
fn follows_either(c: &[char], at: usize, a: &str, b: &str) -> bool {
    [a, b].iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        at >= w.len() && c[at - w.len()..at] == *w
    })
}

/// 上述四项机制 / 以上三个方面: the count refers back to the numbered lines just before this
/// one. Counts the run of the nearest marker style back to its number 1.
fn listed_before(doc: &Doc, idx: usize, at: usize) -> Option<usize> {
    let c = &doc.lines.get(idx)?.chars;
    if !(follows_either(c, at, "上述", "以上") || follows_either(c, at, "前述", "上面")) {
        return None;
    }
    // the numbers of the nearest marker style, walking back to an outer heading
    let mut style = None;
    let mut numbers: Vec<u32> = Vec::new();
    for l in doc.lines[idx.saturating_sub(MAX_LIST_LINES)..idx]
        .iter()
        .rev()
        .filter(|l| !l.is_blank())
    {
        match (marker(&l.chars), style) {
            (Some(m), None) => {
                if matches!(m.style, Style::YiShi | Style::DiComma) {
                    return None;
                }
                style = Some(m.style);
                numbers.push(m.number);
            }
            (Some(m), Some(s)) if m.style == s => numbers.push(m.number),
            (Some(m), Some(s)) if m.style < s && m.style.is_heading() => break,
            (None, None) => return None,
            _ => {}
        }
    }
    // the list starts at its 1 (a 1 repeated, 一、一、二、, is one list)
    let first = (0..numbers.len()).find(|&k| numbers[k] == 1 && numbers.get(k + 1) != Some(&1))?;
    Some(first + 1)
}

fn starts_with_marker(rest: &[char]) -> bool {
    marker(rest).is_some_and(|m| matches!(m.style, Style::YiShi | Style::DiComma) && m.number == 1)
}

/// 一是…；二是…；三是… (or 第一，… 第二，…, （1）… （2）…) inside a paragraph: how many,
/// counting only a run that starts at 1 and goes up by one.
fn inline_markers(rest: &[char]) -> Option<usize> {
    let mut best = 0usize;
    for (open, close_or_unit) in [("", '是'), ("第", '，'), ("（", '）'), ("(", ')')] {
        let mut want = 1u32;
        let open: Vec<char> = open.chars().collect();
        let mut k = 0;
        while k < rest.len() {
            let at_clause_start =
                k == 0 || matches!(rest[k - 1], '：' | '；' | '。' | '，' | ' ' | '　');
            if at_clause_start && matches_at(rest, k, &open) {
                let num_at = k + open.len();
                if let Some((n, len)) = parse_number(&rest[num_at..]) {
                    if n == want && rest.get(num_at + len) == Some(&close_or_unit) {
                        want += 1;
                        k = num_at + len + 1;
                        continue;
                    }
                }
            }
            k += 1;
        }
        best = best.max((want - 1) as usize);
    }
    (best >= 2).then_some(best)
}

/// The list on the lines after `idx`: the first non-blank line must start a numbered list at 1;
/// count the lines of that style until a heading of an outer style or a restart.
fn following_lines(doc: &Doc, idx: usize) -> Option<usize> {
    let mut lines = doc
        .lines
        .iter()
        .skip(idx + 1)
        .take(MAX_LIST_LINES)
        .filter(|l| !l.is_blank());
    let first: &Line = lines.next()?;
    let m: Marker = marker(&first.chars)?;
    if m.number != 1 {
        return None;
    }
    // count the items of the list's style, whatever their numbers (a numbering mistake is the
    // numbering rule's business), until a restart at 1 or a heading of an outer style
    let mut n = 1usize;
    for l in lines {
        match marker(&l.chars) {
            Some(x) if x.style == m.style => {
                if x.number == 1 && n > 1 {
                    break;
                }
                n += 1;
            }
            Some(x) if x.style < m.style && x.style.is_heading() => break,
            Some(_) => {}
            None if !m.style.is_heading() => break,
            None => {}
        }
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter().map(|f| (f.line, f.column)).collect()
    }

    #[test]
    fn inline_lists() {
        assert_eq!(found("从科技、产业、人才等三个方面推进。"), vec![]);
        assert_eq!(found("从科技、产业、人才等四个方面推进。"), vec![(1, 11)]);
        assert_eq!(found("抓好科技、产业和人才三项工作。"), vec![]);
        assert_eq!(found("抓好科技、产业和人才两项工作。"), vec![(1, 11)]);
        assert_eq!(found("统筹经济、社会、生态3个领域。"), vec![]);
        assert_eq!(found("统筹经济、社会、生态2个领域。"), vec![(1, 11)]);
    }

    #[test]
    fn announced_lists() {
        assert_eq!(
            found("主要有以下三个方面：一是改革；二是开放；三是创新。"),
            vec![]
        );
        assert_eq!(
            found("主要有以下四个方面：一是改革；二是开放；三是创新。"),
            vec![(1, 6)]
        );
        assert_eq!(found("要抓好三项工作。一是改革，二是开放。"), vec![(1, 4)]);
        assert_eq!(found("包括三项内容：改革；开放；创新。"), vec![]);
        let lines =
            "重点做好以下三项工作：\n（一）改革。\n正文。\n（二）开放。\n（三）创新。\n二、保障";
        assert_eq!(found(lines), vec![]);
        let lines = "重点做好以下四项工作：\n（一）改革。\n（二）开放。\n（三）创新。\n二、保障";
        assert_eq!(found(lines), vec![(1, 7)]);
    }

    #[test]
    fn counts_referring_back_and_forward_to_lines() {
        let back = "一、甲。\n二、乙。\n三、丙。\n上述三项机制相辅相成。";
        assert_eq!(found(back), vec![]);
        let back = "一、甲。\n二、乙。\n三、丙。\n上述四项机制相辅相成。";
        assert_eq!(found(back), vec![(4, 3)]);
        let repeat = "一、甲。\n一、乙。\n二、丙。\n上述三项机制相辅相成。";
        assert_eq!(found(repeat), vec![]);
        let fwd = "提出以下三条措施。\n1.甲。\n2.乙。\n3.丙。";
        assert_eq!(found(fwd), vec![]);
        let fwd = "提出以下两条措施。\n1.甲。\n2.乙。\n3.丙。";
        assert_eq!(found(fwd), vec![(1, 5)]);
        assert_eq!(found("建立甲清单、乙清单、丙清单三张清单。"), vec![]);
        assert_eq!(found("建立甲清单、乙清单、丙清单两张清单。"), vec![(1, 14)]);
    }

    #[test]
    fn numbering_mistakes_do_not_change_the_count() {
        let lines = "通过以下三种方式：\n（一）甲。\n（三）乙。\n（二）丙。\n截止日期为6月30日。";
        assert_eq!(found(lines), vec![]);
    }

    #[test]
    fn a_count_disagreeing_with_a_checked_one() {
        let ok = "办好三件实事。这三件实事是：甲；乙；丙。";
        assert_eq!(found(ok), vec![]);
        let bad = "办好四件实事。这三件实事是：甲；乙；丙。";
        assert_eq!(found(bad), vec![(1, 3)]);
    }

    #[test]
    fn document_parts_count() {
        let doc = "全文共分三个部分。\n第一部分 甲\n第二部分 乙\n第三部分 丙";
        assert_eq!(found(doc), vec![]);
        let doc = "全文共分四个部分。\n第一部分 甲\n第二部分 乙\n第三部分 丙";
        assert_eq!(found(doc), vec![(1, 5)]);
        let doc = "本意见分为三个部分。\n一、甲\n二、乙\n三、丙";
        assert_eq!(found(doc), vec![]);
    }

    #[test]
    fn leaves_other_numbers() {
        for ok in [
            "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
            "增强四个意识、坚定四个自信、做到两个维护。",
            "统筹推进“五位一体”总体布局、协调推进“四个全面”战略布局。",
            "2025年、2026年连续两年增长，第二个百年奋斗目标。",
            "北京、上海等城市，一方面要改革，另一方面要开放。",
            "深化改革、扩大开放，做好三件事。",
        ] {
            assert_eq!(found(ok), vec![], "{ok}");
        }
    }
}
