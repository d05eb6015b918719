//! A transaction over the record, and id allocation.

use sqlx::{Any, AnyConnection, Transaction};

use crate::{rows, Backend, Result};

/// A table that bulk writes fill: its planner statistics are refreshed after one
/// (see [`Tx::refresh_statistics`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkTable {
    SearchIndex,
    CampaignMembers,
    ThemeMembers,
}

impl BulkTable {
    fn name(self) -> &'static str {
        match self {
            BulkTable::SearchIndex => "search_doc",
            BulkTable::CampaignMembers => "campaign_member",
            BulkTable::ThemeMembers => "theme_member",
        }
    }
}

/// Fewer rows than this written at once leave the statistics to autovacuum.
pub const REFRESH_STATISTICS_AFTER: usize = 10_000;

/// One unit of work: everything a use case writes commits together or not at all.
pub struct Tx {
    tx: Transaction<'static, Any>,
    backend: Backend,
}

impl Tx {
    pub(crate) fn new(tx: Transaction<'static, Any>, backend: Backend) -> Self {
        Tx { tx, backend }
    }

    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub async fn commit(self) -> Result<()> {
        Ok(self.tx.commit().await?)
    }

    pub async fn rollback(self) -> Result<()> {
        Ok(self.tx.rollback().await?)
    }

    /// Bring the planner's statistics of a table up to date after a bulk write of `rows`
    /// rows (at least [`REFRESH_STATISTICS_AFTER`], or nothing is done). PostgreSQL plans
    /// from the statistics of its last `ANALYZE`, and autovacuum runs it only some time after
    /// a load: in between, a search filtered by region right after indexing 200,000 comments
    /// was planned as if the region held 13 of them (79 ms instead of 9 ms). Takes about half
    /// a second (`ANALYZE` reads a fixed sample). Run it in a transaction of its own after the
    /// one that wrote. SQLite needs nothing: its searches are driven by the FTS5 index, and
    /// the filters without words by the indexes alone.
    pub async fn refresh_statistics(&mut self, table: BulkTable, rows: usize) -> Result<()> {
        if self.backend == Backend::Postgres && rows >= REFRESH_STATISTICS_AFTER {
            sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {}", table.name())))
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Open a savepoint: one command inside a transaction shared with others (group commit).
    pub async fn savepoint(&mut self) -> Result<()> {
        sqlx::query("SAVEPOINT one_command")
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Keep what the command since [`Tx::savepoint`] wrote.
    pub async fn release_savepoint(&mut self) -> Result<()> {
        sqlx::query("RELEASE SAVEPOINT one_command")
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Undo what the command since [`Tx::savepoint`] wrote; the rest of the transaction stays.
    pub async fn rollback_to_savepoint(&mut self) -> Result<()> {
        sqlx::query("ROLLBACK TO SAVEPOINT one_command")
            .execute(self.conn())
            .await?;
        sqlx::query("RELEASE SAVEPOINT one_command")
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// The next id for a kind of record (`dossier`, `item`, …), from the counters table.
    pub async fn next_id(&mut self, kind: &str) -> Result<i64> {
        let row =
            sqlx::query("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value")
                .bind(kind.to_string())
                .fetch_one(self.conn())
                .await?;
        rows::int(&row, "value")
    }

    /// Reserve `n` consecutive ids of a kind in one statement; the first of them (the
    /// others follow it). `n = 0` reserves nothing and returns the next id unreserved.
    pub async fn reserve_ids(&mut self, kind: &str, n: u64) -> Result<i64> {
        let n = i64::try_from(n)
            .map_err(|_| crate::StoreError::Corrupt(format!("cannot reserve {n} ids")))?;
        let row =
            sqlx::query("UPDATE counters SET value = value + $2 WHERE name = $1 RETURNING value")
                .bind(kind.to_string())
                .bind(n)
                .fetch_optional(self.conn())
                .await?;
        let row =
            row.ok_or_else(|| crate::StoreError::Corrupt(format!("no id counter {kind:?}")))?;
        Ok(rows::int(&row, "value")? - n + 1)
    }

    /// On SQLite, the connection's `(journal_mode, synchronous)`; None on PostgreSQL. Lets a
    /// test (or a health check) see the durability settings of the connection in use.
    pub async fn sqlite_durability(&mut self) -> Result<Option<(String, i64)>> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        let mode = sqlx::query("PRAGMA journal_mode")
            .fetch_one(self.conn())
            .await?;
        let sync = sqlx::query("PRAGMA synchronous")
            .fetch_one(self.conn())
            .await?;
        use sqlx::Row;
        Ok(Some((mode.try_get(0)?, sync.try_get(0)?)))
    }
}
