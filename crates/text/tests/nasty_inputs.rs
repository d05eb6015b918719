//! Every parser of outside input, and the comparison, on a handful of hostile or degenerate
//! inputs: each must return a value or an error — never panic, never hang. This is the CI
//! counterpart of the fuzz targets in `fuzz/` (which need cargo-fuzz); crashes the fuzzer
//! found are kept here as regressions.

#[path = "fixtures/docx/build.rs"]
mod docx;

use std::time::{Duration, Instant};

use yijian_text::decode::decode;
use yijian_text::diff::{compare, mark};
use yijian_text::docx::parse_docx;
use yijian_text::structure::{parse_file_bytes, parse_markdown, parse_plain, Document};
use yijian_text::TextError;

/// Inputs for the text parsers, as bytes.
fn nasty_texts() -> Vec<Vec<u8>> {
    let mut v: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\n\n\n \t \r\n".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        b"\xFF\xFE".to_vec(),
        b"\xFE\xFF\x00".to_vec(),
        b"\xFF\xFE\x00\xD8".to_vec(), // UTF-16LE lone high surrogate
        b"\x00\x00\x00".to_vec(),
        b"\xC0\xAF\xE0\x80\xAF".to_vec(), // overlong UTF-8
        b"\xED\xA0\x80".to_vec(),         // UTF-8-encoded surrogate
        b"\xF4\x90\x80\x80".to_vec(),     // beyond U+10FFFF
        b"\x81\x30\x81\x30\xFE\x39\xFE\x39".to_vec(), // GB18030 four-byte sequences
        b"\x1B[31m\x07\x08".to_vec(),
        "第".into(),
        "第一".into(),
        "第一百二十三万四千五百条".into(),
        "（".into(),
        "(一".into(),
        "（一".into(),
        "一、".into(),
        "1.".into(),
        "1.5".into(),
        "①②③".into(),
        "序言\n结束语\n序言".into(),
        "第一条\n第一条\n第一条".into(),
        "第一条　（一）（二）1.（1）①".into(),
        "一、\n（一）\n1.\n（1）\n①\n第一部分\n第一章\n第一节\n第一条\n（一）\n1.\n（1）\n①".into(),
        "# \n## \n###### \n####### x\n```\n```\n~~~".into(),
        "```\n# 未闭合的代码块".into(),
        "> > > # 引用中的标题\n> - 列表\n>".into(),
        "***\n---\n___\n- - -".into(),
        "**".into(),
        "e\u{301}\u{200B}\u{200D}\u{FEFF}\u{202E}abc\u{202C}😀👍🏽".into(),
        "\u{FFFD}\u{FFFE}\u{FFFF}".into(),
        "\u{3000}\u{3000}\u{3000}".into(),
    ];
    // Long lines and many lines.
    v.push("改".repeat(100_000).into_bytes());
    v.push("一、".repeat(20_000).into_bytes());
    v.push("（".repeat(50_000).into_bytes());
    v.push("\n".repeat(100_000).into_bytes());
    v.push("第一条\n".repeat(5_000).into_bytes());
    v.push("#".repeat(10_000).into_bytes());
    v.push(b"\x80".repeat(10_000));
    v
}

/// Run `f`, failing the test if it takes longer than `limit` (debug build, shared machine:
/// generous, but a quadratic blow-up shows).
fn timed<T>(what: &str, limit: Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    assert!(t.elapsed() < limit, "{what} took {:?}", t.elapsed());
    out
}

fn exercise(doc: &Document) {
    assert!(!doc.blocks.is_empty());
    assert!(doc.blocks.iter().all(|b| !b.text.trim().is_empty()));
    let _ = doc.tree();
    let _ = doc.outline();
    let _ = doc.counts();
}

#[test]
fn text_parsers_survive_nasty_inputs() {
    for (k, bytes) in nasty_texts().into_iter().enumerate() {
        let limit = Duration::from_secs(10);
        let decoded = timed(&format!("decode #{k}"), limit, || decode(&bytes));
        if let Ok(text) = &decoded {
            assert!(!text.contains('\r'));
            if let Ok(doc) = timed(&format!("plain #{k}"), limit, || parse_plain(text)) {
                exercise(&doc);
            }
        }
        let lossy = String::from_utf8_lossy(&bytes);
        if let Ok(doc) = timed(&format!("markdown #{k}"), limit, || parse_markdown(&lossy)) {
            exercise(&doc);
        }
        for name in ["a.txt", "a.md", "a.docx"] {
            if let Ok(doc) = timed(&format!("{name} #{k}"), limit, || {
                parse_file_bytes(name, &bytes)
            }) {
                exercise(&doc);
            }
        }
    }
}

