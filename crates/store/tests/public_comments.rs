//! Public comments in bulk on both backends: ids reserved by the batch, multi-row inserts
//! across statement boundaries, known source ids looked up, an import's record.

use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_store::{on_both_backends, Store, StoreError, Tx, ROWS_PER_STATEMENT};

/// A person, a dossier and a public consultation (no version: the column may be NULL).
async fn consultation(store: &Store) -> (PersonId, ConsultationId) {
    let mut tx = store.begin().await.unwrap();
    let person = PersonId(tx.next_id("person").await.unwrap());
    tx.insert_person(&Person {
        id: person,
        name: "起草组成员".into(),
        body: None,
    })
    .await
    .unwrap();
    let dossier = DossierId(tx.next_id("dossier").await.unwrap());
    tx.insert_dossier(
        &Dossier {
            id: dossier,
            title: "决定".into(),
            purpose: String::new(),
            requirements: String::new(),
            topic_decided_on: None,
            leading_body: None,
            drafting_group: None,
            status: DossierStatus::Drafting,
        },
        0,
    )
    .await
    .unwrap();
    let c = ConsultationId(tx.next_id("consultation").await.unwrap());
    tx.insert_consultation(
        &Consultation {
            id: c,
            dossier,
            kind: ConsultationKind::Public,
            title: "公开征求意见".into(),
            version: None,
            question: None,
            opens_at: Instant(0),
            closes_at: Instant(1_000),
        },
        person,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (person, c)
}

fn comment(id: i64, c: ConsultationId, n: usize, import: Option<CommentImportId>) -> PublicComment {
    let text =
        format!("第{n}条意见：建议加强基层医疗卫生服务，“多跑一次”也不行！'; DROP TABLE x; --");
    PublicComment {
        id: CommentId(id),
        consultation: c,
        source_id: format!("src-{n:05}"),
        text_sha256: yijian_core::audit::digest(text.as_bytes()),
        text,
        author: n.is_multiple_of(3).then(|| format!("市民{n}")),
        region: n.is_multiple_of(2).then(|| "浙江".to_string()),
        paragraph: None,
        submitted_at: n.is_multiple_of(5).then_some(Instant(n as i64 * 1000)),
        received_at: Instant(5_000),
        channel: if import.is_some() {
            CommentChannel::Import
        } else {
            CommentChannel::Web
        },
        import,
    }
}

async fn new_import(tx: &mut Tx, c: ConsultationId, by: PersonId) -> CommentImportId {
    let id = CommentImportId(tx.next_id("comment_import").await.unwrap());
    tx.insert_comment_import(&CommentImport {
        id,
        consultation: c,
        file_name: "来信.jsonl".into(),
        file_sha256: String::new(),
        imported_by: by,
        started_at: Instant(5_000),
        finished_at: None,
        imported: 0,
        skipped: 0,
        rejected: 0,
    })
    .await
    .unwrap();
    id
}

on_both_backends!(
    /// reserve_ids hands out a block in one statement; next_id continues after it.
    ids_are_reserved_by_the_block,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let single = tx.next_id("public_comment").await.unwrap();
        let first = tx.reserve_ids("public_comment", 2_500).await.unwrap();
        assert_eq!(first, single + 1);
        assert_eq!(tx.next_id("public_comment").await.unwrap(), first + 2_500);
        // Nothing reserved: the next id is told, not taken.
        let peek = tx.reserve_ids("public_comment", 0).await.unwrap();
        assert_eq!(tx.next_id("public_comment").await.unwrap(), peek);
        let err = tx.reserve_ids("no_such_counter", 3).await.unwrap_err();
        assert!(err.to_string().contains("no_such_counter"), "{err}");
        tx.rollback().await.unwrap();
        // Rolled back: the counter is where it was.
        let mut tx = store.begin().await.unwrap();
        assert_eq!(tx.next_id("public_comment").await.unwrap(), single);
        tx.rollback().await.unwrap();
    }
);

on_both_backends!(
    /// 2,050 comments in one call (21 statements), read back exactly; known ids found
    /// across the lookup's chunks; the import record's counts written.
    comments_are_written_in_bulk,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let (person, c) = consultation(&store).await;
        let n = 20 * ROWS_PER_STATEMENT + 50;
        let mut tx = store.begin().await.unwrap();
        let import = new_import(&mut tx, c, person).await;
        let first = tx.reserve_ids("public_comment", n as u64).await.unwrap();
        let comments: Vec<PublicComment> = (0..n)
            .map(|i| comment(first + i as i64, c, i, Some(import)))
            .collect();
        tx.insert_public_comments(comments.clone()).await.unwrap();
        let mut record = tx.comment_import(import).await.unwrap();
        record.imported = n as u64;
        record.rejected = 2;
        record.file_sha256 = "ab".repeat(32);
        record.finished_at = Some(Instant(6_000));
        tx.update_comment_import(&record).await.unwrap();
        tx.commit().await.unwrap();

        let mut tx = store.begin_read().await.unwrap();
        assert_eq!(tx.public_comment_count(c).await.unwrap(), n as u64);
        let mut read = Vec::new();
        let mut after = None;
        loop {
            let page = tx.public_comments(c, after, 700).await.unwrap();
            let Some(last) = page.last() else { break };
            after = Some(last.id);
            read.extend(page);
        }
        assert_eq!(read, comments);
        assert_eq!(tx.public_comment(comments[7].id).await.unwrap(), comments[7]);
        let wanted: Vec<String> = (0..n + 10).step_by(3).map(|i| format!("src-{i:05}")).collect();
        let refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
        let known = tx.known_comments(c, &refs).await.unwrap();
        assert_eq!(known.len(), n.div_ceil(3));
        let k = &known["src-00003"];
        assert_eq!((k.id, &k.text_sha256, k.import), (comments[3].id, &comments[3].text_sha256, Some(import)));
        assert_eq!(tx.comment_imports(c).await.unwrap(), vec![record]);
        tx.rollback().await.unwrap();
    }
);

on_both_backends!(
    /// Rows that differ in their batch values (channel, import) go in one call; a source id
    /// already present fails the statement and the transaction leaves nothing.
    mixed_rows_and_a_duplicate,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let (person, c) = consultation(&store).await;
        let mut tx = store.begin().await.unwrap();
        let import = new_import(&mut tx, c, person).await;
        let first = tx.reserve_ids("public_comment", 4).await.unwrap();
        let rows = vec![
            comment(first, c, 0, None),
            comment(first + 1, c, 1, Some(import)),
            comment(first + 2, c, 2, Some(import)),
            comment(first + 3, c, 3, None),
        ];
        tx.insert_public_comments(rows.clone()).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let web: Vec<CommentChannel> = tx
            .public_comments(c, None, 10)
            .await
            .unwrap()
            .iter()
            .map(|r| r.channel)
            .collect();
        assert_eq!(web, [CommentChannel::Web, CommentChannel::Import, CommentChannel::Import, CommentChannel::Web]);
        let again = tx.reserve_ids("public_comment", 2).await.unwrap();
        let err = tx
            .insert_public_comments(vec![comment(again, c, 10, None), comment(again + 1, c, 2, None)])
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Db(_)), "{err}");
        drop(tx);
        let mut tx = store.begin_read().await.unwrap();
        assert_eq!(tx.public_comment_count(c).await.unwrap(), 4, "the failed batch left nothing");
        tx.rollback().await.unwrap();
    }
);
