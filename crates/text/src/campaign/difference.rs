//! How a member of a group differs from its representative, compactly.
//!
//! The comparison is made on the normalised texts (what the detector compared): width,
//! punctuation and spacing are not differences. A character diff (Myers, `similar`) gives the
//! inserted, deleted and replaced stretches; [`Difference::summary_in`] prints them in Chinese
//! as `+4 −2：插入「我认为」；删除「的」；「基层」→「基层一线」；另有3处` or in English as
//! `+4 −2: inserted “我认为”; deleted “的”; “基层” → “基层一线”; and 3 more`.

use similar::{Algorithm, DiffOp};

use super::normalize::normalize;

/// At most this many edits are listed; the counts always cover all of them.
pub const MAX_LISTED: usize = 12;

/// One stretch that differs; `at` is the character offset in the member's normalised text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Edit {
    Insert { at: usize, text: String },
    Delete { at: usize, text: String },
    Replace { at: usize, old: String, new: String },
}

/// How a member differs from the representative.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Difference {
    /// Characters only in the member, only in the representative (replacements count on both sides).
    pub inserted: usize,
    pub deleted: usize,
    /// Number of edits (insertions, deletions, replacements), listed or not.
    pub edits: usize,
    /// The first [`MAX_LISTED`] edits.
    pub listed: Vec<Edit>,
    /// Characters of the two normalised texts.
    pub representative_chars: usize,
    pub member_chars: usize,
}

impl Difference {
    /// Whether the two texts are the same after normalisation (width, punctuation, spacing).
    pub fn is_same_text(&self) -> bool {
        self.edits == 0
    }

    /// One line in Chinese: the counts, then the listed edits.
    pub fn summary(&self) -> String {
        self.summary_in(Wording::Chinese)
    }

    /// One line in `wording`: the counts, then the listed edits, then how many more there are.
    pub fn summary_in(&self, wording: Wording) -> String {
        if self.is_same_text() {
            return wording.same_text().to_string();
        }
        let mut s = format!("+{} −{}", self.inserted, self.deleted);
        let mut parts: Vec<String> = self.listed.iter().map(|e| wording.edit(e)).collect();
        if self.edits > self.listed.len() {
            parts.push(wording.more(self.edits - self.listed.len()));
        }
        if !parts.is_empty() {
            s.push_str(wording.after_counts());
            s.push_str(&parts.join(wording.between_edits()));
        }
        s
    }
}

/// The language a [`Difference`] is worded in. The text engine has no message files, so it
/// holds the few words a summary needs itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wording {
    #[default]
    Chinese,
    English,
}

impl Wording {
    fn same_text(self) -> &'static str {
        match self {
            Wording::Chinese => "与代表文本相同（仅标点、全半角或空白不同）",
            Wording::English => {
                "same as the representative (only punctuation, width or spacing differ)"
            }
        }
    }

    fn edit(self, e: &Edit) -> String {
        match (self, e) {
            (Wording::Chinese, Edit::Insert { text, .. }) => format!("插入「{text}」"),
            (Wording::Chinese, Edit::Delete { text, .. }) => format!("删除「{text}」"),
            (Wording::Chinese, Edit::Replace { old, new, .. }) => format!("「{old}」→「{new}」"),
            (Wording::English, Edit::Insert { text, .. }) => format!("inserted “{text}”"),
            (Wording::English, Edit::Delete { text, .. }) => format!("deleted “{text}”"),
            (Wording::English, Edit::Replace { old, new, .. }) => format!("“{old}” → “{new}”"),
        }
    }

    fn more(self, n: usize) -> String {
        match self {
            Wording::Chinese => format!("另有{n}处"),
            Wording::English => format!("and {n} more"),
        }
    }

    fn after_counts(self) -> &'static str {
        match self {
            Wording::Chinese => "：",
            Wording::English => ": ",
        }
    }

    fn between_edits(self) -> &'static str {
        match self {
            Wording::Chinese => "；",
            Wording::English => "; ",
        }
    }
}

