//! Review and adoption through HTTP: meetings, a submission to the plenary, a
//! group-discussion opinion, the adoption; refusals change nothing.

mod support;

use support::*;

#[test]
fn meetings_submission_opinions_adoption() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let d = w.demo.dossier.dossier;
    let leader_id = w.demo.dossier.people["leader"];
    let record = || async { w.app.review_record(leader_id, d).await.unwrap().unwrap() };
    let (standing, plenary) = (
        w.demo.dossier.bodies["standing"].to_string(),
        w.demo.dossier.bodies["plenary"].to_string(),
    );
    let revised = w.demo.dossier.revised.to_string();
    w.rt.block_on(async {
        let before = record().await;
        assert_eq!(before.meetings.len(), 5);
        let mut reviewer = Client::new(addr);
        assert_eq!(reviewer.login("reviewer", PASSWORD).await.status, 303);
        let page = reviewer.get(&format!("/dossiers/{d}/review")).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.text().matches("<tr class=\"meeting\">").count(), 5);
        let csrf = field(&reviewer.get("/").await.text(), "csrf").unwrap();
        let meetings = format!("/dossiers/{d}/meetings");
        let bad = reviewer
            .post_form(
                &meetings,
                &[
                    ("csrf", &csrf),
                    ("body", &standing),
                    ("version", &revised),
                    ("on", "2030-02-01"),
                    ("decision", "maybe"),
                ],
            )
            .await;
        assert_eq!(bad.status, 422);
        let ok = reviewer
            .post_form(
                &meetings,
                &[
                    ("csrf", &csrf),
                    ("body", &standing),
                    ("version", &revised),
                    ("on", "2030-02-01"),
                    ("decision", "approved"),
                    ("minutes", "原则同意。"),
                ],
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.text());
        assert_eq!(record().await.meetings.len(), 6);
        // A reviewer does not submit to the plenary; the leader does.
        let submissions = format!("/dossiers/{d}/submissions");
        let form = [
            ("csrf", csrf.as_str()),
            ("body", plenary.as_str()),
            ("version", revised.as_str()),
            ("on", "2030-02-02"),
        ];
        assert_eq!(reviewer.post_form(&submissions, &form).await.status, 403);
        let (mut leader, lcsrf) = logged_in(addr, "leader").await;
        let form = [
            ("csrf", lcsrf.as_str()),
            ("body", plenary.as_str()),
            ("version", revised.as_str()),
            ("on", "2030-02-02"),
        ];
        assert_eq!(leader.post_form(&submissions, &form).await.status, 303);
        let after = record().await;
        assert_eq!(after.submissions.len(), before.submissions.len() + 1);
        let new = after.submissions.last().unwrap().submission.id.to_string();
        let old = before.submissions[0].submission.id.to_string();
        // An opinion on the new submission; none on the adopted one.
        let opinions = format!("/dossiers/{d}/opinions");
        let r = leader
            .post_form(
                &opinions,
                &[
                    ("csrf", &lcsrf),
                    ("submission", &new),
                    ("speaker", "张委员"),
                    ("kind", "suggestion"),
                    ("text", "建议进一步精简文字。"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let r = leader
            .post_form(
                &opinions,
                &[
                    ("csrf", &lcsrf),
                    ("submission", &old),
                    ("speaker", "张委员"),
                    ("kind", "suggestion"),
                    ("text", "迟到的意见"),
                ],
            )
            .await;
        assert_eq!(
            r.status, 422,
            "the discussion of an adopted submission is over"
        );
        let after = record().await;
        assert_eq!(after.submissions.last().unwrap().opinions.len(), 1);
        // Adoption: once.
        let adoption = format!("/dossiers/{d}/adoption");
        let form = [
            ("csrf", lcsrf.as_str()),
            ("submission", new.as_str()),
            ("version", revised.as_str()),
            ("on", "2030-02-03"),
        ];
        assert_eq!(leader.post_form(&adoption, &form).await.status, 303);
        assert_eq!(leader.post_form(&adoption, &form).await.status, 409);
        let done = record().await;
        assert!(done
            .submissions
            .last()
            .unwrap()
            .submission
            .adopted_on
            .is_some());
        let html = leader.get(&format!("/dossiers/{d}/review")).await.text();
        assert!(html.contains("建议进一步精简文字。") && html.contains("class=\"adopted\""));
    });
}
