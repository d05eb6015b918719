//! The workbench use cases on both backends: assignments (latest wins), disposing of a
//! selection as one group in one transaction, and the figures matching the summary.

use yijian_app::{demo, App, Ctx, GroupDisposal};
use yijian_core::model::{DispositionKind, DispositionStatus};
use yijian_core::time::Instant;
use yijian_store::on_both_backends;

on_both_backends!(
    workbench_assigns_and_disposes,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let leader = built.people["leader"];
        let (member, deputy) = (built.people["member1"], built.people["deputy1"]);
        let wb = app.workbench(leader, built.dossier).await.unwrap().unwrap();
        let summary = app.summary(built.dossier).await.unwrap();
        assert_eq!(wb.items.len() as i64, summary.items);
        assert_eq!((wb.items.len() - wb.handled()) as i64, summary.undisposed);
        assert!(wb.drafters.iter().any(|(p, _)| *p == member));
        assert!(wb.items.iter().all(|i| !i.consultee.is_empty()));
        assert!(wb.items.iter().any(|i| i.paragraph_number.is_some()));
        // Reviewers see the workbench; a consultee does not.
        assert!(app
            .workbench(built.people["r02-contact"], built.dossier)
            .await
            .unwrap()
            .is_none());

        let ctx = Ctx::new(leader, Instant(2_000_000_000_000));
        let ids: Vec<_> = wb
            .items
            .iter()
            .filter(|i| i.group.is_none())
            .take(3)
            .map(|i| i.item.id)
            .collect();
        app.assign_items(&ctx, built.dossier, &ids, member)
            .await
            .unwrap();
        app.assign_items(&ctx, built.dossier, &ids[..1], deputy)
            .await
            .unwrap();
        let wb = app.workbench(leader, built.dossier).await.unwrap().unwrap();
        let assignee = |id| wb.items.iter().find(|i| i.item.id == id).unwrap().assignee;
        assert_eq!(assignee(ids[0]), Some(deputy), "the latest assignment wins");
        assert_eq!(assignee(ids[1]), Some(member));
        // Only to drafters, only by the leadership.
        assert!(app
            .assign_items(&ctx, built.dossier, &ids, built.people["reviewer1"])
            .await
            .is_err());
        assert!(app
            .assign_items(&Ctx::new(member, ctx.now), built.dossier, &ids, member)
            .await
            .is_err());

        let disposal = GroupDisposal {
            items: ids.clone(),
            common_view: "几条意见都建议写得更具体".into(),
            kind: DispositionKind::PartlyAdopted,
            reason: "部分已在修改稿中体现".into(),
            status: DispositionStatus::Final,
        };
        let (group, _) = app
            .dispose_as_group(&ctx, built.dossier, &disposal)
            .await
            .unwrap();
        let wb = app.workbench(leader, built.dossier).await.unwrap().unwrap();
        for id in &ids {
            let i = wb.items.iter().find(|i| i.item.id == *id).unwrap();
            assert_eq!(i.group, Some(group));
            assert_eq!(i.disposition, Some(DispositionKind::PartlyAdopted));
        }
        // Grouping the same items again fails and leaves no second group behind.
        let again = app.dispose_as_group(&ctx, built.dossier, &disposal).await;
        assert!(again.is_err());
        let groups_after = app.workbench(leader, built.dossier).await.unwrap().unwrap();
        assert!(groups_after
            .items
            .iter()
            .filter_map(|i| i.group)
            .all(|g| g.0 <= group.0));
        app.verify_audit(None).await.unwrap();
    }
);

