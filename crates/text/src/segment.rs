//! Word segmentation with jieba, for search and for the diff's word-boundary cleanup.
//!
//! Building a jieba dictionary parses 5 MB, so the default segmenter is built once per
//! process ([`Segmenter::shared`]); a segmenter with a dossier's own terms clones it and adds
//! the words.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Official vocabulary jieba's default dictionary splits but drafts use as single terms.
pub const OFFICIAL_TERMS: &[&str] = &[
    "中国式现代化",
    "高质量发展",
    "新质生产力",
    "全过程人民民主",
    "征求意见稿",
    "送审稿",
    "提请审议稿",
    "起草组",
    "修改对照表",
    "意见处理情况表",
    "全面深化改革",
    "全面从严治党",
    "共同富裕",
    "人类命运共同体",
];

static SHARED: LazyLock<Segmenter> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    for term in OFFICIAL_TERMS {
        jieba.add_word(term, None, None);
    }
    Segmenter {
        jieba: Cow::Owned(jieba),
    }
});

/// A jieba segmenter: the shared default dictionary plus official terms, optionally with a
/// dossier's user words.
#[derive(Debug, Clone)]
pub struct Segmenter {
    jieba: Cow<'static, Jieba>,
}

impl Default for Segmenter {
    fn default() -> Self {
        Segmenter::new()
    }
}

impl Segmenter {
    /// The process-wide default segmenter (built on first use).
    pub fn shared() -> &'static Segmenter {
        &SHARED
    }

    /// A segmenter that borrows the shared dictionary (cheap); adding words copies it.
    pub fn new() -> Segmenter {
        let shared: &'static Segmenter = &SHARED;
        match &shared.jieba {
            Cow::Owned(jieba) => Segmenter {
                jieba: Cow::Borrowed(jieba),
            },
            Cow::Borrowed(jieba) => Segmenter {
                jieba: Cow::Borrowed(jieba),
            },
        }
    }

    /// The default dictionary plus a dossier's terms (names, coined phrases).
    pub fn with_user_words(words: &[&str]) -> Segmenter {
        let mut s = Segmenter::new();
        for w in words {
            s.add_word(w);
        }
        s
    }

    /// Add one user word (ignored if empty or whitespace). The first call copies the shared
    /// dictionary.
    pub fn add_word(&mut self, word: &str) {
        let word = word.trim();
        if !word.is_empty() {
            self.jieba.to_mut().add_word(word, None, None);
        }
    }

    /// Byte ranges of the words of `text`, in order, covering the whole text.
    pub fn cut_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.byte_start..t.byte_end)
            .collect()
    }

    /// Push `base` + the char offset of each word start of `text` after the first, in
    /// increasing order (the diff's word snapping works in chars, not bytes).
    pub(crate) fn word_start_chars(&self, text: &str, base: usize, out: &mut Vec<usize>) {
        let mut at = base;
        for token in self.jieba.cut(text, true) {
            if at > base {
                out.push(at);
            }
            at += token.word.chars().count();
        }
    }

    /// The words of `text`, in order (precise mode, HMM for unknown words).
    pub fn cut<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }

    /// Search mode: also the shorter words inside long ones (中华人民共和国 → 中华, 华人, …),
    /// for indexing. Ranges may overlap.
    pub fn cut_for_search_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.jieba
            .cut_for_search(text, true)
            .into_iter()
            .map(|t| t.byte_start..t.byte_end)
            .collect()
    }

    /// The precise-mode tokens of `text` (one vector per call, no string per token), with
    /// or without jieba's HMM for words outside the dictionary.
    pub(crate) fn tokens<'a>(&self, text: &'a str, hmm: bool) -> Vec<jieba_rs::Token<'a>> {
        self.jieba.cut(text, hmm)
    }

    /// Whether `word` is in the dictionary (default, official terms, user words).
    pub(crate) fn has_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// Search-mode words of `text`.
    pub fn cut_for_search<'a>(&self, text: &'a str) -> Vec<&'a str> {
        self.jieba
            .cut_for_search(text, true)
            .into_iter()
            .map(|t| t.word)
            .collect()
    }
}

