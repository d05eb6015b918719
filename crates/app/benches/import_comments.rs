//! Benchmark of the bulk import of public comments: N generated comments of 50–400 Chinese
//! characters written to a JSONL file, imported into a fresh SQLite file — and into a fresh
//! PostgreSQL database when `YIJIAN_PG_URL` (or `YIJIAN_TEST_PG_URL`) names a server whose
//! role may create databases.
//!
//! ```text
//! cargo bench -p yijian-app --bench import_comments                 # N = 100,000
//! YIJIAN_IMPORT_N=1000000 cargo bench -p yijian-app --bench import_comments
//! ```
//!
//! Target (issue 7): 1,000,000 comments on SQLite, 2 cores, the import alone in ≤ 60 s (the
//! search index shares the 120 s budget), peak memory < 2 GiB. Prints the time, rows/s and
//! the peak RSS (`VmHWM`, reset before each run through `/proc/self/clear_refs`). The files
//! go to `YIJIAN_BENCH_DIR` (default: the system's temporary directory) and are removed.
//! `YIJIAN_IMPORT_FORMAT=csv|xlsx` writes the same comments as CSV or as a workbook instead
//! (the workbook with shared strings, as Excel saves it; its writer holds the sheet in
//! memory, so keep N moderate).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant as Clock;

use common::{peak_rss_mib, reset_peak_rss};
use yijian_app::{App, CommentFile, Ctx};
use yijian_core::time::Instant;

mod common;

/// Paragraph numbers given to some comments (the demo draft has more).
const PARAGRAPHS: u64 = 40;
const NOW: i64 = 1_788_000_000_000;

/// xorshift64*: fixed seed, same corpus every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "建议",
    "基层",
    "治理",
    "社区",
    "服务",
    "群众",
    "加强",
    "完善",
    "养老",
    "医疗",
    "教育",
    "就业",
    "住房",
    "交通",
    "环境",
    "安全",
    "农村",
    "城市",
    "干部",
    "负担",
    "减轻",
    "制度",
    "机制",
    "保障",
    "落实",
    "政策",
    "资金",
    "投入",
    "数字化",
    "平台",
    "办事",
    "窗口",
    "老年人",
    "儿童",
    "残疾人",
    "志愿者",
    "物业",
    "业主",
    "网格员",
    "村民",
    "居民",
    "委员会",
    "协商",
    "民主",
    "监督",
    "公开",
    "透明",
    "考核",
    "形式主义",
    "文件",
    "会议",
    "报表",
    "检查",
    "希望",
    "能够",
    "进一步",
    "明确",
    "规定",
    "标准",
    "条款",
    "第三条",
    "表述",
    "修改为",
    "增加",
    "删除",
    "我们",
    "本地区",
    "实际情况",
    "经验",
    "做法",
    "推广",
    "试点",
    "问题",
];
const MARKS: &[&str] = &["，", "，", "，", "、", "；", "。"];
const REGIONS: &[&str] = &[
    "北京",
    "上海",
    "浙江",
    "广东",
    "四川",
    "河南",
    "甘肃",
    "黑龙江",
];

/// One comment of 50–400 characters.
fn comment(rng: &mut Rng, out: &mut String) {
    out.clear();
    let len = 50 + rng.below(351) as usize;
    let mut chars = 0;
    while chars < len - 1 {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        out.push_str(w);
        chars += w.chars().count();
        if rng.below(5) == 0 {
            let m = MARKS[rng.below(MARKS.len() as u64) as usize];
            out.push_str(m);
            chars += 1;
        }
    }
    while out.chars().count() > len - 1 {
        out.pop();
    }
    out.push('。');
}

/// One generated row: id, text, paragraph, region and author, submitted_at.
type Fields = (
    String,
    String,
    Option<u64>,
    Option<(&'static str, String)>,
    Option<String>,
);

fn rows(n: u64) -> impl Iterator<Item = Fields> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    (0..n).map(move |i| {
        comment(&mut rng, &mut text);
        let paragraph = (rng.below(3) == 0).then(|| 1 + rng.below(PARAGRAPHS));
        let who = (rng.below(2) == 0).then(|| {
            let r = REGIONS[rng.below(REGIONS.len() as u64) as usize];
            (r, format!("网友{}", rng.below(100_000)))
        });
        let at = (rng.below(2) == 0).then(|| {
            let day = 6 + rng.below(24);
            let (h, m) = (rng.below(24), rng.below(60));
            format!("2026-09-{day:02}T{h:02}:{m:02}:00+08:00")
        });
        (format!("c{i:08}"), text.clone(), paragraph, who, at)
    })
}

