//! Writes a corpus as JSONL, like `yijian corpus`, without building the CLI:
//! `cargo run --release -p yijian-corpus --example corpus_jsonl -- N SEED comments.jsonl truth.jsonl`.
use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    if a.len() != 4 {
        eprintln!("usage: corpus_jsonl N SEED COMMENTS.jsonl TRUTH.jsonl");
        std::process::exit(2);
    }
    let n: usize = a[0].parse().expect("N");
    let seed: u64 = a[1].parse().expect("SEED");
    let corpus = yijian_corpus::Corpus::new(&yijian_corpus::Params {
        seed,
        ..yijian_corpus::Params::new(n)
    });
    let mut out = BufWriter::new(std::fs::File::create(&a[2])?);
    let mut truth = BufWriter::new(std::fs::File::create(&a[3])?);
    for c in corpus.iter() {
        serde_json::to_writer(&mut out, &c)?;
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut truth, &c.truth())?;
        truth.write_all(b"\n")?;
    }
    out.flush()?;
    truth.flush()
}
