//! The report commands, run as the real binary on the demo dossier, each output read back
//! with a library (CSV rows, .xlsx cells, .docx text, HTML rows, PDF text) and its figures
//! compared with the record's (`yijian summary`). Bad input: a clear one-line error and no
//! file. With LibreOffice and poppler installed (required when `YIJIAN_REQUIRE_OFFICE=1`),
//! every .docx is also converted to PDF and PNG-like pages, which must not be blank.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

/// The demo dossier, built once for all tests of this file.
struct Demo {
    dir: tempfile::TempDir,
    db: String,
    summary: Value,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("demo.db").display().to_string();
        let out = yijian(&db, &["demo"]);
        assert!(out.ok, "demo: {}", out.stderr);
        let summary = yijian(&db, &["summary", "--dossier", "1"]);
        let summary = serde_json::from_str(&summary.stdout).unwrap();
        Demo { dir, db, summary }
    })
}

struct Run {
    ok: bool,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn yijian(db: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_yijian"))
        .env_remove("YIJIAN_AS")
        .env_remove("YIJIAN_DB")
        .arg("--db")
        .arg(db)
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    Run {
        ok: out.status.success(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn figure(name: &str) -> i64 {
    demo().summary[name].as_i64().unwrap()
}

fn dispositions() -> BTreeMap<String, i64> {
    serde_json::from_value(demo().summary["dispositions"].clone()).unwrap()
}

/// Chinese names of the disposition codes, as the reports print them.
const DISPOSITION_ZH: [(&str, &str); 5] = [
    ("adopted", "采纳"),
    ("partly_adopted", "部分采纳"),
    ("not_adopted", "未采纳"),
    ("already_reflected", "已体现"),
    ("out_of_scope", "不属于文件范围"),
];

/// Run a report command writing `file` in a fresh directory; the file's path and the JSON.
fn report(file: &str, args: &[&str]) -> (PathBuf, Value, tempfile::TempDir) {
    let dir = tempfile::tempdir_in(demo().dir.path()).unwrap();
    let path = dir.path().join(file);
    let mut all: Vec<&str> = args.to_vec();
    let p = path.display().to_string();
    all.extend(["-o", &p]);
    let out = yijian(&demo().db, &all);
    assert!(out.ok, "yijian {all:?}: {}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["path"], p.as_str());
    assert_eq!(
        json["bytes"].as_u64().unwrap(),
        std::fs::metadata(&path).unwrap().len()
    );
    (path, json, dir)
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The text of a .docx part: every `w:t`, one line per paragraph, entities decoded.
fn docx_text(path: &Path, part: &str) -> String {
    let xml = zip_part(&std::fs::read(path).unwrap(), part);
    let mut out = String::new();
    for paragraph in xml.split("</w:p>") {
        let mut rest = paragraph;
        while let Some(start) = rest.find("<w:t") {
            let after = &rest[start..];
            let close = after.find('>').unwrap();
            let is_text = matches!(after.as_bytes().get(4), Some(b'>' | b' '));
            if !is_text || after[..close].ends_with('/') {
                rest = &after[close + 1..];
                continue;
            }
            let body = &after[close + 1..];
            let end = body.find("</w:t>").unwrap();
            out.push_str(&body[..end]);
            rest = &body[end..];
        }
        out.push('\n');
    }
    out.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Table rows in a .docx's body (the header row included).
fn docx_table_rows(path: &Path) -> usize {
    let xml = zip_part(&std::fs::read(path).unwrap(), "word/document.xml");
    xml.matches("<w:tr>").count() + xml.matches("<w:tr ").count()
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "a BOM for Excel");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    r.records().map(Result::unwrap).collect()
}

fn xlsx_rows(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(std::fs::read(path).unwrap())).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        other => format!("{other:?}"),
    }
}

#[test]
fn handling_table_csv_has_every_item_with_the_record_dispositions() {
    let (path, json, _dir) = report(
        "handling.csv",
        &["report", "handling", "--dossier", "1", "--format", "csv"],
    );
    let rows = csv_rows(&path);
    assert_eq!(rows.len() as i64, figure("items"));
    assert_eq!(json["rows"].as_i64(), Some(figure("items")));
    for (code, zh) in DISPOSITION_ZH {
        let n = rows.iter().filter(|r| &r[8] == zh).count() as i64;
        assert_eq!(n, dispositions()[code], "{code}");
    }
    let linked = rows.iter().filter(|r| !r[10].is_empty()).count() as i64;
    assert_eq!(linked, figure("items_covered"));

    let (path, _, _dir) = report(
        "adopted.csv",
        &[
            "report",
            "handling",
            "--dossier",
            "1",
            "--format",
            "csv",
            "--disposition",
            "adopted",
        ],
    );
    assert_eq!(csv_rows(&path).len() as i64, dispositions()["adopted"]);
    let (path, _, _dir) = report(
        "regions.csv",
        &[
            "report",
            "handling",
            "--dossier",
            "1",
            "--format",
            "csv",
            "--category",
            "region",
            "--consultation",
            "2",
        ],
    );
    let regions = csv_rows(&path);
    assert!(!regions.is_empty());
    assert!(regions.iter().all(|r| &r[5] == "地区"));
    assert!(regions.iter().all(|r| &r[2] == "《征求意见稿》征求意见"));
}

#[test]
fn handling_table_xlsx_and_docx_read_back() {
    let (path, _, _dir) = report(
        "handling.xlsx",
        &["report", "handling", "--dossier", "1", "--format", "xlsx"],
    );
    let rows = xlsx_rows(&path, "意见处理情况表");
    assert_eq!(rows.len() as i64 - 1, figure("items"));
    assert_eq!(cell(&rows[0][8]), "处理情况");
    for (code, zh) in DISPOSITION_ZH {
        let n = rows.iter().filter(|r| cell(&r[8]) == zh).count() as i64;
        assert_eq!(n, dispositions()[code], "{code}");
    }
    let (path, _, _dir) = report(
        "handling.docx",
        &["report", "handling", "--dossier", "1", "--format", "docx"],
    );
    assert_eq!(docx_table_rows(&path) as i64 - 1, figure("items"));
    let text = docx_text(&path, "word/document.xml");
    assert!(text.contains("意见处理情况表"));
    office_pages_not_blank(&path);
}

#[test]
fn comparison_table_has_one_row_per_recorded_modification() {
    let n = figure("modifications");
    let (path, json, _dir) = report(
        "comparison.xlsx",
        &[
            "report",
            "comparison",
            "--from",
            "1",
            "--to",
            "2",
            "--format",
            "xlsx",
        ],
    );
    assert_eq!(json["rows"].as_i64(), Some(n));
    let rows = xlsx_rows(&path, "修改对照表");
    assert_eq!(rows.len() as i64 - 1, n);
    let with_items = rows[1..].iter().filter(|r| !cell(&r[5]).is_empty()).count();
    assert!(with_items > 0);

    let (path, _, _dir) = report(
        "comparison.html",
        &[
            "report",
            "comparison",
            "--from",
            "1",
            "--to",
            "2",
            "--format",
            "html",
        ],
    );
    let html = std::fs::read_to_string(&path).unwrap();
    assert_eq!(html.matches("<tr><td>").count() as i64, n);
    assert!(
        html.contains(&format!("共修改{n}处")),
        "the count in the title"
    );
    assert!(html.contains("<mark>"), "changes are marked");

    let (path, _, _dir) = report(
        "comparison.docx",
        &[
            "report",
            "comparison",
            "--from",
            "1",
            "--to",
            "2",
            "--format",
            "docx",
        ],
    );
    assert_eq!(docx_table_rows(&path) as i64 - 1, n);
    assert!(docx_text(&path, "word/document.xml").contains(&format!("共修改{n}处")));
    office_pages_not_blank(&path);
}

/// The figures the explanation must state, as the zh-CN template words them.
fn explanation_figures() -> Vec<String> {
    let mut out = vec![
        format!("共修改{}处", figure("modifications")),
        format!("意见和建议{}条", figure("items")),
        format!("吸收意见{}条", figure("items_covered")),
    ];
    for (code, zh) in DISPOSITION_ZH {
        // 采纳 is also the end of 部分采纳 and 未采纳: anchor on the separator before it.
        let sep = if code == "adopted" { "" } else { "，" };
        out.push(format!("{sep}{zh}{}条", dispositions()[code]));
    }
    let meetings: BTreeMap<String, i64> =
        serde_json::from_value(demo().summary["meetings"].clone()).unwrap();
    for (body, n) in meetings {
        out.push(format!("{body}先后召开{n}次会议"));
    }
    out
}

#[test]
fn explanation_states_the_record_figures_in_markdown_and_docx() {
    let (path, json, _dir) = report(
        "explanation.md",
        &["report", "explanation", "--dossier", "1", "--format", "md"],
    );
    assert_eq!(
        json["modifications"].as_i64(),
        Some(figure("modifications"))
    );
    let md = std::fs::read_to_string(&path).unwrap();
    for f in explanation_figures() {
        assert!(md.contains(&f), "{f:?} missing from\n{md}");
    }
    let (path, _, _dir) = report(
        "explanation.docx",
        &[
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "docx",
        ],
    );
    let text = docx_text(&path, "word/document.xml");
    for f in explanation_figures() {
        assert!(text.contains(&f), "{f:?} missing from the docx");
    }
    office_pages_not_blank(&path);

    let (path, _, _dir) = report(
        "explanation.en.md",
        &[
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "md",
            "--lang",
            "en",
        ],
    );
    let en = std::fs::read_to_string(&path).unwrap();
    assert!(en.contains(&format!("{} modifications", figure("modifications"))));
}

#[test]
fn an_edited_template_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.md");
    std::fs::write(
        &template,
        "# {{ title }}\n\n修改{{ revision.modifications }}处\n",
    )
    .unwrap();
    let t = template.display().to_string();
    let (path, _, _dir) = report(
        "edited.md",
        &[
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "md",
            "--template",
            &t,
        ],
    );
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(
        md.ends_with(&format!("修改{}处\n", figure("modifications"))),
        "{md}"
    );
}

#[test]
fn a_consultation_copy_is_numbered_for_its_recipient() {
    let (path, json, _dir) = report(
        "copy.docx",
        &[
            "export",
            "version",
            "1",
            "--format",
            "docx",
            "--copy-for",
            "西川省",
        ],
    );
    let number = json["copy"]["number"].as_u64().unwrap();
    assert_eq!(json["copy"]["recipient"], "西川省");
    let mark = format!("No. {number:04}");
    let body = docx_text(&path, "word/document.xml");
    assert!(body.contains(&mark) && body.contains("本件发送给：西川省"));
    let bytes = std::fs::read(&path).unwrap();
    let header = zip_part(&bytes, "word/header1.xml");
    assert!(
        header.contains(&mark) && header.contains("本件发送给：西川省"),
        "{header}"
    );
    let document = zip_part(&bytes, "word/document.xml");
    // GB/T 9704: A4, margins 37/35/28/26 mm in twips; body 三号 (32 half-points).
    for needle in [
        "w:w=\"11906\"",
        "w:h=\"16838\"",
        "w:top=\"2098\"",
        "w:bottom=\"1984\"",
        "w:left=\"1587\"",
        "w:right=\"1474\"",
        "w:val=\"32\"",
        "仿宋_GB2312",
        "方正小标宋简体",
    ] {
        assert!(document.contains(needle), "{needle} missing");
    }
    office_pages_not_blank(&path);

    let (again, _, _dir2) = report(
        "copy-again.docx",
        &[
            "export",
            "version",
            "1",
            "--format",
            "md",
            "--copy-for",
            "西川省",
        ],
    );
    let md = std::fs::read_to_string(&again).unwrap();
    assert!(
        md.starts_with(&format!("{mark}\n\n本件发送给：西川省\n\n# ")),
        "{md}"
    );
    let (plain, json, _dir3) = report("v2.md", &["export", "version", "2", "--format", "md"]);
    assert!(json["copy"].is_null());
    assert!(std::fs::read_to_string(&plain).unwrap().starts_with("# "));
}

/// A command that must fail with one line naming `expected`, creating no file and leaving an
/// existing one as it was.
fn refused(args: &[&str], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    for existing in [false, true] {
        let path = dir
            .path()
            .join(if existing { "kept.out" } else { "new.out" });
        if existing {
            std::fs::write(&path, "earlier").unwrap();
        }
        let p = path.display().to_string();
        let mut all = args.to_vec();
        if !args.contains(&"-o") {
            all.extend(["-o", &p]);
        }
        let out = yijian(&demo().db, &all);
        assert_eq!(out.code, Some(1), "yijian {all:?}: {}", out.stdout);
        let message = out.stderr.trim();
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        assert!(
            message.starts_with("error: ") && message.contains(expected),
            "yijian {all:?}: expected {expected:?} in {message:?}"
        );
        if existing {
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "earlier");
        } else {
            assert!(!path.exists(), "a file was written");
        }
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(
            left.len(),
            usize::from(existing),
            "no temporary file is left"
        );
    }
}

#[test]
fn bad_input_is_a_clear_error_and_writes_no_file() {
    refused(
        &[
            "report",
            "explanation",
            "--dossier",
            "42",
            "--format",
            "docx",
        ],
        "dossier 42",
    );
    refused(
        &["report", "handling", "--dossier", "42", "--format", "csv"],
        "dossier 42",
    );
    refused(
        &[
            "report",
            "comparison",
            "--from",
            "1",
            "--to",
            "77",
            "--format",
            "html",
        ],
        "version 77",
    );
    refused(
        &["export", "version", "77", "--format", "docx"],
        "version 77",
    );
    refused(
        &[
            "export",
            "version",
            "2",
            "--format",
            "docx",
            "--copy-for",
            "西川省",
        ],
        "not sent for consultation",
    );
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("bad.md");
    std::fs::write(
        &template,
        "# {{ title }}\n共修改{{ modification_total }}处\n",
    )
    .unwrap();
    let t = template.display().to_string();
    refused(
        &[
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "md",
            "--template",
            &t,
        ],
        "modification_total",
    );
    std::fs::write(
        &template,
        "{% for g in groups %}{{ g.common_veiw }}{% endfor %}\n",
    )
    .unwrap();
    refused(
        &[
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "md",
            "--template",
            &t,
        ],
        "common_veiw",
    );
    // Unwritable: the directory does not exist; a path under a regular file.
    let missing = dir.path().join("no-such-dir").join("h.csv");
    let m = missing.display().to_string();
    refused(
        &[
            "report",
            "handling",
            "--dossier",
            "1",
            "--format",
            "csv",
            "-o",
            &m,
        ],
        "does not exist",
    );
    assert!(!missing.exists());
    let under_file = template.join("h.csv");
    let u = under_file.display().to_string();
    refused(
        &[
            "report",
            "handling",
            "--dossier",
            "1",
            "--format",
            "csv",
            "-o",
            &u,
        ],
        "cannot write",
    );
}

// ------------------------------------------------------------------ office (PDF, pages)

/// The office programs, or None (printing why) when they are missing and not required.
fn office() -> Option<PathBuf> {
    let on_path = |name: &str| {
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    };
    let soffice = std::env::var_os("YIJIAN_SOFFICE")
        .map(PathBuf::from)
        .or_else(|| on_path("soffice"))
        .or_else(|| on_path("libreoffice"));
    let poppler = ["pdftoppm", "pdftotext", "pdffonts"]
        .iter()
        .all(|p| on_path(p).is_some());
    match (soffice, poppler) {
        (Some(s), true) => Some(s),
        _ if std::env::var("YIJIAN_REQUIRE_OFFICE").as_deref() == Ok("1") => panic!(
            "YIJIAN_REQUIRE_OFFICE=1 but LibreOffice (soffice) or poppler-utils (pdftoppm, pdftotext, pdffonts) is missing"
        ),
        _ => {
            eprintln!("skipped: LibreOffice or poppler-utils not installed (set YIJIAN_REQUIRE_OFFICE=1 to require them)");
            None
        }
    }
}

/// Dark pixels on each page of a PDF rendered at 50 dpi in grey.
fn dark_pixels_per_page(pdf: &Path) -> Vec<usize> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    let ok = Command::new("pdftoppm")
        .args(["-r", "50", "-gray"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap()
        .success();
    assert!(ok, "pdftoppm failed on {}", pdf.display());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    keep_png_pages(pdf, pages.len());
    pages
        .iter()
        .map(|p| dark_pixels(&std::fs::read(p).unwrap()))
        .collect()
}

/// The pages as PNG, kept as artifacts in `target/tmp/report-pages/` (CI keeps them).
fn keep_png_pages(pdf: &Path, expected: usize) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-pages");
    std::fs::create_dir_all(&dir).unwrap();
    let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
    let ok = Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(pdf)
        .arg(dir.join(&stem))
        .status()
        .unwrap()
        .success();
    assert!(ok, "pdftoppm -png failed on {}", pdf.display());
    let pngs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("{stem}-"))
                && p.extension().is_some_and(|e| e == "png")
        })
        .collect();
    assert!(
        pngs.len() >= expected,
        "{} PNG pages of {stem} kept in {}",
        pngs.len(),
        dir.display()
    );
    for p in &pngs {
        let bytes = std::fs::read(p).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 1_000,
            "{} is a real page",
            p.display()
        );
    }
    eprintln!("report pages kept as PNG in {}", dir.display());
}

