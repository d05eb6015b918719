//! `yijian serve` refuses a trusted proxy it cannot read, from the flag or from
//! `YIJIAN_TRUSTED_PROXIES`, before opening the database or listening.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run `yijian serve` with these arguments and environment; its exit code and stderr. A
/// server that starts is killed after a few seconds (the test then fails on its status).
fn serve(db: &str, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yijian"))
        .args(["--db", db, "serve", "--bind", "127.0.0.1:0"])
        .args(args)
        .env_remove("YIJIAN_TRUSTED_PROXIES")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yijian");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_bad_trusted_proxy_stops_the_server_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db").to_string_lossy().into_owned();
    let refused = |args: &[&str], env: &[(&str, &str)], named: &str| {
        let (code, stderr) = serve(&db, args, env);
        assert_eq!(code, Some(1), "{args:?} {env:?}: {stderr}");
        assert!(
            stderr.contains(&format!("{named:?}")) && stderr.contains("trusted proxy"),
            "{stderr}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        assert!(
            !std::path::Path::new(&db).exists(),
            "no database was created"
        );
    };
    let flag = "--trusted-proxy";
    refused(&[flag, "10.0.0.0/8", flag, "nginx"], &[], "nginx");
    refused(&[flag, "192.0.2.1/40"], &[], "192.0.2.1/40");
    let env = [("YIJIAN_TRUSTED_PROXIES", "127.0.0.1, ::1, lb.local")];
    refused(&[], &env, "lb.local");
}
