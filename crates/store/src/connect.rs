//! Opening a database: the URL, the per-connection durability settings, the migrations.

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor, Row};

use crate::{Result, StoreError, Tx};

/// Which database is behind the one code path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An open database.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// One migration: the same portable SQL for both databases, except where DDL cannot be
/// portable (the full-text index), which has a file per backend
/// (`NNNN_name.sqlite.sql` / `NNNN_name.postgres.sql`).
struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const fn both(version: i64, name: &'static str, sql: &'static str) -> Migration {
    Migration {
        version,
        name,
        sqlite: sql,
        postgres: sql,
    }
}

/// The migrations, in order.
const MIGRATIONS: &[Migration] = &[
    both(1, "record", include_str!("../migrations/0001_record.sql")),
    both(
        2,
        "accounts",
        include_str!("../migrations/0002_accounts.sql"),
    ),
    both(
        3,
        "workflow",
        include_str!("../migrations/0003_workflow.sql"),
    ),
    both(
        4,
        "part_summaries",
        include_str!("../migrations/0004_part_summaries.sql"),
    ),
    both(
        5,
        "public_comments",
        include_str!("../migrations/0005_public_comments.sql"),
    ),
    Migration {
        version: 6,
        name: "search",
        sqlite: include_str!("../migrations/0006_search.sqlite.sql"),
        postgres: include_str!("../migrations/0006_search.postgres.sql"),
    },
    both(
        7,
        "campaigns_themes",
        include_str!("../migrations/0007_campaigns_themes.sql"),
    ),
    both(
        8,
        "public_commenters",
        include_str!("../migrations/0008_public_commenters.sql"),
    ),
    both(9, "paging", include_str!("../migrations/0009_paging.sql")),
    both(
        10,
        "search_filters",
        include_str!("../migrations/0010_search_filters.sql"),
    ),
    Migration {
        version: 11,
        name: "phrase_pairs",
        sqlite: include_str!("../migrations/0011_phrase_pairs.sqlite.sql"),
        postgres: include_str!("../migrations/0011_phrase_pairs.postgres.sql"),
    },
];

/// Set on every SQLite connection: WAL, and a sync on every commit so that an acknowledged
/// write survives a power cut (WAL + NORMAL may lose the last commits). A page cache of
/// 64 MiB a connection (the default is 2 MiB: a bulk import at a million comments read
/// its indexes' pages back from the file and spilled dirty pages to the WAL mid-transaction)
/// and statement journals in memory (each multi-row statement copies the pages it changes
/// there first) — together a quarter less time for import + index.
const SQLITE_PRAGMAS: &str =
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";

/// Set on every PostgreSQL connection. sqlx prepares every statement, and after five runs
/// PostgreSQL may keep a generic plan made from the statistics of that moment: during a bulk
/// import that is an empty table, and the plan it keeps for the source-id lookup walked the
/// whole consultation (174 ms a lookup instead of under 1 ms, 10 s of a 200,000-comment
/// import). Planning each run afresh costs a fraction of a millisecond.
const POSTGRES_SETTINGS: &str = "SET plan_cache_mode = force_custom_plan";

