//! The exports of the campaign and theme views on both backends: every member of a campaign
//! larger than one page of the keyset reads, each with its difference worded in the table's
//! language; every comment of each theme; the campaign and theme lists; only for those who
//! may read the pages.

use std::collections::BTreeSet;

use yijian_app::{demo, wording, App, AppError, Ctx, OpenConsultation};
use yijian_core::ids::*;
use yijian_core::model::ConsultationKind;
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_report::table::{Cell, Table};
use yijian_report::Lang;
use yijian_store::on_both_backends;
use yijian_text::campaign::difference;
use yijian_text::themes::ThemeParams;

const NOW: Instant = Instant(2_000_000_000_000);
/// Rows per read in these tests: the campaign (120) and its theme take several pages.
const PAGE_ROWS: i64 = 50;
const COPIES: usize = 120;
const LETTER: &str = "我们坚决支持对养老服务补贴标准作出明确规定，建议把高龄津贴的发放范围扩大到七十五周岁以上的全体老年人，并由财政统一保障资金。";

/// A public consultation holding a letter sent 120 times (verbatim, or with a word left out,
/// a greeting added, a number changed) and thirty comments of their own.
async fn consultation(app: &App, built: &demo::DemoDossier) -> ConsultationId {
    let leader = Ctx::new(built.people["leader"], NOW);
    let c = app
        .open_consultation(
            &leader,
            &OpenConsultation {
                dossier: built.dossier,
                kind: ConsultationKind::Public,
                title: "公开征求意见（导出测试）".into(),
                version: Some(built.draft_for_comments),
                question: None,
                opens_at: NOW,
                closes_at: Instant(NOW.0 + 30 * 86_400_000),
                scope: vec![],
            },
        )
        .await
        .unwrap();
    let variants = [
        LETTER.to_string(),
        LETTER.replace("坚决", ""),
        format!("尊敬的起草组：{LETTER}"),
        LETTER.replace("七十五", "七十"),
    ];
    let topics = ["义务教育", "课后服务", "河道治理", "垃圾分类", "社区医疗"];
    let own = (0..30).map(|i| {
        format!(
            "关于{}的意见：建议第{i}项措施落实到位，{}经费应当纳入预算。",
            topics[i % 5],
            topics[(i + 2) % 5]
        )
    });
    let texts: Vec<String> = (0..COPIES)
        .map(|i| variants[i % variants.len()].clone())
        .chain(own)
        .collect();
    let paragraph = format!(
        "(SELECT paragraph FROM block WHERE version = {} AND position = 3)",
        built.draft_for_comments
    );
    for (i, text) in texts.iter().enumerate() {
        let (paragraph, region) = if i.is_multiple_of(2) {
            (paragraph.as_str(), "'上海市'")
        } else {
            ("NULL", "NULL")
        };
        app.execute_raw(&format!(
            "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, paragraph, region, received_at, submitted_at, channel)
             VALUES ({id}, {c}, 'x{i}', '{text}', '', {paragraph}, {region}, {now}, {at}, 'import')",
            id = 5000 + i,
            now = NOW.0,
            at = submitted_at(i),
        ))
        .await
        .unwrap();
    }
    c
}

/// Every third comment gives no time of writing; the others an hour before receipt.
fn submitted_at(i: usize) -> String {
    if i.is_multiple_of(3) {
        "NULL".into()
    } else {
        (NOW.0 - 3_600_000).to_string()
    }
}

fn text(cell: &Cell) -> &str {
    match cell {
        Cell::Text(s) => s,
        Cell::Number(_) => panic!("a number where text was expected: {cell:?}"),
    }
}

fn number(cell: &Cell) -> i64 {
    match cell {
        Cell::Number(n) => *n as i64,
        Cell::Text(s) => panic!("text where a number was expected: {s}"),
    }
}

fn column(table: &Table, heading: &str) -> usize {
    table
        .columns
        .iter()
        .position(|c| c == heading)
        .unwrap_or_else(|| panic!("no column {heading}: {:?}", table.columns))
}

