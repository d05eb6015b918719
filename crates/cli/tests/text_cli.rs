//! The text commands as a user runs them: `yijian structure` and `yijian diff` on files in a
//! temporary directory, checking the JSON, the comparison table and the one-line errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const OLD: &str = "关于某事的决定

序言
这是序言。
第一部分　总体要求
一、指导思想
推动发展成果更多更公平惠及全体人民，坚持共同富裕方向。
加快构建新发展格局，着力推动高质量发展。
第二部分　重点任务
深化科技体制改革，提升自主创新能力。
健全社会保障体系，完善基本养老保险制度。
结束语
全党全国要团结起来。
";

/// OLD with: two edits in one paragraph (2), a split (1), an insertion (1), a deletion (1)
/// and an edit in the conclusion (1) — 6 modifications.
const NEW: &str = "关于某事的决定

序言
这是序言。
第一部分　总体要求
一、指导思想
推动发展成果更加公平惠及全体人民，始终坚持共同富裕方向。
加快构建新发展格局，
着力推动高质量发展。
第二部分　重点任务
深化科技体制改革，提升自主创新能力。
新增一段关于对外开放的内容，推进高水平对外开放。
结束语
全党全国要团结起来，为实现目标而奋斗。
";

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Dir {
        match tempfile::tempdir() {
            Ok(d) => Dir(d),
            Err(e) => panic!("tempdir: {e}"),
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.path().join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            panic!("write {name}: {e}");
        }
        path
    }
}

fn yijian(args: &[&Path], flags: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yijian"));
    for a in args {
        cmd.arg(a);
    }
    cmd.args(flags);
    match cmd.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run yijian: {e}"),
    }
}

fn run(sub: &str, files: &[&Path], flags: &[&str]) -> Output {
    let sub = Path::new(sub);
    let mut args = vec![sub];
    args.extend_from_slice(files);
    yijian(&args, flags)
}

fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}, stderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(out: &Output) -> Value {
    let text = stdout_ok(out);
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("not JSON ({e}): {text}"),
    }
}

