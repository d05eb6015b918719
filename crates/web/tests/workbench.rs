//! The analysis workbench through HTTP: progress counted from the record, filters, assigning,
//! disposing of each item and of a selection as a group, and bad input that changes nothing.

mod support;

use support::*;
use yijian_app::{Ctx, NewItem};
use yijian_core::ids::*;
use yijian_core::model::ItemKind;

/// Three fresh items from the consultee on the live consultation (not yet disposed).
fn fresh_items(texts: &[&str]) -> Vec<ItemId> {
    let w = world();
    let consultee = w.demo.dossier.people["r02-contact"];
    w.rt.block_on(async {
        let mut ids = Vec::new();
        for t in texts {
            let item = NewItem {
                kind: ItemKind::Suggestion,
                text: t.to_string(),
                paragraph: None,
                span: None,
            };
            ids.push(
                w.app
                    .add_item(&Ctx::new(consultee, now()), w.demo.live_consultation, &item)
                    .await
                    .unwrap(),
            );
        }
        ids
    })
}

fn handled_and_total() -> (usize, usize) {
    world().rt.block_on(counts())
}

async fn counts() -> (usize, usize) {
    let w = world();
    let leader = w.demo.dossier.people["leader"];
    let wb = w.app.workbench(leader, w.demo.dossier.dossier).await;
    let wb = wb.unwrap().unwrap();
    (wb.handled(), wb.items.len())
}

#[test]
fn the_workbench_counts_filters_assigns_and_disposes() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let path = format!("/dossiers/{dossier}/items");
    let ids = fresh_items(&[
        "建议增加<script>alert(1)</script>关于数据安全的表述。",
        "建议把“数字经济”写得更具体。",
        "建议补充对基层的要求。",
    ]);
    let (handled, total) = handled_and_total();
    let undisposed_before = total - handled;
    assert!(undisposed_before >= 3, "the fresh items are undisposed");
    w.rt.block_on(async {
        let (mut leader, csrf) = logged_in(addr, "leader").await;
        let page = leader.get(&path).await;
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(
            html.contains(&format!("已处理 {handled} / 共 {total} 条")),
            "progress from the record"
        );
        assert!(
            (html.contains("&#60;script&#62;alert(1)") || html.contains("&lt;script&gt;alert(1)")),
            "item text is escaped"
        );
        assert!(!html.contains("<script>alert(1)"));

        let undisposed = leader
            .get(&format!("{path}?status=undisposed"))
            .await
            .text();
        for id in &ids {
            assert!(
                undisposed.contains(&format!("id=\"item{id}\"")),
                "item {id} listed"
            );
        }
        assert_eq!(
            undisposed.matches("<tr id=\"item").count(),
            undisposed_before,
            "only the undisposed ({handled} handled of {total})"
        );

        // Assign two to the member; the assignee filter finds exactly those.
        let member = w.demo.dossier.people["member1"];
        let (a, b) = (ids[0].to_string(), ids[1].to_string());
        let r = leader
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("action", "assign"),
                    ("item", &a),
                    ("item", &b),
                    ("assignee", &member.to_string()),
                    ("back", "status=undisposed"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        assert_eq!(
            r.header("location"),
            Some(format!("{path}?status=undisposed").as_str())
        );
        let mine = leader
            .get(&format!("{path}?assignee={member}&status=undisposed"))
            .await
            .text();
        assert_eq!(mine.matches("<tr id=\"item").count(), 2);

        // Dispose of the selection as one group, finally: progress moves by two.
        let r = leader
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("action", "group"),
                    ("item", &a),
                    ("item", &b),
                    ("kind", "adopted"),
                    ("status", "final"),
                    ("reason", "已在修改稿中体现"),
                    ("common_view", "建议把表述写得更具体"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        assert_eq!(counts().await, (handled + 2, total));
        let by_status = leader.get(&format!("{path}?by=status")).await.text();
        assert!(by_status.contains("采纳"));
        let left = leader
            .get(&format!("{path}?status=undisposed"))
            .await
            .text();
        assert_eq!(left.matches("<tr id=\"item").count(), undisposed_before - 2);
    });
}

#[test]
fn refusals_change_nothing() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let path = format!("/dossiers/{dossier}/items");
    let ids = fresh_items(&["建议删去重复的表述。"]);
    let id = ids[0].to_string();
    let before = handled_and_total();
    w.rt.block_on(async {
        let (mut member, csrf) = logged_in(addr, "member").await;
        // A member may propose, not decide.
        let r = member
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("action", "dispose"),
                    ("item", &id),
                    ("kind", "adopted"),
                    ("status", "final"),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, 403, "{}", r.text());
        // Nor assign.
        let r = member
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("action", "assign"),
                    ("item", &id),
                    ("assignee", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, 403);
        // Bad input: no selection, an unknown disposition, a forged token, a bad id.
        for (pairs, status) in [
            (
                vec![
                    ("csrf", csrf.as_str()),
                    ("action", "dispose"),
                    ("kind", "adopted"),
                ],
                422,
            ),
            (
                vec![
                    ("csrf", csrf.as_str()),
                    ("action", "dispose"),
                    ("item", id.as_str()),
                    ("kind", "maybe"),
                ],
                422,
            ),
            (
                vec![
                    ("csrf", "forged"),
                    ("action", "dispose"),
                    ("item", id.as_str()),
                    ("kind", "adopted"),
                ],
                403,
            ),
            (
                vec![
                    ("csrf", csrf.as_str()),
                    ("action", "dispose"),
                    ("item", "x1"),
                    ("kind", "adopted"),
                ],
                422,
            ),
            (
                vec![
                    ("csrf", csrf.as_str()),
                    ("action", "explode"),
                    ("item", id.as_str()),
                ],
                422,
            ),
        ] {
            let r = member.post_form(&path, &pairs).await;
            assert_eq!(r.status, status, "{pairs:?}: {}", r.text());
        }
        // An item of this dossier disposed through another dossier's URL is refused.
        let r = member
            .post_form(
                "/dossiers/999/items",
                &[
                    ("csrf", &csrf),
                    ("action", "dispose"),
                    ("item", &id),
                    ("kind", "adopted"),
                ],
            )
            .await;
        assert_eq!(r.status, 404);
        // The group form with one bad member leaves no group behind.
        let r = member
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("action", "group"),
                    ("item", &id),
                    ("item", "999999"),
                    ("kind", "adopted"),
                    ("common_view", "共同意见"),
                ],
            )
            .await;
        assert_eq!(r.status, 404, "{}", r.text());
    });
    assert_eq!(handled_and_total(), before);
    let leader = w.demo.dossier.people["leader"];
    let wb =
        w.rt.block_on(w.app.workbench(leader, dossier))
            .unwrap()
            .unwrap();
    let item = wb.items.iter().find(|i| i.item.id == ids[0]).unwrap();
    assert_eq!(item.group, None, "the failed group was rolled back");
    assert_eq!(item.assignee, None);
}

