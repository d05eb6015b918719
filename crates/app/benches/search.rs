//! Search at scale: a fresh database, `YIJIAN_SEARCH_N` generated public comments (default
//! 100,000; the target is stated for 1,000,000) of 50–400 characters of policy vocabulary
//! (`yijian-text`'s `benches/common/corpus.rs`), put into `public_comment` by direct bulk
//! inserts (the import's own speed is not measured here), then:
//!
//! - indexing (`App::index_pending`): seconds and characters per second;
//! - 200 searches of one to three common words (`App::search`, 20 hits with excerpts), and
//!   200 more with a region filter: p50, p99, max;
//! - the peak resident memory of this process (VmHWM).
//!
//! On SQLite always; on PostgreSQL too when `YIJIAN_TEST_PG_URL` is set (a fresh database
//! is made there and dropped afterwards; the server's memory is not this process's).
//! Targets (issue 7): 1,000,000 comments on SQLite, 2 cores: import + index ≤ 120 s (index
//! ≤ 60 s of it), p50 < 20 ms, p99 < 100 ms, peak memory < 2 GiB.
//!
//! `cargo bench -p yijian-app --bench search` (release build). `YIJIAN_SEARCH_BACKENDS=sqlite`
//! or `=postgres` runs one only; `YIJIAN_SEARCH_DB=PATH` keeps the SQLite file at PATH, and
//! when PATH exists already only the queries are run over it (the peak memory is the process's, so run them apart to read
//! each one's).

#[path = "../../text/benches/common/corpus.rs"]
mod corpus;

mod common;

use std::time::Instant as Clock;

use common::{cpu_seconds, peak_rss_mib as vm_hwm_mib, percentiles};

use yijian_app::{App, Ctx, SearchQuery};
use yijian_core::ids::*;
use yijian_core::time::Instant;

use yijian_corpus::vocab::REGIONS;

const T0: Instant = Instant(1_790_000_000_000);
const DAY: i64 = 86_400_000;
const INSERT_ROWS: usize = 5_000;

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The shared bench world (the demo draft released, a public consultation on it) and the
/// draft's paragraphs.
async fn world(app: &App) -> (Ctx, ConsultationId, Vec<ParagraphId>) {
    let w = common::world(app, T0.0).await;
    let (_, blocks) = app.version(w.version).await.unwrap();
    let paragraphs = blocks.iter().map(|b| b.paragraph).collect();
    (Ctx::new(w.leader, T0), w.consultation, paragraphs)
}

/// Bulk-insert `n` generated comments; their characters.
async fn fill(app: &App, c: ConsultationId, paragraphs: &[ParagraphId], n: usize) -> usize {
    let mut rng = corpus::Rng::new(42);
    let mut chars = 0;
    let mut id = 0;
    while id < n {
        let rows = INSERT_ROWS.min(n - id);
        let mut sql = String::from(
            "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, author, \
             region, paragraph, submitted_at, received_at, channel) VALUES ",
        );
        for k in 0..rows {
            id += 1;
            let text = corpus::comment(&mut rng);
            chars += text.chars().count();
            let paragraph = match rng.below(3) {
                0 => "NULL".to_string(),
                _ => paragraphs[rng.below(paragraphs.len())].0.to_string(),
            };
            let region = REGIONS[rng.below(REGIONS.len())];
            let at = T0.0 + (id as i64) * (30 * DAY / n as i64);
            if k > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!(
                "({id}, {}, {}, {}, {}, NULL, {}, {paragraph}, {at}, {at}, 'import')",
                c.0,
                quote(&format!("GEN-{id:07}")),
                quote(&text),
                quote(&yijian_core::audit::digest(text.as_bytes())),
                quote(region),
            ));
        }
        app.execute_raw(&sql).await.unwrap();
    }
    app.execute_raw(&format!(
        "UPDATE counters SET value = {n} WHERE name = 'public_comment'"
    ))
    .await
    .unwrap();
    chars
}

struct Stats {
    p50: f64,
    p99: f64,
    max: f64,
    mean_total: f64,
    ranked: usize,
    capped: usize,
}

