//! The full-text index (migration 0006) and its queries — the one place where the SQL of
//! the two databases differs, because their full-text features do.
//!
//! The index is derived: `search_doc` (one row per indexed text, with the filter columns) and,
//! on SQLite, the contentless FTS5 table `search_fts`; on PostgreSQL a `tsvector` column with
//! a GIN index. Both are fed the pieces `yijian-text` cut (a space-separated string), never a
//! database text-search parser, so both databases find the same texts. The tsvector column is
//! only ever written (from one TEXT parameter cast with `::tsvector`) and matched, never
//! selected: the Any driver cannot decode it.
//!
//! **Order and counts.** Ranking every match is what makes search slow on a million texts
//! (a common word matches most of them; FTS5's `bm25` even counts every text holding each
//! phrase to weigh it), so a search first counts its matches, stopping at `count_cap`. When
//! fewer than `rank_below` match, all of them come back (`complete`) for the caller to rank
//! and page; otherwise the page comes newest first (by `doc`, i.e. by id), which both
//! databases answer by walking the matches from the newest and stopping at the page — no
//! score is computed.

use std::collections::{HashMap, HashSet};

use sqlx::any::AnyRow;
use yijian_core::ids::*;
use yijian_core::time::Instant;

use crate::rows::*;
use crate::{Backend, Result, Tx};

/// What an indexed text is: a public comment (by its id) or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum DocSource {
    Comment(i64),
    Item(ItemId),
}

impl DocSource {
    /// The number of its index entry: 2 × the comment's id, 2 × the item's id + 1.
    pub fn doc(self) -> i64 {
        match self {
            DocSource::Comment(id) => id * 2,
            DocSource::Item(id) => id.0 * 2 + 1,
        }
    }

    pub fn from_doc(doc: i64) -> DocSource {
        if doc % 2 == 0 {
            DocSource::Comment(doc / 2)
        } else {
            DocSource::Item(ItemId(doc / 2))
        }
    }
}

/// A text to index, as read from its table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub source: DocSource,
    pub consultation: ConsultationId,
    pub text: String,
    pub paragraph: Option<ParagraphId>,
    pub region: Option<String>,
    pub submitted_at: Option<Instant>,
    /// SHA-256 of the text, for items (an amended item is indexed again).
    pub digest: Option<String>,
}

/// One text's entry in the index: its filters and its pieces (space-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub source: DocSource,
    pub consultation: ConsultationId,
    pub paragraph: Option<ParagraphId>,
    pub region: Option<String>,
    pub submitted_at: Option<Instant>,
    pub digest: Option<String>,
    /// The pieces, in order, separated by single spaces (`yijian_text::search::IndexTokens`).
    pub words: String,
}

/// An item of a consultation with what the index holds for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemIndexState {
    pub text: SourceText,
    pub withdrawn: bool,
    /// Whether it is in the index, and the digest of the text indexed.
    pub indexed: bool,
    pub indexed_digest: Option<String>,
}

/// A search, as the store runs it (the app parses the query into pieces and characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchSpec {
    pub consultation: ConsultationId,
    /// Each a phrase of pieces that must follow each other (one piece: a word).
    pub phrases: Vec<Vec<String>>,
    /// Characters that must occur in the text.
    pub chars: Vec<char>,
    pub paragraph: Option<ParagraphId>,
    pub region: Option<String>,
    /// Submitted at or after / before (exclusive).
    pub from: Option<Instant>,
    pub to: Option<Instant>,
    /// Only the comments that are members of this campaign of this run.
    pub campaign: Option<(AnalysisRunId, CampaignId)>,
    /// Only the comments whose current theme, among the run's overall (`false`) or
    /// per-paragraph (`true`) themes, is this one.
    pub theme: Option<(AnalysisRunId, bool, ThemeId)>,
    /// Only the comments in a campaign of the run (`true`) or in none (`false`: the unique
    /// comments). Items are neither.
    pub in_campaign: Option<(AnalysisRunId, bool)>,
    pub limit: usize,
    pub offset: usize,
    /// Count matches up to this many; beyond, the count is "at least".
    pub count_cap: usize,
    /// When there are fewer matches than this, return them all (for ranking).
    pub rank_below: usize,
}

/// One hit, with what the excerpt is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredHit {
    pub source: DocSource,
    /// The source's own id (public comments).
    pub source_id: Option<String>,
    pub text: String,
    pub paragraph: Option<ParagraphId>,
    pub region: Option<String>,
    pub submitted_at: Option<Instant>,
}

/// A page of hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// Matches counted: exact when `exact`, else at least this many.
    pub total: usize,
    pub exact: bool,
    /// `hits` holds every match, newest first (there are fewer than `rank_below`), and the
    /// page is the caller's to cut; else `hits` is the page asked for, newest first.
    pub complete: bool,
    pub hits: Vec<StoredHit>,
}

/// Entries per INSERT statement on PostgreSQL (one JSON parameter each). On SQLite all the
/// entries of an [`IndexRows`] go in one statement: FTS5 writes what it holds in memory
/// as a new segment of its index whenever a statement that may change several rows
/// begins (its `xSavepoint` flushes), so each statement would be a segment, and more
/// segments are more merging — 2,000-row statements made the merges 13 % of the indexing
/// time.
const INSERT_ROWS: usize = 2_000;

