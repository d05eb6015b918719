//! Campaigns and near-duplicates among public comments (issue 7, part 3).
//!
//! Open consultations draw comments by the hundred thousand, many of them one form letter sent
//! again and again with small edits. [`CampaignDetector`] groups them so that a drafting office
//! sees each campaign once, with its size — it never drops or merges away a comment: every input
//! row is a member of exactly one group or of none.
//!
//! # Method
//! 1. **Exact duplicates.** Each text is normalised ([`normalize`]: NFKC, punctuation and white
//!    space removed, ASCII lower-cased) and keyed by [`exact_key`] (SHA-256). Rows with the same
//!    key are one *node* with a multiplicity: a text sent 100,000 times costs one node.
//! 2. **Near duplicates.** A node's normalised text (at least [`Params::min_chars`] characters) is
//!    cut into `k`-character shingles ([`minhash::shingle_set`]); a MinHash signature of
//!    `bands × rows` hand-written, seeded hash functions gives one LSH key per band.
//! 3. **Leaders, not all pairs.** Nodes are taken in input order. A node is compared only with
//!    *leaders* found under its band keys; each bucket keeps at most
//!    [`Params::leaders_per_bucket`] leaders, so even a campaign of 200,000 members in one bucket
//!    costs a bounded number of comparisons per node, never 2·10¹⁰. A node that matches no leader
//!    becomes a leader itself (its shingle set is kept); a node that matches is not kept: memory
//!    grows with the number of distinct, unmatched texts, not with the number of rows.
//! 4. **Every link verified.** A candidate becomes a link only if the exact Jaccard similarity of
//!    the two shingle sets (32-bit shingle hashes) is at least [`Params::threshold`]. Before that
//!    exact comparison, a cheap one refuses most unrelated candidates: the low 8 bits of each
//!    MinHash value (a b-bit sketch, 54 bytes per leader) must agree often enough for the
//!    estimated similarity to be within 0.2 of the threshold (a pair at the threshold passes
//!    with probability above 0.998). With [`CampaignDetector::ignore_text`] (the draft), the
//!    shingles that are the commenters' own must also reach [`Params::own_threshold`].
//! 5. **Union–find with a guard against chaining.** A node joins the component of its best
//!    match. If it also matches leaders of other components, it unites them only when the other
//!    component is a single text; two components of several texts each are united only after
//!    [`Params::bridge_evidence`] different texts have matched both — one odd comment that pastes
//!    two form letters together does not merge two campaigns.
//!
//! Work is done in batches of [`Params::batch`] rows: normalising, hashing, signatures and the
//! comparisons with the leaders of earlier batches run on [`Params::threads`] threads
//! (`std::thread::scope`), and the decisions are then taken in input order by one thread, so the
//! groups — and their ids — are the same for any number of threads. (The batch size is part of
//! the tuning: within a batch, candidates already in one component are skipped by the component
//! they had when the batch began, which can change which leader is credited with a link.)
//!
//! # Groups
//! [`CampaignDetector::finish`] returns every group of two rows or more, largest first (ties: the
//! earliest first member), numbered from 1. The **representative** is the group's most frequent
//! normalised text — what the campaign actually sent most — with ties broken by the number of
//! texts verified against it (a central text), then by the earliest. The caller shows how any
//! member differs from it with [`difference`].
//!
//! ```
//! use yijian_text::campaign::{CampaignDetector, Params};
//!
//! let mut d = CampaignDetector::new(Params::default());
//! d.push(1, "建议明确网格员的职责范围，减少网格员承担的行政事务，切实减轻基层负担。", None);
//! d.push(2, "建议明确网格员的职责范围,减少网格员承担的行政事务,切实减轻基层负担!", None);
//! d.push(3, "您好！建议明确网格员的职责范围，减少网格员承担的行政事务，切实减轻基层的负担。", None);
//! d.push(4, "对于社区养老服务，建议加大对农村的投入，提高村医待遇。", None);
//! let groups = d.finish();
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].members, vec![1, 2, 3]);
//! assert_eq!(groups[0].representative, 1);
//! ```

pub mod difference;
pub mod minhash;
pub mod normalize;

