use super::*;

/// Comments on three topics that share the opinion words but not the subject words.
fn three_topics() -> (Vec<String>, Vec<usize>) {
    let topics: [&[&str]; 3] = [
        &[
            "养老服务",
            "社区养老",
            "老年人",
            "护理补贴",
            "养老机构",
            "照护",
        ],
        &["义务教育", "学校", "教师", "课后服务", "学生", "教材"],
        &["生态环境", "污染防治", "河道", "垃圾分类", "排放", "绿化"],
    ];
    let openers = ["我们建议", "希望进一步", "认为应当", "恳请", "建议明确"];
    let mut texts = Vec::new();
    let mut truth = Vec::new();
    for i in 0..90 {
        let topic = i % 3;
        let words = topics[topic];
        let a = words[i % words.len()];
        let b = words[(i / 3 + 1) % words.len()];
        let c = words[(i / 7 + 2) % words.len()];
        texts.push(format!(
            "{}加强{}，落实{}的保障，并对{}作出具体规定。",
            openers[i % openers.len()],
            a,
            b,
            c
        ));
        truth.push(topic);
    }
    (texts, truth)
}

fn params(k: usize) -> ThemeParams {
    ThemeParams {
        themes: k,
        min_comments_per_term: 1,
        ..ThemeParams::default()
    }
}

#[test]
fn separates_topics_and_names_them() {
    for seed in 0..8 {
        separates_topics_with_seed(seed);
    }
}

fn separates_topics_with_seed(seed: u64) {
    let (texts, truth) = three_topics();
    let themes = find_themes_in_texts(&texts, &ThemeParams { seed, ..params(3) });
    assert_eq!(themes.len(), 3, "{themes:#?}");
    for theme in &themes {
        let topic = truth[theme.members[0]];
        assert!(
            theme.members.iter().all(|&m| truth[m] == topic),
            "seed {seed}: theme {} mixes topics",
            theme.id
        );
        assert!(!theme.top_terms.is_empty());
        assert!(!theme.representatives.is_empty());
        assert!(theme
            .representatives
            .iter()
            .all(|r| theme.members.contains(r)));
    }
    let terms: Vec<&str> = themes
        .iter()
        .flat_map(|t| t.top_terms.iter().map(|(w, _)| w.as_str()))
        .collect();
    assert!(terms.iter().any(|w| w.contains("养老")), "{terms:?}");
    assert!(
        !terms.contains(&"建议"),
        "opinion words are not themes: {terms:?}"
    );
}

#[test]
fn every_comment_is_in_exactly_one_theme() {
    let (mut texts, _) = three_topics();
    texts.push("！！！".into());
    texts.push(String::new());
    texts.push("我们建议。".into());
    let themes = find_themes_in_texts(&texts, &params(0));
    let mut seen: Vec<usize> = themes.iter().flat_map(|t| t.members.clone()).collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..texts.len()).collect::<Vec<_>>());
    let last = themes.last().expect("themes");
    assert!(last.unclassified);
    assert_eq!(last.members, vec![90, 91, 92]);
    assert!(themes[..themes.len() - 1].iter().all(|t| !t.unclassified));
    for (i, t) in themes.iter().enumerate() {
        assert_eq!(t.id, i);
    }
}

#[test]
fn deterministic_whatever_the_threads() {
    let (texts, _) = three_topics();
    let one = find_themes_in_texts(
        &texts,
        &ThemeParams {
            threads: 1,
            ..params(3)
        },
    );
    let four = find_themes_in_texts(
        &texts,
        &ThemeParams {
            threads: 4,
            ..params(3)
        },
    );
    assert_eq!(one, four);
    assert_eq!(one, find_themes_in_texts(&texts, &params(3)));
}

#[test]
fn small_and_empty_inputs() {
    assert!(find_themes_in_texts::<&str>(&[], &params(0)).is_empty());
    let only_noise = find_themes_in_texts(&["。", "123"], &params(5));
    assert_eq!(only_noise.len(), 1);
    assert!(only_noise[0].unclassified);
    // More themes asked than comments: no empty theme comes back.
    let two = find_themes_in_texts(&["养老服务补贴", "义务教育学校"], &params(10));
    assert!(two.iter().all(|t| !t.members.is_empty()));
    assert_eq!(two.iter().map(|t| t.members.len()).sum::<usize>(), 2);
}

#[test]
fn common_words_are_pruned() {
    // 养老 in every comment says nothing about which theme a comment is in.
    let texts: Vec<String> = (0..20)
        .map(|i| {
            let subject = if i % 2 == 0 {
                "补贴标准"
            } else {
                "护理人员"
            };
            format!("养老{subject}")
        })
        .collect();
    let themes = find_themes_in_texts(&texts, &params(2));
    for t in &themes {
        assert!(
            t.top_terms.iter().all(|(w, _)| w != "养老"),
            "{:?}",
            t.top_terms
        );
    }
}

#[test]
fn word_ids_give_the_same_themes_as_the_words() {
    let (texts, _) = three_topics();
    let words = words_of(&texts, 2);
    // Interned in another order than first seen in the comments (the ids are renumbered).
    let mut vocabulary = Vocabulary::default();
    let mut reversed: Vec<&str> = words.iter().flatten().copied().collect();
    reversed.reverse();
    vocabulary.ids(&reversed);
    let ids: Vec<Vec<u32>> = words.iter().map(|w| vocabulary.ids(w)).collect();
    assert!(ids.iter().zip(&words).all(|(i, w)| i.len() == w.len()
        && i.iter()
            .zip(w)
            .all(|(&id, &word)| vocabulary.word(id) == word)));
    for k in [0, 2, 3, 5] {
        let by_words = find_themes(&words, &params(k));
        let by_ids = find_themes_by_id(&ids, &vocabulary, &params(k));
        assert!(!by_words.is_empty());
        assert_eq!(by_ids, by_words, "k = {k}");
    }
    // A subset (as the paragraph themes are) too: ids of words it does not use are ignored.
    let half: Vec<Vec<u32>> = ids.iter().step_by(2).cloned().collect();
    let half_words: Vec<Vec<&str>> = words.iter().step_by(2).cloned().collect();
    assert_eq!(
        find_themes_by_id(&half, &vocabulary, &params(3)),
        find_themes(&half_words, &params(3))
    );
}
