//! Pairwise precision and recall of a grouping against the ground truth.
//!
//! A pair of comments is "together" when both carry the same label. Precision = pairs together
//! in both / pairs together in the prediction; recall = pairs together in both / pairs together
//! in the truth. Counted from the contingency table (Σ C(n, 2) over the cells, the rows and the
//! columns), never by enumerating pairs: a campaign of 200,000 comments is 2·10¹⁰ pairs.

use std::collections::HashMap;
use std::hash::Hash;

/// The pair counts behind the figures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    /// Pairs together in the truth.
    pub truth_pairs: u128,
    /// Pairs together in the prediction.
    pub predicted_pairs: u128,
    /// Pairs together in both.
    pub common_pairs: u128,
    /// `common / predicted` (1 when nothing is predicted together).
    pub precision: f64,
    /// `common / truth` (1 when nothing is together in the truth).
    pub recall: f64,
}

fn pairs(n: u64) -> u128 {
    let n = n as u128;
    n * n.saturating_sub(1) / 2
}

/// Pairwise precision and recall. `truth[i]` and `predicted[i]` label comment `i`; `None` is a
/// comment on its own (in no campaign / no group). Labels are compared only within one side.
///
/// # Panics
/// If the two slices differ in length.
pub fn pairwise_precision_recall<T: Eq + Hash, P: Eq + Hash>(
    truth: &[Option<T>],
    predicted: &[Option<P>],
) -> PairScores {
    assert_eq!(
        truth.len(),
        predicted.len(),
        "truth and prediction label different numbers of comments"
    );
    let mut rows: HashMap<&T, u64> = HashMap::new();
    let mut cols: HashMap<&P, u64> = HashMap::new();
    let mut cells: HashMap<(&T, &P), u64> = HashMap::new();
    for (t, p) in truth.iter().zip(predicted) {
        if let Some(t) = t {
            *rows.entry(t).or_default() += 1;
        }
        if let Some(p) = p {
            *cols.entry(p).or_default() += 1;
        }
        if let (Some(t), Some(p)) = (t, p) {
            *cells.entry((t, p)).or_default() += 1;
        }
    }
    let truth_pairs: u128 = rows.values().map(|&n| pairs(n)).sum();
    let predicted_pairs: u128 = cols.values().map(|&n| pairs(n)).sum();
    let common_pairs: u128 = cells.values().map(|&n| pairs(n)).sum();
    let ratio = |a: u128, b: u128| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    PairScores {
        truth_pairs,
        predicted_pairs,
        common_pairs,
        precision: ratio(common_pairs, predicted_pairs),
        recall: ratio(common_pairs, truth_pairs),
    }
}

/// How well the campaigns of one range of sizes were found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SizeClassRecall {
    /// Smallest and largest campaign size of the class (inclusive).
    pub sizes: (usize, usize),
    pub campaigns: usize,
    /// Pairs inside these campaigns that the prediction also put together / all their pairs.
    pub pair_recall: f64,
    /// Campaigns with at least 90 % of their members in one predicted group.
    pub whole: usize,
}

