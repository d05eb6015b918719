//! Prints a few generated comments: `cargo run -p yijian-corpus --example sample -- 20`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let corpus = yijian_corpus::Corpus::new(&yijian_corpus::Params::new(n.max(1000)));
    for c in corpus.iter().take(n) {
        let tag = c.campaign.map_or("-".to_string(), |k| format!("c{k}"));
        println!(
            "{} {} {} [{}] {}",
            c.id,
            c.submitted_at,
            tag,
            c.text.chars().count(),
            c.text
        );
    }
}
