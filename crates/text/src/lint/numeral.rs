//! Numbers and heading/list markers at the start of a line (一、 （一） 1. （1） ① 第一部分 第一章
//! 第一节 第一条 一是 第一，), shared by the `numbering`, `count_mismatch` and `broken_paragraph`
//! rules. Kept inside lint so proofreading works on raw lines without the structure parser.

/// The numbering style of a marker. The order of the variants is the usual nesting order, from
/// the outermost (parts) to the innermost (inline enumerations).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    /// 第一部分 / 第一编
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条 (numbered continuously across chapters)
    Article,
    /// 一、
    CnDun,
    /// （一）
    CnParen,
    /// 1. / 1． / 1、
    ArDot,
    /// （1）
    ArParen,
    /// 1）
    ArHalfParen,
    /// ① …
    Circle,
    /// 一是 / 二是 (enumeration inside a paragraph)
    YiShi,
    /// 第一， / 第二， (enumeration inside a paragraph)
    DiComma,
}

impl Style {
    /// Styles that are headings of a document (not inline enumerations).
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            Style::Part
                | Style::Chapter
                | Style::Section
                | Style::Article
                | Style::CnDun
                | Style::CnParen
        )
    }

    /// How a number `n` is written in this style.
    pub fn render(self, n: u32) -> String {
        let cn = to_chinese(n);
        match self {
            Style::Part => format!("第{cn}部分"),
            Style::Chapter => format!("第{cn}章"),
            Style::Section => format!("第{cn}节"),
            Style::Article => format!("第{cn}条"),
            Style::CnDun => format!("{cn}、"),
            Style::CnParen => format!("（{cn}）"),
            Style::ArDot => format!("{n}."),
            Style::ArParen => format!("（{n}）"),
            Style::ArHalfParen => format!("{n}）"),
            Style::Circle => {
                char::from_u32(0x2460 + n.saturating_sub(1)).map_or(n.to_string(), String::from)
            }
            Style::YiShi => format!("{cn}是"),
            Style::DiComma => format!("第{cn}，"),
        }
    }
}

/// A marker found at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    pub number: u32,
    /// Index of the marker's first char in the line.
    pub start: usize,
    /// Index one past the marker's last char.
    pub end: usize,
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Is `c` a char of a Chinese numeral (一 … 九, 十, 百, 〇, 零, 两)?
pub fn is_cn_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || c == '十' || c == '百'
}

/// Parse a Chinese numeral (up to 999) at the start of `chars`: (value, chars used).
/// Reads the longest run of numeral chars, so 三十五 is 35, 十二 is 12, 二〇二五 is not a
/// count (it returns the digit-by-digit value, which callers treat as a year-like number).
pub fn parse_cn(chars: &[char]) -> Option<(u32, usize)> {
    let len = chars.iter().take_while(|c| is_cn_numeral_char(**c)).count();
    if len == 0 || len > 6 {
        return None;
    }
    let run = &chars[..len];
    let mut total: u32 = 0;
    let mut current: Option<u32> = None;
    let mut has_unit = false;
    for &c in run {
        match c {
            '十' => {
                total += current.unwrap_or(1) * 10;
                current = None;
                has_unit = true;
            }
            '百' => {
                total += current.unwrap_or(1) * 100;
                current = None;
                has_unit = true;
            }
            _ => {
                let d = cn_digit(c)?;
                if d == 0 && has_unit {
                    // 一百零五: 零 only marks the empty tens place
                    continue;
                }
                current = Some(match current {
                    // digit after digit without a unit: 二〇二五 style, read positionally
                    Some(prev) if !has_unit => prev.checked_mul(10)?.checked_add(d)?,
                    Some(_) => return None,
                    None => d,
                });
            }
        }
    }
    Some((total + current.unwrap_or(0), len))
}

/// Parse ASCII digits at the start of `chars` (at most 4): (value, chars used).
pub fn parse_ar(chars: &[char]) -> Option<(u32, usize)> {
    let len = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    if len == 0 || len > 4 {
        return None;
    }
    let mut v: u32 = 0;
    for c in &chars[..len] {
        v = v * 10 + c.to_digit(10)?;
    }
    Some((v, len))
}

/// Parse either kind of number.
pub fn parse_number(chars: &[char]) -> Option<(u32, usize)> {
    parse_ar(chars).or_else(|| parse_cn(chars))
}

/// Write `n` (0–999) as a Chinese numeral (十二, 二十, 一百零五).
pub fn to_chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 {
        return D[n as usize].to_string();
    }
    if n < 20 {
        return format!("十{}", if n == 10 { "" } else { D[(n % 10) as usize] });
    }
    if n < 100 {
        let ones = if n.is_multiple_of(10) {
            ""
        } else {
            D[(n % 10) as usize]
        };
        return format!("{}十{}", D[(n / 10) as usize], ones);
    }
    if n < 1000 {
        let rest = n % 100;
        let tail = match rest {
            0 => String::new(),
            1..=9 => format!("零{}", D[rest as usize]),
            10..=19 => format!("一{}", to_chinese(rest)),
            _ => to_chinese(rest),
        };
        return format!("{}百{}", D[(n / 100) as usize], tail);
    }
    n.to_string()
}

