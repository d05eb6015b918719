//! `yijian search` and `yijian index` as the real binary, on both backends: the JSON answer
//! with marked excerpts, filters, catching up with new comments, who may search, bad
//! queries as one-line errors.

use std::process::Command;

use serde_json::Value;
use yijian_store::{on_both_backends, Store};

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(db: &str, who: &str, json: bool, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yijian"));
    cmd.env_remove("YIJIAN_AS").env_remove("YIJIAN_DB");
    cmd.arg("--db").arg(db).arg("--as").arg(who);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.args(args).output().unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(db: &str, who: &str, args: &[&str]) -> Value {
    let r = run(db, who, true, args);
    assert!(r.ok, "yijian {args:?} failed: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn refused(db: &str, who: &str, args: &[&str], expected: &str) {
    let r = run(db, who, true, args);
    assert!(!r.ok, "yijian {args:?} should have failed: {}", r.stdout);
    let message = r.stderr.trim();
    assert_eq!(message.lines().count(), 1, "one line: {message}");
    assert!(
        message.to_lowercase().contains(&expected.to_lowercase()),
        "yijian {args:?}: expected {expected:?} in {message:?}"
    );
}

const COMMENTS: &[(&str, &str, &str)] = &[
    ("A-1", "建议加强养老服务体系建设。", "北京市"),
    ("A-2", "希望完善医疗保障制度。", "上海市"),
    ("A-3", "养老金应当每年调整，养老服务也要跟上。", "北京市"),
];

async fn comment(db: &str, id: i64, source: &str, text: &str, region: &str) {
    let store = Store::open(db).await.unwrap();
    store
        .execute_raw(&format!(
            "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, region,
               paragraph, submitted_at, received_at, channel)
             VALUES ({id}, 1, '{source}', '{text}', '', '{region}', NULL,
               1790000000000, 1790000000000, 'web')"
        ))
        .await
        .unwrap();
    store.close().await;
}

on_both_backends!(
    /// Search prints `{"total", "hits": [{"id", "source_id", "excerpt", …}]}`; the marks are
    /// character ranges of the excerpt; new comments are found without an explicit index.
    search_through_the_cli,
    |db: String| async move {
        let db = db.as_str();
        let init = Command::new(env!("CARGO_BIN_EXE_yijian"))
            .args(["--db", db, "init", "--admin", "管理员"])
            .output()
            .unwrap();
        assert!(init.status.success());
        let admin = "管理员";
        let body = ok(
            db,
            admin,
            &["body", "add", "--name", "东城市", "--kind", "consultee", "--category", "region"],
        )["id"]
            .to_string();
        let leader_id = ok(db, admin, &["person", "add", "--name", "组长"])["id"].to_string();
        let contact_id =
            ok(db, admin, &["person", "add", "--name", "东城联络员", "--body", &body])["id"]
                .to_string();
        ok(
            db,
            admin,
            &["dossier", "create", "--title", "关于改进社区服务的若干意见"],
        );
        for (who, role) in [(leader_id.as_str(), "leader"), (contact_id.as_str(), "contact")] {
            ok(
                db,
                admin,
                &["role", "assign", "--person", who, "--role", role, "--dossier", "1"],
            );
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("v1.md");
        std::fs::write(&file, "# 标题\n\n第一段：发展养老服务。\n\n第二段：完善医疗保障。\n")
            .unwrap();
        let leader = "组长";
        let v1 = ok(
            db,
            leader,
            &[
                "version",
                "import",
                "--dossier",
                "1",
                "--label",
                "征求意见稿",
                file.to_str().unwrap(),
            ],
        )["id"]
            .to_string();
        ok(db, leader, &["version", "release", &v1]);
        ok(
            db,
            leader,
            &[
                "consultation",
                "open",
                "--dossier",
                "1",
                "--kind",
                "public",
                "--title",
                "公开征求意见",
                "--version",
                &v1,
                "--opens",
                "2026-01-01",
                "--closes",
                "2099-12-31",
            ],
        );
        for (n, (source, text, region)) in COMMENTS.iter().enumerate() {
            comment(db, n as i64 + 1, source, text, region).await;
        }

        // Search indexes what is new first.
        let r = ok(db, leader, &["search", "--consultation", "1", "养老服务"]);
        assert_eq!(r["total"], 2, "{r}");
        assert_eq!(r["exact"], true);
        assert_eq!(r["unindexed"], 0);
        let hits = r["hits"].as_array().unwrap();
        let sources: Vec<&str> = hits.iter().map(|h| h["source_id"].as_str().unwrap()).collect();
        assert!(sources.contains(&"A-1") && sources.contains(&"A-3"), "{r}");
        let a3 = hits.iter().find(|h| h["source_id"] == "A-3").unwrap();
        assert_eq!(a3["kind"], "comment");
        assert_eq!(a3["id"], 3);
        assert_eq!(a3["region"], "北京市");
        let text: Vec<char> = a3["excerpt"]["text"].as_str().unwrap().chars().collect();
        let marks = a3["excerpt"]["marks"].as_array().unwrap();
        let marked: Vec<String> = marks
            .iter()
            .map(|m| {
                let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
                text[s as usize..e as usize].iter().collect()
            })
            .collect();
        assert_eq!(marked, vec!["养老服务"], "{a3}");

        // Filters and paging.
        let r = ok(
            db,
            leader,
            &["search", "--consultation", "1", "养老", "--region", "北京市", "--limit", "1"],
        );
        assert_eq!((r["total"].as_u64(), r["hits"].as_array().unwrap().len()), (Some(2), 1));
        let r = ok(
            db,
            leader,
            &["search", "--consultation", "1", "养老", "--to", "2026-01-01"],
        );
        assert_eq!(r["total"], 0);
        let r = ok(db, leader, &["search", "--consultation", "1", "保"]);
        assert_eq!(r["total"], 1, "one character, inside 保障: {r}");

        // A comment added later is found; `index` has nothing left to do.
        comment(db, 4, "A-4", "养老服务人员不足。", "广东省").await;
        let r = ok(db, leader, &["search", "--consultation", "1", "养老服务"]);
        assert_eq!(r["total"], 3);
        let r = ok(db, leader, &["index", "--consultation", "1"]);
        assert_eq!(r["indexed"], 0);
        let r = ok(db, leader, &["index", "--consultation", "1", "--rebuild"]);
        assert_eq!((r["indexed"].as_u64(), r["removed"].as_u64()), (Some(4), Some(4)));

        // The text output marks the words.
        let out = run(db, leader, false, &["search", "--consultation", "1", "医疗"]);
        assert!(out.ok, "{}", out.stderr);
        assert!(out.stdout.contains("【医疗】"), "{}", out.stdout);
        assert!(out.stdout.starts_with("1 matches"), "{}", out.stdout);

        // The analysis' filters: a campaign's members only, unique comments only.
        let letter = "建议提高养老服务补贴标准，扩大高龄津贴的发放范围，让更多老年人受益。";
        for (n, text) in [letter.to_string(), letter.replace('，', ","), format!("您好！{letter}")]
            .iter()
            .enumerate()
        {
            comment(db, 10 + n as i64, &format!("L-{n}"), text, "天津市").await;
        }
        let found = ok(db, leader, &["campaigns", "--consultation", "1"]);
        let campaign = found["groups"][0]["id"].to_string();
        let r = ok(
            db,
            leader,
            &["search", "--consultation", "1", "养老服务", "--campaign", &campaign],
        );
        assert_eq!(r["total"], 3, "{r}");
        assert!(r["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["source_id"].as_str().unwrap().starts_with("L-")));
        let r = ok(
            db,
            leader,
            &["search", "--consultation", "1", "养老服务", "--only", "unique"],
        );
        assert_eq!(r["total"], 3, "A-1, A-3, A-4: {r}");
        refused(
            db,
            leader,
            &["search", "--consultation", "1", "养老", "--theme", "999"],
            "does not exist",
        );

        // Who may not search, and bad queries: one line each.
        refused(
            db,
            "东城联络员",
            &["search", "--consultation", "1", "养老"],
            "does not exist",
        );
        refused(
            db,
            leader,
            &["search", "--consultation", "1", "，。"],
            "no word to look for",
        );
        refused(
            db,
            leader,
            &["search", "--consultation", "1", "养老", "--from", "2026-13-01"],
            "invalid date",
        );
        refused(
            db,
            leader,
            &["search", "--consultation", "9", "养老"],
            "does not exist",
        );
    }
);
