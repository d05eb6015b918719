//! Themes of a public consultation on both backends: every comment in exactly one theme
//! (overall, and per paragraph for those on a paragraph), moves keep the total, a theme made
//! into a group holds its comments, and only the drafting group may do any of it.

use yijian_app::{
    demo, statistics_table, App, AppError, Ctx, HandlingFilter, OpenConsultation, StatisticsView,
};
use yijian_core::ids::*;
use yijian_core::model::{ConsultationKind, DispositionKind, DispositionStatus, DispositionTarget};
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_report::Lang;
use yijian_store::on_both_backends;
use yijian_text::themes::ThemeParams;

const NOW: Instant = Instant(2_000_000_000_000);

fn comments() -> Vec<String> {
    let topics: [&[&str]; 3] = [
        &["养老服务", "社区养老", "老年人", "护理补贴", "养老机构"],
        &["义务教育", "学校", "教师", "课后服务", "学生"],
        &["生态环境", "污染防治", "河道", "垃圾分类", "排放"],
    ];
    (0..60)
        .map(|i| {
            let w = topics[i % 3];
            format!(
                "建议加强{}，落实{}保障，对{}作出规定。",
                w[i % 5],
                w[(i / 3 + 1) % 5],
                w[(i / 7 + 2) % 5]
            )
        })
        .collect()
}

async fn public_consultation(app: &App, built: &demo::DemoDossier) -> ConsultationId {
    let leader = built.people["leader"];
    let c = app
        .open_consultation(
            &Ctx::new(leader, NOW),
            &OpenConsultation {
                dossier: built.dossier,
                kind: ConsultationKind::Public,
                title: "向社会公开征求意见".into(),
                version: Some(built.draft_for_comments),
                question: None,
                opens_at: NOW,
                closes_at: Instant(NOW.0 + 30 * 86_400_000),
                scope: vec![],
            },
        )
        .await
        .unwrap();
    for (i, text) in comments().iter().enumerate() {
        // Every third comment is on the version's fourth block's paragraph.
        let paragraph = if i % 3 == 0 {
            format!(
                "(SELECT paragraph FROM block WHERE version = {} AND position = 3)",
                built.draft_for_comments
            )
        } else {
            "NULL".into()
        };
        app.execute_raw(&format!(
            "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, paragraph, received_at, channel)
             VALUES ({id}, {c}, 's{i}', '{text}', '', {paragraph}, {now}, 'import')",
            id = 1000 + i,
            now = NOW.0
        ))
        .await
        .unwrap();
    }
    c
}

fn is_forbidden(e: &AppError) -> bool {
    e.to_string().contains("may not")
}

