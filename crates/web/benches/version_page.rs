//! Benchmark of the version page: a 300-paragraph draft with 10,000 items on it, rendered
//! server-side (`GET /versions/{id}`: the access check, the item counts per paragraph, the
//! heat map, the template), timed over loopback with a keep-alive connection.
//!
//! Target (issue 5): under 100 ms. `cargo bench -p yijian-web --bench version_page`.

mod common;

use std::time::{Duration, Instant};

use common::{ms, quantile, Conn};
use yijian_app::{App, Ctx, NewDossier, NewItem, OpenConsultation, ParagraphRef, PasswordCost};
use yijian_core::model::{BodyKind, Category, ConsultationKind, ItemKind, Respondent, Role};

const PASSWORD: &str = "bench-password-1";
const PARTS: usize = 10;
const PER_PART: usize = 30;
const BODIES: usize = 50;
const ITEMS: usize = 10_000;

fn now() -> yijian_core::time::Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis();
    yijian_core::time::Instant(ms as i64)
}

fn draft() -> String {
    let mut md = String::from("# 关于基准测试的决定（征求意见稿）\n\n");
    for p in 1..=PARTS {
        md.push_str(&format!("## 第{p}部分 基准测试第{p}部分\n\n"));
        for k in 1..=PER_PART {
            md.push_str(&format!(
                "第{p}部分第{k}段：坚持稳中求进工作总基调，完整、准确、全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展，统筹发展和安全，保持经济持续健康发展和社会大局稳定。\n\n"
            ));
        }
    }
    md
}

/// A dossier with the draft released, 50 consultee bodies in scope and 10,000 items.
async fn build(app: &App) -> yijian_core::ids::VersionId {
    let t = now();
    let admin = app.init("管理员", t).await.unwrap();
    let a = Ctx::new(admin, t);
    let dossier = app
        .create_dossier(
            &a,
            &NewDossier {
                title: "基准测试文稿".into(),
                purpose: "测试".into(),
                requirements: "测试".into(),
                topic_decided_on: None,
                leading_body: None,
                drafting_group: None,
            },
        )
        .await
        .unwrap();
    let leader = app.add_person(&a, "组长", None).await.unwrap();
    app.assign_role(&a, Some(dossier), leader, Role::Leader)
        .await
        .unwrap();
    let account = app.create_account(&a, leader, "leader").await.unwrap();
    app.set_password(&a, account, PASSWORD, PasswordCost::FAST_FOR_TESTS)
        .await
        .unwrap();
    let l = Ctx::new(leader, t);
    let version = app
        .import_version(
            &l,
            dossier,
            "征求意见稿",
            "draft.md",
            draft().as_bytes(),
            None,
        )
        .await
        .unwrap();
    app.release_version(&l, version).await.unwrap();
    let mut contacts = Vec::new();
    let mut scope = Vec::new();
    for b in 0..BODIES {
        let body = app
            .add_body(
                &a,
                &format!("基准单位{b}"),
                BodyKind::Consultee,
                Some(Category::Region),
            )
            .await
            .unwrap();
        let person = app
            .add_person(&a, &format!("联络员{b}"), Some(body))
            .await
            .unwrap();
        app.assign_role(&a, Some(dossier), person, Role::Contact)
            .await
            .unwrap();
        contacts.push(person);
        scope.push(Respondent::Body(body));
    }
    let consultation = app
        .open_consultation(
            &l,
            &OpenConsultation {
                dossier,
                kind: ConsultationKind::Draft,
                title: "基准测试征求意见".into(),
                version: Some(version),
                question: None,
                opens_at: t,
                closes_at: t.plus_days(30),
                scope,
            },
        )
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for (b, person) in contacts.into_iter().enumerate() {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            for k in 0..ITEMS / BODIES {
                let n = ((b * 7919 + k * 104_729) % (PARTS * PER_PART)) as u32 + 1;
                let item = NewItem {
                    kind: ItemKind::Suggestion,
                    text: format!("单位{b}第{k}条意见：建议第{n}段写得更具体。"),
                    paragraph: Some(ParagraphRef::Number(n)),
                    span: None,
                };
                app.add_item(&Ctx::new(person, now()), consultation, &item)
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    version
}

fn main() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("bench.db").to_string_lossy().into_owned();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let setup = Instant::now();
    let (app, version) = rt.block_on(async {
        let app = App::open(&db).await.unwrap();
        let version = build(&app).await;
        (app, version)
    });
    println!(
        "set-up: {} paragraphs, {ITEMS} items in {:.1} s",
        PARTS * PER_PART,
        setup.elapsed().as_secs_f64()
    );
    let mut config = yijian_web::Config::for_bind("127.0.0.1:0".parse().unwrap());
    config.password_cost = PasswordCost::FAST_FOR_TESTS;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        yijian_web::serve(listener, app, config, std::future::pending())
            .await
            .unwrap();
    });
    let times = rt.block_on(async {
        let mut conn = Conn::open(addr).await;
        conn.login("leader", PASSWORD).await;
        let path = format!("/versions/{version}");
        let mut times = Vec::new();
        for round in 0..33 {
            let t = Instant::now();
            let r = conn.request("GET", &path, None).await;
            let took = t.elapsed();
            assert_eq!(r.status, 200);
            let html = String::from_utf8_lossy(&r.body);
            assert_eq!(
                html.matches("class=\"para heat").count(),
                PARTS * PER_PART,
                "every paragraph is on the page"
            );
            if round >= 3 {
                times.push(took);
            }
        }
        times
    });
    let mut times: Vec<Duration> = times;
    times.sort();
    let median = quantile(&times, 0.5);
    println!(
        "version page ({} paragraphs, {ITEMS} items): median {} p95 {} max {} over {} requests; target < 100 ms {}",
        PARTS * PER_PART,
        ms(median),
        ms(quantile(&times, 0.95)),
        ms(quantile(&times, 1.0)),
        times.len(),
        if quantile(&times, 0.95) < Duration::from_millis(100) { "met" } else { "NOT met" }
    );
}
