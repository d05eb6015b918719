//! `lint` never panics and always reports positions inside the text: arbitrary strings, and
//! strings built from the pieces the rules look at (markers, brackets, counts, doubled
//! characters, continuation marks, line breaks), which reach deeper into the rules than random
//! characters do.

use proptest::prelude::*;
use yijian_text::lint::lint;

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "四、",
    "（一）",
    "（三）",
    "1.",
    "3.",
    "第一条",
    "第三条",
    "第二部分",
    "第一章",
    "一是",
    "二是",
    "第一，",
    "上述",
    "以下",
    "共分",
    "三个部分",
    "四项",
    "等三个方面",
    "两条",
    "十",
    "、",
    "，",
    "。",
    "；",
    "：",
    "…",
    "——",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "（",
    "）",
    "【",
    "】",
    "〔",
    "〕",
    ",",
    ".",
    "...",
    ":",
    ";",
    "(",
    ")",
    "\"",
    "'",
    "２０２５",
    "3.5%",
    "http://a.b",
    "（下转第二版）",
    "上接第1版",
    "接上页",
    "- 12 -",
    "第3页 共20页",
    "责任编辑：",
    "的的",
    "推动推动",
    "常常",
    "研究研究",
    "高高兴兴",
    "资源源",
    "人人员",
    "再接再励",
    "既使",
    "既使用",
    "学习贯彻",
    "发展",
    "改革",
    "群众",
    "基层治理",
    "和",
    "及",
    "是",
    "了",
    "的",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "　",
    "#",
    "## ",
    "|",
    "〇",
    "零",
    "百",
    "九十九",
    "999",
    "0",
    "\u{feff}",
    "\u{200b}",
    "𠀀",
];

fn assembled() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let lines: Vec<Vec<char>> = text.split('\n').map(|l| l.chars().collect()).collect();
    for f in lint(text) {
        prop_assert!(f.line >= 1 && f.line <= lines.len(), "{f:?}");
        let width = lines[f.line - 1].len();
        prop_assert!(
            f.column >= 1 && f.column <= width + 1,
            "{f:?} in {width} chars"
        );
        prop_assert!(!f.suggestion.is_empty(), "{f:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn pieces_of_drafts(text in assembled()) {
        check(&text)?;
    }

    #[test]
    fn any_string(text in "\\PC{0,200}") {
        check(&text)?;
    }

    #[test]
    fn any_chars_with_line_breaks(text in "[\\x00-\\x7f\u{3000}-\u{303f}\u{4e00}-\u{4e2f}\u{ff00}-\u{ff20}\n\r]{0,200}") {
        check(&text)?;
    }
}

#[test]
fn edge_cases() {
    for text in [
        "",
        "\n",
        "\r",
        "\r\n\r\n",
        "。",
        "（",
        "）",
        "“",
        "一、",
        "第",
        "十",
        "等两个",
    ] {
        check(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    // a long line without punctuation and a very long document
    check(&"发展".repeat(20_000)).unwrap();
    check(&"推进改革，".repeat(5_000)).unwrap();
}
