//! The full-text index on both backends: indexing (idempotent), words, phrases, single
//! characters, filters, counts and paging, the order, highlighting positions, and query text
//! that looks like FTS5 or tsquery syntax.

use yijian_core::ids::{ConsultationId, ParagraphId};
use yijian_core::time::Instant;
use yijian_store::{
    on_both_backends, BulkTable, DocSource, IndexEntry, SearchSpec, Store, StoredHit,
    REFRESH_STATISTICS_AFTER,
};
use yijian_text::search::{IndexTokens, Term};
use yijian_text::segment::Segmenter;

const DAY: i64 = 86_400_000;

/// (id, consultation, text, paragraph, region, day submitted)
type Comment = (
    i64,
    i64,
    &'static str,
    Option<i64>,
    Option<&'static str>,
    i64,
);

const COMMENTS: &[Comment] = &[
    (
        1,
        1,
        "建议加强养老服务体系建设，提高养老机构的服务质量。",
        Some(1),
        Some("北京市"),
        1,
    ),
    (
        2,
        1,
        "希望完善医疗保障制度，减轻群众看病负担。",
        Some(2),
        Some("上海市"),
        2,
    ),
    (
        3,
        1,
        "养老金应当每年调整，保障老年人基本生活。",
        Some(1),
        Some("北京市"),
        3,
    ),
    (
        4,
        1,
        "关于第三条，建议明确\"AND\"(OR) * 的含义；养老问题很重要。",
        None,
        None,
        4,
    ),
    (
        5,
        1,
        "人民生活水平不断提高，社区服务要跟上。",
        Some(2),
        Some("广东省"),
        5,
    ),
    (
        6,
        2,
        "在另一次征求意见中也提到养老服务。",
        Some(1),
        Some("北京市"),
        6,
    ),
    (
        7,
        1,
        "<script>alert('养老')</script> 养老 O'Brien \\ 100%",
        None,
        Some("北京'市\""),
        7,
    ),
];

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or("NULL".to_string(), |v| v.to_string())
}

/// A dossier, a version with two paragraphs, two public consultations and the comments.
async fn fixture(store: &Store) {
    store
        .execute_raw(
            "INSERT INTO person (id, name) VALUES (1, '起草人');
             INSERT INTO dossier (id, title, purpose, requirements, status, created_at)
               VALUES (1, '文稿', '', '', 'drafting', 0);
             INSERT INTO version (id, dossier, label, created_at, created_by, content_digest)
               VALUES (1, 1, '征求意见稿', 0, 1, '');
             INSERT INTO paragraph (id, dossier, first_version) VALUES (1, 1, 1), (2, 1, 1);
             INSERT INTO consultation (id, dossier, kind, title, version, opens_at, closes_at, created_by)
               VALUES (1, 1, 'public', '公开征求意见', 1, 0, 1, 1), (2, 1, 'public', '另一次', 1, 0, 1, 1);",
        )
        .await
        .unwrap();
    for (id, c, text, p, r, day) in COMMENTS {
        store
            .execute_raw(&format!(
                "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region,
                   paragraph, submitted_at, received_at, channel)
                 VALUES ({id}, {c}, {}, {}, '', {}, {}, {}, 0, 'web')",
                quote(&format!("S-{id}")),
                quote(text),
                r.map_or("NULL".to_string(), quote),
                opt(*p),
                day * DAY,
            ))
            .await
            .unwrap();
    }
}

/// Index every comment not yet indexed; how many were added.
async fn index_all(store: &Store) -> usize {
    let mut added = 0;
    for c in [1, 2] {
        let mut after = 0;
        loop {
            let mut tx = store.begin().await.unwrap();
            let rows = tx
                .unindexed_comments(ConsultationId(c), after, 1000)
                .await
                .unwrap();
            let Some(last) = rows.last() else {
                tx.rollback().await.unwrap();
                break;
            };
            if let DocSource::Comment(id) = last.source {
                after = id;
            }
            let mut tokens = IndexTokens::default();
            let entries: Vec<IndexEntry> = rows
                .into_iter()
                .map(|r| {
                    Segmenter::shared().index_tokens(&r.text, &mut tokens);
                    IndexEntry {
                        source: r.source,
                        consultation: r.consultation,
                        paragraph: r.paragraph,
                        region: r.region,
                        submitted_at: r.submitted_at,
                        digest: r.digest,
                        words: tokens.words.clone(),
                    }
                })
                .collect();
            added += tx.index_entries(&entries).await.unwrap();
            tx.commit().await.unwrap();
        }
    }
    added
}