on_both_backends!(themes_cover_every_comment, |target: String| async move {
    let app = App::open(&target).await.unwrap();
    let built = demo::build(&app).await.unwrap();
    let c = public_consultation(&app, &built).await;
    let leader = Ctx::new(built.people["leader"], NOW);
    let params = ThemeParams {
        themes: 3,
        min_comments_per_term: 1,
        ..ThemeParams::default()
    };

    // Only the drafting group, only on a public consultation.
    for outsider in ["r02-contact", "reviewer1", "auditor"] {
        let ctx = Ctx::new(built.people[outsider], NOW);
        let e = app.find_themes(&ctx, c, &params).await.unwrap_err();
        assert!(is_forbidden(&e), "{outsider}: {e}");
    }
    let e = app
        .find_themes(&leader, built.draft_consultation, &params)
        .await
        .unwrap_err();
    assert!(
        matches!(e, AppError::Domain(DomainError::NotPublic { .. }))
            || e.to_string().contains("not a public"),
        "{e}"
    );

    let run = app.find_themes(&leader, c, &params).await.unwrap();
    assert_eq!(run.comments, 60);
    assert_eq!(
        run.clustered, 60,
        "no campaigns yet: every comment is clustered"
    );
    let overall = app.themes(&leader, c, None).await.unwrap();
    assert_eq!(overall.len(), 3, "{overall:?}");
    assert_eq!(overall.iter().map(|t| t.size).sum::<i64>(), 60);
    assert!(overall.iter().all(|t| !t.top_terms.is_empty()));

    let all = all_comments(&app, &leader, &overall).await;
    assert_eq!(all.len(), 60, "a theme's pages list exactly its comments");
    let paragraph: ParagraphId = all
        .iter()
        .find_map(|c| c.paragraph)
        .expect("on a paragraph");
    let general = all
        .iter()
        .find(|c| c.paragraph.is_none())
        .expect("general")
        .id;
    let per_paragraph = app.themes(&leader, c, Some(paragraph)).await.unwrap();
    assert!(!per_paragraph.is_empty());
    assert_eq!(per_paragraph.iter().map(|t| t.size).sum::<i64>(), 20);

    // A move keeps the total and changes the two sizes by one.
    let comment = app
        .theme_comments(&leader, overall[0].id, Default::default(), 1)
        .await
        .unwrap()
        .0[0]
        .id;
    app.move_to_theme(&leader, comment, overall[1].id)
        .await
        .unwrap();
    let after = app.themes(&leader, c, None).await.unwrap();
    assert_eq!(after[0].size, overall[0].size - 1);
    assert_eq!(after[1].size, overall[1].size + 1);
    assert_eq!(after.iter().map(|t| t.size).sum::<i64>(), 60);
    // A general comment has no place among a paragraph's themes; a reviewer moves nothing.
    assert!(app
        .move_to_theme(&leader, general, per_paragraph[0].id)
        .await
        .is_err());
    let reviewer = Ctx::new(built.people["reviewer1"], NOW);
    assert!(app
        .move_to_theme(&reviewer, comment, overall[2].id)
        .await
        .is_err());

    // A theme made into a group holds its comments; a second time there is nothing left.
    let (group, n) = app
        .theme_to_group(&leader, overall[1].id, "公众普遍关注教育投入")
        .await
        .unwrap();
    assert_eq!(n, after[1].size);
    assert!(group.0 > 0);
    assert!(app
        .theme_to_group(&leader, overall[1].id, "再来一次")
        .await
        .is_err());
    assert!(app
        .theme_to_group(&leader, overall[2].id, "  ")
        .await
        .is_err());

    // The handling table and the explanation count the group's comments, with its
    // disposition (a group of comments carries its own: it has no items).
    app.dispose(
        &leader,
        DispositionTarget::Group(group),
        DispositionKind::PartlyAdopted,
        "部分吸收",
        DispositionStatus::Final,
    )
    .await
    .unwrap();
    let table = app
        .handling_report(built.dossier, HandlingFilter::default())
        .await
        .unwrap();
    let row = table
        .comment_groups
        .iter()
        .find(|g| g.group == group.0)
        .expect("the group of comments is in the handling table");
    assert_eq!(row.comments, n);
    assert_eq!(row.consultation, "向社会公开征求意见");
    assert_eq!(row.common_view, "公众普遍关注教育投入");
    assert_eq!(row.disposition, Some(DispositionKind::PartlyAdopted));
    assert_eq!(row.reason, "部分吸收");
    for (filter, kept) in [
        (
            HandlingFilter {
                consultation: Some(c),
                ..Default::default()
            },
            true,
        ),
        (
            HandlingFilter {
                disposition: Some(DispositionKind::Adopted),
                ..Default::default()
            },
            false,
        ),
        (
            HandlingFilter {
                category: Some(yijian_core::model::Category::Region),
                ..Default::default()
            },
            false,
        ),
    ] {
        let t = app.handling_report(built.dossier, filter).await.unwrap();
        assert_eq!(
            t.comment_groups.iter().any(|g| g.group == group.0),
            kept,
            "{filter:?}"
        );
    }
    let facts = app.explanation_report(built.dossier).await.unwrap();
    let public = facts
        .public
        .iter()
        .find(|p| p.title == "向社会公开征求意见")
        .expect("the public consultation's figures");
    assert_eq!(public.comments, 60);
    assert_eq!(public.grouped, n);
    let stats = app.comment_statistics(&leader, c).await.unwrap();
    assert_eq!(public.in_campaigns, stats.in_campaigns);
    let g = facts
        .groups
        .iter()
        .find(|g| g.common_view == "公众普遍关注教育投入")
        .unwrap();
    assert_eq!((g.items, g.comments), (0, n));
    assert_eq!(g.disposition, Some(DispositionKind::PartlyAdopted));
    let md = yijian_report::explanation::markdown(
        yijian_report::explanation::TEMPLATE_ZH,
        &facts,
        Lang::Zh,
    )
    .unwrap();
    assert!(md.contains(&format!("{}条归入意见组", n)), "{md}");

    // A new run makes the old themes history: they can no longer be changed.
    app.find_themes(&leader, c, &params).await.unwrap();
    assert!(app
        .move_to_theme(&leader, comment, overall[2].id)
        .await
        .is_err());
    app.verify_audit(None).await.unwrap();
});

