//! Paragraph alignment between two versions.
//!
//! Every paragraph (block) of the old and of the new version ends up in exactly one [`Link`]:
//! unchanged, modified, inserted, deleted, moved, split (one old → several new) or merged
//! (several old → one new). Stable paragraph ids carry over through
//! [`Alignment::inherited_ids`].
//!
//! How, and why it stays fast on 300,000-character drafts:
//! 1. identical paragraphs are matched by a patience diff over the paragraph texts (hashing
//!    only, no similarity): this fixes the long unchanged runs;
//! 2. a paragraph deleted in one gap and found verbatim in another gap is *moved*;
//! 3. inside each remaining gap (old and new paragraphs between two unchanged runs), a small
//!    dynamic programme pairs paragraphs in order by character-bigram Dice similarity as
//!    modified, split or merged ([`gap`]); large gaps are cut into bounded chunks. A gap of
//!    n old and n new paragraphs that pairwise share most of their text as common prefix and
//!    suffix (scattered edits) is paired in order directly;
//! 4. leftover deleted and inserted paragraphs that are still similar are *moved* (with
//!    edits), when there are few enough of them to compare pairwise.

mod gap;
mod patience;
pub(crate) mod similarity;

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use serde::Serialize;

use gap::{Step, MIN_DICE};
use similarity::{bigrams, dice, intersection, Bigram};

/// How a paragraph of the new version relates to the old version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    Unchanged,
    Modified,
    Inserted,
    Deleted,
    Moved,
    Split,
    Merged,
}

impl MatchKind {
    /// The Chinese name used in comparison tables (修改对照表).
    pub fn label_zh(self) -> &'static str {
        match self {
            MatchKind::Unchanged => "未改",
            MatchKind::Modified => "修改",
            MatchKind::Inserted => "新增",
            MatchKind::Deleted => "删除",
            MatchKind::Moved => "移动",
            MatchKind::Split => "拆分",
            MatchKind::Merged => "合并",
        }
    }
}

/// One alignment link: indexes into the old and new paragraph lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub kind: MatchKind,
    /// Old paragraph indexes (empty for inserted; several for merged).
    pub old: Vec<usize>,
    /// New paragraph indexes (empty for deleted; several for split).
    pub new: Vec<usize>,
}

/// The alignment of two paragraph lists. Links come in reading order of the new version;
/// a deleted paragraph sits where it stood in the old version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alignment {
    pub links: Vec<Link>,
}

impl Alignment {
    /// For each new paragraph, the old paragraph whose stable id it inherits, if any.
    /// (Split: the first piece inherits; merged: the new paragraph inherits the first old one.)
    pub fn inherited_ids(&self, new_len: usize) -> Vec<Option<usize>> {
        let mut out = vec![None; new_len];
        for link in &self.links {
            if let (Some(&o), Some(&n)) = (link.old.first(), link.new.first()) {
                if let Some(slot) = out.get_mut(n) {
                    *slot = Some(o);
                }
            }
        }
        out
    }

    /// Number of links of each kind except unchanged, in a fixed order (for summaries).
    pub fn kind_counts(&self) -> Vec<(MatchKind, usize)> {
        let kinds = [
            MatchKind::Modified,
            MatchKind::Inserted,
            MatchKind::Deleted,
            MatchKind::Moved,
            MatchKind::Split,
            MatchKind::Merged,
        ];
        kinds
            .iter()
            .map(|&k| (k, self.links.iter().filter(|l| l.kind == k).count()))
            .collect()
    }
}

/// Leftover deleted × inserted pairs compared for moved-and-edited paragraphs, at most.
const MAX_MOVE_PAIRS: usize = 40_000;
/// A moved paragraph with edits must be at least this similar (stricter than in place).
const MIN_MOVE_DICE: f64 = 0.6;

