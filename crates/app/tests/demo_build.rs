//! The demo dossier builds through the use cases on both backends, its figures come from the
//! record, and the audit trail catches tampering behind the system's back.

use yijian_app::{demo, App, AppError};
use yijian_store::on_both_backends;

async fn build(target: &str) -> (App, demo::DemoDossier) {
    let app = App::open(target).await.unwrap();
    let built = demo::build(&app).await.unwrap();
    (app, built)
}

on_both_backends!(demo_meets_the_issue_figures, |target: String| async move {
    let (app, built) = build(&target).await;
    let s = app.summary(built.dossier).await.unwrap();
    assert_eq!(s.versions, 2);
    assert_eq!(s.consultations.get("topic"), Some(&1));
    assert_eq!(s.consultations.get("draft"), Some(&1));
    assert!(s.bodies_in_scope >= 30, "{}", s.bodies_in_scope);
    assert!(s.items >= 300, "{}", s.items);
    for kind in [
        "adopted",
        "partly_adopted",
        "not_adopted",
        "already_reflected",
        "out_of_scope",
    ] {
        assert!(
            s.dispositions.get(kind).copied().unwrap_or(0) > 0,
            "no {kind}"
        );
    }
    assert!(s.modifications > 0 && s.items_covered > 0);
    assert!(s.items_covered <= s.items);
    assert_eq!(s.meetings.values().sum::<i64>(), 5);
    assert!(s.meetings.values().any(|&n| n == 3) && s.meetings.values().any(|&n| n == 2));
    assert!(s.adopted);
    assert_eq!(s.undisposed, 0, "every item has a final disposition");
    let report = app.verify_audit(None).await.unwrap();
    assert!(report.items_checked as i64 >= s.items);
    assert_eq!(report.versions_checked, 2);
    // A second verify against the checkpoint just taken passes too.
    app.verify_audit(Some(report.head.clone())).await.unwrap();
});

on_both_backends!(
    audit_catches_an_updated_entry,
    |target: String| async move {
        let (app, _) = build(&target).await;
        app.execute_raw("UPDATE audit_log SET actor = actor || '9' WHERE seq = 100")
            .await
            .unwrap();
        let err = app.verify_audit(None).await.unwrap_err();
        assert!(matches!(err, AppError::Audit(_)), "{err}");
        assert!(err.to_string().contains("100"), "names the entry: {err}");
    }
);

on_both_backends!(audit_catches_a_deleted_entry, |target: String| async move {
    let (app, _) = build(&target).await;
    app.execute_raw("DELETE FROM audit_log WHERE seq = 50")
        .await
        .unwrap();
    let err = app.verify_audit(None).await.unwrap_err();
    assert!(
        err.to_string().contains("50") || err.to_string().contains("51"),
        "{err}"
    );
});

on_both_backends!(
    audit_catches_an_item_text_changed_behind_its_back,
    |target: String| async move {
        let (app, _) = build(&target).await;
        app.execute_raw(
            "UPDATE item SET text = '改过的意见' WHERE id = (SELECT MIN(id) FROM item)",
        )
        .await
        .unwrap();
        let err = app.verify_audit(None).await.unwrap_err();
        assert!(err.to_string().contains("item"), "{err}");
    }
);

