//! Changed regions inside one aligned pair of texts: the character diff, snapped to word
//! boundaries, then merged by the counting rule (see the [`crate::diff`] module doc).

use similar::{Algorithm, DiffOp};

use super::words::boundaries_around;

/// Changes separated by fewer than this many unchanged characters are one modification.
pub const MERGE_GAP: usize = 4;
/// Snapping to a word boundary widens a region by at most this many characters on each side,
/// so that two edits at least `MERGE_GAP + 2 × MAX_SNAP` characters apart never merge.
pub const MAX_SNAP: usize = 3;

/// One changed region: half-open char ranges in the old and the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    pub old: (usize, usize),
    pub new: (usize, usize),
}

/// The changed regions between `old` and `new`, in order, after snapping and merging.
pub(crate) fn regions(old: &[char], new: &[char]) -> Vec<Region> {
    let raw = raw_regions(old, new);
    let snapped = snap(&raw, old, new);
    merge(snapped)
}

/// Minimal character diff (Myers); adjacent delete/insert runs form one region.
fn raw_regions(old: &[char], new: &[char]) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, old, new) {
        let r = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => Region {
                old: (old_index, old_index + old_len),
                new: (new_index, new_index),
            },
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => Region {
                old: (old_index, old_index),
                new: (new_index, new_index + new_len),
            },
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => Region {
                old: (old_index, old_index + old_len),
                new: (new_index, new_index + new_len),
            },
        };
        match out.last_mut() {
            Some(last) if last.old.1 == r.old.0 && last.new.1 == r.new.0 => {
                last.old.1 = r.old.1;
                last.new.1 = r.new.1;
            }
            _ => out.push(r),
        }
    }
    out
}

/// Widen each region so that, on both sides, it starts and ends on a word boundary — e.g.
/// 更[多更→加]公平 becomes [更多更→更加]公平. Both sides move by the same amount (the text
/// passed over is unchanged, hence identical), by at most [`MAX_SNAP`], never into the
/// neighbouring region.
fn snap(raw: &[Region], old: &[char], new: &[char]) -> Vec<Region> {
    let mut out = Vec::with_capacity(raw.len());
    for (k, r) in raw.iter().enumerate() {
        let prev_end = if k == 0 { 0 } else { raw[k - 1].old.1 };
        let next_start = raw.get(k + 1).map_or(old.len(), |n| n.old.0);
        let room_left = (r.old.0 - prev_end).min(MAX_SNAP);
        let room_right = (next_start - r.old.1)
            .min(MAX_SNAP)
            .min(new.len() - r.new.1);

        let ob = boundaries_around(old, r.old.0, r.old.1);
        let nb = boundaries_around(new, r.new.0, r.new.1);
        let left = widen_left(&ob, r.old.0)
            .max(widen_left(&nb, r.new.0))
            .min(room_left);
        let right = widen_right(&ob, r.old.1)
            .max(widen_right(&nb, r.new.1))
            .min(room_right);
        out.push(Region {
            old: (r.old.0 - left, r.old.1 + right),
            new: (r.new.0 - left, r.new.1 + right),
        });
    }
    out
}

/// Characters from `pos` back to the start of the word containing it (0 on a boundary).
fn widen_left(bounds: &[usize], pos: usize) -> usize {
    match bounds.binary_search(&pos) {
        Ok(_) => 0,
        Err(0) => 0,
        Err(i) => pos - bounds[i - 1],
    }
}

/// Characters from `pos` forward to the end of the word containing it (0 on a boundary).
fn widen_right(bounds: &[usize], pos: usize) -> usize {
    match bounds.binary_search(&pos) {
        Ok(_) => 0,
        Err(i) => bounds.get(i).map_or(0, |&b| b - pos),
    }
}

/// Merge regions separated by fewer than [`MERGE_GAP`] unchanged characters. The unchanged
/// run between two regions is the same text on both sides, so the old side decides.
fn merge(regions: Vec<Region>) -> Vec<Region> {
    let mut out: Vec<Region> = Vec::with_capacity(regions.len());
    for r in regions {
        match out.last_mut() {
            Some(last) if r.old.0 < last.old.1 + MERGE_GAP => {
                last.old.1 = last.old.1.max(r.old.1);
                last.new.1 = last.new.1.max(r.new.1);
            }
            _ => out.push(r),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(a: &str, b: &str) -> Vec<(String, String)> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        regions(&a, &b)
            .iter()
            .map(|r| {
                (
                    a[r.old.0..r.old.1].iter().collect(),
                    b[r.new.0..r.new.1].iter().collect(),
                )
            })
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn identical_texts_have_no_region() {
        assert!(run("推动高质量发展", "推动高质量发展").is_empty());
        assert!(run("", "").is_empty());
    }

    #[test]
    fn region_snaps_to_whole_words() {
        assert_eq!(
            run(
                "推动发展成果更多更公平惠及全体人民",
                "推动发展成果更加公平惠及全体人民"
            ),
            vec![pair("更多更", "更加")]
        );
    }

    #[test]
    fn close_changes_merge_and_distant_ones_do_not() {
        // Two changes 2 characters apart: one modification.
        assert_eq!(run("甲乙丙丁戊己庚辛", "甲X丙丁Y己庚辛").len(), 1);
        // Eleven unchanged characters between them: two.
        assert_eq!(
            run(
                "甲乙丙丁戊己庚辛壬癸子丑寅卯辰",
                "甲X丙丁戊己庚辛壬癸子丑寅Y辰"
            )
            .len(),
            2
        );
    }

    #[test]
    fn pure_insertion_and_deletion() {
        assert_eq!(run("", "新增"), vec![pair("", "新增")]);
        assert_eq!(run("删除", ""), vec![pair("删除", "")]);
    }
}