async fn queries(app: &App, ctx: &Ctx, c: ConsultationId, texts: &[String], region: bool) -> Stats {
    let mut times = Vec::with_capacity(texts.len());
    let mut totals = 0usize;
    let mut ranked = 0;
    let mut capped = 0;
    for (i, text) in texts.iter().enumerate() {
        let q = SearchQuery {
            consultation: c,
            text: text.clone(),
            paragraph: None,
            region: region.then(|| REGIONS[i % REGIONS.len()].to_string()),
            from: None,
            to: None,
            campaign: None,
            theme: None,
            in_campaign: None,
            limit: 20,
            offset: 0,
        };
        let t = Clock::now();
        let r = app.search(ctx, &q).await.unwrap();
        times.push(t.elapsed());
        totals += r.total;
        ranked += usize::from(r.order == yijian_app::search::SearchOrder::Relevance);
        capped += usize::from(!r.exact);
    }
    let (p50, p99, max) = percentiles(&mut times);
    Stats {
        p50,
        p99,
        max,
        mean_total: totals as f64 / texts.len() as f64,
        ranked,
        capped,
    }
}

fn print_stats(label: &str, s: &Stats) {
    println!(
        "  {label:<22} p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  (mean matches {:.0}; \
         {} ranked, {} counts capped)",
        s.p50, s.p99, s.max, s.mean_total, s.ranked, s.capped
    );
}

async fn bench(label: &str, target: &str, n: usize) {
    println!("== {label}: {n} comments");
    let reuse = std::path::Path::new(target).exists();
    let app = App::open(target).await.unwrap();
    if reuse {
        // A database this bench filled before (YIJIAN_SEARCH_DB): the queries only.
        println!("  (reusing {target}: queries only)");
        let ctx = Ctx::new(PersonId(2), T0);
        run_queries(&app, &ctx, ConsultationId(1)).await;
        return;
    }
    let (ctx, c, paragraphs) = world(&app).await;
    let t = Clock::now();
    let chars = fill(&app, c, &paragraphs, n).await;
    println!(
        "  bulk insert            {:>7.1} s  ({chars} characters, {:.0} per comment; not a target)",
        t.elapsed().as_secs_f64(),
        chars as f64 / n as f64
    );
    let t = Clock::now();
    let cpu = cpu_seconds();
    let report = app.index_pending(&ctx, c).await.unwrap();
    let took = t.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    assert_eq!(report.indexed, n);
    println!(
        "  index                  {took:>7.1} s  ({:.2} M chars/s; CPU {cpu:.1} s of this process; \
         {} threads cutting; target for 1M: ≤ 60 s)",
        report.chars as f64 / took / 1e6,
        yijian_app::search::threads()
    );
    let t = Clock::now();
    let again = app.index_pending(&ctx, c).await.unwrap();
    println!(
        "  index again (nothing)  {:>7.1} s  ({} added)",
        t.elapsed().as_secs_f64(),
        again.indexed
    );
    run_queries(&app, &ctx, c).await;
    app.close().await;
}

async fn run_queries(app: &App, ctx: &Ctx, c: ConsultationId) {
    let mut rng = corpus::Rng::new(9);
    let texts = corpus::queries(&mut rng, 200);
    // One warm-up pass over the queries (the page cache), then the measured ones.
    let _ = queries(app, ctx, c, &texts, false).await;
    print_stats("200 queries", &queries(app, ctx, c, &texts, false).await);
    print_stats(
        "200 with region filter",
        &queries(app, ctx, c, &texts, true).await,
    );
    println!("  peak RSS (VmHWM)       {:>7.0} MiB", vm_hwm_mib());
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::var("YIJIAN_SEARCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let backends = std::env::var("YIJIAN_SEARCH_BACKENDS").unwrap_or("sqlite,postgres".into());
    if backends.contains("sqlite") {
        // YIJIAN_SEARCH_DB: a path for the SQLite file, kept afterwards (it must not exist).
        let db = yijian_store::testing::sqlite();
        let target = std::env::var("YIJIAN_SEARCH_DB").unwrap_or(db.target.clone());
        bench("SQLite", &target, n).await;
        if let Ok(meta) = std::fs::metadata(&target) {
            println!(
                "  database file          {:>7.0} MiB",
                meta.len() as f64 / 1048576.0
            );
        }
    }
    if backends.contains("postgres") {
        if let Some(pg) = yijian_store::testing::postgres("search bench").await {
            bench("PostgreSQL", &pg.target, n).await;
        }
    }
}
