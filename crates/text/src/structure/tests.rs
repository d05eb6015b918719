//! Unit tests of the structure rules on small drafts.

use super::*;

/// (kind, level, number, text) of every block.
fn shape(doc: &Document) -> Vec<(BlockKind, u8, Option<u32>, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.level, b.number, b.text.as_str()))
        .collect()
}

use BlockKind::*;

#[test]
fn resolution_with_parts() {
    let text = "中共中央关于某某问题的决定\n\n序言\n\n这是序言的第一段。\n\n第一部分　总体要求\n一、坚持党的全面领导\n（一）指导思想。坚持以人民为中心，推进工作。\n（二）工作原则\n各地区要抓好落实，确保取得实效。\n二、加强制度建设\n第二部分　重点任务\n正文段落。\n结束语\n全党全国要团结起来。\n";
    let doc = parse_plain(text).unwrap();
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, None, "中共中央关于某某问题的决定"),
            (Preface, 1, None, "序言"),
            (Paragraph, 2, None, "这是序言的第一段。"),
            (Part, 1, Some(1), "第一部分　总体要求"),
            (Section, 2, Some(1), "一、坚持党的全面领导"),
            (Section, 3, Some(1), "（一）指导思想。"),
            (Paragraph, 4, None, "坚持以人民为中心，推进工作。"),
            (Section, 3, Some(2), "（二）工作原则"),
            (Paragraph, 4, None, "各地区要抓好落实，确保取得实效。"),
            (Section, 2, Some(2), "二、加强制度建设"),
            (Part, 1, Some(2), "第二部分　重点任务"),
            (Paragraph, 2, None, "正文段落。"),
            (Conclusion, 1, None, "结束语"),
            (Paragraph, 2, None, "全党全国要团结起来。"),
        ]
    );
    let counts = doc.counts();
    assert_eq!(
        (counts.parts, counts.sections, counts.paragraphs),
        (2, 4, 5)
    );
    let outline = doc.outline();
    assert_eq!(outline.len(), 4);
    assert_eq!(outline[1].children.len(), 2);
    assert_eq!(outline[1].children[0].children.len(), 2);
    assert_eq!(outline[1].children[0].children[0].paragraphs, 1);
}

#[test]
fn long_numbered_sentence_is_a_paragraph() {
    let text = "一、我们党历来高度重视制度建设，始终把制度建设摆在突出位置，取得了显著成效。\n二、坚持党的全面领导\n";
    let doc = parse_plain(text).unwrap();
    assert_eq!(
        shape(&doc),
        vec![
            (
                Paragraph,
                1,
                Some(1),
                "一、我们党历来高度重视制度建设，始终把制度建设摆在突出位置，取得了显著成效。"
            ),
            (Section, 1, Some(2), "二、坚持党的全面领导"),
        ]
    );
    assert_eq!(doc.blocks[0].numbering, Some(Numbering::ChineseComma));
}

#[test]
fn regulation_articles_clauses_items() {
    let text = "某某条例\n第一章　总则\n第一条　为了规范工作，制定本条例。\n第二条　本条例适用于下列事项：\n（一）起草；\n（二）征求意见；\n1. 书面征求\n前款规定的事项另行规定。\n第二章　附则\n第三条　本条例自公布之日起施行。\n";
    let doc = parse_plain(text).unwrap();
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, None, "某某条例"),
            (Section, 1, Some(1), "第一章　总则"),
            (Article, 2, Some(1), "第一条"),
            (Paragraph, 3, None, "为了规范工作，制定本条例。"),
            (Article, 2, Some(2), "第二条"),
            (Paragraph, 3, None, "本条例适用于下列事项："),
            (Item, 4, Some(1), "（一）起草；"),
            (Item, 4, Some(2), "（二）征求意见；"),
            (Item, 5, Some(1), "1. 书面征求"),
            (Paragraph, 3, None, "前款规定的事项另行规定。"),
            (Section, 1, Some(2), "第二章　附则"),
            (Article, 2, Some(3), "第三条"),
            (Paragraph, 3, None, "本条例自公布之日起施行。"),
        ]
    );
    assert_eq!(doc.counts().articles, 3);
}

#[test]
fn blank_lines_and_single_newlines_both_separate() {
    let a = parse_plain("第一段。\n第二段。").unwrap();
    let b = parse_plain("第一段。\n\n\n第二段。").unwrap();
    assert_eq!(a.blocks.len(), 2);
    assert_eq!(b.blocks.len(), 2);
    assert_eq!(b.blocks[1].line, 4);
    let c = parse_plain("第一段。\r\n第二段。\r\n").unwrap();
    assert_eq!(c.blocks[1].text, "第二段。");
}