/// Recall inside campaigns of each size class (`classes`: inclusive ranges): the pairwise
/// figures are dominated by the largest campaigns, so a small campaign broken in two hardly
/// moves them — this shows it. `sizes[c]` is campaign `c`'s size; `truth[i]` comment `i`'s campaign.
pub fn recall_by_campaign_size<P: Eq + Hash>(
    truth: &[Option<u32>],
    predicted: &[Option<P>],
    sizes: &[usize],
    classes: &[(usize, usize)],
) -> Vec<SizeClassRecall> {
    let mut by_campaign: HashMap<u32, HashMap<&P, u64>> = HashMap::new();
    for (t, p) in truth.iter().zip(predicted) {
        if let (Some(t), Some(p)) = (t, p) {
            *by_campaign.entry(*t).or_default().entry(p).or_default() += 1;
        }
    }
    classes
        .iter()
        .map(|&(lo, hi)| {
            let (mut all, mut found, mut campaigns, mut whole) = (0u128, 0u128, 0, 0);
            for (c, &size) in sizes.iter().enumerate() {
                if size < lo || size > hi {
                    continue;
                }
                campaigns += 1;
                all += pairs(size as u64);
                let cells = by_campaign.get(&(c as u32));
                let cells = cells.into_iter().flat_map(|m| m.values());
                let mut best = 0;
                for &k in cells {
                    found += pairs(k);
                    best = best.max(k as usize);
                }
                if best * 10 >= size * 9 {
                    whole += 1;
                }
            }
            SizeClassRecall {
                sizes: (lo, hi),
                campaigns,
                pair_recall: if all == 0 {
                    1.0
                } else {
                    found as f64 / all as f64
                },
                whole,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn recall_per_size_class_counts_split_campaigns() {
        // Campaign 0 (size 3) found whole; campaign 1 (size 4) split 2 + 2; campaign 2 (size
        // 20) not in the input's classes.
        let t = [
            Some(0),
            Some(0),
            Some(0),
            Some(1),
            Some(1),
            Some(1),
            Some(1),
            None,
        ];
        let p = [
            Some(7),
            Some(7),
            Some(7),
            Some(8),
            Some(8),
            Some(9),
            Some(9),
            None,
        ];
        let r = recall_by_campaign_size(&t, &p, &[3, 4, 20], &[(2, 9), (10, 99)]);
        assert_eq!(r[0].campaigns, 2);
        assert!((r[0].pair_recall - 5.0 / 9.0).abs() < 1e-12, "{:?}", r[0]);
        assert_eq!(r[0].whole, 1);
        assert_eq!(r[1].campaigns, 1);
        assert_eq!(r[1].pair_recall, 0.0);
    }
    use super::*;

    #[test]
    fn perfect_prediction() {
        let t = [Some(1), Some(1), None, Some(2), Some(2), Some(2)];
        let p = [Some("a"), Some("a"), None, Some("b"), Some("b"), Some("b")];
        let s = pairwise_precision_recall(&t, &p);
        assert_eq!(
            (s.truth_pairs, s.predicted_pairs, s.common_pairs),
            (4, 4, 4)
        );
        assert_eq!((s.precision, s.recall), (1.0, 1.0));
    }

    #[test]
    fn hand_computed_merge_and_split() {
        // Truth: A = {0,1,2,3} (6 pairs), B = {4,5} (1 pair), 6 alone: 7 pairs.
        // Prediction: X = {0,1,4,5} (6 pairs), Y = {2,3,6} (3 pairs): 9 pairs.
        // Cells: (A,X) = {0,1} → 1, (B,X) = {4,5} → 1, (A,Y) = {2,3} → 1: 3 common pairs.
        let t = [
            Some('A'),
            Some('A'),
            Some('A'),
            Some('A'),
            Some('B'),
            Some('B'),
            None,
        ];
        let p = [
            Some(1),
            Some(1),
            Some(2),
            Some(2),
            Some(1),
            Some(1),
            Some(2),
        ];
        let s = pairwise_precision_recall(&t, &p);
        assert_eq!(
            (s.truth_pairs, s.predicted_pairs, s.common_pairs),
            (7, 9, 3)
        );
        assert!((s.precision - 3.0 / 9.0).abs() < 1e-12);
        assert!((s.recall - 3.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn nothing_predicted_is_precise_but_recalls_nothing() {
        let t = [Some(1), Some(1), Some(1)];
        let p: [Option<u8>; 3] = [None, None, None];
        let s = pairwise_precision_recall(&t, &p);
        assert_eq!(
            (s.truth_pairs, s.predicted_pairs, s.common_pairs),
            (3, 0, 0)
        );
        assert_eq!((s.precision, s.recall), (1.0, 0.0));
    }

    #[test]
    fn a_singleton_label_makes_no_pair() {
        // A label used once is the same as no label.
        let t = [Some(1), Some(2), Some(3)];
        let p = [Some(9), None, Some(8)];
        let s = pairwise_precision_recall(&t, &p);
        assert_eq!(
            (s.truth_pairs, s.predicted_pairs, s.common_pairs),
            (0, 0, 0)
        );
    }

    #[test]
    fn large_groups_are_counted_not_enumerated() {
        let n = 300_000;
        let t: Vec<Option<u8>> = vec![Some(0); n];
        let p: Vec<Option<u8>> = (0..n).map(|i| Some((i % 2) as u8)).collect();
        let s = pairwise_precision_recall(&t, &p);
        let half = (n / 2) as u128;
        assert_eq!(s.truth_pairs, (n as u128) * (n as u128 - 1) / 2);
        assert_eq!(s.common_pairs, 2 * half * (half - 1) / 2);
        assert_eq!(s.precision, 1.0);
    }
}
