//! .docx import past the container: the input becomes `word/document.xml` (and, after the
//! first NUL byte, `word/styles.xml`) of a well-formed zip, so the XML readers get the
//! mutations instead of the zip parser rejecting them.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use yijian_text::docx::parse_docx;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

fn zip_of(entries: &[(&str, &[u8])]) -> Option<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in entries {
        zip.start_file(*name, stored).ok()?;
        zip.write_all(content).ok()?;
    }
    zip.finish().ok().map(Cursor::into_inner)
}

fuzz_target!(|data: &[u8]| {
    let (document, styles) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let mut entries: Vec<(&str, &[u8])> = vec![("word/document.xml", document)];
    if let Some(styles) = styles {
        entries.push(("word/styles.xml", styles));
    }
    if let Some(bytes) = zip_of(&entries) {
        if let Ok(doc) = parse_docx(&bytes) {
            assert!(doc.blocks.iter().all(|b| !b.text.trim().is_empty()));
            let _ = doc.tree();
        }
    }
});
