//! `yijian import comments`: public comments from a JSONL, CSV or .xlsx file.
//!
//! Refused rows do not fail the command: they are counted, listed on stderr (the first
//! [`SHOWN_REJECTS`]) and, with `--rejects FILE`, written there as JSON lines — the line, a
//! stable code, the reason and the fields read (or the raw line), so that the file can be
//! corrected and imported again (those extra keys are ignored on import). The exit status is
//! non-zero only when the file itself cannot be imported or the import is refused. A
//! progress line is drawn on stderr when it is a terminal.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant as Clock};

use anyhow::Context;
use clap::Subcommand;
use serde_json::{json, Map, Value};
use yijian_app::{CommentFile, ImportObserver, Progress, RawRow, Reject};
use yijian_core::ids::ConsultationId;

use super::args::file_name;
use super::{run, Global, Out};

/// Refusals listed on stderr.
const SHOWN_REJECTS: usize = 20;
/// The names of a row's fields, in `RawRow::fields` order.
const FIELDS: [&str; 6] = [
    "id",
    "text",
    "author",
    "region",
    "paragraph",
    "submitted_at",
];

#[derive(Subcommand)]
pub enum ImportCmd {
    /// Import public comments (letters, other channels, another platform's export) into a
    /// public consultation. The file: .jsonl, .csv or .xlsx with the fields id, text and
    /// optionally author, region, paragraph (a number or a heading path such as
    /// 第三章/第十二条) and submitted_at. Importing a file again adds nothing.
    Comments {
        #[arg(long)]
        consultation: i64,
        /// Write the refused rows to this file (JSON lines: line, code, reason and the
        /// row's fields), to correct them and import it again.
        #[arg(long)]
        rejects: Option<PathBuf>,
        file: PathBuf,
    },
}

pub fn import(cmd: ImportCmd, g: &Global) -> anyhow::Result<()> {
    let ImportCmd::Comments {
        consultation,
        rejects,
        file,
    } = cmd;
    let input = File::open(&file).with_context(|| format!("cannot read {}", file.display()))?;
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let source = CommentFile::new(file_name(&file), input)?;
    let reject_file = rejects
        .as_ref()
        .map(|path| {
            File::create(path)
                .map(BufWriter::new)
                .with_context(|| format!("cannot write {}", path.display()))
        })
        .transpose()?;
    let json = g.json;
    run(g, async |s| {
        let ctx = s.ctx().await?;
        let mut observer = Observer {
            rejects: reject_file,
            write_error: None,
            shown: 0,
            list: !json,
            bar: std::io::stderr().is_terminal().then(|| Bar::new(size)),
        };
        let result = s
            .app
            .import_comments(&ctx, ConsultationId(consultation), source, &mut observer)
            .await;
        observer.finish()?;
        let report = result?;
        if !json && report.rejected as usize > observer.shown {
            eprintln!(
                "… {} more rejected rows{}",
                report.rejected as usize - observer.shown,
                if rejects.is_some() {
                    ""
                } else {
                    " (write them all with --rejects FILE)"
                }
            );
        }
        let mut text = format!(
            "imported {}, skipped {}, rejected {} (import {})",
            report.imported, report.skipped, report.rejected, report.import
        );
        if !report.ignored_fields.is_empty() {
            text.push_str(&format!(
                "\nignored fields: {}",
                report.ignored_fields.join(", ")
            ));
        }
        let mut out = Out::new(
            json!({
                "imported": report.imported,
                "skipped": report.skipped,
                "rejected": report.rejected,
            }),
            text,
        );
        // Exactly {"imported":N,"skipped":N,"rejected":N}, in this order.
        out.json_text = Some(format!(
            r#"{{"imported":{},"skipped":{},"rejected":{}}}"#,
            report.imported, report.skipped, report.rejected
        ));
        Ok(out)
    })
}

/// Writes refusals out as they come, draws the progress line.
struct Observer {
    rejects: Option<BufWriter<File>>,
    write_error: Option<std::io::Error>,
    shown: usize,
    /// List refusals on stderr (not with --json).
    list: bool,
    bar: Option<Bar>,
}

impl Observer {
    fn finish(&mut self) -> anyhow::Result<()> {
        if let Some(bar) = &mut self.bar {
            bar.clear();
        }
        if let Some(w) = &mut self.rejects {
            if let Err(e) = w.flush() {
                self.write_error.get_or_insert(e);
            }
        }
        match self.write_error.take() {
            Some(e) => Err(anyhow::anyhow!("cannot write the reject file: {e}")),
            None => Ok(()),
        }
    }
}

/// A reject line: where, why, and what was read (top-level, so the file imports again).
fn reject_line(reject: &Reject, row: Option<&RawRow>) -> Value {
    let mut v = Map::new();
    v.insert("line".into(), json!(reject.line));
    v.insert("code".into(), json!(reject.code));
    v.insert("reason".into(), json!(reject.reason));
    if let Some(id) = &reject.id {
        v.insert("id".into(), json!(id));
    }
    if let Some(row) = row {
        for (name, value) in FIELDS.iter().zip(&row.fields) {
            if let Some(value) = value {
                v.entry(*name).or_insert_with(|| json!(value));
            }
        }
        if let Some(raw) = &row.raw {
            v.insert("raw".into(), json!(raw));
        }
    }
    Value::Object(v)
}

impl ImportObserver for Observer {
    fn progress(&mut self, p: Progress) {
        if let Some(bar) = &mut self.bar {
            bar.draw(p);
        }
    }

    fn rejected(&mut self, reject: &Reject, row: Option<&RawRow>) {
        if let Some(w) = &mut self.rejects {
            if self.write_error.is_none() {
                if let Err(e) = writeln!(w, "{}", reject_line(reject, row)) {
                    self.write_error = Some(e);
                }
            }
        }
        if self.list && self.shown < SHOWN_REJECTS {
            if let Some(bar) = &mut self.bar {
                bar.clear();
            }
            let id = reject
                .id
                .as_deref()
                .map(|id| format!(" (id {id})"))
                .unwrap_or_default();
            eprintln!("line {}{id}: {}", reject.line, reject.reason);
            self.shown += 1;
        }
    }
}

/// A one-line progress display on a terminal: percent of the file, rows, rate.
struct Bar {
    size: u64,
    start: Clock,
    last: Option<Clock>,
    drawn: bool,
}

impl Bar {
    fn new(size: u64) -> Self {
        Bar {
            size,
            start: Clock::now(),
            last: None,
            drawn: false,
        }
    }

    fn draw(&mut self, p: Progress) {
        let now = Clock::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let rows = p.imported + p.skipped + p.rejected;
        let secs = now.duration_since(self.start).as_secs_f64().max(0.001);
        let percent = if self.size > 0 {
            (p.bytes as f64 * 100.0 / self.size as f64).min(100.0)
        } else {
            0.0
        };
        let width = 30usize;
        let filled = (percent / 100.0 * width as f64) as usize;
        eprint!(
            "\r[{}{}] {percent:3.0}%  {rows} rows ({} imported, {} skipped, {} rejected)  {:.0} rows/s ",
            "#".repeat(filled),
            " ".repeat(width - filled),
            p.imported,
            p.skipped,
            p.rejected,
            rows as f64 / secs
        );
        let _ = std::io::stderr().flush();
        self.drawn = true;
    }

    fn clear(&mut self) {
        if self.drawn {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
            self.drawn = false;
            self.last = None;
        }
    }
}