/// Count the pixels darker than mid-grey in a binary PGM (P5, 8-bit).
fn dark_pixels(pgm: &[u8]) -> usize {
    // Header: "P5", width, height, maxval, separated by whitespace, then one byte of space.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    pgm[at + 1..].iter().filter(|&&v| v < 128).count()
}

/// Convert a .docx with LibreOffice and check every page has ink.
fn office_pages_not_blank(docx: &Path) {
    let Some(soffice) = office() else { return };
    let dir = tempfile::tempdir().unwrap();
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("p").display()
    );
    let ok = Command::new(soffice)
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(docx)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "LibreOffice could not convert {}", docx.display());
    let pdf = dir
        .path()
        .join(docx.file_stem().unwrap())
        .with_extension("pdf");
    let pages = dark_pixels_per_page(&pdf);
    assert!(!pages.is_empty());
    for (n, dark) in pages.iter().enumerate() {
        assert!(
            *dark > 100,
            "page {} of {} is blank ({dark} dark pixels)",
            n + 1,
            docx.display()
        );
    }
}

#[test]
fn pdf_of_the_explanation_and_the_draft_hold_the_text() {
    if office().is_none() {
        return;
    }
    let (path, _, _dir) = report(
        "explanation.pdf",
        &["report", "explanation", "--dossier", "1", "--format", "pdf"],
    );
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for f in explanation_figures() {
        assert!(text.contains(&f), "{f:?} missing from the PDF text");
    }
    assert!(dark_pixels_per_page(&path).iter().all(|&d| d > 100));
    // The Chinese text is set in a CJK font (fonts-noto-cjk), not in boxes of a Latin one.
    let fonts = Command::new("pdffonts").arg(&path).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    assert!(fonts.contains("CJK"), "no CJK font embedded:\n{fonts}");
    let (path, _, _dir) = report(
        "copy.pdf",
        &[
            "export",
            "version",
            "1",
            "--format",
            "pdf",
            "--copy-for",
            "东海省",
        ],
    );
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("本件发送给：东海省"), "{text}");
}

