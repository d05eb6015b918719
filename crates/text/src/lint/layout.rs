//! `layout_marker`: leftovers of a page layout copied into the text — page-continuation marks
//! (上接第一版, 下转第二版, 转第4版, 接上页, 续上页), stray page numbers on a line of their own
//! (12, - 12 -, —12—, 第12页, 第3页 共20页, 12/40) and editor lines (责任编辑：…).

use super::numeral::{parse_ar, parse_cn, parse_number};
use super::scan::{excerpt, matches_at, Doc};
use super::{Finding, FindingKind, Severity};

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    for line in &doc.lines {
        let c = &line.chars;
        let mut push = |at: usize, end: usize, suggestion: &str| {
            out.push(Finding {
                kind: FindingKind::LayoutMarker,
                line: line.no,
                column: at + 1,
                excerpt: excerpt(c, at, end),
                suggestion: suggestion.to_string(),
                severity: Severity::Warning,
            })
        };
        let content = line.content();
        let cs = line.content_start();
        if !content.is_empty() {
            if is_page_number(content) {
                push(cs, cs + content.len(), "删除页码");
                continue;
            }
            if starts_with_any(
                content,
                &[
                    "责任编辑：",
                    "责任编辑:",
                    "本版编辑：",
                    "本版编辑:",
                    "版式设计：",
                    "美术编辑：",
                ],
            ) {
                push(cs, cs + content.len(), "删除版面信息");
                continue;
            }
        }
        let mut i = 0;
        while i < c.len() {
            if let Some(len) = continuation_at(c, i) {
                // take the brackets around it too: （下转第二版）
                let (s, e) = if i > 0
                    && matches!(c[i - 1], '（' | '(' | '【' | '〔')
                    && matches!(c.get(i + len), Some('）' | ')' | '】' | '〕'))
                {
                    (i - 1, i + len + 1)
                } else {
                    (i, i + len)
                };
                push(s, e, "删除版面接续标记，并把前后文字接起来");
                i = e;
            } else {
                i += 1;
            }
        }
    }
}

fn starts_with_any(c: &[char], pats: &[&str]) -> bool {
    pats.iter().any(|p| {
        let mut it = c.iter();
        p.chars().all(|x| it.next() == Some(&x))
    })
}

/// Length of a continuation mark (上接第一版, 下转第2版, 转第四版, 接上页, 续上页, 转下页) at `i`.
fn continuation_at(c: &[char], i: usize) -> Option<usize> {
    // every mark starts with one of these: most positions are rejected here
    if !matches!(c.get(i), Some('接' | '续' | '转' | '上' | '下')) {
        return None;
    }
    const FIXED: [[char; 3]; 5] = [
        ['接', '上', '页'],
        ['续', '上', '页'],
        ['转', '下', '页'],
        ['接', '上', '版'],
        ['转', '下', '版'],
    ];
    if let Some(f) = FIXED.iter().find(|f| matches_at(c, i, &f[..])) {
        return Some(f.len());
    }
    let prefix_len = if matches_at(c, i, &['上', '接']) || matches_at(c, i, &['下', '转']) {
        2
    } else if c.get(i) == Some(&'转') || c.get(i) == Some(&'接') {
        // a bare 转第四版 only when it stands alone in brackets, to leave 转第二版 in prose to context
        if i > 0 && matches!(c[i - 1], '（' | '(') {
            1
        } else {
            return None;
        }
    } else {
        return None;
    };
    let mut j = i + prefix_len;
    if c.get(j) != Some(&'第') {
        return None;
    }
    j += 1;
    let (_, nlen) = parse_number(c.get(j..)?)?;
    j += nlen;
    match c.get(j) {
        Some('版' | '页') => Some(j + 1 - i),
        _ => None,
    }
}

/// The line without a continuation mark at its start or end: （上接第一版）各地要… and
/// …发展。（下转第二版） are judged by the text around the mark.
pub fn trim_continuation(c: &[char]) -> &[char] {
    let mut c = c;
    let open = |ch: char| matches!(ch, '（' | '(' | '【' | '〔');
    let close = |ch: Option<&char>| matches!(ch, Some('）' | ')' | '】' | '〕'));
    if let Some(len) = continuation_at(c, 0) {
        c = &c[len..];
    } else if c.first().is_some_and(|x| open(*x)) {
        if let Some(len) = continuation_at(c, 1) {
            if close(c.get(1 + len)) {
                c = &c[len + 2..];
            }
        }
    }
    let n = c.len();
    for start in n.saturating_sub(12)..n {
        if let Some(len) = continuation_at(c, start) {
            if start + len == n {
                return &c[..start];
            }
            if start > 0 && open(c[start - 1]) && start + len + 1 == n && close(c.get(start + len))
            {
                return &c[..start - 1];
            }
        }
    }
    c
}

