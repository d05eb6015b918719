//! Parsers that turn command-line strings into domain values, with the domain's messages.

use std::path::Path;

use anyhow::Context;
use yijian_app::ParagraphRef;
use yijian_core::ids::ParagraphId;
use yijian_core::model::Code;
use yijian_core::time::{Date, Instant};

/// A stable code of a domain enum (`region`, `adopted`, …).
pub fn code<T: Code>(text: &str) -> Result<T, String> {
    T::parse(text).map_err(|e| e.to_string())
}

pub fn date(text: &str) -> Result<Date, String> {
    Date::parse(text).map_err(|e| e.to_string())
}

pub fn instant(text: &str) -> Result<Instant, String> {
    Instant::parse(text).map_err(|e| e.to_string())
}

/// `START..END`: a character span inside a paragraph, 0-based, end exclusive.
pub fn span(text: &str) -> Result<(u32, u32), String> {
    let bad = || format!("invalid span {text:?}: expected START..END, e.g. 3..10");
    let (a, b) = text.split_once("..").ok_or_else(bad)?;
    let (a, b) = (
        a.trim().parse().map_err(|_| bad())?,
        b.trim().parse().map_err(|_| bad())?,
    );
    if a >= b {
        return Err(format!(
            "invalid span {text:?}: the start must be before the end"
        ));
    }
    Ok((a, b))
}

/// A paragraph given by number (`12`) or by stable id (`id:345`).
pub fn paragraph(text: &str) -> Result<ParagraphRef, String> {
    let bad = || format!("invalid paragraph {text:?}: give its number (12) or its id (id:345)");
    if let Some(id) = text.strip_prefix("id:") {
        return Ok(ParagraphRef::Id(ParagraphId(
            id.parse().map_err(|_| bad())?,
        )));
    }
    let n: u32 = text.parse().map_err(|_| bad())?;
    if n == 0 {
        return Err(bad());
    }
    Ok(ParagraphRef::Number(n))
}

/// The bytes of a file, with the path in any error.
pub fn read_file(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// A file name for format detection.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
