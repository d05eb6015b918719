//! Character shingles, MinHash signatures and LSH band keys, with hand-written hashes and fixed
//! seeds: a signature or band key computed today is the same after any build or crate upgrade
//! (`signature_is_pinned` breaks if the hashing changes).
//!
//! - A **shingle** is `k` consecutive characters of the normalised text; a text shorter than `k`
//!   (but not empty) is one shingle of itself. Its 32-bit hash: SplitMix64's mix applied once per
//!   character (`h = mix(h ^ code point)`, from a fixed seed), high 32 bits.
//! - **MinHash**: hash function `i` is `hᵢ(x) = (aᵢ·x + bᵢ mod 2⁶⁴) >> 32` (Dietzfelbinger's
//!   multiply-add-shift, a strongly universal family for 32-bit keys) with `aᵢ` (odd), `bᵢ` drawn
//!   from SplitMix64 seeded with [`SEED`]; the signature holds the minimum of each over the set.
//! - **Bands**: the signature is cut into `bands` bands of `rows` values; a band's key mixes its
//!   number and its values into 64 bits. Two texts whose Jaccard similarity is `J` share at least
//!   one band key with probability `1 − (1 − J^rows)^bands`.

/// The seed of the MinHash family (fixed for ever: signatures may be stored).
pub const SEED: u64 = 0x7969_6A69_616E_2D31; // "yijian-1"
const SHINGLE_SEED: u64 = 0x5348_494E_474C_4531;
const BAND_SEED: u64 = 0x4241_4E44_4B45_5931;
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function (a bijection of 64 bits).
pub use crate::rng::mix64;

/// The sorted, de-duplicated 32-bit hashes of the `k`-character shingles of `chars`
/// (written into `out`). Empty text → empty set; shorter than `k` → one shingle.
pub fn shingle_set(chars: &[char], k: usize, out: &mut Vec<u32>) {
    out.clear();
    let k = k.max(1);
    if chars.is_empty() {
        return;
    }
    let hash = |w: &[char]| {
        let mut h = SHINGLE_SEED;
        for &c in w {
            h = mix64(h ^ c as u64);
        }
        (h >> 32) as u32
    };
    if chars.len() < k {
        out.push(hash(chars));
        return;
    }
    out.extend(chars.windows(k).map(hash));
    out.sort_unstable();
    out.dedup();
}

/// Jaccard similarity |A∩B| / |A∪B| of two sorted, de-duplicated sets (0 for two empty sets).
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

/// A MinHash family of `n` hash functions.
#[derive(Debug, Clone)]
pub struct MinHasher {
    a_lo: Vec<u32>,
    a_hi: Vec<u32>,
    b: Vec<u64>,
}

impl MinHasher {
    pub fn new(n: usize) -> MinHasher {
        let mut state = SEED;
        let mut next = || {
            state = state.wrapping_add(GAMMA);
            mix64(state)
        };
        let mut a = Vec::with_capacity(n);
        let mut b = Vec::with_capacity(n);
        for _ in 0..n {
            a.push(next() | 1);
            b.push(next());
        }
        MinHasher {
            a_lo: a.iter().map(|&a| a as u32).collect(),
            a_hi: a.iter().map(|&a| (a >> 32) as u32).collect(),
            b,
        }
    }

    pub fn len(&self) -> usize {
        self.b.len()
    }

    pub fn is_empty(&self) -> bool {
        self.b.is_empty()
    }

    /// The signature of a shingle set (written into `sig`; all `u32::MAX` for an empty set).
    pub fn signature(&self, set: &[u32], sig: &mut Vec<u32>) {
        sig.clear();
        sig.resize(self.b.len(), u32::MAX);
        // (a·x + b mod 2⁶⁴) >> 32 with x < 2³², computed as
        // ((a_lo·x + b) >> 32) + a_hi·x (mod 2³²): one 32×32→64 multiply and one 32-bit
        // multiply per value, which vectorise without 64-bit multiplies. Same values.
        for &x in set {
            for (((s, &lo), &hi), &b) in sig.iter_mut().zip(&self.a_lo).zip(&self.a_hi).zip(&self.b)
            {
                let h = ((lo as u64 * x as u64).wrapping_add(b) >> 32) as u32;
                let h = h.wrapping_add(hi.wrapping_mul(x));
                *s = (*s).min(h);
            }
        }
    }
}

/// The key of each band of `rows` values of `sig` (written into `out`; a last partial band is
/// ignored).
pub fn band_keys(sig: &[u32], rows: usize, out: &mut Vec<u64>) {
    out.clear();
    for (band, values) in sig.chunks_exact(rows.max(1)).enumerate() {
        let mut h = mix64(BAND_SEED ^ band as u64);
        for &v in values {
            h = mix64(h ^ v as u64);
        }
        out.push(h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(text: &str, k: usize) -> Vec<u32> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        shingle_set(&chars, k, &mut out);
        out
    }

    #[test]
    fn signature_is_pinned() {
        // If this changes, every stored signature and band key changes: do not "fix" the values.
        let set = set_of("建议明确网格员的职责范围", 3);
        assert_eq!(set.len(), 10);
        let mh = MinHasher::new(8);
        let mut sig = Vec::new();
        mh.signature(&set, &mut sig);
        assert_eq!(sig, PINNED_SIGNATURE);
        let mut keys = Vec::new();
        band_keys(&sig, 4, &mut keys);
        assert_eq!(keys, PINNED_BANDS);
    }

    const PINNED_SIGNATURE: [u32; 8] = [
        21841301, 369277202, 1524941204, 295782405, 431596915, 283364631, 1040951640, 603699661,
    ];
    const PINNED_BANDS: [u64; 2] = [17228638702972846273, 18157888389702305144];

    #[test]
    fn shingles_of_short_and_empty_texts() {
        assert!(set_of("", 3).is_empty());
        assert_eq!(set_of("同意", 3).len(), 1);
        assert_ne!(set_of("同意", 3), set_of("不同", 3));
        assert_eq!(
            set_of("同意同意同意", 3).len(),
            2,
            "repeated shingles count once"
        );
        assert_eq!(set_of("同意", 1).len(), 2);
    }

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[1, 2, 3]), 1.0);
        assert_eq!(jaccard(&[1, 2, 3], &[4, 5]), 0.0);
        assert!((jaccard(&[1, 2, 3, 4], &[3, 4, 5]) - 0.4).abs() < 1e-12);
        assert_eq!(jaccard(&[], &[]), 0.0);
    }

    #[test]
    fn signatures_estimate_jaccard() {
        // Two sets of 200 with 120 in common: J = 120/280 ≈ 0.43; 512 hashes estimate it within 0.07.
        let a: Vec<u32> = (0..200u32).map(|i| mix64(i as u64) as u32).collect();
        let b: Vec<u32> = (80..280u32).map(|i| mix64(i as u64) as u32).collect();
        let (mut a, mut b) = (a, b);
        a.sort_unstable();
        b.sort_unstable();
        let j = jaccard(&a, &b);
        let mh = MinHasher::new(512);
        let (mut sa, mut sb) = (Vec::new(), Vec::new());
        mh.signature(&a, &mut sa);
        mh.signature(&b, &mut sb);
        let est = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 512.0;
        assert!((est - j).abs() < 0.07, "estimate {est} for {j}");
    }
}