fn spec(query: &str) -> SearchSpec {
    let mut phrases = Vec::new();
    let mut chars = Vec::new();
    for t in Segmenter::shared().parse_query(query) {
        match t {
            Term::Word(w) => phrases.push(vec![w]),
            Term::Phrase(ws) => phrases.push(ws),
            Term::Char(c) => chars.push(c),
        }
    }
    SearchSpec {
        consultation: ConsultationId(1),
        phrases,
        chars,
        paragraph: None,
        region: None,
        from: None,
        to: None,
        campaign: None,
        theme: None,
        in_campaign: None,
        limit: 20,
        offset: 0,
        count_cap: 1000,
        rank_below: 0,
    }
}

fn ids(hits: &[StoredHit]) -> Vec<i64> {
    hits.iter()
        .map(|h| match h.source {
            DocSource::Comment(id) => id,
            DocSource::Item(i) => -i.0,
        })
        .collect()
}

async fn run(store: &Store, spec: &SearchSpec) -> (usize, bool, bool, Vec<i64>) {
    let mut tx = store.begin_read().await.unwrap();
    let page = tx.search(spec).await.unwrap();
    tx.rollback().await.unwrap();
    (page.total, page.exact, page.complete, ids(&page.hits))
}

async fn found(store: &Store, spec: &SearchSpec) -> Vec<i64> {
    run(store, spec).await.3
}

/// What the text engine says should match: the oracle the databases are held to.
fn expected(spec: &SearchSpec, query: &str) -> Vec<i64> {
    let terms = Segmenter::shared().parse_query(query);
    let mut out: Vec<i64> = COMMENTS
        .iter()
        .filter(|c| c.1 == spec.consultation.0)
        .filter(|c| Segmenter::shared().matches_all(c.2, &terms))
        .map(|c| c.0)
        .collect();
    out.reverse();
    out
}

on_both_backends!(
    /// Indexing is idempotent; words, phrases and characters find what the text engine says
    /// they match, newest first, in the consultation searched only.
    words_phrases_and_characters,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        assert_eq!(index_all(&store).await, COMMENTS.len());
        assert_eq!(index_all(&store).await, 0, "nothing is indexed twice");
        let mut tx = store.begin_read().await.unwrap();
        assert_eq!(tx.indexed_count(ConsultationId(1)).await.unwrap(), 6);
        assert_eq!(tx.newest_indexed_comment(ConsultationId(1)).await.unwrap(), 7);
        assert_eq!(
            tx.comments_after(ConsultationId(1), 3, 100).await.unwrap(),
            3
        );
        tx.rollback().await.unwrap();

        // A word: 养老 inside 养老服务体系 and 养老金 too; never consultation 2's comment 6.
        let s = spec("养老");
        assert_eq!(found(&store, &s).await, vec![7, 4, 3, 1]);
        assert_eq!(found(&store, &s).await, expected(&s, "养老"));
        // A phrase: the pieces consecutive.
        let s = spec("养老服务");
        assert_eq!(s.phrases, vec![vec!["养老".to_string(), "服务".to_string()]]);
        assert_eq!(found(&store, &s).await, vec![1]);
        let s = spec("服务养老");
        assert!(found(&store, &s).await.is_empty());
        // Two words anywhere.
        let s = spec("养老 调整");
        assert_eq!(found(&store, &s).await, vec![3]);
        // One character: inside a word; but the word 民生 is not in 人民生活.
        let s = spec("民");
        assert_eq!(s.chars, vec!['民']);
        assert_eq!(found(&store, &s).await, vec![5]);
        assert!(found(&store, &spec("民生")).await.is_empty());
        let s = spec("民 社区");
        assert_eq!(found(&store, &s).await, vec![5]);
        // Characters that LIKE would treat as patterns are plain characters.
        let mut s = spec("民");
        s.chars = vec!['%'];
        assert_eq!(found(&store, &s).await, vec![7]);
        s.chars = vec!['_'];
        assert!(found(&store, &s).await.is_empty());
        s.chars = vec!['\\'];
        assert_eq!(found(&store, &s).await, vec![7]);
        // The other consultation.
        let mut s = spec("养老");
        s.consultation = ConsultationId(2);
        assert_eq!(found(&store, &s).await, vec![6]);
    }
);

