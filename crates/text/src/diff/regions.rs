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
///
/// The common prefix and suffix are cut off first (Myers would skip them too, but the diff
/// library's preparation passes cost time in proportion to the whole length), and a middle
/// shorter than [`MERGE_GAP`] on one side is one region without running the diff at all.
fn raw_regions(old: &[char], new: &[char]) -> Vec<Region> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    let (old_mid, new_mid) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    if old_mid.is_empty() && new_mid.is_empty() {
        return Vec::new();
    }
    // Inside middles this short, every unchanged run is shorter than MERGE_GAP, so whatever
    // the character diff, its regions all merge into one spanning the middles.
    if old_mid.len().min(new_mid.len()) < MERGE_GAP {
        return vec![Region {
            old: (prefix, old.len() - suffix),
            new: (prefix, new.len() - suffix),
        }];
    }
    let shift = |r: Region| Region {
        old: (r.old.0 + prefix, r.old.1 + prefix),
        new: (r.new.0 + prefix, r.new.1 + prefix),
    };
    if let Some(regions) = greedy_myers(old_mid, new_mid, MAX_GREEDY_EDITS) {
        return regions.into_iter().map(shift).collect();
    }
    let mut out: Vec<Region> = Vec::new();
    for op in similar::capture_diff_slices(Algorithm::Myers, old_mid, new_mid) {
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
        let r = shift(r);
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

/// Edit distances up to this are diffed by [`greedy_myers`]; beyond, by the `similar` crate
/// (linear space, for heavily rewritten paragraphs).
const MAX_GREEDY_EDITS: usize = 48;

/// Myers' greedy O((N+M)·D) algorithm ("An O(ND) Difference Algorithm and Its Variations",
/// 1986, §2), keeping each round's furthest-reaching points to trace the path back: the
/// quickest way to a minimal diff when D is small, as between versions of a paragraph.
/// Returns the changed regions (adjacent deletions and insertions joined), or `None` when
/// more than `max_d` edits are needed.
fn greedy_myers(a: &[char], b: &[char], max_d: usize) -> Option<Vec<Region>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = max_d.min(a.len() + b.len()) as isize;
    let offset = max + 1;
    let at = |k: isize| (k + offset) as usize;
    let mut v = vec![0isize; (2 * max + 3) as usize];
    // trace[d] = the furthest x on each diagonal before round d.
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut end = None;
    'rounds: for d in 0..=max {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x = if k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]) {
                v[at(k + 1)]
            } else {
                v[at(k - 1)] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[at(k)] = x;
            if x >= n && y >= m {
                end = Some(d);
                break 'rounds;
            }
            k += 2;
        }
    }
    let d_end = end?;
    // Walk back from (n, m): each round contributed one deletion or insertion.
    let mut edits: Vec<Region> = Vec::with_capacity(d_end as usize);
    let (mut x, mut y) = (n, m);
    for d in (1..=d_end).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let down = k == -d || (k != d && v[at(k - 1)] < v[at(k + 1)]);
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = v[at(prev_k)];
        let prev_y = prev_x - prev_k;
        let (px, py) = (prev_x as usize, prev_y as usize);
        edits.push(if down {
            Region {
                old: (px, px),
                new: (py, py + 1),
            }
        } else {
            Region {
                old: (px, px + 1),
                new: (py, py),
            }
        });
        (x, y) = (prev_x, prev_y);
    }
    edits.reverse();
    let mut out: Vec<Region> = Vec::new();
    for e in edits {
        match out.last_mut() {
            Some(last) if last.old.1 == e.old.0 && last.new.1 == e.new.0 => {
                last.old.1 = e.old.1;
                last.new.1 = e.new.1;
            }
            _ => out.push(e),
        }
    }
    Some(out)
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

    /// The changed regions of the greedy diff, as text pairs.
    fn greedy(a: &str, b: &str) -> Option<Vec<(String, String)>> {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        greedy_myers(&a, &b, 16).map(|rs| {
            rs.iter()
                .map(|r| {
                    (
                        a[r.old.0..r.old.1].iter().collect(),
                        b[r.new.0..r.new.1].iter().collect(),
                    )
                })
                .collect()
        })
    }

    #[test]
    fn greedy_myers_is_minimal_and_bounded() {
        assert_eq!(greedy("", ""), Some(vec![]));
        assert_eq!(greedy("甲乙丙", "甲乙丙"), Some(vec![]));
        assert_eq!(
            greedy("甲乙丙丁戊", "甲X丙丁Y戊"),
            Some(vec![pair("乙", "X"), pair("", "Y")])
        );
        assert_eq!(greedy("甲乙", ""), Some(vec![pair("甲乙", "")]));
        assert_eq!(greedy("", "甲乙"), Some(vec![pair("", "甲乙")]));
        let long_a = "甲".repeat(20);
        let long_b = "乙".repeat(20);
        assert_eq!(greedy(&long_a, &long_b), None);
    }

    fn edit_count(rs: &[Region]) -> usize {
        rs.iter()
            .map(|r| (r.old.1 - r.old.0) + (r.new.1 - r.new.0))
            .sum()
    }

    proptest::proptest! {
        /// The greedy diff is minimal (same edit count as `similar`'s Myers), its regions lie
        /// in order inside both texts, and the texts between them are equal.
        #[test]
        fn greedy_myers_agrees_with_similar(a in "[甲乙丙a]{0,24}", b in "[甲乙丙a]{0,24}") {
            let (ac, bc): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let Some(ours) = greedy_myers(&ac, &bc, 64) else {
                return Err(proptest::test_runner::TestCaseError::fail("no diff within 64"));
            };
            let theirs = raw_regions_similar(&ac, &bc);
            proptest::prop_assert_eq!(edit_count(&ours), edit_count(&theirs));
            let (mut i, mut j) = (0, 0);
            for r in &ours {
                proptest::prop_assert!(r.old.0 >= i && r.new.0 >= j);
                proptest::prop_assert_eq!(&ac[i..r.old.0], &bc[j..r.new.0]);
                (i, j) = (r.old.1, r.new.1);
            }
            proptest::prop_assert_eq!(&ac[i..], &bc[j..]);
        }
    }

    /// The regions of `similar`'s Myers diff, for comparison.
    fn raw_regions_similar(a: &[char], b: &[char]) -> Vec<Region> {
        similar::capture_diff_slices(Algorithm::Myers, a, b)
            .iter()
            .filter_map(|op| match *op {
                DiffOp::Equal { .. } => None,
                DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                } => Some(Region {
                    old: (old_index, old_index + old_len),
                    new: (new_index, new_index),
                }),
                DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => Some(Region {
                    old: (old_index, old_index),
                    new: (new_index, new_index + new_len),
                }),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => Some(Region {
                    old: (old_index, old_index + old_len),
                    new: (new_index, new_index + new_len),
                }),
            })
            .collect()
    }

    #[test]
    fn pure_insertion_and_deletion() {
        assert_eq!(run("", "新增"), vec![pair("", "新增")]);
        assert_eq!(run("删除", ""), vec![pair("删除", "")]);
    }
}
