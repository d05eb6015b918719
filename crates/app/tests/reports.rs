//! Report data gathered from the demo dossier on both backends: its figures are the record's
//! (the summary's counts, the stored modifications), and bad ids are clear errors.

use yijian_app::{demo, App, Ctx, HandlingFilter};
use yijian_core::ids::{ConsultationId, DossierId, VersionId};
use yijian_core::model::{Category, Code, DispositionKind};
use yijian_store::on_both_backends;

on_both_backends!(
    report_data_carries_the_record_figures,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let s = app.summary(built.dossier).await.unwrap();

        let all = app
            .handling_report(built.dossier, HandlingFilter::default())
            .await
            .unwrap();
        assert_eq!(all.rows.len() as i64, s.items);
        for kind in DispositionKind::ALL {
            let n = all
                .rows
                .iter()
                .filter(|r| r.disposition == Some(*kind))
                .count() as i64;
            assert_eq!(Some(&n), s.dispositions.get(kind.code()), "{kind}");
        }
        let adopted = app
            .handling_report(
                built.dossier,
                HandlingFilter {
                    disposition: Some(DispositionKind::Adopted),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            Some(&(adopted.rows.len() as i64)),
            s.dispositions.get("adopted")
        );
        let regions = app
            .handling_report(
                built.dossier,
                HandlingFilter {
                    category: Some(Category::Region),
                    consultation: Some(built.draft_consultation),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert!(!regions.rows.is_empty());
        assert!(regions
            .rows
            .iter()
            .all(|r| r.category == Some(Category::Region)));
        let linked = all
            .rows
            .iter()
            .filter(|r| !r.modifications.is_empty())
            .count() as i64;
        assert_eq!(linked, s.items_covered);

        let table = app
            .comparison_report(built.draft_for_comments, built.revised)
            .await
            .unwrap();
        assert_eq!(table.rows.len() as i64, s.modifications);
        let with_items: std::collections::BTreeSet<i64> = table
            .rows
            .iter()
            .flat_map(|r| r.items.iter().map(|i| i.item))
            .collect();
        assert_eq!(with_items.len() as i64, s.items_covered);

        // Not recorded in this direction: compared afresh, the same count, no items.
        let reverse = app
            .comparison_report(built.revised, built.draft_for_comments)
            .await
            .unwrap();
        assert!(!reverse.rows.is_empty());
        assert!(reverse.rows.iter().all(|r| r.items.is_empty()));

        let e = app.explanation_report(built.dossier).await.unwrap();
        let voices: std::collections::BTreeSet<&str> = e
            .main_suggestions
            .iter()
            .map(|s| s.consultee.as_str())
            .collect();
        assert_eq!(
            voices.len(),
            e.main_suggestions.len(),
            "one suggestion per consultee"
        );
        assert_eq!(e.items, s.items);
        let revision = e.revision.clone().unwrap();
        assert_eq!(revision.modifications, s.modifications);
        assert_eq!(revision.items_covered, s.items_covered);
        for (kind, n) in &e.dispositions {
            assert_eq!(Some(n), s.dispositions.get(kind.code()));
        }
        let meetings: i64 = e.meetings.iter().map(|m| m.dates.len() as i64).sum();
        assert_eq!(meetings, s.meetings.values().sum::<i64>());
        let responses: i64 = e.consultations.iter().map(|c| c.responses).sum();
        assert_eq!(responses, s.responses);
        assert_eq!(e.drafting_group.leaders.len(), 1);
        assert!(!e.framework.parts.is_empty());
        assert!(e.framework.parts.iter().all(|p| !p.summary.is_empty()));

        let copy = app
            .draft_report(built.draft_for_comments, Some("东海省"))
            .await
            .unwrap();
        let number = copy.copy.unwrap().number;
        let again = app
            .draft_report(built.draft_for_comments, Some("东海省"))
            .await
            .unwrap();
        assert_eq!(
            again.copy.unwrap().number,
            number,
            "copy numbers are stable"
        );

        let missing = app
            .handling_report(DossierId(999), HandlingFilter::default())
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("999"), "{missing}");
        assert!(app
            .comparison_report(VersionId(998), built.revised)
            .await
            .unwrap_err()
            .to_string()
            .contains("998"));
        assert!(app
            .handling_report(
                built.dossier,
                HandlingFilter {
                    consultation: Some(ConsultationId(997)),
                    ..Default::default()
                }
            )
            .await
            .is_err());
        assert!(app
            .draft_report(built.revised, Some("东海省"))
            .await
            .is_err());
    }
);

on_both_backends!(
    drafters_summaries_replace_first_sentences_in_the_framework,
    |target: String| async move {
        let app = App::open(&target).await.unwrap();
        let built = demo::build(&app).await.unwrap();
        let before = app
            .explanation_report(built.dossier)
            .await
            .unwrap()
            .framework;
        let leader = Ctx::now(built.people["leader"]);
        app.summarize_part(&leader, built.revised, 2, "第一稿摘要。")
            .await
            .unwrap();
        app.summarize_part(&leader, built.revised, 2, "第二部分讲总体要求。")
            .await
            .unwrap();
        let after = app
            .explanation_report(built.dossier)
            .await
            .unwrap()
            .framework;
        assert_eq!(
            after.parts[1].summary, "第二部分讲总体要求。",
            "the latest counts"
        );
        assert_eq!(
            after.parts[0], before.parts[0],
            "other parts keep their first sentence"
        );
        let outsider = Ctx::now(built.people["r01-contact"]);
        assert!(app
            .summarize_part(&outsider, built.revised, 1, "x")
            .await
            .is_err());
        let err = app
            .summarize_part(&leader, built.revised, 99, "x")
            .await
            .unwrap_err();
        assert!(err.to_string().contains("no part number 99"), "{err}");
        assert!(app
            .summarize_part(&leader, built.revised, 1, "  ")
            .await
            .is_err());
        app.verify_audit(None).await.unwrap();
    }
);
