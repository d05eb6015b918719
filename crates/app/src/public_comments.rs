//! Public comments: bulk import of a file (letters, other channels, another platform's
//! export) into a public consultation, and reading them back.
//!
//! [`App::import_comments`] streams the file through two threads: a **reader** (a plain
//! thread) parses and checks the rows (`yijian_text::comments`), hashes each text and
//! resolves its paragraph reference, and hands batches of [`BATCH_ROWS`] to the **writer**
//! (the caller's task), which looks the batch's source ids up, reserves ids in one
//! statement, inserts the new rows in multi-row statements, and commits every
//! [`TX_ROWS`] rows. The new comments are **indexed for search in the same transaction**:
//! each batch is cut (`crate::search`, on blocking threads) while the next one is read and
//! written, and a transaction's entries are written as its last statement — so an imported
//! comment is searchable when its transaction commits, and the index never holds a comment
//! the record lacks (a comment whose entry is missing, after a failed import, is found by
//! `App::index_pending`). Memory stays constant: a few batches are in flight, at most
//! [`MAX_REPORTED_REJECTS`] refusals are kept for the report (all of them go to the
//! [`ImportObserver`]).
//!
//! What becomes of a row: **imported**; **skipped** when the consultation already holds
//! its id with the same text (SHA-256) — so importing a file twice adds nothing —; or
//! **rejected** with its line and reason: a row the reader refused, an unknown paragraph,
//! or an id already held with another text (earlier in the same file, or from an earlier
//! import or the web). Every other comment is kept, duplicates of text included.
//!
//! Transactions: each batch goes in whole or not at all; the import record
//! (`comment_import`) is written with the first batch and closed — counts, file digest,
//! `finished_at`, and **one** audit entry `comments.import` (file name, SHA-256, counts) —
//! with the last. A file-level error before the first batch (unreadable file, bad header,
//! a truncated or corrupt `.xlsx`, which is checked whole first) writes nothing. One after
//! some batches (a read error in the middle of a JSONL or CSV file) keeps those batches,
//! leaves the import unfinished (`finished_at` NULL) and audits `comments.import_failed`
//! with the error; importing the corrected file again skips what is in and adds the rest.

use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::check_comment_import;
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_store::{IndexRows, Tx};
use yijian_text::comments::{CsvRows, JsonlRows, ParagraphSpec, RawRow, Row, RowResult, XlsxRows};
use yijian_text::TextError;

pub use yijian_text::comments::Format as CommentFormat;

use crate::paragraph_refs::ParagraphIndex;
use crate::{actor, record, App, AppError, Ctx, Result};

/// Rows handed from the reader to the writer at a time (one lookup, one id block).
pub const BATCH_ROWS: usize = 1_000;
/// Rows per transaction: big enough that commits (and SQLite's fsyncs) are few, small
/// enough that other writers wait at most a fraction of a second.
pub const TX_ROWS: usize = 10 * BATCH_ROWS;
/// Refusals kept in [`ImportReport::rejects`]; the observer sees every one.
pub const MAX_REPORTED_REJECTS: usize = 10_000;
/// Batches in flight between the threads.
const QUEUE: usize = 4;

/// A file of comments to import: its name (for the record and its format) and its bytes.
pub struct CommentFile<R> {
    pub name: String,
    pub format: CommentFormat,
    pub reader: R,
}

impl<R> CommentFile<R> {
    /// The format from the name's extension (`.jsonl`, `.csv`, `.xlsx`).
    pub fn new(name: impl Into<String>, reader: R) -> Result<Self> {
        let name = name.into();
        let format = CommentFormat::from_name(&name)?;
        Ok(CommentFile {
            name,
            format,
            reader,
        })
    }
}

/// A refused row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// The line (JSONL, CSV) or sheet row (`.xlsx`).
    pub line: u64,
    pub id: Option<String>,
    /// A stable code: `bad_json`, `missing_field`, …, `unknown_paragraph`, `id_with_other_text`.
    pub code: &'static str,
    /// One sentence naming what is wrong.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub import: CommentImportId,
    pub imported: u64,
    pub skipped: u64,
    pub rejected: u64,
    /// The first [`MAX_REPORTED_REJECTS`] refusals, in file order.
    pub rejects: Vec<Reject>,
    /// Fields or columns of the file that were ignored (at most 16 names).
    pub ignored_fields: Vec<String>,
    pub file_sha256: String,
}