async fn all_comments(
    app: &App,
    ctx: &Ctx,
    themes: &[yijian_app::ThemeView],
) -> Vec<yijian_store::CommentText> {
    let mut out = Vec::new();
    for t in themes {
        // Page by page (3 a page), so that the keyset paging is gone through: every
        // comment once, representatives first.
        let mut from = yijian_app::ThemeCursor::default();
        let mut seen = Vec::new();
        loop {
            let (page, next) = app.theme_comments(ctx, t.id, from, 3).await.unwrap();
            assert!(page.len() <= 3);
            seen.extend(page);
            match next {
                Some(n) => from = n,
                None => break,
            }
        }
        let mut ids: Vec<i64> = seen.iter().map(|c| c.id.0).collect();
        assert_eq!(
            seen.len() as i64,
            t.size,
            "theme {}: every comment once",
            t.id
        );
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len() as i64, t.size, "theme {}: no comment twice", t.id);
        out.extend(seen);
    }
    out
}

on_both_backends!(
    statistics_count_every_comment,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let c = public_consultation(&app, &built).await;
        app.execute_raw("UPDATE public_comment SET region = '北京市' WHERE id < 1010")
            .await
            .unwrap();
        let reviewer = Ctx::new(built.people["reviewer1"], NOW);
        let s = app.comment_statistics(&reviewer, c).await.unwrap();
        assert_eq!(s.comments, 60);
        assert_eq!((s.in_campaigns, s.campaigns, s.unique()), (0, 0, 60));
        assert_eq!(s.headline(Lang::Zh), "共60条意见，其中0条属于0组重复意见");
        assert_eq!(s.by_paragraph.len(), 2, "{:?}", s.by_paragraph);
        assert_eq!(
            (s.by_paragraph[0].paragraph, s.by_paragraph[0].comments),
            (None, 40)
        );
        assert_eq!(s.by_paragraph[1].comments, 20);
        assert!(
            s.by_paragraph[1].number.is_some(),
            "numbered as the version page numbers it"
        );
        assert_eq!(s.by_day, vec![(yijian_core::time::Date::of(NOW), 60)]);
        assert_eq!(
            s.by_region,
            vec![(None, 50), (Some("北京市".to_string()), 10)]
        );
        let table = statistics_table(&s, StatisticsView::Region, Lang::En);
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.columns, vec!["Region", "Comments"]);
        // Consultees and outsiders see no figures; a draft consultation has none of these.
        let outsider = Ctx::new(built.people["r02-contact"], NOW);
        assert!(app.comment_statistics(&outsider, c).await.is_err());
        assert!(app
            .comment_statistics(&reviewer, built.draft_consultation)
            .await
            .is_err());
    }
);