on_both_backends!(
    audit_catches_a_rewritten_log_against_a_checkpoint,
    |target: String| async move {
        let (app, _) = build(&target).await;
        let head = app.verify_audit(None).await.unwrap().head;
        // Drop the last entry: the chain is still internally consistent, but no longer
        // extends the checkpoint the auditor kept.
        app.execute_raw("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
            .await
            .unwrap();
        app.verify_audit(None).await.unwrap();
        let err = app.verify_audit(Some(head)).await.unwrap_err();
        assert!(err.to_string().contains("checkpoint"), "{err}");
    }
);

on_both_backends!(
    /// Items anchored in the draft for comments find their paragraph in the revised version
    /// through the stable ids, except where the paragraph was deleted.
    items_follow_their_paragraph_into_the_revision,
    |target: String| async move {
        let (app, built) = build(&target).await;
        let (_, old) = app.version(built.draft_for_comments).await.unwrap();
        let (_, new) = app.version(built.revised).await.unwrap();
        let new_ids: std::collections::HashSet<_> = new.iter().map(|b| b.paragraph).collect();
        let items = app.items(built.dossier).await.unwrap();
        let anchored: Vec<_> = items
            .iter()
            .filter_map(|i| i.anchor.as_ref())
            .filter(|a| a.version == built.draft_for_comments)
            .collect();
        assert!(anchored.len() > 200, "{}", anchored.len());
        let followed = anchored.iter().filter(|a| new_ids.contains(&a.paragraph)).count();
        let deleted: std::collections::HashSet<_> = old
            .iter()
            .map(|b| b.paragraph)
            .filter(|p| !new_ids.contains(p))
            .collect();
        let lost = anchored.iter().filter(|a| deleted.contains(&a.paragraph)).count();
        assert_eq!(followed + lost, anchored.len());
        // The revision changes a fraction of the draft: most anchors carry over.
        assert!(followed * 10 >= anchored.len() * 8, "{followed} of {}", anchored.len());
        // The paragraph keeps its id even where its text changed.
        let old_text: std::collections::HashMap<_, _> =
            old.iter().map(|b| (b.paragraph, &b.text)).collect();
        assert!(new
            .iter()
            .any(|b| old_text.get(&b.paragraph).is_some_and(|t| **t != b.text)));
    }
);

on_both_backends!(
    /// Entries appended by hand (a copy of an old entry at the end) or swapped in order are
    /// caught, and the first bad entry is named.
    audit_catches_inserted_and_reordered_entries,
    |target: String| async move {
        let (app, _) = build(&target).await;
        app.execute_raw(
            "INSERT INTO audit_log (seq, at, actor, action, subject, digest, prev_hash, hash)
             SELECT (SELECT MAX(seq) FROM audit_log) + 1, at, actor, action, subject, digest,
                    prev_hash, hash FROM audit_log WHERE seq = 5",
        )
        .await
        .unwrap();
        let err = app.verify_audit(None).await.unwrap_err();
        assert!(matches!(err, AppError::Audit(_)), "{err}");
        app.execute_raw("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
            .await
            .unwrap();
        app.verify_audit(None).await.unwrap();
        // Swap two entries' positions.
        app.execute_raw("UPDATE audit_log SET seq = -1 WHERE seq = 20").await.unwrap();
        app.execute_raw("UPDATE audit_log SET seq = 20 WHERE seq = 21").await.unwrap();
        app.execute_raw("UPDATE audit_log SET seq = 21 WHERE seq = -1").await.unwrap();
        let err = app.verify_audit(None).await.unwrap_err();
        assert!(err.to_string().contains("entry 20"), "{err}");
    }
);

on_both_backends!(
    /// The demo's public consultation: on the draft for comments, open at the demo's now,
    /// with the sample comments imported (one audit entry), pointing at real paragraphs.
    demo_has_an_open_public_consultation,
    |target: String| async move {
        let (app, built) = build(&target).await;
        let (c, scope, _) = app.consultation(built.public_consultation).await.unwrap();
        assert_eq!(c.kind, yijian_core::model::ConsultationKind::Public);
        assert_eq!(c.version, Some(built.draft_for_comments));
        assert!(c.is_open(built.now), "open at the demo's now");
        assert!(scope.is_empty(), "open to everyone, no scope");
        let comments = app
            .public_comments(built.public_consultation, None, 1_000)
            .await
            .unwrap();
        assert!(comments.len() >= 30, "{}", comments.len());
        assert!(comments.iter().filter(|c| c.paragraph.is_some()).count() >= 20);
        let texts: std::collections::HashSet<&str> =
            comments.iter().map(|c| c.text.as_str()).collect();
        assert!(texts.len() < comments.len(), "duplicates of text are kept one by one");
        let imports = app.comment_imports(built.public_consultation).await.unwrap();
        assert_eq!(imports.len(), 1);
        assert_eq!(imports[0].imported, comments.len() as u64);
        assert!(imports[0].finished_at.is_some());
    }
);