/// Index entries encoded for the database: each chunk's rows as the inside of a JSON array
/// (one parameter that the database unpacks with `json_each` / `json_array_elements`) —
/// binding thousands of parameters is quadratic in SQLite (sqlx looks each placeholder up
/// by name, and `sqlite3_bind_parameter_name` walks a list: 63 % of the indexing time with
/// 500-row inserts), and one parameter is also the portable way to hand PostgreSQL a
/// tsvector literal per row. Encoding is CPU work that a bulk writer does on the threads
/// that cut the texts, so that the database's one writer only writes.
#[derive(Debug, Clone)]
pub struct IndexRows {
    backend: Backend,
    chunks: Vec<IndexChunk>,
}

#[derive(Debug, Clone)]
struct IndexChunk {
    rows: usize,
    /// `[doc, consultation, comment, item, paragraph, region, submitted_at, digest]` per
    /// entry, and on PostgreSQL the tsvector literal as a ninth element: an open JSON array
    /// (UTF-8), closed when it is bound — so writing it copies nothing.
    docs: Vec<u8>,
    /// SQLite: `[doc, words, scope]` per entry, for `search_fts` (an open array too).
    words: Vec<u8>,
}

impl IndexChunk {
    fn new() -> IndexChunk {
        IndexChunk {
            rows: 0,
            docs: vec![b'['],
            words: vec![b'['],
        }
    }

    /// Close an open array: the statement's parameter.
    fn close(mut list: Vec<u8>) -> String {
        list.push(b']');
        String::from_utf8(list).expect("serde_json writes UTF-8")
    }
}

impl IndexRows {
    /// Encode entries (an entry repeated is encoded once).
    pub fn new(backend: Backend, entries: &[IndexEntry]) -> IndexRows {
        let mut seen = HashSet::new();
        let mut rows = IndexRows {
            backend,
            chunks: Vec::new(),
        };
        for e in entries.iter().filter(|e| seen.insert(e.source.doc())) {
            rows.push(e);
        }
        rows
    }

    /// Entries encoded.
    pub fn len(&self) -> usize {
        self.chunks.iter().map(|c| c.rows).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add `other`'s entries after these (they must be other texts than these).
    pub fn append(&mut self, other: IndexRows) {
        assert_eq!(self.backend, other.backend, "rows of two databases");
        for chunk in other.chunks {
            match self.chunks.last_mut() {
                Some(last) if self.backend == Backend::Sqlite => {
                    for (to, from) in [(&mut last.docs, chunk.docs), (&mut last.words, chunk.words)]
                    {
                        // Both are open arrays: `[a,b` + `[c` → `[a,b,c`.
                        if last.rows > 0 && chunk.rows > 0 {
                            to.push(b',');
                        }
                        to.extend_from_slice(&from[1..]);
                    }
                    last.rows += chunk.rows;
                }
                _ => self.chunks.push(chunk),
            }
        }
    }

    /// Split in two halves of whole chunks (for two connections on PostgreSQL).
    pub fn split_half(mut self) -> (IndexRows, IndexRows) {
        let tail = self.chunks.split_off(self.chunks.len() / 2);
        let other = IndexRows {
            backend: self.backend,
            chunks: tail,
        };
        (self, other)
    }

    fn push(&mut self, e: &IndexEntry) {
        let full = match self.chunks.last() {
            None => true,
            Some(last) => self.backend == Backend::Postgres && last.rows >= INSERT_ROWS,
        };
        if full {
            self.chunks.push(IndexChunk::new());
        }
        let chunk = self.chunks.last_mut().expect("pushed");
        let (comment, item) = match e.source {
            DocSource::Comment(id) => (Some(id), None),
            DocSource::Item(id) => (None, Some(id.0)),
        };
        if chunk.rows > 0 {
            chunk.docs.push(b',');
        }
        let doc = (
            e.source.doc(),
            e.consultation.0,
            comment,
            item,
            e.paragraph.map(|p| p.0),
            e.region.as_deref(),
            e.submitted_at.map(|t| t.0),
            e.digest.as_deref(),
        );
        let written = match self.backend {
            Backend::Sqlite => {
                if chunk.rows > 0 {
                    chunk.words.push(b',');
                }
                let words = (
                    e.source.doc(),
                    fts_words(e.consultation, &e.words),
                    scope_tokens(e),
                );
                serde_json::to_writer(&mut chunk.words, &words)
                    .and_then(|_| serde_json::to_writer(&mut chunk.docs, &doc))
            }
            Backend::Postgres => {
                let (a, b, c, d, p, r, t, g) = doc;
                let literal = tsvector_literal(&e.words);
                serde_json::to_writer(&mut chunk.docs, &(a, b, c, d, p, r, t, g, literal))
            }
        };
        written.expect("numbers and strings encode as JSON");
        chunk.rows += 1;
    }
}

/// A region as one token of the FTS5 `scope` column: FNV-1a 64 of its text, in hex (the
/// filter also compares the region itself, so a collision cannot add hits).
fn region_token(region: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in region.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("r{h:016x}")
}

/// The FTS5 `scope` tokens of an entry: p<paragraph>, r<hash of the region>.
fn scope_tokens(e: &IndexEntry) -> String {
    let mut s = String::new();
    if let Some(p) = e.paragraph {
        s.push_str(&format!("p{}", p.0));
    }
    if let Some(r) = &e.region {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&region_token(r));
    }
    s
}

