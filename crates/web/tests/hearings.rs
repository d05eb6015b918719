//! Hearing minutes through HTTP: record a hearing, minute items heard (speaker, body,
//! paragraph), see them listed; refusals change nothing.

mod support;

use support::*;
use yijian_core::model::ItemSource;

#[test]
fn minute_a_hearing_and_its_items() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let live = w.demo.live_consultation;
    let leader_id = w.demo.dossier.people["leader"];
    let path = format!("/consultations/{live}/hearings");
    let count = || async { w.app.hearings(leader_id, live).await.unwrap().unwrap().1 };
    w.rt.block_on(async {
        let (mut leader, csrf) = logged_in(addr, "leader").await;
        assert_eq!(leader.get(&path).await.status, 200);
        let before = count().await.len();
        for (title, date) in [("", "2030-01-05"), ("座谈会", "5 Jan")] {
            let r = leader
                .post_form(
                    &path,
                    &[("csrf", &csrf), ("title", title), ("held_on", date)],
                )
                .await;
            assert_eq!(r.status, 422, "{title:?} {date:?}");
        }
        assert_eq!(count().await.len(), before);
        let r = leader
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("title", "基层代表座谈会"),
                    ("held_on", "2030-01-05"),
                    ("minutes", "与会代表12人。"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let hearings = count().await;
        let hearing = hearings.last().unwrap().hearing.id;
        let body = w.demo.dossier.bodies["r01"].to_string();
        let items = format!("/hearings/{hearing}/items");
        let consultation = live.to_string();
        let r = leader
            .post_form(
                &items,
                &[
                    ("csrf", &csrf),
                    ("speaker", "王代表"),
                    ("body", &body),
                    ("kind", "suggestion"),
                    ("paragraph", "2"),
                    ("text", "建议增加对社区工作者的支持。"),
                    ("consultation", &consultation),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        // Refused: an unknown kind, no speaker, a hearing named with another consultation.
        for pairs in [
            vec![("kind", "rumour"), ("speaker", "李代表")],
            vec![("kind", "opinion"), ("speaker", " ")],
        ] {
            let mut form = vec![
                ("csrf", csrf.as_str()),
                ("text", "意见"),
                ("consultation", consultation.as_str()),
            ];
            form.extend(pairs);
            assert_eq!(leader.post_form(&items, &form).await.status, 422);
        }
        let other = w.demo.dossier.draft_consultation.to_string();
        let r = leader
            .post_form(
                &items,
                &[
                    ("csrf", &csrf),
                    ("speaker", "李代表"),
                    ("kind", "opinion"),
                    ("text", "意见"),
                    ("consultation", &other),
                ],
            )
            .await;
        assert_eq!(r.status, 404);
        let all = count().await;
        let heard = &all.last().unwrap().items;
        assert_eq!(heard.len(), 1, "only the good item was minuted");
        let item = &heard[0];
        assert_eq!(item.source, ItemSource::Hearing);
        assert_eq!(item.speaker.as_deref(), Some("王代表"));
        assert_eq!(item.body, Some(w.demo.dossier.bodies["r01"]));
        assert!(item.anchor.is_some(), "on paragraph 2");
        let html = leader.get(&path).await.text();
        assert!(html.contains("王代表") && html.contains("建议增加对社区工作者的支持。"));
        // A reviewer reads the minutes but does not write them; an outsider does not see them.
        let mut reviewer = Client::new(addr);
        assert_eq!(reviewer.login("reviewer", PASSWORD).await.status, 303);
        assert_eq!(reviewer.get(&path).await.status, 200);
        let rcsrf = field(&reviewer.get("/").await.text(), "csrf").unwrap();
        let r = reviewer
            .post_form(
                &path,
                &[("csrf", &rcsrf), ("title", "x"), ("held_on", "2030-01-06")],
            )
            .await;
        assert_eq!(r.status, 403);
        let mut outsider = Client::new(addr);
        assert_eq!(outsider.login("outsider", PASSWORD).await.status, 303);
        assert_eq!(outsider.get(&path).await.status, 404);
    });
}
