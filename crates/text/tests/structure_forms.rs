//! Structure recognition, one test per heading form of Chinese drafts, plus articles with
//! their 款 and 项, mixed paragraph separators, Markdown, and `.docx` files built here with zip.

#[path = "fixtures/docx/build.rs"]
mod docx;

use yijian_text::structure::{
    parse_file_bytes, parse_markdown, parse_plain, BlockKind, Document, Numbering,
};
use yijian_text::TextError;

use BlockKind::*;

fn parse(text: &str) -> Document {
    match parse_plain(text) {
        Ok(d) => d,
        Err(e) => panic!("{e}: {text}"),
    }
}

/// (kind, level, text) of every block.
fn shape(doc: &Document) -> Vec<(BlockKind, u8, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.level, b.text.as_str()))
        .collect()
}

#[test]
fn preface_and_conclusion_both_spellings() {
    for (pre, post) in [("序言", "结束语"), ("前言", "结语"), ("序　言", "结 束 语")]
    {
        let doc = parse(&format!(
            "{pre}\n引言段落。\n第一部分　总体要求\n正文。\n{post}\n结尾段落。"
        ));
        assert_eq!(
            shape(&doc),
            vec![
                (Preface, 1, pre),
                (Paragraph, 2, "引言段落。"),
                (Part, 1, "第一部分　总体要求"),
                (Paragraph, 2, "正文。"),
                (Conclusion, 1, post),
                (Paragraph, 2, "结尾段落。"),
            ]
        );
    }
}

#[test]
fn parts_numbered_beyond_ten() {
    let doc = parse("第十一部分　加强党的领导\n正文。\n第十二部分　附则\n正文。");
    let parts: Vec<(BlockKind, Option<u32>)> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == Part)
        .map(|b| (b.kind, b.number))
        .collect();
    assert_eq!(parts, vec![(Part, Some(11)), (Part, Some(12))]);
    assert_eq!(doc.counts().parts, 2);
}

#[test]
fn book_chapter_section_article() {
    let doc = parse(
        "某某法\n第一编　总则\n第一章　基本规定\n第一节　一般规定\n第一条　为了规范起草工作，制定本法。\n第二节　特别规定\n第二条　本法自公布之日起施行。",
    );
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, "某某法"),
            (Part, 1, "第一编　总则"),
            (Section, 2, "第一章　基本规定"),
            (Section, 3, "第一节　一般规定"),
            (Article, 4, "第一条"),
            (Paragraph, 5, "为了规范起草工作，制定本法。"),
            (Section, 3, "第二节　特别规定"),
            (Article, 4, "第二条"),
            (Paragraph, 5, "本法自公布之日起施行。"),
        ]
    );
    let numbering: Vec<Option<Numbering>> = doc.blocks.iter().map(|b| b.numbering).collect();
    assert_eq!(
        &numbering[1..5],
        &[
            Some(Numbering::Book),
            Some(Numbering::Chapter),
            Some(Numbering::Section),
            Some(Numbering::Article)
        ]
    );
    let c = doc.counts();
    assert_eq!(
        (c.parts, c.sections, c.articles, c.paragraphs),
        (1, 3, 2, 2)
    );
}

#[test]
fn chinese_comma_paren_and_arabic_headings_nest() {
    let doc = parse(
        "一、总体要求\n（一）指导思想\n1. 坚持党的领导\n正文一。\n2．坚持人民至上\n（二）工作原则\n正文二。\n二、主要任务\n正文三。",
    );
    assert_eq!(
        shape(&doc),
        vec![
            (Section, 1, "一、总体要求"),
            (Section, 2, "（一）指导思想"),
            (Section, 3, "1. 坚持党的领导"),
            (Paragraph, 4, "正文一。"),
            (Section, 3, "2．坚持人民至上"),
            (Section, 2, "（二）工作原则"),
            (Paragraph, 3, "正文二。"),
            (Section, 1, "二、主要任务"),
            (Paragraph, 2, "正文三。"),
        ]
    );
    let numbers: Vec<Option<u32>> = doc.blocks.iter().map(|b| b.number).collect();
    assert_eq!(
        numbers,
        vec![
            Some(1),
            Some(1),
            Some(1),
            None,
            Some(2),
            Some(2),
            None,
            Some(2),
            None
        ]
    );
}

#[test]
fn article_with_several_clauses_and_items() {
    let doc = parse(
        "第一条　本条例所称意见，包括下列各项：\n（一）书面意见；\n（二）座谈会上提出的意见。\n前款第二项所列意见应当记录在案。\n起草组应当逐条研究。\n第二条　本条例自公布之日起施行。",
    );
    assert_eq!(
        shape(&doc),
        vec![
            (Article, 1, "第一条"),
            (Paragraph, 2, "本条例所称意见，包括下列各项："),
            (Item, 3, "（一）书面意见；"),
            (Item, 3, "（二）座谈会上提出的意见。"),
            (Paragraph, 2, "前款第二项所列意见应当记录在案。"),
            (Paragraph, 2, "起草组应当逐条研究。"),
            (Article, 1, "第二条"),
            (Paragraph, 2, "本条例自公布之日起施行。"),
        ]
    );
    let outline = doc.outline();
    // First article: three 款 and two 项 beneath it.
    assert_eq!(outline[0].paragraphs, 5);
    assert_eq!(doc.counts().articles, 2);
}

#[test]
fn article_reference_in_running_text_is_not_a_heading() {
    let doc = parse("第一条规定的情形，依照本条例处理。\n第三章中的内容另行规定。");
    assert!(doc.blocks.iter().all(|b| b.kind == Paragraph), "{doc:?}");
}