impl Store {
    /// Open (creating if needed) a SQLite file path, or a `postgres://` URL; check durability;
    /// migrate.
    pub async fn open(target: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (url, backend) =
            if target.starts_with("postgres://") || target.starts_with("postgresql://") {
                (target.to_string(), Backend::Postgres)
            } else {
                let path = target.strip_prefix("sqlite://").unwrap_or(target);
                (format!("sqlite://{path}?mode=rwc"), Backend::Sqlite)
            };
        let open_err = |e: sqlx::Error| StoreError::Open {
            target: redact(target),
            reason: e.to_string(),
        };
        let options: AnyConnectOptions = url.parse().map_err(open_err)?;
        let pool = AnyPoolOptions::new()
            .max_connections(if backend == Backend::Sqlite { 4 } else { 8 })
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    conn.execute(match backend {
                        Backend::Sqlite => SQLITE_PRAGMAS,
                        Backend::Postgres => POSTGRES_SETTINGS,
                    })
                    .await?;
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(open_err)?;
        let store = Store { pool, backend };
        store.check_durability().await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Start a transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`) so
    /// that concurrent writers wait instead of failing half-way.
    pub async fn begin(&self) -> Result<Tx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Tx::new(tx, self.backend))
    }

    /// Start a read-only transaction: deferred on SQLite (a WAL snapshot taken at the first
    /// read, no write lock; the app never commits it), `READ ONLY` on PostgreSQL.
    pub async fn begin_read(&self) -> Result<Tx> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN DEFERRED").await?,
            Backend::Postgres => self.pool.begin_with("BEGIN READ ONLY").await?,
        };
        Ok(Tx::new(tx, self.backend))
    }

    /// Close the pool (checkpointing the SQLite WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Run a statement outside the record's API. For tests and tools that must simulate
    /// tampering; never used by the app.
    pub async fn execute_raw(&self, sql: &str) -> Result<u64> {
        let done = sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    async fn check_durability(&self) -> Result<()> {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = self.pool.acquire().await?;
                let mode: String = sqlx::query("PRAGMA journal_mode")
                    .fetch_one(&mut *conn)
                    .await?
                    .try_get(0)?;
                let sync: i64 = sqlx::query("PRAGMA synchronous")
                    .fetch_one(&mut *conn)
                    .await?
                    .try_get(0)?;
                if !mode.eq_ignore_ascii_case("wal") {
                    return Err(StoreError::Durability(format!(
                        "journal_mode is {mode}, expected wal"
                    )));
                }
                if sync < 2 {
                    return Err(StoreError::Durability(format!(
                        "synchronous is {sync}, expected 2 (FULL)"
                    )));
                }
            }
            Backend::Postgres => {
                for setting in ["fsync", "synchronous_commit"] {
                    let sql = if setting == "fsync" {
                        "SHOW fsync"
                    } else {
                        "SHOW synchronous_commit"
                    };
                    let value: String = sqlx::query(sql).fetch_one(&self.pool).await?.try_get(0)?;
                    if value == "off" {
                        return Err(StoreError::Durability(format!(
                            "PostgreSQL has {setting}=off"
                        )));
                    }
                }
            }
        }
        Ok(())
    }

    async fn migrate(&self) -> Result<()> {
        sqlx::query("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)")
            .execute(&self.pool)
            .await?;
        for m in MIGRATIONS {
            let (version, name) = (&m.version, &m.name);
            let sql = match self.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            let mut tx = self.begin().await?;
            let applied = sqlx::query("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(*version)
                .fetch_optional(tx.conn())
                .await?;
            if applied.is_some() {
                continue;
            }
            for statement in split_statements(sql) {
                sqlx::query(sqlx::AssertSqlSafe(statement))
                    .execute(tx.conn())
                    .await?;
            }
            sqlx::query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
                .bind(*version)
                .bind(*name)
                .execute(tx.conn())
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }
}

/// Split a migration file into statements: on `;` at the end of a line, comments dropped.
fn split_statements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in sql.lines() {
        let line = line.split("--").next().unwrap_or("").trim_end();
        if line.trim().is_empty() {
            continue;
        }
        current.push_str(line);
        current.push('\n');
        if line.ends_with(';') {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// A URL without its password, for messages.
fn redact(target: &str) -> String {
    match (target.find("://"), target.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &target[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &target[..scheme + 3], user, &target[at..])
        }
        _ => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_statements_and_drops_comments() {
        let s = split_statements(
            "-- c\nCREATE TABLE a (x TEXT); -- note\nINSERT INTO a VALUES\n ('1');\n",
        );
        assert_eq!(s.len(), 2);
        assert!(s[1].contains("('1');"));
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("./yijian.db"), "./yijian.db");
    }
}
