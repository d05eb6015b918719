//! The tables of migration 0008 on both backends: commenters by normalised address (unique),
//! codes counted per commenter and per network address, used once; commenter sessions; the
//! outbox's due messages, failures and sends; web comments' origins counted for the limits.

use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_store::{on_both_backends, CommenterSessionRecord, Store};

fn commenter(id: i64, address: &str) -> PublicCommenter {
    PublicCommenter {
        id: CommenterId(id),
        kind: AddressKind::Email,
        address: address.into(),
        display_name: "王先生".into(),
        region: Some("北京市".into()),
        created_at: Instant(100),
        verified_at: None,
    }
}

fn code(id: i64, commenter: i64, from: &str, at: i64) -> VerificationCode {
    VerificationCode {
        id: VerificationCodeId(id),
        commenter: CommenterId(commenter),
        code_hash: format!("hash-{id}"),
        request_address: from.into(),
        created_at: Instant(at),
        expires_at: Instant(at + 900_000),
        attempts: 0,
        used_at: None,
    }
}

fn message(id: i64, at: i64) -> OutboxMessage {
    OutboxMessage {
        id: OutboxId(id),
        channel: AddressKind::Sms,
        address: "13800138000".into(),
        subject: "验证码".into(),
        body: format!("您的验证码是 12345{id}"),
        created_at: Instant(at),
        sent_at: None,
        attempts: 0,
        last_error: None,
        next_attempt_at: Instant(at),
    }
}

