//! Matching inside one gap: the old and new paragraphs left between two runs of identical
//! paragraphs. A small dynamic programme pairs them in order as modified (1:1), split (1:k) or
//! merged (k:1), leaving the rest as deleted or inserted.
//!
//! The cost is bounded: gaps larger than [`MAX_CHUNK`] on a side are cut into diagonal chunks,
//! so the similarity work is at most `MAX_CHUNK²` bigram intersections per chunk.

use super::similarity::{dice, intersection, union, Bigram};

/// A pair of paragraphs is "the same paragraph, modified" from this Dice coefficient up.
pub(crate) const MIN_DICE: f64 = 0.5;
/// Each piece of a split (merge) must have this share of its bigrams in the whole.
const MIN_CONTAINMENT: f64 = 0.6;
/// At most this many pieces in one split or merge.
const MAX_GROUP: usize = 4;
/// Largest gap side handled in one dynamic programme.
const MAX_CHUNK: usize = 80;
/// Score cost of each extra piece, so that a 1:1 pair wins a tie against a split.
const PIECE_PENALTY: f64 = 1.0;

/// One decision inside a gap, in document order. Indexes are global paragraph indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Deleted(usize),
    Inserted(usize),
    /// Old paragraphs matched to new ones (1:1, 1:k or k:1).
    Group {
        old: Vec<usize>,
        new: Vec<usize>,
    },
}

