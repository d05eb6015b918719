//! The consultee's comments on selected words: the quoted words become the item's span in
//! the paragraph (found by characters; the page's hint tells repeated words apart), and bad
//! quotes are refused without writing anything.

mod support;

use support::*;
use yijian_core::model::BlockKind;

#[test]
fn a_comment_on_selected_words_keeps_their_span() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let id = w.demo.live_consultation;
    let path = format!("/consultations/{id}");
    let consultee = w.demo.dossier.people["r02-contact"];
    w.rt.block_on(async {
        let mut c = Client::new(addr);
        assert_eq!(c.login("consultee", PASSWORD).await.status, 303);
        let page = c.get(&path).await;
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(
            html.contains("/assets/select-1.js"),
            "the selection script is loaded"
        );
        let csrf = field(&html, "csrf").unwrap();
        let (_, blocks) = w.app.version(w.demo.dossier.revised).await.unwrap();
        let third = blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Item))
            .nth(2)
            .unwrap();
        let quote: String = third.text.chars().skip(4).take(6).collect();
        let before = w
            .app
            .own_response(consultee, id, now())
            .await
            .unwrap()
            .unwrap()
            .items
            .len();
        for (pairs, why) in [
            (
                vec![("paragraph", "3"), ("quote", "这几个字不在段落里")],
                "quote not in the paragraph",
            ),
            (
                vec![("paragraph", ""), ("quote", quote.as_str())],
                "a quote needs a paragraph",
            ),
            (
                vec![("paragraph", "99999"), ("quote", quote.as_str())],
                "no such paragraph",
            ),
        ] {
            let mut form = vec![
                ("csrf", csrf.as_str()),
                ("kind", "suggestion"),
                ("text", "建议修改。"),
            ];
            form.extend(pairs);
            let r = c.post_form(&format!("{path}/items"), &form).await;
            assert_eq!(r.status, 422, "{why}: {}", r.text());
        }
        let after = w
            .app
            .own_response(consultee, id, now())
            .await
            .unwrap()
            .unwrap()
            .items
            .len();
        assert_eq!(after, before, "refusals wrote nothing");

        let r = c
            .post_form(
                &format!("{path}/items"),
                &[
                    ("csrf", &csrf),
                    ("kind", "suggestion"),
                    ("paragraph", "3"),
                    ("quote", &quote),
                    ("span_start", "4"),
                    ("text", "建议把这几个字改得更准确。"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let own = w
            .app
            .own_response(consultee, id, now())
            .await
            .unwrap()
            .unwrap();
        let item = own
            .items
            .iter()
            .find(|i| i.text == "建议把这几个字改得更准确。")
            .unwrap();
        let anchor = item.anchor.unwrap();
        assert_eq!(anchor.paragraph, third.paragraph);
        assert_eq!(anchor.span, Some((4, 10)));
        let html = c.get(&path).await.text();
        assert!(
            html.contains(&format!("<q>{quote}</q>")),
            "the quoted words are shown with the item"
        );
    });
}

#[test]
fn submissions_are_rate_limited_per_person() {
    let _serial = one_at_a_time();
    let w = world();
    let mut limited = config();
    limited.submissions_per_minute = 3;
    let addr = server(limited);
    let id = w.demo.live_consultation;
    let consultee = w.demo.dossier.people["r02-contact"];
    w.rt.block_on(async {
        let (mut c, csrf) = logged_in(addr, "consultee").await;
        let count = || async {
            w.app
                .own_response(consultee, id, now())
                .await
                .unwrap()
                .unwrap()
                .items
                .len()
        };
        let before = count().await;
        let mut statuses = Vec::new();
        for k in 0..5 {
            let text = format!("限流测试意见 {k}");
            let r = c
                .post_form(
                    &format!("/consultations/{id}/items"),
                    &[
                        ("csrf", &csrf),
                        ("kind", "opinion"),
                        ("paragraph", ""),
                        ("text", &text),
                    ],
                )
                .await;
            statuses.push(r.status);
        }
        assert_eq!(statuses, [303, 303, 303, 429, 429]);
        assert_eq!(
            count().await,
            before + 3,
            "refused submissions wrote nothing"
        );
    });
}

#[test]
fn after_the_handling_is_published_a_consultee_sees_what_became_of_each_item() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let draft = w.demo.dossier.draft_consultation;
    let consultee = w.demo.dossier.people["r02-contact"];
    w.rt.block_on(async {
        let own = w
            .app
            .own_response(consultee, draft, now())
            .await
            .unwrap()
            .unwrap();
        assert!(!own.items.is_empty());
        assert_eq!(
            own.outcomes.len(),
            own.items.len(),
            "every item of the demo has its outcome"
        );
        let mut c = Client::new(addr);
        assert_eq!(c.login("consultee", PASSWORD).await.status, 303);
        let html = c.get(&format!("/consultations/{draft}")).await.text();
        assert_eq!(html.matches("class=\"outcome\"").count(), own.items.len());
        let first = &own.outcomes[&own.items[0].id];
        assert!(html.contains(&first.reason), "the reason is shown");
        // Nobody else's outcomes: the outsider does not see the consultation at all.
        let mut outsider = Client::new(addr);
        assert_eq!(outsider.login("outsider", PASSWORD).await.status, 303);
        assert_eq!(
            outsider
                .get(&format!("/consultations/{draft}"))
                .await
                .status,
            404
        );
        // The leader sees the publication on the dashboard; publishing twice is refused.
        let mut leader = Client::new(addr);
        assert_eq!(leader.login("leader", PASSWORD).await.status, 303);
        let dossier = w.demo.dossier.dossier;
        let page = leader.get(&format!("/dossiers/{dossier}")).await.text();
        assert!(page.contains("id=\"handling\""));
        let csrf = field(&page, "csrf").unwrap();
        let again = leader
            .post_form(&format!("/dossiers/{dossier}/handling"), &[("csrf", &csrf)])
            .await;
        assert_eq!(again.status, 409);
    });
}