/// How far an import has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Bytes of the file read (of the sheet's entry, for `.xlsx`).
    pub bytes: u64,
    pub imported: u64,
    pub skipped: u64,
    pub rejected: u64,
}

/// Told of an import as it goes (a progress bar, a reject file).
pub trait ImportObserver: Send {
    /// After each batch.
    fn progress(&mut self, _progress: Progress) {}
    /// For every refused row, with what was read of it (`None`: nothing, or too large).
    fn rejected(&mut self, _reject: &Reject, _row: Option<&RawRow>) {}
}

/// An observer that wants nothing.
impl ImportObserver for () {}

/// A row ready to write.
struct Prepared {
    line: u64,
    source_id: String,
    text: String,
    text_sha256: String,
    author: Option<String>,
    region: Option<String>,
    paragraph: Option<ParagraphId>,
    /// The reference as written, for a reject file.
    paragraph_ref: Option<ParagraphSpec>,
    submitted_at: Option<Instant>,
}

enum Item {
    Row(Prepared),
    Reject(Reject, Option<Box<RawRow>>),
}

enum Msg {
    Batch(Vec<Item>),
    Done {
        sha256: String,
        ignored: Vec<String>,
    },
    Failed(TextError),
}

impl App {
    /// Import a file of public comments into a public consultation (see the module
    /// documentation). Allowed to the dossier's drafting group, also after the window
    /// closed (`rules::check_comment_import`).
    pub async fn import_comments<R>(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        file: CommentFile<R>,
        observer: &mut dyn ImportObserver,
    ) -> Result<ImportReport>
    where
        R: Read + Seek + Send + 'static,
    {
        // Check the rule and load the version before reading a byte.
        let mut tx = self.read().await?;
        let c = allowed(&mut tx, ctx, consultation).await?;
        // A public consultation has its released version (rules::check_new_consultation).
        let version = c
            .version
            .ok_or(DomainError::DraftConsultationNeedsVersion)?;
        let blocks = tx.blocks(version).await?;
        tx.rollback().await?;
        let index = ParagraphIndex::new(version, &blocks);

        let bytes = Arc::new(AtomicU64::new(0));
        let (send, mut receive) = mpsc::channel(QUEUE);
        let file_name = file.name.clone();
        {
            let bytes = bytes.clone();
            std::thread::Builder::new()
                .name("comment-reader".into())
                .spawn(move || read_rows(file, index, send, bytes))
                .map_err(|e| AppError::Input(format!("cannot start the reader: {e}")))?;
        }

        let mut w = Writer {
            app: self,
            ctx,
            consultation: c,
            file_name,
            import: None,
            tx: None,
            in_tx: 0,
            report: Counts::default(),
            rejects: Vec::new(),
            cutting: None,
            cut: None,
        };
        loop {
            let Some(msg) = receive.recv().await else {
                let e = TextError::Unreadable {
                    line: 0,
                    reason: "the reader stopped unexpectedly".into(),
                };
                return Err(w.fail(e).await);
            };
            match msg {
                Msg::Batch(items) => {
                    if let Err(e) = w.batch(items, observer).await {
                        return Err(w.abandon(e).await);
                    }
                    observer.progress(Progress {
                        bytes: bytes.load(Ordering::Relaxed),
                        imported: w.report.imported,
                        skipped: w.report.skipped,
                        rejected: w.report.rejected,
                    });
                }
                Msg::Failed(e) => return Err(w.fail(e).await),
                Msg::Done { sha256, ignored } => {
                    let import = match w.finish(&sha256).await {
                        Ok(import) => import,
                        Err(e) => return Err(w.abandon(e).await),
                    };
                    // The comments went into the search index too (see the module docs).
                    let indexed = w.report.imported as usize;
                    self.refresh_statistics(yijian_store::BulkTable::SearchIndex, indexed)
                        .await?;
                    return Ok(ImportReport {
                        import,
                        imported: w.report.imported,
                        skipped: w.report.skipped,
                        rejected: w.report.rejected,
                        rejects: std::mem::take(&mut w.rejects),
                        ignored_fields: ignored,
                        file_sha256: sha256,
                    });
                }
            }
        }
    }

    /// A page of a consultation's public comments, in id order after `after`.
    pub async fn public_comments(
        &self,
        consultation: ConsultationId,
        after: Option<CommentId>,
        limit: i64,
    ) -> Result<Vec<PublicComment>> {
        let mut tx = self.read().await?;
        tx.consultation(consultation).await?;
        let page = tx.public_comments(consultation, after, limit).await?;
        tx.rollback().await?;
        Ok(page)
    }

