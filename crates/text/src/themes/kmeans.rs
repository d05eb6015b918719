//! Spherical k-means over unit TF-IDF vectors: seeded k-means++ and a few rounds on a sample,
//! then one parallel pass that assigns every comment to its nearest centre (cosine).

use super::vectors::Corpus;
use super::ThemeParams;
use crate::rng::Rng;

/// The centres, term-major (`w[t * k + c]` is term t's weight in centre c), so a comment's
/// similarity to every centre is one pass over its own terms.
pub(super) struct Centres {
    k: usize,
    w: Vec<f32>,
}

impl Centres {
    pub fn len(&self) -> usize {
        self.k
    }

    /// The nearest centre and the cosine to it; `None` for an empty vector.
    fn nearest(&self, doc: &[(u32, f32)], sims: &mut [f32]) -> Option<(u32, f32)> {
        if doc.is_empty() || self.k == 0 {
            return None;
        }
        sims.fill(0.0);
        for &(t, x) in doc {
            let row = &self.w[t as usize * self.k..(t as usize + 1) * self.k];
            for (s, c) in sims.iter_mut().zip(row) {
                *s += x * c;
            }
        }
        let mut best = (0u32, f32::MIN);
        for (c, &s) in sims.iter().enumerate() {
            if s > best.1 {
                best = (c as u32, s);
            }
        }
        Some(best)
    }

    fn from_dense(dense: &[Vec<f32>], terms: usize) -> Centres {
        let k = dense.len();
        let mut w = vec![0.0; terms * k];
        for (c, centre) in dense.iter().enumerate() {
            for (t, &x) in centre.iter().enumerate() {
                w[t * k + c] = x;
            }
        }
        Centres { k, w }
    }
}

/// Fit `k` centres on a seeded sample of the usable comments: `restarts` seedings, each
/// refined, the one whose sample lies closest to its centres kept (k-means finds a local
/// optimum; one seeding can put two centres in one topic and one across two).
pub(super) fn fit(corpus: &Corpus, k: usize, params: &ThemeParams) -> Centres {
    let mut rng = Rng::new(params.seed);
    let sample = sample(corpus, params.sample, &mut rng);
    if k == 0 || sample.is_empty() {
        return Centres::from_dense(&[], corpus.terms.len());
    }
    let mut best: Option<(f64, Centres)> = None;
    for _ in 0..params.restarts.max(1) {
        let centres = refine(
            corpus,
            &sample,
            seed_centres(corpus, &sample, k, &mut rng),
            params,
        );
        let score = cohesion(corpus, &sample, &centres);
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, centres));
        }
    }
    best.map(|(_, c)| c).expect("at least one restart")
}

/// Lloyd rounds on the sample until nothing moves.
fn refine(
    corpus: &Corpus,
    sample: &[usize],
    mut dense: Vec<Vec<f32>>,
    params: &ThemeParams,
) -> Centres {
    let k = dense.len();
    for _ in 0..params.rounds {
        let centres = Centres::from_dense(&dense, corpus.terms.len());
        let mut sims = vec![0.0; k];
        let labels: Vec<Option<(u32, f32)>> = sample
            .iter()
            .map(|&d| centres.nearest(&corpus.docs[d], &mut sims))
            .collect();
        let next = mean_centres(corpus, sample.iter().copied().zip(labels), k);
        let moved = next != dense;
        dense = refill_empty(corpus, sample, next, &centres);
        if !moved {
            break;
        }
    }
    Centres::from_dense(&dense, corpus.terms.len())
}

/// Sum over the sample of the cosine to the nearest centre (higher is better).
fn cohesion(corpus: &Corpus, sample: &[usize], centres: &Centres) -> f64 {
    let mut sims = vec![0.0; centres.len()];
    sample
        .iter()
        .filter_map(|&d| centres.nearest(&corpus.docs[d], &mut sims))
        .map(|(_, s)| s as f64)
        .sum()
}