/// Match the old paragraphs `old` against the new paragraphs `new` (both in document order);
/// `old_sets[i]` / `new_sets[j]` are the bigram sets of those global indexes.
pub(crate) fn match_gap(
    old: &[usize],
    new: &[usize],
    old_sets: &[Vec<Bigram>],
    new_sets: &[Vec<Bigram>],
) -> Vec<Step> {
    let chunks = old.len().max(new.len()).div_ceil(MAX_CHUNK).max(1);
    let mut steps = Vec::with_capacity(old.len() + new.len());
    for t in 0..chunks {
        let o = &old[old.len() * t / chunks..old.len() * (t + 1) / chunks];
        let n = &new[new.len() * t / chunks..new.len() * (t + 1) / chunks];
        steps.extend(match_chunk(o, n, old_sets, new_sets));
    }
    steps
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Back {
    Start,
    SkipOld,
    SkipNew,
    Pair,
    Split(usize),
    Merge(usize),
}

fn set(sets: &[Vec<Bigram>], i: usize) -> &[Bigram] {
    sets.get(i).map(Vec::as_slice).unwrap_or(&[])
}

fn match_chunk(
    old: &[usize],
    new: &[usize],
    old_sets: &[Vec<Bigram>],
    new_sets: &[Vec<Bigram>],
) -> Vec<Step> {
    let (go, gn) = (old.len(), new.len());
    if go == 0 || gn == 0 {
        return old
            .iter()
            .map(|&o| Step::Deleted(o))
            .chain(new.iter().map(|&n| Step::Inserted(n)))
            .collect();
    }
    let olen: Vec<usize> = old.iter().map(|&o| set(old_sets, o).len()).collect();
    let nlen: Vec<usize> = new.iter().map(|&n| set(new_sets, n).len()).collect();
    // Pairwise intersections, computed once: every transition below reads them.
    let mut inter = vec![0usize; go * gn];
    for (i, &o) in old.iter().enumerate() {
        for (j, &n) in new.iter().enumerate() {
            inter[i * gn + j] = intersection(set(old_sets, o), set(new_sets, n));
        }
    }
    let contained = |i: usize, j: usize, piece_len: usize| -> bool {
        piece_len > 0 && inter[i * gn + j] as f64 / piece_len as f64 >= MIN_CONTAINMENT
    };

    let w = gn + 1;
    let mut best = vec![0.0f64; (go + 1) * w];
    let mut back = vec![Back::Start; (go + 1) * w];
    for i in 0..=go {
        for j in 0..=gn {
            if i == 0 && j == 0 {
                continue;
            }
            let mut top = f64::NEG_INFINITY;
            let mut arg = Back::Start;
            let mut offer = |score: f64, b: Back| {
                if score > top {
                    top = score;
                    arg = b;
                }
            };
            if i > 0 && j > 0 {
                let x = inter[(i - 1) * gn + (j - 1)];
                if dice(x, olen[i - 1], nlen[j - 1]) >= MIN_DICE {
                    offer(best[(i - 1) * w + (j - 1)] + 2.0 * x as f64, Back::Pair);
                }
                // Split: old i-1 → new j-k .. j.
                for k in 2..=MAX_GROUP.min(j) {
                    if !(j - k..j).all(|p| contained(i - 1, p, nlen[p])) {
                        continue;
                    }
                    let pieces: Vec<&[Bigram]> =
                        new[j - k..j].iter().map(|&n| set(new_sets, n)).collect();
                    let u = union(&pieces);
                    let whole = set(old_sets, old[i - 1]);
                    let x = intersection(whole, &u);
                    if dice(x, whole.len(), u.len()) >= MIN_DICE {
                        let s = best[(i - 1) * w + (j - k)] + 2.0 * x as f64
                            - PIECE_PENALTY * (k - 1) as f64;
                        offer(s, Back::Split(k));
                    }
                }
                // Merge: old i-k .. i → new j-1.
                for k in 2..=MAX_GROUP.min(i) {
                    if !(i - k..i).all(|p| contained(p, j - 1, olen[p])) {
                        continue;
                    }
                    let pieces: Vec<&[Bigram]> =
                        old[i - k..i].iter().map(|&o| set(old_sets, o)).collect();
                    let u = union(&pieces);
                    let whole = set(new_sets, new[j - 1]);
                    let x = intersection(whole, &u);
                    if dice(x, whole.len(), u.len()) >= MIN_DICE {
                        let s = best[(i - k) * w + (j - 1)] + 2.0 * x as f64
                            - PIECE_PENALTY * (k - 1) as f64;
                        offer(s, Back::Merge(k));
                    }
                }
            }
            if i > 0 {
                offer(best[(i - 1) * w + j], Back::SkipOld);
            }
            if j > 0 {
                offer(best[i * w + (j - 1)], Back::SkipNew);
            }
            best[i * w + j] = top;
            back[i * w + j] = arg;
        }
    }

    let mut steps = Vec::new();
    let (mut i, mut j) = (go, gn);
    while i > 0 || j > 0 {
        match back[i * w + j] {
            Back::Start => break,
            Back::SkipOld => {
                i -= 1;
                steps.push(Step::Deleted(old[i]));
            }
            Back::SkipNew => {
                j -= 1;
                steps.push(Step::Inserted(new[j]));
            }
            Back::Pair => {
                i -= 1;
                j -= 1;
                steps.push(Step::Group {
                    old: vec![old[i]],
                    new: vec![new[j]],
                });
            }
            Back::Split(k) => {
                i -= 1;
                j -= k;
                steps.push(Step::Group {
                    old: vec![old[i]],
                    new: new[j..j + k].to_vec(),
                });
            }
            Back::Merge(k) => {
                i -= k;
                j -= 1;
                steps.push(Step::Group {
                    old: old[i..i + k].to_vec(),
                    new: vec![new[j]],
                });
            }
        }
    }
    steps.reverse();
    steps
}

#[cfg(test)]
mod tests {
    use super::super::similarity::bigrams;
    use super::*;

    fn run(old: &[&str], new: &[&str]) -> Vec<Step> {
        let os: Vec<_> = old.iter().map(|t| bigrams(t)).collect();
        let ns: Vec<_> = new.iter().map(|t| bigrams(t)).collect();
        let oi: Vec<usize> = (0..old.len()).collect();
        let ni: Vec<usize> = (0..new.len()).collect();
        match_gap(&oi, &ni, &os, &ns)
    }

    const A: &str = "坚持以人民为中心的发展思想，推动发展成果更多更公平惠及全体人民。";
    const B: &str = "加快构建新发展格局，着力推动高质量发展，统筹发展和安全。";

    #[test]
    fn similar_pair_is_matched() {
        let a2 = A.replace("更多更公平", "更加公平");
        assert_eq!(
            run(&[A], &[&a2]),
            vec![Step::Group {
                old: vec![0],
                new: vec![0]
            }]
        );
    }

    #[test]
    fn unrelated_pair_is_deleted_and_inserted() {
        let steps = run(&[A], &[B]);
        assert!(
            steps.contains(&Step::Deleted(0)) && steps.contains(&Step::Inserted(0)),
            "{steps:?}"
        );
    }

    #[test]
    fn split_and_merge_are_found() {
        let (p1, p2) = A.split_at(A.find('，').unwrap_or(0) + '，'.len_utf8());
        assert_eq!(
            run(&[A], &[p1, p2]),
            vec![Step::Group {
                old: vec![0],
                new: vec![0, 1]
            }]
        );
        assert_eq!(
            run(&[p1, p2], &[A]),
            vec![Step::Group {
                old: vec![0, 1],
                new: vec![0]
            }]
        );
    }

    #[test]
    fn large_gaps_are_chunked_without_losing_paragraphs() {
        let old: Vec<String> = (0..200).map(|i| format!("第{i}段旧文字")).collect();
        let new: Vec<String> = (0..170).map(|i| format!("新内容{i}号")).collect();
        let o: Vec<&str> = old.iter().map(String::as_str).collect();
        let n: Vec<&str> = new.iter().map(String::as_str).collect();
        let steps = run(&o, &n);
        let count = |f: fn(&Step) -> usize| steps.iter().map(f).sum::<usize>();
        assert_eq!(
            count(|s| matches!(s, Step::Deleted(_)) as usize + group_len(s, true)),
            200
        );
        assert_eq!(
            count(|s| matches!(s, Step::Inserted(_)) as usize + group_len(s, false)),
            170
        );
    }

    fn group_len(s: &Step, old: bool) -> usize {
        match s {
            Step::Group { old: o, new: n } => {
                if old {
                    o.len()
                } else {
                    n.len()
                }
            }
            _ => 0,
        }
    }
}