/// Align old and new paragraphs.
pub fn align(old: &[&str], new: &[&str]) -> Alignment {
    let gaps_and_runs = runs(old, new);

    // 2. Verbatim moves across gaps: first unmatched old occurrence of the same text.
    let mut unmatched_old: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for seg in &gaps_and_runs {
        if let Segment::Gap { old: o, .. } = seg {
            for i in o.clone() {
                if let Some(t) = old.get(i) {
                    unmatched_old.entry(t).or_default().push_back(i);
                }
            }
        }
    }
    let mut moved_new: HashMap<usize, usize> = HashMap::new();
    let mut moved_old: Vec<bool> = vec![false; old.len()];
    for seg in &gaps_and_runs {
        if let Segment::Gap { new: n, .. } = seg {
            for j in n.clone() {
                let found = new
                    .get(j)
                    .and_then(|t| unmatched_old.get_mut(t))
                    .and_then(VecDeque::pop_front);
                if let Some(i) = found {
                    moved_new.insert(j, i);
                    moved_old[i] = true;
                }
            }
        }
    }

    // 3. Similarity matching inside each gap, on what is left.
    let mut old_sets: Vec<Vec<Bigram>> = vec![Vec::new(); old.len()];
    let mut new_sets: Vec<Vec<Bigram>> = vec![Vec::new(); new.len()];
    let mut gap_steps: Vec<Vec<Step>> = Vec::new();
    for seg in &gaps_and_runs {
        let Segment::Gap { old: o, new: n } = seg else {
            continue;
        };
        let o: Vec<usize> = o.clone().filter(|&i| !moved_old[i]).collect();
        let n: Vec<usize> = n.clone().filter(|j| !moved_new.contains_key(j)).collect();
        let diagonal = o.len() == n.len()
            && o.iter()
                .zip(&n)
                .all(|(&i, &j)| mostly_shared(old[i], new[j]));
        if !diagonal && !o.is_empty() && !n.is_empty() {
            for &i in &o {
                old_sets[i] = bigrams(old[i]);
            }
            for &j in &n {
                new_sets[j] = bigrams(new[j]);
            }
        }
        let mut steps = if diagonal {
            o.iter()
                .zip(&n)
                .map(|(&i, &j)| Step::Group {
                    old: vec![i],
                    new: vec![j],
                })
                .collect()
        } else {
            gap::match_gap(&o, &n, &old_sets, &new_sets)
        };
        // Verbatim-moved paragraphs arrive at their new place, in order among the inserted ones.
        let mut arrivals: Vec<usize> = seg
            .new_range()
            .filter(|j| moved_new.contains_key(j))
            .collect();
        arrivals.reverse();
        let mut merged = Vec::with_capacity(steps.len() + arrivals.len());
        for step in steps.drain(..) {
            if let Some(first) = step_first_new(&step) {
                while arrivals.last().is_some_and(|&a| a < first) {
                    if let Some(a) = arrivals.pop() {
                        merged.push(Step::Inserted(a));
                    }
                }
            }
            merged.push(step);
        }
        merged.extend(arrivals.into_iter().rev().map(Step::Inserted));
        gap_steps.push(merged);
    }

    // 4. Moved with edits: leftover deleted × inserted, greedily by similarity.
    pair_leftover_moves(
        old,
        new,
        &gap_steps,
        &mut old_sets,
        &mut new_sets,
        &mut moved_new,
        &mut moved_old,
    );

    // Emit links in reading order.
    let mut links = Vec::with_capacity(old.len().max(new.len()));
    let mut gaps = gap_steps.into_iter();
    for seg in &gaps_and_runs {
        match seg {
            Segment::Same {
                old: o,
                new: n,
                len,
            } => {
                links.extend((0..*len).map(|k| Link {
                    kind: MatchKind::Unchanged,
                    old: vec![o + k],
                    new: vec![n + k],
                }));
            }
            Segment::Gap { .. } => {
                for step in gaps.next().unwrap_or_default() {
                    if let Some(link) = step_link(step, old, new, &moved_new, &moved_old) {
                        links.push(link);
                    }
                }
            }
        }
    }
    Alignment { links }
}

/// The fast path of step 3: two paragraphs whose common prefix and suffix together cover at
/// least half of the longer one (in UTF-8 bytes) are the same paragraph, edited. A gap with
/// as many old as new paragraphs, pairwise like this, is paired in order without computing
/// similarities — the usual case of scattered edits, where the full matching would reach the
/// same pairs.
fn mostly_shared(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(a.len().min(b.len()) - prefix)
        .take_while(|(x, y)| x == y)
        .count();
    let longer = a.len().max(b.len());
    longer > 0 && 2 * (prefix + suffix) >= longer
}

/// A run of identical paragraphs, or a gap between two runs.
enum Segment {
    Same {
        old: usize,
        new: usize,
        len: usize,
    },
    Gap {
        old: Range<usize>,
        new: Range<usize>,
    },
}

impl Segment {
    fn new_range(&self) -> Range<usize> {
        match self {
            Segment::Same { new, len, .. } => *new..new + len,
            Segment::Gap { new, .. } => new.clone(),
        }
    }
}

/// Each distinct paragraph text → a small integer, so that the patience diff compares and
/// hashes integers instead of re-hashing whole paragraphs at every step.
fn intern<'a>(old: &[&'a str], new: &[&'a str]) -> (Vec<u32>, Vec<u32>, usize) {
    let mut ids: HashMap<&'a str, u32, BuildFx> =
        HashMap::with_capacity_and_hasher(old.len() + new.len(), BuildFx);
    let mut id = |t: &'a str| -> u32 {
        let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        *ids.entry(t).or_insert(next)
    };
    let o: Vec<u32> = old.iter().map(|&t| id(t)).collect();
    let n: Vec<u32> = new.iter().map(|&t| id(t)).collect();
    (o, n, ids.len())
}

