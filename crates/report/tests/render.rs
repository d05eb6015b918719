//! Every renderer on small report data, read back with a library: CSV rows, .xlsx cells,
//! .docx text, HTML escaping, and the template's strictness.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use yijian_core::model::*;
use yijian_report::*;

fn handling() -> HandlingTable {
    let row = |item, text: &str, disposition| HandlingRow {
        item,
        consultation: "《征求意见稿》征求意见".into(),
        source: ItemSource::Response,
        consultee: "东部省".into(),
        category: Some(Category::Region),
        paragraph: Some(3),
        text: text.into(),
        disposition,
        reason: "已在第三部分体现。".into(),
        modifications: vec![2, 5],
    };
    HandlingTable {
        dossier_title: "关于推进基层治理的决定".into(),
        rows: vec![
            row(
                11,
                "建议增加\"减轻基层负担\"的内容，并注明, 逗号",
                Some(DispositionKind::Adopted),
            ),
            row(12, "=HYPERLINK(\"x\")", None),
        ],
        comment_groups: vec![CommentGroupRow {
            group: 7,
            consultation: "公开征求意见".into(),
            common_view: "公众普遍关注养老服务补贴。".into(),
            comments: 1_204,
            disposition: Some(DispositionKind::PartlyAdopted),
            reason: "部分吸收。".into(),
        }],
    }
}

/// All `w:t` text of a .docx's main part, paragraphs joined by newlines.
pub fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut out = String::new();
    for chunk in xml.split("</w:p>") {
        let mut rest = chunk;
        while let Some(start) = rest.find("<w:t") {
            let after = &rest[start..];
            let open_end = after.find('>').unwrap();
            if after[..open_end].ends_with('/') {
                rest = &after[open_end + 1..];
                continue;
            }
            let body = &after[open_end + 1..];
            let end = body.find("</w:t>").unwrap();
            out.push_str(&body[..end]);
            rest = &body[end..];
        }
        out.push('\n');
    }
    out.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn handling_csv_rows_read_back_with_quoting_bom_and_inert_formulas() {
    let bytes = handling::csv(&handling(), Lang::Zh).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(r.headers().unwrap().get(7), Some("意见内容"));
    let rows: Vec<csv::StringRecord> = r.records().map(std::result::Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        3,
        "two items, then the group of public comments"
    );
    assert_eq!(&rows[2][0], "3");
    assert_eq!(&rows[2][1], "组7");
    assert_eq!(&rows[2][4], "公众意见1204条");
    assert_eq!(&rows[2][7], "公众普遍关注养老服务补贴。");
    assert_eq!(&rows[2][8], "部分采纳");
    assert_eq!(&rows[0][7], "建议增加\"减轻基层负担\"的内容，并注明, 逗号");
    assert_eq!(&rows[0][8], "采纳");
    assert_eq!(&rows[0][10], "2、5");
    assert_eq!(
        &rows[1][7], "'=HYPERLINK(\"x\")",
        "a formula is neutralised"
    );
    assert_eq!(&rows[1][8], "未处理");
}

#[test]
fn handling_xlsx_cells_read_back() {
    let bytes = handling::xlsx(&handling(), Lang::En).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Handling").unwrap();
    assert_eq!(range.height(), 4);
    assert_eq!(
        range.get((3, 4)),
        Some(&Data::String("1204 public comments".into()))
    );
    assert_eq!(range.get((0, 8)), Some(&Data::String("Disposition".into())));
    assert_eq!(range.get((1, 1)), Some(&Data::Float(11.0)));
    assert_eq!(range.get((1, 8)), Some(&Data::String("adopted".into())));
    assert_eq!(
        range.get((2, 7)),
        Some(&Data::String("=HYPERLINK(\"x\")".into())),
        "a string, not a formula"
    );
}

#[test]
fn handling_docx_holds_every_item() {
    let text = docx_text(&handling::docx(&handling(), Lang::Zh).unwrap());
    assert!(
        text.contains("关于推进基层治理的决定意见处理情况表"),
        "{text}"
    );
    assert!(text.contains("减轻基层负担"));
    assert!(text.contains("已在第三部分体现。"));
    assert!(text.contains("公众意见1204条"), "{text}");
}

