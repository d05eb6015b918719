//! Public comments from csv: the streaming reader over arbitrary bytes (encodings, broken
//! rows, oversized rows, unclosed quotes).
#![no_main]

#[path = "comments_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use yijian_text::comments::CsvRows;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = CsvRows::new(data) {
        common::drain(rows);
    }
});
