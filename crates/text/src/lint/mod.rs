//! Proofreading (校对): finds mistakes that drafts pick up while passing through many hands and
//! tools (scans, OCR, copy-paste from column layouts) before a version is released.
//!
//! Every finding carries its kind, a 1-based line and a 1-based column counted in characters
//! (not bytes) of the input text, an excerpt, a suggestion and a severity. The rules work on the
//! raw text: each line is a paragraph (blank lines only separate), and the light heading
//! scanning they need lives in [`numeral`], so this module does not depend on `structure`.
//!
//! One module per kind:
//! - [`repeated`] — `repeated_text`: characters or words written twice by mistake;
//! - [`confusable`] — `confusable`: look-alike / sound-alike wrong characters and idioms from a
//!   curated list (`data/lint/confusions.tsv`);
//! - [`broken`] — `broken_paragraph`: a paragraph cut in the middle of a sentence;
//! - [`layout`] — `layout_marker`: 上接第一版, 下转第二版, stray page numbers;
//! - [`punctuation`] — `punctuation_width`: half-width punctuation inside Chinese text;
//! - [`pairs`] — `unbalanced_pair`: 《》 “” ‘’ （） 【】 〔〕 not closed or not opened;
//! - [`numbering`] — `numbering`: heading numbers with gaps or repeats;
//! - [`count`] — `count_mismatch`: a stated count that differs from what is enumerated.

pub mod broken;
pub mod confusable;
pub mod count;
pub mod layout;
pub mod numbering;
pub mod numeral;
pub mod pairs;
pub mod punctuation;
pub mod repeated;
pub mod scan;

use serde::Serialize;

pub use confusable::{confusions, Confusion, ConfusionType};

/// What kind of mistake a finding reports. Serialized in snake_case (`repeated_text`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    RepeatedText,
    Confusable,
    BrokenParagraph,
    LayoutMarker,
    PunctuationWidth,
    UnbalancedPair,
    Numbering,
    CountMismatch,
}

impl FindingKind {
    /// Every kind, in the order of the documentation.
    pub const ALL: [FindingKind; 8] = [
        FindingKind::RepeatedText,
        FindingKind::Confusable,
        FindingKind::BrokenParagraph,
        FindingKind::LayoutMarker,
        FindingKind::PunctuationWidth,
        FindingKind::UnbalancedPair,
        FindingKind::Numbering,
        FindingKind::CountMismatch,
    ];

    /// The snake_case name used in JSON and in the text output.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::RepeatedText => "repeated_text",
            FindingKind::Confusable => "confusable",
            FindingKind::BrokenParagraph => "broken_paragraph",
            FindingKind::LayoutMarker => "layout_marker",
            FindingKind::PunctuationWidth => "punctuation_width",
            FindingKind::UnbalancedPair => "unbalanced_pair",
            FindingKind::Numbering => "numbering",
            FindingKind::CountMismatch => "count_mismatch",
        }
    }

    /// Parse a snake_case kind name.
    pub fn parse(name: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure the rule is that the text is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Almost certainly a mistake (a wrong character, an unclosed 《, a numbering gap).
    Error,
    /// Very likely a mistake, but a person should look (a broken paragraph, a stray marker).
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One proofreading finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    /// 1-based line in the input text.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes).
    pub column: usize,
    /// The text the finding is about (short).
    pub excerpt: String,
    /// What to write instead, or what to do.
    pub suggestion: String,
    pub severity: Severity,
}

/// Which rules to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintOptions {
    /// The kinds to report; the default is all of them.
    pub kinds: Vec<FindingKind>,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            kinds: FindingKind::ALL.to_vec(),
        }
    }
}

impl LintOptions {
    /// Only the given kinds.
    pub fn only(kinds: &[FindingKind]) -> Self {
        LintOptions {
            kinds: kinds.to_vec(),
        }
    }

