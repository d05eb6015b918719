//! `yijian corpus` as a user runs it: the files parse, ids are unique, lengths are in range, the
//! truth names the same comments, and the same arguments give the same files.

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::Value;

fn run(dir: &std::path::Path, extra: &[&str]) -> (String, String) {
    let out = dir.join("comments.jsonl");
    let truth = dir.join("truth.jsonl");
    let o = Command::new(env!("CARGO_BIN_EXE_yijian"))
        .args(["corpus", "--count", "400", "--seed", "5", "--json", "--out"])
        .arg(&out)
        .arg("--truth")
        .arg(&truth)
        .args(extra)
        .output()
        .expect("run yijian");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: Value = serde_json::from_slice(&o.stdout).expect("summary JSON");
    assert_eq!(summary["comments"], 400);
    (
        std::fs::read_to_string(out).expect("comments"),
        std::fs::read_to_string(truth).expect("truth"),
    )
}

#[test]
fn corpus_files_parse_and_agree() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (comments, truth) = run(dir.path(), &[]);
    let comments: Vec<Value> = comments
        .lines()
        .map(|l| serde_json::from_str(l).expect("comment line"))
        .collect();
    let truth: Vec<Value> = truth
        .lines()
        .map(|l| serde_json::from_str(l).expect("truth line"))
        .collect();
    assert_eq!(comments.len(), 400);
    assert_eq!(truth.len(), 400);
    let ids: HashSet<&str> = comments
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 400, "ids are unique");
    let mut per_campaign: HashMap<&str, usize> = HashMap::new();
    let mut last = String::new();
    for (c, t) in comments.iter().zip(&truth) {
        assert_eq!(c["id"], t["id"], "the truth follows the comments");
        let n = c["text"].as_str().expect("text").chars().count();
        assert!((50..=400).contains(&n), "{n} characters");
        assert!(!c["author"].as_str().expect("author").is_empty());
        assert!(c["region"]
            .as_str()
            .expect("region")
            .ends_with(['省', '市', '区']));
        if let Some(p) = c.get("paragraph") {
            assert!(p.as_u64().is_some_and(|p| p >= 1), "{p}");
        }
        let at = c["submitted_at"].as_str().expect("submitted_at");
        assert!(
            at.len() == 20 && at.ends_with('Z') && at.as_bytes()[10] == b'T',
            "{at}"
        );
        assert!(at >= last.as_str(), "in submission order");
        last = at.to_string();
        match &t["campaign"] {
            Value::Null => {}
            Value::String(k) => *per_campaign.entry(k.as_str()).or_default() += 1,
            other => panic!("campaign {other}"),
        }
    }
    let in_campaigns: usize = per_campaign.values().sum();
    assert_eq!(in_campaigns, 200, "half the comments by default");
    assert!(per_campaign.values().all(|&n| n >= 2), "{per_campaign:?}");
}

#[test]
fn the_same_arguments_give_the_same_files_and_bad_ones_are_refused() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    assert_eq!(run(a.path(), &[]), run(b.path(), &[]));
    let (_, truth) = run(a.path(), &["--campaign-share", "0"]);
    assert!(truth.lines().all(|l| l.contains("\"campaign\":null")));
    let o = Command::new(env!("CARGO_BIN_EXE_yijian"))
        .args([
            "corpus",
            "--count",
            "10",
            "--campaign-share",
            "2",
            "--out",
            "x.jsonl",
            "--truth",
            "y.jsonl",
        ])
        .current_dir(a.path())
        .output()
        .expect("run yijian");
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!a.path().join("x.jsonl").exists());
}