#[test]
fn pdf_without_libreoffice_is_a_clear_error_and_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_yijian"))
        .env("PATH", dir.path())
        .env_remove("YIJIAN_SOFFICE")
        .arg("--db")
        .arg(&demo().db)
        .args([
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "pdf",
            "-o",
        ])
        .arg(&path)
        .output()
        .unwrap();
    let message = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        message.trim().lines().count() == 1 && message.contains("LibreOffice"),
        "{message}"
    );
    assert!(!path.exists());
}

#[test]
fn reports_change_nothing_in_the_record() {
    let head = || {
        let out = yijian(&demo().db, &["audit", "checkpoint"]);
        assert!(out.ok, "{}", out.stderr);
        out.stdout
    };
    let before = head();
    let _ = report(
        "h.csv",
        &["report", "handling", "--dossier", "1", "--format", "csv"],
    );
    let _ = report(
        "v.md",
        &[
            "export",
            "version",
            "1",
            "--format",
            "md",
            "--copy-for",
            "东海省",
        ],
    );
    assert_eq!(head(), before, "a report appended to the audit trail");
}

#[test]
fn a_part_summary_written_by_a_drafter_appears_in_the_framework() {
    // On a copy of the demo database, so the shared one stays unchanged for the other tests.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("copy.db");
    for suffix in ["", "-wal"] {
        let from = PathBuf::from(format!("{}{suffix}", demo().db));
        if from.exists() {
            std::fs::copy(&from, format!("{}{suffix}", db.display())).unwrap();
        }
    }
    let db = db.display().to_string();
    let done = yijian(
        &db,
        &[
            "--as",
            "林远舟",
            "version",
            "summarize",
            "2",
            "--part",
            "2",
            "--text",
            "第一部分阐明推进城乡基层治理现代化的重大意义和总体要求。",
        ],
    );
    assert!(done.ok, "{}", done.stderr);
    let out = dir.path().join("e.md");
    let o = out.display().to_string();
    let run = yijian(
        &db,
        &[
            "report",
            "explanation",
            "--dossier",
            "1",
            "--format",
            "md",
            "-o",
            &o,
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.contains("：第一部分阐明推进城乡基层治理现代化的重大意义和总体要求。"),
        "{md}"
    );
}