on_both_backends!(
    /// Filters by paragraph, region and date, alone and together; counts with a cap; pages.
    filters_counts_and_pages,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        index_all(&store).await;
        let mut s = spec("养老");
        s.paragraph = Some(ParagraphId(1));
        assert_eq!(found(&store, &s).await, vec![3, 1]);
        let mut s = spec("养老");
        s.region = Some("北京市".into());
        assert_eq!(found(&store, &s).await, vec![3, 1]);
        s.region = Some("上海市".into());
        assert!(found(&store, &s).await.is_empty());
        s.region = Some("北京'市\"".into());
        assert_eq!(found(&store, &s).await, vec![7]);
        let mut s = spec("养老");
        s.from = Some(Instant(3 * DAY));
        assert_eq!(found(&store, &s).await, vec![7, 4, 3]);
        s.to = Some(Instant(4 * DAY));
        assert_eq!(found(&store, &s).await, vec![3]);
        let mut s = spec("民");
        s.region = Some("广东省".into());
        s.paragraph = Some(ParagraphId(2));
        assert_eq!(found(&store, &s).await, vec![5]);
        s.paragraph = Some(ParagraphId(1));
        assert!(found(&store, &s).await.is_empty());

        // The count stops at the cap and says so; pages follow the same order.
        let mut s = spec("养老");
        assert_eq!(run(&store, &s).await.0..run(&store, &s).await.0, 4..4);
        assert!(run(&store, &s).await.1, "exact under the cap");
        s.count_cap = 2;
        let (total, exact, _, _) = run(&store, &s).await;
        assert_eq!((total, exact), (2, false));
        s.count_cap = 1000;
        s.limit = 2;
        s.offset = 2;
        assert_eq!(found(&store, &s).await, vec![3, 1]);
        s.offset = 10;
        assert!(found(&store, &s).await.is_empty());
    }
);

on_both_backends!(
    /// Few matches all come back, whatever the page, for the caller to rank; many come as
    /// the page asked for, newest first.
    few_matches_come_complete,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        index_all(&store).await;
        let mut s = spec("养老");
        s.limit = 1;
        let (total, _, complete, page) = run(&store, &s).await;
        assert_eq!((total, complete, page), (4, false, vec![7]));
        s.rank_below = 100;
        let (_, _, complete, all) = run(&store, &s).await;
        assert!(complete);
        assert_eq!(all, vec![7, 4, 3, 1], "every match, newest first");
        // Characters alone have nothing to rank by.
        let mut s = spec("民");
        s.rank_below = 100;
        assert!(!run(&store, &s).await.2);
    }
);

on_both_backends!(
    /// Query text that is syntax in FTS5 or tsquery (quotes, *, AND, OR, NEAR, parentheses,
    /// colons, backslashes) is never syntax: no error, no injected condition.
    query_syntax_cannot_inject,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        index_all(&store).await;
        for q in [
            "\"AND\"",
            "养老\" OR \"医疗",
            "* 养老",
            "(OR)",
            "NEAR(养老 医疗)",
            "scope : c2",
            "words:养老",
            "'养老' | '医疗'",
            "!医疗",
            "\\",
            "养老 -医疗",
            "^养老",
        ] {
            let s = spec(q);
            let got = found(&store, &s).await;
            if s.phrases.is_empty() && s.chars.is_empty() {
                continue;
            }
            assert_eq!(got, expected(&s, q), "{q}");
        }
        // Even pieces no segmenter makes are only ever words.
        let mut s = spec("养老");
        s.phrases = vec![vec!["养老\" OR \"医疗".into()]];
        assert!(found(&store, &s).await.is_empty());
        s.phrases = vec![vec!["养老' | '医疗".into()]];
        assert!(found(&store, &s).await.is_empty());
        s.phrases = vec![vec!["*".into()], vec!["(".into()], vec!["\\".into()]];
        assert!(found(&store, &s).await.is_empty());
        s.phrases = vec![vec!["c2".into()]];
        assert!(found(&store, &s).await.is_empty(), "scope tokens are not words");
    }
);

on_both_backends!(
    /// The excerpt of a hit marks the matched characters, at the right character offsets.
    highlights_on_chinese_text,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        index_all(&store).await;
        let s = spec("养老服务");
        let mut tx = store.begin_read().await.unwrap();
        let page = tx.search(&s).await.unwrap();
        tx.rollback().await.unwrap();
        let hit = &page.hits[0];
        assert_eq!(hit.source_id.as_deref(), Some("S-1"));
        assert_eq!(hit.region.as_deref(), Some("北京市"));
        assert_eq!(hit.paragraph, Some(ParagraphId(1)));
        assert_eq!(hit.submitted_at, Some(Instant(DAY)));
        let terms = Segmenter::shared().parse_query("养老服务");
        let e = Segmenter::shared().excerpt(&hit.text, &terms, 120);
        let chars: Vec<char> = e.text.chars().collect();
        let marked: Vec<String> = e
            .marks
            .iter()
            .map(|m| chars[m.start..m.end].iter().collect())
            .collect();
        assert_eq!(marked, vec!["养老服务"]);
        assert_eq!(e.marks[0].start, 4);
        let e = Segmenter::shared().excerpt(
            "<script>alert('养老')</script> 养老",
            &Segmenter::shared().parse_query("养老"),
            120,
        );
        assert_eq!(e.marks.len(), 2);
        assert!(e.pieces().iter().any(|(t, m)| !m && t.contains("<script>")));
    }
);

