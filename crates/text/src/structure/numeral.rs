//! Chinese numerals → numbers, for the ordinals of headings (第三部分 → 3, （十二）→ 12).
//!
//! Accepts the forms drafts actually use: 一 … 九十九, 百/千/万 with 零/〇 as placeholder
//! (一百零五), 两 as 2 (两百), the financial forms (壹贰叁 … 拾佰仟), positional digit strings
//! (二〇二四 → 2024), and ASCII or full-width Arabic digits. Anything else gives `None`
//! rather than a guess, because the proofreading checks compare these numbers.

/// Value of a Chinese digit character (零/〇 = 0 … 九 = 9, 两 = 2, financial forms too).
fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' | 'Ｏ' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '贰' | '两' | '貳' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Value of a unit character below 万.
fn small_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

/// True if `c` can be part of a Chinese numeral (used by the heading scanner to find where
/// the ordinal ends).
pub fn is_numeral_char(c: char) -> bool {
    digit(c).is_some() || small_unit(c).is_some() || c == '万' || c == '萬'
}

/// Value of an ASCII or full-width Arabic digit.
fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// True if `c` is an ASCII or full-width Arabic digit.
pub fn is_arabic_digit(c: char) -> bool {
    arabic_digit(c).is_some()
}

/// Parse a string of Arabic digits (ASCII or full-width); `None` on overflow or other chars.
pub fn parse_arabic(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.chars().try_fold(0u32, |acc, c| {
        acc.checked_mul(10)?.checked_add(arabic_digit(c)?)
    })
}

/// Parse a Chinese numeral (or Arabic digits). Returns `None` for anything that is not a
/// well-formed number, e.g. "十十", "一二十", "" or "第一".
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(is_arabic_digit) {
        return parse_arabic(s);
    }
    // A string of digits without units is positional (二〇二四 → 2024); a single digit too.
    if s.chars().all(|c| digit(c).is_some()) {
        return s
            .chars()
            .try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    parse_with_units(s)
}

/// The unit form: 二十三, 一百零五, 三千二百, 十二万 …
fn parse_with_units(s: &str) -> Option<u32> {
    let mut total: u32 = 0; // the part already multiplied by 万
    let mut section: u32 = 0; // the part below 万
    let mut pending: Option<u32> = None; // a digit waiting for its unit
    let mut last_unit = u32::MAX; // units must strictly decrease inside a section
    let mut seen_wan = false;
    let mut after_zero = false;
    for c in s.chars() {
        if let Some(d) = digit(c) {
            if d == 0 {
                // 零 only stands for skipped units between two non-zero parts.
                if pending.is_some() {
                    return None;
                }
                after_zero = true;
                continue;
            }
            if pending.is_some() {
                return None; // two digits in a row: 一二十
            }
            pending = Some(d);
        } else if let Some(unit) = small_unit(c) {
            if unit >= last_unit {
                return None; // 十百, 十十
            }
            if after_zero && pending.is_none() {
                return None; // 零十
            }
            // "十二" means 12: a bare 十 has an implied 一 (also 百/千 on their own, loosely).
            let n = pending.take().unwrap_or(1);
            section = section.checked_add(n.checked_mul(unit)?)?;
            last_unit = unit;
            after_zero = false;
        } else if c == '万' || c == '萬' {
            if seen_wan {
                return None;
            }
            seen_wan = true;
            section = section.checked_add(pending.take().unwrap_or(0))?;
            if section == 0 {
                return None;
            }
            total = section.checked_mul(10_000)?;
            section = 0;
            last_unit = u32::MAX;
            after_zero = false;
        } else {
            return None;
        }
    }
    if after_zero && pending.is_none() {
        return None; // a trailing 零: 一百零
    }
    section = section.checked_add(pending.unwrap_or(0))?;
    total.checked_add(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers() {
        let cases = [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十一", 11),
            ("十九", 19),
            ("二十", 20),
            ("二十三", 23),
            ("九十九", 99),
            ("两", 2),
            ("〇", 0),
            ("零", 0),
        ];
        for (s, n) in cases {
            assert_eq!(parse_chinese_numeral(s), Some(n), "{s}");
        }
    }

    #[test]
    fn hundreds_and_beyond() {
        let cases = [
            ("一百", 100),
            ("百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("两百", 200),
            ("三百二十一", 321),
            ("一千零一", 1001),
            ("一千零五十", 1050),
            ("三千二百", 3200),
            ("十二万", 120_000),
            ("一万零三百", 10_300),
            ("壹佰贰拾", 120),
        ];
        for (s, n) in cases {
            assert_eq!(parse_chinese_numeral(s), Some(n), "{s}");
        }
    }

    #[test]
    fn positional_and_arabic() {
        assert_eq!(parse_chinese_numeral("二〇二四"), Some(2024));
        assert_eq!(parse_chinese_numeral("一九四九"), Some(1949));
        assert_eq!(parse_chinese_numeral("12"), Some(12));
        assert_eq!(parse_chinese_numeral("１２"), Some(12));
        assert_eq!(parse_arabic("99999999999"), None);
    }

    #[test]
    fn malformed_is_none() {
        for s in [
            "",
            "十十",
            "一二十",
            "十百",
            "第一",
            "一百零",
            "零十",
            "万",
            "一万万",
            "a",
            "一a",
        ] {
            assert_eq!(parse_chinese_numeral(s), None, "{s}");
        }
    }

    #[test]
    fn no_overflow_panic() {
        assert_eq!(parse_chinese_numeral("九九九九九九九九九九九九"), None);
        assert_eq!(parse_chinese_numeral("九千九百万"), Some(99_000_000));
        assert_eq!(parse_chinese_numeral("九千万九千"), Some(90_009_000));
    }
}
