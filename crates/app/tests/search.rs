//! Search through the use cases, on both backends: who may search (record-holders; a
//! consultee is refused, an outsider told the consultation does not exist), indexing of
//! public comments and of a closed consultation's items (amended and withdrawn ones too),
//! catching up with new texts, rebuilding, and the errors of bad queries.

use yijian_app::search::{DocSource, SearchOrder};
use yijian_app::{
    App, AppError, Ctx, NewDossier, NewItem, OpenConsultation, ParagraphRef, SearchQuery,
};
use yijian_core::ids::*;
use yijian_core::model::{BodyKind, Category, ConsultationKind, ItemKind, Respondent, Role};
use yijian_core::time::{Date, Instant};
use yijian_core::DomainError;
use yijian_store::on_both_backends;

const T0: Instant = Instant(1_790_000_000_000);
const DAY: i64 = 86_400_000;

struct World {
    app: App,
    admin: PersonId,
    leader: PersonId,
    reviewer: PersonId,
    auditor: PersonId,
    consultee: PersonId,
    outsider: PersonId,
    /// The closed-circle consultation (the consultee's body in scope).
    draft: ConsultationId,
    /// The public consultation with its comments.
    public: ConsultationId,
    paragraph: ParagraphId,
}

impl World {
    fn ctx(&self, p: PersonId) -> Ctx {
        Ctx::new(p, Instant(T0.0 + DAY))
    }
}

const COMMENTS: &[(&str, &str, i64)] = &[
    ("建议加强养老服务体系建设。", "北京市", 1),
    ("希望完善医疗保障制度，减轻群众负担。", "上海市", 2),
    ("养老金应当每年调整。", "北京市", 3),
    ("<script>alert(1)</script>养老服务要落到实处。", "广东省", 4),
];

async fn add_comment(app: &App, c: ConsultationId, id: i64, text: &str, region: &str, day: i64) {
    app.execute_raw(&format!(
        "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region,
           submitted_at, received_at, channel)
         VALUES ({id}, {}, 'P-{id}', '{}', '', '{region}', {}, {}, 'web')",
        c.0,
        text.replace('\'', "''"),
        T0.0 + day * DAY,
        T0.0 + day * DAY,
    ))
    .await
    .unwrap();
}

async fn world(target: &str) -> World {
    let app = App::open(target).await.unwrap();
    let admin = app.init("管理员", T0).await.unwrap();
    let ctx = Ctx::new(admin, T0);
    let invited = app
        .add_body(&ctx, "东城市", BodyKind::Consultee, Some(Category::Region))
        .await
        .unwrap();
    let other = app
        .add_body(&ctx, "西城市", BodyKind::Consultee, Some(Category::Region))
        .await
        .unwrap();
    let leader = app.add_person(&ctx, "组长", None).await.unwrap();
    let reviewer = app.add_person(&ctx, "审读人", None).await.unwrap();
    let auditor = app.add_person(&ctx, "审计员", None).await.unwrap();
    let consultee = app
        .add_person(&ctx, "东城联络员", Some(invited))
        .await
        .unwrap();
    let outsider = app
        .add_person(&ctx, "西城联络员", Some(other))
        .await
        .unwrap();
    let dossier = app
        .create_dossier(
            &ctx,
            &NewDossier {
                title: "关于改进社区服务的若干意见".into(),
                purpose: String::new(),
                requirements: String::new(),
                topic_decided_on: None,
                leading_body: None,
                drafting_group: None,
            },
        )
        .await
        .unwrap();
    app.assign_role(&ctx, Some(dossier), leader, Role::Leader)
        .await
        .unwrap();
    app.assign_role(&ctx, Some(dossier), reviewer, Role::Reviewer)
        .await
        .unwrap();
    app.assign_role(&ctx, None, auditor, Role::Auditor)
        .await
        .unwrap();
    for p in [consultee, outsider] {
        app.assign_role(&ctx, Some(dossier), p, Role::Contact)
            .await
            .unwrap();
    }
    let lead = Ctx::new(leader, T0);
    let text = "# 标题\n\n第一段：发展养老服务。\n\n第二段：完善医疗保障。\n";
    let version = app
        .import_version(&lead, dossier, "征求意见稿", "d.md", text.as_bytes(), None)
        .await
        .unwrap();
    app.release_version(&lead, version).await.unwrap();
    let (_, blocks) = app.version(version).await.unwrap();
    let paragraph = blocks[1].paragraph;
    let open = |kind, scope| OpenConsultation {
        dossier,
        kind,
        title: "征求意见".into(),
        version: Some(version),
        question: None,
        opens_at: T0,
        closes_at: Instant(T0.0 + 10 * DAY),
        scope,
    };
    let draft = app
        .open_consultation(
            &lead,
            &open(ConsultationKind::Draft, vec![Respondent::Body(invited)]),
        )
        .await
        .unwrap();
    let public = app
        .open_consultation(&lead, &open(ConsultationKind::Public, vec![]))
        .await
        .unwrap();
    for (n, (text, region, day)) in COMMENTS.iter().enumerate() {
        add_comment(&app, public, n as i64 + 1, text, region, *day).await;
    }
    World {
        app,
        admin,
        leader,
        reviewer,
        auditor,
        consultee,
        outsider,
        draft,
        public,
        paragraph,
    }
}