    /// How many public comments a consultation holds.
    pub async fn public_comment_count(&self, consultation: ConsultationId) -> Result<u64> {
        let mut tx = self.read().await?;
        let n = tx.public_comment_count(consultation).await?;
        tx.rollback().await?;
        Ok(n)
    }

    /// A consultation's imports, oldest first (finished or not).
    pub async fn comment_imports(
        &self,
        consultation: ConsultationId,
    ) -> Result<Vec<CommentImport>> {
        let mut tx = self.read().await?;
        tx.consultation(consultation).await?;
        let imports = tx.comment_imports(consultation).await?;
        tx.rollback().await?;
        Ok(imports)
    }
}

/// The consultation, if the actor may import into it.
async fn allowed(tx: &mut Tx, ctx: &Ctx, consultation: ConsultationId) -> Result<Consultation> {
    let c = tx.consultation(consultation).await?;
    let who = actor(tx, Some(c.dossier), ctx.person).await?;
    check_comment_import(&who, &c)?;
    Ok(c)
}

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    imported: u64,
    skipped: u64,
    rejected: u64,
}

/// The writing side of an import.
struct Writer<'a> {
    app: &'a App,
    ctx: &'a Ctx,
    consultation: Consultation,
    file_name: String,
    import: Option<CommentImportId>,
    tx: Option<Tx>,
    in_tx: usize,
    report: Counts,
    rejects: Vec<Reject>,
    /// The search index entries of the last batch written, being cut on other threads.
    cutting: Option<Cutting>,
    /// The entries cut of the open transaction's comments, written before it commits.
    cut: Option<IndexRows>,
}

type Cutting = tokio::task::JoinHandle<Result<IndexRows>>;