/// The text of an error page's detail line and its heading.
fn detail_and_title(r: &Resp) -> (String, String) {
    let html = r.text();
    let between = |open: &str, close: &str| {
        html.split(open)
            .nth(1)
            .and_then(|s| s.split(close).next())
            .unwrap_or_else(|| panic!("no {open} in {html}"))
            .to_string()
    };
    (
        between("<p class=\"detail\">", "</p>"),
        between("<h1>", "</h1>"),
    )
}

/// An error page says what was wrong from the message files, in the page's language: a
/// broken rule of the domain (items go to members of the drafting group only) and a bad form
/// (nothing selected) — in zh-CN by default, with no English left, and in English once the
/// language switch is set. The refusals change nothing.
#[test]
fn error_pages_speak_the_pages_language() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let path = format!("/dossiers/{dossier}/items");
    let ids = fresh_items(&["建议把这一段写得更具体一些。"]);
    let id = ids[0].to_string();
    let not_a_drafter = w.demo.dossier.people["r02-contact"].to_string();
    let before = handled_and_total();
    w.rt.block_on(async {
        let (mut leader, csrf) = logged_in(addr, "leader").await;
        let assign = [
            ("csrf", csrf.as_str()),
            ("action", "assign"),
            ("item", id.as_str()),
            ("assignee", not_a_drafter.as_str()),
        ];
        let nothing_selected = [
            ("csrf", csrf.as_str()),
            ("action", "dispose"),
            ("kind", "adopted"),
        ];
        let chinese = |(detail, title): &(String, String)| {
            assert!(
                !detail
                    .chars()
                    .chain(title.chars())
                    .any(|c| c.is_ascii_alphabetic()),
                "no English on a zh-CN page: {title} / {detail}"
            );
        };

        let r = leader.post_form(&path, &assign).await;
        assert_eq!(r.status, 422, "{}", r.text());
        let zh = detail_and_title(&r);
        assert_eq!(zh.0, "意见只能分配给起草组成员");
        assert_eq!(zh.1, "输入有误");
        chinese(&zh);
        let r = leader.post_form(&path, &nothing_selected).await;
        assert_eq!(r.status, 422, "{}", r.text());
        let zh = detail_and_title(&r);
        assert_eq!(zh.0, "请至少选择一条意见");
        chinese(&zh);

        leader.cookies.insert("yijian_lang".into(), "en".into());
        let r = leader.post_form(&path, &assign).await;
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(
            detail_and_title(&r),
            (
                "Items are assigned to members of the drafting group only".to_string(),
                "The input is not valid".to_string()
            )
        );
        let r = leader.post_form(&path, &nothing_selected).await;
        assert_eq!(detail_and_title(&r).0, "Select at least one item");
    });
    assert_eq!(handled_and_total(), before);
    let leader = w.demo.dossier.people["leader"];
    let wb =
        w.rt.block_on(w.app.workbench(leader, dossier))
            .unwrap()
            .unwrap();
    let item = wb.items.iter().find(|i| i.item.id == ids[0]).unwrap();
    assert_eq!(item.assignee, None, "the refused assignment wrote nothing");
}
