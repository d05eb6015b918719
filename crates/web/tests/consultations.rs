//! Setting up a consultation in the browser's form, and the recipients' status (not yet
//! opened → opened → draft saved → submitted) with the response rate, counted from the record.

mod support;

use support::*;
use yijian_app::RecipientStatus;
use yijian_core::ids::*;
use yijian_core::model::{BodyKind, Category, Respondent};

#[test]
fn open_a_consultation_by_category_and_by_name() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let released = w.demo.dossier.revised.to_string();
    w.rt.block_on(async {
        let (mut leader, csrf) = logged_in(addr, "leader").await;
        let form = leader
            .get(&format!("/dossiers/{dossier}/consultations/new"))
            .await;
        assert_eq!(form.status, 200);
        let bodies = w.app.bodies().await.unwrap();
        let regions: Vec<BodyId> = bodies
            .iter()
            .filter(|b| b.kind == BodyKind::Consultee && b.category == Some(Category::Region))
            .map(|b| b.id)
            .collect();
        let department = bodies
            .iter()
            .find(|b| b.kind == BodyKind::Consultee && b.category == Some(Category::Department))
            .unwrap();
        assert!(
            form.text().contains(&department.name),
            "bodies are offered by name"
        );
        let path = format!("/dossiers/{dossier}/consultations");
        let before = w.app.consultations(dossier).await.unwrap().len();
        let dept = department.id.to_string();
        let base = [
            ("csrf", csrf.as_str()),
            ("kind", "draft"),
            ("title", "补充征求意见"),
            ("version", released.as_str()),
        ];
        for (extra, why) in [
            (
                vec![("opens", "2030-01-01"), ("closes", "2030-01-31")],
                "no scope",
            ),
            (
                vec![
                    ("opens", "2030-02-01"),
                    ("closes", "2030-01-01"),
                    ("category", "region"),
                ],
                "closes before it opens",
            ),
            (
                vec![
                    ("opens", "2030-01-01"),
                    ("closes", "2030-01-31"),
                    ("category", "martians"),
                ],
                "unknown category",
            ),
            (
                vec![
                    ("opens", "someday"),
                    ("closes", "2030-01-31"),
                    ("category", "region"),
                ],
                "bad date",
            ),
        ] {
            let mut pairs = base.to_vec();
            pairs.extend(extra);
            let r = leader.post_form(&path, &pairs).await;
            assert_eq!(r.status, 422, "{why}: {}", r.text());
        }
        assert_eq!(
            w.app.consultations(dossier).await.unwrap().len(),
            before,
            "refusals opened nothing"
        );
        let mut pairs = base.to_vec();
        pairs.extend([
            ("opens", "2030-01-01"),
            ("closes", "2030-01-31"),
            ("category", "region"),
            ("body", dept.as_str()),
        ]);
        let r = leader.post_form(&path, &pairs).await;
        assert_eq!(r.status, 303, "{}", r.text());
        let id: i64 = r
            .header("location")
            .unwrap()
            .trim_start_matches("/consultations/")
            .parse()
            .unwrap();
        let leader_id = w.demo.dossier.people["leader"];
        let rec = w
            .app
            .recipients(leader_id, ConsultationId(id))
            .await
            .unwrap()
            .unwrap();
        let mut expected: Vec<Respondent> = regions.iter().map(|b| Respondent::Body(*b)).collect();
        expected.push(Respondent::Body(department.id));
        let mut got: Vec<Respondent> = rec.recipients.iter().map(|r| r.respondent).collect();
        expected.sort_by_key(|r| format!("{r}"));
        got.sort_by_key(|r| format!("{r}"));
        assert_eq!(
            got, expected,
            "every region, and the department chosen by name"
        );
        assert_eq!(
            rec.consultation.closes_at,
            yijian_core::time::Date::parse("2030-02-01")
                .unwrap()
                .start(),
            "the last day is inside the window"
        );
        assert!(rec
            .recipients
            .iter()
            .all(|r| r.status == RecipientStatus::NotOpened));
        // A member may not open a consultation.
        let (mut member, member_csrf) = logged_in(addr, "member").await;
        let mut pairs = vec![
            ("csrf", member_csrf.as_str()),
            ("kind", "draft"),
            ("title", "x"),
            ("version", released.as_str()),
        ];
        pairs.extend([
            ("opens", "2030-01-01"),
            ("closes", "2030-01-31"),
            ("category", "region"),
        ]);
        assert_eq!(member.post_form(&path, &pairs).await.status, 403);
    });
}

#[test]
fn recipients_status_and_response_rate() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let live = w.demo.live_consultation;
    let leader_id = w.demo.dossier.people["leader"];
    let r02 = Respondent::Body(w.demo.dossier.bodies["r02"]);
    let status = || async {
        let rec = w.app.recipients(leader_id, live).await.unwrap().unwrap();
        let s = rec
            .recipients
            .iter()
            .find(|r| r.respondent == r02)
            .unwrap()
            .status;
        (
            s,
            rec.count(RecipientStatus::Submitted),
            rec.recipients.len(),
        )
    };
    w.rt.block_on(async {
        let (mut leader, _) = logged_in(addr, "leader").await;
        assert_eq!(status().await.0, RecipientStatus::NotOpened);
        let html = leader.get(&format!("/consultations/{live}")).await.text();
        assert!(html.contains("id=\"recipients-summary\""));
        assert!(
            html.contains("反馈率 0.0%"),
            "nobody has submitted the live consultation yet"
        );
        let (mut consultee, csrf) = logged_in(addr, "consultee").await;
        assert_eq!(
            consultee
                .get(&format!("/consultations/{live}"))
                .await
                .status,
            200
        );
        assert_eq!(status().await.0, RecipientStatus::Opened);
        // Opening twice is one event.
        let _ = consultee.get(&format!("/consultations/{live}")).await;
        let r = consultee
            .post_form(
                &format!("/consultations/{live}/items"),
                &[
                    ("csrf", &csrf),
                    ("kind", "opinion"),
                    ("paragraph", ""),
                    ("text", "总体赞同。"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(status().await.0, RecipientStatus::DraftSaved);
        let r = consultee
            .post_form(&format!("/consultations/{live}/submit"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let (s, submitted, n) = status().await;
        assert_eq!((s, submitted), (RecipientStatus::Submitted, 1));
        let html = leader.get(&format!("/consultations/{live}")).await.text();
        let rate = format!("反馈率 {:.1}%", 100.0 / n as f64);
        assert!(html.contains(&rate), "{rate}");
        assert!(html.contains("已报送"));
    });
    let admin = w.demo.dossier.people["admin"];
    let opened =
        w.rt.block_on(w.app.audit_entries(admin, None, 1_000))
            .unwrap()
            .iter()
            .filter(|e| {
                e.action == "consultation.opened"
                    && e.subject.starts_with(&format!("consultation:{live} "))
            })
            .count();
    assert_eq!(opened, 1, "one audit entry for the first opening");
}
