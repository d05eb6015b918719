//! The storage layer on both backends: migrations, transactions, ids, the audit chain,
//! durability settings, text round-trips, missing ids.

use yijian_core::audit::Verifier;
use yijian_core::ids::BodyId;
use yijian_core::model::{Body, BodyKind, Category};
use yijian_core::time::Instant;
use yijian_store::{on_both_backends, Store, StoreError};

fn body(id: i64, name: &str) -> Body {
    Body {
        id: BodyId(id),
        name: name.to_string(),
        kind: BodyKind::Consultee,
        category: Some(Category::Region),
    }
}

async fn add_body(store: &Store, name: &str) -> BodyId {
    let mut tx = store.begin().await.unwrap();
    let id = tx.next_id("body").await.unwrap();
    tx.insert_body(&body(id, name)).await.unwrap();
    tx.commit().await.unwrap();
    BodyId(id)
}

on_both_backends!(
    /// Reopening runs no migration twice and keeps the data; ids continue.
    reopening_keeps_data_and_migrations_are_idempotent,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let first = add_body(&store, "东城市").await;
        store.close().await;
        let store = Store::open(&target).await.unwrap();
        let second = add_body(&store, "西城市").await;
        assert!(second.0 > first.0);
        let mut tx = store.begin().await.unwrap();
        let names: Vec<String> = tx
            .bodies()
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .collect();
        assert_eq!(names, ["东城市", "西城市"]);
        tx.rollback().await.unwrap();
    }
);

on_both_backends!(
    /// A transaction that does not commit leaves nothing: no row, no audit entry, no id used.
    rollback_leaves_nothing,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let id = tx.next_id("body").await.unwrap();
        tx.insert_body(&body(id, "东城市")).await.unwrap();
        tx.append_audit(Instant(0), "person:1", "body.add", "body:1", "d")
            .await
            .unwrap();
        tx.rollback().await.unwrap();
        // Dropping a transaction without commit is a rollback too.
        {
            let mut tx = store.begin().await.unwrap();
            tx.insert_body(&body(99, "丢弃")).await.unwrap();
        }
        let mut tx = store.begin().await.unwrap();
        assert!(tx.bodies().await.unwrap().is_empty());
        assert!(tx.audit_page(0, 10).await.unwrap().is_empty());
        assert_eq!(tx.next_id("body").await.unwrap(), id, "the id was not consumed");
        tx.rollback().await.unwrap();
    }
);

on_both_backends!(
    /// Concurrent writers get distinct ids and a single, unforked audit chain.
    concurrent_writers_get_distinct_ids_and_one_chain,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let mut tasks = Vec::new();
        for n in 0..16 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = store.begin().await.unwrap();
                let id = tx.next_id("body").await.unwrap();
                tx.insert_body(&body(id, &format!("机构{n}"))).await.unwrap();
                let subject = format!("body:{id}");
                tx.append_audit(Instant(n), "person:1", "body.add", &subject, "d")
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                id
            }));
        }
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap());
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 16);
        let mut tx = store.begin().await.unwrap();
        let log = tx.audit_page(0, 100).await.unwrap();
        assert_eq!(log.len(), 16);
        let mut verifier = Verifier::new(None);
        for e in &log {
            verifier.push(e).unwrap();
        }
        assert_eq!(verifier.finish().unwrap().count, 16);
        tx.rollback().await.unwrap();
    }
);

on_both_backends!(
    /// Chinese text, characters outside the BMP and quotes survive storage unchanged.
    text_round_trips,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let name = "𠀀𪚥中华人民共和国 ‘引号’ \"quotes\" 'apostrophe' \\ back\tslash";
        let id = add_body(&store, name).await;
        let mut tx = store.begin().await.unwrap();
        assert_eq!(tx.body(id).await.unwrap().name, name);
        tx.rollback().await.unwrap();
    }
);

on_both_backends!(
    /// A missing id is a NotFound error that names it.
    missing_ids_are_errors,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let err = tx.body(BodyId(4242)).await.unwrap_err();
        assert!(matches!(err, StoreError::Domain(_)), "{err}");
        assert!(err.to_string().contains("4242"), "{err}");
    }
);

/// Every SQLite connection runs in WAL mode with synchronous=FULL.
#[tokio::test]
async fn sqlite_connections_are_durable() {
    let db = yijian_store::testing::sqlite();
    let store = Store::open(&db.target).await.unwrap();
    for _ in 0..6 {
        let mut tx = store.begin().await.unwrap();
        let (mode, sync) = tx.sqlite_durability().await.unwrap().unwrap();
        assert_eq!(mode.to_lowercase(), "wal");
        assert_eq!(sync, 2, "synchronous=FULL");
        tx.rollback().await.unwrap();
    }
    assert!(std::path::Path::new(&format!("{}-wal", db.target)).exists());
}

/// A path that cannot be a database is a clear error.
#[tokio::test]
async fn unopenable_target_is_a_clear_error() {
    let err = match Store::open("/nonexistent/dir/yijian.db").await {
        Err(e) => e,
        Ok(_) => panic!("opened a database in a missing directory"),
    };
    assert!(
        err.to_string().contains("/nonexistent/dir/yijian.db"),
        "{err}"
    );
}

on_both_backends!(
    /// A read does not wait for a writer and sees only committed data.
    reads_do_not_queue_behind_writers,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        add_body(&store, "已提交").await;
        let mut writer = store.begin().await.unwrap();
        writer.insert_body(&body(77, "未提交")).await.unwrap();
        let read = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            let mut tx = store.begin_read().await.unwrap();
            let names: Vec<String> = tx
                .bodies()
                .await
                .unwrap()
                .into_iter()
                .map(|b| b.name)
                .collect();
            tx.rollback().await.unwrap();
            names
        })
        .await
        .expect("a read waited for the writer");
        assert_eq!(read, ["已提交"]);
        writer.rollback().await.unwrap();
        // PostgreSQL enforces READ ONLY; on SQLite a read transaction is never committed.
        if store.backend() == yijian_store::Backend::Postgres {
            let mut tx = store.begin_read().await.unwrap();
            assert!(tx.insert_body(&body(78, "只读")).await.is_err());
        }
    }
);