fn query(c: ConsultationId, text: &str) -> SearchQuery {
    SearchQuery {
        consultation: c,
        text: text.into(),
        paragraph: None,
        region: None,
        from: None,
        to: None,
        campaign: None,
        theme: None,
        in_campaign: None,
        limit: 20,
        offset: 0,
    }
}

fn comment_ids(r: &yijian_app::SearchResult) -> Vec<i64> {
    r.hits
        .iter()
        .map(|h| match h.source {
            DocSource::Comment(id) => id,
            DocSource::Item(i) => -i.0,
        })
        .collect()
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

fn domain(e: AppError) -> DomainError {
    match e {
        AppError::Domain(d) => d,
        other => panic!("expected a domain error, got {other}"),
    }
}

on_both_backends!(
    /// Record-holders search; a consultee in scope is refused, an outsider (and anyone asking
    /// for a consultation that does not exist) is told it does not exist.
    only_record_holders_search,
    |target: String| async move {
        let w = world(&target).await;
        let app = &w.app;
        w.app
            .index_pending(&w.ctx(w.leader), w.public)
            .await
            .unwrap();
        for p in [w.admin, w.leader, w.reviewer, w.auditor] {
            let r = app.search(&w.ctx(p), &query(w.public, "养老")).await.unwrap();
            assert_eq!(r.total, 3, "person {p}");
        }
        let refused = app
            .search(&w.ctx(w.consultee), &query(w.draft, "养老"))
            .await
            .unwrap_err();
        assert!(
            matches!(domain(refused), DomainError::Forbidden { .. }),
            "a consultee sees the consultation but may not search it"
        );
        for (p, c) in [
            (w.outsider, w.draft),
            (w.consultee, w.public),
            (w.leader, ConsultationId(999)),
        ] {
            let e = app.search(&w.ctx(p), &query(c, "养老")).await.unwrap_err();
            assert!(
                matches!(domain(e), DomainError::NotFound { .. }),
                "person {p}, consultation {c}"
            );
            let e = app.index_pending(&w.ctx(p), c).await.unwrap_err();
            assert!(matches!(domain(e), DomainError::NotFound { .. }));
        }
        let e = app
            .index_pending(&w.ctx(w.consultee), w.draft)
            .await
            .unwrap_err();
        assert!(matches!(domain(e), DomainError::Forbidden { .. }));
    }
);

on_both_backends!(
    /// Comments: indexed once, searched with filters, new ones caught up, rebuilt the same.
    public_comments,
    |target: String| async move {
        let w = world(&target).await;
        let (app, ctx) = (&w.app, w.ctx(w.leader));
        let r = app.search(&ctx, &query(w.public, "养老")).await.unwrap();
        assert_eq!((r.total, r.unindexed), (0, 4), "nothing indexed yet");
        let report = app.index_pending(&ctx, w.public).await.unwrap();
        assert_eq!(report.indexed, 4);
        assert!(report.chars > 40);
        assert_eq!(app.index_pending(&ctx, w.public).await.unwrap().indexed, 0);

        let r = app.search(&ctx, &query(w.public, "养老")).await.unwrap();
        assert_eq!(sorted(comment_ids(&r)), vec![1, 3, 4]);
        assert_eq!((r.total, r.exact, r.unindexed), (3, true, 0));
        assert_eq!(r.order, SearchOrder::Relevance, "few matches are ranked");
        // The excerpt is the text with marks, not HTML: escaping is the page's business.
        let hit = r
            .hits
            .iter()
            .find(|h| h.source == DocSource::Comment(4))
            .unwrap();
        assert!(hit.excerpt.text.starts_with("<script>"));
        assert_eq!(hit.source_id.as_deref(), Some("P-4"));
        let marked: Vec<&str> = hit
            .excerpt
            .pieces()
            .into_iter()
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        assert_eq!(marked, vec!["养老"]);
        // A phrase, a region, dates (inclusive days), a single character.
        let r = app.search(&ctx, &query(w.public, "养老服务")).await.unwrap();
        assert_eq!(sorted(comment_ids(&r)), vec![1, 4]);
        let mut q = query(w.public, "养老");
        q.region = Some(" 北京市 ".into());
        assert_eq!(comment_ids(&app.search(&ctx, &q).await.unwrap()).len(), 2);
        let mut q = query(w.public, "养老");
        q.from = Some(Date::of(Instant(T0.0 + 3 * DAY)));
        q.to = Some(Date::of(Instant(T0.0 + 3 * DAY)));
        assert_eq!(comment_ids(&app.search(&ctx, &q).await.unwrap()), vec![3]);
        let r = app.search(&ctx, &query(w.public, "负")).await.unwrap();
        assert_eq!(comment_ids(&r), vec![2]);

        // A comment added later is reported unindexed, then caught up.
        add_comment(app, w.public, 5, "养老服务人才短缺。", "北京市", 5).await;
        let r = app.search(&ctx, &query(w.public, "养老")).await.unwrap();
        assert_eq!((r.total, r.unindexed), (3, 1));
        assert_eq!(app.index_new(&ctx, w.public, 100).await.unwrap().indexed, 1);
        let r = app.search(&ctx, &query(w.public, "养老")).await.unwrap();
        assert_eq!((r.total, r.unindexed), (4, 0));
        assert!(comment_ids(&r).contains(&5));

        // A rebuild gives the same answers.
        let before = comment_ids(&app.search(&ctx, &query(w.public, "养老")).await.unwrap());
        let report = app.reindex(&ctx, w.public).await.unwrap();
        assert_eq!((report.removed, report.indexed), (5, 5));
        let after = comment_ids(&app.search(&ctx, &query(w.public, "养老")).await.unwrap());
        assert_eq!(before, after);
    }
);

on_both_backends!(
    /// Items of a closed consultation: indexed with their paragraph, an amended one found by
    /// its new text only, a withdrawn one no more.
    closed_consultation_items,
    |target: String| async move {
        let w = world(&target).await;
        let app = &w.app;
        let me = w.ctx(w.consultee);
        let item = |text: &str, paragraph| NewItem {
            kind: ItemKind::Suggestion,
            text: text.into(),
            paragraph,
            span: None,
        };
        let on_paragraph = app
            .add_item(
                &me,
                w.draft,
                &item("建议增加社区养老服务站。", Some(ParagraphRef::Id(w.paragraph))),
            )
            .await
            .unwrap();
        let general = app
            .add_item(&me, w.draft, &item("医疗保障部分表述不够清楚。", None))
            .await
            .unwrap();
        let ctx = w.ctx(w.leader);
        let report = app.index_pending(&ctx, w.draft).await.unwrap();
        assert_eq!(report.indexed, 2);
        let r = app.search(&ctx, &query(w.draft, "养老")).await.unwrap();
        assert_eq!(r.hits.len(), 1);
        assert_eq!(r.hits[0].source, DocSource::Item(on_paragraph));
        assert_eq!(r.hits[0].paragraph, Some(w.paragraph));
        assert_eq!(r.hits[0].paragraph_number, Some(1));
        let mut q = query(w.draft, "养老");
        q.paragraph = Some(ParagraphRef::Number(1));
        assert_eq!(app.search(&ctx, &q).await.unwrap().total, 1);
        q.paragraph = Some(ParagraphRef::Number(2));
        assert_eq!(app.search(&ctx, &q).await.unwrap().total, 0);
        q.paragraph = Some(ParagraphRef::Number(99));
        assert!(app.search(&ctx, &q).await.is_err());
        let mut q = query(w.draft, "医疗");
        q.paragraph = Some(ParagraphRef::Id(w.paragraph));
        assert!(app.search(&ctx, &q).await.unwrap().hits.is_empty());
        // The public consultation's comments are not this consultation's.
        assert_eq!(
            app.search(&ctx, &query(w.draft, "养老金")).await.unwrap().total,
            0
        );

        app.amend_item(&me, general, ItemKind::Opinion, "教育公平部分表述不够清楚。")
            .await
            .unwrap();
        app.withdraw_item(&me, on_paragraph).await.unwrap();
        let r = app.search(&ctx, &query(w.draft, "教育")).await.unwrap();
        assert_eq!((r.total, r.unindexed), (0, 2), "changed items are not searched yet");
        let report = app.index_new(&ctx, w.draft, 10).await.unwrap();
        assert_eq!((report.indexed, report.removed), (1, 2));
        let r = app.search(&ctx, &query(w.draft, "教育")).await.unwrap();
        assert_eq!(r.hits[0].source, DocSource::Item(general));
        assert_eq!(r.unindexed, 0);
        assert_eq!(
            app.search(&ctx, &query(w.draft, "医疗")).await.unwrap().total,
            0
        );
        assert_eq!(
            app.search(&ctx, &query(w.draft, "养老")).await.unwrap().total,
            0
        );
        assert_eq!(app.index_pending(&ctx, w.draft).await.unwrap().indexed, 0);
    }
);

on_both_backends!(
    /// Bad searches are clear errors: nothing to look for, too long, pages too deep or too
    /// large, a date range that ends before it starts.
    bad_queries_are_refused,
    |target: String| async move {
        let w = world(&target).await;
        let (app, ctx) = (&w.app, w.ctx(w.leader));
        for text in ["", "   ", "，。！？", "\"*()", "——"] {
            let e = app.search(&ctx, &query(w.public, text)).await.unwrap_err();
            assert_eq!(domain(e), DomainError::SearchQueryEmpty, "{text:?}");
        }
        let long = "养老".repeat(150);
        let e = app.search(&ctx, &query(w.public, &long)).await.unwrap_err();
        assert!(matches!(
            domain(e),
            DomainError::SearchQueryTooLong { .. }
        ));
        let many = (0..20).map(|i| format!("词{i}")).collect::<Vec<_>>().join(" ");
        let e = app.search(&ctx, &query(w.public, &many)).await.unwrap_err();
        assert!(matches!(
            domain(e),
            DomainError::SearchQueryTooLong { .. }
        ));
        let mut q = query(w.public, "养老");
        q.limit = 0;
        assert!(matches!(
            domain(app.search(&ctx, &q).await.unwrap_err()),
            DomainError::SearchLimitOutOfRange { .. }
        ));
        q.limit = 20;
        q.offset = 20_000;
        assert!(matches!(
            domain(app.search(&ctx, &q).await.unwrap_err()),
            DomainError::SearchPageTooDeep { .. }
        ));
        q.offset = 0;
        q.from = Some(Date::parse("2026-05-02").unwrap());
        q.to = Some(Date::parse("2026-05-01").unwrap());
        assert!(matches!(
            domain(app.search(&ctx, &q).await.unwrap_err()),
            DomainError::DateRangeInverted { .. }
        ));
        // Syntax of query languages is only text.
        app.index_pending(&ctx, w.public).await.unwrap();
        for text in ["养老\" OR \"医疗", "养老 OR 医疗", "养老*", "(养老)", "养老' | '医疗"] {
            let r = app.search(&ctx, &query(w.public, text)).await.unwrap();
            assert!(r.total <= 3, "{text:?}: {}", r.total);
        }
        let r = app.search(&ctx, &query(w.public, "(养老)")).await.unwrap();
        assert_eq!(r.total, 3);
    }
);

on_both_backends!(
    /// The analysis' filters: a campaign's members, a theme's comments, only the comments in
    /// a campaign or in none; a campaign or theme of another consultation is "not found".
    campaign_and_theme_filters,
    |target: String| async move {
        let w = world(&target).await;
        let (app, ctx) = (&w.app, w.ctx(w.leader));
        let letter = "建议提高养老服务补贴标准，扩大高龄津贴的发放范围，让更多老年人受益。";
        for (n, text) in [
            letter.to_string(),
            letter.replace('，', ","),
            format!("您好！{letter}"),
            format!("{letter}谢谢。"),
        ]
        .iter()
        .enumerate()
        {
            add_comment(app, w.public, 10 + n as i64, text, "上海市", 6).await;
        }
        app.index_pending(&ctx, w.public).await.unwrap();
        app.detect_campaigns(&ctx, w.public, &Default::default())
            .await
            .unwrap();
        app.find_themes(&ctx, w.public, &Default::default())
            .await
            .unwrap();
        let campaigns = app.campaigns(&ctx, w.public, 0, 10).await.unwrap();
        assert_eq!(campaigns.len(), 1, "the letter sent four times");
        let (_, _, members) = app
            .campaign_members(&ctx, campaigns[0].id, 0, 100)
            .await
            .unwrap();
        let members: Vec<i64> = members.iter().map(|m| m.comment.id.0).collect();
        assert_eq!(sorted(members.clone()), vec![10, 11, 12, 13]);
        // Keyset paging: three pages of two (the last empty), each after the last one's id.
        let (mut after, mut paged) = (0, Vec::new());
        loop {
            let (_, _, page) = app
                .campaign_members(&ctx, campaigns[0].id, after, 2)
                .await
                .unwrap();
            let Some(last) = page.last() else { break };
            after = last.comment.id.0;
            paged.extend(page.iter().map(|m| m.comment.id.0));
        }
        assert_eq!(paged, vec![10, 11, 12, 13]);

        let all = sorted(comment_ids(
            &app.search(&ctx, &query(w.public, "养老")).await.unwrap(),
        ));
        assert_eq!(all, vec![1, 3, 4, 10, 11, 12, 13]);
        let mut q = query(w.public, "养老");
        q.campaign = Some(campaigns[0].id);
        let r = app.search(&ctx, &q).await.unwrap();
        assert_eq!(sorted(comment_ids(&r)), members);
        assert_eq!((r.total, r.exact), (4, true));
        // With a filter the index cannot answer alone (dates) too.
        q.from = Some(Date::of(Instant(T0.0 + 6 * DAY)));
        assert_eq!(comment_ids(&app.search(&ctx, &q).await.unwrap()).len(), 4);
        q.from = Some(Date::of(Instant(T0.0 + 7 * DAY)));
        assert!(comment_ids(&app.search(&ctx, &q).await.unwrap()).is_empty());

        let mut q = query(w.public, "养老");
        q.in_campaign = Some(true);
        assert_eq!(sorted(comment_ids(&app.search(&ctx, &q).await.unwrap())), members);
        q.in_campaign = Some(false);
        assert_eq!(
            sorted(comment_ids(&app.search(&ctx, &q).await.unwrap())),
            vec![1, 3, 4]
        );
        // Only characters (no word): the search runs on search_doc alone, filters too.
        let mut q = query(w.public, "津");
        q.in_campaign = Some(false);
        assert!(comment_ids(&app.search(&ctx, &q).await.unwrap()).is_empty());
        q.in_campaign = Some(true);
        assert_eq!(comment_ids(&app.search(&ctx, &q).await.unwrap()).len(), 4);

        // Every comment is in exactly one overall theme: the themes' hits partition the
        // unfiltered ones, and each theme's hits are among its comments.
        let themes = app.themes(&ctx, w.public, None).await.unwrap();
        assert!(themes.len() >= 2);
        let mut union = Vec::new();
        for t in &themes {
            let (_, _, page, _) = app
                .theme_page(&ctx, t.id, Default::default(), 500)
                .await
                .unwrap();
            let in_theme: Vec<i64> = page.iter().map(|c| c.id.0).collect();
            let mut q = query(w.public, "养老");
            q.theme = Some(t.id);
            let hits = comment_ids(&app.search(&ctx, &q).await.unwrap());
            assert!(hits.iter().all(|h| in_theme.contains(h)), "theme {}", t.id);
            union.extend(hits);
        }
        assert_eq!(sorted(union), all);
        // A move is followed: a comment found under one theme is found under its new one.
        let mut q = query(w.public, "养老");
        q.theme = Some(themes[0].id);
        let (from, to, moved) = match comment_ids(&app.search(&ctx, &q).await.unwrap()).first() {
            Some(&id) => (themes[0].id, themes[1].id, id),
            None => {
                q.theme = Some(themes[1].id);
                let id = comment_ids(&app.search(&ctx, &q).await.unwrap())[0];
                (themes[1].id, themes[0].id, id)
            }
        };
        app.move_to_theme(&ctx, CommentId(moved), to).await.unwrap();
        for (t, expect) in [(from, false), (to, true)] {
            let mut q = query(w.public, "养老");
            q.theme = Some(t);
            let hits = comment_ids(&app.search(&ctx, &q).await.unwrap());
            assert_eq!(hits.contains(&moved), expect, "theme {t}");
        }

        // Another consultation's campaign or theme, or one that does not exist: not found.
        for (c, campaign, theme) in [
            (w.draft, Some(campaigns[0].id), None),
            (w.draft, None, Some(themes[0].id)),
            (w.public, Some(CampaignId(9_999)), None),
            (w.public, None, Some(ThemeId(9_999))),
        ] {
            let mut q = query(c, "养老");
            q.campaign = campaign;
            q.theme = theme;
            let e = app.search(&ctx, &q).await.unwrap_err();
            assert!(
                matches!(domain(e), DomainError::NotFound { .. }),
                "{c} {campaign:?} {theme:?}"
            );
        }
    }
);