/// Pieces as the FTS5 `words` column holds them: each prefixed with its consultation
/// (`c12x养老`), so each consultation has a vocabulary of its own — a search reads only its
/// consultation's lists, however large the others, and bm25's statistics are its own. The
/// `x` ends the number, so no two consultations' pieces can meet.
fn fts_words(consultation: ConsultationId, words: &str) -> String {
    let prefix = format!("c{}x", consultation.0);
    let mut out = String::with_capacity(words.len() + words.len() / 2);
    for (i, w) in words.split_ascii_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&prefix);
        out.push_str(w);
    }
    out
}

/// A tsvector literal of space-separated pieces: `'a':1 'b':2 …`, and each pair of
/// neighbours as one more lexeme at the first one's position: `'a b':1 'b c':2 …`
/// (PostgreSQL merges repeated lexemes; quotes and backslashes are escaped, though pieces
/// are letters and digits, so a lexeme with a space is always a pair).
///
/// Why the pairs: GIN keeps no positions, so `a <-> b` is answered by fetching every row
/// holding both pieces and checking each — with two common pieces, most of the
/// consultation (151 ms at 200,000 comments for a phrase that 194 of them hold), and the
/// planner, which cannot tell, walks the whole table. A phrase of two is one pair lexeme,
/// found in the index alone; a longer one is its pairs in a row (see [`tsquery`]).
fn tsvector_literal(words: &str) -> String {
    let mut out = String::with_capacity(words.len() * 4);
    let mut previous: Option<&str> = None;
    for (i, w) in words.split_ascii_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_lexeme(&mut out, w);
        push_position(&mut out, i + 1);
        if let Some(p) = previous {
            out.push(' ');
            push_lexeme(&mut out, &format!("{p} {w}"));
            push_position(&mut out, i);
        }
        previous = Some(w);
    }
    out
}

/// `:n`, positions above PostgreSQL's largest (16,383) given as the largest.
fn push_position(out: &mut String, n: usize) {
    out.push(':');
    out.push_str(&n.min(16_383).to_string());
}

