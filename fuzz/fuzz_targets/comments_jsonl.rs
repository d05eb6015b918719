//! Public comments from jsonl: the streaming reader over arbitrary bytes (encodings, broken
//! rows, oversized rows, unclosed quotes).
#![no_main]

#[path = "comments_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use yijian_text::comments::JsonlRows;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = JsonlRows::new(data) {
        common::drain(rows);
    }
});
