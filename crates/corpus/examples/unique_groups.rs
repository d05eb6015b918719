//! Prints groups the detector made of comments the ground truth calls unique (a look at the
//! generator's accidental near-duplicates): `cargo run --release -p yijian-corpus --example unique_groups -- 100000 10`.
use yijian_text::campaign::{minhash, normalize, CampaignDetector, Params as Tuning};

fn set(t: &str) -> Vec<u32> {
    let cs: Vec<char> = normalize(t).chars().collect();
    let mut out = Vec::new();
    minhash::shingle_set(&cs, 3, &mut out);
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let show: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10);
    let corpus = yijian_corpus::Corpus::new(&yijian_corpus::Params::new(n));
    let comments: Vec<_> = corpus.iter().collect();
    let mut d = CampaignDetector::new(Tuning::default());
    if std::env::var_os("NO_IGNORE").is_none() {
        d.ignore_text(yijian_corpus::DRAFT);
    }
    for (i, c) in comments.iter().enumerate() {
        d.push(i as u64, &c.text, None);
    }
    let groups = d.finish();
    let mut shown = 0;
    let mut lengths = Vec::new();
    for g in &groups {
        if g.members
            .iter()
            .all(|&m| comments[m as usize].campaign.is_none())
        {
            let a = &comments[g.members[0] as usize].text;
            lengths.push(a.chars().count());
            if shown < show {
                shown += 1;
                println!("group {} ({} members)", g.id, g.size);
                for &m in g.members.iter().take(3) {
                    let t = &comments[m as usize].text;
                    println!("  J={:.2} {}", minhash::jaccard(&set(a), &set(t)), t);
                }
            }
        }
    }
    lengths.sort();
    println!(
        "{} groups of unique comments only; median length {:?}",
        lengths.len(),
        lengths.get(lengths.len() / 2)
    );
}