/// The marker at the start of a line (after indentation and Markdown `#`s), if any.
pub fn marker(chars: &[char]) -> Option<Marker> {
    let mut i = chars.iter().position(|c| !c.is_whitespace() && *c != '#')?;
    if i > 0 && chars[..i].contains(&'#') {
        // "## 一、…": skip the space after the hashes too
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
    }
    let start = i;
    let rest = &chars[start..];
    let first = *rest.first()?;
    let found = |style, number, len: usize| {
        Some(Marker {
            style,
            number,
            start,
            end: start + len,
        })
    };
    // ① … ⑳
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return found(Style::Circle, first as u32 - 0x2460 + 1, 1);
    }
    if first == '第' {
        let (n, len) = parse_number(&rest[1..])?;
        let after = &rest[1 + len..];
        let unit: &[(&str, Style)] = &[
            ("部分", Style::Part),
            ("编", Style::Part),
            ("章", Style::Chapter),
            ("节", Style::Section),
            ("条", Style::Article),
        ];
        for (word, style) in unit {
            let w: Vec<char> = word.chars().collect();
            if crate::lint::scan::matches_at(after, 0, &w) {
                return found(*style, n, 1 + len + w.len());
            }
        }
        if after.first() == Some(&'，') {
            return found(Style::DiComma, n, 1 + len + 1);
        }
        return None;
    }
    if first == '（' || first == '(' {
        let inner = &rest[1..];
        if let Some((n, len)) = parse_cn(inner) {
            if matches!(inner.get(len), Some('）') | Some(')')) {
                return found(Style::CnParen, n, len + 2);
            }
        }
        if let Some((n, len)) = parse_ar(inner) {
            if matches!(inner.get(len), Some('）') | Some(')')) && len <= 2 {
                return found(Style::ArParen, n, len + 2);
            }
        }
        return None;
    }
    if let Some((n, len)) = parse_ar(rest) {
        if len > 2 {
            return None;
        }
        let next = rest.get(len).copied();
        let after = rest.get(len + 1).copied();
        return match next {
            Some('.') | Some('．') if !after.is_some_and(|c| c.is_ascii_digit()) => {
                found(Style::ArDot, n, len + 1)
            }
            Some('、') => found(Style::ArDot, n, len + 1),
            Some('）') | Some(')') => found(Style::ArHalfParen, n, len + 1),
            _ => None,
        };
    }
    if let Some((n, len)) = parse_cn(rest) {
        if len > 3 {
            return None;
        }
        return match rest.get(len) {
            Some('、') => found(Style::CnDun, n, len + 1),
            Some('是') => found(Style::YiShi, n, len + 1),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("一", 1),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("三十五", 35),
            ("一百零五", 105),
            ("两", 2),
        ] {
            assert_eq!(parse_cn(&chars(s)).map(|x| x.0), Some(v), "{s}");
        }
        for n in 0..=999 {
            assert_eq!(
                parse_cn(&chars(&to_chinese(n))).map(|x| x.0),
                Some(n),
                "{n}"
            );
        }
        assert_eq!(parse_cn(&chars("甲")), None);
    }

    #[test]
    fn markers() {
        let m = |s: &str| marker(&chars(s)).map(|m| (m.style, m.number));
        assert_eq!(m("一、总体要求"), Some((Style::CnDun, 1)));
        assert_eq!(m("　　（十二）加强领导"), Some((Style::CnParen, 12)));
        assert_eq!(m("3.推进改革"), Some((Style::ArDot, 3)));
        assert_eq!(m("（2）具体措施"), Some((Style::ArParen, 2)));
        assert_eq!(m("第三部分 改革"), Some((Style::Part, 3)));
        assert_eq!(m("第十条 本办法"), Some((Style::Article, 10)));
        assert_eq!(m("## 四、保障措施"), Some((Style::CnDun, 4)));
        assert_eq!(m("二是加强监管。"), Some((Style::YiShi, 2)));
        assert_eq!(m("第二，要坚持。"), Some((Style::DiComma, 2)));
        assert_eq!(m("②加强"), Some((Style::Circle, 2)));
        // not markers
        assert_eq!(m("3.5%的增长"), None);
        assert_eq!(m("2025年"), None);
        assert_eq!(m("一方面"), None);
        assert_eq!(m("第一次会议"), None);
        assert_eq!(m(""), None);
    }

    #[test]
    fn render() {
        assert_eq!(Style::CnDun.render(3), "三、");
        assert_eq!(Style::CnParen.render(11), "（十一）");
        assert_eq!(Style::ArDot.render(4), "4.");
        assert_eq!(Style::Circle.render(2), "②");
    }
}
