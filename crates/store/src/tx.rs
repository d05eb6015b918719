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

    /// The next id for a kind of record (`dossier`, `item`, …), from the counters table.
    pub async fn next_id(&mut self, kind: &str) -> Result<i64> {
        let row =
            sqlx::query("UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value")
                .bind(kind.to_string())
                .fetch_one(self.conn())
                .await?;
        rows::int(&row, "value")
    }
}