impl Writer<'_> {
    fn import_record(&self, id: CommentImportId, sha256: &str, finished: bool) -> CommentImport {
        CommentImport {
            id,
            consultation: self.consultation.id,
            file_name: self.file_name.clone(),
            file_sha256: sha256.to_string(),
            imported_by: self.ctx.person,
            started_at: self.ctx.now,
            finished_at: finished.then_some(self.ctx.now),
            imported: self.report.imported,
            skipped: self.report.skipped,
            rejected: self.report.rejected,
        }
    }

    /// The open transaction, beginning one (and, the first time, the import record, after
    /// checking the rule again inside it).
    async fn tx(&mut self) -> Result<&mut Tx> {
        if self.tx.is_none() {
            let mut tx = self.app.begin().await?;
            if self.import.is_none() {
                allowed(&mut tx, self.ctx, self.consultation.id).await?;
                let id = CommentImportId(tx.next_id("comment_import").await?);
                tx.insert_comment_import(&self.import_record(id, "", false))
                    .await?;
                self.import = Some(id);
            }
            self.tx = Some(tx);
        }
        Ok(self.tx.as_mut().expect("just opened"))
    }

    fn reject(&mut self, reject: Reject, row: Option<&RawRow>, observer: &mut dyn ImportObserver) {
        self.report.rejected += 1;
        observer.rejected(&reject, row);
        if self.rejects.len() < MAX_REPORTED_REJECTS {
            self.rejects.push(reject);
        }
    }

    async fn batch(&mut self, items: Vec<Item>, observer: &mut dyn ImportObserver) -> Result<()> {
        let consultation = self.consultation.id;
        self.tx().await?;
        let import = self.import.expect("created with the transaction");
        let mut rows = Vec::with_capacity(items.len());
        for item in items {
            match item {
                Item::Row(p) => rows.push(p),
                Item::Reject(r, raw) => self.reject(r, raw.as_deref(), observer),
            }
        }
        let known = {
            let ids: Vec<&str> = rows.iter().map(|r| r.source_id.as_str()).collect();
            self.tx
                .as_mut()
                .expect("open")
                .known_comments(consultation, &ids)
                .await?
        };
        // Decide each row: new, the same again, or the same id with another text.
        let mut first_in_batch: std::collections::HashMap<String, (u64, String)> =
            std::collections::HashMap::with_capacity(rows.len());
        let mut new = Vec::with_capacity(rows.len());
        for row in rows {
            let earlier = known
                .get(&row.source_id)
                .map(|k| (k.text_sha256.as_str(), Some(k.import)))
                .or_else(|| {
                    first_in_batch
                        .get(&row.source_id)
                        .map(|(_, sha)| (sha.as_str(), None))
                });
            match earlier {
                Some((sha, _)) if sha == row.text_sha256 => self.report.skipped += 1,
                Some((_, from)) => {
                    let origin = match from {
                        // Known in the record: from this import (an earlier batch), another
                        // import, or the web.
                        Some(Some(i)) if i == import => "earlier in this file".to_string(),
                        Some(Some(i)) => format!("by import {i}"),
                        Some(None) => "from the web".to_string(),
                        None => format!(
                            "earlier in this file (line {})",
                            first_in_batch[&row.source_id].0
                        ),
                    };
                    let reject = Reject {
                        line: row.line,
                        id: Some(row.source_id.clone()),
                        code: "id_with_other_text",
                        reason: format!(
                            "id {:?} is already recorded ({origin}) with a different text",
                            row.source_id
                        ),
                    };
                    let raw = raw_of(&row);
                    self.reject(reject, Some(&raw), observer);
                }
                None => {
                    first_in_batch
                        .insert(row.source_id.clone(), (row.line, row.text_sha256.clone()));
                    new.push(row);
                }
            }
        }
        let tx = self.tx.as_mut().expect("open");
        if !new.is_empty() {
            let first = tx.reserve_ids("public_comment", new.len() as u64).await?;
            let now = self.ctx.now;
            let comments: Vec<PublicComment> = new
                .into_iter()
                .zip(first..)
                .map(|(p, id)| PublicComment {
                    id: CommentId(id),
                    consultation,
                    source_id: p.source_id,
                    text: p.text,
                    text_sha256: p.text_sha256,
                    author: p.author,
                    region: p.region,
                    paragraph: p.paragraph,
                    submitted_at: p.submitted_at,
                    received_at: now,
                    channel: CommentChannel::Import,
                    import: Some(import),
                })
                .collect();
            self.report.imported += comments.len() as u64;
            self.in_tx += comments.len();
            let texts = comments.iter().map(index_source).collect();
            tx.insert_public_comments(comments).await?;
            // This batch is cut while the next one is read and written.
            self.take_cut().await?;
            let backend = self.app.backend();
            self.cutting = Some(tokio::spawn(crate::search::cut_texts(texts, backend)));
        }
        if self.in_tx >= TX_ROWS {
            self.commit().await?;
        }
        Ok(())
    }

    /// Wait for the entries being cut and keep them for the commit.
    async fn take_cut(&mut self) -> Result<()> {
        let Some(cutting) = self.cutting.take() else {
            return Ok(());
        };
        let rows = cutting
            .await
            .map_err(|e| AppError::Input(format!("indexing failed: {e}")))??;
        match &mut self.cut {
            Some(cut) => cut.append(rows),
            None => self.cut = Some(rows),
        }
        Ok(())
    }

    /// Write the index entries of the open transaction's comments — in one statement, the
    /// last before the commit, so that they make one segment of the FTS5 index
    /// (`yijian_store::IndexRows`).
    async fn write_cut(&mut self) -> Result<()> {
        self.take_cut().await?;
        if let Some(rows) = self.cut.take() {
            self.tx().await?.write_index(rows).await?;
        }
        Ok(())
    }

    /// Write the counts so far and commit the open transaction.
    async fn commit(&mut self) -> Result<()> {
        self.write_cut().await?;
        if let (Some(mut tx), Some(id)) = (self.tx.take(), self.import) {
            tx.update_comment_import(&self.import_record(id, "", false))
                .await?;
            tx.commit().await?;
        }
        self.in_tx = 0;
        Ok(())
    }

    /// Close the import: counts, digest, end, the audit entry.
    async fn finish(&mut self, sha256: &str) -> Result<CommentImportId> {
        self.write_cut().await?;
        self.tx().await?;
        let id = self.import.expect("created with the transaction");
        let done = self.import_record(id, sha256, true);
        let tx = self.tx.as_mut().expect("open");
        tx.update_comment_import(&done).await?;
        let subject = format!("consultation:{} import:{id}", self.consultation.id);
        let content = serde_json::json!({
            "file_name": done.file_name,
            "file_sha256": sha256,
            "imported": done.imported,
            "skipped": done.skipped,
            "rejected": done.rejected,
        });
        record(tx, self.ctx, "comments.import", &subject, &content).await?;
        self.tx.take().expect("open").commit().await?;
        Ok(id)
    }

    /// A file-level error from the reader: nothing written if no batch was; otherwise the
    /// batches written so far stay, and the import is audited as failed.
    async fn fail(&mut self, error: TextError) -> AppError {
        let Some(id) = self.import else {
            return error.into();
        };
        let marked = async {
            self.write_cut().await?;
            self.tx().await?;
            let unfinished = self.import_record(id, "", false);
            let tx = self.tx.as_mut().expect("open");
            tx.update_comment_import(&unfinished).await?;
            let subject = format!("consultation:{} import:{id}", self.consultation.id);
            let content = serde_json::json!({
                "file_name": unfinished.file_name,
                "error": error.to_string(),
                "imported": unfinished.imported,
                "skipped": unfinished.skipped,
                "rejected": unfinished.rejected,
            });
            record_failed(tx, self.ctx, &subject, &content).await?;
            self.tx.take().expect("open").commit().await?;
            Ok::<_, AppError>(())
        };
        if let Err(e) = marked.await {
            return e;
        }
        AppError::ImportIncomplete {
            import: id,
            imported: self.report.imported,
            skipped: self.report.skipped,
            rejected: self.report.rejected,
            error,
        }
    }

    /// A storage error: the open batch is rolled back; earlier batches stay, and the
    /// import is marked failed if that still works.
    async fn abandon(&mut self, error: AppError) -> AppError {
        self.tx = None;
        self.cutting = None;
        self.cut = None;
        let Some(id) = self.import else {
            return error;
        };
        let attempt = async {
            let mut tx = self.app.begin().await?;
            let committed = tx.comment_import(id).await?;
            let subject = format!("consultation:{} import:{id}", self.consultation.id);
            let content = serde_json::json!({
                "file_name": self.file_name,
                "error": error.to_string(),
                "imported": committed.imported,
                "skipped": committed.skipped,
                "rejected": committed.rejected,
            });
            record_failed(&mut tx, self.ctx, &subject, &content).await?;
            tx.commit().await?;
            Ok::<_, AppError>(())
        };
        let _ = attempt.await;
        error
    }
}

