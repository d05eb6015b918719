//! Themes: what the comments left after campaigns collapse are about, found without reading
//! them one by one.
//!
//! Each comment becomes a TF-IDF vector over its segmented words ([`terms`]); spherical
//! k-means ([`kmeans`]) is fitted on a seeded sample and then assigns **every** comment, so
//! the work grows linearly with the corpus. A theme carries its members, the terms that
//! weigh most in its centre and the comments nearest to it. A comment with no usable word
//! (only punctuation, digits or very common words) goes to the one *unclassified* theme:
//! nothing is dropped — the members of all themes are exactly the input.
//!
//! Deterministic: the same input and seed give the same themes, whatever the thread count.

mod kmeans;
pub mod terms;
mod vectors;

use std::collections::HashMap;

use vectors::Corpus;

/// How to look for themes.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeParams {
    /// How many themes; 0 chooses from the corpus size (√(n/8), between 2 and 40).
    pub themes: usize,
    /// Comments the centres are fitted on (a seeded sample); all are assigned afterwards.
    pub sample: usize,
    /// k-means rounds on the sample.
    pub rounds: usize,
    /// Seedings tried; the most cohesive is kept.
    pub restarts: usize,
    /// Terms kept per theme.
    pub top_terms: usize,
    /// Representative comments kept per theme.
    pub representatives: usize,
    /// A word in fewer comments than this is noise for themes.
    pub min_comments_per_term: u32,
    /// A word in more than this share of the comments says nothing about any theme.
    pub max_term_share: f32,
    pub seed: u64,
    /// Threads for the assignment of all comments.
    pub threads: usize,
}

impl Default for ThemeParams {
    fn default() -> Self {
        ThemeParams {
            themes: 0,
            sample: 20_000,
            rounds: 12,
            restarts: 4,
            top_terms: 8,
            representatives: 3,
            min_comments_per_term: 2,
            max_term_share: 0.4,
            seed: 0x7969_6a69_616e,
            threads: 2,
        }
    }
}

/// One theme: its comments (indices into the input, increasing), what it is about and the
/// comments that say it best.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// 0-based, by decreasing size; the unclassified theme, if any, comes last.
    pub id: usize,
    pub members: Vec<usize>,
    /// The heaviest terms of the theme's centre, heaviest first, with their weight.
    pub top_terms: Vec<(String, f32)>,
    /// Members nearest the centre, nearest first.
    pub representatives: Vec<usize>,
    /// The comments with no usable word.
    pub unclassified: bool,
}

/// Themes of `comments` (each given as its words, e.g. from [`terms::theme_words`]).
/// Every index `0..comments.len()` is a member of exactly one theme.
pub fn find_themes<S: AsRef<str>>(comments: &[Vec<S>], params: &ThemeParams) -> Vec<Theme> {
    themes_of(&Corpus::build(comments, params), params)
}

/// [`find_themes`] of comments given as word ids of `vocabulary` — the same themes as of
/// the words themselves, in a quarter of the memory or less (a million comments' words as
/// string slices take gigabytes).
pub fn find_themes_by_id(
    comments: &[Vec<u32>],
    vocabulary: &Vocabulary,
    params: &ThemeParams,
) -> Vec<Theme> {
    themes_of(
        &Corpus::build_ids(comments, &vocabulary.words, params),
        params,
    )
}

/// Words as ids, numbered in first-seen order (for [`find_themes_by_id`]).
#[derive(Debug, Default, Clone)]
pub struct Vocabulary {
    ids: HashMap<String, u32>,
    words: Vec<String>,
}

impl Vocabulary {
    /// The ids of some words, new words numbered as they come.
    pub fn ids<S: AsRef<str>>(&mut self, words: &[S]) -> Vec<u32> {
        let mut out = Vec::with_capacity(words.len());
        for w in words {
            let w = w.as_ref();
            let id = match self.ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.words.push(w.to_string());
                    self.ids.insert(w.to_string(), id);
                    id
                }
            };
            out.push(id);
        }
        out
    }

    /// The word of an id.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

fn themes_of(corpus: &Corpus, params: &ThemeParams) -> Vec<Theme> {
    let k = theme_count(params.themes, corpus.usable());
    let fitted = kmeans::fit(corpus, k, params);
    let assigned = kmeans::assign_all(corpus, &fitted, params.threads);
    let centres = kmeans::centres_of(corpus, &assigned, fitted.len());
    collect(corpus, &assigned, &centres, params)
}

/// Themes of raw texts, segmented with the shared segmenter on `params.threads` threads.
pub fn find_themes_in_texts<S: AsRef<str> + Sync>(texts: &[S], params: &ThemeParams) -> Vec<Theme> {
    find_themes(&words_of(texts, params.threads), params)
}

/// The theme words of each text, segmented in parallel (the order is kept).
pub fn words_of<S: AsRef<str> + Sync>(texts: &[S], threads: usize) -> Vec<Vec<&str>> {
    let chunk = texts.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = texts
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|t| {
                            let mut words = terms::theme_words(t.as_ref());
                            // The filter kept the segmentation's allocation (all its pieces).
                            words.shrink_to_fit();
                            words
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("segmentation thread panicked"))
            .collect()
    })
}

fn theme_count(asked: usize, usable: usize) -> usize {
    if usable == 0 {
        return 0;
    }
    let k = if asked > 0 {
        asked
    } else {
        ((usable as f64 / 8.0).sqrt().round() as usize).clamp(2, 40)
    };
    k.min(usable)
}

fn collect(
    corpus: &Corpus,
    assigned: &[Option<(u32, f32)>],
    centres: &[Vec<f32>],
    params: &ThemeParams,
) -> Vec<Theme> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); centres.len()];
    let mut unclassified = Vec::new();
    for (doc, a) in assigned.iter().enumerate() {
        match a {
            Some((c, _)) => members[*c as usize].push(doc),
            None => unclassified.push(doc),
        }
    }
    let mut themes: Vec<Theme> = members
        .into_iter()
        .enumerate()
        .filter(|(_, m)| !m.is_empty())
        .map(|(c, m)| Theme {
            id: 0,
            top_terms: corpus.top_terms(&centres[c], params.top_terms),
            representatives: nearest(&m, assigned, params.representatives),
            members: m,
            unclassified: false,
        })
        .collect();
    // Largest first; ties by first member, so the order does not depend on the centres' order.
    themes.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });
    if !unclassified.is_empty() {
        themes.push(Theme {
            id: 0,
            top_terms: Vec::new(),
            representatives: unclassified
                .iter()
                .copied()
                .take(params.representatives)
                .collect(),
            members: unclassified,
            unclassified: true,
        });
    }
    for (id, t) in themes.iter_mut().enumerate() {
        t.id = id;
    }
    themes
}

/// The `n` members most similar to their centre.
fn nearest(members: &[usize], assigned: &[Option<(u32, f32)>], n: usize) -> Vec<usize> {
    let mut scored: Vec<(f32, usize)> = members
        .iter()
        .map(|&d| (assigned[d].map_or(0.0, |(_, s)| s), d))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(n).map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests;