fn comparison() -> ComparisonTable {
    let marked = |a: &str, b: &str, c: &str| MarkedText {
        pieces: vec![
            Piece {
                text: a.into(),
                changed: false,
            },
            Piece {
                text: b.into(),
                changed: true,
            },
            Piece {
                text: c.into(),
                changed: false,
            },
        ],
    };
    ComparisonTable {
        dossier_title: "决定".into(),
        from_label: "征求意见稿".into(),
        to_label: "送审稿".into(),
        rows: vec![ComparisonRow {
            seq: 1,
            kind: "modified".into(),
            part: Some("第一部分 <总体要求>".into()),
            old: marked("推动发展", "更多更", "公平"),
            new: marked("推动发展", "<b>更加</b>", "公平"),
            items: vec![LinkedItem {
                item: 7,
                consultee: "东部省 & 西部省".into(),
            }],
        }],
    }
}

#[test]
fn comparison_html_escapes_every_text_and_marks_changes() {
    let html = comparison::html(&comparison(), Lang::Zh);
    assert!(!html.contains("<b>"), "{html}");
    assert!(
        html.contains("<mark>&lt;b&gt;更加&lt;/b&gt;</mark>"),
        "{html}"
    );
    assert!(html.contains("第一部分 &lt;总体要求&gt;"));
    assert!(html.contains("东部省 &amp; 西部省"));
    assert!(html.contains("共修改1处"));
}

#[test]
fn comparison_xlsx_and_docx_read_back() {
    let bytes = comparison::xlsx(&comparison(), Lang::Zh).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("修改对照表").unwrap();
    assert_eq!(range.height(), 2);
    assert_eq!(
        range.get((1, 3)),
        Some(&Data::String("推动发展更多更公平".into()))
    );
    assert_eq!(
        range.get((1, 5)),
        Some(&Data::String("第7条（东部省 & 西部省）".into()))
    );
    let text = docx_text(&comparison::docx(&comparison(), Lang::Zh).unwrap());
    assert!(text.contains("推动发展更多更公平"), "{text}");
    assert!(text.contains("<b>更加</b>"), "{text}");
}

fn explanation() -> ExplanationData {
    ExplanationData {
        title: "关于推进基层治理的决定".into(),
        purpose: "为了推进基层治理。".into(),
        requirements: "坚持问题导向。".into(),
        topic_decided_on: Some("2026-03-02".into()),
        leading_body: Some("常务委员会".into()),
        drafting_group: DraftingGroup {
            name: Some("起草组".into()),
            leaders: vec![Member {
                name: "甲".into(),
                body: None,
            }],
            deputies: vec![
                Member {
                    name: "乙".into(),
                    body: None,
                },
                Member {
                    name: "丙".into(),
                    body: None,
                },
            ],
            members: vec![Member {
                name: "丁".into(),
                body: Some("研究室".into()),
            }],
            institutions: vec!["研究室".into()],
        },
        consultations: vec![ConsultationFacts {
            kind: ConsultationKind::Draft,
            title: "征求意见".into(),
            question: None,
            version: Some("征求意见稿".into()),
            opened_on: "2026-09-06".into(),
            closes_on: "2026-09-30".into(),
            scope: 3,
            scope_by_category: vec![(Some(Category::Region), 2), (None, 1)],
            responses: 2,
            hearings: vec![HearingFacts {
                title: "座谈会".into(),
                held_on: "2026-09-20".into(),
                items: 4,
            }],
        }],
        items: 17,
        public: vec![PublicFacts {
            title: "公开征求意见".into(),
            comments: 1_000_000,
            in_campaigns: 500_000,
            campaigns: 2_000,
            grouped: 1_204,
        }],
        groups: vec![
            GroupFacts {
                common_view: "普遍赞成。".into(),
                items: 5,
                comments: 0,
                disposition: Some(DispositionKind::Adopted),
            },
            GroupFacts {
                common_view: "公众普遍关注养老服务补贴。".into(),
                items: 0,
                comments: 1_204,
                disposition: Some(DispositionKind::PartlyAdopted),
            },
        ],
        main_suggestions: vec![],
        dispositions: vec![
            (DispositionKind::Adopted, 9),
            (DispositionKind::NotAdopted, 8),
        ],
        undisposed: 0,
        revision: Some(RevisionFacts {
            from_label: "征求意见稿".into(),
            to_label: "送审稿".into(),
            modifications: 43,
            items_covered: 6,
        }),
        meetings: vec![BodyMeetings {
            body: "常务委员会".into(),
            dates: vec!["2026-10-10".into(), "2026-10-15".into()],
        }],
        framework: Framework {
            version: "送审稿".into(),
            parts: vec![PartSummary {
                title: "第一部分 总体要求".into(),
                summary: "坚持人民至上。".into(),
            }],
        },
    }
}

