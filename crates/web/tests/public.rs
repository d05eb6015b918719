//! The public-comment analysis pages through HTTP: the figures and their exports, a
//! campaign's members with their differences, a theme's comments, grouping a theme; a
//! comment's markup is escaped everywhere; a run is for the drafting group only.

mod support;

use support::*;
use yijian_app::{Ctx, OpenConsultation};
use yijian_core::model::ConsultationKind;

#[test]
fn figures_campaigns_and_themes_in_the_browser_pages() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let leader_id = w.demo.dossier.people["leader"];
    w.rt.block_on(async {
        let leader_ctx = Ctx::new(leader_id, now());
        let public = w
            .app
            .open_consultation(
                &leader_ctx,
                &OpenConsultation {
                    dossier: w.demo.dossier.dossier,
                    kind: ConsultationKind::Public,
                    title: "公开征求意见（页面测试）".into(),
                    version: Some(w.demo.dossier.draft_for_comments),
                    question: None,
                    opens_at: now(),
                    closes_at: now().plus_days(10),
                    scope: vec![],
                },
            )
            .await
            .unwrap();
        let letter = "建议对养老服务补贴标准作出明确规定，并扩大高龄津贴的发放范围到全体老年人。";
        let texts = [
            letter.to_string(),
            letter.replace("，", ","),
            format!("您好！{letter}"),
            "<script>alert(1)</script>学校课后服务应当由财政保障。".to_string(),
        ];
        for (i, text) in texts.iter().enumerate() {
            w.app
                .execute_raw(&format!(
                    "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region, received_at, channel)
                     VALUES ({}, {public}, 'p{i}', '{text}', '', '上海市', {}, 'import')",
                    800_000 + i as i64,
                    now().0
                ))
                .await
                .unwrap();
        }
        let page = format!("/consultations/{public}/public");
        // A reviewer reads the figures but starts no run.
        let (mut reviewer, rcsrf) = logged_in(addr, "reviewer").await;
        let r = reviewer.get(&page).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(r.text().contains("共4条意见，其中0条属于0组重复意见"), "{}", r.text());
        assert!(!r.text().contains("name=\"action\" value=\"campaigns\""));
        let r = reviewer
            .post_form(&page, &[("csrf", &rcsrf), ("action", "campaigns")])
            .await;
        assert_eq!(r.status, 403);

        let (mut leader, csrf) = logged_in(addr, "leader").await;
        for action in ["campaigns", "themes"] {
            let r = leader
                .post_form(&page, &[("csrf", &csrf), ("action", action)])
                .await;
            assert_eq!(r.status, 303, "{action}: {}", r.text());
        }
        let r = leader
            .post_form(&page, &[("csrf", "forged"), ("action", "themes")])
            .await;
        assert_eq!(r.status, 403, "a forged CSRF token changes nothing");
        let html = leader.get(&page).await.text();
        assert!(html.contains("共4条意见，其中3条属于1组重复意见"), "{html}");
        assert!(html.contains("上海市"));
        assert!(!html.contains("<script>alert(1)"), "comment text is escaped");

        let campaigns = w.app.campaigns(&leader_ctx, public, 0, 10).await.unwrap();
        assert_eq!(campaigns.len(), 1);
        let html = leader.get(&format!("/campaigns/{}", campaigns[0].id)).await.text();
        for source in ["p0", "p1", "p2"] {
            assert!(html.contains(&format!("<td>{source}</td>")), "{source}: {html}");
        }
        assert!(html.contains("与代表文本相同"), "the exact copy says so: {html}");

        let themes = w.app.themes(&leader_ctx, public, None).await.unwrap();
        let with_script = themes.iter().find(|t| t.size > 0).unwrap();
        let html = leader.get(&format!("/themes/{}", with_script.id)).await.text();
        assert!(!html.contains("<script>alert(1)"));

        let csv = leader.get(&format!("{page}/region.csv")).await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert!(csv.text().starts_with('\u{feff}'));
        assert!(csv.text().contains("上海市,4"), "{}", csv.text());
        assert_eq!(leader.get(&format!("{page}/nothing.csv")).await.status, 404);

        let theme = themes[0].id;
        let r = leader
            .post_form(
                &format!("/themes/{theme}"),
                &[("csrf", &csrf), ("action", "group"), ("common_view", "公众关注养老补贴")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let r = leader
            .post_form(
                &format!("/themes/{theme}"),
                &[("csrf", &csrf), ("action", "group"), ("common_view", "再来一次")],
            )
            .await;
        assert_eq!(r.status, 409, "every comment of the theme is grouped already");

        // The consultee and the outsider see none of it.
        for who in ["consultee", "outsider"] {
            let (mut c, _) = logged_in(addr, who).await;
            assert_eq!(c.get(&page).await.status, 404, "{who}");
            assert_eq!(c.get(&format!("/themes/{theme}")).await.status, 404, "{who}");
        }
    });
}