/// Every comment's nearest centre, on `threads` threads (same result for any count).
pub(super) fn assign_all(
    corpus: &Corpus,
    centres: &Centres,
    threads: usize,
) -> Vec<Option<(u32, f32)>> {
    let chunk = corpus.docs.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = corpus
            .docs
            .chunks(chunk)
            .map(|docs| {
                s.spawn(move || {
                    let mut sims = vec![0.0; centres.len()];
                    docs.iter()
                        .map(|d| centres.nearest(d, &mut sims))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("theme assignment thread panicked"))
            .collect()
    })
}

/// The centres recomputed from all their members (for the top terms).
pub(super) fn centres_of(
    corpus: &Corpus,
    assigned: &[Option<(u32, f32)>],
    k: usize,
) -> Vec<Vec<f32>> {
    mean_centres(corpus, assigned.iter().copied().enumerate(), k)
}

/// Unit-length mean of each centre's members (zero vector for a centre with none).
fn mean_centres(
    corpus: &Corpus,
    labelled: impl Iterator<Item = (usize, Option<(u32, f32)>)>,
    k: usize,
) -> Vec<Vec<f32>> {
    let mut sums = vec![vec![0.0f32; corpus.terms.len()]; k];
    for (d, label) in labelled {
        if let Some((c, _)) = label {
            for &(t, x) in &corpus.docs[d] {
                sums[c as usize][t as usize] += x;
            }
        }
    }
    for s in &mut sums {
        normalize(s);
    }
    sums
}

/// A centre left without members takes the sample comment farthest from its own centre.
fn refill_empty(
    corpus: &Corpus,
    sample: &[usize],
    mut dense: Vec<Vec<f32>>,
    old: &Centres,
) -> Vec<Vec<f32>> {
    let empty: Vec<usize> = (0..dense.len())
        .filter(|&c| dense[c].iter().all(|&x| x == 0.0))
        .collect();
    if empty.is_empty() {
        return dense;
    }
    let mut sims = vec![0.0; old.len()];
    let mut far: Vec<(f32, usize)> = sample
        .iter()
        .map(|&d| {
            (
                old.nearest(&corpus.docs[d], &mut sims).map_or(1.0, |x| x.1),
                d,
            )
        })
        .collect();
    far.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for (c, (_, d)) in empty.into_iter().zip(far) {
        dense[c] = to_dense(&corpus.docs[d], corpus.terms.len());
    }
    dense
}

/// k-means++: each next centre is drawn with probability ∝ its distance (1 − cosine) to the
/// nearest chosen one.
fn seed_centres(corpus: &Corpus, sample: &[usize], k: usize, rng: &mut Rng) -> Vec<Vec<f32>> {
    let terms = corpus.terms.len();
    let first = sample[rng.below(sample.len())];
    let mut chosen = vec![to_dense(&corpus.docs[first], terms)];
    let mut dist: Vec<f32> = sample
        .iter()
        .map(|&d| 1.0 - dot(&corpus.docs[d], &chosen[0]))
        .collect();
    while chosen.len() < k {
        let total: f64 = dist.iter().map(|&x| x.max(0.0) as f64).sum();
        let pick = if total <= 0.0 {
            rng.below(sample.len())
        } else {
            let mut target = rng.unit() * total;
            let mut at = sample.len() - 1;
            for (i, &x) in dist.iter().enumerate() {
                target -= x.max(0.0) as f64;
                if target <= 0.0 {
                    at = i;
                    break;
                }
            }
            at
        };
        let centre = to_dense(&corpus.docs[sample[pick]], terms);
        for (i, &d) in sample.iter().enumerate() {
            dist[i] = dist[i].min(1.0 - dot(&corpus.docs[d], &centre));
        }
        chosen.push(centre);
    }
    chosen
}

/// A seeded sample of the usable comments, in increasing order.
fn sample(corpus: &Corpus, size: usize, rng: &mut Rng) -> Vec<usize> {
    let mut usable: Vec<usize> = (0..corpus.docs.len())
        .filter(|&d| !corpus.docs[d].is_empty())
        .collect();
    let take = size.max(1).min(usable.len());
    for i in 0..take {
        let j = i + rng.below(usable.len() - i);
        usable.swap(i, j);
    }
    usable.truncate(take);
    usable.sort_unstable();
    usable
}

fn dot(doc: &[(u32, f32)], dense: &[f32]) -> f32 {
    doc.iter().map(|&(t, x)| x * dense[t as usize]).sum()
}

fn to_dense(doc: &[(u32, f32)], terms: usize) -> Vec<f32> {
    let mut v = vec![0.0; terms];
    for &(t, x) in doc {
        v[t as usize] = x;
    }
    v
}

fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v {
            *x /= norm;
        }
    }
}
