//! The JSON API's operations over HTTP, each checked against the app's own use cases: the
//! consultee's response, items and submission; recipients; the workbench, dispositions and
//! assignments; comparison, publishing and links; the audit log. For each: the data for an
//! allowed caller, 404 for one who may not see the record (like a missing one), 401 without
//! a session, 422 for bad input — and nothing changed after a refusal.

mod support;

use std::net::SocketAddr;

use serde_json::{json, Value};
use support::*;
use yijian_app::{Ctx, NewItem};
use yijian_core::ids::*;
use yijian_core::model::{BlockKind, ItemKind};

async fn post(addr: SocketAddr, path: &str, token: &str, body: &str) -> Resp {
    let auth = format!("Bearer {token}");
    send(
        addr,
        "POST",
        path,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    )
    .await
}

async fn post_json(addr: SocketAddr, path: &str, token: &str, body: Value) -> Resp {
    post(addr, path, token, &body.to_string()).await
}

fn assert_error(r: &Resp, status: u16, code: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.text());
    let v = r.json();
    assert_eq!(v["error"], code, "{what}: {v}");
    assert!(v["message"].is_string(), "{what}: {v}");
    assert!(v["code"].is_string(), "{what}: {v}");
}

fn person(key: &str) -> PersonId {
    world().demo.dossier.people[key]
}

/// Fresh undisposed items from the consultee on the live consultation.
async fn fresh_items(texts: &[&str]) -> Vec<ItemId> {
    let w = world();
    let mut ids = Vec::new();
    for t in texts {
        let item = NewItem {
            kind: ItemKind::Suggestion,
            text: t.to_string(),
            paragraph: None,
            span: None,
        };
        let ctx = Ctx::new(person("r02-contact"), now());
        ids.push(
            w.app
                .add_item(&ctx, w.demo.live_consultation, &item)
                .await
                .unwrap(),
        );
    }
    ids
}

async fn own_items(id: ConsultationId) -> Vec<yijian_core::model::Item> {
    world()
        .app
        .own_response(person("r02-contact"), id, now())
        .await
        .unwrap()
        .unwrap()
        .items
}

/// The workbench as the app gives it, as JSON (to see that a refusal changed nothing).
async fn workbench_state() -> Value {
    let w = world();
    let wb = w
        .app
        .workbench(person("leader"), w.demo.dossier.dossier)
        .await
        .unwrap()
        .unwrap();
    serde_json::to_value(&wb.items).unwrap()
}

