//! Markdown import: headings, lists, fences, quotes → structure.
#![no_main]

use libfuzzer_sys::fuzz_target;
use yijian_text::structure::{parse_file_bytes, parse_markdown};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(doc) = parse_markdown(&text) {
        assert!(!doc.blocks.is_empty());
        assert!(doc.blocks.iter().all(|b| !b.text.trim().is_empty()));
        let _ = doc.tree();
        let _ = doc.counts();
    }
    let _ = parse_file_bytes("draft.md", data);
});
