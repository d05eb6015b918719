//! Patience diff over interned paragraph ids (Bram Cohen's algorithm, as in bzr and git
//! `--patience`): match the common prefix and suffix, then the elements that occur exactly
//! once on each side, keep the longest increasing run of those as anchors, and recurse
//! between the anchors. A range with shared elements but no unique one falls back to Myers.
//!
//! Written for ids rather than using the `similar` crate's patience over strings: ids are
//! dense integers, so uniqueness is counted in arrays instead of hash maps, which makes this
//! step several times cheaper on a 1,000-paragraph draft. Iterative (an explicit work list),
//! so no input can exhaust the stack.

use std::ops::Range;

use similar::{Algorithm, DiffOp};

/// Counting scratch indexed by id, reset after each use.
struct Scratch {
    count_a: Vec<u32>,
    count_b: Vec<u32>,
    pos_b: Vec<usize>,
}

/// Matched `(old, new)` index pairs, increasing in both, with `a[i] == b[j]` for each.
/// `ids` bounds the values in `a` and `b` (every value is `< ids`).
pub(crate) fn matches(a: &[u32], b: &[u32], ids: usize) -> Vec<(usize, usize)> {
    let mut scratch = Scratch {
        count_a: vec![0; ids],
        count_b: vec![0; ids],
        pos_b: vec![0; ids],
    };
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    let mut work: Vec<(Range<usize>, Range<usize>)> = vec![(0..a.len(), 0..b.len())];
    while let Some((ar, br)) = work.pop() {
        step(a, ar, b, br, &mut scratch, &mut out, &mut work);
    }
    out.sort_unstable();
    out
}

fn step(
    a: &[u32],
    ar: Range<usize>,
    b: &[u32],
    br: Range<usize>,
    s: &mut Scratch,
    out: &mut Vec<(usize, usize)>,
    work: &mut Vec<(Range<usize>, Range<usize>)>,
) {
    let (mut a0, mut b0, mut a1, mut b1) = (ar.start, br.start, ar.end, br.end);
    while a0 < a1 && b0 < b1 && a[a0] == b[b0] {
        out.push((a0, b0));
        a0 += 1;
        b0 += 1;
    }
    while a1 > a0 && b1 > b0 && a[a1 - 1] == b[b1 - 1] {
        a1 -= 1;
        b1 -= 1;
        out.push((a1, b1));
    }
    if a0 == a1 || b0 == b1 {
        return;
    }
    let (a_mid, b_mid) = (&a[a0..a1], &b[b0..b1]);
    for &x in a_mid {
        s.count_a[x as usize] += 1;
    }
    for (j, &x) in b_mid.iter().enumerate() {
        s.count_b[x as usize] += 1;
        s.pos_b[x as usize] = b0 + j;
    }
    let mut shared = false;
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    for (i, &x) in a_mid.iter().enumerate() {
        let x = x as usize;
        shared |= s.count_b[x] > 0;
        if s.count_a[x] == 1 && s.count_b[x] == 1 {
            anchors.push((a0 + i, s.pos_b[x]));
        }
    }
    for &x in a_mid {
        s.count_a[x as usize] = 0;
    }
    for &x in b_mid {
        s.count_b[x as usize] = 0;
    }
    if !shared {
        return;
    }
    if anchors.is_empty() {
        // Repeated paragraphs only: a minimal diff decides which copies pair up.
        for op in similar::capture_diff_slices(Algorithm::Myers, a_mid, b_mid) {
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                out.extend((0..len).map(|k| (a0 + old_index + k, b0 + new_index + k)));
            }
        }
        return;
    }
    let (mut pa, mut pb) = (a0, b0);
    for (i, j) in longest_increasing(&anchors) {
        work.push((pa..i, pb..j));
        out.push((i, j));
        (pa, pb) = (i + 1, j + 1);
    }
    work.push((pa..a1, pb..b1));
}

/// The longest subsequence of `pairs` (sorted by the first element) whose second elements
/// increase, by patience sorting: O(k log k).
fn longest_increasing(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    // tops[h] = index in `pairs` of the smallest tail of an increasing run of length h + 1.
    let mut tops: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(_, j)) in pairs.iter().enumerate() {
        let h = tops.partition_point(|&t| pairs[t].1 < j);
        prev[k] = h.checked_sub(1).map(|p| tops[p]);
        if h == tops.len() {
            tops.push(k);
        } else {
            tops[h] = k;
        }
    }
    let mut run = Vec::with_capacity(tops.len());
    let mut at = tops.last().copied();
    while let Some(k) = at {
        run.push(pairs[k]);
        at = prev[k];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Length of the longest common subsequence (quadratic; for tests).
    fn lcs(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut diag = 0;
            for (j, &y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    fn valid(a: &[u32], b: &[u32], m: &[(usize, usize)]) -> bool {
        m.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1)
            && m.iter().all(|&(i, j)| a[i] == b[j])
    }

    #[test]
    fn anchors_prefix_suffix() {
        let a = [1, 2, 3, 4, 5];
        let b = [1, 9, 3, 4, 8, 5];
        assert_eq!(matches(&a, &b, 10), vec![(0, 0), (2, 2), (3, 3), (4, 5)]);
        assert_eq!(matches(&[], &[1], 2), vec![]);
        // The unique 1 is the anchor, though pairing the two 0s would match more.
        assert_eq!(matches(&[0, 0, 1], &[1, 0, 0], 2), vec![(2, 0)]);
    }

    #[test]
    fn longest_run() {
        let pairs = [(0, 3), (1, 1), (2, 2), (3, 0), (4, 4)];
        assert_eq!(longest_increasing(&pairs), vec![(1, 1), (2, 2), (4, 4)]);
        assert_eq!(longest_increasing(&[]), vec![]);
    }

    proptest! {
        #[test]
        fn matches_are_valid(a in prop::collection::vec(0u32..6, 0..40), b in prop::collection::vec(0u32..6, 0..40)) {
            let m = matches(&a, &b, 6);
            prop_assert!(valid(&a, &b, &m), "{:?}", m);
        }

        /// With every element unique on each side, patience finds a longest common subsequence.
        #[test]
        fn unique_elements_give_an_lcs(perm in Just((0u32..30).collect::<Vec<_>>()).prop_shuffle(), cut in 0usize..30) {
            let a: Vec<u32> = (0u32..30).collect();
            let b: Vec<u32> = perm.into_iter().filter(|&x| x as usize != cut).collect();
            let m = matches(&a, &b, 30);
            prop_assert!(valid(&a, &b, &m));
            prop_assert_eq!(m.len(), lcs(&a, &b));
        }
    }
}
