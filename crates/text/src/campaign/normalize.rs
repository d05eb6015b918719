//! Normalisation for duplicate detection, and the exact-duplicate key.
//!
//! [`normalize`]: NFKC (full-width letters, digits and punctuation become their half-width
//! forms, compatibility characters their canonical ones), then only letters and digits are kept
//! (`char::is_alphanumeric`: CJK ideographs, 〇, 々, Latin, digits — punctuation of every script,
//! symbols, emoji and all white space go), ASCII letters lower-cased. Two comments that differ
//! only in width, punctuation or spacing normalise to the same text.
//!
//! [`exact_key`]: the first 128 bits of SHA-256 of the normalised text's UTF-8 — a standard
//! hash, so keys stored in a database stay valid across builds and crate upgrades.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

/// CJK Unified Ideographs (U+4E00–U+9FFF) are NFKC-stable starters that never compose with
/// their neighbours: they are copied as they are, and only the runs between them are normalised.
fn is_plain_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

fn keep(c: char, out: &mut String) {
    if c.is_alphanumeric() {
        out.push(c.to_ascii_lowercase());
    }
}

/// Writes the normalised form of `text` into `out` (cleared first).
pub fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let mut run_start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_plain_ideograph(c) {
            if let Some(s) = run_start.take() {
                text[s..i].nfkc().for_each(|c| keep(c, out));
            }
            out.push(c);
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    if let Some(s) = run_start {
        text[s..].nfkc().for_each(|c| keep(c, out));
    }
}

/// The normalised form of `text` (see the module doc).
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// The exact-duplicate key of an already normalised text: SHA-256, first 16 bytes, big-endian.
pub fn exact_key(normalized: &str) -> u128 {
    let digest = Sha256::digest(normalized.as_bytes());
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    u128::from_be_bytes(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_punctuation_and_space_vanish() {
        let a = "建议将第十二条修改为：“乡镇（街道）应当建立权责清单。”ＡＢＣ１２３";
        let b = "建议将第十二条修改为: \"乡镇(街道)应当建立权责清单.\" abc 123\n";
        let c = "建议将第十二条修改为乡镇街道应当建立权责清单abc123";
        assert_eq!(normalize(a), c);
        assert_eq!(normalize(b), c);
        assert_eq!(exact_key(&normalize(a)), exact_key(&normalize(b)));
    }

    #[test]
    fn cjk_punctuation_of_every_kind_goes() {
        assert_eq!(
            normalize("好！？。，、；：「」『』《》〈〉【】〔〕…—～·　"),
            "好"
        );
        assert_eq!(normalize("一〇〇号，人人々"), "一〇〇号人人々");
        assert_eq!(normalize("👍👍 同意!!"), "同意");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("。。。   "), "");
    }

    #[test]
    fn same_as_normalising_the_whole_string() {
        // Decomposed é next to ideographs, compatibility ideographs (U+F900 豈), circled digits.
        let samples = [
            "e\u{301}中文",
            "中e\u{301}文",
            "豈①中②",
            "Ⅻ条第ⅲ款",
            "ｶﾀｶﾅ中ﾃｽﾄ",
            "中\u{301}",
        ];
        for s in samples {
            let whole: String = s
                .nfkc()
                .filter(|c| c.is_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            assert_eq!(normalize(s), whole, "{s}");
        }
    }

    #[test]
    fn the_key_is_pinned() {
        // SHA-256("") = e3b0c442 98fc1c14 9afbf4c8 996fb924 …
        assert_eq!(exact_key(""), 0xe3b0c44298fc1c149afbf4c8996fb924);
        assert_ne!(exact_key("同意"), exact_key("不同意"));
    }
}