#[test]
fn title_rules() {
    assert_eq!(parse_plain("只有一行").unwrap().blocks[0].kind, Paragraph);
    assert_eq!(
        parse_plain("这不是标题。\n正文。").unwrap().blocks[0].kind,
        Paragraph
    );
    assert_eq!(
        parse_plain("\u{feff}  关于某事的意见  \n正文。")
            .unwrap()
            .blocks[0]
            .text,
        "关于某事的意见"
    );
    assert_eq!(
        parse_plain("一、总体要求\n正文。").unwrap().blocks[0].kind,
        Section
    );
}

#[test]
fn empty_input() {
    assert_eq!(parse_plain(""), Err(TextError::Empty));
    assert_eq!(parse_plain(" \n\u{3000}\n"), Err(TextError::Empty));
    assert_eq!(parse_markdown("---\n"), Err(TextError::Empty));
}

#[test]
fn markdown_headings() {
    let md = "# 关于某事的意见\n\n## 一、总体要求\n\n（一）指导思想\n\n正文。\n\n## 二、主要任务\n\n1. 各地区要加强领导，确保落实。\n\n### 背景\n\n**说明**文字。\n";
    let doc = parse_markdown(md).unwrap();
    assert_eq!(
        shape(&doc),
        vec![
            (Title, 0, None, "关于某事的意见"),
            (Section, 1, Some(1), "一、总体要求"),
            (Section, 2, Some(1), "（一）指导思想"),
            (Paragraph, 3, None, "正文。"),
            (Section, 1, Some(2), "二、主要任务"),
            (Paragraph, 2, Some(1), "1. 各地区要加强领导，确保落实。"),
            (Section, 2, None, "背景"),
            (Paragraph, 3, None, "说明文字。"),
        ]
    );
}

#[test]
fn markdown_part_heading_kind() {
    let doc = parse_markdown("## 第一部分 总体要求\n正文。\n## 结束语\n结尾。").unwrap();
    assert_eq!(doc.blocks[0].kind, Part);
    assert_eq!(doc.blocks[0].number, Some(1));
    assert_eq!(doc.blocks[2].kind, Conclusion);
}

#[test]
fn file_formats() {
    assert_eq!(Format::from_name("稿.MD"), Ok(Format::Markdown));
    assert_eq!(Format::from_name("docx"), Ok(Format::Docx));
    assert_eq!(Format::from_name("a.txt"), Ok(Format::Plain));
    assert_eq!(
        Format::from_name("a.doc"),
        Err(TextError::UnsupportedFormat("doc".into()))
    );
    let doc = parse_file_bytes("a.txt", "标题\n正文。".as_bytes()).unwrap();
    assert_eq!(doc.blocks.len(), 2);
    assert_eq!(parse_file_bytes("a.txt", b""), Err(TextError::Empty));
}

#[test]
fn malformed_numeral_keeps_marker() {
    let doc = parse_plain("第十十章 总则\n正文。").unwrap();
    assert_eq!(doc.blocks[0].kind, Section);
    assert_eq!(doc.blocks[0].number, None);
    assert_eq!(doc.blocks[0].numbering, Some(Numbering::Chapter));
}

#[test]
fn full_tree_nests_paragraphs_and_items() {
    let doc = parse_plain(
        "某某条例\n第一章　总则\n第一条　本条例适用于下列事项：\n（一）起草；\n（二）征求意见；\n前款事项另行规定。\n第二章　附则\n正文。",
    )
    .unwrap();
    let tree = doc.tree();
    assert_eq!(tree.len(), 2);
    let chapter = &tree[0];
    assert_eq!((chapter.position, chapter.kind), (2, Section));
    let article = &chapter.children[0];
    assert_eq!(article.kind, Article);
    let clauses: Vec<(usize, usize)> = article
        .children
        .iter()
        .map(|c| (c.position, c.children.len()))
        .collect();
    // The first 款 holds the two 项; the second 款 none.
    assert_eq!(clauses, vec![(4, 2), (7, 0)]);
    assert_eq!(tree[1].children[0].text, "正文。");
    let total = |nodes: &[TreeNode]| {
        fn walk(n: &[TreeNode]) -> usize {
            n.iter().map(|c| 1 + walk(&c.children)).sum()
        }
        walk(nodes)
    };
    assert_eq!(total(&tree), doc.blocks.len() - 1);
}
