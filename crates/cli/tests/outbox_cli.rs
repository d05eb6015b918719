//! `yijian outbox` as an operator runs it: the listing leaves the code out; `--deliver`
//! sends the due message through the log sender (standard error) and marks it sent.

use std::process::Command;

use serde_json::Value;
use yijian_app::{App, Registration};
use yijian_core::rules::PublicLimits;
use yijian_core::time::Instant;

fn yijian(db: &str, args: &[&str]) -> (Value, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_yijian"))
        .args(["--db", db, "--json", "outbox"])
        .args(args)
        .output()
        .expect("run yijian");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        serde_json::from_slice(&o.stdout).expect("JSON"),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn outbox_lists_without_codes_and_delivers_through_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("o.db").to_string_lossy().into_owned();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let app = App::open(&db).await.unwrap();
        app.register_commenter(
            &Registration {
                address: "chen@example.cn".into(),
                display_name: "陈".into(),
                region: None,
            },
            "127.0.0.1",
            &PublicLimits::default(),
            Instant(1_000),
        )
        .await
        .unwrap();
        app.close().await;
    });
    let (listed, _) = yijian(&db, &[]);
    let m = &listed["messages"][0];
    assert_eq!(m["address"], "chen@example.cn");
    assert!(m["sent_at"].is_null());
    assert!(m.get("body").is_none(), "the listing never shows a code");
    assert!(listed["delivered"].is_null());
    let (delivered, log) = yijian(&db, &["--deliver"]);
    assert_eq!(delivered["delivered"]["sent"], 1);
    assert!(!delivered["messages"][0]["sent_at"].is_null());
    assert!(
        log.contains("chen@example.cn") && log.contains("验证码是"),
        "{log}"
    );
    let (again, _) = yijian(&db, &["--deliver"]);
    assert_eq!(again["delivered"]["sent"], 0, "sent once");
}
