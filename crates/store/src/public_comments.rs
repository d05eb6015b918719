//! Public comments and their imports (migration `0005_public_comments.sql`), written in
//! bulk: multi-row `INSERT … VALUES (…), (…)` statements, ids reserved by the batch.
//!
//! Parameter limits: SQLite allows 32,766 parameters in a statement, PostgreSQL 65,535. A
//! row takes 8 parameters and the 4 values a batch shares (consultation, received_at,
//! channel, import) are bound once and referred to by number in every row, so a statement
//! of [`ROWS_PER_STATEMENT`] rows binds 804. Far below the limits on purpose: sqlx binds
//! SQLite parameters by name, and `sqlite3_bind_parameter_name` walks the statement's list
//! of names, so binding a statement costs the square of its parameter count — 1,000 rows a
//! statement spent 80 % of an import there (measured with perf); 100 rows cost nothing
//! noticeable and keep the round trips few.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, Tx};

/// Rows per `INSERT` statement.
pub const ROWS_PER_STATEMENT: usize = 50;
/// Source ids per lookup statement (see the module doc for why not more).
pub const IDS_PER_LOOKUP: usize = 250;

/// What the record holds under a source id already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownComment {
    pub id: CommentId,
    pub text_sha256: String,
    /// The import that brought it (`None`: written on the web).
    pub import: Option<CommentImportId>,
}

const COMMENT_COLS: &str = "SELECT id, consultation, source_id, text, text_sha256, author, region, paragraph, submitted_at, received_at, channel, import_id FROM public_comment";
const IMPORT_COLS: &str = "SELECT id, consultation, file_name, file_sha256, imported_by, started_at, finished_at, imported, skipped, rejected FROM comment_import";

pub(crate) fn comment_row(row: &AnyRow) -> Result<PublicComment> {
    Ok(PublicComment {
        id: CommentId(int(row, "id")?),
        consultation: ConsultationId(int(row, "consultation")?),
        source_id: text(row, "source_id")?,
        text: text(row, "text")?,
        text_sha256: text(row, "text_sha256")?,
        author: opt_text(row, "author")?,
        region: opt_text(row, "region")?,
        paragraph: opt_int(row, "paragraph")?.map(ParagraphId),
        submitted_at: opt_instant(row, "submitted_at")?,
        received_at: instant(row, "received_at")?,
        channel: code(row, "channel")?,
        import: opt_int(row, "import_id")?.map(CommentImportId),
    })
}

fn count(row: &AnyRow, col: &str) -> Result<u64> {
    Ok(int(row, col)?.max(0) as u64)
}

fn import_row(row: &AnyRow) -> Result<CommentImport> {
    Ok(CommentImport {
        id: CommentImportId(int(row, "id")?),
        consultation: ConsultationId(int(row, "consultation")?),
        file_name: text(row, "file_name")?,
        file_sha256: text(row, "file_sha256")?,
        imported_by: PersonId(int(row, "imported_by")?),
        started_at: instant(row, "started_at")?,
        finished_at: opt_instant(row, "finished_at")?,
        imported: count(row, "imported")?,
        skipped: count(row, "skipped")?,
        rejected: count(row, "rejected")?,
    })
}

/// `($1, $2, …)`-style lists, numbered from `first`.
fn placeholders(first: usize, n: usize) -> String {
    let mut s = String::with_capacity(n * 6);
    for i in 0..n {
        if i > 0 {
            s.push_str(", ");
        }
        s.push('$');
        s.push_str(&(first + i).to_string());
    }
    s
}

/// The `INSERT` of `rows` comments sharing $1–$4.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::with_capacity(120 + rows * 60);
    sql.push_str("INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, author, region, paragraph, submitted_at, received_at, channel, import_id) VALUES ");
    for r in 0..rows {
        let p = 5 + r * 8;
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, $1, ${}, ${}, ${}, ${}, ${}, ${}, ${}, $2, $3, $4)",
            p,
            p + 1,
            p + 2,
            p + 3,
            p + 4,
            p + 5,
            p + 6,
            p + 7
        ));
    }
    sql
}