#[test]
fn invalid_utf8_is_refused_and_writes_nothing() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let id = w.demo.live_consultation;
    let consultee = w.demo.dossier.people["r02-contact"];
    w.rt.block_on(async {
        let (mut c, csrf) = logged_in(addr, "consultee").await;
        let before = w
            .app
            .own_response(consultee, id, now())
            .await
            .unwrap()
            .unwrap()
            .items
            .len();
        let origin = format!("http://{addr}");
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        let path = format!("/consultations/{id}/items");
        let mut raw = format!("csrf={csrf}&kind=opinion&paragraph=&text=").into_bytes();
        raw.extend([0xff, 0xfe]);
        let escaped = format!("csrf={csrf}&kind=opinion&paragraph=&text=%FF%FE%80").into_bytes();
        for body in [escaped, raw] {
            let r = c.request("POST", &path, &headers, &body).await;
            assert!(matches!(r.status, 400 | 422), "{}: {}", r.status, r.text());
        }
        let token = token(addr, "consultee").await;
        let auth = format!("Bearer {token}");
        let mut raw = b"{\"username\":\"".to_vec();
        raw.extend([0xff, 0xfe]);
        raw.extend(b"\",\"password\":\"x\"}");
        let r = send(
            addr,
            "POST",
            "/api/v1/login",
            &[
                ("Content-Type", "application/json"),
                ("Authorization", &auth),
            ],
            &raw,
        )
        .await;
        assert!(matches!(r.status, 400 | 422), "{}", r.status);
        assert!(r.json()["error"].is_string(), "a JSON error");
        let after = w
            .app
            .own_response(consultee, id, now())
            .await
            .unwrap()
            .unwrap()
            .items
            .len();
        assert_eq!(after, before);
    });
}

#[test]
fn own_items_are_changed_and_withdrawn_until_the_close() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let live = w.demo.live_consultation;
    let consultee = w.demo.dossier.people["r02-contact"];
    w.rt.block_on(async {
        let (mut c, csrf) = logged_in(addr, "consultee").await;
        let r = c
            .post_form(
                &format!("/consultations/{live}/items"),
                &[
                    ("csrf", &csrf),
                    ("kind", "opinion"),
                    ("paragraph", ""),
                    ("text", "初稿意见"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let own = w
            .app
            .own_response(consultee, live, now())
            .await
            .unwrap()
            .unwrap();
        let item = own.items.iter().find(|i| i.text == "初稿意见").unwrap().id;
        let page = c.get(&format!("/consultations/{live}")).await.text();
        assert!(
            page.contains(&format!("/items/{item}/edit")),
            "the page offers to change it"
        );
        let consultation = live.to_string();
        let edit = format!("/items/{item}/edit");
        // Bad input and another consultation's id change nothing.
        for (form, status) in [
            (vec![("kind", "rumour"), ("text", "改")], 422),
            (vec![("kind", "opinion"), ("text", "  ")], 422),
        ] {
            let mut f = vec![
                ("csrf", csrf.as_str()),
                ("consultation", consultation.as_str()),
            ];
            f.extend(form);
            assert_eq!(c.post_form(&edit, &f).await.status, status);
        }
        let other = w.demo.dossier.draft_consultation.to_string();
        let r = c
            .post_form(
                &edit,
                &[
                    ("csrf", &csrf),
                    ("consultation", &other),
                    ("kind", "opinion"),
                    ("text", "改"),
                ],
            )
            .await;
        assert_eq!(
            r.status, 404,
            "not an item of that consultation's own response"
        );
        let r = c
            .post_form(
                &edit,
                &[
                    ("csrf", &csrf),
                    ("consultation", &consultation),
                    ("kind", "suggestion"),
                    ("text", "修改后的意见"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let own = w
            .app
            .own_response(consultee, live, now())
            .await
            .unwrap()
            .unwrap();
        let changed = own.items.iter().find(|i| i.id == item).unwrap();
        assert_eq!(changed.text, "修改后的意见");
        // Another consultee-side user cannot touch it: the outsider gets 404.
        let (mut outsider, ocsrf) = logged_in(addr, "outsider").await;
        let r = outsider
            .post_form(
                &format!("/items/{item}/withdraw"),
                &[("csrf", &ocsrf), ("consultation", &consultation)],
            )
            .await;
        assert_eq!(r.status, 404);
        // Withdrawn: gone from the response, kept in the record.
        let r = c
            .post_form(
                &format!("/items/{item}/withdraw"),
                &[("csrf", &csrf), ("consultation", &consultation)],
            )
            .await;
        assert_eq!(r.status, 303);
        let own = w
            .app
            .own_response(consultee, live, now())
            .await
            .unwrap()
            .unwrap();
        assert!(own.items.iter().all(|i| i.id != item));
        w.app.verify_audit(None).await.unwrap();
    });
}