#[test]
fn the_consultee_reads_adds_to_and_submits_their_response() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let id = w.demo.live_consultation;
    let response = format!("/api/v1/consultations/{id}/response");
    let items = format!("/api/v1/consultations/{id}/items");
    let submit = format!("/api/v1/consultations/{id}/submit");
    w.rt.block_on(async {
        let consultee = token(addr, "consultee").await;
        let r = api_get(addr, &response, &consultee).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let before = own_items(id).await;
        assert_eq!(r.json()["items"].as_array().unwrap().len(), before.len());
        assert_eq!(r.json()["consultation"], id.0);

        let (_, blocks) = w.app.version(w.demo.dossier.revised).await.unwrap();
        let third = blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Item))
            .nth(2)
            .unwrap();
        let quote: String = third.text.chars().skip(4).take(6).collect();

        // Refusals, none of which writes anything.
        let long = "长".repeat(10_001);
        for (body, status, code, why) in [
            (r#"{"kind": "opinion", "text": "#.to_string(), 422, "invalid", "not JSON"),
            (r#"{"text": "没有类别"}"#.to_string(), 422, "invalid", "no kind"),
            (
                json!({"kind": "rant", "text": "未知类别"}).to_string(),
                422,
                "invalid",
                "unknown kind",
            ),
            (
                json!({"kind": "suggestion", "paragraph": 3, "quote": "这几个字不在段落里", "text": "改"})
                    .to_string(),
                422,
                "invalid",
                "quote not in the paragraph",
            ),
            (
                json!({"kind": "suggestion", "quote": quote, "text": "改"}).to_string(),
                422,
                "invalid",
                "a quote needs a paragraph",
            ),
            (
                json!({"kind": "suggestion", "paragraph": 99999, "text": "改"}).to_string(),
                422,
                "invalid",
                "no such paragraph",
            ),
            (
                json!({"kind": "suggestion", "paragraph": 0, "text": "改"}).to_string(),
                422,
                "invalid",
                "paragraph 0",
            ),
            (
                json!({"kind": "opinion", "text": long}).to_string(),
                422,
                "invalid",
                "too long",
            ),
        ] {
            let r = post(addr, &items, &consultee, &body).await;
            assert_error(&r, status, code, why);
        }
        let valid = json!({"kind": "suggestion", "paragraph": 3, "text": "不该写入的意见。"});
        let outsider = token(addr, "outsider").await;
        let missing = post_json(
            addr,
            "/api/v1/consultations/999999/items",
            &outsider,
            valid.clone(),
        )
        .await;
        assert_error(&missing, 404, "not_found", "missing consultation");
        let r = post_json(addr, &items, &outsider, valid.clone()).await;
        assert_error(&r, 404, "not_found", "outsider");
        assert_eq!(r.body, missing.body, "nothing tells the outsider it exists");
        let leader = token(addr, "leader").await;
        let r = post_json(addr, &items, &leader, valid.clone()).await;
        assert_error(&r, 403, "forbidden", "a record-holder has no response here");
        let r = send(
            addr,
            "POST",
            &items,
            &[("Content-Type", "application/json")],
            valid.to_string().as_bytes(),
        )
        .await;
        assert_error(&r, 401, "unauthenticated", "anonymous");
        assert_eq!(own_items(id).await, before, "the refusals wrote nothing");

        // Words of paragraph 3: stored as their span, shown with their number and quote.
        let r = post_json(
            addr,
            &items,
            &consultee,
            json!({"kind": "suggestion", "paragraph": 3, "quote": quote, "span_start": 4,
                   "text": "建议把这几个字改得更准确（API）。"}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.text());
        let new = ItemId(r.json()["id"].as_i64().unwrap());
        assert_eq!(r.json()["span"], json!([4, 10]));
        let stored = own_items(id).await;
        let item = stored.iter().find(|i| i.id == new).unwrap();
        let anchor = item.anchor.unwrap();
        assert_eq!(anchor.paragraph, third.paragraph);
        assert_eq!(anchor.span, Some((4, 10)));
        assert_eq!(item.kind, ItemKind::Suggestion);
        let general = post_json(
            addr,
            &items,
            &consultee,
            json!({"kind": "opinion", "text": "总体赞成（API）。"}),
        )
        .await;
        assert_eq!(general.status, 201, "{}", general.text());

        let v = api_get(addr, &response, &consultee).await.json();
        let listed = v["items"].as_array().unwrap();
        assert_eq!(listed.len(), stored.len() + 1);
        let shown = listed.iter().find(|i| i["id"] == new.0).unwrap();
        assert_eq!(shown["paragraph"]["number"], 3);
        assert_eq!(shown["paragraph"]["quote"], quote.as_str());
        assert_eq!(shown["paragraph"]["id"], third.paragraph.0);
        assert_eq!(shown["kind"], "suggestion");
        let g = listed.iter().find(|i| i["text"] == "总体赞成（API）。").unwrap();
        assert!(g["paragraph"].is_null(), "a general item: {g}");
        assert!(g["outcome"].is_null(), "the live consultation's handling is not published");

        // Submitting: refused for others, then the response is submitted.
        assert_error(
            &post(addr, &submit, &outsider, "").await,
            404,
            "not_found",
            "outsider submits",
        );
        assert_error(
            &send(addr, "POST", &submit, &[], b"").await,
            401,
            "unauthenticated",
            "anonymous submits",
        );
        let r = post(addr, &submit, &consultee, "").await;
        assert_eq!(r.status, 200, "{}", r.text());
        let own = w
            .app
            .own_response(person("r02-contact"), id, now())
            .await
            .unwrap()
            .unwrap();
        let submitted = own.response.unwrap();
        assert_eq!(r.json()["response"], submitted.id.0);
        let v = api_get(addr, &response, &consultee).await.json();
        assert_eq!(v["status"], "submitted");
        assert_eq!(v["submitted_at"], submitted.submitted_at.unwrap().0);

        // Who has no response here: 404, the same as for a missing consultation.
        let missing = api_get(addr, "/api/v1/consultations/999999/response", &outsider).await;
        assert_eq!(missing.status, 404);
        for who in [&outsider, &leader] {
            let r = api_get(addr, &response, who).await;
            assert_eq!((r.status, &r.body), (404, &missing.body));
        }
        assert_eq!(send(addr, "GET", &response, &[], b"").await.status, 401);
    });
}

#[test]
fn a_closed_consultation_shows_outcomes_but_not_the_draft() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let draft = w.demo.dossier.draft_consultation;
    w.rt.block_on(async {
        let own = w
            .app
            .own_response(person("r02-contact"), draft, now())
            .await
            .unwrap()
            .unwrap();
        let consultee = token(addr, "consultee").await;
        let r = api_get(
            addr,
            &format!("/api/v1/consultations/{draft}/response"),
            &consultee,
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), own.items.len());
        for i in items {
            let id = ItemId(i["id"].as_i64().unwrap());
            let outcome = &own.outcomes[&id];
            assert_eq!(i["outcome"]["disposition"], outcome.kind.to_string());
            assert_eq!(i["outcome"]["reason"], outcome.reason.as_str());
            if !i["paragraph"].is_null() {
                assert!(
                    i["paragraph"]["quote"].is_null() && i["paragraph"]["number"].is_null(),
                    "outside the window the draft's words are not given: {i}"
                );
            }
        }
        // Adding to a closed consultation is a conflict, and writes nothing.
        let r = post_json(
            addr,
            &format!("/api/v1/consultations/{draft}/items"),
            &consultee,
            json!({"kind": "opinion", "text": "太晚了。"}),
        )
        .await;
        assert_error(&r, 409, "conflict", "closed");
        assert_eq!(own_items(draft).await.len(), own.items.len());
    });
}

