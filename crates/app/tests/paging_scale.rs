//! Paging of the analysis' long lists at scale — ignored by default (it writes ~1M rows;
//! a figure, not a pass/fail): `cargo test --release -p yijian-app --test paging_scale --
//! --ignored --nocapture`. `YIJIAN_PAGING_N` comments (default 1,000,000), of which one
//! campaign of a fifth (200,000) and one theme holding every comment; prints the time of the
//! first, a middle and the last page of each (keyset, 50 rows), of the same pages by OFFSET
//! as before migration 0009 (run in the sqlite3 shell by the caller if wanted: the file is
//! kept when `YIJIAN_PAGING_KEEP` names a path), of the version page's per-paragraph counts
//! and of a search filtered by the campaign.

use std::time::Instant as Clock;

use yijian_app::{App, Ctx, NewDossier, OpenConsultation, SearchQuery, ThemeCursor};
use yijian_core::ids::*;
use yijian_core::model::{ConsultationKind, Role};
use yijian_core::time::Instant;

const T0: Instant = Instant(1_790_000_000_000);

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "writes a million rows; run by hand for the figures"]
async fn pages_of_a_large_campaign_and_theme() {
    let n: i64 = std::env::var("YIJIAN_PAGING_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var("YIJIAN_PAGING_KEEP")
        .unwrap_or_else(|_| dir.path().join("paging.db").display().to_string());
    let app = App::open(&path).await.unwrap();
    let root = app.init("管理员", T0).await.unwrap();
    let dossier = app
        .create_dossier(
            &Ctx::new(root, T0),
            &NewDossier {
                title: "分页测试".into(),
                purpose: String::new(),
                requirements: String::new(),
                topic_decided_on: None,
                leading_body: None,
                drafting_group: None,
            },
        )
        .await
        .unwrap();
    let admin = app
        .add_person(&Ctx::new(root, T0), "组长", None)
        .await
        .unwrap();
    app.assign_role(&Ctx::new(root, T0), Some(dossier), admin, Role::Leader)
        .await
        .unwrap();
    let ctx = Ctx::new(admin, T0);
    let text: String = (1..=300)
        .map(|i| format!("第{i}段：发展养老服务，完善医疗保障。\n\n"))
        .collect();
    let version = app
        .import_version(&ctx, dossier, "征求意见稿", "d.md", text.as_bytes(), None)
        .await
        .unwrap();
    app.release_version(&ctx, version).await.unwrap();
    let (_, blocks) = app.version(version).await.unwrap();
    let first_paragraph = blocks[0].paragraph.0;
    let public = app
        .open_consultation(
            &ctx,
            &OpenConsultation {
                dossier,
                kind: ConsultationKind::Public,
                title: "公开征求意见".into(),
                version: Some(version),
                question: None,
                opens_at: T0,
                closes_at: Instant(T0.0 + 10 * 86_400_000),
                scope: vec![],
            },
        )
        .await
        .unwrap();
    let members = n / 5;
    let t = Clock::now();
    // Comments 1..=n, every fifth one on no paragraph; the campaign holds the first fifth.
    app.execute_raw(&format!(
        "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region,
           paragraph, submitted_at, received_at, channel)
         WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n})
         SELECT i, {public}, 'S' || i, '关于养老服务的意见第' || i || '条', '', '北京市',
                CASE WHEN i % 5 = 0 THEN NULL ELSE {first_paragraph} + (i % 300) END,
                {t0} + i, {t0} + i, 'import' FROM k",
        t0 = T0.0
    ))
    .await
    .unwrap();
    for sql in [
        format!(
            "INSERT INTO analysis_run (id, consultation, kind, params, comments, started_at, finished_at, run_by)
             VALUES (1, {public}, 'campaigns', '{{}}', {n}, {t0}, {t0}, {admin}),
                    (2, {public}, 'themes', '{{}}', {n}, {t0}, {t0}, {admin})",
            t0 = T0.0
        ),
        format!(
            "INSERT INTO campaign (id, run, position, size, representative, first_seen, last_seen)
             VALUES (1, 1, 1, {members}, 1, NULL, NULL)"
        ),
        format!(
            "INSERT INTO campaign_member (run, comment, campaign)
             WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {members})
             SELECT 1, i, 1 FROM k"
        ),
        "INSERT INTO theme (id, run, paragraph, position, top_terms, unclassified)
         VALUES (1, 2, NULL, 1, '[]', 0)"
            .to_string(),
        format!(
            "INSERT INTO theme_member (run, per_paragraph, comment, theme, representative)
             WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {n})
             SELECT 2, 0, i, 1, CASE WHEN i % 100000 = 7 THEN 1 ELSE 0 END FROM k"
        ),
        "UPDATE counters SET value = 10 WHERE name IN ('analysis_run', 'campaign', 'theme')"
            .to_string(),
        "ANALYZE".to_string(),
    ] {
        app.execute_raw(&sql).await.unwrap();
    }
    println!(
        "{n} comments, a campaign of {members}, a theme of {n}: written in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // A campaign's members: first, middle, last page (keyset, 50 + 1 rows as the page asks).
    for (label, after) in [
        ("first", 0),
        ("middle", members / 2),
        ("last", members - 50),
    ] {
        let t = Clock::now();
        let (_, _, page) = app
            .campaign_members(&ctx, CampaignId(1), after, 51)
            .await
            .unwrap();
        println!(
            "campaign page {label} (after {after}): {} rows in {:.2} ms",
            page.len(),
            ms(t.elapsed())
        );
        assert_eq!(page[0].comment.id.0, after + 1);
    }
    // A theme's comments: first page (its representatives first), then deep pages.
    for (label, from) in [
        ("first", ThemeCursor::default()),
        (
            "middle",
            ThemeCursor {
                past_representatives: true,
                after: n / 2,
            },
        ),
        (
            "last",
            ThemeCursor {
                past_representatives: true,
                after: n - 50,
            },
        ),
    ] {
        let t = Clock::now();
        let (_, view, page, _) = app.theme_page(&ctx, ThemeId(1), from, 50).await.unwrap();
        println!(
            "theme page {label}: {} rows in {:.2} ms (theme size {} counted on each view)",
            page.len(),
            ms(t.elapsed()),
            view.size
        );
    }
    // The version page's counts: one grouped query over the (consultation, paragraph) index.
    let t = Clock::now();
    let record = app.version_record(admin, version).await.unwrap().unwrap();
    println!(
        "version record with comments per paragraph ({} paragraphs, {} comments): {:.1} ms",
        record.comments_per_paragraph.len(),
        record.comments_per_paragraph.values().sum::<usize>(),
        ms(t.elapsed())
    );
    assert_eq!(
        record.comments_per_paragraph.values().sum::<usize>() as i64,
        n - n / 5
    );
    // Search filtered by the campaign (indexing the comments first, untimed).
    if std::env::var("YIJIAN_PAGING_SEARCH").is_ok() {
        let t = Clock::now();
        app.index_pending(&ctx, public).await.unwrap();
        println!("indexed in {:.1} s", t.elapsed().as_secs_f64());
        for campaign in [None, Some(CampaignId(1))] {
            let mut q = SearchQuery::new(public, "养老服务");
            q.campaign = campaign;
            let t = Clock::now();
            let r = app.search(&ctx, &q).await.unwrap();
            println!(
                "search 养老服务 campaign {campaign:?}: total {} (exact {}) in {:.1} ms",
                r.total,
                r.exact,
                ms(t.elapsed())
            );
        }
    }
}
