//! Tests that try to break the detector.

use super::*;

fn detect(texts: &[String], params: Params) -> (Vec<Group>, Stats) {
    let mut d = CampaignDetector::new(params);
    for (i, t) in texts.iter().enumerate() {
        d.push(i as u64, t, Some(1000 + i as i64));
    }
    d.finish_with_stats()
}

fn groups_of(texts: &[String]) -> Vec<Vec<u64>> {
    let (g, _) = detect(texts, Params::default());
    g.into_iter().map(|g| g.members).collect()
}

/// A tiny deterministic generator for the tests.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const TEMPLATE: [&str; 4] = [
    "我是一名社区工作者，每天要应付大量报表。",
    "强烈呼吁切实减轻基层负担，精简考核指标，减少留痕要求。",
    "建议在第三十二条中明确乡镇（街道）的权责清单，严格落实准入制度。",
    "以上意见供参考，恳请采纳！",
];

/// The template with a few small edits, as a campaign member sends it.
fn edited(rng: &mut Lcg) -> String {
    let mut sentences: Vec<String> = TEMPLATE.iter().map(|s| s.to_string()).collect();
    for _ in 0..1 + rng.next(3) {
        let i = rng.next(sentences.len());
        let mut cs: Vec<char> = sentences[i].chars().collect();
        match rng.next(6) {
            0 => {
                let at = rng.next(cs.len());
                cs.splice(at..at, "确实".chars());
            }
            1 if cs.len() > 6 => {
                let at = rng.next(cs.len() - 3);
                cs.drain(at..at + 2);
            }
            2 => {
                let at = rng.next(cs.len());
                cs[at] = '的';
            }
            3 => {
                let j = rng.next(sentences.len());
                sentences.swap(i, j);
                continue;
            }
            4 => {
                sentences.insert(0, "尊敬的起草组：".into());
                continue;
            }
            _ => {
                cs = cs
                    .into_iter()
                    .map(|c| if c == '，' { '、' } else { c })
                    .collect();
            }
        }
        sentences[i] = cs.into_iter().collect();
    }
    sentences.concat()
}

#[test]
fn width_punctuation_and_space_variants_are_exact_duplicates() {
    let texts: Vec<String> = [
        "建议明确网格员的职责范围，减少网格员承担的行政事务。",
        "建议明确网格员的职责范围,减少网格员承担的行政事务.",
        "建议 明确网格员的职责范围　减少网格员承担的行政事务！！",
        "建议明确网格员的职责范围：减少网格员承担的行政事务\n",
        "对于社区养老服务，建议加大对农村的投入，提高村医待遇。",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (groups, stats) = detect(&texts, Params::default());
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].members, vec![0, 1, 2, 3]);
    assert_eq!(groups[0].distinct_texts, 1);
    assert_eq!(groups[0].representative_copies, 4);
    assert_eq!(
        (groups[0].first_seen, groups[0].last_seen),
        (Some(1000), Some(1003))
    );
    assert_eq!(stats.texts, 2);
}

#[test]
fn edited_templates_are_one_campaign() {
    let mut rng = Lcg(7);
    let mut texts: Vec<String> = (0..60).map(|_| edited(&mut rng)).collect();
    texts.push(TEMPLATE.concat());
    texts.push(TEMPLATE.concat());
    let groups = groups_of(&texts);
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].len(), texts.len());
    // The verbatim template, sent twice, is the most frequent text: the representative.
    // The verbatim template (sent twice, and again by members who only changed punctuation) is
    // the most frequent text: the representative.
    let (g, _) = detect(&texts, Params::default());
    let rep = &texts[g[0].representative as usize];
    assert_eq!(normalize(rep), normalize(&TEMPLATE.concat()));
    assert!(g[0].representative_copies >= 2);
    let edited_one = texts
        .iter()
        .find(|t| normalize(t) != normalize(rep))
        .unwrap();
    assert!(difference(rep, edited_one).summary().starts_with('+'));
}

#[test]
fn comments_on_one_topic_sharing_words_are_not_a_campaign() {
    // Every comment quotes the same sentence of the draft and is written with the same
    // vocabulary, each in its own combination: similar words, different comments.
    let quote = "第二十三条提出“健全乡镇（街道）权责清单制度”，";
    let subjects = [
        "乡镇干部",
        "村社区干部",
        "网格员",
        "基层党组织",
        "街道综合执法",
        "属地管理",
    ];
    let problems = [
        "事多人少",
        "待遇偏低",
        "考核过多过频",
        "责任层层下压",
        "权责不对等",
        "人员流失严重",
    ];
    let asks = [
        "建议写明责任主体",
        "希望尽快出台配套措施",
        "建议减少督查检查",
        "建议建立准入制度",
        "建议提高待遇",
        "建议畅通晋升渠道",
    ];
    let mut texts = Vec::new();
    for i in 0..36 {
        let (s1, p1) = (subjects[i % 6], problems[(i * 5 + i / 6) % 6]);
        let (s2, p2) = (subjects[(i + 1 + i / 6) % 6], problems[(i + 3 + i / 3) % 6]);
        texts.push(format!(
            "{quote}目前{s1}{p1}，{s2}也{p2}，{}，{}。",
            asks[(i / 2) % 6],
            asks[(i + 1 + i / 6) % 6]
        ));
    }
    // Keep those less than 0.45 similar to every other kept one (the test's premise, checked).
    let set = |t: &str| {
        let cs: Vec<char> = normalize(t).chars().collect();
        let mut out = Vec::new();
        minhash::shingle_set(&cs, 3, &mut out);
        out
    };
    let mut kept: Vec<String> = Vec::new();
    for t in texts {
        if kept
            .iter()
            .all(|k| minhash::jaccard(&set(k), &set(&t)) < 0.45)
        {
            kept.push(t);
        }
    }
    assert!(kept.len() >= 8, "{}", kept.len());
    let texts = kept;
    let (groups, stats) = detect(&texts, Params::default());
    assert!(
        stats.candidates > 0,
        "they do meet in LSH buckets: {stats:?}"
    );
    let groups: Vec<Vec<u64>> = groups.into_iter().map(|g| g.members).collect();
    assert!(
        groups.is_empty(),
        "{:?}",
        groups
            .iter()
            .map(|g| g.iter().map(|&i| &texts[i as usize]).collect::<Vec<_>>())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_huge_bucket_stays_fast() {
    // 200,000 different texts, each the same sentence with one character changed: one bucket.
    let base: Vec<char> =
        "强烈呼吁切实减轻基层负担精简考核指标减少留痕要求让基层干部把精力用在服务群众上"
            .chars()
            .collect();
    let n = 200_000usize;
    let mut d = CampaignDetector::new(Params::default());
    let start = std::time::Instant::now();
    for i in 0..n {
        let mut cs = base.clone();
        let at = i % cs.len();
        cs[at] = char::from_u32(0x4E00 + (i / cs.len()) as u32 % 20_000).unwrap_or('的');
        let text: String = cs.into_iter().collect();
        d.push(i as u64, &text, None);
    }
    let (groups, stats) = d.finish_with_stats();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].size, n);
    assert!(stats.texts > 190_000, "{stats:?}");
    assert!(
        stats.verified < 4 * n as u64,
        "comparisons stay linear: {stats:?}"
    );
    assert!(stats.leaders < 1000, "{stats:?}");
    assert!(
        start.elapsed().as_secs() < 120,
        "took {:?}",
        start.elapsed()
    );
}

