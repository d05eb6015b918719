//! The campaign detector against the generator's ground truth, on a corpus made hard on
//! purpose: three times the edits per copy and many small campaigns. The pairwise figures of
//! the benchmark are dominated by the largest campaigns; this holds the small ones to account (measured: 0.984 with 18 bands of 3, 0.974 with the former 16 of 4).

use yijian_corpus::{pairwise_precision_recall, recall_by_campaign_size, Corpus, Params};
use yijian_text::campaign::{CampaignDetector, Params as Tuning};

#[test]
fn small_heavily_edited_campaigns_are_found_without_grouping_unique_comments() {
    let mut p = Params::new(30_000);
    p.edit_scale = 3.0;
    p.campaigns = Some(300);
    let corpus = Corpus::new(&p);
    let mut d = CampaignDetector::new(Tuning::default());
    d.ignore_text(yijian_corpus::DRAFT);
    let mut truth = Vec::with_capacity(corpus.len());
    for (i, c) in corpus.iter().enumerate() {
        d.push(i as u64, &c.text, Some(c.submitted_secs));
        truth.push(c.campaign);
    }
    let mut predicted: Vec<Option<usize>> = vec![None; truth.len()];
    for g in d.finish() {
        for &m in &g.members {
            predicted[m as usize] = Some(g.id);
        }
    }
    let overall = pairwise_precision_recall(&truth, &predicted);
    assert!(overall.precision >= 0.999, "{overall:?}");
    assert!(overall.recall >= 0.99, "{overall:?}");
    let small = recall_by_campaign_size(&truth, &predicted, corpus.campaign_sizes(), &[(2, 9)]);
    assert!(small[0].campaigns >= 30, "{small:?}");
    assert!(small[0].pair_recall >= 0.98, "{small:?}");
    let uniques = truth.iter().filter(|t| t.is_none()).count();
    let uniques_grouped = truth
        .iter()
        .zip(&predicted)
        .filter(|(t, p)| t.is_none() && p.is_some())
        .count();
    assert!(
        uniques_grouped * 500 <= uniques,
        "{uniques_grouped} of {uniques}"
    );
}
