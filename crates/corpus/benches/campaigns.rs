//! Campaign detection on a generated corpus: wall time, comments/s, groups, pairwise precision
//! and recall against the ground truth, peak memory (VmHWM).
//!
//! `cargo bench -p yijian-corpus --bench campaigns` (100,000 comments);
//! `YIJIAN_CAMPAIGN_N=1000000 cargo bench -p yijian-corpus --bench campaigns` for the target.
//! Other variables override the detector's parameters for tuning: `YIJIAN_CAMPAIGN_SHINGLE`,
//! `_BANDS`, `_ROWS`, `_THRESHOLD`, `_MIN_CHARS`, `_LEADERS`, `_BRIDGE`, `_BATCH`, `_THREADS`;
//! `YIJIAN_CAMPAIGN_SEED`, `YIJIAN_CAMPAIGN_SHARE` and `YIJIAN_CAMPAIGN_EDIT_SCALE` (more edits
//! per copy) change the corpus.
//!
//! Hand-timed (one run: the 1M run takes tens of seconds and its memory is the point).

use std::time::Instant;

use yijian_corpus::{pairwise_precision_recall, recall_by_campaign_size, Corpus, Params};
use yijian_text::campaign::{CampaignDetector, Params as Tuning};

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// VmHWM and VmRSS from /proc/self/status, in MiB (0 where unavailable).
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// User + system CPU time of this process so far, in seconds (from /proc/self/stat; clock
/// ticks assumed 100/s, the Linux default), to tell the work from waiting on a busy machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let n: usize = env("YIJIAN_CAMPAIGN_N").unwrap_or(100_000);
    let mut cp = Params::new(n);
    if let Some(s) = env("YIJIAN_CAMPAIGN_SEED") {
        cp.seed = s;
    }
    if let Some(s) = env("YIJIAN_CAMPAIGN_SHARE") {
        cp.campaign_share = s;
    }
    if let Some(s) = env("YIJIAN_CAMPAIGN_EDIT_SCALE") {
        cp.edit_scale = s;
    }
    let mut tuning = Tuning::default();
    let p = "YIJIAN_CAMPAIGN_";
    tuning.shingle = env(&format!("{p}SHINGLE")).unwrap_or(tuning.shingle);
    tuning.bands = env(&format!("{p}BANDS")).unwrap_or(tuning.bands);
    tuning.rows = env(&format!("{p}ROWS")).unwrap_or(tuning.rows);
    tuning.threshold = env(&format!("{p}THRESHOLD")).unwrap_or(tuning.threshold);
    tuning.own_threshold = env(&format!("{p}OWN_THRESHOLD")).unwrap_or(tuning.own_threshold);
    tuning.min_chars = env(&format!("{p}MIN_CHARS")).unwrap_or(tuning.min_chars);
    tuning.leaders_per_bucket = env(&format!("{p}LEADERS")).unwrap_or(tuning.leaders_per_bucket);
    tuning.bridge_evidence = env(&format!("{p}BRIDGE")).unwrap_or(tuning.bridge_evidence);
    tuning.batch = env(&format!("{p}BATCH")).unwrap_or(tuning.batch);
    tuning.threads = env(&format!("{p}THREADS")).unwrap_or(tuning.threads);

    // The corpus, made on the same threads; only what the detector and the scoring need is kept.
    let t = Instant::now();
    let corpus = Corpus::new(&cp);
    let threads = tuning.threads.max(1);
    let chunk = n.div_ceil(threads).max(1);
    let parts: Vec<Vec<(String, i64, Option<u32>)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                let corpus = &corpus;
                s.spawn(move || {
                    (start..(start + chunk).min(n))
                        .map(|i| {
                            let c = corpus.get(i);
                            (c.text, c.submitted_secs, c.campaign)
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("generator thread"))
            .collect()
    });
    let mut texts = Vec::with_capacity(n);
    let mut times = Vec::with_capacity(n);
    let mut truth = Vec::with_capacity(n);
    for part in parts {
        for (text, at, c) in part {
            texts.push(text);
            times.push(at);
            truth.push(c);
        }
    }
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let sizes = corpus.campaign_sizes().to_vec();
    drop(corpus);
    let (hwm_before, rss_before) = memory();
    println!(
        "corpus: {n} comments, {chars} characters, {} campaigns ({} comments; largest {:?}), seed {}, edit scale {}, made in {:.1} s; RSS {rss_before:.0} MiB",
        sizes.len(),
        sizes.iter().sum::<usize>(),
        &sizes[..sizes.len().min(5)],
        cp.seed,
        cp.edit_scale,
        t.elapsed().as_secs_f64(),
    );
    println!(
        "tuning: k={} bands={} rows={} ({} hashes) threshold={} own_threshold={} min_chars={} leaders/bucket={} bridge={} batch={} threads={}",
        tuning.shingle,
        tuning.bands,
        tuning.rows,
        tuning.hashes(),
        tuning.threshold,
        tuning.own_threshold,
        tuning.min_chars,
        tuning.leaders_per_bucket,
        tuning.bridge_evidence,
        tuning.batch,
        tuning.threads
    );

    let t = Instant::now();
    let cpu = cpu_seconds();
    let mut d = CampaignDetector::new(tuning);
    d.ignore_text(yijian_corpus::DRAFT);
    for (i, text) in texts.iter().enumerate() {
        d.push(i as u64, text, Some(times[i]));
    }
    let (groups, stats) = d.finish_with_stats();
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let (hwm, rss) = memory();

    let mut predicted: Vec<Option<u32>> = vec![None; n];
    for g in &groups {
        for &m in &g.members {
            predicted[m as usize] = Some(g.id as u32);
        }
    }
    let s = pairwise_precision_recall(&truth, &predicted);
    println!(
        "detect: {secs:.2} s wall, {cpu:.2} s CPU, {:.0} comments/s; {} groups (≥2), {} comments in groups; largest {:?}",
        n as f64 / secs,
        groups.len(),
        groups.iter().map(|g| g.size).sum::<usize>(),
        groups.iter().take(5).map(|g| g.size).collect::<Vec<_>>()
    );
    println!("stats: {stats:?}");
    println!(
        "pairwise: precision {:.5} recall {:.5} (truth pairs {}, predicted {}, common {})",
        s.precision, s.recall, s.truth_pairs, s.predicted_pairs, s.common_pairs
    );

    let classes = [(2, 9), (10, 99), (100, 999), (1000, usize::MAX)];
    for c in recall_by_campaign_size(&truth, &predicted, &sizes, &classes) {
        if c.campaigns > 0 {
            let (lo, hi) = c.sizes;
            println!(
                "  campaigns of {lo}–{}: {}, pair recall {:.4}, ≥90 % in one group: {} ({:.1} %)",
                if hi == usize::MAX {
                    "∞".to_string()
                } else {
                    hi.to_string()
                },
                c.campaigns,
                c.pair_recall,
                c.whole,
                100.0 * c.whole as f64 / c.campaigns as f64
            );
        }
    }
    let uniques_grouped = truth
        .iter()
        .zip(&predicted)
        .filter(|(t, p)| t.is_none() && p.is_some())
        .count();
    println!(
        "unique comments put in a group: {uniques_grouped} of {}",
        truth.iter().filter(|t| t.is_none()).count()
    );
    println!("memory: peak (VmHWM) {hwm:.0} MiB (before detection {hwm_before:.0}), RSS now {rss:.0} MiB");
    println!(
        "RESULT n={n} secs={secs:.3} cpu={cpu:.2} precision={:.5} recall={:.5} peak_mib={hwm:.0}",
        s.precision, s.recall
    );
}