#[test]
fn docx_reader_survives_nasty_archives() {
    let doc = |xml: &str| docx::zip_of(&[("word/document.xml", xml.as_bytes())]);
    let deep = format!(
        "<w:document><w:body>{}{}</w:body></w:document>",
        "<w:p><w:r><w:t>深".repeat(20_000),
        "</w:t></w:r></w:p>".repeat(20_000)
    );
    let many = format!(
        "<w:document><w:body>{}</w:body></w:document>",
        "<w:p><w:r><w:t>段。</w:t></w:r></w:p>".repeat(50_000)
    );
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document><w:body><w:p><w:r><w:t>&lol2;&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let external = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document><w:body><w:p><w:r><w:t>&x;正文</w:t></w:r></w:p></w:body></w:document>"#;
    let cycle_styles = r#"<w:styles><w:style w:styleId="a"><w:basedOn w:val="b"/></w:style><w:style w:styleId="b"><w:basedOn w:val="a"/></w:style></w:styles>"#;
    let styled = docx::document_xml(&[("a", "正文。"), ("b", "第二段。")]);
    let cases: Vec<Vec<u8>> = vec![
        doc(""),
        doc("<"),
        doc("<w:document><w:body><w:p>"),
        doc("<w:t>无段落的文字</w:t>"),
        doc("<w:p><w:t>a</w:t></w:q>"),
        doc("&#0;&#xFFFFFFFF;&unknown;"),
        doc("<w:p><w:r><w:t>&#xD800;&#55296;正文</w:t></w:r></w:p>"),
        doc(&deep),
        doc(&many),
        doc(laughs),
        doc(external),
        docx::zip_of(&[("word/document.xml", b"\xFF\xFE<\x00")]),
        docx::zip_of(&[
            ("word/document.xml", styled.as_bytes()),
            ("word/styles.xml", cycle_styles.as_bytes()),
        ]),
        docx::zip_of(&[
            ("word/document.xml", styled.as_bytes()),
            ("word/styles.xml", b"<w:styles><w:style"),
        ]),
        docx::zip_of(&[]),
        b"PK\x05\x06\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x00\x00"
            .to_vec(),
        b"PK\x03\x04".repeat(1000),
    ];
    for (k, bytes) in cases.iter().enumerate() {
        let result = timed(&format!("docx #{k}"), Duration::from_secs(20), || {
            parse_docx(bytes)
        });
        match result {
            Ok(d) => {
                exercise(&d);
                // Entities are never expanded, and no file is ever read.
                assert!(d.blocks.iter().all(|b| !b.text.contains("root:")));
            }
            Err(TextError::CorruptDocx(reason)) => assert!(!reason.is_empty()),
            Err(TextError::Empty) => {}
            Err(other) => panic!("docx #{k}: unexpected error {other:?}"),
        }
    }
}

/// A zip whose document.xml claims to be small but inflates past the limit is refused
/// rather than read whole.
#[test]
fn docx_zip_bomb_is_bounded() {
    // 60 MB of zeros deflate to ~60 KB.
    let huge = vec![b' '; 60 * 1024 * 1024];
    let bytes = docx::zip_of(&[("word/document.xml", &huge)]);
    assert!(bytes.len() < 1024 * 1024);
    let result = timed("zip bomb", Duration::from_secs(60), || parse_docx(&bytes));
    assert!(
        matches!(result, Err(TextError::CorruptDocx(ref r)) if r.contains("bytes")),
        "{result:?}"
    );
}

fn parse(text: &str) -> Option<Document> {
    parse_plain(text).ok()
}

fn check_comparison(old: &Document, new: &Document) {
    let c = compare(old, new);
    assert_eq!(
        c.rows.iter().map(|r| r.modifications).sum::<usize>(),
        c.count()
    );
    assert_eq!(
        c.by_part().iter().map(|p| p.modifications).sum::<usize>(),
        c.count()
    );
    for r in &c.rows {
        let _ = mark(&r.old_text, &r.old_marks, "【", "】");
        let _ = mark(&r.new_text, &r.new_marks, "【", "】");
    }
    let mut seen = vec![0; new.blocks.len()];
    for l in &c.alignment.links {
        for &j in &l.new {
            seen[j] += 1;
        }
    }
    assert!(seen.iter().all(|&n| n == 1));
}

#[test]
fn comparison_survives_degenerate_pairs() {
    let long_a = "甲乙丙丁，".repeat(2_000);
    let long_b = "戊己庚辛。".repeat(2_000);
    let same = "略。\n".repeat(2_000);
    let same_other = "略。\n".repeat(1_500) + &"另。\n".repeat(600);
    let numbered: String = (1..=3_000).map(|k| format!("第{k}条　内容。\n")).collect();
    let reversed: String = numbered.lines().rev().map(|l| format!("{l}\n")).collect();
    let pairs: Vec<(String, String)> = vec![
        ("甲".into(), "乙".into()),
        ("正文。".into(), "正文。".into()),
        (long_a.clone(), long_b.clone()),
        (long_a.clone(), long_a.replace('丙', "X")),
        (same.clone(), same_other),
        (same.clone(), "略。".into()),
        (numbered.clone(), reversed),
        (numbered.clone(), numbered.replace("内容", "条文")),
        ("😀\n👍🏽\ne\u{301}".into(), "👍🏽\n😀\ne".into()),
        ("，。；\n。。。".into(), "。。。\n，。；".into()),
    ];
    for (k, (a, b)) in pairs.iter().enumerate() {
        let (Some(a), Some(b)) = (parse(a), parse(b)) else {
            continue;
        };
        timed(&format!("compare #{k}"), Duration::from_secs(30), || {
            check_comparison(&a, &b);
            check_comparison(&b, &a);
        });
    }
}
