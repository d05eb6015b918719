//! Bytes → text for imported files. Accepts UTF-8 (with or without BOM), UTF-16 with a BOM,
//! and the Chinese legacy encodings GB18030/GBK and Big5 (detected with chardetng); rejects
//! empty input, binary data and bytes that are valid in none of these, with an error that
//! says which. Line endings are normalised to LF.
//!
//! What is *not* detected: UTF-16 without a BOM (it contains NUL bytes, so it is reported as
//! binary) and single-byte Western encodings (reported as not UTF-8: a Chinese draft in
//! windows-1252 is a mistake, not something to guess around).

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{DecoderResult, Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};

use crate::TextError;

/// Decode a file's bytes as text.
pub fn decode(bytes: &[u8]) -> Result<String, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|e| TextError::NotUtf8 {
                offset: e.valid_up_to() + 3,
            })?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        Cow::Owned(decode_strict(UTF_16LE, rest, 2)?)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        Cow::Owned(decode_strict(UTF_16BE, rest, 2)?)
    } else {
        if looks_binary(bytes.iter().map(|&b| u32::from(b)), bytes.len()) {
            return Err(TextError::Binary);
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(e) => Cow::Owned(decode_legacy(bytes, e.valid_up_to())?),
        }
    };
    let chars = text.chars().count();
    if looks_binary(text.chars().map(u32::from), chars) {
        return Err(TextError::Binary);
    }
    let text = normalise_newlines(text.strip_prefix('\u{feff}').unwrap_or(&text));
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    Ok(text)
}

/// The encoding of a stream of rows (JSONL, CSV), judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEncoding {
    /// UTF-8, with or without a BOM: the encoding of JSON and of most exports.
    Utf8,
    /// A Chinese legacy encoding (GB18030 — a superset of GBK — or Big5): what Excel on a
    /// Chinese Windows writes as "CSV".
    Legacy(&'static Encoding),
}

impl StreamEncoding {
    /// The encoding's name for messages (`UTF-8`, `GB18030`, `Big5`).
    pub fn name(self) -> &'static str {
        match self {
            StreamEncoding::Utf8 => "UTF-8",
            StreamEncoding::Legacy(e) if e == GB18030 => "GB18030",
            StreamEncoding::Legacy(e) => e.name(),
        }
    }

    /// Decode one row's bytes strictly: `None` if they are not valid in this encoding.
    pub fn decode_row(self, bytes: &[u8]) -> Option<Cow<'_, str>> {
        match self {
            StreamEncoding::Utf8 => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
            StreamEncoding::Legacy(e) => {
                e.decode_without_bom_handling_and_without_replacement(bytes)
            }
        }
    }
}

/// Judge the encoding of a stream from its first bytes (`prefix`; `whole` when it is the
/// whole input). A UTF-8 BOM, or a prefix that is valid UTF-8 (up to a character cut at
/// its end), means UTF-8; otherwise the legacy encodings are tried as [`decode`] does (the
/// detector's guess, kept only if the text reads as Chinese). Bytes that fit neither are
/// taken as UTF-8, so that the rows holding them are refused one by one as "not UTF-8"
/// while the others go in. UTF-16 (a BOM) and binary data (NUL bytes) are errors: rows of
/// them cannot be split on ASCII newlines.
///
/// Splitting rows on `\n`, `,` and `"` before decoding is sound in every accepted encoding:
/// in GB18030 and Big5 the bytes below 0x80 that these use never occur inside a character.
pub fn sniff(prefix: &[u8], whole: bool) -> Result<StreamEncoding, TextError> {
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        return Ok(StreamEncoding::Utf8);
    }
    if prefix.starts_with(b"\xFF\xFE") || prefix.starts_with(b"\xFE\xFF") {
        return Err(TextError::Utf16Rows);
    }
    if prefix.contains(&0) {
        return Err(TextError::Binary);
    }
    // Judge whole lines only: a character cut at the end would count as an error.
    let head = if whole {
        prefix
    } else {
        match prefix.iter().rposition(|&b| b == b'\n') {
            Some(end) => &prefix[..end],
            None => prefix,
        }
    };
    // Mostly UTF-8 (a few broken rows in a UTF-8 file): UTF-8.
    let (mut valid, mut errors) = (0usize, 0usize);
    for chunk in head.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        errors += usize::from(!chunk.invalid().is_empty());
    }
    if errors == 0 || valid >= 4 * errors {
        return Ok(StreamEncoding::Utf8);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(head, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let candidates = if guess == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    };
    for encoding in candidates {
        // With replacement: a few broken rows must not hide the file's encoding.
        let (text, _) = encoding.decode_without_bom_handling(head);
        let broken = text.chars().filter(|&c| c == '\u{FFFD}').count();
        let clean: String = text.chars().filter(|&c| c != '\u{FFFD}').collect();
        if plausible(&clean) && cjk_count(&clean) >= 4 * broken {
            return Ok(StreamEncoding::Legacy(encoding));
        }
    }
    Ok(StreamEncoding::Utf8)
}

