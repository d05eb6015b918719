//! Reports of yijian, made from **report data**: plain structs that `yijian-app` gathers
//! from the record (see `app::reports`). This crate does no IO and counts nothing itself —
//! every figure it prints arrives in the data, so a report can only show what the record
//! holds.
//!
//! - [`handling`] — the handling table (意见处理情况表): CSV, .xlsx, .docx.
//! - [`comparison`] — the comparison table (修改对照表): .docx, .xlsx, HTML.
//! - [`explanation`] — the explanation (说明) from an editable template (minijinja, strict:
//!   an unknown field is an error), as Markdown and .docx.
//! - [`draft`] — the draft as a formatted document (GB/T 9704 where it applies to a draft),
//!   .docx and Markdown, with a per-recipient copy number and recipient line.

pub mod comparison;
pub mod data;
mod docx_kit;
pub mod draft;
pub mod explanation;
pub mod handling;
pub mod labels;
pub mod table;

pub use data::*;
pub use labels::Lang;

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The template is not valid, or uses a field the report data does not have.
    #[error("template: {0}")]
    Template(String),
    /// A writer library failed (never expected with valid data).
    #[error("cannot write the {format} file: {message}")]
    Write {
        format: &'static str,
        message: String,
    },
}

impl ReportError {
    fn write(format: &'static str, e: impl std::fmt::Display) -> ReportError {
        ReportError::Write {
            format,
            message: e.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ReportError>;
