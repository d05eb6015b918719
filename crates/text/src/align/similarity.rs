//! Cheap paragraph similarity: the Dice coefficient over sets of character bigrams.
//!
//! Chinese has no spaces, so words are not a reliable unit here; character bigrams are robust
//! to segmentation and cost one pass over the text. A start and an end marker make one- and
//! two-character headings comparable too.

/// A character bigram packed into one 32-bit integer: two UTF-16-sized units. Characters
/// outside the Basic Multilingual Plane (rare in drafts) are folded into the surrogate range,
/// which no `char` occupies, so they can only collide with each other — harmless for a
/// similarity estimate — and 32-bit keys sort faster than 64-bit ones.
pub(crate) type Bigram = u32;

/// Marks the start and the end of a paragraph: a surrogate code no character maps to.
const EDGE: u32 = 0xDFFF;

/// A character as a 16-bit unit (BMP as is; others folded into 0xD800..=0xDFFE).
fn unit(c: char) -> u32 {
    let c = u32::from(c);
    if c <= 0xFFFF {
        c
    } else {
        0xD800 + c % 0x7FF
    }
}

/// The sorted, de-duplicated set of character bigrams of `text`, with edge markers.
pub(crate) fn bigrams(text: &str) -> Vec<Bigram> {
    let mut out = Vec::with_capacity(text.len() / 3 + 2);
    let mut prev = EDGE;
    for c in text.chars() {
        let c = unit(c);
        out.push((prev << 16) | c);
        prev = c;
    }
    out.push((prev << 16) | EDGE);
    out.sort_unstable();
    out.dedup();
    out
}

/// Size of the intersection of two sorted sets.
pub(crate) fn intersection(a: &[Bigram], b: &[Bigram]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The union of several sorted sets, sorted and de-duplicated.
pub(crate) fn union(sets: &[&[Bigram]]) -> Vec<Bigram> {
    let mut out: Vec<Bigram> = sets.iter().flat_map(|s| s.iter().copied()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Dice coefficient from an intersection size and the two set sizes (0 when both are empty).
pub(crate) fn dice(inter: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        0.0
    } else {
        2.0 * inter as f64 / (a + b) as f64
    }
}

/// Dice coefficient of two texts (test and diagnostics helper).
#[cfg(test)]
pub(crate) fn text_dice(a: &str, b: &str) -> f64 {
    let (x, y) = (bigrams(a), bigrams(b));
    dice(intersection(&x, &y), x.len(), y.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        assert!((text_dice("推进高质量发展", "推进高质量发展") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn unrelated_headings_score_zero() {
        assert_eq!(text_dice("一、总体要求", "二、主要任务"), 0.0);
    }

    #[test]
    fn renumbered_heading_is_similar() {
        assert!(text_dice("一、总体要求", "二、总体要求") > 0.6);
    }

    #[test]
    fn empty_text_has_an_edge_bigram() {
        assert_eq!(bigrams("").len(), 1);
        assert_eq!(text_dice("", ""), 1.0);
    }

    #[test]
    fn characters_beyond_the_bmp_count() {
        assert_eq!(bigrams("\u{20000}\u{20001}").len(), 3);
        assert!(text_dice("𠀀甲", "𠀀甲") > 0.99);
        assert!(text_dice("甲\u{20000}", "甲\u{FFFF}") < 0.99);
    }

    #[test]
    fn union_and_intersection() {
        let a = bigrams("发展");
        let b = bigrams("展开");
        let u = union(&[&a, &b]);
        assert_eq!(intersection(&u, &a), a.len());
        assert_eq!(intersection(&u, &b), b.len());
    }
}