#[test]
fn api_submissions_are_rate_limited_like_the_pages() {
    let _serial = one_at_a_time();
    let w = world();
    let mut limited = config();
    limited.submissions_per_minute = 2;
    let addr = server(limited);
    let id = w.demo.live_consultation;
    w.rt.block_on(async {
        let consultee = token(addr, "consultee").await;
        let before = own_items(id).await.len();
        let mut statuses = Vec::new();
        for k in 0..4 {
            let r = post_json(
                addr,
                &format!("/api/v1/consultations/{id}/items"),
                &consultee,
                json!({"kind": "opinion", "text": format!("API 限流测试 {k}")}),
            )
            .await;
            statuses.push(r.status);
        }
        assert_eq!(statuses, [201, 201, 429, 429]);
        let r = post(
            addr,
            &format!("/api/v1/consultations/{id}/submit"),
            &consultee,
            "",
        )
        .await;
        assert_error(&r, 429, "rate_limited", "submitting counts too");
        assert_eq!(own_items(id).await.len(), before + 2);
    });
}

#[test]
fn a_cookie_caller_needs_the_csrf_header_to_change_anything() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let id = w.demo.live_consultation;
    w.rt.block_on(async {
        let mut c = Client::new(addr);
        assert_eq!(c.login("consultee", PASSWORD).await.status, 303);
        let csrf = field(&c.get("/").await.text(), "csrf").unwrap();
        let before = own_items(id).await.len();
        let body = json!({"kind": "opinion", "text": "经由会话的意见。"}).to_string();
        let path = format!("/api/v1/consultations/{id}/items");
        let r = c
            .request(
                "POST",
                &path,
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            )
            .await;
        assert_error(&r, 403, "csrf", "no header");
        assert_eq!(own_items(id).await.len(), before);
        let r = c
            .request(
                "POST",
                &path,
                &[
                    ("Content-Type", "application/json"),
                    ("X-CSRF-Token", csrf.as_str()),
                ],
                body.as_bytes(),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text());
        assert_eq!(own_items(id).await.len(), before + 1);
        // Reading needs no header.
        let r = c.get(&format!("/api/v1/consultations/{id}/response")).await;
        assert_eq!(r.status, 200);
    });
}

#[test]
fn record_holders_see_the_recipients() {
    // Its logins write audit entries: serial with the audit log's test, which counts them.
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let id = w.demo.live_consultation;
    let path = format!("/api/v1/consultations/{id}/recipients");
    w.rt.block_on(async {
        let leader = token(addr, "leader").await;
        let r = api_get(addr, &path, &leader).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let expected = w
            .app
            .recipients(person("leader"), id)
            .await
            .unwrap()
            .unwrap();
        let listed = v["recipients"].as_array().unwrap();
        assert_eq!(listed.len(), expected.recipients.len());
        assert!(!listed.is_empty());
        for (got, want) in listed.iter().zip(&expected.recipients) {
            assert_eq!(got["name"], want.name.as_str());
            assert_eq!(got["copy_no"], want.copy_no);
            assert_eq!(
                got["category"],
                serde_json::to_value(want.category).unwrap()
            );
            assert!(["not_opened", "opened", "draft_saved", "submitted"]
                .contains(&got["status"].as_str().unwrap()));
        }
        let rate = v["response_rate"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&rate));
        let counted: u64 = v["counts"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(counted as usize, listed.len());
        for who in ["reviewer", "auditor", "admin"] {
            let t = token(addr, who).await;
            assert_eq!(api_get(addr, &path, &t).await.status, 200, "{who}");
        }
        let missing = api_get(addr, "/api/v1/consultations/999999/recipients", &leader).await;
        assert_eq!(missing.status, 404);
        for who in ["consultee", "outsider"] {
            let t = token(addr, who).await;
            let r = api_get(addr, &path, &t).await;
            assert_eq!((r.status, &r.body), (404, &missing.body), "{who}");
        }
        assert_eq!(send(addr, "GET", &path, &[], b"").await.status, 401);
    });
}

