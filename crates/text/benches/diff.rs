//! Benchmark of the comparison (align + diff + count) on a realistic large pair: two versions
//! of ~100,000 characters in ~1,000 paragraphs, the new one with 500 scattered edits.
//!
//! Hand-written timing (median of repeated runs) rather than a bench framework: no extra
//! dependency to build on 2 cores, and `scripts/bench-diff` can read the figure.
//!
//! `cargo bench -p yijian-text --bench diff` prints the timings. With `YIJIAN_BENCH_DUMP=DIR`
//! it also writes the pair to DIR/old.txt and DIR/new.txt (one paragraph a line) for the
//! Python difflib comparison, and prints `rust_ms=…` for the script.

#[path = "../tests/fixtures/diff/corpus.rs"]
mod corpus;

mod common;
use common::{ms, timed};

use std::time::Instant;

use yijian_text::align::align;
use yijian_text::diff::compare;
use yijian_text::structure::{parse_plain, Document};

const PARAGRAPHS: usize = 1000;
const EDITS: usize = 500;
/// Timed runs of each measurement.
const RUNS: usize = 100;

fn pair() -> (String, String) {
    let old = corpus::document(2026, PARAGRAPHS, 95, 140);
    let mut rng = corpus::Rng::new(547);
    let (new, placed) = corpus::scatter_edits(&mut rng, &old, EDITS, 10);
    assert_eq!(placed, EDITS, "the generator could not place every edit");
    (old.join("\n"), new.join("\n"))
}

fn parse(text: &str) -> Document {
    match parse_plain(text) {
        Ok(d) => d,
        Err(e) => panic!("generated text does not parse: {e}"),
    }
}

fn main() {
    let (old_text, new_text) = pair();
    let (old, new) = (parse(&old_text), parse(&new_text));
    let chars = old_text.chars().filter(|c| *c != '\n').count();
    println!(
        "pair: {} / {} paragraphs, {} characters, {} scattered edits",
        old.blocks.len(),
        new.blocks.len(),
        chars,
        EDITS
    );

    // First call pays the one-off segmenter dictionary load; report it apart.
    let t = Instant::now();
    let first = compare(&old, &new);
    println!(
        "first compare (includes jieba dictionary load): {:.1} ms",
        ms(t.elapsed())
    );

    let o: Vec<&str> = old.blocks.iter().map(|b| b.text.as_str()).collect();
    let n: Vec<&str> = new.blocks.iter().map(|b| b.text.as_str()).collect();
    let (t_align, t_align_min, _) = timed(RUNS, || align(&o, &n));
    let (t_cmp, t_cmp_min, c) = timed(RUNS, || compare(&old, &new));
    assert_eq!(c, first);
    println!(
        "align only:                     median {:.2} ms, fastest {:.2} ms",
        ms(t_align),
        ms(t_align_min)
    );
    println!(
        "align + diff + count (compare): median {:.2} ms, fastest {:.2} ms, {} modifications",
        ms(t_cmp),
        ms(t_cmp_min),
        c.count()
    );
    if ms(t_cmp) >= 100.0 {
        println!("TARGET MISSED: compare must take under 100 ms");
    }

    if let Ok(dir) = std::env::var("YIJIAN_BENCH_DUMP") {
        let dir = std::path::Path::new(&dir);
        let write = |name: &str, text: &str| {
            if let Err(e) = std::fs::write(dir.join(name), text) {
                panic!("cannot write {name}: {e}");
            }
        };
        write("old.txt", &old_text);
        write("new.txt", &new_text);
        println!("rust_ms={:.3}", ms(t_cmp));
        println!("rust_min_ms={:.3}", ms(t_cmp_min));
        println!("rust_modifications={}", c.count());
    }
}
