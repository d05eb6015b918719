//! Recognising the numbering marker at the start of a line: 序言, 第一部分, 第一章, 第一节,
//! 第一条, 一、, （一）, 1., （1）, ①, 结束语. Only the marker is found here; whether the line is a
//! heading or a numbered paragraph is decided by [`classify`].

use serde::Serialize;

use super::numeral::{is_arabic_digit, is_numeral_char, parse_arabic, parse_chinese_numeral};

/// The numbering style of a heading or numbered paragraph. The proofreading checks compare
/// consecutive numbers within one style (一、二、四 → a gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Numbering {
    /// 序言 / 前言.
    Preface,
    /// 结束语 / 结语.
    Conclusion,
    /// 第一编 (codes of law).
    Book,
    /// 第一部分.
    Part,
    /// 第一章.
    Chapter,
    /// 第一节.
    Section,
    /// 第一条.
    Article,
    /// 一、
    ChineseComma,
    /// （一）
    ChineseParen,
    /// 1. / 1． / 1、
    ArabicDot,
    /// （1） / ⑴
    ArabicParen,
    /// ①
    Circled,
}

impl Numbering {
    /// Conventional rank of the style in Chinese official documents: smaller is higher.
    /// Levels are derived from ranks with a stack, so a draft that skips a rank (no 部分,
    /// straight to 一、) still nests correctly.
    pub fn rank(self) -> u8 {
        match self {
            Numbering::Preface | Numbering::Conclusion | Numbering::Book | Numbering::Part => 0,
            Numbering::Chapter => 1,
            Numbering::Section => 2,
            Numbering::Article => 3,
            Numbering::ChineseComma => 4,
            Numbering::ChineseParen => 5,
            Numbering::ArabicDot => 6,
            Numbering::ArabicParen => 7,
            Numbering::Circled => 8,
        }
    }

    /// Styles of the 第X… family, which are headings whatever follows them.
    fn is_di(self) -> bool {
        matches!(
            self,
            Numbering::Book
                | Numbering::Part
                | Numbering::Chapter
                | Numbering::Section
                | Numbering::Article
        )
    }
}

/// A marker found at the start of a (trimmed) line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub numbering: Numbering,
    /// The parsed ordinal; `None` for 序言/结束语 or a malformed numeral (第十十章).
    pub number: Option<u32>,
    /// Byte length of the marker in the line (e.g. "（一）" → 9).
    pub len: usize,
}

/// Longest numeral we take as an ordinal (一百二十三 is 5 chars); longer runs are prose.
const MAX_NUMERAL_CHARS: usize = 6;

/// Characters that, right after 第X章/条…, show the phrase is a reference in running text
/// ("第一条规定的", "第三章中") rather than a heading.
const REFERENCE_FOLLOWERS: &[char] = &[
    '的', '之', '中', '至', '规', '所', '和', '及', '与', '或', '、', '，', '第', '到',
];

/// Find the numbering marker at the start of `line` (already trimmed).
pub fn scan(line: &str) -> Option<Marker> {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.as_str() {
        "序言" | "前言" => return Some(whole(line, Numbering::Preface)),
        "结束语" | "结语" => return Some(whole(line, Numbering::Conclusion)),
        _ => {}
    }
    let first = line.chars().next()?;
    if first == '第' {
        return scan_di(line);
    }
    if first == '（' || first == '(' {
        return scan_paren(line, first.len_utf8());
    }
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        let number = first as u32 - 0x2460 + 1;
        return Some(Marker {
            numbering: Numbering::Circled,
            number: Some(number),
            len: first.len_utf8(),
        });
    }
    if ('\u{2474}'..='\u{2487}').contains(&first) {
        let number = first as u32 - 0x2474 + 1;
        return Some(Marker {
            numbering: Numbering::ArabicParen,
            number: Some(number),
            len: first.len_utf8(),
        });
    }
    if is_arabic_digit(first) {
        return scan_arabic(line);
    }
    if is_numeral_char(first) {
        return scan_chinese_comma(line);
    }
    None
}

fn whole(line: &str, numbering: Numbering) -> Marker {
    Marker {
        numbering,
        number: None,
        len: line.len(),
    }
}

/// The run of characters satisfying `pred` at the start of `s`: (byte length, char count).
fn run(s: &str, pred: impl Fn(char) -> bool) -> (usize, usize) {
    let mut bytes = 0;
    let mut chars = 0;
    for c in s.chars() {
        if !pred(c) {
            break;
        }
        bytes += c.len_utf8();
        chars += 1;
    }
    (bytes, chars)
}

fn parse_number(s: &str) -> Option<u32> {
    parse_chinese_numeral(s)
}