pub use difference::{difference, Difference, Edit, Wording};
pub use normalize::{exact_key, normalize};

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use minhash::{band_keys, mix64, shingle_set, MinHasher};

/// The tuning of the detector. [`Params::default`] is the tuning measured on the generated
/// corpus (see `ARCHITECTURE.md` and the `campaigns` benchmark of `yijian-corpus`).
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// Characters per shingle (`k`).
    pub shingle: usize,
    /// LSH bands; the signature has `bands × rows` hash values.
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
    /// Least Jaccard similarity of two shingle sets to link them.
    pub threshold: f64,
    /// Least Jaccard similarity of the shingles that are the commenters' own, when a text is
    /// ignored ([`CampaignDetector::ignore_text`]: the draft they quote).
    pub own_threshold: f64,
    /// Shortest normalised text (in characters) that takes part in near-duplicate detection;
    /// shorter ones are grouped only with exact duplicates.
    pub min_chars: usize,
    /// Most leaders kept in one LSH bucket.
    pub leaders_per_bucket: usize,
    /// Texts that must match two components of several texts each before they are united.
    pub bridge_evidence: u32,
    /// Rows per batch.
    pub batch: usize,
    /// Worker threads (the result does not depend on it).
    pub threads: usize,
}

impl Default for Params {
    /// 18 bands of 3 rows: a pair at J = 0.5 becomes a candidate with probability
    /// 1 − (1 − 0.5³)¹⁸ ≈ 0.91 (16 × 4: 0.64). Large campaigns are found either way, through
    /// many members; a small one's members meet few leaders, so each candidate counts
    /// (measured on 300,000 comments with three times the edits per copy: pair recall inside
    /// campaigns of 2–9 comments 0.942 → 0.958, for 13 % more CPU time; 21 × 3 found no more).
    fn default() -> Params {
        Params {
            shingle: 3,
            bands: 18,
            rows: 3,
            threshold: 0.5,
            own_threshold: 0.5,
            min_chars: 10,
            leaders_per_bucket: 4,
            bridge_evidence: 2,
            batch: 8192,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

impl Params {
    /// Number of MinHash functions (`bands × rows`).
    pub fn hashes(&self) -> usize {
        self.bands * self.rows
    }
}

/// A group of comments: a campaign, or a text sent several times.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Group {
    /// 1, 2, …: largest group first, ties by earliest first member.
    pub id: usize,
    /// Number of members (rows).
    pub size: usize,
    /// The members' indices as pushed, in push order.
    pub members: Vec<u64>,
    /// The index of the first row carrying the representative text.
    pub representative: u64,
    /// How many members are exact copies (after normalisation) of the representative.
    pub representative_copies: usize,
    /// Number of different normalised texts among the members.
    pub distinct_texts: usize,
    /// Earliest and latest `submitted_at` among the members that have one.
    pub first_seen: Option<i64>,
    pub last_seen: Option<i64>,
}

/// What the detector did (for benchmarks and diagnostics).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub rows: u64,
    /// Distinct normalised texts.
    pub texts: u64,
    /// Texts too short for near-duplicate detection.
    pub short_texts: u64,
    /// Texts kept as leaders (with their shingle sets).
    pub leaders: u64,
    /// Shingle hashes kept for the leaders.
    pub kept_shingles: u64,
    /// Candidate pairs looked at, and of those verified by exact Jaccard.
    pub candidates: u64,
    pub verified: u64,
    /// Verified pairs at or above the threshold.
    pub links: u64,
    /// Unions of two multi-text components refused for want of evidence.
    pub bridges_withheld: u64,
}

/// Identity hashing for keys that are already uniform hashes.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = mix64(n as u64);
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = (n as u64) ^ ((n >> 64) as u64);
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
type IdSet = std::collections::HashSet<u32, BuildHasherDefault<IdHasher>>;

const NONE: u32 = u32::MAX;
const NO_TIME: i64 = i64::MIN;

struct Node {
    first_row: u32,
    multiplicity: u32,
    /// Times a newcomer was linked to this node as a leader.
    links: u32,
    /// Index into the leaders when this node is one.
    leader: u32,
}

/// A leader's shingle set (each in its own allocation: no doubling of one huge arena) and the
/// number of its shingles not in an ignored text. Its sketch is in one flat array, looked at
/// first (one cache line).
struct Leader {
    set: Box<[u32]>,
    own: u32,
}

/// One entry of a bucket's list of leaders, newest first.
#[derive(Clone, Copy)]
struct Link {
    node: u32,
    next: u32,
}

/// The LSH buckets: band key → the bucket's newest leader, older ones chained through `chain`.
/// Split into shards by the key's top bits (each shard grows on its own, so a resize never
/// doubles the whole table at once); a shard keys by the low 32 bits — two bands colliding
/// there only add a candidate, which is verified like any other.
struct Buckets {
    shards: Vec<IdMap<u32, Link>>,
    chain: Vec<Link>,
}

const SHARD_BITS: u32 = 6;

impl Buckets {
    fn new() -> Buckets {
        Buckets {
            shards: (0..1 << SHARD_BITS).map(|_| IdMap::default()).collect(),
            chain: Vec::new(),
        }
    }

