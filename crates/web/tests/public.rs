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

/// The search page: hits with the words in `<mark>` and everything else escaped, the count
/// and order, the filters (a campaign's members), bad filter values said beside the form
/// (422, nothing else), 404 for anyone who does not hold the record. And the version page's
/// heat map counting the public comments beside the items.
#[test]
fn search_page_and_heat_map() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let leader_id = w.demo.dossier.people["leader"];
    let version = w.demo.dossier.draft_for_comments;
    w.rt.block_on(async {
        let leader_ctx = Ctx::new(leader_id, now());
        let public = w
            .app
            .open_consultation(
                &leader_ctx,
                &OpenConsultation {
                    dossier: w.demo.dossier.dossier,
                    kind: ConsultationKind::Public,
                    title: "公开征求意见（检索测试）".into(),
                    version: Some(version),
                    question: None,
                    opens_at: now(),
                    closes_at: now().plus_days(10),
                    scope: vec![],
                },
            )
            .await
            .unwrap();
        let (_, blocks) = w.app.version(version).await.unwrap();
        let numbered: Vec<_> = blocks.iter().filter(|b| b.kind.is_numbered()).collect();
        let (target, number) = (numbered[1].paragraph, 2);
        let letter = "建议提高养老服务补贴标准，扩大高龄津贴的发放范围，让更多老年人受益。";
        let texts = [
            letter.to_string(),
            letter.replace('，', ","),
            format!("您好！{letter}"),
            "<b>养老</b>机构的床位不足，请增加投入。".to_string(),
            "学校课后服务应当由财政保障。".to_string(),
        ];
        for (i, text) in texts.iter().enumerate() {
            w.app
                .execute_raw(&format!(
                    "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region, paragraph, received_at, channel)
                     VALUES ({}, {public}, 's{i}', '{text}', '', '北京市', {}, {}, 'import')",
                    810_000 + i as i64,
                    target.0,
                    now().0
                ))
                .await
                .unwrap();
        }

        // Two comments sent on a heading (a heading path in an import): counted beside it.
        let heading = blocks.iter().find(|b| !b.kind.is_numbered() && b.level > 1).unwrap();
        for (i, text) in ["这一部分整体上很好。", "建议本部分增加关于数字治理的内容。"].iter().enumerate() {
            w.app
                .execute_raw(&format!(
                    "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region, paragraph, received_at, channel)
                     VALUES ({}, {public}, 'h{i}', '{text}', '', '北京市', {}, {}, 'import')",
                    830_000 + i as i64,
                    heading.paragraph.0,
                    now().0
                ))
                .await
                .unwrap();
        }

        // The heat map: the paragraph's public comments beside its items, as the record has them.
        let (mut leader, _) = logged_in(addr, "leader").await;
        let record = w
            .app
            .version_record(leader_id, version)
            .await
            .unwrap()
            .unwrap();
        assert!(record.public_consultations.contains(&public));
        let on_target = record.comments_per_paragraph[&target];
        assert!(on_target >= 5, "{on_target}");
        let html = leader.get(&format!("/versions/{version}")).await.text();
        let at = html.find(&format!("id=\"p{number}\"")).expect("the paragraph");
        let row = &html[at..at + html[at..].find("</div>").unwrap()];
        assert!(
            row.contains(&format!("{on_target} 条公众意见")),
            "the paragraph's comments are counted: {row}"
        );
        let at_heading = html.find(&format!("level{}\">{}", heading.level.clamp(1, 4), heading.text)).expect("the heading");
        let heading_row = &html[at_heading..at_heading + html[at_heading..].find("</h3>").unwrap()];
        assert!(
            heading_row.contains("2 条公众意见"),
            "comments on a heading are counted beside it: {heading_row}"
        );
        let hottest = record
            .blocks
            .iter()
            .filter(|b| b.kind.is_numbered())
            .map(|b| {
                record.items_per_paragraph.get(&b.paragraph).copied().unwrap_or(0)
                    + record.comments_per_paragraph.get(&b.paragraph).copied().unwrap_or(0)
            })
            .max()
            .unwrap();
        let items = record.items_per_paragraph.get(&target).copied().unwrap_or(0);
        let heat = ((items + on_target) * 5).div_ceil(hottest).clamp(1, 5);
        assert!(
            html[..at].ends_with(&format!("<div class=\"para heat{heat}\" ")),
            "heat {heat} from items and comments together"
        );

        // The search page.
        let page = format!("/consultations/{public}/search");
        let r = leader.get(&page).await;
        assert_eq!(r.status, 200);
        assert!(r.text().contains("id=\"search-form\""));
        assert!(!r.text().contains("id=\"search-count\""), "no query, no search");
        let r = leader.get(&format!("{page}?q={}", encode("养老"))).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let html = r.text();
        assert!(html.contains("共4条结果"), "{html}");
        assert!(html.contains("按相关程度排序"));
        assert!(html.contains("<mark>养老</mark>"), "{html}");
        assert!(
            html.contains("&#60;b&#62;<mark>养老</mark>&#60;/b&#62;"),
            "comment markup is escaped, the mark is not: {html}"
        );
        assert!(!html.contains("<b>养老"));
        assert!(html.contains("(s3)"), "the source id is shown");
        assert!(html.contains(&format!("第{number}段")), "the paragraph number: {html}");
        // Paragraph and region filters.
        let r = leader
            .get(&format!("{page}?q={}&paragraph={number}&region={}", encode("养老"), encode("北京市")))
            .await;
        assert!(r.text().contains("共4条结果"), "{}", r.text());
        let r = leader
            .get(&format!("{page}?q={}&paragraph=1", encode("养老")))
            .await;
        assert!(r.text().contains("没有找到符合条件的意见"), "{}", r.text());

        // A campaign's members only; the campaign page links here.
        w.app
            .detect_campaigns(&leader_ctx, public, &Default::default())
            .await
            .unwrap();
        let campaigns = w.app.campaigns(&leader_ctx, public, 0, 10).await.unwrap();
        assert_eq!(campaigns.len(), 1);
        let campaign = campaigns[0].id;
        let html = leader.get(&format!("/campaigns/{campaign}")).await.text();
        assert!(html.contains(&format!("{page}?campaign={campaign}")), "{html}");
        let r = leader
            .get(&format!("{page}?q={}&campaign={campaign}", encode("养老")))
            .await;
        assert!(r.text().contains("共3条结果"), "{}", r.text());
        assert!(!r.text().contains("(s3)"));
        let r = leader
            .get(&format!("{page}?q={}&only=unique", encode("养老")))
            .await;
        assert!(r.text().contains("共1条结果"), "{}", r.text());
        assert!(r.text().contains("(s3)"));
        let html = leader.get(&format!("/consultations/{public}/public")).await.text();
        assert!(html.contains(&format!("href=\"{page}\"")), "linked from the analysis page");
        // The workbench leads into each public consultation's figures, campaigns, themes and
        // search.
        let html = leader
            .get(&format!("/dossiers/{}/items", w.demo.dossier.dossier))
            .await
            .text();
        let at = html.find("id=\"public-views\"").expect("the public views on the workbench");
        let views = &html[at..at + html[at..].find("</nav>").unwrap()];
        for link in [
            format!("/consultations/{public}/public\""),
            format!("/consultations/{public}/public#public-campaigns"),
            format!("/consultations/{public}/public#public-themes"),
            format!("/consultations/{public}/search"),
        ] {
            assert!(views.contains(&link), "{link}: {views}");
        }

        // Bad filter values: said beside the form, with the values typed kept.
        for (query, says) in [
            ("paragraph=abc", "“abc”不是段落编号"),
            ("paragraph=0", "段"),
            ("from=2026-13-01", "日期或时间“2026-13-01”无效"),
            ("campaign=x1", "“x1”"),
            ("campaign=999999", "999999 不存在"),
            ("theme=999999", "999999 不存在"),
            ("only=some", "“some”"),
            ("page=600", "检索结果只显示前"),
        ] {
            let r = leader
                .get(&format!("{page}?q={}&{query}", encode("养老")))
                .await;
            assert_eq!(r.status, 422, "{query}: {}", r.text());
            assert!(r.text().contains(says), "{query}: {}", r.text());
            assert!(r.text().contains("id=\"search-form\""));
            assert!(r.text().contains("id=\"search-error\""));
        }
        let r = leader
            .get(&format!("{page}?q={}", encode("，。")))
            .await;
        assert_eq!(r.status, 422, "a query of punctuation only");
        // Another public consultation's campaign is not this one's.
        let other = w.app.campaigns(&leader_ctx, public, 0, 1).await.unwrap()[0].id;
        let demo_public = record
            .public_consultations
            .iter()
            .copied()
            .find(|c| *c != public);
        if let Some(demo_public) = demo_public {
            let r = leader
                .get(&format!(
                    "/consultations/{demo_public}/search?q={}&campaign={other}",
                    encode("养老")
                ))
                .await;
            assert_eq!(r.status, 422, "{}", r.text());
            assert!(r.text().contains(&format!("{other} 不存在")), "{}", r.text());
        }

        for who in ["consultee", "outsider"] {
            let (mut c, _) = logged_in(addr, who).await;
            let r = c.get(&format!("{page}?q={}", encode("养老"))).await;
            assert_eq!(r.status, 404, "{who}");
            assert!(!r.text().contains("养老"), "{who}");
        }
    });
}

