//! The light scanning every rule shares: the text split into lines (each line is a paragraph),
//! each line as a vector of chars so that columns are character indexes, and character classes.

/// One line of the input.
pub struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    /// The line without its line break (a trailing `\r` is removed too).
    pub text: &'a str,
    /// The line's characters; column `i + 1` is `chars[i]`.
    pub chars: Vec<char>,
}

impl Line<'_> {
    /// True when the line has nothing but whitespace.
    pub fn is_blank(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }

    /// Index of the first non-whitespace char (full-width spaces used for indentation count
    /// as whitespace).
    pub fn content_start(&self) -> usize {
        self.chars
            .iter()
            .position(|c| !c.is_whitespace())
            .unwrap_or(self.chars.len())
    }

    /// Index one past the last non-whitespace char.
    pub fn content_end(&self) -> usize {
        self.chars
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(0, |i| i + 1)
    }

    /// The chars without leading and trailing whitespace.
    pub fn content(&self) -> &[char] {
        let s = self.content_start();
        let e = self.content_end().max(s);
        &self.chars[s..e]
    }
}

/// The input text as lines.
pub struct Doc<'a> {
    pub lines: Vec<Line<'a>>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Self {
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| {
                let l = l.strip_suffix('\r').unwrap_or(l);
                Line {
                    no: i + 1,
                    text: l,
                    chars: l.chars().collect(),
                }
            })
            .collect();
        Doc { lines }
    }
}

/// A Han character (the CJK unified ideographs and their extensions, plus 〇).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2EBEF | 0xF900..=0xFAFF | 0x3007)
}

/// Full-width (Chinese) punctuation.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '【'
            | '】'
            | '〔'
            | '〕'
            | '「'
            | '」'
            | '『'
            | '』'
            | '…'
            | '—'
            | '·'
            | '〈'
            | '〉'
    )
}

/// Han characters and Chinese punctuation: what "Chinese text" is made of.
pub fn is_chinese(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Punctuation that may end a paragraph.
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '；'
            | '：'
            | '…'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | '》'
            | '】'
            | '.'
            | '!'
            | '?'
            | ';'
            | ':'
            | ')'
            | '"'
    )
}

/// A short excerpt of `chars[start..end]`, clamped to the slice.
pub fn excerpt(chars: &[char], start: usize, end: usize) -> String {
    let s = start.min(chars.len());
    let e = end.min(chars.len()).max(s);
    chars[s..e].iter().collect()
}

/// Does `chars` hold `pat` at `at`?
pub fn matches_at(chars: &[char], at: usize, pat: &[char]) -> bool {
    at.checked_add(pat.len())
        .is_some_and(|end| end <= chars.len() && chars[at..end] == *pat)
}

/// The jieba segmenter, built once: building its dictionary is slow, so every rule that needs
/// words shares this instance.
pub fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: std::sync::LazyLock<jieba_rs::Jieba> =
        std::sync::LazyLock::new(jieba_rs::Jieba::new);
    &JIEBA
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_content() {
        let d = Doc::new("　　甲乙\r\n\n丙");
        assert_eq!(d.lines.len(), 3);
        assert_eq!(d.lines[0].content(), &['甲', '乙']);
        assert_eq!(d.lines[0].content_start(), 2);
        assert!(d.lines[1].is_blank());
        assert_eq!(d.lines[2].no, 3);
    }

    #[test]
    fn classes() {
        assert!(is_han('中') && is_han('〇') && !is_han('A'));
        assert!(is_cjk_punct('，') && !is_cjk_punct(','));
        assert!(matches_at(&['a', 'b', 'c'], 1, &['b', 'c']));
        assert!(!matches_at(&['a'], 1, &['b']));
        assert!(!matches_at(&['a'], usize::MAX, &['b']));
    }
}