    fn slot(key: u64) -> (usize, u32) {
        ((key >> (64 - SHARD_BITS)) as usize, key as u32)
    }

    /// The leaders under `key`, newest first, while `keep_going(node)`.
    fn walk(&self, key: u64, mut visit: impl FnMut(u32) -> bool) {
        let (shard, k) = Buckets::slot(key);
        let Some(&head) = self.shards[shard].get(&k) else {
            return;
        };
        let mut l = head;
        loop {
            if !visit(l.node) || l.next == NONE {
                return;
            }
            l = self.chain[l.next as usize];
        }
    }

    /// Adds `node` under `key` unless the bucket already holds `cap` leaders.
    fn insert(&mut self, key: u64, node: u32, cap: usize) -> bool {
        let mut len = 0;
        self.walk(key, |_| {
            len += 1;
            true
        });
        if len >= cap {
            return false;
        }
        let (shard, k) = Buckets::slot(key);
        match self.shards[shard].get_mut(&k) {
            None => {
                self.shards[shard].insert(k, Link { node, next: NONE });
            }
            Some(head) => {
                self.chain.push(*head);
                *head = Link {
                    node,
                    next: self.chain.len() as u32 - 1,
                };
            }
        }
        true
    }
}

/// What the parallel phase found for one new text.
struct Work {
    set: Vec<u32>,
    /// Shingles of `set` that are not in an ignored text.
    own: u32,
    /// The low 8 bits of each signature value.
    sketch: Vec<u8>,
    bands: Vec<u64>,
    /// Verified matches among the leaders of earlier batches: (leader, similarity).
    matches: Vec<(u32, f64)>,
    candidates: u64,
    verified: u64,
}

/// The state the parallel phase reads.
struct Frozen<'a> {
    params: &'a Params,
    ignored: &'a IdSet,
    hasher: &'a MinHasher,
    buckets: &'a Buckets,
    nodes: &'a [Node],
    leaders: &'a [Leader],
    sketches: &'a [u8],
    parent: &'a [u32],
}

fn find_frozen(parent: &[u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        x = parent[x as usize];
    }
    x
}

/// Scratch buffers of one worker thread.
#[derive(Default)]
struct Scratch {
    chars: Vec<char>,
    sig: Vec<u32>,
    seen: Vec<u32>,
    roots: Vec<u32>,
}

/// Verifies `w` against leader `l` with sketch `sketch` (sketch, size bound, exact Jaccard).
fn check(
    params: &Params,
    ignored: &IdSet,
    w: &Work,
    sketch: &[u8],
    l: &Leader,
) -> (bool, Option<f64>) {
    let t = params.threshold;
    if !sketches_may_reach(&w.sketch, sketch, t) || !could_reach(w.set.len(), l.set.len(), t) {
        return (false, None);
    }
    (
        true,
        verify(params, ignored, (&w.set, w.own), (&l.set, l.own)),
    )
}

/// The sketch of leader number `l` in the flat array.
fn sketch_of(sketches: &[u8], hashes: usize, l: u32) -> &[u8] {
    let at = l as usize * hashes;
    &sketches[at..at + hashes]
}

