//! `yijian import comments` as the real binary, on both backends, over the demo's public
//! consultation: the exact `--json` line, the reject file (and importing it again once
//! corrected), a second import that adds nothing, a GBK CSV, and file-level errors and
//! refusals that exit non-zero and change nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use yijian_store::on_both_backends;

/// The demo's drafting-group member and a reviewer (see crates/app/demo/cast.json).
const MEMBER: &str = "张国栋";
const REVIEWER: &str = "王若愚";

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

struct Yijian {
    db: String,
    dir: tempfile::TempDir,
}

impl Yijian {
    fn run(&self, json: bool, who: Option<&str>, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_yijian"));
        cmd.env_remove("YIJIAN_AS").env_remove("YIJIAN_DB");
        cmd.arg("--db").arg(&self.db);
        if json {
            cmd.arg("--json");
        }
        if let Some(who) = who {
            cmd.arg("--as").arg(who);
        }
        let out = cmd.args(args).output().unwrap();
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn import(&self, who: &str, consultation: &str, file: &Path, rejects: Option<&Path>) -> Run {
        let mut args = vec![
            "import",
            "comments",
            "--consultation",
            consultation,
            file.to_str().unwrap(),
        ];
        if let Some(r) = rejects {
            args.extend(["--rejects", r.to_str().unwrap()]);
        }
        self.run(true, Some(who), &args)
    }

    /// What a refused or failed import must leave as it was.
    fn state(&self) -> String {
        let r = self.run(true, None, &["audit", "checkpoint"]);
        assert!(r.ok, "{}", r.stderr);
        r.stdout
    }
}

on_both_backends!(import_comments_through_the_cli, |db: String| async move {
    let y = Yijian {
        db,
        dir: tempfile::tempdir().unwrap(),
    };
    let demo = y.run(true, None, &["demo"]);
    assert!(demo.ok, "{}", demo.stderr);
    let demo: Value = serde_json::from_str(&demo.stdout).unwrap();
    let public = demo["ids"]["public_consultation"].to_string();
    let draft = demo["ids"]["draft_consultation"].to_string();
    assert_eq!(demo["consultations"]["public"], 1);

    let lines = [
        r#"{"id":"cli-1","text":"建议明确社区工作事项清单。","paragraph":"第二部分/二、","region":"四川"}"#,
        r#"{"id":"cli-2","text":"没有结尾"#,
        r#"{"id":"cli-3","text":"段落不存在","paragraph":"第九部分"}"#,
        r#"{"id":"gk-0001","text":"与演示中的同一编号，文字不同"}"#,
        r#"{"id":"cli-4","text":"第二条好的意见","submitted_at":"2026-09-10T08:00:00+08:00"}"#,
    ];
    let file = y.file("来信.jsonl", (lines.join("\n") + "\n").as_bytes());
    let rejects = y.dir.path().join("rejects.jsonl");
    let r = y.import(MEMBER, &public, &file, Some(&rejects));
    assert!(r.ok, "{}", r.stderr);
    assert_eq!(r.stdout, "{\"imported\":2,\"skipped\":0,\"rejected\":3}\n");
    assert_eq!(r.stderr, "", "nothing on stderr with --json off a terminal");
    let rejected: Vec<Value> = std::fs::read_to_string(&rejects)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let at: Vec<i64> = rejected
        .iter()
        .map(|v| v["line"].as_i64().unwrap())
        .collect();
    assert_eq!(at, [2, 3, 4]);
    assert_eq!(rejected[0]["code"], "bad_json");
    assert!(rejected[0]["raw"].as_str().unwrap().contains("没有结尾"));
    assert_eq!(rejected[1]["code"], "unknown_paragraph");
    assert!(rejected[1]["reason"].as_str().unwrap().contains("第九部分"));
    assert_eq!(rejected[1]["text"], "段落不存在");
    assert_eq!(rejected[2]["code"], "id_with_other_text");

    // The same file again adds nothing.
    let r = y.import(MEMBER, &public, &file, None);
    assert_eq!(r.stdout, "{\"imported\":0,\"skipped\":2,\"rejected\":3}\n");

    // The reject file, corrected, imports as it is (line, code, reason are ignored).
    let mut fixed = rejected[1].clone();
    fixed["paragraph"] = Value::String("第四部分/三、".into());
    let fixed_file = y.file("fixed.jsonl", format!("{fixed}\n").as_bytes());
    let r = y.import(MEMBER, &public, &fixed_file, None);
    assert_eq!(
        r.stdout, "{\"imported\":1,\"skipped\":0,\"rejected\":0}\n",
        "{}",
        r.stderr
    );

    // Without --json: a line for people, the refusals on stderr.
    let r = y.run(
        false,
        Some(MEMBER),
        &[
            "import",
            "comments",
            "--consultation",
            &public,
            file.to_str().unwrap(),
        ],
    );
    assert!(r.ok);
    assert!(
        r.stdout
            .starts_with("imported 0, skipped 2, rejected 3 (import "),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("line 3 (id cli-3): paragraph 第九部分"),
        "{}",
        r.stderr
    );

    // A CSV saved by Excel on a Chinese Windows: GBK, CRLF, extra columns.
    let (gbk, _, _) = encoding_rs::GBK.encode(
            "序号,id,text,region,点赞数\r\n1,csv-1,建议完善社区养老服务设施。,浙江,12\r\n2,csv-2,\"建议，多听取基层意见\",江苏,3\r\n",
        );
    let csv = y.file("意见.csv", &gbk);
    let r = y.import(MEMBER, &public, &csv, None);
    assert_eq!(
        r.stdout, "{\"imported\":2,\"skipped\":0,\"rejected\":0}\n",
        "{}",
        r.stderr
    );

    // Refusals and file-level errors: non-zero, one line, nothing changed.
    let before = y.state();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, (id, text)) in [("id", "text"), ("x-1", "意见一"), ("x-2", "意见二")]
        .iter()
        .enumerate()
    {
        sheet.write_string(r as u32, 0, *id).unwrap();
        sheet.write_string(r as u32, 1, *text).unwrap();
    }
    let xlsx = wb.save_to_buffer().unwrap();
    let truncated = y.file("意见.xlsx", &xlsx[..xlsx.len() / 2]);
    let failures = [
        (y.import(MEMBER, &public, &truncated, None), "corrupt"),
        (y.import(REVIEWER, &public, &file, None), "drafting group"),
        (y.import(MEMBER, &draft, &file, None), "public consultation"),
        (
            y.import(MEMBER, &public, &y.file("x.txt", b"id,text\n"), None),
            ".jsonl, .csv or .xlsx",
        ),
        (
            y.import(MEMBER, &public, &y.dir.path().join("missing.jsonl"), None),
            "cannot read",
        ),
        (
            y.import(MEMBER, &public, &y.file("empty.csv", b""), None),
            "header",
        ),
    ];
    for (r, says) in failures {
        assert!(!r.ok, "{says}: {}", r.stdout);
        let message = r.stderr.trim();
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(
            message.starts_with("error: ") && message.contains(says),
            "{says}: {message}"
        );
        assert_eq!(message.matches(says).count(), 1, "said once: {message}");
        assert_eq!(r.stdout, "");
    }
    assert_eq!(
        y.state(),
        before,
        "a refused or failed import changed the record"
    );
    // The whole workbook goes in.
    let whole = y.file("全部.xlsx", &xlsx);
    let r = y.import(MEMBER, &public, &whole, None);
    assert_eq!(
        r.stdout, "{\"imported\":2,\"skipped\":0,\"rejected\":0}\n",
        "{}",
        r.stderr
    );
    let verify = y.run(true, None, &["audit", "verify"]);
    assert!(verify.ok, "{}", verify.stderr);
});
