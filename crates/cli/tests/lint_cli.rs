//! `yijian lint`: the built binary on temporary files — the JSON shape, the text output, and
//! the exit status on bad input.

use std::path::Path;
use std::process::{Command, Output};

const DRAFT: &str = "关于推进基层治理的意见\n\
一、总体要求\n\
各地区要再接再励，推动推动基层治理现代化,不断取得新成效。\n\
二、重点任务\n\
从组织、服务、法治等两个方面推进《规划实施。\n\
四、保障措施\n\
（下转第二版）\n";

fn yijian(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_yijian"))
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(e) => panic!("cannot run yijian: {e}"),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the temporary file");
    path.to_string_lossy().into_owned()
}

#[test]
fn json_lists_findings_with_the_six_fields() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = write(dir.path(), "draft.txt", DRAFT.as_bytes());
    let out = yijian(&["lint", &file, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    // the fields come in the documented order
    let raw = String::from_utf8_lossy(&out.stdout);
    let first = &raw[..raw.find('}').expect("a finding")];
    let at = |key: &str| first.find(&format!("\"{key}\":")).expect(key);
    let order = [
        "kind",
        "line",
        "column",
        "excerpt",
        "suggestion",
        "severity",
    ]
    .map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{first}");
    let obj = v.as_object().expect("an object");
    assert_eq!(obj.keys().collect::<Vec<_>>(), vec!["findings"]);
    let findings = v["findings"].as_array().expect("findings is an array");
    let mut kinds: Vec<&str> = Vec::new();
    for f in findings {
        let mut keys: Vec<&str> = f
            .as_object()
            .expect("a finding is an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            vec![
                "column",
                "excerpt",
                "kind",
                "line",
                "severity",
                "suggestion"
            ]
        );
        assert!(f["line"].as_u64().is_some_and(|n| n >= 1));
        assert!(f["column"].as_u64().is_some_and(|n| n >= 1));
        assert!(matches!(f["severity"].as_str(), Some("error" | "warning")));
        kinds.push(f["kind"].as_str().expect("kind is a string"));
    }
    for kind in [
        "confusable",
        "repeated_text",
        "punctuation_width",
        "count_mismatch",
        "unbalanced_pair",
        "numbering",
        "layout_marker",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let confusable = findings
        .iter()
        .find(|f| f["kind"] == "confusable")
        .expect("a confusable finding");
    assert_eq!(confusable["line"], 3);
    assert_eq!(confusable["column"], 5);
    assert_eq!(confusable["excerpt"], "再接再励");
}

#[test]
fn text_output_is_one_line_per_finding() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = write(dir.path(), "draft.md", "各地区要再接再励。\n".as_bytes());
    let out = yijian(&["lint", &file]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        vec!["1:5 confusable error 再接再励 → 再接再厉（成语）"]
    );
    let clean = write(dir.path(), "clean.txt", "各地区要再接再厉。\n".as_bytes());
    let out = yijian(&["lint", &clean, "--json"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        r#"{"findings":[]}"#
    );
}

#[test]
fn bad_input_exits_with_status_1_and_one_line() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let missing = dir
        .path()
        .join("missing.txt")
        .to_string_lossy()
        .into_owned();
    let empty = write(dir.path(), "empty.txt", b"");
    let binary = write(
        dir.path(),
        "image.txt",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2],
    );
    let not_docx = write(dir.path(), "draft.docx", "不是压缩包".as_bytes());
    for file in [&missing, &empty, &binary, &not_docx] {
        let out = yijian(&["lint", file, "--json"]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(out.stdout.is_empty(), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim_end().lines().count(), 1, "{file}: {stderr}");
        assert!(stderr.starts_with("error: "), "{file}: {stderr}");
    }
}
