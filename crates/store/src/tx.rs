//! A transaction over the record, and id allocation.

use sqlx::{Any, AnyConnection, Transaction};

use crate::{rows, Backend, Result};

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