/// 第 + numeral + 编/部分/章/节/条.
fn scan_di(line: &str) -> Option<Marker> {
    let after_di = &line['第'.len_utf8()..];
    let (n_bytes, n_chars) = run(after_di, |c| is_numeral_char(c) || is_arabic_digit(c));
    if n_chars == 0 || n_chars > MAX_NUMERAL_CHARS {
        return None;
    }
    let numeral = &after_di[..n_bytes];
    let tail = &after_di[n_bytes..];
    let (numbering, word) = [
        (Numbering::Part, "部分"),
        (Numbering::Book, "编"),
        (Numbering::Chapter, "章"),
        (Numbering::Section, "节"),
        (Numbering::Article, "条"),
    ]
    .into_iter()
    .find(|(_, w)| tail.starts_with(w))?;
    let rest = &tail[word.len()..];
    if rest
        .chars()
        .next()
        .is_some_and(|c| REFERENCE_FOLLOWERS.contains(&c))
    {
        return None;
    }
    Some(Marker {
        numbering,
        number: parse_number(numeral),
        len: '第'.len_utf8() + n_bytes + word.len(),
    })
}

/// （一） / (一) / （1） / (1), full- or half-width parentheses in any combination.
fn scan_paren(line: &str, open_len: usize) -> Option<Marker> {
    let inner = &line[open_len..];
    let (n_bytes, n_chars) = run(inner, |c| is_numeral_char(c) || is_arabic_digit(c));
    if n_chars == 0 || n_chars > MAX_NUMERAL_CHARS {
        return None;
    }
    let close = inner[n_bytes..].chars().next()?;
    if close != '）' && close != ')' {
        return None;
    }
    let numeral = &inner[..n_bytes];
    let numbering = if numeral.chars().all(is_arabic_digit) {
        Numbering::ArabicParen
    } else if numeral.chars().any(is_arabic_digit) {
        return None;
    } else {
        Numbering::ChineseParen
    };
    Some(Marker {
        numbering,
        number: parse_number(numeral),
        len: open_len + n_bytes + close.len_utf8(),
    })
}

/// 1. / 1． / 1、 — but not 1.5 (a decimal) or 2024年.
fn scan_arabic(line: &str) -> Option<Marker> {
    let (n_bytes, n_chars) = run(line, is_arabic_digit);
    if n_chars > 3 {
        return None;
    }
    let mut rest = line[n_bytes..].chars();
    let sep = rest.next()?;
    if !matches!(sep, '.' | '．' | '、') {
        return None;
    }
    if rest.next().is_some_and(is_arabic_digit) {
        return None;
    }
    Some(Marker {
        numbering: Numbering::ArabicDot,
        number: parse_arabic(&line[..n_bytes]),
        len: n_bytes + sep.len_utf8(),
    })
}

/// 一、 / 一． — the numeral must be followed directly by the separator, so "十分重要" and
/// "一是……" are not markers.
fn scan_chinese_comma(line: &str) -> Option<Marker> {
    let (n_bytes, n_chars) = run(line, is_numeral_char);
    if n_chars > MAX_NUMERAL_CHARS {
        return None;
    }
    let sep = line[n_bytes..].chars().next()?;
    if !matches!(sep, '、' | '．' | '.') {
        return None;
    }
    Some(Marker {
        numbering: Numbering::ChineseComma,
        number: parse_number(&line[..n_bytes]),
        len: n_bytes + sep.len_utf8(),
    })
}

/// How a line that starts with a marker is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// The whole line is a heading ("一、坚持党的全面领导", "第二章　总则").
    Heading,
    /// A run-in heading: the first `usize` bytes are the heading ("（一）指导思想。"), the rest
    /// of the line is a paragraph beneath it.
    RunIn(usize),
    /// A paragraph that happens to carry a number ("1. 各地区要……，确保……。").
    NumberedParagraph,
}

/// Headings are short: a line longer than this (after its marker) without a sentence end is
/// still read as a paragraph.
pub const MAX_HEADING_CHARS: usize = 40;
/// A run-in heading's lead sentence is at most this long and has no comma.
pub const MAX_RUN_IN_CHARS: usize = 30;

const SENTENCE_ENDS: &[char] = &['。', '！', '？', '!', '?'];
const CLAUSE_MARKS: &[char] = &['，', ',', '；', ';', '：', ':', '、'];