/// Search through the API: the app's answer as JSON (marks as character ranges), 422 for
/// bad values, 404 for those who do not hold the record, 401 without a session.
#[test]
fn record_holders_search_the_public_comments() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let id = w.demo.dossier.public_consultation;
    let path = format!("/api/v1/consultations/{id}/search?q={}", encode("养老"));
    w.rt.block_on(async {
        let leader = token(addr, "leader").await;
        let r = api_get(addr, &path, &leader).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let ctx = Ctx::new(person("leader"), now());
        let want = w
            .app
            .search(&ctx, &yijian_app::SearchQuery::new(id, "养老"))
            .await
            .unwrap();
        assert!(want.total > 0, "the demo's comments speak of 养老");
        assert_eq!(v["total"], want.total);
        assert_eq!(v["exact"], want.exact);
        let hits = v["hits"].as_array().unwrap();
        assert_eq!(hits.len(), want.hits.len());
        for h in hits {
            assert_eq!(h["kind"], "comment");
            let text: Vec<char> = h["excerpt"]["text"].as_str().unwrap().chars().collect();
            for m in h["excerpt"]["marks"].as_array().unwrap() {
                let (s, e) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
                let marked: String = text[s as usize..e as usize].iter().collect();
                assert!(marked.contains("养老"), "{marked}");
            }
        }
        let r = api_get(
            addr,
            &format!("{path}&limit=1&region={}", encode("浙江")),
            &leader,
        )
        .await;
        assert_eq!(r.status, 200);
        assert!(r.json()["hits"].as_array().unwrap().len() <= 1);
        for bad in [
            "only=some",
            "from=2026-13-01",
            "paragraph=0",
            "limit=500",
            "campaign=999999",
        ] {
            let r = api_get(addr, &format!("{path}&{bad}"), &leader).await;
            assert_eq!(
                r.status,
                if bad.starts_with("campaign") {
                    404
                } else {
                    422
                },
                "{bad}: {}",
                r.text()
            );
        }
        let empty = api_get(addr, &format!("/api/v1/consultations/{id}/search"), &leader).await;
        assert_eq!(empty.status, 422, "no words: {}", empty.text());
        let missing = api_get(addr, "/api/v1/consultations/999999/search?q=x", &leader).await;
        assert_eq!(missing.status, 404);
        for who in ["consultee", "outsider"] {
            let t = token(addr, who).await;
            let r = api_get(addr, &path, &t).await;
            assert_eq!(r.status, 404, "{who}: {}", r.text());
        }
        assert_eq!(send(addr, "GET", &path, &[], b"").await.status, 401);
    });
}