on_both_backends!(
    campaigns_are_found_and_counted,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let c = public_consultation(&app, &built).await;
        // A form letter sent twelve times with small edits, plus the sixty different comments.
        let letter = "我们坚决支持对养老服务补贴标准作出明确规定，建议把高龄津贴的发放范围扩大到七十五周岁以上的全体老年人，并由财政统一保障资金。";
        let variants = [
            letter.to_string(),
            letter.replace("坚决", ""),
            letter.replace("，", ","),
            format!("尊敬的起草组：{letter}"),
            letter.replace("七十五", "七十"),
            format!("{letter}此致敬礼。"),
        ];
        // Odd copies on the paragraph the twenty are on; even ones (the representative's
        // among them) general.
        let on_paragraph = format!(
            "(SELECT paragraph FROM block WHERE version = {} AND position = 3)",
            built.draft_for_comments
        );
        for i in 0..12 {
            let paragraph = if i % 2 == 1 {
                on_paragraph.as_str()
            } else {
                "NULL"
            };
            app.execute_raw(&format!(
            "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, paragraph, received_at, submitted_at, channel)
             VALUES ({id}, {c}, 'letter{i}', '{text}', '', {paragraph}, {now}, {at}, 'import')",
            id = 2000 + i,
            text = variants[i % variants.len()],
            now = NOW.0,
            at = NOW.0 + i as i64 * 3_600_000,
        ))
        .await
        .unwrap();
        }
        let leader = Ctx::new(built.people["leader"], NOW);
        let reviewer = Ctx::new(built.people["reviewer1"], NOW);
        assert!(app
            .detect_campaigns(&reviewer, c, &Default::default())
            .await
            .is_err());
        let run = app
            .detect_campaigns(&leader, c, &Default::default())
            .await
            .unwrap();
        assert_eq!(run.comments, 72);
        let listing = app.campaign_listing(&reviewer, c).await.unwrap();
        let (letter_group, members) = listing
            .iter()
            .find(|(g, _)| g.representative_source.starts_with("letter"))
            .expect("the form letter is a campaign");
        assert_eq!(letter_group.size, 12, "{listing:?}");
        let mut sources = members.clone();
        sources.sort();
        let mut want: Vec<String> = (0..12).map(|i| format!("letter{i}")).collect();
        want.sort();
        assert_eq!(sources, want);
        assert_eq!(letter_group.first_seen, Some(NOW));
        assert_eq!(
            letter_group.last_seen,
            Some(Instant(NOW.0 + 11 * 3_600_000))
        );
        // Every member is shown with how it differs; the representative's exact copies differ in nothing.
        let (_, head, page) = app
            .campaign_members(&reviewer, letter_group.id, 0, 50)
            .await
            .unwrap();
        assert_eq!(page.len(), 12);
        assert!(page.iter().any(|m| m.difference.is_same_text()));
        assert!(page
            .iter()
            .any(|m| m.difference.edits > 0 && m.difference.summary().starts_with('+')));
        assert_eq!(head.id, letter_group.id);
        // Counted, never collapsed away: 72 comments, of which the campaigns' members.
        let s = app.comment_statistics(&reviewer, c).await.unwrap();
        assert_eq!(s.comments, 72);
        assert_eq!(s.campaigns, run.campaigns);
        assert_eq!(s.in_campaigns, run.in_campaigns);
        assert!(s.in_campaigns >= 12);
        // Themes cluster a campaign once; its members follow their representative.
        let themes = app
            .find_themes(
                &leader,
                c,
                &ThemeParams {
                    themes: 3,
                    min_comments_per_term: 1,
                    ..ThemeParams::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(themes.comments, 72);
        assert!(themes.clustered <= 72 - 11, "{themes:?}");
        let overall = app.themes(&leader, c, None).await.unwrap();
        assert_eq!(overall.iter().map(|t| t.size).sum::<i64>(), 72);
        // The paragraph's themes hold its twenty comments and the six copies on it, although
        // the campaign's representative is a general comment.
        let paragraph = app
            .campaign_members(&reviewer, letter_group.id, 0, 50)
            .await
            .unwrap()
            .2
            .iter()
            .find_map(|m| m.comment.paragraph)
            .expect("copies on the paragraph");
        let local = app.themes(&leader, c, Some(paragraph)).await.unwrap();
        assert_eq!(local.iter().map(|t| t.size).sum::<i64>(), 26, "{local:?}");
        app.verify_audit(None).await.unwrap();
    }
);
