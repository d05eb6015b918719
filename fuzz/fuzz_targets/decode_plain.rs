//! Plain-text import: bytes → decoding (UTF-8, UTF-16, GB18030, Big5) → structure.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yijian_text::decode::decode;
use yijian_text::structure::{parse_file_bytes, parse_plain};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = decode(data) {
        assert!(!text.trim().is_empty());
        assert!(!text.contains('\r'));
        if let Ok(doc) = parse_plain(&text) {
            let _ = doc.tree();
            let _ = doc.outline();
            let _ = doc.counts();
        }
    }
    let _ = parse_file_bytes("draft.txt", data);
});
