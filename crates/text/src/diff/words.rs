//! Word boundaries around a changed region, for snapping regions to whole words.
//!
//! Only the clauses that contain the region are segmented, not the whole paragraph: jieba
//! never joins characters across punctuation or spaces (it cuts the input into runs of Han
//! characters and ASCII letters/digits first), so segmenting the enclosing clauses gives the
//! same boundaries as segmenting the paragraph, at a fraction of the cost.

use crate::segment::Segmenter;

/// Clauses longer than this are not segmented whole; a window around the region is used
/// instead (an approximation, for pathological paragraphs without punctuation).
const MAX_WINDOW: usize = 240;
/// Context kept on each side of the region when the clause is too long.
const WINDOW_CONTEXT: usize = 24;

/// A character jieba never puts inside a word: anything but Han characters and ASCII letters
/// and digits.
fn is_hard_break(c: char) -> bool {
    !(c.is_ascii_alphanumeric()
        || ('\u{4E00}'..='\u{9FFF}').contains(&c)
        || ('\u{3400}'..='\u{4DBF}').contains(&c))
}

/// Sorted char offsets (absolute in `text`) where words start, covering at least the clauses
/// around `start..end`, plus the window's two ends.
pub(crate) fn boundaries_around(text: &[char], start: usize, end: usize) -> Vec<usize> {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let mut ws = start;
    while ws > 0 && !is_hard_break(text[ws - 1]) {
        ws -= 1;
    }
    let mut we = end;
    while we < text.len() && !is_hard_break(text[we]) {
        we += 1;
    }
    if we - ws > MAX_WINDOW {
        ws = ws.max(start.saturating_sub(WINDOW_CONTEXT));
        we = we.min(end.saturating_add(WINDOW_CONTEXT)).min(text.len());
    }
    let window: String = text[ws..we].iter().collect();
    let mut out = Vec::with_capacity(we - ws + 2);
    out.push(ws);
    Segmenter::shared().word_start_chars(&window, ws, &mut out);
    out.push(we);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn words_of_a_clause() {
        let t = chars("推动发展成果更多更公平惠及全体人民，坚持共同富裕");
        let b = boundaries_around(&t, 7, 8);
        // The clause ends at the comma (index 17); the next clause is not segmented.
        assert_eq!(b.last().copied(), Some(17));
        assert!(b.contains(&2), "发展 starts a word: {b:?}");
        assert!(!b.contains(&3), "展 is inside 发展: {b:?}");
    }

    #[test]
    fn edges_and_empty_text() {
        assert_eq!(boundaries_around(&[], 0, 0), vec![0]);
        let t = chars("，。");
        assert_eq!(boundaries_around(&t, 1, 1), vec![1]);
        assert_eq!(boundaries_around(&t, 5, 9), vec![2]);
    }
}
