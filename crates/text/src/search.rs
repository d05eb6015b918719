//! Full-text search over Chinese text: the tokens an index stores, the terms a query asks
//! for, and the highlighted excerpt of a hit — all from one segmentation, so what the
//! database matched is what the excerpt marks.
//!
//! **Tokens.** A text is first normalized character for character ([`normalize`]: full-width
//! ASCII to half-width, the ideographic space to a space, lower case), so character offsets
//! are the same in the text and in its normal form. jieba cuts it into words in precise mode
//! (no HMM: see [`HMM`]); punctuation and spaces are dropped, a word mixing letters and
//! signs is split into its runs of letters and digits (WES-5.4.5 → wes 5 4 5). A Chinese word
//! is then **tiled** into pieces: from its start, the next two characters when they are a
//! dictionary word, else one character (服务体系 → 服务 体系, 中华人民共和国 → 中华 人民 共和
//! 国, 个人所得税 → 个人 所得 税). The index stores these pieces, numbered 1, 2, … in order.
//!
//! Why tiles and not jieba's words with its search-mode sub-words: the same characters are
//! cut into different words in different contexts (养老服务 alone → 养老 服务, but in
//! 养老服务体系 → 养老 服务体系), so a phrase of words misses texts the reader would count;
//! sub-words stored beside the words have no place in a phrase. Tiles inside words are the
//! same wherever the word stands, so a phrase of tiles finds the characters whatever the
//! words around them — and, being inside jieba's words, does not find 民生 in 人民生活.
//! Runs longer than [`MAX_TOKEN_CHARS`] are not indexed.
//!
//! **Queries.** A query is split at white space and each part is cut and tiled the same way:
//! - one piece → [`Term::Word`]: a text with that piece matches (养老 finds 养老服务体系);
//! - several pieces → [`Term::Phrase`]: the pieces, consecutive (养老服务 → 养老 服务), so a
//!   topic phrase is found as typed and not as its words scattered over the text;
//! - one character (not ASCII) → [`Term::Char`]: the character anywhere in the text (a single
//!   Chinese character is rarely a word of its own — 民 is inside 民生), answered by a
//!   substring test; a single ASCII letter or digit is a word.
//!
//! All terms must match. What reaches a database's query language is only these tokens
//! (letters and digits), so quotes, `*`, `AND`, `(` in a query are separators or plain words,
//! never syntax.

use std::borrow::Cow;

use serde::Serialize;

use crate::diff::CharRange;
use crate::segment::Segmenter;

/// Whether jieba's HMM guesses words outside the dictionary. Off: the HMM guesses from the
/// context, so an unknown name can be cut one way in a query and another in a text; without
/// it an unknown word is single characters in both, and is found as a phrase. (Not for speed:
/// jieba cuts about as fast either way, see `benches/segment.rs`.)
/// From this many texts, [`Segmenter::relevance`] cuts them on two threads.
pub const PARALLEL_RELEVANCE: usize = 64;

pub const HMM: bool = false;

/// Longer runs of letters and digits (hashes, run-together URLs) are not indexed.
pub const MAX_TOKEN_CHARS: usize = 32;

/// The tokens of one text for a full-text index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexTokens {
    /// The pieces in order, separated by single spaces; the n-th is at position n (from 1).
    pub words: String,
    /// How many pieces `words` holds.
    pub count: u32,
}

impl IndexTokens {
    pub fn clear(&mut self) {
        self.words.clear();
        self.count = 0;
    }

    /// The pieces with their positions (1, 2, …).
    pub fn positions(&self) -> impl Iterator<Item = (u32, &str)> {
        self.words
            .split_ascii_whitespace()
            .zip(1u32..)
            .map(|(w, p)| (p, w))
    }
}

/// What a query asks for; every term of a query must match.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Term {
    /// One piece (a word, or a tile of a longer word) of the text.
    Word(String),
    /// Pieces that follow each other in the text.
    Phrase(Vec<String>),
    /// One character anywhere in the text (after [`normalize`]).
    Char(char),
}