/// How `member` differs from `representative` (both original texts; compared normalised).
pub fn difference(representative: &str, member: &str) -> Difference {
    let a: Vec<char> = normalize(representative).chars().collect();
    let b: Vec<char> = normalize(member).chars().collect();
    let mut d = Difference {
        representative_chars: a.len(),
        member_chars: b.len(),
        ..Difference::default()
    };
    let text = |s: &[char]| s.iter().collect::<String>();
    for op in similar::capture_diff_slices(Algorithm::Myers, &a, &b) {
        let edit = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                d.inserted += new_len;
                Edit::Insert {
                    at: new_index,
                    text: text(&b[new_index..new_index + new_len]),
                }
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => {
                d.deleted += old_len;
                Edit::Delete {
                    at: new_index,
                    text: text(&a[old_index..old_index + old_len]),
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                d.inserted += new_len;
                d.deleted += old_len;
                Edit::Replace {
                    at: new_index,
                    old: text(&a[old_index..old_index + old_len]),
                    new: text(&b[new_index..new_index + new_len]),
                }
            }
        };
        d.edits += 1;
        if d.listed.len() < MAX_LISTED {
            d.listed.push(edit);
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_after_normalisation() {
        let d = difference("建议明确职责，减轻负担。", "建议明确职责,减轻负担!");
        assert!(d.is_same_text());
        assert_eq!(d.summary(), "与代表文本相同（仅标点、全半角或空白不同）");
        assert_eq!(d.summary_in(Wording::Chinese), d.summary());
        assert_eq!(
            d.summary_in(Wording::English),
            "same as the representative (only punctuation, width or spacing differ)"
        );
    }

    #[test]
    fn each_kind_of_edit_in_both_wordings() {
        let d = difference("建议为基层的干部减负。", "我认为建议为基层一线干部减负。");
        assert_eq!(
            d.listed,
            vec![
                Edit::Insert {
                    at: 0,
                    text: "我认为".into()
                },
                Edit::Replace {
                    at: 8,
                    old: "的".into(),
                    new: "一线".into()
                },
            ]
        );
        assert_eq!(d.summary(), "+5 −1：插入「我认为」；「的」→「一线」");
        assert_eq!(
            d.summary_in(Wording::English),
            "+5 −1: inserted “我认为”; “的” → “一线”"
        );
        let deleted = difference("建议明确网格员的职责。", "建议明确网格员职责。");
        assert_eq!(deleted.summary(), "+0 −1：删除「的」");
        assert_eq!(deleted.summary_in(Wording::English), "+0 −1: deleted “的”");
    }

    #[test]
    fn insert_delete_replace() {
        let d = difference(
            "建议明确网格员的职责范围。",
            "我认为建议明确网格员职责的范围。",
        );
        assert_eq!(d.inserted, 4);
        assert_eq!(d.deleted, 1);
        assert!(d.listed.contains(&Edit::Insert {
            at: 0,
            text: "我认为".into()
        }));
        let s = d.summary();
        assert!(s.starts_with("+4 −1："), "{s}");
        let r = difference("提高村医待遇", "提升村医待遇");
        assert_eq!(
            r.listed,
            vec![Edit::Replace {
                at: 1,
                old: "高".into(),
                new: "升".into()
            }]
        );
        assert_eq!(r.summary(), "+1 −1：「高」→「升」");
    }

    #[test]
    fn many_edits_are_counted_but_listed_up_to_the_cap() {
        let a: String = "一二三四五六七八九十".repeat(4);
        let b: String = a
            .chars()
            .enumerate()
            .map(|(i, c)| if i % 3 == 0 { '甲' } else { c })
            .collect();
        let d = difference(&a, &b);
        assert!(d.edits > MAX_LISTED);
        assert_eq!(d.listed.len(), MAX_LISTED);
        let more = d.edits - MAX_LISTED;
        assert!(
            d.summary().ends_with(&format!("；另有{more}处")),
            "{}",
            d.summary()
        );
        let english = d.summary_in(Wording::English);
        assert!(
            english.ends_with(&format!("; and {more} more")),
            "{english}"
        );
        assert_eq!(english.matches(" → ").count(), MAX_LISTED, "{english}");
    }
}
