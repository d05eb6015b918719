//! Public comments from .xlsx: the zip container (truncated, corrupt, bombs), the workbook
//! parts, the shared strings and the streamed sheet.
#![no_main]

#[path = "comments_common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use yijian_text::comments::XlsxRows;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = XlsxRows::open(std::io::Cursor::new(data)) {
        common::drain(rows);
    }
});
