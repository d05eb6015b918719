//! Multi-row `INSERT … VALUES (…), (…)` for the large writes (campaign and theme members of a
//! million comments): one statement per few hundred rows instead of one per row, through the
//! same `Any` code path on both databases.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AssertSqlSafe};

use crate::{Result, Tx};

/// One value of a row to insert.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Int(i64),
    OptInt(Option<i64>),
    Text(String),
}

/// Bound parameters per statement. Far under SQLite's 32,766 and PostgreSQL's 65,535 on
/// purpose: sqlx binds SQLite parameters by name and the lookup grows with the square of
/// their number (measured by the import, `store::public_comments`: 80 % of the time at
/// 8,000 parameters, a quarter at 400).
const MAX_PARAMS: usize = 400;
/// Rows per statement.
const MAX_ROWS: usize = 500;

impl Tx {
    /// Insert `rows` (each with one value per column) into `table`, a few hundred per
    /// statement. `table` and `columns` are the caller's constants, never user input.
    pub async fn insert_many(
        &mut self,
        table: &'static str,
        columns: &[&'static str],
        rows: &[Vec<Value>],
    ) -> Result<()> {
        let per = (MAX_PARAMS / columns.len().max(1)).clamp(1, MAX_ROWS);
        for chunk in rows.chunks(per) {
            let sql = statement(table, columns, chunk.len());
            // The text is built here from the caller's constant table and column names only.
            let mut q: Query<'_, Any, AnyArguments> = sqlx::query(AssertSqlSafe(sql));
            for row in chunk {
                debug_assert_eq!(row.len(), columns.len(), "one value per column");
                for v in row {
                    q = match v {
                        Value::Int(i) => q.bind(*i),
                        Value::OptInt(i) => q.bind(*i),
                        Value::Text(s) => q.bind(s.clone()),
                    };
                }
            }
            q.execute(self.conn()).await?;
        }
        Ok(())
    }
}

fn statement(table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            sql.push_str(&format!("${n}"));
        }
        sql.push(')');
    }
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn statement_numbers_every_parameter() {
        assert_eq!(
            super::statement("t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
    }
}
