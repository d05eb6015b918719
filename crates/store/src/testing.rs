//! Fresh databases for tests, on both backends.
//!
//! SQLite: a file in a temporary directory. PostgreSQL: a new database created on the server
//! named by `YIJIAN_TEST_PG_URL` (a role with CREATEDB), dropped when the guard goes away.
//! When that variable is unset the PostgreSQL half of a test says it is skipped — unless
//! `YIJIAN_REQUIRE_PG=1` (set by CI), which turns the skip into a failure.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::Connection;

/// Where a test database lives; keeps it alive until dropped.
pub struct TestDb {
    /// What to pass to `Store::open` or `--db`.
    pub target: String,
    _dir: Option<TempDir>,
    pg_admin: Option<(String, String)>,
}

/// A temporary directory removed on drop (tiny, to avoid a dependency outside dev).
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// A fresh SQLite database file.
pub fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(unique("yijian_test"));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    let target = dir.join("test.db").to_string_lossy().into_owned();
    TestDb {
        target,
        _dir: Some(TempDir(dir)),
        pg_admin: None,
    }
}

/// A fresh PostgreSQL database, or None (after saying so) when no server is configured.
pub async fn postgres(test: &str) -> Option<TestDb> {
    let Ok(base) = std::env::var("YIJIAN_TEST_PG_URL") else {
        if std::env::var("YIJIAN_REQUIRE_PG").as_deref() == Ok("1") {
            panic!("YIJIAN_REQUIRE_PG=1 but YIJIAN_TEST_PG_URL is not set");
        }
        eprintln!("SKIPPED on PostgreSQL: {test} (set YIJIAN_TEST_PG_URL to run it)");
        return None;
    };
    sqlx::any::install_default_drivers();
    let name = unique("yijian_t");
    let mut conn = sqlx::AnyConnection::connect(&base)
        .await
        .expect("connect to YIJIAN_TEST_PG_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("create a test database");
    conn.close().await.ok();
    let cut = base.rfind('/').expect("a database URL has a path");
    let query = base[cut..]
        .find('?')
        .map(|q| &base[cut + q..])
        .unwrap_or("");
    let target = format!("{}/{name}{query}", &base[..cut]);
    Some(TestDb {
        target,
        _dir: None,
        pg_admin: Some((base, name)),
    })
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, name)) = self.pg_admin.take() {
            // Dropping needs async IO; do it on a small runtime of its own, best effort.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(mut conn) = sqlx::AnyConnection::connect(&base).await {
                        let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                            .execute(&mut conn)
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Run a test body on SQLite and, when configured, on PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$doc:meta])* $name:ident, $body:expr) => {
        $(#[$doc])*
        #[tokio::test]
        async fn $name() {
            let db = $crate::testing::sqlite();
            ($body)(db.target.clone()).await;
            if let Some(db) = $crate::testing::postgres(stringify!($name)).await {
                ($body)(db.target.clone()).await;
            }
        }
    };
}