impl Frozen<'_> {
    fn work(&self, normalized: &str, sc: &mut Scratch) -> Work {
        sc.chars.clear();
        sc.chars.extend(normalized.chars());
        let mut w = Work {
            set: Vec::new(),
            own: 0,
            sketch: Vec::new(),
            bands: Vec::new(),
            matches: Vec::new(),
            candidates: 0,
            verified: 0,
        };
        if sc.chars.len() < self.params.min_chars {
            return w;
        }
        shingle_set(&sc.chars, self.params.shingle, &mut w.set);
        w.own = own_count(&w.set, self.ignored);
        self.hasher.signature(&w.set, &mut sc.sig);
        band_keys(&sc.sig, self.params.rows, &mut w.bands);
        w.sketch = sc.sig.iter().map(|&v| v as u8).collect();
        sc.seen.clear();
        sc.roots.clear();
        let (mut matches, mut candidates, mut verified) = (Vec::new(), 0, 0);
        for &key in &w.bands {
            self.buckets.walk(key, |node| {
                if sc.seen.contains(&node) {
                    return true;
                }
                sc.seen.push(node);
                candidates += 1;
                let root = find_frozen(self.parent, node);
                if sc.roots.contains(&root) {
                    return true;
                }
                let l = self.nodes[node as usize].leader;
                let sketch = sketch_of(self.sketches, self.params.hashes(), l);
                let leader = &self.leaders[l as usize];
                let (looked, j) = check(self.params, self.ignored, &w, sketch, leader);
                verified += u64::from(looked);
                if let Some(j) = j {
                    matches.push((node, j));
                    sc.roots.push(root);
                }
                true
            });
        }
        w.matches = matches;
        w.candidates = candidates;
        w.verified = verified;
        w
    }
}

/// |A ∩ B| of two sorted sets, counting the common elements that pass `keep` (branch-light merge).
fn intersection(a: &[u32], b: &[u32], keep: impl Fn(u32) -> bool) -> u32 {
    let (mut i, mut j, mut common) = (0, 0, 0u32);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        if x == y && keep(x) {
            common += 1;
        }
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    common
}

/// Whether two b-bit sketches (the low 8 bits of each MinHash value) agree often enough that
/// the Jaccard similarity may reach `t`: the estimate `(m/n − 1/256) / (1 − 1/256)` must be at
/// least `t − SKETCH_MARGIN`. With 54 hashes the estimate's standard deviation at J = 0.5 is
/// 0.068, so a pair at the threshold is refused with probability below 2·10⁻³; most candidates
/// from unrelated comments (J ≈ 0.1) are refused here without the exact comparison.
fn sketches_may_reach(a: &[u8], b: &[u8], t: f64) -> bool {
    let n = a.len().min(b.len());
    if n == 0 {
        return true;
    }
    let m = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64;
    let est = (m / n as f64 - 1.0 / 256.0) / (1.0 - 1.0 / 256.0);
    est >= t - SKETCH_MARGIN
}

/// How far below the threshold a sketch estimate may fall and still be verified exactly.
const SKETCH_MARGIN: f64 = 0.2;

fn own_count(set: &[u32], ignored: &IdSet) -> u32 {
    if ignored.is_empty() {
        set.len() as u32
    } else {
        set.iter().filter(|h| !ignored.contains(h)).count() as u32
    }
}

/// The verification of a candidate pair: the exact Jaccard similarity of the two shingle sets
/// must reach `threshold`, and — when texts are ignored (the draft) — so must the similarity of
/// the shingles that are the commenters' own (`own_threshold`), unless neither has any.
/// Returns the similarity of the whole sets.
fn verify(
    params: &Params,
    ignored: &IdSet,
    (a, a_own): (&[u32], u32),
    (b, b_own): (&[u32], u32),
) -> Option<f64> {
    if a.is_empty() && b.is_empty() {
        return None;
    }
    let common = intersection(a, b, |_| true);
    let jac = common as f64 / (a.len() as u32 + b.len() as u32 - common) as f64;
    if jac < params.threshold {
        return None;
    }
    if !ignored.is_empty() && a_own + b_own > 0 {
        let common_own = intersection(a, b, |h| !ignored.contains(&h));
        let own = common_own as f64 / (a_own + b_own - common_own) as f64;
        if own < params.own_threshold {
            return None;
        }
    }
    Some(jac)
}