/// Write n comments in the format (jsonl, csv, xlsx); the file's size.
fn generate(path: &Path, n: u64, format: &str) -> u64 {
    let create = || BufWriter::with_capacity(1 << 20, File::create(path).expect("the corpus"));
    match format {
        "xlsx" => {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let sheet = wb.add_worksheet();
            let header = [
                "id",
                "text",
                "paragraph",
                "region",
                "author",
                "submitted_at",
            ];
            for (c, h) in header.iter().enumerate() {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            for (r, (id, text, p, who, at)) in rows(n).enumerate() {
                let r = r as u32 + 1;
                sheet.write_string(r, 0, id).unwrap();
                sheet.write_string(r, 1, text).unwrap();
                if let Some(p) = p {
                    sheet.write_number(r, 2, p as f64).unwrap();
                }
                if let Some((region, author)) = who {
                    sheet.write_string(r, 3, region).unwrap();
                    sheet.write_string(r, 4, author).unwrap();
                }
                if let Some(at) = at {
                    sheet.write_string(r, 5, at).unwrap();
                }
            }
            wb.save(path).unwrap();
        }
        "csv" => {
            let mut w = create();
            w.write_all(b"id,text,paragraph,region,author,submitted_at\n")
                .unwrap();
            for (id, text, p, who, at) in rows(n) {
                let (region, author) = who.unwrap_or_default();
                let p = p.map(|p| p.to_string()).unwrap_or_default();
                let at = at.unwrap_or_default();
                writeln!(w, "{id},{text},{p},{region},{author},{at}").unwrap();
            }
            w.flush().unwrap();
        }
        _ => {
            let mut w = create();
            for (id, text, p, who, at) in rows(n) {
                write!(w, "{{\"id\":\"{id}\",\"text\":\"{text}\"").unwrap();
                if let Some(p) = p {
                    write!(w, ",\"paragraph\":{p}").unwrap();
                }
                if let Some((region, author)) = who {
                    write!(w, ",\"region\":\"{region}\",\"author\":\"{author}\"").unwrap();
                }
                if let Some(at) = at {
                    write!(w, ",\"submitted_at\":\"{at}\"").unwrap();
                }
                w.write_all(b"}\n").unwrap();
            }
            w.flush().unwrap();
        }
    }
    std::fs::metadata(path).unwrap().len()
}

async fn run(label: &str, target: &str, corpus: &Path, n: u64, bytes: u64) {
    let name = corpus.file_name().unwrap().to_string_lossy().into_owned();
    let app = App::open(target).await.expect("open the database");
    let w = common::world(&app, NOW).await;
    let (member, c) = (w.member, w.consultation);
    let ctx = Ctx::new(member, Instant(NOW + 86_400_000));
    reset_peak_rss();
    let file = CommentFile::new(name, File::open(corpus).unwrap()).unwrap();
    let start = Clock::now();
    let report = app
        .import_comments(&ctx, c, file, &mut ())
        .await
        .expect("the import succeeds");
    let secs = start.elapsed().as_secs_f64();
    let peak = peak_rss_mib();
    assert_eq!(
        (report.imported, report.rejected),
        (n, 0),
        "{:?}",
        report.rejects.first()
    );
    assert_eq!(app.public_comment_count(c).await.unwrap(), n);
    app.close().await;
    println!(
        "{label:<10} {n:>9} comments ({:.0} MB): import {secs:7.2} s, {:>9.0} rows/s, {:6.1} MB/s, peak RSS {peak:7.1} MiB",
        bytes as f64 / 1e6,
        n as f64 / secs,
        bytes as f64 / 1e6 / secs,
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is ignored.
    let n: u64 = std::env::var("YIJIAN_IMPORT_N")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let base: PathBuf = std::env::var_os("YIJIAN_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join(format!("yijian-import-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let format = std::env::var("YIJIAN_IMPORT_FORMAT").unwrap_or_else(|_| "jsonl".into());
    let corpus = dir.join(format!("comments.{format}"));
    let t = Clock::now();
    let bytes = generate(&corpus, n, &format);
    reset_peak_rss();
    println!(
        "corpus: {n} comments, {:.0} MB, generated in {:.1} s ({})",
        bytes as f64 / 1e6,
        t.elapsed().as_secs_f64(),
        corpus.display()
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = dir.join("bench.db");
        run("SQLite", &db.to_string_lossy(), &corpus, n, bytes).await;
        let size: u64 = ["bench.db", "bench.db-wal"]
            .iter()
            .filter_map(|f| std::fs::metadata(dir.join(f)).ok())
            .map(|m| m.len())
            .sum();
        println!("           database file: {:.0} MB", size as f64 / 1e6);
        for f in ["bench.db", "bench.db-wal", "bench.db-shm"] {
            let _ = std::fs::remove_file(dir.join(f));
        }
        if let Ok(url) = std::env::var("YIJIAN_PG_URL") {
            std::env::set_var("YIJIAN_TEST_PG_URL", url);
        }
        if std::env::var("YIJIAN_TEST_PG_URL").is_ok() {
            let pg = yijian_store::testing::postgres("import_comments bench")
                .await
                .expect("the URL is set");
            run("PostgreSQL", &pg.target, &corpus, n, bytes).await;
        } else {
            println!("PostgreSQL: skipped (set YIJIAN_PG_URL to a server whose role may create databases)");
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}