/// Sorted byte offsets where words start in `text`, including 0 and excluding `text.len()`
/// (empty for empty text), using the shared default segmenter.
pub fn word_boundaries(text: &str) -> Vec<usize> {
    let mut out: Vec<usize> = Segmenter::shared()
        .cut_ranges(text)
        .into_iter()
        .map(|r| r.start)
        .filter(|&s| s < text.len() && text.is_char_boundary(s))
        .collect();
    out.sort_unstable();
    out.dedup();
    if !text.is_empty() && out.first() != Some(&0) {
        out.insert(0, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_official_terms_whole() {
        let words = Segmenter::shared().cut("以中国式现代化全面推进高质量发展");
        assert!(words.contains(&"中国式现代化"), "{words:?}");
        assert!(words.contains(&"高质量发展"), "{words:?}");
        assert_eq!(words.concat(), "以中国式现代化全面推进高质量发展");
    }

    #[test]
    fn user_words() {
        let plain = Segmenter::new().cut("意见征集平台上线");
        assert!(!plain.contains(&"意见征集平台"), "{plain:?}");
        let s = Segmenter::with_user_words(&["意见征集平台", " "]);
        assert!(s.cut("意见征集平台上线").contains(&"意见征集平台"));
        // The shared segmenter is not changed by a user's words.
        assert!(!Segmenter::shared()
            .cut("意见征集平台上线")
            .contains(&"意见征集平台"));
    }

    #[test]
    fn dossier_terms_stay_in_one_piece() {
        // A dossier's coined terms: a name and a phrase jieba does not know.
        let terms = ["两个毫不动摇", "意见征集平台", "张三丰"];
        let s = Segmenter::with_user_words(&terms);
        let text = "坚持两个毫不动摇，由张三丰负责意见征集平台。";
        let words = s.cut(text);
        for term in terms {
            assert!(words.contains(&term), "{term}: {words:?}");
            let at = text.find(term).unwrap_or(usize::MAX);
            assert!(
                s.cut_ranges(text).contains(&(at..at + term.len())),
                "{term}"
            );
            assert!(s.cut_for_search(text).contains(&term), "{term}");
        }
        assert_eq!(words.concat(), text);
        let mut added = Segmenter::new();
        added.add_word("两个毫不动摇");
        assert!(added.cut(text).contains(&"两个毫不动摇"));
        // Default-dictionary behaviour is unchanged for others.
        assert!(!Segmenter::new().cut(text).contains(&"两个毫不动摇"));
    }

    #[test]
    fn word_start_chars_are_char_offsets() {
        let mut out = Vec::new();
        Segmenter::shared().word_start_chars("坚持党的全面领导", 10, &mut out);
        assert!(out.windows(2).all(|w| w[0] < w[1]), "{out:?}");
        assert!(out.iter().all(|&c| c > 10 && c < 18), "{out:?}");
        assert!(out.contains(&12), "坚持 is a word: {out:?}");
    }

    #[test]
    fn search_mode_includes_sub_words() {
        let words = Segmenter::shared().cut_for_search("中华人民共和国");
        assert!(words.contains(&"中华"), "{words:?}");
        assert!(words.contains(&"中华人民共和国"), "{words:?}");
    }

    #[test]
    fn boundaries() {
        assert_eq!(word_boundaries(""), Vec::<usize>::new());
        let text = "坚持党的全面领导。abc 12";
        let b = word_boundaries(text);
        assert_eq!(b[0], 0);
        assert!(b.windows(2).all(|w| w[0] < w[1]));
        assert!(b
            .iter()
            .all(|&i| i < text.len() && text.is_char_boundary(i)));
        assert!(b.contains(&"坚持".len()));
        let ranges = Segmenter::shared().cut_ranges(text);
        assert_eq!(ranges.last().map(|r| r.end), Some(text.len()));
    }
}