/// A stretch of a hit's text around what matched, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// The stretch of the original text (not normalized).
    pub text: String,
    /// The marked stretches of `text`, in character offsets, sorted, not overlapping.
    pub marks: Vec<CharRange>,
    /// Text was left out before / after the stretch.
    pub cut_before: bool,
    pub cut_after: bool,
}

impl Excerpt {
    /// The excerpt as pieces of text, each marked or not, in order (for templates that
    /// escape each piece).
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let bytes: Vec<usize> = self
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(self.text.len()))
            .collect();
        let at = |c: usize| bytes[c.min(bytes.len() - 1)];
        let mut out = Vec::new();
        let mut done = 0;
        for m in &self.marks {
            if m.start > done {
                out.push((&self.text[at(done)..at(m.start)], false));
            }
            out.push((&self.text[at(m.start)..at(m.end)], true));
            done = m.end;
        }
        if at(done) < self.text.len() {
            out.push((&self.text[at(done)..], false));
        }
        out
    }
}

/// The normal form of a text for search: full-width ASCII (Ａ, ２, ％) to half-width, the
/// ideographic space to a space, letters to lower case — always one character for one, so
/// character offsets into the normal form are offsets into the text.
pub fn normalize(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| fold(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(fold).collect())
    }
}

fn fold(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        _ if c.is_ascii() => c,
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => {
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |h| h.to_ascii_lowercase())
        }
        _ if c.is_uppercase() => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        }
        _ => c,
    }
}

/// One piece of a normalized text.
#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    /// Character offsets in the text.
    start: usize,
    end: usize,
}

impl Segmenter {
    /// Walk the pieces of an already normalized text, in order.
    fn walk<'a>(&self, norm: &'a str, mut f: impl FnMut(Tok<'a>)) {
        for t in self.tokens(norm, HMM) {
            let word = t.word;
            if word.chars().all(char::is_alphanumeric) {
                // Most words: one run of letters and digits.
                self.run(word, t.start, t.end - t.start, &mut f);
                continue;
            }
            // Runs of letters and digits inside the word (WES-5.4.5 → wes 5 4 5).
            let mut run: Option<(usize, usize)> = None; // (byte, char) where the run starts
            let ends = std::iter::once((word.len(), ' '));
            for (at_char, (b, c)) in (t.start..).zip(word.char_indices().chain(ends)) {
                if c.is_alphanumeric() {
                    run.get_or_insert((b, at_char));
                } else if let Some((rb, rc)) = run.take() {
                    self.run(&word[rb..b], rc, at_char - rc, &mut f);
                }
            }
        }
    }

    /// One run of letters and digits starting at character `start`, of `chars` characters:
    /// whole if it is ASCII or at most two characters, else tiled.
    fn run<'a>(&self, run: &'a str, start: usize, chars: usize, f: &mut impl FnMut(Tok<'a>)) {
        if chars > MAX_TOKEN_CHARS {
            return;
        }
        if chars <= 2 || run.is_ascii() {
            f(Tok {
                text: run,
                start,
                end: start + chars,
            });
            return;
        }
        let mut rest = run;
        let mut at = start;
        while !rest.is_empty() {
            let mut it = rest.char_indices();
            let one = it.nth(1).map_or(rest.len(), |(b, _)| b);
            let two = it.next().map_or(rest.len(), |(b, _)| b);
            let (len, n) = if two > one && self.has_word(&rest[..two]) {
                (two, 2)
            } else {
                (one, 1)
            };
            f(Tok {
                text: &rest[..len],
                start: at,
                end: at + n,
            });
            rest = &rest[len..];
            at += n;
        }
    }

    /// The index tokens of `text`, into `out` (cleared first; reuse it across texts).
    pub fn index_tokens(&self, text: &str, out: &mut IndexTokens) {
        out.clear();
        let norm = normalize(text);
        self.walk(&norm, |t| {
            if !out.words.is_empty() {
                out.words.push(' ');
            }
            out.words.push_str(t.text);
            out.count += 1;
        });
    }

