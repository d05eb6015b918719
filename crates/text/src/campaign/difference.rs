//! How a member of a group differs from its representative, compactly.
//!
//! The comparison is made on the normalised texts (what the detector compared): width,
//! punctuation and spacing are not differences. A character diff (Myers, `similar`) gives the
//! inserted, deleted and replaced stretches; [`Difference::summary`] prints them as
//! `+4 −2 ~1：插入「我认为」；删除「的」；「基层」→「基层一线」`.

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

    /// One line: the counts, then the listed edits.
    pub fn summary(&self) -> String {
        if self.is_same_text() {
            return "与代表文本相同（仅标点、全半角或空白不同）".to_string();
        }
        let mut s = format!("+{} −{}", self.inserted, self.deleted);
        let parts: Vec<String> = self
            .listed
            .iter()
            .map(|e| match e {
                Edit::Insert { text, .. } => format!("插入「{text}」"),
                Edit::Delete { text, .. } => format!("删除「{text}」"),
                Edit::Replace { old, new, .. } => format!("「{old}」→「{new}」"),
            })
            .collect();
        if !parts.is_empty() {
            s.push('：');
            s.push_str(&parts.join("；"));
        }
        if self.edits > self.listed.len() {
            s.push_str(&format!("；另有{}处", self.edits - self.listed.len()));
        }
        s
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
        assert!(d.summary().contains("另有"));
    }
}