#[test]
fn empty_and_short_texts() {
    let texts: Vec<String> = [
        "",
        "。。。",
        "  ",
        "同意",
        "同意！",
        "同意本条",
        "同意本款",
        "不同意",
        "好",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let groups = groups_of(&texts);
    // Empty after normalisation: one text (nothing said), grouped; 同意 twice; short texts are
    // never near-duplicates of each other.
    assert_eq!(groups, vec![vec![0, 1, 2], vec![3, 4]]);
    let (none, _) = detect(&[], Params::default());
    assert!(none.is_empty());
}

#[test]
fn the_same_groups_and_ids_for_any_number_of_threads() {
    let mut rng = Lcg(99);
    let mut texts: Vec<String> = Vec::new();
    for i in 0..3000 {
        if i % 3 == 0 {
            texts.push(edited(&mut rng));
        } else {
            // Unique-ish comments from shared pieces.
            let pieces = [
                "建议加大投入",
                "减轻基层负担",
                "提高待遇",
                "明确职责范围",
                "推广枫桥经验",
                "整合信息系统",
                "保留线下渠道",
                "治理天价彩礼",
            ];
            let mut s = format!("第{}条：", i % 97);
            for _ in 0..6 {
                s.push_str(pieces[rng.next(pieces.len())]);
                s.push_str(&format!("{}，", rng.next(1000)));
            }
            texts.push(s);
        }
    }
    let base = Params {
        batch: 500,
        ..Params::default()
    };
    let (one, _) = detect(
        &texts,
        Params {
            threads: 1,
            ..base.clone()
        },
    );
    let (two, _) = detect(
        &texts,
        Params {
            threads: 2,
            ..base.clone()
        },
    );
    let (five, _) = detect(&texts, Params { threads: 5, ..base });
    assert!(!one.is_empty());
    assert_eq!(one, two);
    assert_eq!(one, five);
    let (again, _) = detect(
        &texts,
        Params {
            threads: 2,
            batch: 500,
            ..Params::default()
        },
    );
    assert_eq!(one, again);
}

#[test]
fn one_comment_pasting_two_form_letters_does_not_merge_their_campaigns() {
    // A and B share a passage (both quote the draft) but are different letters; X pastes both.
    let shared = "第四十一条提出健全矛盾纠纷多元化解机制推广新时代枫桥经验";
    let a = "我们认为人民调解员队伍力量薄弱待遇偏低建议增加编制和经费保障";
    let b = "网格员职责过多疲于应付建议明确网格员的职责范围并落实待遇保障";
    let mut texts = Vec::new();
    for i in 0..20 {
        let k = i % 10;
        let mut aa: Vec<char> = a.chars().collect();
        aa[k] = '的';
        let mut bb: Vec<char> = b.chars().collect();
        bb[k + 5] = '的';
        texts.push(format!("{shared}{}", aa.iter().collect::<String>()));
        texts.push(format!("{shared}{}", bb.iter().collect::<String>()));
    }
    texts.push(format!("{shared}{a}{b}"));
    let (groups, stats) = detect(&texts, Params::default());
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(groups.iter().all(|g| g.size >= 20));
    assert!(stats.bridges_withheld >= 1, "{stats:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Any text: no panic, every row in at most one group, groups of two or more, sizes right.
    #[test]
    fn any_input_every_row_at_most_once(texts in proptest::collection::vec("(\\PC|同意|建议明确职责|，|。){0,40}", 0..60)) {
        let texts: Vec<String> = texts;
        let (groups, stats) = detect(&texts, Params { batch: 7, threads: 2, ..Params::default() });
        let mut seen = std::collections::HashSet::new();
        for g in &groups {
            proptest::prop_assert!(g.size >= 2);
            proptest::prop_assert_eq!(g.size, g.members.len());
            proptest::prop_assert!(g.members.contains(&g.representative));
            for m in &g.members {
                proptest::prop_assert!(seen.insert(*m));
            }
        }
        proptest::prop_assert_eq!(stats.rows as usize, texts.len());
    }
}
