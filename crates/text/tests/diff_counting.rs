//! The modification count is exact on generated Chinese text: scattered single-place edits
//! count one each, and each whole-paragraph operation counts one.
//!
//! The guarantee under test (see the `diff` module doc): edits at least
//! `MERGE_GAP + 2 × MAX_SNAP` = 10 unchanged characters apart count one each, whatever the
//! word segmentation does.

#[path = "fixtures/diff/corpus.rs"]
mod corpus;

use proptest::prelude::*;
use yijian_text::align::MatchKind;
use yijian_text::diff::{compare, Comparison, MAX_SNAP, MERGE_GAP};
use yijian_text::structure::parse_plain;

use corpus::{document, paragraph, scatter_edits, Rng};

fn compare_paras(old: &[String], new: &[String]) -> Comparison {
    match (parse_plain(&old.join("\n")), parse_plain(&new.join("\n"))) {
        (Ok(a), Ok(b)) => compare(&a, &b),
        other => panic!("parse failed: {other:?}"),
    }
}

const SPACING: usize = MERGE_GAP + 2 * MAX_SNAP;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn k_scattered_edits_count_k(seed in any::<u64>(), k in 1usize..40) {
        let old = document(seed, 40, 100, 12);
        let mut rng = Rng::new(seed.wrapping_add(1));
        let (new, placed) = scatter_edits(&mut rng, &old, k, SPACING);
        let c = compare_paras(&old, &new);
        prop_assert_eq!(c.count(), placed, "{:#?}", c.modifications);
        prop_assert!(c.modifications.iter().all(|m| m.kind == MatchKind::Modified));
    }

    #[test]
    fn one_paragraph_operation_counts_one(seed in any::<u64>(), op in 0usize..5) {
        let old = document(seed, 30, 100, 0);
        let mut rng = Rng::new(seed ^ 0xABCD);
        let at = 1 + rng.below(old.len() - 2);
        let (new, kind) = paragraph_op(&mut rng, &old, op, at);
        let c = compare_paras(&old, &new);
        prop_assert_eq!(c.count(), 1, "{:?}: {:#?}", kind, c.modifications);
        prop_assert_eq!(c.modifications[0].kind, kind);
    }

    #[test]
    fn several_distant_paragraph_operations_count_one_each(seed in any::<u64>(), ops in prop::collection::vec(0usize..5, 1..6)) {
        let old = document(seed, 60, 100, 0);
        let mut rng = Rng::new(seed ^ 0x1234);
        // Apply from the end so earlier places stay valid; 10 paragraphs apart.
        let mut new = old.clone();
        for (t, &op) in ops.iter().enumerate().rev() {
            let at = 3 + t * 10;
            new = paragraph_op(&mut rng, &new, op, at).0;
        }
        let c = compare_paras(&old, &new);
        prop_assert_eq!(c.count(), ops.len(), "{:#?}", c.modifications);
    }
}

/// Apply one whole-paragraph operation at paragraph `at`; returns the new list and the kind
/// the comparison must report.
fn paragraph_op(rng: &mut Rng, paras: &[String], op: usize, at: usize) -> (Vec<String>, MatchKind) {
    let mut new = paras.to_vec();
    let at = at.min(new.len().saturating_sub(2));
    match op {
        0 => {
            new.insert(at, paragraph(rng, 80));
            (new, MatchKind::Inserted)
        }
        1 => {
            new.remove(at);
            (new, MatchKind::Deleted)
        }
        2 => {
            let p = new.remove(at);
            let to = if at + 5 < new.len() {
                at + 5
            } else {
                at.saturating_sub(5)
            };
            new.insert(to, p);
            (new, MatchKind::Moved)
        }
        3 => {
            let chars: Vec<char> = new[at].chars().collect();
            let cut = chars.len() / 3 + rng.below(chars.len() / 3 + 1);
            let (a, b): (String, String) =
                (chars[..cut].iter().collect(), chars[cut..].iter().collect());
            new[at] = a;
            new.insert(at + 1, b);
            (new, MatchKind::Split)
        }
        _ => {
            let b = new.remove(at + 1);
            new[at].push_str(&b);
            (new, MatchKind::Merged)
        }
    }
}

#[test]
fn identical_documents_count_zero() {
    let d = document(7, 50, 100, 10);
    assert_eq!(compare_paras(&d, &d).count(), 0);
}

#[test]
fn counts_are_reported_per_part() {
    let old = document(11, 40, 100, 10);
    let mut new = old.clone();
    // Paragraph 2 lies in the first part, paragraph 13 (after the second heading) in the second.
    new[2].insert(9, '新');
    new[13].insert(9, '新');
    new[14].insert(9, '新');
    let c = compare_paras(&old, &new);
    let by_part: Vec<(Option<String>, usize)> = c
        .by_part()
        .into_iter()
        .map(|p| (p.part, p.modifications))
        .collect();
    assert_eq!(c.count(), 3);
    assert_eq!(by_part.iter().map(|p| p.1).sum::<usize>(), 3);
}