on_both_backends!(
    commenters_codes_sessions_outbox_and_origins,
    |target: String| async move {
        let store = Store::open(&target).await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let a = commenter(tx.next_id("commenter").await.unwrap(), "wang@example.cn");
        tx.insert_commenter(&a).await.unwrap();
        assert_eq!(tx.commenter(a.id).await.unwrap(), a);
        assert_eq!(
            tx.commenter_by_address("wang@example.cn").await.unwrap(),
            Some(a.clone())
        );
        assert_eq!(
            tx.commenter_by_address("other@example.cn").await.unwrap(),
            None
        );
        tx.set_commenter_verified(a.id, Instant(200)).await.unwrap();
        tx.set_commenter_verified(a.id, Instant(300)).await.unwrap();
        assert_eq!(
            tx.commenter(a.id).await.unwrap().verified_at,
            Some(Instant(200))
        );

        for (id, from, at) in [
            (1, "10.0.0.1", 1_000),
            (2, "10.0.0.1", 2_000),
            (3, "10.0.0.2", 3_000),
        ] {
            tx.insert_verification_code(&code(id, a.id.0, from, at))
                .await
                .unwrap();
        }
        assert_eq!(tx.codes_to(a.id, Instant(0)).await.unwrap(), 3);
        assert_eq!(
            tx.codes_to(a.id, Instant(1_000)).await.unwrap(),
            2,
            "after, not at"
        );
        assert_eq!(tx.codes_from("10.0.0.1", Instant(0)).await.unwrap(), 2);
        let latest = tx.latest_code(a.id).await.unwrap().unwrap();
        assert_eq!(latest.id, VerificationCodeId(3));
        tx.code_attempt(latest.id).await.unwrap();
        tx.code_attempt(latest.id).await.unwrap();
        assert!(tx.use_code(latest.id, Instant(3_500)).await.unwrap());
        assert!(
            !tx.use_code(latest.id, Instant(3_600)).await.unwrap(),
            "once"
        );
        let latest = tx.latest_code(a.id).await.unwrap().unwrap();
        assert_eq!((latest.attempts, latest.used_at), (2, Some(Instant(3_500))));

        let s = CommenterSessionRecord {
            token_hash: "ab".repeat(32),
            commenter: a.id,
            created_at: Instant(4_000),
            expires_at: Instant(9_000),
            ended_at: None,
        };
        tx.insert_commenter_session(&s).await.unwrap();
        assert_eq!(
            tx.commenter_session(&s.token_hash).await.unwrap(),
            Some(s.clone())
        );
        assert!(tx
            .end_commenter_session(&s.token_hash, Instant(5_000))
            .await
            .unwrap());
        assert!(!tx
            .end_commenter_session(&s.token_hash, Instant(6_000))
            .await
            .unwrap());
        assert_eq!(
            tx.commenter_session(&s.token_hash)
                .await
                .unwrap()
                .unwrap()
                .ended_at,
            Some(Instant(5_000))
        );

        for id in 1..=3 {
            tx.insert_outbox(&message(id, id * 10)).await.unwrap();
        }
        let due: Vec<_> = tx
            .due_outbox(Instant(20), 10)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id.0)
            .collect();
        assert_eq!(due, vec![1, 2], "due by their time, oldest first");
        tx.outbox_failed(OutboxId(1), "down", Instant(1_000))
            .await
            .unwrap();
        assert!(tx
            .outbox_sent(OutboxId(2), Instant(25), "sent")
            .await
            .unwrap());
        assert!(!tx
            .outbox_sent(OutboxId(2), Instant(26), "again")
            .await
            .unwrap());
        let due: Vec<_> = tx
            .due_outbox(Instant(100), 10)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id.0)
            .collect();
        assert_eq!(due, vec![3]);
        // A claim leases a message: a second claim finds nothing until the lease ends.
        let ids = |ms: Vec<yijian_core::model::OutboxMessage>| -> Vec<i64> {
            ms.iter().map(|m| m.id.0).collect()
        };
        let claimed = tx.claim_outbox(Instant(100), Instant(400), 10).await;
        assert_eq!(ids(claimed.unwrap()), vec![3]);
        let again = tx.claim_outbox(Instant(150), Instant(450), 10).await;
        assert_eq!(ids(again.unwrap()), Vec::<i64>::new(), "leased");
        let expired = tx.claim_outbox(Instant(400), Instant(700), 10).await;
        assert_eq!(ids(expired.unwrap()), vec![3], "the lease ended");
        let all = tx.outbox_latest(10).await.unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].id, OutboxId(3), "newest first");
        let failed = all.iter().find(|m| m.id == OutboxId(1)).unwrap();
        assert_eq!(
            (failed.attempts, failed.last_error.as_deref()),
            (1, Some("down"))
        );
        assert_eq!(failed.next_attempt_at, Instant(1_000));
        assert_eq!(failed.body, "您的验证码是 123451");
        tx.commit().await.unwrap();

        // The same address twice is refused by the database.
        let mut tx = store.begin().await.unwrap();
        assert!(tx
            .insert_commenter(&commenter(99, "wang@example.cn"))
            .await
            .is_err());
        tx.rollback().await.unwrap();

        let mut tx = store.begin().await.unwrap();
        let b = commenter(tx.next_id("commenter").await.unwrap(), "li@example.cn");
        tx.insert_commenter(&b).await.unwrap();
        let person = PersonId(tx.next_id("person").await.unwrap());
        tx.insert_person(&Person {
            id: person,
            name: "组长".into(),
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
                closes_at: Instant(100_000),
            },
            person,
        )
        .await
        .unwrap();
        let mut comments = Vec::new();
        for (i, (who, from, at)) in [
            (a.id, "10.0.0.1", 1_000),
            (a.id, "10.0.0.1", 2_000),
            (b.id, "10.0.0.1", 3_000),
            (b.id, "10.0.0.9", 4_000),
        ]
        .into_iter()
        .enumerate()
        {
            let id = CommentId(tx.next_id("public_comment").await.unwrap());
            let text = format!("意见{i}");
            tx.insert_public_comments(vec![PublicComment {
                id,
                consultation: c,
                source_id: format!("web-{id}"),
                text_sha256: yijian_core::audit::digest(text.as_bytes()),
                text,
                author: None,
                region: None,
                paragraph: None,
                submitted_at: Some(Instant(at)),
                received_at: Instant(at),
                channel: CommentChannel::Web,
                import: None,
            }])
            .await
            .unwrap();
            tx.insert_web_comment(id, who, from, Instant(at))
                .await
                .unwrap();
            comments.push(id);
        }
        assert_eq!(tx.web_comments_by(a.id, Instant(0)).await.unwrap(), 2);
        assert_eq!(tx.web_comments_by(a.id, Instant(1_000)).await.unwrap(), 1);
        assert_eq!(
            tx.web_comments_from("10.0.0.1", Instant(0)).await.unwrap(),
            3
        );
        assert_eq!(
            tx.web_comments_from("10.0.0.9", Instant(4_000))
                .await
                .unwrap(),
            0
        );
        let mine: Vec<_> = tx
            .commenter_comments(b.id, c)
            .await
            .unwrap()
            .iter()
            .map(|x| x.id)
            .collect();
        assert_eq!(mine, comments[2..].to_vec());
        // A comment has one origin.
        assert!(tx
            .insert_web_comment(comments[0], b.id, "10.0.0.3", Instant(5_000))
            .await
            .is_err());
        tx.rollback().await.unwrap();
    }
);