/// NUL, or more than 2 % control characters (other than tab, newlines, form feed): binary.
fn looks_binary(units: impl Iterator<Item = u32>, len: usize) -> bool {
    let mut control = 0usize;
    for u in units {
        if u == 0 {
            return true;
        }
        if (u < 0x20 && !matches!(u, 0x09 | 0x0A | 0x0C | 0x0D)) || u == 0x7F {
            control += 1;
        }
    }
    control >= 2 && control * 50 > len
}

/// Not UTF-8: try the Chinese legacy encodings, the one chardetng guesses first, and keep
/// the first whose text is plausible Chinese ([`plausible`]): GB18030 decodes almost any
/// byte string, so "it decodes" alone proves nothing. No top-level-domain hint is given to
/// the detector: a ".cn" hint makes it read Big5 as GBK.
///
/// When nothing fits, the error names the guessed encoding only if the bytes before the bad
/// one already read as Chinese in it (a GBK file with one broken byte); otherwise the input
/// is reported as not UTF-8, which is what most such files are.
fn decode_legacy(bytes: &[u8], utf8_valid_up_to: usize) -> Result<String, TextError> {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, Utf8Detection::Deny);
    let candidates = if guess == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    };
    let mut first_error = None;
    for encoding in candidates {
        match decode_strict(encoding, bytes, 0) {
            Ok(text) if plausible(&text) => return Ok(text),
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(TextError::Undecodable { encoding, offset })
            if (encoding == candidates[0].name())
                && bytes
                    .get(..offset)
                    .and_then(|head| decode_strict(candidates[0], head, 0).ok())
                    .is_some_and(|head| cjk_count(&head) >= MIN_CJK_BEFORE_ERROR) =>
        {
            Err(TextError::Undecodable { encoding, offset })
        }
        _ => Err(TextError::NotUtf8 {
            offset: utf8_valid_up_to,
        }),
    }
}

/// Ideographs a legacy-decoded prefix must hold before a later bad byte is blamed on the
/// legacy encoding rather than on the file not being UTF-8.
const MIN_CJK_BEFORE_ERROR: usize = 4;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

fn cjk_count(text: &str) -> usize {
    text.chars().filter(|&c| is_cjk(c)).count()
}

/// Plausible Chinese: at least half of the non-ASCII characters are CJK ideographs or CJK
/// punctuation, and (almost) none is in the Private Use Area — the mark of Big5 read as GBK
/// or the reverse.
fn plausible(text: &str) -> bool {
    let (mut cjk, mut private, mut other) = (0usize, 0usize, 0usize);
    for c in text.chars().filter(|c| !c.is_ascii()) {
        if is_cjk(c) {
            cjk += 1;
        } else if ('\u{E000}'..='\u{F8FF}').contains(&c) {
            private += 1;
        } else {
            other += 1;
        }
    }
    cjk > 0 && cjk >= other + private && private * 100 <= cjk
}

/// Decode without replacement characters; `base` is added to the reported offset (BOM length).
fn decode_strict(
    encoding: &'static Encoding,
    bytes: &[u8],
    base: usize,
) -> Result<String, TextError> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| TextError::Undecodable {
            encoding: encoding.name().to_string(),
            offset: base,
        })?;
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, extra) => Err(TextError::Undecodable {
            encoding: encoding.name().to_string(),
            offset: base + read.saturating_sub(usize::from(bad) + usize::from(extra)),
        }),
        DecoderResult::OutputFull => Err(TextError::Undecodable {
            encoding: encoding.name().to_string(),
            offset: base + read,
        }),
    }
}

