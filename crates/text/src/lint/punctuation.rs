//! `punctuation_width`: half-width punctuation inside Chinese text (发展,推动 → 发展，推动;
//! 总值(GDP) → 总值（GDP）; "创新" → “创新”), ASCII ellipses after Chinese (...→……), and
//! full-width digits or Latin letters (２０２５ → 2025). Half-width marks between digits or
//! Latin letters (3.5%, 1,000, 10:30, e.g., http://) are correct and left alone.

use super::scan::{excerpt, is_chinese, is_han, Doc};
use super::{Finding, FindingKind, Severity};

pub fn check(doc: &Doc, out: &mut Vec<Finding>) {
    for line in &doc.lines {
        check_line(&line.chars, line.no, out);
    }
}

/// The nearest non-space char before `i`.
fn prev_sig(c: &[char], i: usize) -> Option<char> {
    c[..i].iter().rev().find(|ch| **ch != ' ').copied()
}

/// The nearest non-space char after `i`.
fn next_sig(c: &[char], i: usize) -> Option<char> {
    c.get(i + 1..)?.iter().find(|ch| **ch != ' ').copied()
}

fn chinese(c: Option<char>) -> bool {
    c.is_some_and(is_chinese)
}

fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}

fn check_line(c: &[char], line: usize, out: &mut Vec<Finding>) {
    let mut push = |at: usize, len: usize, suggestion: String| {
        out.push(Finding {
            kind: FindingKind::PunctuationWidth,
            line,
            column: at + 1,
            excerpt: excerpt(c, at.saturating_sub(2), at + len + 2),
            suggestion,
            severity: Severity::Warning,
        })
    };
    let mut dquotes = 0usize;
    let mut squotes = 0usize;
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        let (p, n) = (prev_sig(c, i), next_sig(c, i));
        match ch {
            ',' | ';' | '?' | '!' if chinese(p) || chinese(n) => {
                let full = match ch {
                    ',' => "，",
                    ';' => "；",
                    '?' => "？",
                    _ => "！",
                };
                push(i, 1, format!("“{ch}”改为“{full}”"));
            }
            ':' if (chinese(p) || chinese(n)) && c.get(i + 1) != Some(&'/') => {
                push(i, 1, "“:”改为“：”".to_string());
            }
            '.' => {
                let run = c[i..].iter().take_while(|x| **x == '.').count();
                let next_after = c.get(i + run).copied();
                // 提高到0.58. / 增长5.2%.对…: a number inside Chinese text, then a full stop
                let after_number = {
                    let mut k = i;
                    while k > 0 && (c[k - 1].is_ascii_digit() || matches!(c[k - 1], '.' | '%')) {
                        k -= 1;
                    }
                    k < i && c[i - 1] != '.' && k > 0 && is_han(c[k - 1])
                };
                let sentence_end = after_number && next_after.is_none_or(is_chinese);
                let after_chinese =
                    p.is_some_and(|x| is_han(x) || matches!(x, '”' | '’' | '）' | '》' | '】'));
                if after_chinese || sentence_end || (run >= 3 && chinese(p)) {
                    if run >= 2 {
                        push(i, run, format!("“{}”改为“……”", ".".repeat(run)));
                    } else if !next_after.is_some_and(|x| x.is_ascii_alphanumeric()) {
                        push(i, 1, "“.”改为“。”".to_string());
                    }
                }
                i += run;
                continue;
            }
            '．' if p.is_some_and(is_han) => push(i, 1, "“．”改为“。”".to_string()),
            '(' | ')' if chinese(p) || chinese(n) => {
                let full = if ch == '(' { "（" } else { "）" };
                push(i, 1, format!("“{ch}”改为“{full}”"));
            }
            '"' => {
                dquotes += 1;
                if chinese(p) || chinese(n) {
                    let full = if dquotes % 2 == 1 { "“" } else { "”" };
                    push(i, 1, format!("“\"”改为“{full}”"));
                }
            }
            '\'' => {
                let between_latin = p.is_some_and(|x| x.is_ascii_alphabetic())
                    && n.is_some_and(|x| x.is_ascii_alphabetic());
                if !between_latin {
                    squotes += 1;
                    if chinese(p) || chinese(n) {
                        let full = if squotes % 2 == 1 { "‘" } else { "’" };
                        push(i, 1, format!("“'”改为“{full}”"));
                    }
                }
            }
            _ if is_fullwidth_alnum(ch) => {
                let run = c[i..]
                    .iter()
                    .take_while(|x| is_fullwidth_alnum(**x))
                    .count();
                let half: String = c[i..i + run]
                    .iter()
                    .filter_map(|x| char::from_u32(*x as u32 - 0xFEE0))
                    .collect();
                push(i, run, format!("全角字符改为半角“{half}”"));
                i += run;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        check(&Doc::new(text), &mut out);
        out.into_iter().map(|f| f.column).collect()
    }

    #[test]
    fn flags_half_width_in_chinese() {
        assert_eq!(cols("坚持发展,推动改革。"), vec![5]);
        assert_eq!(cols("任务如下:一是改革。"), vec![5]);
        assert_eq!(cols("推动发展."), vec![5]);
        assert_eq!(cols("国内生产总值(GDP)增长"), vec![7, 11]);
        assert_eq!(cols("坚持\"两个毫不动摇\"。"), vec![3, 10]);
        assert_eq!(cols("他说...好"), vec![3]);
        assert_eq!(cols("GDP,增长"), vec![4]);
        assert_eq!(cols("到２０２５年"), vec![2]);
        assert_eq!(cols("防止束之高阁”.对问题"), vec![8]);
        assert_eq!(cols("提高到0.58."), vec![8]);
        assert_eq!(cols("增长5.2%.下一步"), vec![7]);
    }

    #[test]
    fn leaves_correct_text() {
        for ok in [
            "2025年增长3.5%，GDP达到1,000亿元，时间10:30。",
            "见 https://example.org/a.html 和 e.g., U.S. policy。",
            "1.坚持党的领导。",
            "达到1.2万亿元，增长3.5%，版本2.0发布。",
            "见附件：1.2024年度先进集体名单；2.先进个人名单。",
            "Xi'an 的发展",
            "国内生产总值（GDP）增长，“两个毫不动摇”。",
            "　　全角空格缩进不算。",
        ] {
            assert_eq!(cols(ok), Vec::<usize>::new(), "{ok}");
        }
    }
}
