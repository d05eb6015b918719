//! Where an imported comment points, resolved against the consultation's version: a
//! paragraph number as the version page shows it (the body paragraphs and list items —
//! `BlockKind::is_numbered` — counted from 1), or a path of headings from the top,
//! `第三章/第十二条`, whose last step may be a number: the n-th numbered paragraph under
//! the heading (`第二部分/一、/3`).
//!
//! A heading matches a step when its text is the step, or starts with it and goes on after
//! a separator (a space, 、, ．, .) or the step ends with one (`一、` matches
//! `一、充分认识…`); white space is compared as one space. A step must match exactly one
//! heading among those under the previous step (anywhere, for the first step): `一、` alone
//! matches a heading in every part and is refused as ambiguous.

use std::ops::Range;

use yijian_core::ids::{ParagraphId, VersionId};
use yijian_core::model::Block;
use yijian_text::comments::ParagraphSpec;

/// A version's blocks, ready to resolve references against.
pub(crate) struct ParagraphIndex {
    version: VersionId,
    blocks: Vec<IndexedBlock>,
    numbered: Vec<ParagraphId>,
}

struct IndexedBlock {
    paragraph: ParagraphId,
    heading: bool,
    level: u8,
    /// The text with white space runs as one space, trimmed.
    text: String,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '、' | '．' | '.' | '：' | ':' | '）' | ')')
}

fn matches(heading: &str, step: &str) -> bool {
    heading == step
        || heading
            .strip_prefix(step)
            .is_some_and(|rest| step.ends_with(is_separator) || rest.starts_with(is_separator))
}

impl ParagraphIndex {
    pub(crate) fn new(version: VersionId, blocks: &[Block]) -> Self {
        ParagraphIndex {
            version,
            numbered: blocks
                .iter()
                .filter(|b| b.kind.is_numbered())
                .map(|b| b.paragraph)
                .collect(),
            blocks: blocks
                .iter()
                .map(|b| IndexedBlock {
                    paragraph: b.paragraph,
                    heading: !b.kind.is_numbered(),
                    level: b.level,
                    text: squash(&b.text),
                })
                .collect(),
        }
    }

    /// The paragraph a reference names, or why there is none (a sentence naming the
    /// reference).
    pub(crate) fn resolve(&self, spec: &ParagraphSpec) -> Result<ParagraphId, String> {
        match spec {
            ParagraphSpec::Number(n) => {
                self.numbered.get(*n as usize - 1).copied().ok_or_else(|| {
                    format!(
                        "paragraph {n} is not in version {}: it has {} numbered paragraphs",
                        self.version,
                        self.numbered.len()
                    )
                })
            }
            ParagraphSpec::Path(path) => self.resolve_path(path),
        }
    }

