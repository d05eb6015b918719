//! `yijian campaigns`, `yijian themes` and `yijian stats` as the real binary over the demo's
//! public consultation (SQLite; the use cases are tested on both backends in yijian-app):
//! the JSON shapes the issue names, counts that add up, who may run what.

use std::process::Command;

use serde_json::Value;

/// The demo's drafting-group member and a reviewer (see crates/app/demo/cast.json).
const MEMBER: &str = "张国栋";
const REVIEWER: &str = "王若愚";

fn run(db: &str, who: Option<&str>, args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_yijian"));
    cmd.env_remove("YIJIAN_AS").env_remove("YIJIAN_DB");
    cmd.arg("--db").arg(db).arg("--json");
    if let Some(who) = who {
        cmd.arg("--as").arg(who);
    }
    let out = cmd.args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(db: &str, who: Option<&str>, args: &[&str]) -> Value {
    let (ok, out, err) = run(db, who, args);
    assert!(ok, "yijian {args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn campaigns_themes_and_figures_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("y.db");
    let db = db.to_str().unwrap();
    let demo = ok(db, None, &["demo"]);
    let public = demo["ids"]["public_consultation"].to_string();

    // A reviewer reads, but does not run a detection.
    let (refused, _, err) = run(
        db,
        Some(REVIEWER),
        &["campaigns", "--consultation", &public],
    );
    assert!(!refused && err.contains("may not"), "{err}");

    let found = ok(db, Some(MEMBER), &["campaigns", "--consultation", &public]);
    let groups = found["groups"].as_array().expect("groups");
    let stats = ok(db, Some(REVIEWER), &["stats", "--consultation", &public]);
    let total = stats["comments"].as_i64().unwrap();
    assert!(total > 0);
    let mut in_groups = 0;
    for g in groups {
        let size = g["size"].as_i64().unwrap();
        assert!(size >= 2, "every group has two or more: {g}");
        assert_eq!(g["members"].as_array().unwrap().len() as i64, size);
        assert!(!g["representative"].as_str().unwrap().is_empty());
        assert!(g["id"].is_i64());
        in_groups += size;
    }
    assert_eq!(stats["in_campaigns"].as_i64().unwrap(), in_groups);
    assert_eq!(found["in_campaigns"].as_i64().unwrap(), in_groups);
    // Listing the current run again gives the same groups.
    let current = ok(
        db,
        Some(REVIEWER),
        &["campaigns", "--consultation", &public, "--current"],
    );
    assert_eq!(current["groups"], found["groups"]);

    let themes = ok(db, Some(MEMBER), &["themes", "--consultation", &public]);
    let sizes: i64 = themes["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["size"].as_i64().unwrap())
        .sum();
    assert_eq!(
        sizes, total,
        "every comment is in exactly one overall theme"
    );

    // An export of one view, and a bad view refused before anything runs.
    let out = dir.path().join("regions.csv");
    ok(
        db,
        Some(REVIEWER),
        &[
            "stats",
            "--consultation",
            &public,
            "--view",
            "region",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with('\u{feff}'), "{csv}");
    let (bad, _, _) = run(
        db,
        Some(REVIEWER),
        &[
            "stats",
            "--consultation",
            &public,
            "--view",
            "week",
            "-o",
            "x.csv",
        ],
    );
    assert!(!bad);
}