/// A fast non-cryptographic hasher (the multiply-rotate step of rustc's FxHash) for
/// interning paragraph texts: the input is the caller's own text, not adversarial keys
/// worth a SipHash.
#[derive(Default, Clone, Copy)]
struct BuildFx;

#[derive(Default)]
struct Fx(u64);

impl std::hash::BuildHasher for BuildFx {
    type Hasher = Fx;
    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// 1. Patience diff over whole paragraph texts: unchanged runs and the gaps between them.
fn runs(old: &[&str], new: &[&str]) -> Vec<Segment> {
    let (old_ids, new_ids, ids) = intern(old, new);
    let mut out: Vec<Segment> = Vec::new();
    let (mut i, mut j) = (0, 0);
    let push_gap = |out: &mut Vec<Segment>, o: Range<usize>, n: Range<usize>| {
        if !o.is_empty() || !n.is_empty() {
            out.push(Segment::Gap { old: o, new: n });
        }
    };
    for (mi, mj) in patience::matches(&old_ids, &new_ids, ids) {
        push_gap(&mut out, i..mi, j..mj);
        match out.last_mut() {
            Some(Segment::Same { old, new, len }) if *old + *len == mi && *new + *len == mj => {
                *len += 1;
            }
            _ => out.push(Segment::Same {
                old: mi,
                new: mj,
                len: 1,
            }),
        }
        (i, j) = (mi + 1, mj + 1);
    }
    push_gap(&mut out, i..old.len(), j..new.len());
    out
}

fn step_first_new(step: &Step) -> Option<usize> {
    match step {
        Step::Inserted(j) => Some(*j),
        Step::Group { new, .. } => new.first().copied(),
        Step::Deleted(_) => None,
    }
}

fn step_link(
    step: Step,
    old: &[&str],
    new: &[&str],
    moved_new: &HashMap<usize, usize>,
    moved_old: &[bool],
) -> Option<Link> {
    Some(match step {
        Step::Deleted(i) if moved_old.get(i).copied().unwrap_or(false) => return None,
        Step::Deleted(i) => Link {
            kind: MatchKind::Deleted,
            old: vec![i],
            new: vec![],
        },
        Step::Inserted(j) => match moved_new.get(&j) {
            Some(&i) => Link {
                kind: MatchKind::Moved,
                old: vec![i],
                new: vec![j],
            },
            None => Link {
                kind: MatchKind::Inserted,
                old: vec![],
                new: vec![j],
            },
        },
        Step::Group { old: o, new: n } => {
            let kind = match (o.len(), n.len()) {
                (1, 1) if old.get(o[0]) == new.get(n[0]) => MatchKind::Unchanged,
                (1, 1) => MatchKind::Modified,
                (1, _) => MatchKind::Split,
                _ => MatchKind::Merged,
            };
            Link {
                kind,
                old: o,
                new: n,
            }
        }
    })
}

fn pair_leftover_moves(
    old: &[&str],
    new: &[&str],
    gap_steps: &[Vec<Step>],
    old_sets: &mut [Vec<Bigram>],
    new_sets: &mut [Vec<Bigram>],
    moved_new: &mut HashMap<usize, usize>,
    moved_old: &mut [bool],
) {
    let dels: Vec<usize> = gap_steps
        .iter()
        .flatten()
        .filter_map(|s| match s {
            Step::Deleted(i) if !moved_old.get(*i).copied().unwrap_or(true) => Some(*i),
            _ => None,
        })
        .collect();
    let ins: Vec<usize> = gap_steps
        .iter()
        .flatten()
        .filter_map(|s| match s {
            Step::Inserted(j) if !moved_new.contains_key(j) => Some(*j),
            _ => None,
        })
        .collect();
    // Bounded on purpose: a wholesale rewrite stays deleted + inserted rather than going quadratic.
    if dels.is_empty() || ins.is_empty() || dels.len() * ins.len() > MAX_MOVE_PAIRS {
        return;
    }
    for &i in &dels {
        if old_sets[i].is_empty() {
            old_sets[i] = bigrams(old[i]);
        }
    }
    for &j in &ins {
        if new_sets[j].is_empty() {
            new_sets[j] = bigrams(new[j]);
        }
    }
    let mut cands: Vec<(u64, usize, usize)> = Vec::new();
    for &i in &dels {
        for &j in &ins {
            let d = dice(
                intersection(&old_sets[i], &new_sets[j]),
                old_sets[i].len(),
                new_sets[j].len(),
            );
            if d >= MIN_MOVE_DICE.max(MIN_DICE) {
                // Integer key keeps the ordering total and deterministic.
                cands.push(((d * 1e9) as u64, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in cands {
        if !moved_old[i] && !moved_new.contains_key(&j) {
            moved_old[i] = true;
            moved_new.insert(j, i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: [&str; 6] = [
        "坚持以人民为中心的发展思想，推动发展成果更多更公平惠及全体人民。",
        "加快构建新发展格局，着力推动高质量发展，统筹发展和安全。",
        "深化科技体制改革，加强国家战略科技力量，提升自主创新能力。",
        "健全社会保障体系，完善基本养老保险制度，扩大保障覆盖范围。",
        "推进生态文明建设，持续改善环境质量，促进人与自然和谐共生。",
        "加强党的全面领导，把党的领导贯穿改革发展稳定各领域全过程。",
    ];

    fn kinds(a: &Alignment) -> Vec<MatchKind> {
        a.links
            .iter()
            .map(|l| l.kind)
            .filter(|k| *k != MatchKind::Unchanged)
            .collect()
    }

    #[test]
    fn identical_versions_are_unchanged() {
        let a = align(&P, &P);
        assert!(kinds(&a).is_empty());
        assert_eq!(a.inherited_ids(6), (0..6).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn each_paragraph_operation_is_recognised() {
        let edited = P[2].replace("提升", "全面提升");
        let joined = format!("{}{}", P[2], P[3]);
        let cases: Vec<(Vec<&str>, MatchKind)> = vec![
            (
                vec![P[0], P[1], &edited, P[3], P[4], P[5]],
                MatchKind::Modified,
            ),
            (
                vec![
                    P[0],
                    P[1],
                    "新增一段关于对外开放的内容，推进高水平对外开放。",
                    P[2],
                    P[3],
                    P[4],
                    P[5],
                ],
                MatchKind::Inserted,
            ),
            (vec![P[0], P[1], P[3], P[4], P[5]], MatchKind::Deleted),
            (vec![P[0], P[2], P[3], P[4], P[1], P[5]], MatchKind::Moved),
            (
                vec![
                    P[0],
                    "加快构建新发展格局，",
                    "着力推动高质量发展，统筹发展和安全。",
                    P[2],
                    P[3],
                    P[4],
                    P[5],
                ],
                MatchKind::Split,
            ),
            (vec![P[0], P[1], &joined, P[4], P[5]], MatchKind::Merged),
        ];
        for (new, kind) in cases {
            let a = align(&P, &new);
            assert_eq!(kinds(&a), vec![kind], "{new:?}");
        }
    }

    #[test]
    fn every_paragraph_is_linked_once() {
        let new = [P[5], P[0], "完全不同的新段落。", P[3]];
        let a = align(&P, &new);
        let mut seen_old = [0; 6];
        let mut seen_new = [0; 4];
        for l in &a.links {
            l.old.iter().for_each(|&i| seen_old[i] += 1);
            l.new.iter().for_each(|&j| seen_new[j] += 1);
        }
        assert!(
            seen_old.iter().chain(seen_new.iter()).all(|&c| c == 1),
            "{a:?}"
        );
    }

    #[test]
    fn split_inherits_into_first_piece() {
        let new = [
            P[0],
            "加快构建新发展格局，",
            "着力推动高质量发展，统筹发展和安全。",
        ];
        let ids = align(&P[..2], &new).inherited_ids(3);
        assert_eq!(ids, vec![Some(0), Some(1), None]);
    }

    #[test]
    fn mostly_shared_texts() {
        assert!(mostly_shared(P[0], &P[0].replace("更多更", "更加")));
        assert!(mostly_shared("一、总体要求", "二、总体要求"));
        assert!(!mostly_shared("一、总体要求", "二、主要任务"));
        assert!(!mostly_shared(P[0], P[1]));
        assert!(!mostly_shared("", ""));
        // Repeated text: prefix and suffix never overlap.
        assert!(!mostly_shared("哈哈", "哈哈哈哈哈"));
    }

    #[test]
    fn consecutive_edited_paragraphs_pair_in_order() {
        let new: Vec<String> = P.iter().map(|p| p.replacen('，', "；", 1)).collect();
        let new: Vec<&str> = new.iter().map(String::as_str).collect();
        let a = align(&P, &new);
        assert_eq!(kinds(&a), vec![MatchKind::Modified; 6]);
        assert_eq!(a.inherited_ids(6), (0..6).map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn empty_inputs() {
        assert!(align(&[], &[]).links.is_empty());
        assert_eq!(kinds(&align(&[], &P[..1])), vec![MatchKind::Inserted]);
        assert_eq!(kinds(&align(&P[..1], &[])), vec![MatchKind::Deleted]);
        assert_eq!(align(&P, &[]).inherited_ids(0), Vec::<Option<usize>>::new());
    }
}