impl Tx {
    pub async fn insert_comment_import(&mut self, i: &CommentImport) -> Result<()> {
        sqlx::query(
            "INSERT INTO comment_import (id, consultation, file_name, file_sha256, imported_by, started_at, finished_at, imported, skipped, rejected)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(i.id.0)
        .bind(i.consultation.0)
        .bind(i.file_name.clone())
        .bind(i.file_sha256.clone())
        .bind(i.imported_by.0)
        .bind(i.started_at.0)
        .bind(i.finished_at.map(|t| t.0))
        .bind(i.imported as i64)
        .bind(i.skipped as i64)
        .bind(i.rejected as i64)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Write an import's counts, its file digest and (when it finished) its end.
    pub async fn update_comment_import(&mut self, i: &CommentImport) -> Result<()> {
        let done = sqlx::query(
            "UPDATE comment_import SET file_sha256 = $1, finished_at = $2, imported = $3, skipped = $4, rejected = $5 WHERE id = $6",
        )
        .bind(i.file_sha256.clone())
        .bind(i.finished_at.map(|t| t.0))
        .bind(i.imported as i64)
        .bind(i.skipped as i64)
        .bind(i.rejected as i64)
        .bind(i.id.0)
        .execute(self.conn())
        .await?;
        if done.rows_affected() != 1 {
            return Err(DomainError::not_found(
                yijian_core::error::RecordKind::CommentImport,
                i.id,
            )
            .into());
        }
        Ok(())
    }

    pub async fn comment_import(&mut self, id: CommentImportId) -> Result<CommentImport> {
        let sql = sqlx::AssertSqlSafe(format!("{IMPORT_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| import_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::CommentImport, id).into()
        })
    }

    /// A consultation's imports, oldest first.
    pub async fn comment_imports(&mut self, c: ConsultationId) -> Result<Vec<CommentImport>> {
        let sql = sqlx::AssertSqlSafe(format!("{IMPORT_COLS} WHERE consultation = $1 ORDER BY id"));
        let rows = sqlx::query(sql).bind(c.0).fetch_all(self.conn()).await?;
        rows.iter().map(import_row).collect()
    }

    /// The comments a consultation already holds under any of these source ids, by id.
    pub async fn known_comments(
        &mut self,
        c: ConsultationId,
        source_ids: &[&str],
    ) -> Result<HashMap<String, KnownComment>> {
        let mut out = HashMap::new();
        for chunk in source_ids.chunks(IDS_PER_LOOKUP) {
            let sql = sqlx::AssertSqlSafe(format!(
                "SELECT id, source_id, text_sha256, import_id FROM public_comment WHERE consultation = $1 AND source_id IN ({})",
                placeholders(2, chunk.len())
            ));
            let mut q = sqlx::query(sql).bind(c.0);
            for id in chunk {
                q = q.bind(id.to_string());
            }
            for row in q.fetch_all(self.conn()).await? {
                out.insert(
                    text(&row, "source_id")?,
                    KnownComment {
                        id: CommentId(int(&row, "id")?),
                        text_sha256: text(&row, "text_sha256")?,
                        import: opt_int(&row, "import_id")?.map(CommentImportId),
                    },
                );
            }
        }
        Ok(out)
    }

    /// Insert comments in multi-row statements. Their ids are given (see
    /// [`Tx::reserve_ids`]); a source id already in the consultation is an error from the
    /// database (`UNIQUE (consultation, source_id)`) that fails the transaction — callers
    /// look them up first with [`Tx::known_comments`].
    pub async fn insert_public_comments(&mut self, comments: Vec<PublicComment>) -> Result<()> {
        let mut rest = comments.into_iter().peekable();
        while let Some(first) = rest.peek() {
            // A run of rows sharing the four batch values, at most one statement long.
            let shared = (
                first.consultation,
                first.received_at,
                first.channel,
                first.import,
            );
            let mut run = Vec::with_capacity(ROWS_PER_STATEMENT);
            while run.len() < ROWS_PER_STATEMENT {
                match rest
                    .next_if(|c| (c.consultation, c.received_at, c.channel, c.import) == shared)
                {
                    Some(c) => run.push(c),
                    None => break,
                }
            }
            let sql = sqlx::AssertSqlSafe(insert_sql(run.len()));
            let mut q = sqlx::query(sql)
                .bind(shared.0 .0)
                .bind(shared.1 .0)
                .bind(shared.2.code())
                .bind(shared.3.map(|i| i.0));
            for c in run {
                q = q
                    .bind(c.id.0)
                    .bind(c.source_id)
                    .bind(c.text)
                    .bind(c.text_sha256)
                    .bind(c.author)
                    .bind(c.region)
                    .bind(c.paragraph.map(|p| p.0))
                    .bind(c.submitted_at.map(|t| t.0));
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }

    pub async fn public_comment(&mut self, id: CommentId) -> Result<PublicComment> {
        let sql = sqlx::AssertSqlSafe(format!("{COMMENT_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| comment_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Comment, id).into()
        })
    }

    /// A page of a consultation's comments: ids above `after`, in id order, at most `limit`.
    pub async fn public_comments(
        &mut self,
        c: ConsultationId,
        after: Option<CommentId>,
        limit: i64,
    ) -> Result<Vec<PublicComment>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{COMMENT_COLS} WHERE consultation = $1 AND id > $2 ORDER BY id LIMIT $3"
        ));
        let rows = sqlx::query(sql)
            .bind(c.0)
            .bind(after.map_or(0, |a| a.0))
            .bind(limit)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(comment_row).collect()
    }

    pub async fn public_comment_count(&mut self, c: ConsultationId) -> Result<u64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM public_comment WHERE consultation = $1")
            .bind(c.0)
            .fetch_one(self.conn())
            .await?;
        count(&row, "n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_both_parameter_limits() {
        let sql = insert_sql(ROWS_PER_STATEMENT);
        let last = 4 + 8 * ROWS_PER_STATEMENT;
        assert!(sql.contains(&format!("${last},")));
        assert!(!sql.contains(&format!("${}", last + 1)));
        assert!(
            last < 32_766,
            "SQLite allows 32,766 parameters (PostgreSQL 65,535)"
        );
        assert_eq!(placeholders(2, 3), "$2, $3, $4");
    }
}