/// Whether sets of these sizes can reach similarity `t` (|A∩B|/|A∪B| ≤ min/max).
fn could_reach(a: usize, b: usize, t: f64) -> bool {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    hi > 0 && lo as f64 >= t * hi as f64
}

/// `f` over `items` on up to `threads` threads, results in order; `init` makes each thread's scratch.
fn par_map<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.len() < 256 {
        let mut s = init();
        return items.iter().map(|t| f(&mut s, t)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| {
                let (init, f) = (&init, &f);
                scope.spawn(move || {
                    let mut s = init();
                    c.iter().map(|t| f(&mut s, t)).collect::<Vec<R>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// Streaming campaign detection: [`push`](Self::push) rows in any number, then
/// [`finish`](Self::finish). See the module doc for the method.
pub struct CampaignDetector {
    params: Params,
    hasher: MinHasher,
    /// The rows of the current batch: index, time, and the text's span in `pending_text`.
    pending: Vec<(u64, i64, usize, usize)>,
    pending_text: String,
    row_index: Vec<u64>,
    row_at: Vec<i64>,
    row_node: Vec<u32>,
    exact: IdMap<u128, u32>,
    nodes: Vec<Node>,
    parent: Vec<u32>,
    /// Number of texts (nodes) in each component, at its root.
    texts_in: Vec<u32>,
    leaders: Vec<Leader>,
    sketches: Vec<u8>,
    buckets: Buckets,
    /// The leaders made in the current batch, by band key (small: looked up in phase 4).
    fresh: IdMap<u64, Vec<u32>>,
    bridges: HashMap<(u32, u32), u32>,
    ignored: IdSet,
    stats: Stats,
}

impl CampaignDetector {
    pub fn new(params: Params) -> CampaignDetector {
        let mut params = params;
        params.shingle = params.shingle.max(1);
        params.bands = params.bands.max(1);
        params.rows = params.rows.max(1);
        params.batch = params.batch.max(1);
        params.threads = params.threads.max(1);
        params.leaders_per_bucket = params.leaders_per_bucket.max(1);
        params.bridge_evidence = params.bridge_evidence.max(1);
        CampaignDetector {
            hasher: MinHasher::new(params.hashes()),
            pending: Vec::with_capacity(params.batch),
            pending_text: String::new(),
            params,
            row_index: Vec::new(),
            row_at: Vec::new(),
            row_node: Vec::new(),
            exact: IdMap::default(),
            nodes: Vec::new(),
            parent: Vec::new(),
            texts_in: Vec::new(),
            leaders: Vec::new(),
            sketches: Vec::new(),
            buckets: Buckets::new(),
            fresh: IdMap::default(),
            bridges: HashMap::new(),
            ignored: IdSet::default(),
            stats: Stats::default(),
        }
    }

    /// Text that does not make comments alike — the draft under consultation: two comments that
    /// quote the same sentence of it and say different things about it are not near-duplicates.
    /// A candidate pair is then linked only if, besides the whole shingle sets, the shingles
    /// that are not the ignored text's also reach [`Params::own_threshold`] (when either text
    /// has any). The exact key is not affected. Call before [`push`](Self::push); may be called
    /// for several texts.
    pub fn ignore_text(&mut self, text: &str) {
        let chars: Vec<char> = normalize(text).chars().collect();
        let mut set = Vec::new();
        shingle_set(&chars, self.params.shingle, &mut set);
        self.ignored.extend(set);
    }

    /// One comment: the caller's `index` (e.g. its row id; returned in [`Group::members`]), its
    /// text and, if known, when it was submitted (any unit, e.g. ms since the epoch).
    pub fn push(&mut self, index: u64, text: &str, submitted_at: Option<i64>) {
        let start = self.pending_text.len();
        self.pending_text.push_str(text);
        let at = submitted_at.unwrap_or(NO_TIME);
        self.pending
            .push((index, at, start, self.pending_text.len()));
        if self.pending.len() >= self.params.batch {
            self.flush();
        }
    }

    /// What the detector did so far (rows still waiting in the current batch not included).
    pub fn stats(&self) -> Stats {
        self.stats
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return ra;
        }
        // Union by size; ties keep the older root, so the result does not depend on call order.
        let (big, small) = match self.texts_in[ra as usize].cmp(&self.texts_in[rb as usize]) {
            std::cmp::Ordering::Greater => (ra, rb),
            std::cmp::Ordering::Less => (rb, ra),
            std::cmp::Ordering::Equal => (ra.min(rb), ra.max(rb)),
        };
        self.parent[small as usize] = big;
        self.texts_in[big as usize] += self.texts_in[small as usize];
        big
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        let threads = self.params.threads;

        // 1. Normalise and key every row (parallel).
        let buffer = &self.pending_text;
        let keyed = par_map(
            &pending,
            threads,
            || (),
            |_, &(_, _, start, end)| {
                let n = normalize(&buffer[start..end]);
                (exact_key(&n), n)
            },
        );

        // 2. Exact duplicates (in order): a known key adds to its node, a new key makes a node.
        let first_new = self.nodes.len() as u32;
        let mut new_texts: Vec<String> = Vec::new();
        for (&(index, at, _, _), (key, normalized)) in pending.iter().zip(keyed) {
            let row = self.row_index.len() as u32;
            self.row_index.push(index);
            self.row_at.push(at);
            let next_id = self.nodes.len() as u32;
            let node = *self.exact.entry(key).or_insert(next_id);
            if node == next_id {
                self.nodes.push(Node {
                    first_row: row,
                    multiplicity: 1,
                    links: 0,
                    leader: NONE,
                });
                self.parent.push(node);
                self.texts_in.push(1);
                new_texts.push(normalized);
            } else {
                self.nodes[node as usize].multiplicity += 1;
            }
            self.row_node.push(node);
        }
        self.stats.rows = self.row_index.len() as u64;
        self.stats.texts = self.nodes.len() as u64;
        pending.clear();
        self.pending = pending;
        self.pending_text.clear();

        // 3. Shingles, signatures, band keys, and comparisons with earlier leaders (parallel).
        let frozen = Frozen {
            params: &self.params,
            ignored: &self.ignored,
            hasher: &self.hasher,
            buckets: &self.buckets,
            nodes: &self.nodes,
            leaders: &self.leaders,
            sketches: &self.sketches,
            parent: &self.parent,
        };
        let works = par_map(&new_texts, threads, Scratch::default, |sc, text| {
            frozen.work(text, sc)
        });
        drop(new_texts);

        // 4. Decisions in input order: comparisons with this batch's leaders, links, new leaders.
        self.fresh.clear();
        for (i, w) in works.into_iter().enumerate() {
            self.decide(first_new + i as u32, w);
        }
    }

    fn decide(&mut self, node: u32, mut w: Work) {
        self.stats.candidates += w.candidates;
        self.stats.verified += w.verified;
        if w.set.is_empty() {
            self.stats.short_texts += 1;
            return;
        }
        // Leaders made in this batch were not seen in phase 3.
        let mut fresh: Vec<u32> = Vec::new();
        for key in &w.bands {
            for &n in self.fresh.get(key).into_iter().flatten() {
                if !fresh.contains(&n) {
                    fresh.push(n);
                }
            }
        }
        for n in fresh {
            self.stats.candidates += 1;
            let l = self.nodes[n as usize].leader;
            let sketch = sketch_of(&self.sketches, self.params.hashes(), l);
            let leader = &self.leaders[l as usize];
            let (verified, j) = check(&self.params, &self.ignored, &w, sketch, leader);
            self.stats.verified += u64::from(verified);
            if let Some(j) = j {
                w.matches.push((n, j));
            }
        }
        self.stats.links += w.matches.len() as u64;

        if w.matches.is_empty() {
            self.make_leader(node, w);
            return;
        }
        w.matches
            .sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (best, _) = w.matches[0];
        self.nodes[best as usize].links += 1;
        self.union(node, best);
        for &(leader, _) in &w.matches[1..] {
            let (mine, theirs) = (self.find(node), self.find(leader));
            if mine == theirs {
                continue;
            }
            self.nodes[leader as usize].links += 1;
            if self.texts_in[theirs as usize] == 1 {
                self.union(mine, theirs);
                continue;
            }
            let key = (mine.min(theirs), mine.max(theirs));
            let seen = self.bridges.entry(key).or_insert(0);
            *seen += 1;
            if *seen >= self.params.bridge_evidence {
                self.bridges.remove(&key);
                self.union(mine, theirs);
            } else {
                self.stats.bridges_withheld += 1;
            }
        }
    }

    fn make_leader(&mut self, node: u32, w: Work) {
        self.nodes[node as usize].leader = self.leaders.len() as u32;
        self.stats.leaders += 1;
        self.stats.kept_shingles += w.set.len() as u64;
        for &key in &w.bands {
            if self
                .buckets
                .insert(key, node, self.params.leaders_per_bucket)
            {
                self.fresh.entry(key).or_default().push(node);
            }
        }
        self.sketches.extend_from_slice(&w.sketch);
        self.leaders.push(Leader {
            set: w.set.into_boxed_slice(),
            own: w.own,
        });
    }

    /// Every group of two rows or more (see the module doc for order and representative).
    pub fn finish(self) -> Vec<Group> {
        self.finish_with_stats().0
    }

    /// [`finish`](Self::finish), and what the detector did.
    pub fn finish_with_stats(mut self) -> (Vec<Group>, Stats) {
        self.flush();
        let n_nodes = self.nodes.len();
        let roots: Vec<u32> = (0..n_nodes as u32).map(|x| self.find(x)).collect();
        // Rows per component.
        let mut rows_in: Vec<u32> = vec![0; n_nodes];
        for &node in &self.row_node {
            rows_in[roots[node as usize] as usize] += 1;
        }
        // Representative node per component.
        let mut rep: Vec<u32> = vec![NONE; n_nodes];
        let mut texts: Vec<u32> = vec![0; n_nodes];
        for x in 0..n_nodes as u32 {
            let r = roots[x as usize] as usize;
            texts[r] += 1;
            let better = match rep[r] {
                NONE => true,
                cur => {
                    let (a, b) = (&self.nodes[x as usize], &self.nodes[cur as usize]);
                    (a.multiplicity, a.links, std::cmp::Reverse(a.first_row))
                        > (b.multiplicity, b.links, std::cmp::Reverse(b.first_row))
                }
            };
            if better {
                rep[r] = x;
            }
        }
        let mut slot: Vec<u32> = vec![NONE; n_nodes];
        let mut groups: Vec<Group> = Vec::new();
        for (row, &node) in self.row_node.iter().enumerate() {
            let r = roots[node as usize] as usize;
            if rows_in[r] < 2 {
                continue;
            }
            if slot[r] == NONE {
                slot[r] = groups.len() as u32;
                let rn = &self.nodes[rep[r] as usize];
                groups.push(Group {
                    id: 0,
                    size: rows_in[r] as usize,
                    members: Vec::with_capacity(rows_in[r] as usize),
                    representative: self.row_index[rn.first_row as usize],
                    representative_copies: rn.multiplicity as usize,
                    distinct_texts: texts[r] as usize,
                    first_seen: None,
                    last_seen: None,
                });
            }
            let g = &mut groups[slot[r] as usize];
            g.members.push(self.row_index[row]);
            let at = self.row_at[row];
            if at != NO_TIME {
                g.first_seen = Some(g.first_seen.map_or(at, |f| f.min(at)));
                g.last_seen = Some(g.last_seen.map_or(at, |l| l.max(at)));
            }
        }
        // Groups were created in order of their first member: a stable sort by size keeps that.
        groups.sort_by_key(|g| std::cmp::Reverse(g.size));
        for (i, g) in groups.iter_mut().enumerate() {
            g.id = i + 1;
        }
        (groups, self.stats)
    }
}

#[cfg(test)]
mod tests;