#[test]
fn diff_json_counts_a_known_pair() {
    let dir = Dir::new();
    let (old, new) = (
        dir.file("old.txt", OLD.as_bytes()),
        dir.file("new.md", NEW.as_bytes()),
    );
    let v = json(&run("diff", &[&old, &new], &["--json"]));
    assert_eq!(v["modifications"], 6, "{v:#}");
    assert_eq!(
        v["by_part"],
        serde_json::json!([
            {"part": "第一部分　总体要求", "modifications": 3},
            {"part": "第二部分　重点任务", "modifications": 2},
            {"part": "结束语", "modifications": 1},
        ])
    );
    let changes = v["changes"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = changes.iter().filter_map(|c| c["kind"].as_str()).collect();
    assert_eq!(
        kinds,
        vec!["modified", "split", "inserted", "deleted", "modified"]
    );
    let total: u64 = changes
        .iter()
        .filter_map(|c| c["modifications"].as_u64())
        .sum();
    assert_eq!(total, 6);

    let first = &changes[0];
    assert_eq!(first["old"], serde_json::json!([{"number": 6, "id": "P6"}]));
    assert_eq!(first["new"], serde_json::json!([{"number": 6, "id": "P6"}]));
    assert_eq!(
        first["old_text"],
        "推动发展成果更多更公平惠及全体人民，坚持共同富裕方向。"
    );
    let regions: Vec<(&str, &str)> = first["regions"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|x| {
                    (
                        x["old_text"].as_str().unwrap_or("?"),
                        x["new_text"].as_str().unwrap_or("?"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(regions, vec![("更多更", "更加"), ("", "始终")]);
    assert_eq!(first["regions"][0]["old_range"]["start"], 6);

    // The split's first piece keeps the old id; the second piece and the inserted
    // paragraph get fresh ones (the old version has 12 blocks).
    assert_eq!(
        changes[1]["new"],
        serde_json::json!([{"number": 7, "id": "P7"}, {"number": 8, "id": "P13"}])
    );
    assert_eq!(changes[2]["old"], serde_json::json!([]));
    assert_eq!(changes[2]["new"][0]["id"], "P14");
    assert_eq!(changes[3]["new"], serde_json::json!([]));
    assert_eq!(changes[3]["old"][0]["number"], 10);
}

#[test]
fn diff_table_and_text() {
    let dir = Dir::new();
    let (old, new) = (
        dir.file("old.txt", OLD.as_bytes()),
        dir.file("new.txt", NEW.as_bytes()),
    );
    let table = stdout_ok(&run("diff", &[&old, &new], &["--table"]));
    assert!(table.contains("共修改 6 处"), "{table}");
    assert!(table.contains("| 序号 | 原文 | 修改后 | 类型 |"), "{table}");
    assert!(
        table.contains("| 1 | 推动发展成果【更多更】公平惠及全体人民，坚持共同富裕方向。 | 推动发展成果【更加】公平惠及全体人民，【始终】坚持共同富裕方向。 | 修改（2处） |"),
        "{table}"
    );
    assert!(
        table.contains("| 2 | 加快构建新发展格局，着力推动高质量发展。 | 加快构建新发展格局，<br>着力推动高质量发展。 | 拆分 |"),
        "{table}"
    );
    assert!(
        table.contains("| 4 | 健全社会保障体系，完善基本养老保险制度。 |  | 删除 |"),
        "{table}"
    );
    assert_eq!(table.lines().filter(|l| l.starts_with("| ")).count(), 6);

    let text = stdout_ok(&run("diff", &[&old, &new], &[]));
    assert!(text.contains("6 modifications"), "{text}");
    assert!(text.contains("第一部分　总体要求"), "{text}");

    let same = stdout_ok(&run("diff", &[&old, &old], &["--table"]));
    assert!(same.contains("共修改 0 处"), "{same}");
}

#[test]
fn structure_json_tree_and_counts() {
    let dir = Dir::new();
    let old = dir.file("old.txt", OLD.as_bytes());
    let v = json(&run("structure", &[&old], &["--json"]));
    assert_eq!(v["title"], "关于某事的决定");
    assert_eq!(
        v["counts"],
        serde_json::json!({"parts": 2, "sections": 1, "articles": 0, "paragraphs": 6})
    );
    let tree = v["tree"].as_array().cloned().unwrap_or_default();
    let top: Vec<(&str, u64)> = tree
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap_or("?"),
                n["position"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        top,
        vec![("preface", 2), ("part", 4), ("part", 8), ("conclusion", 11)]
    );
    assert_eq!(tree[1]["children"][0]["text"], "一、指导思想");
    assert_eq!(tree[1]["children"][0]["children"][1]["position"], 7);

    let text = stdout_ok(&run("structure", &[&old], &[]));
    assert!(text.contains("    4  第一部分　总体要求  [part]"), "{text}");
    assert!(
        text.contains("    7      ¶ 加快构建新发展格局，着力推动高质量发展。"),
        "{text}"
    );
}

/// A failing command: exit 1, one line on stderr starting with `error:` and naming the
/// file and the problem, nothing on stdout, no panic.
fn assert_clear_error(out: &Output, file: &str, problem: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(out.stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(file), "{stderr}");
    assert!(stderr.contains(problem), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_inputs_fail_with_one_clear_line() {
    let dir = Dir::new();
    let good = dir.file("good.txt", OLD.as_bytes());
    let cases: Vec<(PathBuf, &str, &str)> = vec![
        (dir.file("empty.txt", b""), "empty.txt", "empty"),
        (dir.file("blank.md", b"\n \n\t\n"), "blank.md", "empty"),
        (
            dir.file("latin1.txt", b"caf\xe9 au lait \xff\xfe"),
            "latin1.txt",
            "not valid UTF-8",
        ),
        (
            dir.file("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00"),
            "binary.txt",
            "binary",
        ),
        (
            dir.file("corrupt.docx", b"PK\x03\x04 this is not a zip"),
            "corrupt.docx",
            "corrupt",
        ),
        (dir.file("empty.docx", b""), "empty.docx", "empty"),
        (dir.file("draft.doc", b"x"), "draft.doc", "unsupported"),
        (
            dir.0.path().join("missing.txt"),
            "missing.txt",
            "cannot read",
        ),
    ];
    for (path, name, problem) in &cases {
        assert_clear_error(&run("structure", &[path], &[]), name, problem);
        assert_clear_error(&run("diff", &[&good, path], &["--json"]), name, problem);
        assert_clear_error(&run("diff", &[path, &good], &["--table"]), name, problem);
    }
}