/// Decide how to read a line that starts with `marker`.
///
/// The rule (documented for drafters in the module docs of `structure`):
/// - 序言/结束语 and 第X部分/编/章/节 are headings, unless what follows is a long sentence;
///   第X条 is always an article (its text is split off by the caller).
/// - For 一、（一）1.（1）①: the line is a heading when the text after the marker is at most
///   [`MAX_HEADING_CHARS`] characters with no sentence end (。！？；) and does not end in a
///   comma; it is a run-in heading when its first sentence (up to 。！？) is at most
///   [`MAX_RUN_IN_CHARS`] characters and contains no comma, colon or semicolon
///   ("（一）总体要求。正文……" → heading "（一）总体要求。" + paragraph "正文……");
///   otherwise it is a numbered paragraph ("一、我们要……，……。").
pub fn classify(line: &str, marker: &Marker) -> Reading {
    let rest = line.get(marker.len..).unwrap_or("").trim_start();
    let offset = line.len() - rest.len();
    if matches!(
        marker.numbering,
        Numbering::Preface | Numbering::Conclusion | Numbering::Article
    ) {
        return Reading::Heading;
    }
    let chars = rest.chars().count();
    let has_end = rest.contains(|c| SENTENCE_ENDS.contains(&c) || c == '；' || c == ';');
    if marker.numbering.is_di() {
        return if chars > MAX_HEADING_CHARS && has_end {
            Reading::NumberedParagraph
        } else {
            Reading::Heading
        };
    }
    if rest.is_empty() {
        return Reading::Heading;
    }
    if !has_end && chars <= MAX_HEADING_CHARS && !rest.ends_with(['，', ',', '、']) {
        return Reading::Heading;
    }
    if let Some(end) = rest.find(|c| SENTENCE_ENDS.contains(&c)) {
        let end_char = rest[end..].chars().next().map_or(0, char::len_utf8);
        let lead = &rest[..end + end_char];
        if lead.chars().count() <= MAX_RUN_IN_CHARS && !lead.contains(|c| CLAUSE_MARKS.contains(&c))
        {
            let split = offset + lead.len();
            return if line[split..].trim().is_empty() {
                Reading::Heading
            } else {
                Reading::RunIn(split)
            };
        }
    }
    Reading::NumberedParagraph
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(line: &str) -> Option<(Numbering, Option<u32>, &str)> {
        scan(line).map(|mk| (mk.numbering, mk.number, &line[..mk.len]))
    }

    #[test]
    fn markers() {
        assert_eq!(
            m("第三部分　全面深化改革"),
            Some((Numbering::Part, Some(3), "第三部分"))
        );
        assert_eq!(
            m("第十二章 附则"),
            Some((Numbering::Chapter, Some(12), "第十二章"))
        );
        assert_eq!(m("第一节"), Some((Numbering::Section, Some(1), "第一节")));
        assert_eq!(
            m("第二十一条　本条例自公布之日起施行。"),
            Some((Numbering::Article, Some(21), "第二十一条"))
        );
        assert_eq!(
            m("第5条 施行"),
            Some((Numbering::Article, Some(5), "第5条"))
        );
        assert_eq!(
            m("一、坚持党的全面领导"),
            Some((Numbering::ChineseComma, Some(1), "一、"))
        );
        assert_eq!(
            m("十一、加强组织"),
            Some((Numbering::ChineseComma, Some(11), "十一、"))
        );
        assert_eq!(
            m("（二）工作原则"),
            Some((Numbering::ChineseParen, Some(2), "（二）"))
        );
        assert_eq!(
            m("(三) 主要目标"),
            Some((Numbering::ChineseParen, Some(3), "(三)"))
        );
        assert_eq!(
            m("（12）其他"),
            Some((Numbering::ArabicParen, Some(12), "（12）"))
        );
        assert_eq!(
            m("3. 完善制度"),
            Some((Numbering::ArabicDot, Some(3), "3."))
        );
        assert_eq!(
            m("３．完善制度"),
            Some((Numbering::ArabicDot, Some(3), "３．"))
        );
        assert_eq!(m("②加强"), Some((Numbering::Circled, Some(2), "②")));
        assert_eq!(m("序　言"), Some((Numbering::Preface, None, "序　言")));
        assert_eq!(m("结束语"), Some((Numbering::Conclusion, None, "结束语")));
    }

    #[test]
    fn not_markers() {
        for line in [
            "十分重要的是",
            "一是加强领导",
            "1.5亿人",
            "2024年以来",
            "第一条规定的情形",
            "第三章中提到",
            "第一次会议",
            "（征求意见稿）",
            "（2024年7月18日通过）",
            "序言部分",
            "",
        ] {
            assert_eq!(scan(line), None, "{line}");
        }
    }

    fn read(line: &str) -> Reading {
        let marker = scan(line).expect("marker");
        classify(line, &marker)
    }

    #[test]
    fn heading_or_paragraph() {
        assert_eq!(read("一、坚持党的全面领导"), Reading::Heading);
        assert_eq!(read("一、坚持党的全面领导。"), Reading::Heading);
        assert_eq!(read("一、"), Reading::Heading);
        assert_eq!(read("（一）主要任务："), Reading::Heading);
        let runin = "（一）总体要求。坚持以人民为中心，推进各项工作。";
        assert_eq!(read(runin), Reading::RunIn("（一）总体要求。".len()));
        assert_eq!(
            read("一、我们党历来高度重视制度建设，始终把制度建设摆在突出位置，取得了显著成效。"),
            Reading::NumberedParagraph
        );
        assert_eq!(
            read("1. 各地区要加强组织领导，确保落实。"),
            Reading::NumberedParagraph
        );
        assert_eq!(
            read("（二）各部门要按照职责分工，"),
            Reading::NumberedParagraph
        );
        assert_eq!(read("第一部分　总体要求"), Reading::Heading);
        assert_eq!(read("第一条　为了规范工作，制定本条例。"), Reading::Heading);
    }
}