#[test]
fn blank_lines_and_single_newlines_mixed() {
    let text =
        "关于某事的意见\n\n第一段。\n第二段。\n\n\n第三段。\n第四段。\n\n一、小标题\n第五段。\n\n";
    let doc = parse(text);
    let paragraphs: Vec<(&str, usize)> = doc
        .paragraphs()
        .map(|(_, b)| (b.text.as_str(), b.line))
        .collect();
    assert_eq!(
        paragraphs,
        vec![
            ("第一段。", 3),
            ("第二段。", 4),
            ("第三段。", 7),
            ("第四段。", 8),
            ("第五段。", 11),
        ]
    );
    assert_eq!(doc.title().map(|b| b.text.as_str()), Some("关于某事的意见"));
    // CRLF and full-width spaces around lines change nothing.
    let crlf = parse(
        &text
            .replace('\n', "\r\n")
            .replace("第二段。", "\u{3000}\u{3000}第二段。"),
    );
    assert_eq!(shape(&crlf), shape(&doc));
}

#[test]
fn markdown_headings_with_chinese_markers_beneath() {
    let md = "# 关于某事的决定\n\n## 第一部分 总体要求\n\n一、指导思想\n正文一。\n\n## 第二部分 重点任务\n\n### 背景\n正文二。\n";
    let doc = match parse_markdown(md) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, "关于某事的决定"),
            (Part, 1, "第一部分 总体要求"),
            (Section, 2, "一、指导思想"),
            (Paragraph, 3, "正文一。"),
            (Part, 1, "第二部分 重点任务"),
            (Section, 2, "背景"),
            (Paragraph, 3, "正文二。"),
        ]
    );
}

#[test]
fn docx_with_heading_styles() {
    let bytes = docx::docx(&[
        ("a3", "关于某事的决定"),
        ("1", "第一部分　总体要求"),
        ("", "正文一。"),
        ("a5", "一、指导思想"),
        ("", "正文二。"),
        ("2", "背景"),
        ("", "正文三。"),
        ("1", "第二部分　重点任务"),
        ("", "正文四 & <五>。"),
        ("Heading1", "结束语"),
        ("", "正文六。"),
    ]);
    let doc = match parse_file_bytes("稿.docx", &bytes) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, "关于某事的决定"),
            (Part, 1, "第一部分　总体要求"),
            (Paragraph, 2, "正文一。"),
            (Section, 2, "一、指导思想"),
            (Paragraph, 3, "正文二。"),
            (Section, 2, "背景"),
            (Paragraph, 3, "正文三。"),
            (Part, 1, "第二部分　重点任务"),
            (Paragraph, 2, "正文四 & <五>。"),
            (Conclusion, 1, "结束语"),
            (Paragraph, 2, "正文六。"),
        ]
    );
    assert_eq!(doc.blocks[3].number, Some(1));
    assert_eq!(doc.counts().parts, 2);
}

#[test]
fn unstyled_heading_after_styled_one_is_its_sibling() {
    let bytes = docx::docx(&[
        ("1", "第一部分　总体要求"),
        ("2", "一、指导思想"),
        ("", "正文一。"),
        ("", "二、基本原则"),
        ("", "正文二。"),
        ("", "第二部分　重点任务"),
        ("", "正文三。"),
    ]);
    let doc = match parse_file_bytes("a.docx", &bytes) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        shape(&doc),
        vec![
            (Part, 1, "第一部分　总体要求"),
            (Section, 2, "一、指导思想"),
            (Paragraph, 3, "正文一。"),
            (Section, 2, "二、基本原则"),
            (Paragraph, 3, "正文二。"),
            (Part, 1, "第二部分　重点任务"),
            (Paragraph, 2, "正文三。"),
        ]
    );
    let md = parse_markdown("## 一、总体要求\n正文。\n二、主要任务\n（一）分项\n正文。");
    let md = match md {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let levels: Vec<u8> = md.blocks.iter().map(|b| b.level).collect();
    assert_eq!(levels, vec![1, 2, 1, 2, 3]);
}

#[test]
fn docx_without_styles_uses_the_chinese_markers() {
    let content = docx::document_xml(&[
        ("", "某某条例"),
        ("", "第一条　为了规范工作，制定本条例。"),
        ("", "（一）起草；"),
    ]);
    let bytes = docx::zip_of(&[("word/document.xml", content.as_bytes())]);
    let doc = match parse_file_bytes("a.docx", &bytes) {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, "某某条例"),
            (Article, 1, "第一条"),
            (Paragraph, 2, "为了规范工作，制定本条例。"),
            (Item, 3, "（一）起草；"),
        ]
    );
}

#[test]
fn corrupt_and_empty_docx() {
    let good = docx::docx(&[("", "正文。")]);
    let corrupt = |bytes: &[u8]| {
        matches!(
            parse_file_bytes("a.docx", bytes),
            Err(TextError::CorruptDocx(_))
        )
    };
    assert!(corrupt(&good[..good.len() / 2]), "truncated zip");
    assert!(corrupt(b"PK\x03\x04 not really a zip"));
    assert!(corrupt(&docx::zip_of(&[("word/other.xml", b"<a/>")])));
    assert!(corrupt(&docx::zip_of(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p><w:t>a</w:p>"
    )])));
    assert!(corrupt(&docx::zip_of(&[(
        "word/document.xml",
        b"\xFF\xFE<"
    )])));
    let empty = docx::docx(&[("", ""), ("", "  ")]);
    assert_eq!(parse_file_bytes("a.docx", &empty), Err(TextError::Empty));
    assert_eq!(parse_file_bytes("a.docx", b""), Err(TextError::Empty));
}
