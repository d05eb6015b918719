//! Load benchmark of response submission: 100 concurrent clients (one keep-alive connection
//! and one session each) add items to the demo's live consultation over loopback, on SQLite
//! (WAL, synchronous=FULL: every acknowledged item is on disk). Then every acknowledged item
//! is looked up in the database: none may be missing.
//!
//! Targets (issue 5): at least 1,000 submissions per second, 0 lost, p99 under 200 ms.
//!
//! `cargo bench -p yijian-web --bench submissions` (YIJIAN_BENCH_CLIENTS, YIJIAN_BENCH_SECONDS
//! change the defaults of 100 clients for 10 seconds). Exits non-zero if anything was lost.

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{encode_form, ms, quantile, Conn};
use yijian_app::{App, PasswordCost};

const PASSWORD: &str = "bench-password-1";

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn now() -> yijian_core::time::Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    yijian_core::time::Instant(ms as i64)
}

fn main() {
    let clients = env("YIJIAN_BENCH_CLIENTS", 100) as usize;
    let seconds = env("YIJIAN_BENCH_SECONDS", 10);
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("bench.db").to_string_lossy().into_owned();
    let server_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (app, demo) = server_rt.block_on(async {
        let app = App::open(&db).await.unwrap();
        let demo =
            yijian_web::demo::load(&app, Some(PASSWORD), PasswordCost::FAST_FOR_TESTS, now())
                .await
                .unwrap();
        (app, demo)
    });
    let mut config = yijian_web::Config::for_bind("127.0.0.1:0".parse().unwrap());
    config.password_cost = PasswordCost::FAST_FOR_TESTS;
    config.login_attempts_per_minute = 100_000;
    config.submissions_per_minute = u32::MAX;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let served = app.clone();
    server_rt.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        yijian_web::serve(listener, served, config, std::future::pending())
            .await
            .unwrap();
    });
    let live = demo.live_consultation;
    let path = format!("/consultations/{live}/items");
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let deadline = Arc::new(std::sync::OnceLock::<Instant>::new());
    let results = client_rt.block_on(async {
        let mut conns = Vec::new();
        for _ in 0..clients {
            let mut c = Conn::open(addr).await;
            let csrf = c.login("consultee", PASSWORD).await;
            conns.push((c, csrf));
        }
        let started = Instant::now();
        deadline
            .set(started + Duration::from_secs(seconds))
            .unwrap();
        let mut tasks = Vec::new();
        for (k, (mut conn, csrf)) in conns.into_iter().enumerate() {
            let (path, deadline) = (path.clone(), deadline.clone());
            tasks.push(tokio::spawn(async move {
                let (mut acked, mut latencies, mut refused) = (Vec::new(), Vec::new(), 0usize);
                let mut n = 0;
                while Instant::now() < *deadline.get().unwrap() {
                    let text = format!("负载测试 c{k} n{n}");
                    n += 1;
                    let form = encode_form(&[
                        ("csrf", &csrf),
                        ("kind", "opinion"),
                        ("paragraph", ""),
                        ("text", &text),
                    ]);
                    let t = Instant::now();
                    let r = conn.request("POST", &path, Some(&form)).await;
                    latencies.push(t.elapsed());
                    if r.status == 303 {
                        acked.push(text);
                    } else {
                        refused += 1;
                    }
                }
                (acked, latencies, refused)
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.unwrap());
        }
        (all, started.elapsed())
    });
    let (per_client, elapsed) = results;
    let mut acked = Vec::new();
    let mut latencies = Vec::new();
    let mut refused = 0;
    for (a, l, r) in per_client {
        acked.extend(a);
        latencies.extend(l);
        refused += r;
    }
    latencies.sort();
    let consultee = demo.dossier.people["r02-contact"];
    let stored: HashSet<String> = server_rt.block_on(async {
        let own = app
            .own_response(consultee, live, now())
            .await
            .unwrap()
            .unwrap();
        own.items.into_iter().map(|i| i.text).collect()
    });
    let lost = acked.iter().filter(|t| !stored.contains(*t)).count();
    let rate = acked.len() as f64 / elapsed.as_secs_f64();
    println!(
        "submissions: {clients} clients, {:.1} s: {} acknowledged ({rate:.0}/s), {refused} refused, {lost} lost; latency p50 {} p99 {} max {}",
        elapsed.as_secs_f64(),
        acked.len(),
        ms(quantile(&latencies, 0.5)),
        ms(quantile(&latencies, 0.99)),
        ms(quantile(&latencies, 1.0)),
    );
    println!(
        "targets: ≥ 1000/s {}; 0 lost {}; p99 < 200 ms {}",
        if rate >= 1000.0 { "met" } else { "NOT met" },
        if lost == 0 { "met" } else { "NOT met" },
        if quantile(&latencies, 0.99) < Duration::from_millis(200) {
            "met"
        } else {
            "NOT met"
        },
    );
    if lost > 0 || refused > 0 {
        std::process::exit(1);
    }
}