async fn record_failed(
    tx: &mut Tx,
    ctx: &Ctx,
    subject: &str,
    content: &serde_json::Value,
) -> Result<()> {
    record(tx, ctx, "comments.import_failed", subject, content).await
}

/// What the search index is made from, of a comment being imported.
fn index_source(c: &PublicComment) -> yijian_store::SourceText {
    yijian_store::SourceText {
        source: yijian_store::DocSource::Comment(c.id.0),
        consultation: c.consultation,
        text: c.text.clone(),
        paragraph: c.paragraph,
        region: c.region.clone(),
        submitted_at: c.submitted_at,
        digest: None,
    }
}

fn raw_of(p: &Prepared) -> RawRow {
    let mut raw = RawRow::default();
    raw.fields[0] = Some(p.source_id.clone());
    raw.fields[1] = Some(p.text.clone());
    raw.fields[2] = p.author.clone();
    raw.fields[3] = p.region.clone();
    raw.fields[4] = p.paragraph_ref.as_ref().map(ToString::to_string);
    raw.fields[5] = p.submitted_at.map(|t| t.to_string());
    raw
}

// ---- the reader thread

/// Counts the bytes read, and hashes them when the file is read front to back.
struct Tracked<R> {
    inner: R,
    hasher: Option<Sha256>,
    bytes: Arc<AtomicU64>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Tracked<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

fn read_rows<R: Read + Seek>(
    file: CommentFile<R>,
    index: ParagraphIndex,
    send: mpsc::Sender<Msg>,
    bytes: Arc<AtomicU64>,
) {
    let hashed = |inner| Tracked {
        inner,
        hasher: Some(Sha256::new()),
        bytes: bytes.clone(),
    };
    let outcome = match file.format {
        CommentFormat::Jsonl => {
            JsonlRows::new(hashed(file.reader)).and_then(|rows| pump(rows, &index, &send))
        }
        CommentFormat::Csv => {
            CsvRows::new(hashed(file.reader)).and_then(|rows| pump(rows, &index, &send))
        }
        CommentFormat::Xlsx => xlsx(file.reader, &bytes, &index, &send),
    };
    let msg = match outcome {
        Ok(Some((sha256, ignored))) => Msg::Done { sha256, ignored },
        Ok(None) => return, // the writer is gone
        Err(e) => Msg::Failed(e),
    };
    let _ = send.blocking_send(msg);
}

/// A streamed reader that, once done, gives the digest of the bytes it read.
trait Rows: Iterator<Item = std::result::Result<RowResult, TextError>> {
    fn ignored(&self) -> Vec<String>;
    fn digest(self) -> String;
}

impl<R: Read> Rows for JsonlRows<Tracked<R>> {
    fn ignored(&self) -> Vec<String> {
        self.ignored_fields().to_vec()
    }
    fn digest(self) -> String {
        self.into_inner()
            .hasher
            .map(|h| hex::encode(h.finalize()))
            .unwrap_or_default()
    }
}

impl<R: Read> Rows for CsvRows<Tracked<R>> {
    fn ignored(&self) -> Vec<String> {
        self.ignored_fields().to_vec()
    }
    fn digest(self) -> String {
        self.into_inner()
            .hasher
            .map(|h| hex::encode(h.finalize()))
            .unwrap_or_default()
    }
}

/// Read every row and send batches; then the digest and the ignored names (`None` if the
/// writer went away).
fn pump<T: Rows>(
    mut rows: T,
    index: &ParagraphIndex,
    send: &mpsc::Sender<Msg>,
) -> std::result::Result<Option<(String, Vec<String>)>, TextError> {
    if !send_rows(&mut rows, index, send)? {
        return Ok(None);
    }
    let ignored = rows.ignored();
    Ok(Some((rows.digest(), ignored)))
}

/// Send the rows in batches; false if the writer went away.
fn send_rows(
    rows: &mut dyn Iterator<Item = std::result::Result<RowResult, TextError>>,
    index: &ParagraphIndex,
    send: &mpsc::Sender<Msg>,
) -> std::result::Result<bool, TextError> {
    let mut batch = Vec::with_capacity(BATCH_ROWS);
    for next in rows {
        batch.push(prepare(next?, index));
        if batch.len() == BATCH_ROWS {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_ROWS));
            if send.blocking_send(Msg::Batch(full)).is_err() {
                return Ok(false);
            }
        }
    }
    if !batch.is_empty() && send.blocking_send(Msg::Batch(batch)).is_err() {
        return Ok(false);
    }
    Ok(true)
}

