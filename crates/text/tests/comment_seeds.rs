//! The fuzz seeds of the comment readers (`fuzz/seeds/comments_*`), replayed as ordinary
//! tests: every reader ends without panicking, rows come in line order, and the seeds read
//! as they were written to.

use std::path::Path;

use yijian_text::comments::{CsvRows, JsonlRows, RowResult, XlsxRows};
use yijian_text::TextError;

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// (accepted, refused, file error) in line order.
fn drain(rows: impl Iterator<Item = Result<RowResult, TextError>>) -> (usize, usize, bool) {
    let (mut ok, mut bad, mut last) = (0, 0, 0);
    for next in rows {
        let Ok(row) = next else {
            return (ok, bad, true);
        };
        let line = match &row {
            Ok(r) => r.line,
            Err(e) => e.line,
        };
        assert!(line > last);
        last = line;
        match row {
            Ok(_) => ok += 1,
            Err(_) => bad += 1,
        }
    }
    (ok, bad, false)
}

#[test]
fn jsonl_seeds() {
    for (name, bytes) in seeds("comments_jsonl") {
        let got = drain(JsonlRows::new(&bytes[..]).unwrap());
        let want = match name.as_str() {
            "good.jsonl" => (5, 0, false),
            "gbk.jsonl" => (1, 0, false),
            "bad.jsonl" => (1, 5, false),
            _ => continue,
        };
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn csv_seeds() {
    for (name, bytes) in seeds("comments_csv") {
        let got = drain(CsvRows::new(&bytes[..]).unwrap());
        let want = match name.as_str() {
            "gbk.csv" => (1, 0, false),
            "quoted.csv" => (2, 2, false),
            _ => continue,
        };
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn xlsx_seeds() {
    for (name, bytes) in seeds("comments_xlsx") {
        let got = drain(XlsxRows::open(std::io::Cursor::new(bytes)).unwrap());
        assert_eq!(
            got,
            (1, 1, false),
            "{name}: a row, and one with a boolean paragraph"
        );
    }
}