fn is_hidden(e: &AppError) -> bool {
    matches!(e, AppError::Domain(DomainError::Forbidden { .. }))
}

on_both_backends!(
    member_export_holds_every_member_with_its_difference,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let c = consultation(&app, &built).await;
        let leader = Ctx::new(built.people["leader"], NOW);
        let reviewer = Ctx::new(built.people["reviewer1"], NOW);
        app.detect_campaigns(&leader, c, &Default::default())
            .await
            .unwrap();
        let campaigns = app.campaigns(&reviewer, c, 0, 100).await.unwrap();
        let letter = campaigns
            .iter()
            .find(|g| g.size as usize == COPIES)
            .unwrap_or_else(|| panic!("the letter is one campaign: {campaigns:?}"));

        for lang in [Lang::Zh, Lang::En] {
            let table = app
                .campaign_members_table(&reviewer, letter.id, lang, PAGE_ROWS)
                .await
                .unwrap();
            assert_eq!(table.rows.len(), COPIES, "every member, across three pages");
            let heading = |zh, en| lang.pick(zh, en);
            let (source, worded, edits, paragraph, region) = (
                column(&table, heading("来源编号", "Source id")),
                column(
                    &table,
                    heading("与代表意见的差异", "How it differs from the representative"),
                ),
                column(&table, heading("改动处数", "Edits")),
                column(&table, heading("段", "Paragraph")),
                column(&table, heading("地区", "Region")),
            );
            let sources: BTreeSet<&str> = table.rows.iter().map(|r| text(&r[source])).collect();
            let want: Vec<String> = (0..COPIES).map(|i| format!("x{i}")).collect();
            assert_eq!(sources, want.iter().map(String::as_str).collect());
            for row in &table.rows {
                let i: usize = text(&row[source])[1..].parse().unwrap();
                let member_text = text(&row[column(&table, heading("意见", "Text"))]);
                let d = difference(&letter.representative_text, member_text);
                assert_eq!(text(&row[worded]), d.summary_in(wording(lang)));
                assert_eq!(number(&row[edits]), d.edits as i64);
                let written = if i.is_multiple_of(3) {
                    NOW
                } else {
                    Instant(NOW.0 - 3_600_000)
                };
                assert_eq!(
                    text(&row[1]),
                    written.to_string(),
                    "when written, else received"
                );
                let on_paragraph = text(&row[paragraph]);
                if i.is_multiple_of(2) {
                    assert!(
                        on_paragraph.starts_with(heading("第", "¶ ")),
                        "{on_paragraph}"
                    );
                    assert_eq!(text(&row[region]), "上海市");
                } else {
                    assert_eq!(on_paragraph, heading("总体意见", "General"));
                    assert_eq!(text(&row[region]), "");
                }
            }
            let differing = table
                .rows
                .iter()
                .map(|r| text(&r[worded]))
                .find(|w| w.starts_with('+'))
                .expect("some members differ");
            match lang {
                Lang::Zh => assert!(differing.contains('：'), "{differing}"),
                Lang::En => assert!(differing.contains(": "), "{differing}"),
            }
        }
        // The page's members carry the same difference.
        let (_, _, page) = app
            .campaign_members(&reviewer, letter.id, 0, 500)
            .await
            .unwrap();
        assert!(page.iter().any(|m| m.difference.is_same_text()));
        assert!(page.iter().any(|m| m
            .difference
            .summary_in(wording(Lang::En))
            .contains("deleted “坚决”")));

        // The campaign list, read one campaign a page.
        let table = app
            .campaigns_table(&reviewer, c, Lang::En, 1)
            .await
            .unwrap();
        assert_eq!(table.rows.len(), campaigns.len());
        assert_eq!(table.columns[0], "Position");
        let ids: Vec<i64> = table.rows.iter().map(|r| number(&r[1])).collect();
        assert_eq!(ids, campaigns.iter().map(|g| g.id.0).collect::<Vec<_>>());

        // Nobody else: consultees (a region and a department) hold no record.
        for who in ["r02-contact", "d01-contact"] {
            let ctx = Ctx::new(built.people[who], NOW);
            let e = app
                .campaign_members_table(&ctx, letter.id, Lang::Zh, PAGE_ROWS)
                .await
                .unwrap_err();
            assert!(is_hidden(&e), "{who}: {e}");
            let e = app
                .campaigns_table(&ctx, c, Lang::Zh, PAGE_ROWS)
                .await
                .unwrap_err();
            assert!(is_hidden(&e), "{who}: {e}");
        }
    }
);

