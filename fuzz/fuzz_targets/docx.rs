//! .docx import from raw bytes: the zip container (corrupt archives, zip bombs, missing parts).
#![no_main]

use libfuzzer_sys::fuzz_target;
use yijian_text::structure::parse_file_bytes;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse_file_bytes("draft.docx", data) {
        let _ = doc.tree();
    }
});