fn push_lexeme(out: &mut String, w: &str) {
    out.push('\'');
    for c in w.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

/// An FTS5 string: double quotes around, inner quotes doubled.
fn fts_string(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The FTS5 query of a search: each phrase (of the consultation's pieces) and the scope
/// tokens of the filters, all required.
fn fts_query(spec: &SearchSpec) -> String {
    let mut parts: Vec<String> = spec
        .phrases
        .iter()
        .map(|phrase| {
            let words = fts_words(spec.consultation, &phrase.join(" "));
            format!("words : {}", fts_string(&words))
        })
        .collect();
    if let Some(p) = spec.paragraph {
        parts.push(format!("scope : {}", fts_string(&format!("p{}", p.0))));
    }
    if let Some(r) = &spec.region {
        parts.push(format!("scope : {}", fts_string(&region_token(r))));
    }
    parts.join(" AND ")
}

/// The tsquery of a search's phrases, all required: `('a b') & ('c')`.
fn tsquery(spec: &SearchSpec) -> String {
    spec.phrases
        .iter()
        .map(|phrase| format!("({})", phrase_query(phrase)))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// One phrase as a tsquery: a single piece as itself, a longer phrase as its neighbour pairs
/// (see [`tsvector_literal`]), each right after the one before: `'a b' <-> 'b c'`.
fn phrase_query(phrase: &[String]) -> String {
    let mut s = String::new();
    if phrase.len() < 2 {
        for only in phrase {
            push_lexeme(&mut s, only);
        }
        return s;
    }
    for (i, pair) in phrase.windows(2).enumerate() {
        if i > 0 {
            s.push_str(" <-> ");
        }
        push_lexeme(&mut s, &format!("{} {}", pair[0], pair[1]));
    }
    s
}

/// A `LIKE` pattern for one character (escape character `\`).
fn like_char(c: char) -> String {
    match c {
        '%' | '_' | '\\' => format!("%\\{c}%"),
        c => format!("%{c}%"),
    }
}

/// A bound value of a built statement.
#[derive(Debug, Clone)]
enum Arg {
    Int(i64),
    Text(String),
}

/// A statement built piece by piece, numbering its `$n` placeholders itself (the Any driver
/// has no portable query builder; see ARCHITECTURE.md).
#[derive(Debug, Default)]
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Append a placeholder for `arg`.
    fn arg(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        let n = self.args.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments> {
        let mut q = sqlx::query(sqlx::AssertSqlSafe(self.text.as_str()));
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(s) => q.bind(s.as_str()),
            };
        }
        q
    }
}

fn source_text(row: &AnyRow, source: DocSource) -> Result<SourceText> {
    Ok(SourceText {
        source,
        consultation: ConsultationId(int(row, "consultation")?),
        text: text(row, "text")?,
        paragraph: opt_int(row, "paragraph")?.map(ParagraphId),
        region: opt_text(row, "region")?,
        submitted_at: opt_instant(row, "submitted_at")?,
        digest: None,
    })
}

impl Tx {
    /// Up to `limit` public comments of a consultation with an id above `after` that are not
    /// in the index, by id.
    pub async fn unindexed_comments(
        &mut self,
        consultation: ConsultationId,
        after: i64,
        limit: usize,
    ) -> Result<Vec<SourceText>> {
        let rows = sqlx::query(
            "SELECT c.id, c.consultation, c.text, c.paragraph, c.region, c.submitted_at
             FROM public_comment c
             WHERE c.consultation = $1 AND c.id > $2
               AND NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.doc = 2 * c.id)
             ORDER BY c.id LIMIT $3",
        )
        .bind(consultation.0)
        .bind(after)
        .bind(limit as i64)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| source_text(r, DocSource::Comment(int(r, "id")?)))
            .collect()
    }

    /// The id of the newest public comment of a consultation in the index (0 if none): the
    /// comments above it were added since the index was last brought up to date.
    pub async fn newest_indexed_comment(&mut self, consultation: ConsultationId) -> Result<i64> {
        let row = sqlx::query(
            "SELECT comment FROM search_doc WHERE consultation = $1 AND comment IS NOT NULL
             ORDER BY doc DESC LIMIT 1",
        )
        .bind(consultation.0)
        .fetch_optional(self.conn())
        .await?;
        Ok(match row {
            Some(r) => int(&r, "comment")?,
            None => 0,
        })
    }

    /// How many public comments of a consultation have an id above `after`, counting up to
    /// `cap`.
    pub async fn comments_after(
        &mut self,
        consultation: ConsultationId,
        after: i64,
        cap: usize,
    ) -> Result<usize> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM public_comment
               WHERE consultation = $1 AND id > $2 LIMIT $3) t",
        )
        .bind(consultation.0)
        .bind(after)
        .bind(cap as i64)
        .fetch_one(self.conn())
        .await?;
        Ok(int(&row, "n")? as usize)
    }

    /// Every item of a consultation (of its responses and its hearings), withdrawn or not,
    /// with what the index holds for it.
    pub async fn item_index_states(
        &mut self,
        consultation: ConsultationId,
    ) -> Result<Vec<ItemIndexState>> {
        let rows = sqlx::query(
            "SELECT i.id, $1 AS consultation, i.text, i.paragraph, NULL AS region,
                    i.created_at AS submitted_at, i.withdrawn, d.doc, d.digest
             FROM item i LEFT JOIN search_doc d ON d.doc = 2 * i.id + 1
             WHERE i.response IN (SELECT id FROM response WHERE consultation = $1)
                OR i.hearing IN (SELECT id FROM hearing WHERE consultation = $1)
             ORDER BY i.id",
        )
        .bind(consultation.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ItemIndexState {
                    text: source_text(r, DocSource::Item(ItemId(int(r, "id")?)))?,
                    withdrawn: int(r, "withdrawn")? == 1,
                    indexed: opt_int(r, "doc")?.is_some(),
                    indexed_digest: opt_text(r, "digest")?,
                })
            })
            .collect()
    }

    /// Add entries to the index; an entry already there is left as it is. Returns how many
    /// were added. (Encodes them here; a bulk writer encodes them on another thread with
    /// [`IndexRows::new`] and calls [`Tx::write_index`].)
    pub async fn index_entries(&mut self, entries: &[IndexEntry]) -> Result<usize> {
        self.write_index(IndexRows::new(self.backend(), entries))
            .await
    }

    /// Write encoded entries (see [`IndexRows`]); an entry already in the index is left as
    /// it is. Returns how many were added.
    pub async fn write_index(&mut self, rows: IndexRows) -> Result<usize> {
        assert_eq!(
            rows.backend,
            self.backend(),
            "rows encoded for the other database"
        );
        let mut added = 0;
        for chunk in rows.chunks {
            added += match self.backend() {
                Backend::Sqlite => {
                    // The words first, for the entries not in the index yet; then their rows.
                    sqlx::query(
                        "INSERT INTO search_fts (rowid, words, scope)
                         SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each($1) j
                         WHERE NOT EXISTS (SELECT 1 FROM search_doc d WHERE d.doc = j.value ->> 0)",
                    )
                    .bind(IndexChunk::close(chunk.words))
                    .execute(self.conn())
                    .await?;
                    sqlx::query(
                        "INSERT INTO search_doc (doc, consultation, comment, item, paragraph, region,
                           submitted_at, digest)
                         SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3,
                                j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7
                         FROM json_each($1) j WHERE true
                         ON CONFLICT (doc) DO NOTHING",
                    )
                    .bind(IndexChunk::close(chunk.docs))
                    .execute(self.conn())
                    .await?
                }
                Backend::Postgres => {
                    sqlx::query(
                        "INSERT INTO search_doc (doc, consultation, comment, item, paragraph, region,
                           submitted_at, digest, tokens)
                         SELECT (e ->> 0)::bigint, (e ->> 1)::bigint, (e ->> 2)::bigint,
                                (e ->> 3)::bigint, (e ->> 4)::bigint, e ->> 5, (e ->> 6)::bigint,
                                e ->> 7, (e ->> 8)::tsvector
                         FROM json_array_elements($1::json) e
                         ON CONFLICT (doc) DO NOTHING",
                    )
                    .bind(IndexChunk::close(chunk.docs))
                    .execute(self.conn())
                    .await?
                }
            }
            .rows_affected() as usize;
        }
        Ok(added)
    }

    /// Take texts out of the index (an amended or withdrawn item).
    pub async fn unindex(&mut self, sources: &[DocSource]) -> Result<()> {
        for s in sources {
            if self.backend() == Backend::Sqlite {
                sqlx::query("DELETE FROM search_fts WHERE rowid = $1")
                    .bind(s.doc())
                    .execute(self.conn())
                    .await?;
            }
            sqlx::query("DELETE FROM search_doc WHERE doc = $1")
                .bind(s.doc())
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Empty the index of one consultation, or of all (`None`), before a rebuild. Returns how
    /// many entries were removed.
    pub async fn clear_index(&mut self, consultation: Option<ConsultationId>) -> Result<usize> {
        let removed = match (self.backend(), consultation) {
            (Backend::Sqlite, None) => {
                sqlx::query("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
                    .execute(self.conn())
                    .await?;
                sqlx::query("DELETE FROM search_doc")
                    .execute(self.conn())
                    .await?
            }
            (Backend::Sqlite, Some(c)) => {
                sqlx::query(
                    "DELETE FROM search_fts WHERE rowid IN
                       (SELECT doc FROM search_doc WHERE consultation = $1)",
                )
                .bind(c.0)
                .execute(self.conn())
                .await?;
                sqlx::query("DELETE FROM search_doc WHERE consultation = $1")
                    .bind(c.0)
                    .execute(self.conn())
                    .await?
            }
            (Backend::Postgres, None) => {
                sqlx::query("DELETE FROM search_doc")
                    .execute(self.conn())
                    .await?
            }
            (Backend::Postgres, Some(c)) => {
                sqlx::query("DELETE FROM search_doc WHERE consultation = $1")
                    .bind(c.0)
                    .execute(self.conn())
                    .await?
            }
        };
        Ok(removed.rows_affected() as usize)
    }

    /// How many texts of a consultation the index holds.
    pub async fn indexed_count(&mut self, consultation: ConsultationId) -> Result<usize> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM search_doc WHERE consultation = $1")
            .bind(consultation.0)
            .fetch_one(self.conn())
            .await?;
        Ok(int(&row, "n")? as usize)
    }

    /// Run a search. One walk over the matches, newest first, reads the ids of up to
    /// `max(rank_below, offset + limit)` of them; when that is all of them, it is the whole
    /// answer (and the count). Only when there are more does a second walk count them, up
    /// to the cap. On PostgreSQL a search with words counts first (see
    /// [`Tx::postgres_word_search`]).
    pub async fn search(&mut self, spec: &SearchSpec) -> Result<SearchPage> {
        let want = spec
            .rank_below
            .max(spec.offset + spec.limit)
            .min(spec.count_cap);
        let (docs, total) = if self.backend() == Backend::Postgres && !spec.phrases.is_empty() {
            self.postgres_word_search(spec, want).await?
        } else {
            let docs = self.newest_matches(spec, want, None).await?;
            let total = if docs.len() < want {
                docs.len()
            } else {
                self.count_matches(spec).await?
            };
            (docs, total)
        };
        let exact = total < spec.count_cap;
        let complete = !spec.phrases.is_empty() && total < spec.rank_below;
        let page: &[i64] = if complete {
            &docs
        } else {
            let from = spec.offset.min(docs.len());
            &docs[from..(from + spec.limit).min(docs.len())]
        };
        let mut hits = self.hits(page).await?;
        // On SQLite the region was matched by its token; compare the region itself too.
        if let Some(r) = &spec.region {
            hits.retain(|h| h.region.as_deref() == Some(r.as_str()));
        }
        Ok(SearchPage {
            total,
            exact,
            complete,
            hits,
        })
    }

    /// The ids of up to `want` matches, newest first; only from doc `from` on, if given.
    async fn newest_matches(
        &mut self,
        spec: &SearchSpec,
        want: usize,
        from: Option<i64>,
    ) -> Result<Vec<i64>> {
        let doc = if self.fts_driven(spec) {
            "f.rowid"
        } else {
            "d.doc"
        };
        let mut first = self.search_base(spec, &format!("{doc} AS doc"));
        if let Some(from) = from {
            first
                .push(" AND ")
                .push(doc)
                .push(" >= ")
                .arg(Arg::Int(from));
        }
        first
            .push(" ORDER BY ")
            .push(doc)
            .push(" DESC LIMIT ")
            .arg(Arg::Int(want as i64));
        first
            .query()
            .fetch_all(self.conn())
            .await?
            .iter()
            .map(|r| int(r, "doc"))
            .collect()
    }

    /// How many matches, up to the cap.
    async fn count_matches(&mut self, spec: &SearchSpec) -> Result<usize> {
        let mut count = self.search_base(spec, "1");
        count.push(" LIMIT ").arg(Arg::Int(spec.count_cap as i64));
        let counted = Sql {
            text: format!("SELECT COUNT(*) AS n FROM ({}) t", count.text),
            args: count.args,
        };
        Ok(int(&counted.query().fetch_one(self.conn()).await?, "n")? as usize)
    }

    /// A word search on PostgreSQL, planned by us rather than by the planner's guess.
    ///
    /// The planner estimates how many rows hold all the words as if the words were
    /// independent and spread evenly, and from that picks either a walk of the consultation
    /// newest first, testing each row's token list (fast when matches are dense and recent),
    /// or the GIN index's bitmap of the matches (fast when they are few). Both guesses fail
    /// on real comments: three words that 500 of 200,000 comments hold were estimated at
    /// 2,576, and the walk tested 166,000 rows (770 ms; the bitmap: 14 ms); two words that
    /// 14,404 hold, most in an old campaign, made the walk test 150,000 rows (570 ms).
    ///
    /// So: the count comes first, from the bitmap (only index and bitmap scans, stopping at
    /// the cap). Under the cap the matches are few, and are read from the bitmap too. At the
    /// cap they are at least `count_cap`, and the newest are looked for in a window of the
    /// newest texts, a quarter as wide as where `want` would be if they were spread evenly,
    /// four times wider each time until it holds `want` or all (at most five steps; each
    /// reads the bitmap of its window only). The settings are `SET LOCAL` and are put back
    /// before returning.
    async fn postgres_word_search(
        &mut self,
        spec: &SearchSpec,
        want: usize,
    ) -> Result<(Vec<i64>, usize)> {
        self.plan_with_bitmaps(true).await?;
        let total = self.count_matches(spec).await?;
        let docs = if total < spec.count_cap {
            self.newest_matches(spec, want, None).await?
        } else {
            self.plan_with_bitmaps(false).await?;
            let span = self.doc_span(spec.consultation).await?;
            self.plan_with_bitmaps(true).await?;
            self.newest_in_windows(spec, want, span).await?
        };
        self.plan_with_bitmaps(false).await?;
        Ok((docs, total))
    }

    /// The newest `want` matches, looked for in ever wider windows of the newest texts.
    async fn newest_in_windows(
        &mut self,
        spec: &SearchSpec,
        want: usize,
        (lowest, highest): (i64, i64),
    ) -> Result<Vec<i64>> {
        let span = highest - lowest + 1;
        let spread = (want as i64).saturating_mul(span) / (spec.count_cap.max(1) as i64);
        let mut window = (spread / 16).max(1_024);
        loop {
            let from = highest.saturating_sub(window - 1);
            let docs = self.newest_matches(spec, want, Some(from)).await?;
            if docs.len() >= want || from <= lowest {
                return Ok(docs);
            }
            window = window.saturating_mul(4);
        }
    }

    /// The lowest and highest `doc` of a consultation's index (0, 0 when empty).
    async fn doc_span(&mut self, consultation: ConsultationId) -> Result<(i64, i64)> {
        let row = sqlx::query(
            "SELECT COALESCE(MIN(doc), 0) AS lowest, COALESCE(MAX(doc), 0) AS highest
             FROM search_doc WHERE consultation = $1",
        )
        .bind(consultation.0)
        .fetch_one(self.conn())
        .await?;
        Ok((int(&row, "lowest")?, int(&row, "highest")?))
    }

    async fn plan_with_bitmaps(&mut self, only: bool) -> Result<()> {
        let sql = if only {
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off"
        } else {
            "SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = on"
        };
        sqlx::raw_sql(sql).execute(self.conn()).await?;
        Ok(())
    }

    /// Whether the FTS5 table drives the search (SQLite, with words to match).
    fn fts_driven(&self, spec: &SearchSpec) -> bool {
        self.backend() == Backend::Sqlite && !spec.phrases.is_empty()
    }

    /// `SELECT <what> FROM … WHERE …` of a search, without order or limit.
    fn search_base(&self, spec: &SearchSpec, what: &str) -> Sql {
        let mut sql = Sql::default();
        sql.push("SELECT ").push(what);
        let sqlite_fts = self.fts_driven(spec);
        // On SQLite the FTS5 table drives the search (the consultation is in its pieces,
        // paragraph and region are scope tokens); search_doc is joined only for what the
        // index does not hold. The analysis' filters need no join: a comment's entry is
        // `2 × its id` (`DocSource::doc`).
        let needs_doc =
            !sqlite_fts || spec.from.is_some() || spec.to.is_some() || !spec.chars.is_empty();
        if sqlite_fts {
            sql.push(" FROM search_fts f");
            if needs_doc {
                sql.push(" JOIN search_doc d ON d.doc = f.rowid");
            }
        } else {
            sql.push(" FROM search_doc d");
        }
        if !spec.chars.is_empty() {
            sql.push(
                " LEFT JOIN public_comment c ON c.id = d.comment LEFT JOIN item i ON i.id = d.item",
            );
        }
        sql.push(" WHERE ");
        if sqlite_fts {
            sql.push("f.search_fts MATCH ")
                .arg(Arg::Text(fts_query(spec)));
        } else {
            sql.push("d.consultation = ")
                .arg(Arg::Int(spec.consultation.0));
            if let Some(p) = spec.paragraph {
                sql.push(" AND d.paragraph = ").arg(Arg::Int(p.0));
            }
            if !spec.phrases.is_empty() {
                sql.push(" AND d.tokens @@ ")
                    .arg(Arg::Text(tsquery(spec)))
                    .push("::tsquery");
            }
        }
        if let (Some(r), false) = (&spec.region, sqlite_fts) {
            sql.push(" AND d.region = ").arg(Arg::Text(r.clone()));
        }
        if let Some(from) = spec.from {
            sql.push(" AND d.submitted_at >= ").arg(Arg::Int(from.0));
        }
        if let Some(to) = spec.to {
            sql.push(" AND d.submitted_at < ").arg(Arg::Int(to.0));
        }
        self.push_analysis_filters(&mut sql, spec);
        for c in &spec.chars {
            sql.push(" AND COALESCE(c.text, i.text) LIKE ")
                .arg(Arg::Text(like_char(*c)))
                .push(" ESCAPE '\\'");
        }
        sql
    }

    /// The filters by campaign, theme and "in a campaign or not".
    ///
    /// When FTS5 drives (SQLite, with words), a campaign's or a theme's members are read
    /// once into a list that each match is looked up in (`+f.rowid IN (SELECT …)`: the `+`
    /// keeps SQLite from handing the list to FTS5 as rowids to fetch one by one, ~30 µs
    /// each). Measured at 1,000,000 comments, two words matching 412,276: finding 500 in a
    /// campaign of 2,178 took 37 ms, against 300 ms for an `EXISTS` probe per match through
    /// search_doc. "In a campaign or not" stays a probe per match (the run's members are
    /// half the comments, too many to list per search) on the comment's id, `rowid / 2`.
    /// Elsewhere each filter is an `EXISTS` answered by its table's primary key.
    fn push_analysis_filters(&self, sql: &mut Sql, spec: &SearchSpec) {
        let fts = self.fts_driven(spec);
        let comment = if fts { "f.rowid / 2" } else { "d.comment" };
        let is_comment = if fts {
            " AND f.rowid % 2 = 0"
        } else {
            " AND d.comment IS NOT NULL"
        };
        // A campaign and a theme belong to one run: their id alone picks the members.
        if let Some((run, campaign)) = spec.campaign {
            if fts {
                sql.push(" AND +f.rowid IN (SELECT m.comment * 2 FROM campaign_member m WHERE m.campaign = ")
                    .arg(Arg::Int(campaign.0))
                    .push(")");
            } else {
                sql.push(" AND EXISTS (SELECT 1 FROM campaign_member m WHERE m.run = ")
                    .arg(Arg::Int(run.0))
                    .push(" AND m.comment = d.comment AND m.campaign = ")
                    .arg(Arg::Int(campaign.0))
                    .push(")");
            }
        }
        if let Some((run, per_paragraph, theme)) = spec.theme {
            if fts {
                sql.push(
                    " AND +f.rowid IN (SELECT t.comment * 2 FROM theme_member t WHERE t.theme = ",
                )
                .arg(Arg::Int(theme.0))
                .push(")");
            } else {
                sql.push(" AND EXISTS (SELECT 1 FROM theme_member t WHERE t.run = ")
                    .arg(Arg::Int(run.0))
                    .push(" AND t.per_paragraph = ")
                    .arg(Arg::Int(i64::from(per_paragraph)))
                    .push(" AND t.comment = d.comment AND t.theme = ")
                    .arg(Arg::Int(theme.0))
                    .push(")");
            }
        }
        if let Some((run, inside)) = spec.in_campaign {
            // Items are in no campaign, and an item's entry halved is no comment's id.
            sql.push(is_comment).push(if inside {
                " AND EXISTS"
            } else {
                " AND NOT EXISTS"
            });
            sql.push(" (SELECT 1 FROM campaign_member k WHERE k.run = ")
                .arg(Arg::Int(run.0))
                .push(" AND k.comment = ")
                .push(comment)
                .push(")");
        }
    }

    /// The hits of a page, in the page's order.
    async fn hits(&mut self, docs: &[i64]) -> Result<Vec<StoredHit>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::default();
        sql.push(
            "SELECT d.doc, d.paragraph, d.region, d.submitted_at, c.source_id,
                    COALESCE(c.text, i.text) AS text
             FROM search_doc d LEFT JOIN public_comment c ON c.id = d.comment
               LEFT JOIN item i ON i.id = d.item
             WHERE d.doc IN (",
        );
        for (n, doc) in docs.iter().enumerate() {
            if n > 0 {
                sql.push(", ");
            }
            sql.arg(Arg::Int(*doc));
        }
        sql.push(")");
        let mut by_doc: HashMap<i64, StoredHit> = HashMap::new();
        for r in sql.query().fetch_all(self.conn()).await? {
            let doc = int(&r, "doc")?;
            by_doc.insert(
                doc,
                StoredHit {
                    source: DocSource::from_doc(doc),
                    source_id: opt_text(&r, "source_id")?,
                    text: text(&r, "text")?,
                    paragraph: opt_int(&r, "paragraph")?.map(ParagraphId),
                    region: opt_text(&r, "region")?,
                    submitted_at: opt_instant(&r, "submitted_at")?,
                },
            );
        }
        Ok(docs.iter().filter_map(|d| by_doc.remove(d)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, words: &str) -> IndexEntry {
        IndexEntry {
            source: DocSource::Comment(id),
            consultation: ConsultationId(3),
            paragraph: (id % 2 == 0).then_some(ParagraphId(9)),
            region: Some("浙江\"省".into()),
            submitted_at: None,
            digest: None,
            words: words.into(),
        }
    }

    fn arrays(rows: &IndexRows) -> Vec<(usize, serde_json::Value, serde_json::Value)> {
        rows.chunks
            .iter()
            .map(|c| {
                let docs = serde_json::from_str(&IndexChunk::close(c.docs.clone())).unwrap();
                let words = serde_json::from_str(&IndexChunk::close(c.words.clone())).unwrap();
                (c.rows, docs, words)
            })
            .collect()
    }

    #[test]
    fn encoded_rows_are_json_arrays_and_append_like_one_encoding() {
        let all: Vec<IndexEntry> = (1..=5).map(|i| entry(i, "养老 服务")).collect();
        let whole = IndexRows::new(Backend::Sqlite, &all);
        let mut parts = IndexRows::new(Backend::Sqlite, &all[..2]);
        parts.append(IndexRows::new(Backend::Sqlite, &[]));
        parts.append(IndexRows::new(Backend::Sqlite, &all[2..]));
        assert_eq!(arrays(&parts), arrays(&whole));
        let (rows, docs, words) = &arrays(&whole)[0];
        assert_eq!(
            (*rows, whole.len(), whole.chunks.len()),
            (5, 5, 1),
            "one statement on SQLite"
        );
        assert_eq!(
            docs[1],
            serde_json::json!([4, 3, 2, null, 9, "浙江\"省", null, null])
        );
        assert_eq!(words[0][1], "c3x养老 c3x服务");
        assert_eq!(words[1][2], format!("p9 {}", region_token("浙江\"省")));
    }

    #[test]
    fn a_repeated_entry_is_encoded_once_and_postgres_rows_come_in_chunks() {
        let mut all: Vec<IndexEntry> = (1..=(INSERT_ROWS as i64 * 2 + 10))
            .map(|i| entry(i, "a b"))
            .collect();
        all.push(entry(1, "a b"));
        let rows = IndexRows::new(Backend::Postgres, &all);
        assert_eq!(rows.len(), INSERT_ROWS * 2 + 10);
        let sizes: Vec<usize> = rows.chunks.iter().map(|c| c.rows).collect();
        assert_eq!(sizes, [INSERT_ROWS, INSERT_ROWS, 10]);
        let (_, docs, _) = &arrays(&rows)[2];
        assert_eq!(docs[0][8], "'a':1 'b':2 'a b':1", "the tsvector literal");
        let (a, b) = rows.split_half();
        assert_eq!((a.len(), b.len()), (INSERT_ROWS, INSERT_ROWS + 10));
    }

    #[test]
    fn doc_numbers_tell_comments_from_items() {
        for s in [
            DocSource::Comment(1),
            DocSource::Comment(77),
            DocSource::Item(ItemId(1)),
            DocSource::Item(ItemId(77)),
        ] {
            assert_eq!(DocSource::from_doc(s.doc()), s);
        }
        assert!(DocSource::Comment(5).doc() > DocSource::Item(ItemId(4)).doc());
    }

    #[test]
    fn literals_are_quoted() {
        assert_eq!(
            tsvector_literal("养老 服务 养老"),
            "'养老':1 '服务':2 '养老 服务':1 '养老':3 '服务 养老':2"
        );
        assert_eq!(tsvector_literal("it's"), "'it''s':1");
        assert_eq!(fts_string("a\"b"), "\"a\"\"b\"");
        assert_eq!(like_char('%'), "%\\%%");
        assert_eq!(like_char('民'), "%民%");
        let spec = SearchSpec {
            consultation: ConsultationId(3),
            phrases: vec![vec!["养老".into(), "服务".into()], vec!["医疗".into()]],
            chars: vec![],
            paragraph: Some(ParagraphId(9)),
            region: None,
            from: None,
            to: None,
            campaign: None,
            theme: None,
            in_campaign: None,
            limit: 20,
            offset: 0,
            count_cap: 100,
            rank_below: 10,
        };
        assert_eq!(
            fts_query(&spec),
            "words : \"c3x养老 c3x服务\" AND words : \"c3x医疗\" AND scope : \"p9\""
        );
        assert_eq!(tsquery(&spec), "('养老 服务') & ('医疗')");
        let three = SearchSpec {
            phrases: vec![vec!["基层".into(), "医疗".into(), "服务".into()]],
            ..spec
        };
        assert_eq!(tsquery(&three), "('基层 医疗' <-> '医疗 服务')");
        assert_ne!(region_token("北京市"), region_token("上海市"));
        assert!(region_token("北京市")
            .chars()
            .all(|c| c.is_ascii_alphanumeric()));
    }
}