    /// The terms of a query, in the order typed, without repeats. Empty when the query has
    /// nothing to search for (only spaces and punctuation).
    pub fn parse_query(&self, query: &str) -> Vec<Term> {
        let norm = normalize(query);
        let mut terms: Vec<Term> = Vec::new();
        for part in norm.split_whitespace() {
            let mut words: Vec<Tok> = Vec::new();
            self.walk(part, |t| words.push(t));
            let term = match words.as_slice() {
                [] => continue,
                [one] if one.end - one.start == 1 && !one.text.is_ascii() => {
                    match one.text.chars().next() {
                        Some(c) => Term::Char(c),
                        None => continue,
                    }
                }
                [one] => Term::Word(one.text.to_string()),
                many => Term::Phrase(many.iter().map(|t| t.text.to_string()).collect()),
            };
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        terms
    }

    /// Where the terms match in `text`: character ranges, sorted, merged where they touch.
    pub fn match_ranges(&self, text: &str, terms: &[Term]) -> Vec<CharRange> {
        self.matches(text, terms).1
    }

    /// Whether every term matches `text` (what the index answers, computed from the text).
    pub fn matches_all(&self, text: &str, terms: &[Term]) -> bool {
        !terms.is_empty() && self.matches(text, terms).0.iter().all(|&m| m)
    }

    /// For each term whether it matched, and the merged ranges of all matches.
    fn matches(&self, text: &str, terms: &[Term]) -> (Vec<bool>, Vec<CharRange>) {
        let (counts, ranges, _) = self.occurrences(text, terms);
        (counts.iter().map(|&n| n > 0).collect(), ranges)
    }

    /// For each term how often it matches, the merged ranges of all matches, and how many
    /// pieces the text has.
    fn occurrences(&self, text: &str, terms: &[Term]) -> (Vec<usize>, Vec<CharRange>, usize) {
        let norm = normalize(text);
        let mut words: Vec<Tok> = Vec::new();
        self.walk(&norm, |t| words.push(t));
        let mut ranges: Vec<CharRange> = Vec::new();
        let mut counts = vec![0; terms.len()];
        for (term, count) in terms.iter().zip(counts.iter_mut()) {
            let before = ranges.len();
            match term {
                Term::Word(w) => {
                    ranges.extend(words.iter().filter(|t| t.text == w).map(|t| CharRange {
                        start: t.start,
                        end: t.end,
                    }))
                }
                Term::Phrase(ws) if !ws.is_empty() && ws.len() <= words.len() => {
                    for window in words.windows(ws.len()) {
                        if window.iter().zip(ws).all(|(t, w)| t.text == w) {
                            ranges.push(CharRange {
                                start: window[0].start,
                                end: window[ws.len() - 1].end,
                            });
                        }
                    }
                }
                Term::Phrase(_) => {}
                Term::Char(c) => ranges.extend(
                    norm.chars()
                        .enumerate()
                        .filter(|(_, x)| x == c)
                        .map(|(i, _)| CharRange {
                            start: i,
                            end: i + 1,
                        }),
                ),
            }
            *count = ranges.len() - before;
        }
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<CharRange> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        (counts, merged, words.len())
    }

    /// How well each text matches the terms, higher is better (on two threads from
    /// [`PARALLEL_RELEVANCE`] texts): BM25's term-frequency part
    /// (k1 = 1.2, b = 0.75, lengths in pieces, against the mean length of these texts) summed
    /// over the terms, all weighing the same. The texts are those that matched every term,
    /// so a term's rarity, which BM25 would add, is the same for each of them; it would cost
    /// a walk over every text holding the term, which is what the search avoids.
    pub fn relevance(&self, texts: &[&str], terms: &[Term]) -> Vec<f64> {
        const K1: f64 = 1.2;
        const B: f64 = 0.75;
        // Cutting the texts is the cost (up to the ranking threshold of them, hundreds): two
        // threads share it when there are enough; the scores do not depend on it.
        let count = |part: &[&str]| -> Vec<(Vec<usize>, usize)> {
            part.iter()
                .map(|t| {
                    let (counts, _, len) = self.occurrences(t, terms);
                    (counts, len)
                })
                .collect()
        };
        let counted: Vec<(Vec<usize>, usize)> = if texts.len() >= PARALLEL_RELEVANCE {
            let (a, b) = texts.split_at(texts.len() / 2);
            std::thread::scope(|s| {
                let second = s.spawn(|| count(b));
                let mut first = count(a);
                first.extend(second.join().expect("relevance thread"));
                first
            })
        } else {
            count(texts)
        };
        let mean = counted.iter().map(|c| c.1 as f64).sum::<f64>() / texts.len().max(1) as f64;
        counted
            .iter()
            .map(|(counts, len)| {
                let norm = 1.0 - B + B * (*len as f64) / mean.max(1.0);
                counts
                    .iter()
                    .map(|&tf| {
                        let tf = tf as f64;
                        tf * (K1 + 1.0) / (tf + K1 * norm)
                    })
                    .sum()
            })
            .collect()
    }

    /// An excerpt of at most `width` characters of `text` around its first match, with the
    /// matches marked. A text of `width` characters or fewer is given whole.
    pub fn excerpt(&self, text: &str, terms: &[Term], width: usize) -> Excerpt {
        let marks = self.match_ranges(text, terms);
        let len = text.chars().count();
        let width = width.max(1);
        let (start, end) = if len <= width {
            (0, len)
        } else {
            // A little context before the first match, then as much after as fits.
            let first = marks.first().map_or(0, |m| m.start);
            let start = first.saturating_sub(width / 5).min(len - width);
            (start, start + width)
        };
        let text: String = text.chars().skip(start).take(end - start).collect();
        let marks = marks
            .into_iter()
            .filter(|m| m.end > start && m.start < end)
            .map(|m| CharRange {
                start: m.start.max(start) - start,
                end: m.end.min(end) - start,
            })
            .collect();
        Excerpt {
            text,
            marks,
            cut_before: start > 0,
            cut_after: end < len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> &'static Segmenter {
        Segmenter::shared()
    }

    fn tokens(text: &str) -> IndexTokens {
        let mut out = IndexTokens::default();
        seg().index_tokens(text, &mut out);
        out
    }

    #[test]
    fn normal_form_keeps_offsets() {
        assert_eq!(normalize("建议ＧＤＰ增长５％　Abc"), "建议gdp增长5% abc");
        assert!(matches!(normalize("完全中文的句子"), Cow::Borrowed(_)));
        let text = "ÄＢ中Ｃ";
        assert_eq!(normalize(text).chars().count(), text.chars().count());
    }

    #[test]
    fn pieces_drop_punctuation_and_number_in_order() {
        let t = tokens("加强养老服务，提高医疗保障水平。");
        assert!(!t.words.contains('，') && !t.words.contains('。'), "{t:?}");
        let words: Vec<&str> = t.words.split(' ').collect();
        assert_eq!(words.len() as u32, t.count);
        assert!(words.contains(&"养老"), "{words:?}");
        assert_eq!(t.positions().last().map(|(p, _)| p), Some(t.count));
        assert_eq!(tokens("，。").count, 0);
    }

    #[test]
    fn long_words_are_tiled() {
        assert_eq!(tokens("中华人民共和国成立").words, "中华 人民 共和 国 成立");
        assert_eq!(tokens("养老服务体系").words, "养老 服务 体系");
        assert_eq!(tokens("个人所得税").words, "个人 所得 税");
        // Inside jieba's words only: 民生 is not found in 人民生活.
        assert!(!tokens("人民生活").words.contains("民生"));
    }

    #[test]
    fn mixed_words_split_into_runs() {
        let t = tokens("推广WES-5.4.5标准，ＧＤＰ增长");
        let words: Vec<&str> = t.words.split(' ').collect();
        assert!(
            words.contains(&"wes") && words.contains(&"gdp"),
            "{words:?}"
        );
        assert!(t.words.chars().all(|c| c == ' ' || c.is_alphanumeric()));
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        assert!(!tokens(&format!("{long} 中文")).words.contains(&long));
    }

    #[test]
    fn query_terms() {
        let s = seg();
        assert_eq!(s.parse_query("养老"), vec![Term::Word("养老".into())]);
        assert_eq!(s.parse_query("民"), vec![Term::Char('民')]);
        assert_eq!(s.parse_query("５"), vec![Term::Word("5".into())]);
        assert_eq!(
            s.parse_query("养老服务"),
            vec![Term::Phrase(vec!["养老".into(), "服务".into()])]
        );
        assert_eq!(s.parse_query("养老 养老  ").len(), 1);
        assert!(s.parse_query(" ，。！ \"*() ").is_empty());
        // Syntax of query languages is only separators or words.
        let terms = s.parse_query("\"养老\" AND (医疗*) OR");
        for t in &terms {
            let words = match t {
                Term::Word(w) => vec![w.clone()],
                Term::Phrase(ws) => ws.clone(),
                Term::Char(c) => vec![c.to_string()],
            };
            assert!(
                words.iter().all(|w| w.chars().all(char::is_alphanumeric)),
                "{terms:?}"
            );
        }
        assert!(terms.contains(&Term::Word("and".into())), "{terms:?}");
    }

    #[test]
    fn matches_and_highlights() {
        let s = seg();
        let text = "建议加强养老服务体系建设，养老机构要提高服务质量。";
        let terms = s.parse_query("养老服务");
        assert_eq!(
            terms,
            vec![Term::Phrase(vec!["养老".into(), "服务".into()])]
        );
        assert!(s.matches_all(text, &terms));
        let marks = s.match_ranges(text, &terms);
        assert_eq!(marks, vec![CharRange { start: 4, end: 8 }]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[4..8].iter().collect::<String>(), "养老服务");
        // A word matches everywhere it stands; one character matches inside words.
        let marks = s.match_ranges(text, &s.parse_query("养老"));
        assert_eq!(marks.len(), 2, "{marks:?}");
        assert_eq!(s.match_ranges("保障民生", &[Term::Char('民')]).len(), 1);
        assert!(!s.matches_all(text, &s.parse_query("养老 医疗")));
        assert!(!s.matches_all(text, &[]));
    }

    #[test]
    fn relevance_prefers_more_and_denser_matches() {
        let s = seg();
        let terms = s.parse_query("养老");
        let texts = [
            "养老服务要加强，养老机构要规范，养老金要提高。",
            "我们建议在今后五年里逐步改善城乡居民的养老条件和其他各方面的生活状况。",
            "养老。",
        ];
        let scores = s.relevance(&texts, &terms);
        assert!(scores[0] > scores[1], "{scores:?}");
        assert!(
            scores[2] > scores[1],
            "a short text all about it: {scores:?}"
        );
        assert!(s.relevance(&[], &terms).is_empty());
        // Many texts are scored on two threads: each text's score in its place (193 texts,
        // cut in two at 96: a half out of place would break the period of 3).
        let many: Vec<&str> = (0..3 * PARALLEL_RELEVANCE + 1)
            .map(|i| texts[i % texts.len()])
            .collect();
        let together = s.relevance(&many, &terms);
        assert_eq!(together.len(), many.len());
        for (i, score) in together.iter().enumerate() {
            assert_eq!(*score, together[i % texts.len()], "text {i}");
        }
        assert!(together[0] > together[1] && together[2] > together[1]);
    }

    #[test]
    fn excerpt_marks_inside_the_window() {
        let s = seg();
        let text = format!("{}提高养老金水平{}", "前".repeat(100), "后".repeat(100));
        let e = s.excerpt(&text, &s.parse_query("养老金"), 40);
        assert_eq!(e.text.chars().count(), 40);
        assert!(e.cut_before && e.cut_after);
        let pieces = e.pieces();
        let marked: Vec<&str> = pieces.iter().filter(|p| p.1).map(|p| p.0).collect();
        assert_eq!(marked, vec!["养老金"], "{e:?}");
        assert_eq!(pieces.iter().map(|p| p.0).collect::<String>(), e.text);
        let short = s.excerpt("养老", &s.parse_query("养老"), 40);
        assert_eq!(short.text, "养老");
        assert!(!short.cut_before && !short.cut_after);
        assert_eq!(short.pieces(), vec![("养老", true)]);
    }
}
