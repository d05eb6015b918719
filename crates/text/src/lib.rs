//! The text engine of yijian: pure functions over Chinese draft text, no IO.
//!
//! - [`structure`]: plain text, Markdown and `.docx` (as bytes) → a tree of parts, sections, paragraphs.
//! - [`align`]: paragraph alignment between two versions (unchanged, modified, inserted, deleted,
//!   moved, split, merged), carrying stable paragraph ids over.
//! - [`diff`]: character diff inside aligned paragraphs, the modification count, comparison-table rows.
//! - [`lint`]: proofreading (校对) findings.
//! - [`rng`]: SplitMix64, seeded and stable (corpus generation, sampling, hash mixing).
//! - [`segment`]: word segmentation (jieba) with a per-dossier user dictionary.
//! - [`campaign`]: exact and near-duplicate comments grouped into campaigns (MinHash, LSH, verified).
//! - [`search`]: index tokens, query terms and highlighted excerpts for full-text search.
//! - [`decode`]: bytes → text, with clear errors for empty, binary or undecodable input.
//! - [`docx`]: the `.docx` reader behind [`structure::parse_file_bytes`].
//! - [`themes`]: TF-IDF + spherical k-means themes over comments, every comment kept.
//! - [`comments`]: rows of public comments from JSONL, CSV and `.xlsx`, streamed, each row
//!   checked on its own.
//!
//! Invariants: no IO (files arrive as bytes or as a `Read` the caller opened, results leave
//! as values); no panic on any input
//! (fuzzed: see `fuzz/`); errors are [`TextError`] values that name what is wrong.
//!
//! # Example
//!
//! ```
//! use yijian_text::diff::compare;
//! use yijian_text::structure::parse_plain;
//!
//! let old = parse_plain("第一部分　总体要求\n推动发展成果更多更公平惠及全体人民，坚持共同富裕方向。")?;
//! let new = parse_plain("第一部分　总体要求\n推动发展成果更加公平惠及全体人民，始终坚持共同富裕方向。")?;
//! assert_eq!(old.counts().parts, 1);
//!
//! let comparison = compare(&old, &new);
//! // Two changed places, nine unchanged characters apart: two modifications (see `diff`).
//! assert_eq!(comparison.count(), 2);
//! assert_eq!(comparison.by_part()[0].part.as_deref(), Some("第一部分　总体要求"));
//! # Ok::<(), yijian_text::TextError>(())
//! ```

pub mod align;
pub mod campaign;
pub mod comments;
pub mod decode;
pub mod diff;
pub mod docx;
pub mod lint;
pub mod rng;
pub mod search;
pub mod segment;
pub mod structure;
pub mod themes;

/// Errors of the text engine: each names what was wrong with the input.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TextError {
    #[error("the input is empty")]
    Empty,
    #[error("the input is binary data, not text")]
    Binary,
    #[error("the input is not valid UTF-8 (first bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("the .docx file is corrupt: {0}")]
    CorruptDocx(String),
    #[error("the input is not valid {encoding} text (first bad byte at offset {offset})")]
    Undecodable { encoding: String, offset: usize },
    #[error("unsupported file format {0:?} (expected .txt, .md, .markdown or .docx)")]
    UnsupportedFormat(String),
    #[error("unsupported file of comments {0:?} (expected .jsonl, .csv or .xlsx)")]
    UnsupportedCommentFormat(String),
    #[error("the file is UTF-16 text: save it as UTF-8 (or GB18030) and import it again")]
    Utf16Rows,
    #[error("the .xlsx file is corrupt: {0}")]
    CorruptXlsx(String),
    #[error("cannot read the file after line {line}: {reason}")]
    Unreadable { line: u64, reason: String },
    #[error("the file has no header row naming its columns (id, text, …)")]
    NoHeader,
    #[error("the header has no {column:?} column (it has: {found})")]
    MissingColumn { column: &'static str, found: String },
    #[error("the header names the column {0:?} twice")]
    DuplicateColumn(String),
}