/// The campaign and theme views as files: the list of campaigns and of themes from the
/// overview, a campaign's members with their differences and a theme's comments from their
/// pages, each as .csv and .xlsx, headed in the request's language; 404 for anyone who does
/// not hold the record. The campaign page words each member's difference in its language.
#[test]
fn campaign_and_theme_exports() {
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
                    title: "公开征求意见（导出测试）".into(),
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
            letter.replace("明确", ""),
            format!("您好！{letter}"),
            "学校课后服务应当由财政保障，建议增加课后服务经费。".to_string(),
        ];
        for (i, text) in texts.iter().enumerate() {
            w.app
                .execute_raw(&format!(
                    "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region, received_at, channel)
                     VALUES ({}, {public}, 'e{i}', '{text}', '', '江苏省', {}, 'import')",
                    820_000 + i as i64,
                    now().0
                ))
                .await
                .unwrap();
        }
        w.app
            .detect_campaigns(&leader_ctx, public, &Default::default())
            .await
            .unwrap();
        w.app
            .find_themes(&leader_ctx, public, &Default::default())
            .await
            .unwrap();
        let campaign = w.app.campaigns(&leader_ctx, public, 0, 10).await.unwrap()[0].id;
        let theme = w
            .app
            .themes(&leader_ctx, public, None)
            .await
            .unwrap()
            .into_iter()
            .max_by_key(|t| t.size)
            .unwrap()
            .id;

        let overview = format!("/consultations/{public}/public");
        let files = [
            (format!("{overview}/campaigns"), ["序号,编号,意见数", "Position,Id,Comments"], "e0"),
            (format!("{overview}/themes"), ["编号,范围,意见数", "Id,Scope,Comments"], ""),
            (
                format!("/campaigns/{campaign}/members"),
                ["来源编号,提交时间", "Source id,Submitted"],
                "e1",
            ),
            (format!("/themes/{theme}/comments"), ["来源编号,提交时间", "Source id,Submitted"], "江苏省"),
        ];
        let (mut reviewer, _) = logged_in(addr, "reviewer").await;
        for (base, headers, data) in &files {
            for (accept, header) in [("zh-CN", headers[0]), ("en", headers[1])] {
                let r = reviewer
                    .request("GET", &format!("{base}.csv"), &[("Accept-Language", accept)], b"")
                    .await;
                assert_eq!(r.status, 200, "{base}.csv ({accept}): {}", r.text());
                assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
                assert!(r.header("content-disposition").unwrap().starts_with("attachment"));
                let csv = r.text();
                let first = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
                assert!(first.starts_with(header), "{base} ({accept}): {first}");
                assert!(csv.contains(data), "{base} ({accept}): {csv}");
                assert!(csv.lines().count() >= 2, "{base}: a data row: {csv}");
            }
            let r = reviewer.get(&format!("{base}.xlsx")).await;
            assert_eq!(r.status, 200, "{base}.xlsx");
            assert_eq!(
                r.header("content-type"),
                Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            );
            assert_eq!(&r.body[..2], b"PK");
            assert_eq!(reviewer.get(&format!("{base}.pdf")).await.status, 404);
        }
        // The members' differences, worded in the file's language.
        let en = reviewer
            .request(
                "GET",
                &format!("/campaigns/{campaign}/members.csv"),
                &[("Accept-Language", "en")],
                b"",
            )
            .await
            .text();
        assert!(en.contains("deleted “明确”"), "{en}");
        assert!(en.contains("same as the representative"), "{en}");
        let zh = reviewer.get(&format!("/campaigns/{campaign}/members.csv")).await.text();
        assert!(zh.contains("删除「明确」"), "{zh}");
        assert_eq!(reviewer.get(&format!("/campaigns/{campaign}/nothing.csv")).await.status, 404);
        assert_eq!(reviewer.get(&format!("/themes/{theme}/members.csv")).await.status, 404);

        // The pages link to the files; the campaign page words each difference.
        let html = reviewer.get(&overview).await.text();
        assert!(html.contains(&format!("href=\"{overview}/campaigns.csv\"")), "{html}");
        assert!(html.contains(&format!("href=\"{overview}/themes.xlsx\"")), "{html}");
        let html = reviewer.get(&format!("/campaigns/{campaign}")).await.text();
        assert!(html.contains(&format!("href=\"/campaigns/{campaign}/members.csv\"")));
        assert!(html.contains("删除「明确」"), "{html}");
        let html = reviewer
            .request("GET", &format!("/campaigns/{campaign}"), &[("Accept-Language", "en")], b"")
            .await
            .text();
        assert!(html.contains("deleted “明确”"), "{html}");
        let html = reviewer.get(&format!("/themes/{theme}")).await.text();
        assert!(html.contains(&format!("href=\"/themes/{theme}/comments.xlsx\"")), "{html}");

        for who in ["consultee", "outsider"] {
            let (mut c, _) = logged_in(addr, who).await;
            for (base, _, _) in &files {
                let r = c.get(&format!("{base}.csv")).await;
                assert_eq!(r.status, 404, "{who}: {base}");
                assert!(!r.text().contains("养老"), "{who}: {base}");
            }
        }
    });
}