on_both_backends!(
    /// Entries can be taken out and a consultation's index emptied, leaving the others.
    unindex_and_clear,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        index_all(&store).await;
        let mut tx = store.begin().await.unwrap();
        tx.unindex(&[DocSource::Comment(3)]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(found(&store, &spec("养老")).await, vec![7, 4, 1]);
        // Indexing again brings it back, and only it.
        assert_eq!(index_all(&store).await, 1);
        assert_eq!(found(&store, &spec("养老")).await, vec![7, 4, 3, 1]);
        let mut tx = store.begin().await.unwrap();
        assert_eq!(tx.clear_index(Some(ConsultationId(1))).await.unwrap(), 6);
        tx.commit().await.unwrap();
        assert!(found(&store, &spec("养老")).await.is_empty());
        let mut s = spec("养老");
        s.consultation = ConsultationId(2);
        assert_eq!(found(&store, &s).await, vec![6]);
        let mut tx = store.begin().await.unwrap();
        assert_eq!(tx.clear_index(None).await.unwrap(), 1);
        tx.commit().await.unwrap();
        assert!(found(&store, &s).await.is_empty());
        assert_eq!(index_all(&store).await, COMMENTS.len());
        assert_eq!(found(&store, &spec("养老")).await, vec![7, 4, 3, 1]);
    }
);

/// Comments 100.. of consultation 1: `n` of them, the first `matching` holding
/// 加强养老服务体系建设, the rest text without 养老.
async fn old_matches_many_others(store: &Store, n: i64, matching: i64) {
    let mut values = Vec::new();
    for id in 100..100 + n {
        let text = if id < 100 + matching {
            "我们建议加强养老服务体系建设。"
        } else {
            "希望完善医疗保障制度，社区工作要跟上。"
        };
        values.push(format!(
            "({id}, 1, 'B-{id}', '{text}', '', NULL, NULL, {}, 0, 'web')",
            10 * DAY
        ));
    }
    store
        .execute_raw(&format!(
            "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region,
               paragraph, submitted_at, received_at, channel) VALUES {}",
            values.join(", ")
        ))
        .await
        .unwrap();
}

on_both_backends!(
    /// Phrases of three pieces and more match the pieces in a row only; and when the matches
    /// pass the count cap but are all far back among newer texts that do not match (a campaign
    /// that came early), the page is still their newest, in order.
    long_phrases_and_matches_far_back,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        old_matches_many_others(&store, 3_000, 40).await;
        index_all(&store).await;

        let s = spec("养老服务体系");
        assert!(s.phrases[0].len() >= 3, "{:?}", s.phrases);
        let mut all: Vec<i64> = (100..140).rev().collect();
        all.push(1);
        assert_eq!(found(&store, &SearchSpec { limit: 100, ..s.clone() }).await, all);
        assert!(found(&store, &spec("体系服务养老")).await.is_empty());
        assert!(found(&store, &spec("养老体系")).await.is_empty());

        // 41 matches, the count capped at 10: the five newest of them.
        let mut s = spec("养老服务体系");
        s.count_cap = 10;
        s.limit = 5;
        let (total, exact, _, page) = run(&store, &s).await;
        assert_eq!((total, exact), (10, false));
        assert_eq!(page, vec![139, 138, 137, 136, 135]);
        // The next page, and one reaching past the cap.
        s.offset = 5;
        assert_eq!(found(&store, &s).await, vec![134, 133, 132, 131, 130]);
        s.offset = 10;
        assert!(found(&store, &s).await.is_empty(), "the cap bounds the pages");
        // A word, with the others' words all around: the newest first.
        let mut s = spec("医疗");
        s.count_cap = 10;
        s.limit = 3;
        assert_eq!(found(&store, &s).await, vec![3099, 3098, 3097]);
    }
);

on_both_backends!(
    /// The statistics refresh after a bulk write runs on every table it names (a no-op on
    /// SQLite and under the threshold).
    statistics_refresh_after_bulk_writes,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        fixture(&store).await;
        index_all(&store).await;
        for table in [
            BulkTable::SearchIndex,
            BulkTable::CampaignMembers,
            BulkTable::ThemeMembers,
        ] {
            let mut tx = store.begin().await.unwrap();
            tx.refresh_statistics(table, REFRESH_STATISTICS_AFTER)
                .await
                .unwrap();
            tx.refresh_statistics(table, 1).await.unwrap();
            tx.commit().await.unwrap();
        }
        assert_eq!(found(&store, &spec("养老")).await, vec![7, 4, 3, 1]);
    }
);