    fn wants(&self, kind: FindingKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// Proofread a text with every rule. Findings are sorted by line, column and kind.
pub fn lint(text: &str) -> Vec<Finding> {
    lint_with(text, &LintOptions::default())
}

/// Proofread a text with the rules chosen in `options`.
pub fn lint_with(text: &str, options: &LintOptions) -> Vec<Finding> {
    let doc = scan::Doc::new(text);
    let mut out = Vec::new();
    if options.wants(FindingKind::RepeatedText) {
        repeated::check(&doc, &mut out);
    }
    if options.wants(FindingKind::Confusable) {
        confusable::check(&doc, &mut out);
    }
    if options.wants(FindingKind::BrokenParagraph) {
        broken::check(&doc, &mut out);
    }
    if options.wants(FindingKind::LayoutMarker) {
        layout::check(&doc, &mut out);
    }
    if options.wants(FindingKind::PunctuationWidth) {
        punctuation::check(&doc, &mut out);
    }
    if options.wants(FindingKind::UnbalancedPair) {
        pairs::check(&doc, &mut out);
    }
    if options.wants(FindingKind::Numbering) {
        numbering::check(&doc, &mut out);
    }
    if options.wants(FindingKind::CountMismatch) {
        count::check(&doc, &mut out);
    }
    drop_overlaps(&mut out);
    out.sort_by_key(|f| (f.line, f.column, f.kind));
    out
}

/// One mistake, one finding: a doubled character inside a wrongly written word is part of the
/// confusable finding (键全全民 is 健全全民 misspelt, not 全 written twice).
fn drop_overlaps(out: &mut Vec<Finding>) {
    let spans: Vec<(usize, usize, usize)> = out
        .iter()
        .filter(|f| f.kind == FindingKind::Confusable)
        .map(|f| (f.line, f.column, f.column + f.excerpt.chars().count()))
        .collect();
    if spans.is_empty() {
        return;
    }
    out.retain(|f| {
        f.kind != FindingKind::RepeatedText
            || !spans.iter().any(|&(line, start, end)| {
                f.line == line && f.column < end && start < f.column + f.excerpt.chars().count()
            })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kinds_serialize_in_snake_case() {
        for kind in FindingKind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
            assert_eq!(FindingKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(
            serde_json::to_string(&Severity::Warning).unwrap(),
            "\"warning\""
        );
    }

    #[test]
    fn clean_text_has_no_findings() {
        let text = "关于推进高质量发展的意见\n\n一、总体要求\n各地区各部门要常常深入基层，认真研究研究群众反映的问题。\n二、重点任务\n（一）推动科技创新。2025年研发投入增长3.5%，GDP稳步增长。\n";
        assert_eq!(lint(text), vec![]);
    }

    #[test]
    fn options_select_kinds() {
        let text = "我们的的目标,是发展。";
        let all = lint(text);
        assert!(all.iter().any(|f| f.kind == FindingKind::RepeatedText));
        assert!(all.iter().any(|f| f.kind == FindingKind::PunctuationWidth));
        let only = lint_with(text, &LintOptions::only(&[FindingKind::PunctuationWidth]));
        assert!(only.iter().all(|f| f.kind == FindingKind::PunctuationWidth));
        assert!(!only.is_empty());
    }

    #[test]
    fn one_mistake_one_finding() {
        let f = lint("三、键全全民医疗保障制度");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, FindingKind::Confusable);
    }

    #[test]
    fn columns_are_one_based_characters() {
        let f = lint("一二三四,五六七八九十。");
        let p = f
            .iter()
            .find(|f| f.kind == FindingKind::PunctuationWidth)
            .unwrap();
        assert_eq!((p.line, p.column), (1, 5));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = lint(&s);
        }

        #[test]
        fn never_panics_on_chinese_mix(s in "[一二三四五六七八九十、。，；：（）《》“”‘’【】()\\.,;:\"'0-9a-z第部分章条节等个方面共有上接下转版的了是在\n ]{0,80}") {
            for f in lint(&s) {
                prop_assert!(f.line >= 1 && f.column >= 1);
                prop_assert!(f.line <= s.split('\n').count());
            }
        }
    }
}