fn xlsx<R: Read + Seek>(
    mut reader: R,
    bytes: &Arc<AtomicU64>,
    index: &ParagraphIndex,
    send: &mpsc::Sender<Msg>,
) -> std::result::Result<Option<(String, Vec<String>)>, TextError> {
    // The digest first, front to back (the zip reader seeks).
    let io = |e: std::io::Error| TextError::Unreadable {
        line: 0,
        reason: e.to_string(),
    };
    let mut hasher = Sha256::new();
    std::io::copy(&mut reader, &mut hasher).map_err(io)?;
    reader.seek(SeekFrom::Start(0)).map_err(io)?;
    let tracked = Tracked {
        inner: reader,
        hasher: None,
        bytes: bytes.clone(),
    };
    let mut rows = XlsxRows::open(tracked)?;
    bytes.store(0, Ordering::Relaxed);
    if !send_rows(&mut rows, index, send)? {
        return Ok(None);
    }
    Ok(Some((
        hex::encode(hasher.finalize()),
        rows.ignored_fields().to_vec(),
    )))
}

/// A checked row made ready to write (digest, paragraph), or its refusal.
fn prepare(next: RowResult, index: &ParagraphIndex) -> Item {
    let row: Row = match next {
        Ok(row) => row,
        Err(e) => {
            let reject = Reject {
                line: e.line,
                id: e.id,
                code: e.problem.code(),
                reason: e.problem.to_string(),
            };
            return Item::Reject(reject, e.row);
        }
    };
    let paragraph = match &row.paragraph {
        None => None,
        Some(spec) => match index.resolve(spec) {
            Ok(p) => Some(p),
            Err(reason) => {
                let mut raw = RawRow::default();
                raw.fields[0] = Some(row.id.clone());
                raw.fields[1] = Some(row.text);
                raw.fields[2] = row.author;
                raw.fields[3] = row.region;
                raw.fields[4] = Some(spec.to_string());
                raw.fields[5] = row.submitted_at.map(|t| t.to_string());
                let reject = Reject {
                    line: row.line,
                    id: Some(row.id),
                    code: "unknown_paragraph",
                    reason,
                };
                return Item::Reject(reject, Some(Box::new(raw)));
            }
        },
    };
    let text_sha256 = hex::encode(Sha256::digest(row.text.as_bytes()));
    Item::Row(Prepared {
        line: row.line,
        source_id: row.id,
        text: row.text,
        text_sha256,
        author: row.author,
        region: row.region,
        paragraph,
        paragraph_ref: row.paragraph,
        submitted_at: row.submitted_at,
    })
}