#[test]
fn shipped_templates_render_the_figures_they_are_given() {
    let zh = explanation::markdown(explanation::TEMPLATE_ZH, &explanation(), Lang::Zh).unwrap();
    for figure in [
        "共收到书面反馈2份",
        "反馈率66.7%",
        "共修改43处",
        "采纳9条",
        "未采纳8条",
        "召开2次会议",
        "共分1个部分",
        "地区2个",
        "共收到公众意见1000000条，其中500000条属于2000组重复意见",
        "1204条归入意见组",
        "（0条，公众意见1204条，部分采纳）",
        "普遍赞成。（5条，采纳）",
    ] {
        assert!(zh.contains(figure), "{figure} missing in\n{zh}");
    }
    let en = explanation::markdown(explanation::TEMPLATE_EN, &explanation(), Lang::En).unwrap();
    assert!(en.contains("43 modifications"), "{en}");
    assert!(
        en.contains("drew 1000000 public comments, of which 500000 in 2000 campaigns"),
        "{en}"
    );
    assert!(en.contains("1204 public comments, partly adopted"), "{en}");
    let text = docx_text(&explanation::docx(&zh).unwrap());
    assert!(text.contains("共修改43处"), "{text}");
}

#[test]
fn a_template_with_an_unknown_field_is_an_error_naming_it() {
    let e = explanation::markdown(
        "# {{ title }}\n{{ modification_count }}\n",
        &explanation(),
        Lang::Zh,
    )
    .unwrap_err();
    assert!(e.to_string().contains("modification_count"), "{e}");
    let e = explanation::markdown(
        "{% for g in groups %}{{ g.commn_view }}{% endfor %}\n",
        &explanation(),
        Lang::Zh,
    )
    .unwrap_err();
    assert!(e.to_string().contains("commn_view"), "{e}");
    let e = explanation::markdown("{% for g in groups %}\n", &explanation(), Lang::Zh).unwrap_err();
    assert!(e.to_string().starts_with("template:"), "{e}");
}

#[test]
fn a_consultation_copy_names_its_number_and_recipient() {
    let d = DraftDocument {
        dossier_title: "决定".into(),
        version_label: "征求意见稿".into(),
        blocks: vec![
            DraftBlock {
                role: BlockRole::Title,
                text: "关于推进基层治理的决定".into(),
            },
            DraftBlock {
                role: BlockRole::Heading(1),
                text: "第一部分 总体要求".into(),
            },
            DraftBlock {
                role: BlockRole::Paragraph,
                text: "坚持人民至上。".into(),
            },
        ],
        copy: Some(CopyMark {
            number: 7,
            recipient: "东部省".into(),
        }),
    };
    let bytes = draft::docx(&d, Lang::Zh).unwrap();
    let text = docx_text(&bytes);
    assert!(
        text.contains("No. 0007") && text.contains("本件发送给：东部省"),
        "{text}"
    );
    assert!(text.contains("（征求意见稿）"));
    let md = draft::markdown(&d, Lang::Zh);
    assert!(
        md.starts_with("No. 0007\n\n本件发送给：东部省\n\n# 关于推进基层治理的决定"),
        "{md}"
    );
}