on_both_backends!(
    theme_export_holds_every_comment,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let c = consultation(&app, &built).await;
        let leader = Ctx::new(built.people["leader"], NOW);
        let reviewer = Ctx::new(built.people["reviewer1"], NOW);
        app.detect_campaigns(&leader, c, &Default::default())
            .await
            .unwrap();
        app.find_themes(
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
        let overall = app.themes(&reviewer, c, None).await.unwrap();
        assert!(
            overall.iter().any(|t| t.size > 2 * PAGE_ROWS),
            "the letter's theme takes several pages: {overall:?}"
        );
        let mut everyone = BTreeSet::new();
        for theme in &overall {
            let table = app
                .theme_comments_table(&reviewer, theme.id, Lang::Zh, PAGE_ROWS)
                .await
                .unwrap();
            assert_eq!(
                table.columns,
                ["来源编号", "提交时间（未注明时为收到时间）", "地区", "意见"]
            );
            assert_eq!(table.rows.len() as i64, theme.size, "theme {}", theme.id);
            // The same comments, in the same order, as the page reads them.
            let mut paged = Vec::new();
            let mut from = Some(Default::default());
            while let Some(at) = from {
                let (page, next) = app
                    .theme_comments(&reviewer, theme.id, at, 7)
                    .await
                    .unwrap();
                paged.extend(page.into_iter().map(|c| c.source_id));
                from = next;
            }
            let exported: Vec<String> =
                table.rows.iter().map(|r| text(&r[0]).to_string()).collect();
            assert_eq!(exported, paged);
            for row in &table.rows {
                assert!(text(&row[1]).ends_with('Z'), "a UTC time: {:?}", row[1]);
            }
            everyone.extend(exported);
        }
        assert_eq!(
            everyone.len(),
            COPIES + 30,
            "every comment is in one overall theme"
        );

        // The theme list: the overall themes, then each paragraph's.
        let table = app.themes_table(&reviewer, c, Lang::En).await.unwrap();
        assert_eq!(table.columns[1], "Scope");
        let overall_rows: Vec<&Vec<Cell>> = table
            .rows
            .iter()
            .filter(|r| text(&r[1]) == "Overall")
            .collect();
        assert_eq!(overall_rows.len(), overall.len());
        for (row, theme) in overall_rows.iter().zip(&overall) {
            assert_eq!(number(&row[0]), theme.id.0);
            assert_eq!(number(&row[2]), theme.size);
            if !theme.unclassified {
                assert!(text(&row[3]).contains(&theme.top_terms[0].0), "{row:?}");
                assert!(text(&row[4]).starts_with('x'), "representatives: {row:?}");
            }
        }
        assert!(
            table.rows.iter().any(|r| text(&r[1]).starts_with("¶ ")),
            "the paragraph's themes: {table:?}"
        );

        for who in ["r02-contact", "d01-contact"] {
            let ctx = Ctx::new(built.people[who], NOW);
            let e = app
                .theme_comments_table(&ctx, overall[0].id, Lang::Zh, PAGE_ROWS)
                .await
                .unwrap_err();
            assert!(is_hidden(&e), "{who}: {e}");
            let e = app.themes_table(&ctx, c, Lang::Zh).await.unwrap_err();
            assert!(is_hidden(&e), "{who}: {e}");
        }
    }
);