    fn resolve_path(&self, path: &str) -> Result<ParagraphId, String> {
        let steps: Vec<String> = path.split('/').map(squash).collect();
        let mut scope: Range<usize> = 0..self.blocks.len();
        let mut found = None;
        for (i, step) in steps.iter().enumerate() {
            let last = i + 1 == steps.len();
            if last
                && !step.is_empty()
                && step.bytes().all(|b| b.is_ascii_digit())
                && found.is_some()
            {
                let n: usize = step.parse().unwrap_or(0);
                let under: Vec<ParagraphId> = self.blocks[scope.clone()]
                    .iter()
                    .filter(|b| !b.heading)
                    .map(|b| b.paragraph)
                    .collect();
                return n
                    .checked_sub(1)
                    .and_then(|k| under.get(k).copied())
                    .ok_or_else(|| {
                        format!(
                            "paragraph {path} is not in version {}: {} has {} numbered paragraphs",
                            self.version,
                            steps[..i].join("/"),
                            under.len()
                        )
                    });
            }
            let hits: Vec<usize> = scope
                .clone()
                .filter(|&k| self.blocks[k].heading && matches(&self.blocks[k].text, step))
                .collect();
            let at = match hits.as_slice() {
                [one] => *one,
                [] => {
                    return Err(format!(
                        "paragraph {path} is not in version {}: no heading {step:?}{}",
                        self.version,
                        if i == 0 {
                            String::new()
                        } else {
                            format!(" under {}", steps[..i].join("/"))
                        }
                    ))
                }
                many => {
                    return Err(format!(
                        "paragraph {path} is ambiguous in version {}: {} headings match {step:?}; give the headings above it too",
                        self.version,
                        many.len()
                    ))
                }
            };
            let level = self.blocks[at].level;
            let end = (at + 1..scope.end)
                .find(|&k| self.blocks[k].heading && self.blocks[k].level <= level)
                .unwrap_or(scope.end);
            scope = at + 1..end;
            found = Some(self.blocks[at].paragraph);
        }
        found.ok_or_else(|| format!("paragraph {path:?} names no heading"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use yijian_core::model::BlockKind;

    fn index() -> ParagraphIndex {
        let spec: &[(BlockKind, u8, &str)] = &[
            (BlockKind::Title, 0, "关于若干重大问题的决定"),
            (BlockKind::Preface, 1, "序言"),
            (BlockKind::Paragraph, 0, "基层是社会治理的基础。"),
            (BlockKind::Part, 1, "第一部分　总体要求"),
            (BlockKind::Section, 2, "一、重大意义"),
            (BlockKind::Paragraph, 0, "推进基层治理现代化。"),
            (BlockKind::Paragraph, 0, "回应群众新期待。"),
            (BlockKind::Section, 2, "二、指导思想"),
            (BlockKind::Paragraph, 0, "坚持以人民为中心。"),
            (BlockKind::Part, 1, "第二部分　健全体制"),
            (BlockKind::Section, 2, "一、加强党组织建设"),
            (BlockKind::Item, 0, "（一）健全组织体系。"),
            (BlockKind::Article, 2, "第十二条　村民委员会每届任期五年。"),
        ];
        let blocks: Vec<Block> = spec
            .iter()
            .enumerate()
            .map(|(i, (kind, level, text))| Block {
                paragraph: ParagraphId(100 + i as i64),
                position: i as u32,
                kind: *kind,
                level: *level,
                text: text.to_string(),
            })
            .collect();
        ParagraphIndex::new(VersionId(3), &blocks)
    }

    fn path(p: &str) -> ParagraphSpec {
        ParagraphSpec::Path(p.into())
    }

    #[test]
    fn numbers_count_the_numbered_blocks() {
        let ix = index();
        assert_eq!(ix.resolve(&ParagraphSpec::Number(1)), Ok(ParagraphId(102)));
        assert_eq!(ix.resolve(&ParagraphSpec::Number(5)), Ok(ParagraphId(111)));
        let err = ix.resolve(&ParagraphSpec::Number(6)).unwrap_err();
        assert!(
            err.contains("paragraph 6") && err.contains("5 numbered"),
            "{err}"
        );
    }

    #[test]
    fn heading_paths() {
        let ix = index();
        assert_eq!(ix.resolve(&path("第一部分")), Ok(ParagraphId(103)));
        assert_eq!(ix.resolve(&path("第一部分 总体要求")), Ok(ParagraphId(103)));
        assert_eq!(ix.resolve(&path("第一部分/二、")), Ok(ParagraphId(107)));
        assert_eq!(ix.resolve(&path("第一部分/一、/2")), Ok(ParagraphId(106)));
        assert_eq!(ix.resolve(&path("第二部分/一、")), Ok(ParagraphId(110)));
        assert_eq!(ix.resolve(&path("第二部分/第十二条")), Ok(ParagraphId(112)));
        assert_eq!(ix.resolve(&path("序言/1")), Ok(ParagraphId(102)));
        for (bad, says) in [
            ("一、", "ambiguous"),
            ("第三部分", "no heading \"第三部分\""),
            ("第一部分/三、", "under 第一部分"),
            ("第一部分/一、/3", "2 numbered"),
            ("第一", "no heading"),
            ("第二部分/一、/0", "numbered"),
        ] {
            let err = ix.resolve(&path(bad)).unwrap_err();
            assert!(err.contains(says) && err.contains(bad), "{bad}: {err}");
        }
    }
}