on_both_backends!(
    a_revision_from_the_edited_text,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let leader = built.people["leader"];
        let ctx = Ctx::new(leader, Instant(2_000_000_000_000));
        let (_, text) = app
            .version_markdown(leader, built.revised)
            .await
            .unwrap()
            .unwrap();
        // The text given back for editing reads into the same blocks: nothing counts as changed.
        let same = app
            .import_version(
                &ctx,
                built.dossier,
                "未改动",
                "v.md",
                text.as_bytes(),
                Some(built.revised),
            )
            .await
            .unwrap();
        let cmp = app
            .comparison(leader, built.revised, same)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            cmp.comparison.count(),
            0,
            "{:?}",
            cmp.comparison.rows.first()
        );
        let (_, a) = app.version(built.revised).await.unwrap();
        let (_, b) = app.version(same).await.unwrap();
        assert_eq!(
            a.iter()
                .map(|b| (b.kind, b.paragraph, b.text.clone()))
                .collect::<Vec<_>>(),
            b.iter()
                .map(|b| (b.kind, b.paragraph, b.text.clone()))
                .collect::<Vec<_>>(),
            "kinds, stable ids and texts survive the round trip"
        );
        // One edit: one modification, recorded when the revision is published.
        let first = a
            .iter()
            .find(|b| b.kind == yijian_core::model::BlockKind::Paragraph)
            .unwrap();
        let edited = text.replacen(&first.text, &format!("{}（新增一句）", first.text), 1);
        let v = app
            .import_version(
                &ctx,
                built.dossier,
                "再修改稿",
                "v.md",
                edited.as_bytes(),
                Some(built.revised),
            )
            .await
            .unwrap();
        assert_eq!(
            app.comparison(leader, built.revised, v)
                .await
                .unwrap()
                .unwrap()
                .comparison
                .count(),
            1
        );
        assert_eq!(app.publish_revision(&ctx, v).await.unwrap(), 1);
        let cmp = app
            .comparison(leader, built.revised, v)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cmp.recorded.len(), 1);
        // Outsiders and versions of two dossiers give nothing.
        assert!(app
            .comparison(built.people["o01-contact"], built.revised, v)
            .await
            .unwrap()
            .is_none());
        assert!(app
            .version_markdown(built.people["r02-contact"], v)
            .await
            .unwrap()
            .is_none());
    }
);

on_both_backends!(
    concurrent_submissions_share_commits_and_refusals_stay_apart,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let at = Instant(2_000_000_000_000);
        let leader = built.people["leader"];
        let (_, scope, _) = app.consultation(built.draft_consultation).await.unwrap();
        let live = app
            .open_consultation(
                &Ctx::new(leader, at),
                &yijian_app::OpenConsultation {
                    dossier: built.dossier,
                    kind: yijian_core::model::ConsultationKind::Draft,
                    title: "并发测试".into(),
                    version: Some(built.revised),
                    question: None,
                    opens_at: at,
                    closes_at: at.plus_days(10),
                    scope: scope.into_iter().map(|m| m.respondent).collect(),
                },
            )
            .await
            .unwrap();
        let (inside, outside) = (built.people["r02-contact"], built.people["o01-contact"]);
        let mut tasks = Vec::new();
        for k in 0..60 {
            let app = app.clone();
            let who = if k % 3 == 0 { outside } else { inside };
            tasks.push(tokio::spawn(async move {
                let item = yijian_app::NewItem {
                    kind: yijian_core::model::ItemKind::Opinion,
                    text: if k % 7 == 0 {
                        "   ".into()
                    } else {
                        format!("并发意见 {k}")
                    },
                    paragraph: None,
                    span: None,
                };
                (k, app.add_item(&Ctx::new(who, at), live, &item).await)
            }));
        }
        let mut accepted = Vec::new();
        for t in tasks {
            let (k, r) = t.await.unwrap();
            let should = k % 3 != 0 && k % 7 != 0;
            assert_eq!(r.is_ok(), should, "item {k}: {r:?}");
            if r.is_ok() {
                accepted.push(format!("并发意见 {k}"));
            }
        }
        let own = app.own_response(inside, live, at).await.unwrap().unwrap();
        let mut stored: Vec<String> = own.items.iter().map(|i| i.text.clone()).collect();
        stored.sort();
        accepted.sort();
        assert_eq!(stored, accepted, "exactly the accepted items are stored");
        app.verify_audit(None).await.unwrap();
    }
);

on_both_backends!(publishing_the_handling, |target: String| async move {
    let app = App::open(&target).await.unwrap();
    let built = demo::build(&app).await.unwrap();
    let at = Instant(2_000_000_000_000);
    let (leader, member) = (built.people["leader"], built.people["member1"]);
    let consultee = built.people["r02-contact"];
    let own = app
        .own_response(consultee, built.draft_consultation, at)
        .await
        .unwrap()
        .unwrap();
    assert!(
        own.outcomes.is_empty(),
        "nothing is shown before the handling is published"
    );
    assert!(
        app.publish_handling(&Ctx::new(member, at), built.dossier)
            .await
            .is_err(),
        "members may not"
    );
    assert_eq!(app.handling_published(built.dossier).await.unwrap(), None);
    app.publish_handling(&Ctx::new(leader, at), built.dossier)
        .await
        .unwrap();
    assert_eq!(
        app.handling_published(built.dossier).await.unwrap(),
        Some(at)
    );
    let own = app
        .own_response(consultee, built.draft_consultation, at)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(own.outcomes.len(), own.items.len());
    assert!(
        app.publish_handling(&Ctx::new(leader, at), built.dossier)
            .await
            .is_err(),
        "once only"
    );
    app.verify_audit(None).await.unwrap();
});
