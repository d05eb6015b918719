//! Bytes → text. PLACEHOLDER: the text-engine work fills it in.
use crate::TextError;

/// Decode a file's bytes as text (UTF-8, with a BOM stripped; other encodings detected).
pub fn decode(bytes: &[u8]) -> Result<String, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    if bytes.contains(&0) {
        return Err(TextError::Binary);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes)
        .map(str::to_owned)
        .map_err(|e| TextError::NotUtf8 { offset: e.valid_up_to() })
}