/// Is the whole line a layout leftover (a page number or a continuation mark on its own)?
pub fn is_marker_line(c: &[char]) -> bool {
    if is_page_number(c) {
        return true;
    }
    let inner: Vec<char> = c
        .iter()
        .copied()
        .filter(|ch| {
            !matches!(
                ch,
                '（' | '）' | '(' | ')' | '【' | '】' | '〔' | '〕' | ' ' | '　'
            )
        })
        .collect();
    continuation_at(&inner, 0).is_some_and(|l| l == inner.len())
        || (c.len() > 1 && continuation_at(c, 1).is_some_and(|l| l + 2 == c.len()))
}

/// A line that is only a page number: 12 / - 12 - / —12— / ·12· / 第12页 / 第3页 共20页 / 12/40.
fn is_page_number(c: &[char]) -> bool {
    let inner: Vec<char> = c
        .iter()
        .copied()
        .filter(|ch| !matches!(ch, ' ' | '　' | '-' | '—' | '–' | '·' | '•'))
        .collect();
    if inner.is_empty() {
        return false;
    }
    if let Some((n, len)) = parse_ar(&inner) {
        if len == inner.len() {
            return n > 0 && n < 1000;
        }
        // 12/40
        if inner.get(len) == Some(&'/') {
            return parse_ar(&inner[len + 1..]).is_some_and(|(_, l2)| len + 1 + l2 == inner.len());
        }
        return false;
    }
    if inner.first() == Some(&'第') {
        let Some((_, len)) = parse_number(&inner[1..]) else {
            return false;
        };
        let rest = &inner[1 + len..];
        if rest == ['页'] {
            return true;
        }
        if rest.first() == Some(&'页') && rest.get(1) == Some(&'共') {
            return parse_number(&rest[2..])
                .is_some_and(|(_, l)| rest.get(2 + l) == Some(&'页') && rest.len() == 3 + l);
        }
    }
    // a lone Chinese numeral line (一) is a heading fragment more often than a page number
    let _ = parse_cn;
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter()
            .map(|f| (f.line, f.column, f.excerpt))
            .collect()
    }

    #[test]
    fn flags_markers() {
        assert_eq!(
            found("推动发展（下转第二版）"),
            vec![(1, 5, "（下转第二版）".to_string())]
        );
        assert_eq!(
            found("上接第1版\n正文。"),
            vec![(1, 1, "上接第1版".to_string())]
        );
        assert_eq!(
            found("正文。\n- 12 -\n正文。"),
            vec![(2, 1, "- 12 -".to_string())]
        );
        assert_eq!(found("　　12"), vec![(1, 3, "12".to_string())]);
        assert_eq!(
            found("第3页 共20页"),
            vec![(1, 1, "第3页 共20页".to_string())]
        );
        assert_eq!(
            found("（转第四版）"),
            vec![(1, 1, "（转第四版）".to_string())]
        );
        assert_eq!(found("接上页"), vec![(1, 1, "接上页".to_string())]);
        assert_eq!(
            found("责任编辑：王某"),
            vec![(1, 1, "责任编辑：王某".to_string())]
        );
    }

    #[test]
    fn trims_marks_around_text() {
        let t = |s: &str| {
            trim_continuation(&s.chars().collect::<Vec<_>>())
                .iter()
                .collect::<String>()
        };
        assert_eq!(t("发展。（下转第二版）"), "发展。");
        assert_eq!(t("（上接第一版）各地要"), "各地要");
        assert_eq!(t("上接第1版各地要"), "各地要");
        assert_eq!(t("推动发展下转第3版"), "推动发展");
        assert_eq!(t("推动发展。"), "推动发展。");
    }

    #[test]
    fn leaves_prose() {
        for ok in [
            "2025年，我们接第一批任务。",
            "会议转第二阶段讨论。",
            "第一条 本办法自2025年起施行。",
            "一、总体要求",
            "3.5%",
            "文件第12页所列事项",
            "本版面向基层。",
        ] {
            assert_eq!(found(ok), vec![], "{ok}");
        }
    }
}
