//! `broken_paragraph`: a paragraph cut in the middle of a sentence — it ends without closing
//! punctuation, or the next one starts with a continuation (a comma, a particle) — as left by
//! OCR, column layouts and copy-paste. The suggestion says which fragments belong together,
//! also when other text (another article, a page marker) was spliced in between.

use super::layout::{is_marker_line, trim_continuation};
use super::numeral::marker;
use super::scan::{excerpt, is_han, is_terminal, jieba, Doc, Line};
use super::{Finding, FindingKind, Severity};

/// How many following paragraphs may stand between two fragments of one paragraph.
const LOOKAHEAD: usize = 3;

/// Choosing the continuation without a grammatical clue: a later paragraph is preferred to the
/// next one when it shares this many more content characters with the fragment.
const JUMP_MARGIN: usize = 3;

/// A paragraph as the rule sees it: its line, and its text without indentation and without
/// continuation marks at either end.
struct Para<'a> {
    line: &'a Line<'a>,
    text: &'a [char],
}

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    let paras: Vec<Para> = doc
        .lines
        .iter()
        .filter(|l| !l.is_blank() && !is_marker_line(l.content()) && !is_markup(l.content()))
        .map(|l| Para {
            line: l,
            text: trim_continuation(l.content()),
        })
        .filter(|p| !p.text.is_empty())
        .collect();
    // lines already named as the continuation of an earlier fragment: a complete paragraph
    // spliced in before them is not itself broken because they start with a comma
    let mut claimed: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for (k, a) in paras.iter().enumerate() {
        let candidates: Vec<&Para> = paras.iter().skip(k + 1).take(LOOKAHEAD).collect();
        let Some(b) = candidates.first() else { break };
        let ac = a.text;
        let Some(&last) = ac.last() else { continue };
        let strong_start = starts_with_continuation_punct(b.text) && !claimed.contains(&b.line.no);
        if ends_sentence(ac, last) && !strong_start {
            continue;
        }
        let clause_inside = ac.iter().any(|c| matches!(c, '，' | '、' | '；')) || ac.len() >= 30;
        let sentence_inside = ac[..ac.len() - 1]
            .iter()
            .any(|c| matches!(c, '。' | '！' | '？'));
        let heading = marker(&a.line.chars).is_some_and(|m| m.style.is_heading())
            && ac.len() < 40
            && !ac.contains(&'，');
        // the first line of the text is a title when it is not punctuated (a Markdown `#`
        // title is filtered out above, so the first paragraph under it is body text)
        let title =
            k == 0 && doc.lines.iter().find(|l| !l.is_blank()).map(|l| l.no) == Some(a.line.no);
        let short = ac.len() < 8;
        let soft_start = starts_with_particle(b.text);
        let spans = candidates.iter().any(|c| word_spans(ac, c.text));
        // a fragment further down starts with a comma or a particle: it is looking for a head
        let continuation_ahead = candidates.iter().any(|c| {
            (starts_with_continuation_punct(c.text) || starts_with_particle(c.text))
                && !claimed.contains(&c.line.no)
        });
        let flagged = strong_start
            || ((clause_inside || sentence_inside || spans || soft_start || continuation_ahead)
                && !heading
                && !title
                && !short);
        if !flagged {
            continue;
        }
        let target = continuation(ac, &candidates);
        let t = candidates[target];
        claimed.insert(t.line.no);
        let mut suggestion = format!("此段在句中断开，应与第{}行连成一段", t.line.no);
        if target > 0 {
            let between: Vec<String> = candidates[..target]
                .iter()
                .map(|l| l.line.no.to_string())
                .collect();
            suggestion.push_str(&format!(
                "（中间第{}行疑为插入的其他文字）",
                between.join("、")
            ));
        }
        let end = a.line.content_end();
        out.push(Finding {
            kind: FindingKind::BrokenParagraph,
            line: a.line.no,
            column: end + 1,
            excerpt: format!(
                "{}⏎{}",
                excerpt(&a.line.chars, end.saturating_sub(8), end),
                excerpt(t.text, 0, 8)
            ),
            suggestion,
            severity: Severity::Warning,
        });
    }
}

/// Which of the next paragraphs continues the fragment `a`? The first that starts with a
/// continuation (a comma, a particle) or completes a word across the break; otherwise the next
/// one, unless vocabulary says it was spliced in (see below).
fn continuation(a: &[char], candidates: &[&Para]) -> usize {
    if let Some(k) = candidates
        .iter()
        .position(|c| starts_with_continuation_punct(c.text) || starts_with_particle(c.text))
    {
        return k;
    }
    if let Some(k) = candidates.iter().position(|c| word_spans(a, c.text)) {
        return k;
    }
    // parallel clauses: 逐个分析原因、逐个制定措施、|逐个整顿提升
    if let Some(k) = candidates.iter().position(|c| echoes(a, c.text)) {
        return k;
    }
    // Without a clue the next paragraph is the continuation, unless it has nothing in common
    // with the fragment (a spliced-in article is about something else) and a later one, ending
    // a sentence as the rest of a paragraph does, clearly has.
    let shared: Vec<usize> = candidates
        .iter()
        .map(|c| shared_chars(a, &c.text[..c.text.len().min(40)]))
        .collect();
    if shared.first().is_some_and(|&s| s <= 1) {
        let later = (1..candidates.len())
            .filter(|&k| {
                let c = candidates[k];
                c.text.last().is_some_and(|&l| ends_sentence(c.text, l))
                    && !marker(&c.line.chars).is_some_and(|m| m.style.is_heading())
                    && shared[k] >= shared[0] + JUMP_MARGIN
            })
            .max_by_key(|&k| (shared[k], std::cmp::Reverse(k)));
        if let Some(k) = later {
            return k;
        }
    }
    0
}