#[test]
fn the_workbench_filters_disposes_and_assigns() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let items_path = format!("/api/v1/dossiers/{dossier}/items");
    let dispose = format!("/api/v1/dossiers/{dossier}/dispositions");
    let assign = format!("/api/v1/dossiers/{dossier}/assignments");
    w.rt.block_on(async {
        let fresh = fresh_items(&["API 工作台意见一", "API 工作台意见二", "API 工作台意见三"]).await;
        let leader = token(addr, "leader").await;
        let member = token(addr, "member").await;
        let wb = w
            .app
            .workbench(person("leader"), dossier)
            .await
            .unwrap()
            .unwrap();
        let r = api_get(addr, &items_path, &leader).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(v["total"], wb.items.len());
        assert_eq!(v["handled"], wb.handled());
        let first = &v["items"][0];
        let want = &wb.items[0];
        assert_eq!(first["id"], want.item.id.0);
        assert_eq!(first["consultee"], want.consultee.as_str());
        assert_eq!(
            first["disposition"],
            serde_json::to_value(want.disposition).unwrap()
        );
        let undisposed = wb.items.iter().filter(|i| i.disposition.is_none()).count();
        let r = api_get(addr, &format!("{items_path}?status=undisposed"), &leader).await;
        assert_eq!(r.json()["matching"], undisposed);
        assert!(r.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["disposition"].is_null()));
        let region = wb
            .items
            .iter()
            .filter(|i| i.category.map(|c| c.to_string()).as_deref() == Some("region"))
            .count();
        let r = api_get(addr, &format!("{items_path}?category=region"), &leader).await;
        assert_eq!(r.json()["matching"], region);
        let r = api_get(addr, &format!("{items_path}?assignee=none"), &leader).await;
        assert_eq!(
            r.json()["matching"],
            wb.items.iter().filter(|i| i.assignee.is_none()).count()
        );
        for bad in ["status=maybe", "category=planet", "assignee=someone", "page=-1"] {
            let r = api_get(addr, &format!("{items_path}?{bad}"), &leader).await;
            assert_error(&r, 422, "invalid", bad);
        }
        let missing = api_get(addr, "/api/v1/dossiers/999999/items", &leader).await;
        assert_eq!(missing.status, 404);
        for who in ["consultee", "outsider"] {
            let t = token(addr, who).await;
            let r = api_get(addr, &items_path, &t).await;
            assert_eq!((r.status, &r.body), (404, &missing.body), "{who}");
        }
        assert_eq!(send(addr, "GET", &items_path, &[], b"").await.status, 401);

        // Refusals change nothing.
        let before = workbench_state().await;
        let ids: Vec<i64> = fresh.iter().map(|i| i.0).collect();
        let valid = json!({"items": ids, "kind": "adopted", "status": "final", "reason": "采纳。"});
        for (body, status, code, why) in [
            (r#"{"items": [1], "kind": "#.to_string(), 422, "invalid", "not JSON"),
            (
                json!({"items": [], "kind": "adopted", "status": "final", "reason": "空"}).to_string(),
                422,
                "invalid",
                "no items",
            ),
            (
                json!({"items": ids, "kind": "maybe", "status": "final", "reason": "?"}).to_string(),
                422,
                "invalid",
                "unknown kind",
            ),
            (
                json!({"items": ids, "kind": "adopted", "status": "done", "reason": "?"}).to_string(),
                422,
                "invalid",
                "unknown status",
            ),
            (
                json!({"items": ids, "kind": "adopted", "reason": "?"}).to_string(),
                422,
                "invalid",
                "no status",
            ),
        ] {
            assert_error(&post(addr, &dispose, &leader, &body).await, status, code, why);
        }
        let r = post_json(addr, &dispose, &member, valid.clone()).await;
        assert_error(&r, 403, "forbidden", "a member may not finalise");
        let reviewer = token(addr, "reviewer").await;
        let proposal = json!({"items": ids, "kind": "adopted", "status": "proposed", "reason": "拟采纳。"});
        let r = post_json(addr, &dispose, &reviewer, proposal.clone()).await;
        assert_error(&r, 403, "forbidden", "a reviewer does not dispose");
        for who in ["consultee", "outsider"] {
            let t = token(addr, who).await;
            let r = post_json(addr, &dispose, &t, valid.clone()).await;
            assert_error(&r, 404, "not_found", who);
            let r = post_json(addr, &assign, &t, json!({"items": ids, "assignee": person("member1").0})).await;
            assert_error(&r, 404, "not_found", who);
        }
        let r = send(
            addr,
            "POST",
            &dispose,
            &[("Content-Type", "application/json")],
            valid.to_string().as_bytes(),
        )
        .await;
        assert_error(&r, 401, "unauthenticated", "anonymous");
        let assignment = json!({"items": ids, "assignee": person("member1").0});
        assert_error(
            &post_json(addr, &assign, &member, assignment.clone()).await,
            403,
            "forbidden",
            "a member does not share out items",
        );
        assert_error(
            &post_json(addr, &assign, &leader, json!({"items": [], "assignee": person("member1").0})).await,
            422,
            "invalid",
            "no items to assign",
        );
        assert_error(
            &post(addr, &assign, &leader, r#"{"items": [1]}"#).await,
            422,
            "invalid",
            "no assignee",
        );
        assert_eq!(workbench_state().await, before, "the refusals changed nothing");

        // A member proposes (the current disposition stays: only final ones count).
        let r = post_json(addr, &dispose, &member, proposal).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["dispositions"].as_array().unwrap().len(), 3);
        assert!(r.json()["group"].is_null());
        // The leader assigns them, then disposes of two as one group, the third on its own.
        let r = post_json(addr, &assign, &leader, assignment).await;
        assert_eq!((r.status, r.json()["assigned"].clone()), (200, json!(3)));
        let r = post_json(
            addr,
            &dispose,
            &leader,
            json!({"items": [ids[0], ids[1]], "kind": "partly_adopted", "status": "final",
                   "reason": "部分采纳。", "common_view": "都关于工作台"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let group = r.json()["group"].as_i64().expect("a new group");
        let r = post_json(
            addr,
            &dispose,
            &leader,
            json!({"items": [ids[2]], "kind": "not_adopted", "status": "final", "reason": "不采纳。"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let wb = w
            .app
            .workbench(person("leader"), dossier)
            .await
            .unwrap()
            .unwrap();
        let find = |id: ItemId| wb.items.iter().find(|i| i.item.id == id).unwrap();
        for id in &fresh[..2] {
            assert_eq!(find(*id).group, Some(GroupId(group)));
            assert_eq!(
                find(*id).disposition.map(|d| d.to_string()).as_deref(),
                Some("partly_adopted")
            );
        }
        assert_eq!(
            find(fresh[2]).disposition.map(|d| d.to_string()).as_deref(),
            Some("not_adopted")
        );
        assert!(fresh
            .iter()
            .all(|id| find(*id).assignee == Some(person("member1"))));
        let v = api_get(
            addr,
            &format!("{items_path}?assignee={}", person("member1")),
            &leader,
        )
        .await
        .json();
        let listed: Vec<i64> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect();
        assert!(fresh.iter().all(|id| listed.contains(&id.0)));
        let shown = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == fresh[0].0)
            .unwrap()
            .clone();
        assert_eq!(shown["group"], group);
        assert_eq!(shown["disposition"], "partly_adopted");
        assert_eq!(shown["assignee"], person("member1").0);
    });
}

#[test]
fn comparison_publishing_and_links() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let revised = w.demo.dossier.revised;
    let draft = w.demo.dossier.draft_for_comments;
    w.rt.block_on(async {
        let leader = token(addr, "leader").await;
        let member = token(addr, "member").await;
        let outsider = token(addr, "outsider").await;
        let consultee = token(addr, "consultee").await;
        let path = format!("/api/v1/versions/{revised}/comparison");
        let r = api_get(addr, &path, &leader).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let want = w
            .app
            .comparison(person("leader"), draft, revised)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(v["from"]["id"], draft.0, "the parent by default");
        assert_eq!(v["count"], want.comparison.count());
        assert_eq!(
            v["rows"].as_array().unwrap().len(),
            want.comparison.rows.len()
        );
        assert_eq!(v["recorded"].as_array().unwrap().len(), want.recorded.len());
        let parts: u64 = v["by_part"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["modifications"].as_u64().unwrap())
            .sum();
        assert_eq!(parts as usize, want.comparison.count());
        let row = &v["rows"][0];
        let engine = &want.comparison.rows[0];
        assert_eq!(row["old_text"], engine.old_text.as_str());
        assert_eq!(row["new_text"], engine.new_text.as_str());
        assert_eq!(
            row["new_marks"].as_array().unwrap().len(),
            engine.new_marks.len()
        );
        for m in &want.recorded {
            let got = v["recorded"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == m.id.0)
                .unwrap();
            let links: Vec<i64> = want
                .links
                .get(&m.id)
                .map(|l| l.iter().map(|i| i.0).collect())
                .unwrap_or_default();
            assert_eq!(got["items"], json!(links));
        }
        let explicit = api_get(addr, &format!("{path}?from={draft}"), &leader).await;
        assert_eq!(explicit.json(), v);
        assert_error(
            &api_get(addr, &format!("{path}?from=abc"), &leader).await,
            422,
            "invalid",
            "from is not a number",
        );
        let missing = api_get(addr, "/api/v1/versions/999999/comparison", &leader).await;
        assert_eq!(missing.status, 404);
        for t in [&outsider, &consultee] {
            let r = api_get(addr, &path, t).await;
            assert_eq!((r.status, &r.body), (404, &missing.body));
        }
        assert_eq!(send(addr, "GET", &path, &[], b"").await.status, 401);

        // A new revision: one sentence added → one modification once published.
        let (_, blocks) = w.app.version(revised).await.unwrap();
        let first = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .unwrap();
        let (_, text) = w
            .app
            .version_markdown(person("leader"), revised)
            .await
            .unwrap()
            .unwrap();
        let edited = text.replacen(&first.text, &format!("{}接口新增的一句话。", first.text), 1);
        let new = w
            .app
            .import_version(
                &Ctx::new(person("leader"), now()),
                w.demo.dossier.dossier,
                "接口稿",
                "api.md",
                edited.as_bytes(),
                Some(revised),
            )
            .await
            .unwrap();
        let cmp = api_get(addr, &format!("/api/v1/versions/{new}/comparison"), &leader)
            .await
            .json();
        assert_eq!(cmp["count"], 1);
        assert_eq!(cmp["recorded"], json!([]));
        let marks = &cmp["rows"][0]["new_marks"][0];
        let new_text: Vec<char> = cmp["rows"][0]["new_text"]
            .as_str()
            .unwrap()
            .chars()
            .collect();
        let marked: String = new_text
            [marks["start"].as_u64().unwrap() as usize..marks["end"].as_u64().unwrap() as usize]
            .iter()
            .collect();
        assert!(marked.contains("接口新增的一句话"), "{marked}");

        let publish = format!("/api/v1/versions/{new}/publish");
        assert_error(
            &post(addr, &publish, &member, "").await,
            403,
            "forbidden",
            "member",
        );
        for t in [&outsider, &consultee] {
            assert_error(
                &post(addr, &publish, t, "").await,
                404,
                "not_found",
                "outsider",
            );
        }
        assert_error(
            &send(addr, "POST", &publish, &[], b"").await,
            401,
            "unauthenticated",
            "anonymous",
        );
        let (v, _) = w.app.version(new).await.unwrap();
        assert!(v.released_at.is_none(), "the refusals released nothing");
        let r = post(addr, &publish, &leader, "").await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["modifications_recorded"], 1);
        let (v, _) = w.app.version(new).await.unwrap();
        assert!(v.released_at.is_some());
        assert_error(
            &post(addr, &publish, &leader, "").await,
            409,
            "conflict",
            "twice",
        );

        // Linking the recorded modification to an item.
        let recorded = w.app.modifications(revised, new).await.unwrap();
        assert_eq!(recorded.len(), 1);
        let m = recorded[0].id;
        let item = fresh_items(&["API 修改关联的意见"]).await[0];
        let link = format!("/api/v1/modifications/{m}/items");
        let missing = post_json(
            addr,
            "/api/v1/modifications/999999/items",
            &outsider,
            json!({"items": [item.0]}),
        )
        .await;
        assert_error(&missing, 404, "not_found", "missing modification");
        for t in [&outsider, &consultee] {
            let r = post_json(addr, &link, t, json!({"items": [item.0]})).await;
            assert_eq!(
                (r.status, &r.body),
                (404, &missing.body),
                "nothing tells that the modification exists"
            );
        }
        let reviewer = token(addr, "reviewer").await;
        assert_error(
            &post_json(addr, &link, &reviewer, json!({"items": [item.0]})).await,
            403,
            "forbidden",
            "a reviewer does not link",
        );
        assert_error(
            &post_json(addr, &link, &member, json!({"items": []})).await,
            422,
            "invalid",
            "empty",
        );
        assert_error(
            &post(addr, &link, &member, r#"{"items": "#).await,
            422,
            "invalid",
            "not JSON",
        );
        assert_error(
            &post_json(addr, &link, &member, json!({"items": ["x"]})).await,
            422,
            "invalid",
            "not ids",
        );
        let linked = || async {
            w.app
                .comparison(person("leader"), revised, new)
                .await
                .unwrap()
                .unwrap()
                .links
                .get(&m)
                .cloned()
                .unwrap_or_default()
        };
        assert!(linked().await.is_empty(), "the refusals linked nothing");
        let r = post_json(addr, &link, &member, json!({"items": [item.0]})).await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["linked"], 1);
        assert_eq!(linked().await, vec![item]);
        let cmp = api_get(addr, &format!("/api/v1/versions/{new}/comparison"), &leader)
            .await
            .json();
        assert_eq!(cmp["recorded"][0]["items"], json!([item.0]));
        assert_eq!(cmp["rows"][0]["recorded"], json!([m.0]));
    });
}

#[test]
fn the_audit_log_for_auditors_and_administrators() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    w.rt.block_on(async {
        let auditor = token(addr, "auditor").await;
        let r = api_get(addr, "/api/v1/audit", &auditor).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        let want = w
            .app
            .audit_entries(person("auditor"), None, 200)
            .await
            .unwrap();
        let entries = v["entries"].as_array().unwrap();
        assert_eq!(entries.len(), want.len());
        assert_eq!(entries[0]["seq"], want[0].seq);
        assert_eq!(entries[0]["hash"], want[0].hash.as_str());
        assert_eq!(entries[0]["action"], want[0].action.as_str());
        let older = v["older"]
            .as_i64()
            .expect("the demo has more than 200 entries");
        assert_eq!(older, want.last().unwrap().seq);
        let next = api_get(addr, &format!("/api/v1/audit?before={older}"), &auditor)
            .await
            .json();
        assert_eq!(next["entries"][0]["seq"], older - 1);
        assert_error(
            &api_get(addr, "/api/v1/audit?before=x", &auditor).await,
            422,
            "invalid",
            "before",
        );

        let r = api_get(addr, "/api/v1/audit/verify", &auditor).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(v["ok"], true, "{v}");
        let report = w.app.verify_audit(None).await.unwrap();
        assert!(v["entries"].as_i64().unwrap() <= report.entries);
        assert_eq!(v["items_checked"], report.items_checked);
        let head = v["head"].as_str().unwrap().to_string();
        let r = api_get(
            addr,
            &format!("/api/v1/audit/verify?checkpoint={head}"),
            &auditor,
        )
        .await;
        assert_eq!(r.json()["ok"], true, "the log extends its own head");
        let wrong = format!("/api/v1/audit/verify?checkpoint=3:{}", "0".repeat(64));
        let r = api_get(addr, &wrong, &auditor).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["ok"], false);
        assert!(r.json()["failure"].is_string());
        assert_error(
            &api_get(addr, "/api/v1/audit/verify?checkpoint=nonsense", &auditor).await,
            422,
            "invalid",
            "malformed checkpoint",
        );
        let admin = token(addr, "admin").await;
        assert_eq!(api_get(addr, "/api/v1/audit", &admin).await.status, 200);

        // Everyone else: the log does not exist for them, whatever they ask.
        let missing = api_get(addr, "/api/v1/nothing", &auditor).await;
        assert_eq!(missing.status, 404);
        for who in ["leader", "member", "reviewer", "consultee", "outsider"] {
            let t = token(addr, who).await;
            for path in [
                "/api/v1/audit",
                "/api/v1/audit/verify",
                "/api/v1/audit/verify?checkpoint=nonsense",
            ] {
                let r = api_get(addr, path, &t).await;
                assert_error(&r, 404, "not_found", &format!("{who} {path}"));
            }
        }
        for path in ["/api/v1/audit", "/api/v1/audit/verify"] {
            assert_eq!(send(addr, "GET", path, &[], b"").await.status, 401);
        }
    });
}