/// CRLF and lone CR → LF.
fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::GBK;

    const SAMPLE: &str = "关于进一步全面深化改革的决定\r\n第一部分　总体要求\r\n坚持党的全面领导。";

    #[test]
    fn utf8_with_and_without_bom() {
        let expected = SAMPLE.replace("\r\n", "\n");
        assert_eq!(decode(SAMPLE.as_bytes()).unwrap(), expected);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap(), expected);
        assert_eq!(decode(b"a\rb\r\nc").unwrap(), "a\nb\nc");
    }

    #[test]
    fn utf16_with_bom() {
        let expected = SAMPLE.replace("\r\n", "\n");
        let mut le = vec![0xFF, 0xFE];
        le.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap(), expected);
        let mut be = vec![0xFE, 0xFF];
        be.extend(SAMPLE.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), expected);
        // An odd trailing byte is malformed UTF-16.
        le.push(0x41);
        assert!(matches!(decode(&le), Err(TextError::Undecodable { .. })));
    }

    #[test]
    fn gbk_and_gb18030() {
        let (bytes, _, bad) = GBK.encode(SAMPLE);
        assert!(!bad);
        assert_eq!(decode(&bytes).unwrap(), SAMPLE.replace("\r\n", "\n"));
        let short = GBK.encode("第一条").0;
        assert_eq!(decode(&short).unwrap(), "第一条");
    }

    #[test]
    fn big5() {
        let text = "關於進一步全面深化改革的決定，堅持黨的全面領導。";
        let bytes = BIG5.encode(text).0;
        assert_eq!(decode(&bytes).unwrap(), text);
    }

    #[test]
    fn errors() {
        assert_eq!(decode(b""), Err(TextError::Empty));
        assert_eq!(decode(b" \r\n "), Err(TextError::Empty));
        assert_eq!(decode(b"PK\x03\x04\x00\x00"), Err(TextError::Binary));
        assert_eq!(decode(b"\x01\x02\x03\x04abc"), Err(TextError::Binary));
        assert_eq!(
            decode(b"abc \x80\xFF\x80 def"),
            Err(TextError::NotUtf8 { offset: 4 })
        );
        assert!(matches!(
            decode(b"\xEF\xBB\xBFab\xFF"),
            Err(TextError::NotUtf8 { offset: 5 })
        ));
        // A GBK file with one broken byte after some Chinese: blame GB18030, not UTF-8.
        let mut gbk = GBK.encode("关于进一步全面深化改革").0.into_owned();
        let at = gbk.len();
        gbk.extend_from_slice(b"\xFF\xFF");
        assert_eq!(
            decode(&gbk),
            Err(TextError::Undecodable {
                encoding: "gb18030".into(),
                offset: at
            })
        );
    }

    #[test]
    fn sniffs_streams() {
        let gbk = GBK
            .encode("id,text\n1,关于进一步全面深化改革的决定\n2,坚持党的全面领导\n")
            .0;
        assert_eq!(sniff(&gbk, true), Ok(StreamEncoding::Legacy(GB18030)));
        // Cut inside a character at the end of the prefix: still judged on whole lines.
        let cut = &gbk[..gbk.len() - 2];
        assert_eq!(sniff(cut, false), Ok(StreamEncoding::Legacy(GB18030)));
        let utf8 = "id,text\n1,关于".as_bytes();
        assert_eq!(
            sniff(&utf8[..utf8.len() - 1], false),
            Ok(StreamEncoding::Utf8)
        );
        assert_eq!(sniff(b"\xEF\xBB\xBFid", true), Ok(StreamEncoding::Utf8));
        assert_eq!(sniff(b"\xFF\xFEi\0d\0", true), Err(TextError::Utf16Rows));
        assert_eq!(sniff(b"PK\x03\x04\0\0", true), Err(TextError::Binary));
        // Neither UTF-8 nor Chinese: UTF-8, so the bad rows are refused one by one.
        assert_eq!(
            sniff(b"id,text\n1,caf\xE9\n", true),
            Ok(StreamEncoding::Utf8)
        );
        // A UTF-8 file with a broken row, a GBK file with a broken row: each keeps its own.
        let mut utf8 = "id,text\n1,关于进一步全面深化改革的决定\n2,"
            .as_bytes()
            .to_vec();
        utf8.extend_from_slice(b"\xFF\n");
        assert_eq!(sniff(&utf8, true), Ok(StreamEncoding::Utf8));
        let mut gbk = GBK
            .encode("id,text\n1,关于进一步全面深化改革的决定\n2,")
            .0
            .into_owned();
        gbk.extend_from_slice(b"\x81\x20\n");
        assert_eq!(sniff(&gbk, true), Ok(StreamEncoding::Legacy(GB18030)));
        assert_eq!(
            StreamEncoding::Legacy(GB18030).decode_row(&GBK.encode("意见").0),
            Some(Cow::Owned("意见".into()))
        );
        assert_eq!(StreamEncoding::Utf8.decode_row(b"\xFF"), None);
    }

    #[test]
    fn plausibility() {
        assert!(plausible("关于进一步全面深化改革"));
        assert!(!plausible("闽\u{e804}秈\u{e5e6}˙\u{e784}"));
        assert!(!plausible("Ã©tÃ©"));
    }
}