/// Does `b` open with a two-character word that the last clauses of `a` also use (事关…，事关)?
fn echoes(a: &[char], b: &[char]) -> bool {
    let [x, y, ..] = b else { return false };
    if !is_han(*x) || !is_han(*y) || STOP_CHARS.contains(*x) {
        return false;
    }
    let tail = &a[a.len().saturating_sub(20)..];
    tail.windows(2).any(|w| w[0] == *x && w[1] == *y)
}

/// Characters too common to tell one topic from another.
const STOP_CHARS: &str =
    "的是在和了要对为与把将等一不有也这之以其中个上下大地得着们而及并或于被所到进行发展工作";

/// How many distinct content characters (Han, not in [`STOP_CHARS`]) two texts share.
fn shared_chars(a: &[char], b: &[char]) -> usize {
    let mut seen: Vec<char> = Vec::new();
    for &c in b {
        if is_han(c) && !STOP_CHARS.contains(c) && !seen.contains(&c) && a.contains(&c) {
            seen.push(c);
        }
    }
    seen.len()
}

/// Does a paragraph ending in `last` end a sentence? A closing quote or bracket does only after
/// a sentence end (……。” / ……。）) or when it closes a whole-line parenthesis (（此件公开发布）);
/// 让“机器换人” at the end of a line is a sentence cut after a quotation.
fn ends_sentence(content: &[char], last: char) -> bool {
    if !is_terminal(last) {
        return false;
    }
    if !matches!(
        last,
        '”' | '’' | '」' | '』' | '）' | '》' | '】' | ')' | '"'
    ) {
        return true;
    }
    let n = content.len();
    let before = if n >= 2 { Some(content[n - 2]) } else { None };
    let whole_line = matches!(
        (content.first(), last),
        (Some('（'), '）') | (Some('('), ')') | (Some('【'), '】') | (Some('“'), '”')
    );
    whole_line || before.is_some_and(|b| is_terminal(b) && b != last)
}

/// Markdown and table lines are not prose paragraphs.
fn is_markup(c: &[char]) -> bool {
    matches!(
        c.first(),
        Some('#' | '|' | '>' | '-' | '*' | '`' | '!' | '[')
    )
}

fn starts_with_continuation_punct(c: &[char]) -> bool {
    matches!(
        c.first(),
        Some('，' | '、' | '；' | '：' | '。' | '）' | '》' | '”' | '’' | ',' | ';')
    )
}

fn starts_with_particle(c: &[char]) -> bool {
    matches!(
        c.first(),
        Some('的' | '了' | '着' | '们' | '地' | '得' | '之' | '么')
    )
}

/// Does a dictionary word run across the break (推动经|济发展)? Looks at four chars either side.
fn word_spans(a: &[char], b: &[char]) -> bool {
    let tail: Vec<char> = a.iter().rev().take(4).rev().copied().collect();
    let head: Vec<char> = b.iter().take(4).copied().collect();
    if !tail.last().is_some_and(|c| is_han(*c)) || !head.first().is_some_and(|c| is_han(*c)) {
        return false;
    }
    let joined: String = tail.iter().chain(head.iter()).collect();
    let cut = tail.len();
    jieba()
        .cut(&joined, false)
        .iter()
        .any(|t| t.start < cut && t.end > cut && t.end - t.start >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter()
            .map(|f| (f.line, f.column, f.suggestion))
            .collect()
    }

    #[test]
    fn flags_cut_paragraphs() {
        let f = found("标题\n各地区要坚持稳中求进，推动经\n济高质量发展。");
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].0, f[0].1), (2, 15));
        let f = found("标题\n各地区要坚持稳中求进\n，推动经济高质量发展。");
        assert_eq!((f[0].0, f[0].1), (2, 11));
    }

    #[test]
    fn a_closing_quote_ends_a_paragraph_only_after_a_sentence_end() {
        let f = found("标题\n各地要推进智能制造，让“机器换人”\n在更大范围推开，取得实效。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(
            found("标题\n他说：“要推动高质量发展。”\n（此件公开发布）\n各地要抓好落实。"),
            vec![]
        );
    }

    #[test]
    fn finds_fragments_across_spliced_text() {
        let text = "标题\n要把握新形势新要求，推动经\n本报讯 今天天气晴朗，气温适宜。\n济高质量发展，不断取得新成效。";
        let f = found(text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, 2);
        assert!(f[0].2.contains("第4行"), "{}", f[0].2);
        assert!(f[0].2.contains("第3行"), "{}", f[0].2);
        // a page marker between the fragments is skipped
        let f = found("标题\n要把握新形势新要求，推动经\n（下转第二版）\n济高质量发展。");
        assert_eq!(f.len(), 1);
        assert!(f[0].2.contains("第4行"));
    }

    #[test]
    fn leaves_headings_titles_and_whole_paragraphs() {
        let text = "关于推进高质量发展的意见\n\n一、总体要求\n（一）指导思想\n坚持稳中求进，推动高质量发展。\n## 二、重点任务\n结束语\n各地区各部门要抓好落实。\n某某省人民政府\n2025年3月1日";
        assert_eq!(found(text), vec![]);
        assert_eq!(
            found("各省、自治区、直辖市人民政府：\n现将有关事项通知如下。"),
            vec![]
        );
        assert_eq!(found("- 列表项目，没有句号\n- 第二项"), vec![]);
    }
}