/// Every `$ref` in the document points at something it defines.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_describes_every_operation() {
    let addr = server(config());
    let doc = send(addr, "GET", "/api/v1/openapi.json", &[], b"")
        .await
        .json();
    assert_eq!(doc["openapi"], "3.0.3");
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in &all {
        let pointer = r.trim_start_matches('#');
        assert!(doc.pointer(pointer).is_some(), "unresolved {r}");
    }
    let paths = doc["paths"].as_object().unwrap();
    for (path, op, body, query) in [
        ("/consultations/{id}/response", "get", None, &[][..]),
        (
            "/consultations/{id}/items",
            "post",
            Some("ItemRequest"),
            &[][..],
        ),
        ("/consultations/{id}/submit", "post", None, &[][..]),
        ("/consultations/{id}/recipients", "get", None, &[][..]),
        (
            "/dossiers/{id}/items",
            "get",
            None,
            &["status", "category", "assignee", "page"][..],
        ),
        (
            "/dossiers/{id}/dispositions",
            "post",
            Some("DispositionRequest"),
            &[][..],
        ),
        (
            "/dossiers/{id}/assignments",
            "post",
            Some("AssignmentRequest"),
            &[][..],
        ),
        ("/versions/{id}/comparison", "get", None, &["from"][..]),
        ("/versions/{id}/publish", "post", None, &[][..]),
        (
            "/modifications/{id}/items",
            "post",
            Some("LinkRequest"),
            &[][..],
        ),
        ("/audit", "get", None, &["before"][..]),
        ("/audit/verify", "get", None, &["checkpoint"][..]),
    ] {
        let o = &paths[path][op];
        assert!(o.is_object(), "{op} {path}");
        assert!(o["summary"].is_string());
        let names: Vec<&str> = o["parameters"]
            .as_array()
            .map(|p| p.iter().map(|p| p["name"].as_str().unwrap()).collect())
            .unwrap_or_default();
        if path.contains("{id}") {
            assert!(names.contains(&"id"), "{op} {path}: {names:?}");
        }
        for q in query {
            assert!(names.contains(q), "{op} {path}: {q}");
        }
        let responses = o["responses"].as_object().unwrap();
        for code in ["401", "403", "404"] {
            assert!(responses.contains_key(code), "{op} {path}: {code}");
        }
        match body {
            Some(schema) => {
                assert_eq!(
                    o["requestBody"]["content"]["application/json"]["schema"]["$ref"],
                    format!("#/components/schemas/{schema}")
                );
                assert!(responses.contains_key("422"), "{op} {path}: 422");
            }
            None => assert!(o.get("requestBody").is_none(), "{op} {path}"),
        }
        if !query.is_empty() {
            assert!(responses.contains_key("422"), "{op} {path}: 422");
        }
    }
    assert!(paths["/consultations/{id}/items"]["post"]["responses"]
        .as_object()
        .unwrap()
        .contains_key("201"));
}

