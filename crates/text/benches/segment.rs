//! Segmentation throughput for the search index: characters per second of jieba's modes and
//! of `Segmenter::index_tokens` (what the index stores), on generated public comments
//! (`common/corpus.rs`, 50–400 characters each). The search budget (1,000,000 comments,
//! 145 M characters indexed in ≤ 60 s on 2 cores, beside the database's own work) needs
//! about 1.5 M characters/s per core.
//!
//! `cargo bench -p yijian-text --bench segment` (env `YIJIAN_SEGMENT_N`, default 50,000
//! comments). Each figure is the best of 3 runs over the whole corpus.

#[allow(dead_code)]
mod common;
#[path = "common/corpus.rs"]
mod corpus;

use std::time::{Duration, Instant};

use jieba_rs::Jieba;
use yijian_text::search::IndexTokens;
use yijian_text::segment::{Segmenter, OFFICIAL_TERMS};

fn best(runs: usize, mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut best = Duration::MAX;
    let mut out = 0;
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        best = best.min(t.elapsed());
    }
    (best, out)
}

fn report(name: &str, chars: usize, (d, tokens): (Duration, usize)) {
    println!(
        "{name:<44} {:>7.0} ms  {:>6.2} M chars/s  ({tokens} tokens)",
        common::ms(d),
        chars as f64 / d.as_secs_f64() / 1e6
    );
}

fn main() {
    let n: usize = std::env::var("YIJIAN_SEGMENT_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000);
    let mut rng = corpus::Rng::new(7);
    let texts: Vec<String> = (0..n).map(|_| corpus::comment(&mut rng)).collect();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    println!(
        "corpus: {n} comments, {chars} characters ({:.0} per comment)",
        chars as f64 / n as f64
    );

    let mut jieba = Jieba::new();
    for t in OFFICIAL_TERMS {
        jieba.add_word(t, None, None);
    }
    let seg = Segmenter::shared();
    let _ = seg.cut("预热");

    report(
        "jieba cut, HMM (default mode)",
        chars,
        best(3, || texts.iter().map(|t| jieba.cut(t, true).len()).sum()),
    );
    report(
        "jieba cut, no HMM",
        chars,
        best(3, || texts.iter().map(|t| jieba.cut(t, false).len()).sum()),
    );
    report(
        "jieba cut_for_search, HMM",
        chars,
        best(3, || {
            texts
                .iter()
                .map(|t| jieba.cut_for_search(t, true).len())
                .sum()
        }),
    );
    report(
        "jieba cut_for_search, no HMM",
        chars,
        best(3, || {
            texts
                .iter()
                .map(|t| jieba.cut_for_search(t, false).len())
                .sum()
        }),
    );
    report(
        "index_tokens (no HMM, tiled), 1 thread",
        chars,
        best(3, || {
            let mut out = IndexTokens::default();
            texts
                .iter()
                .map(|t| {
                    seg.index_tokens(t, &mut out);
                    out.count as usize
                })
                .sum()
        }),
    );
    report(
        "index_tokens, 2 threads",
        chars,
        best(3, || {
            let (a, b) = texts.split_at(texts.len() / 2);
            std::thread::scope(|s| {
                let work = |part: &[String]| {
                    let mut out = IndexTokens::default();
                    part.iter()
                        .map(|t| {
                            seg.index_tokens(t, &mut out);
                            out.count as usize
                        })
                        .sum::<usize>()
                };
                let h = s.spawn(move || work(a));
                work(b) + h.join().unwrap_or(0)
            })
        }),
    );
}
