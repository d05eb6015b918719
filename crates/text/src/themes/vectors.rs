//! TF-IDF vectors of the comments: a vocabulary of usable terms, each comment a short sparse
//! vector of unit length.

use std::collections::HashMap;
use std::hash::Hash;

use super::ThemeParams;

/// The corpus as vectors: `docs[i]` is comment i's (term, weight) list, sorted by term,
/// unit length; empty when no term of it survived the pruning.
pub(super) struct Corpus {
    pub terms: Vec<String>,
    pub docs: Vec<Vec<(u32, f32)>>,
}

impl Corpus {
    pub fn build<S: AsRef<str>>(comments: &[Vec<S>], params: &ThemeParams) -> Corpus {
        let (vocab, counted) = count_terms(
            comments
                .iter()
                .map(|words| words.iter().map(|w| w.as_ref())),
            |w: &str| w.to_string(),
        );
        Corpus::weigh_all(vocab, counted, params)
    }

    /// The same from words given as ids into `words` (the vocabulary is renumbered in
    /// first-seen order, so the corpus is the one [`Corpus::build`] makes of the words).
    pub fn build_ids(comments: &[Vec<u32>], words: &[String], params: &ThemeParams) -> Corpus {
        let (vocab, counted) = count_terms(comments.iter().map(|doc| doc.iter().copied()), |id| {
            words[id as usize].clone()
        });
        Corpus::weigh_all(vocab, counted, params)
    }

    fn weigh_all(vocab: Vec<String>, counted: Vec<Counted>, params: &ThemeParams) -> Corpus {
        let n = counted.len().max(1) as f32;
        let mut df = vec![0u32; vocab.len()];
        for doc in &counted {
            for &(t, _) in doc {
                df[t as usize] += 1;
            }
        }
        let max_df = (params.max_term_share * n).max(1.0);
        // Old term id → kept term id (pruned terms are dropped from the vocabulary).
        let mut keep = vec![u32::MAX; vocab.len()];
        let mut terms = Vec::new();
        for (t, word) in vocab.into_iter().enumerate() {
            let d = df[t];
            if d >= params.min_comments_per_term && (d as f32) <= max_df {
                keep[t] = terms.len() as u32;
                terms.push(word);
            }
        }
        let docs = counted
            .iter()
            .map(|doc| weigh(doc, &keep, &df, n))
            .collect();
        Corpus { terms, docs }
    }

    /// Comments with at least one term.
    pub fn usable(&self) -> usize {
        self.docs.iter().filter(|d| !d.is_empty()).count()
    }

    /// The `n` heaviest terms of a centre.
    pub fn top_terms(&self, centre: &[f32], n: usize) -> Vec<(String, f32)> {
        let mut ranked: Vec<(usize, f32)> = centre
            .iter()
            .copied()
            .enumerate()
            .filter(|(_, w)| *w > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .take(n)
            .map(|(t, w)| (self.terms[t].clone(), w))
            .collect()
    }
}

type Counted = Vec<(u32, u32)>;

/// The vocabulary (first-seen order, so ids are deterministic) and each comment's term counts;
/// `name` gives a key's word.
fn count_terms<K, D>(
    comments: impl Iterator<Item = D>,
    name: impl Fn(K) -> String,
) -> (Vec<String>, Vec<Counted>)
where
    K: Hash + Eq + Copy,
    D: Iterator<Item = K>,
{
    let mut ids: HashMap<K, u32> = HashMap::new();
    let mut vocab: Vec<String> = Vec::new();
    let mut counted = Vec::with_capacity(comments.size_hint().0);
    for words in comments {
        let mut doc: Vec<(u32, u32)> = Vec::with_capacity(words.size_hint().0);
        for w in words {
            let id = *ids.entry(w).or_insert_with(|| {
                vocab.push(name(w));
                (vocab.len() - 1) as u32
            });
            doc.push((id, 1));
        }
        doc.sort_unstable_by_key(|&(t, _)| t);
        doc.dedup_by(|next, kept| {
            if next.0 == kept.0 {
                kept.1 += 1;
                true
            } else {
                false
            }
        });
        doc.shrink_to_fit();
        counted.push(doc);
    }
    (vocab, counted)
}

/// (1 + ln tf) · ln(n / df), kept terms only, scaled to unit length.
fn weigh(doc: &[(u32, u32)], keep: &[u32], df: &[u32], n: f32) -> Vec<(u32, f32)> {
    let mut v: Vec<(u32, f32)> = doc
        .iter()
        .filter(|&&(t, _)| keep[t as usize] != u32::MAX)
        .map(|&(t, tf)| {
            let idf = (n / df[t as usize] as f32).ln().max(0.01);
            (keep[t as usize], (1.0 + (tf as f32).ln()) * idf)
        })
        .collect();
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut v {
            *w /= norm;
        }
    }
    v.sort_unstable_by_key(|&(t, _)| t);
    v
}