/// The API says an error in the caller's language (`Accept-Language`, zh-CN otherwise) and
/// gives its stable `code` beside the `error` kind: a broken rule of the domain, a bad value
/// the web layer found, JSON that does not parse, a record that is not there.
#[test]
fn errors_are_said_in_the_callers_language() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let assign = format!("/api/v1/dossiers/{dossier}/assignments");
    w.rt.block_on(async {
        let fresh = fresh_items(&["API 错误语言意见"]).await;
        let leader = token(addr, "leader").await;
        let auth = format!("Bearer {leader}");
        let ask = |lang: &'static str, path: String, body: String| {
            let auth = auth.clone();
            async move {
                let mut headers = vec![
                    ("Authorization", auth.as_str()),
                    ("Content-Type", "application/json"),
                ];
                if !lang.is_empty() {
                    headers.push(("Accept-Language", lang));
                }
                send(addr, "POST", &path, &headers, body.as_bytes()).await
            }
        };
        let outsider = json!({"items": [fresh[0].0], "assignee": person("r02-contact").0});
        let empty = json!({"items": [], "assignee": person("member1").0});
        for (body, code, zh, en) in [
            (
                outsider.to_string(),
                "domain-assignee-not-drafter",
                "意见只能分配给起草组成员",
                "Items are assigned to members of the drafting group only",
            ),
            (
                empty.to_string(),
                "web-no-items",
                "请至少选择一条意见",
                "Select at least one item",
            ),
        ] {
            let r = ask("", assign.clone(), body.clone()).await;
            assert_error(&r, 422, "invalid", code);
            assert_eq!(
                (r.json()["code"].clone(), r.json()["message"].clone()),
                (json!(code), json!(zh))
            );
            let r = ask("en-GB,en;q=0.9", assign.clone(), body).await;
            assert_error(&r, 422, "invalid", code);
            assert_eq!(
                (r.json()["code"].clone(), r.json()["message"].clone()),
                (json!(code), json!(en))
            );
        }
        let r = ask("en", assign.clone(), r#"{"items": [1], "#.into()).await;
        assert_error(&r, 422, "invalid", "not JSON");
        assert_eq!(r.json()["code"], "web-unreadable");
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("The request could not be read"));
        let r = ask("zh-CN", assign.clone(), r#"{"items": [1], "#.into()).await;
        assert!(r.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("请求无法读取"));
        let r = ask(
            "",
            "/api/v1/dossiers/999999/assignments".into(),
            empty.to_string(),
        )
        .await;
        assert_error(&r, 404, "not_found", "a missing dossier");
        assert_eq!(
            (r.json()["code"].clone(), r.json()["message"].clone()),
            (json!("error-not_found"), json!("未找到该页面或内容"))
        );
        let r = ask("en", "/api/v1/no/such/route".into(), String::new()).await;
        assert_eq!(
            (r.status, r.json()["message"].clone()),
            (404, json!("No such API route"))
        );
    });
    let wb =
        w.rt.block_on(w.app.workbench(person("leader"), dossier))
            .unwrap()
            .unwrap();
    assert!(wb
        .items
        .iter()
        .all(|i| i.assignee != Some(person("r02-contact"))));
}
