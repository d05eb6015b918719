//! The drafting group at work, and the auditor: the leader disposes of the consultee's new
//! items on the analysis workbench (filtered to the undisposed, two ticked, gathered into a
//! group under a common view and adopted), revises the draft in the browser's editor,
//! reads the comparison (count, insertions, deletions), publishes the revision and links a
//! modification to an item; the auditor verifies the audit log. Every figure the pages show
//! is compared with the record.

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;
use yijian_core::ids::{ItemId, ModificationId, PersonId, VersionId};
use yijian_core::model::DispositionKind;

use crate::consultee::Comment;
use crate::harness::Browser;
use crate::support::world;

fn leader() -> PersonId {
    world().demo.dossier.people["leader"]
}

async fn workbench() -> yijian_app::Workbench {
    world()
        .app
        .workbench(leader(), world().demo.dossier.dossier)
        .await
        .expect("workbench")
        .expect("the leader sees the workbench")
}

fn progress_text(handled: usize, total: usize) -> String {
    format!("已处理 {handled} / 共 {total} 条")
}

async fn select(b: &Browser, css: &str, value: &str) {
    SelectElement::new(&b.wait(css).await)
        .await
        .unwrap_or_else(|e| panic!("{css:?} is not a select: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{css:?} has no option {value:?}: {e}"));
}

/// Choose a status in the filter form and apply it (a GET form: the page reloads).
async fn filter_status(b: &Browser, status: &str) {
    select(b, "form.filters select[name='status']", status).await;
    b.wait("form.filters button[type='submit']")
        .await
        .click()
        .await
        .unwrap();
    let want = format!("status={status}&");
    let deadline = std::time::Instant::now() + crate::harness::TIMEOUT;
    while !b.path().await.contains(&want) {
        assert!(
            std::time::Instant::now() < deadline,
            "the filter {status:?} was not applied: {}",
            b.path().await
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    b.wait("#progress").await;
}

/// The workbench: the consultee's two new items among the undisposed, disposed of as one
/// group (adopted, final) under a common view; progress moves by exactly two.
pub async fn workbench_group(b: &Browser, comment: &Comment) {
    let w = world();
    let dossier = w.demo.dossier.dossier;
    b.login("leader").await;
    let dash = format!("/dossiers/{}", dossier.0);
    b.goto(&dash).await;
    let page = format!("/dossiers/{}/items", dossier.0);
    b.wait(&format!("a[href='{page}']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&page).await;
    let before = workbench().await;
    let total = before.items.len();
    let handled = before.handled();
    assert_eq!(
        b.wait("#progress").await.text().await.unwrap(),
        progress_text(handled, total)
    );

    // Only the undisposed: exactly the record's undisposed items, the consultee's two among
    // them.
    filter_status(b, "undisposed").await;
    let chosen = SelectElement::new(&b.wait("form.filters select[name='status']").await)
        .await
        .unwrap()
        .first_selected_option()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        chosen, "未处理",
        "the page comes back with its filter shown"
    );
    let rows = b
        .script(
            "return Array.from(document.querySelectorAll('#selection tbody tr'))
               .map(r => ({ id: r.id, class: r.className }));",
        )
        .await;
    let rows = rows.as_array().expect("rows");
    let mut shown: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    shown.sort();
    let mut open: Vec<String> = before
        .items
        .iter()
        .filter(|i| i.disposition.is_none())
        .map(|i| format!("item{}", i.item.id.0))
        .collect();
    open.sort();
    assert_eq!(
        shown, open,
        "the undisposed filter shows the undisposed items"
    );
    assert!(rows.iter().all(|r| r["class"] == "open"));
    for id in &comment.items {
        assert!(
            shown.contains(&format!("item{}", id.0)),
            "the consultee's item {id} is undisposed"
        );
    }

    // Tick the two, adopt them as one group, final.
    for id in &comment.items {
        let tick = b.wait(&format!("#item{} input[name='item']", id.0)).await;
        tick.scroll_into_view().await.unwrap();
        tick.click().await.unwrap();
        assert!(tick.is_selected().await.unwrap());
    }
    b.wait("#selection fieldset.actions")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    select(b, "#selection select[name='kind']", "adopted").await;
    select(b, "#selection select[name='status']", "final").await;
    let reason = "两条意见均有道理，予以采纳。（浏览器测试）";
    let common = "建议细化公开要求并限定适用范围。";
    b.wait("#selection textarea[name='reason']")
        .await
        .send_keys(reason)
        .await
        .unwrap();
    b.wait("#selection textarea[name='common_view']")
        .await
        .send_keys(common)
        .await
        .unwrap();
    b.wait("#selection button[name='action'][value='group']")
        .await
        .click()
        .await
        .unwrap();

    // Back on the undisposed view: progress moved by exactly two, the two are gone from it.
    let moved = progress_text(handled + 2, total);
    b.wait_text("#progress", &moved).await;
    b.screenshot("08a-workbench-progress").await;
    assert!(b.path().await.contains("status=undisposed"));
    for id in &comment.items {
        assert!(b.all(&format!("#item{}", id.0)).await.is_empty());
    }
    let after = workbench().await;
    assert_eq!(after.handled(), handled + 2, "two more items handled");
    assert_eq!(after.items.len(), total);
    let mine: Vec<_> = after
        .items
        .iter()
        .filter(|i| comment.items.contains(&i.item.id))
        .collect();
    assert_eq!(mine.len(), 2);
    let group = mine[0].group.expect("the items are grouped");
    for i in &mine {
        assert_eq!(i.disposition, Some(DispositionKind::Adopted));
        assert_eq!(i.group, Some(group), "one group");
    }

    // The adopted ones: the two rows show the disposition and their group.
    filter_status(b, "adopted").await;
    for id in &comment.items {
        let cell = b.wait(&format!("#item{} td.disposition", id.0)).await;
        let text = cell.text().await.unwrap();
        assert!(
            text.contains("采纳") && text.contains(&format!("组 {}", group.0)),
            "item {id}: {text:?}"
        );
        let class = b
            .wait(&format!("#item{}", id.0))
            .await
            .attr("class")
            .await
            .unwrap();
        assert_eq!(class.as_deref(), Some("disposed"));
    }
    b.wait(&format!("#item{}", comment.items[0].0))
        .await
        .scroll_into_view()
        .await
        .unwrap();
    b.screenshot("08b-workbench-grouped").await;
}

/// Where a sentence is added and which word is deleted in the revision.
const APPEND_AFTER: &str = "报告推进基层治理现代化的进展情况。";
const APPENDED: &str = "各地要每半年向社会公开一次实施进展。";
const DELETE_IN: &str = "不搞一刀切，坚决防止";
const DELETED: &str = "坚决";

/// Revise in the browser, read the comparison, publish, link a modification to an item.
pub async fn revise_publish_link(b: &Browser, comment: &Comment) {
    let w = world();
    let dossier = w.demo.dossier.dossier;
    let dash = format!("/dossiers/{}", dossier.0);
    b.goto(&dash).await;
    let page = format!("/dossiers/{}/revise", dossier.0);
    b.wait(&format!("a[href='{page}']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&page).await;

    // The editor holds the latest version's text.
    let record = w
        .app
        .dossier_record(leader(), dossier)
        .await
        .unwrap()
        .expect("the dossier");
    let parent = record.versions.last().expect("a version").id;
    b.wait("#revision-text").await;
    let shown_parent = b
        .all("form.revise input[type='hidden'][name='parent']")
        .await
        .first()
        .expect("the form names the version it revises")
        .prop("value")
        .await
        .unwrap();
    assert_eq!(shown_parent, Some(parent.0.to_string()));
    let (_, markdown) = w
        .app
        .version_markdown(leader(), parent)
        .await
        .unwrap()
        .expect("the parent's text");
    let area = b.wait("#revision-text").await;
    assert_eq!(
        area.prop("value").await.unwrap().as_deref(),
        Some(markdown.as_str()),
        "the editor is filled with the latest version's text"
    );

    // Edit: a sentence appended to one paragraph, a word deleted in another.
    let edited = b
        .script(&format!(
            "const t = document.getElementById('revision-text');
             const v = t.value;
             const count = s => v.split(s).length - 1;
             const counts = [count({APPEND_AFTER:?}), count({DELETE_IN:?})];
             t.value = v.replace({APPEND_AFTER:?}, {APPEND_AFTER:?} + {APPENDED:?})
                        .replace({DELETE_IN:?}, {kept:?});
             t.dispatchEvent(new Event('input', {{ bubbles: true }}));
             return counts;",
            kept = DELETE_IN.replace(DELETED, "")
        ))
        .await;
    assert_eq!(
        edited,
        serde_json::json!([1, 1]),
        "each edited place is found once in the text"
    );
    let label = "浏览器测试修订稿";
    b.wait("form.revise input[name='label']")
        .await
        .send_keys(label)
        .await
        .unwrap();
    let save = b.wait("form.revise button[type='submit']").await;
    save.scroll_into_view().await.unwrap();
    save.click().await.unwrap();

    // The comparison of the new version with its parent.
    b.wait("#modification-count").await;
    let path = b.path().await;
    let new: i64 = path
        .strip_prefix("/versions/")
        .and_then(|r| r.strip_suffix(&format!("/compare?from={}", parent.0)))
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not the comparison with the parent: {path}"));
    let new = VersionId(new);
    assert_eq!(b.wait("h1").await.text().await.unwrap(), "修改对照");
    let compare = |to: VersionId| async move {
        world()
            .app
            .comparison(leader(), parent, to)
            .await
            .unwrap()
            .expect("the comparison")
    };
    let c = compare(new).await;
    assert_eq!(c.to.label, label);
    assert!(c.to.released_at.is_none(), "saved as a draft");
    let count = c.comparison.count();
    assert!(count >= 2, "two places changed: the engine counts {count}");
    assert_eq!(
        b.wait("#modification-count").await.text().await.unwrap(),
        format!("共修改 {count} 处"),
        "the page shows the engine's count"
    );
    let ins = b.texts("table.compare td.new ins").await;
    assert!(
        ins.iter().any(|t| t.contains(APPENDED)),
        "the added sentence is marked inserted: {ins:?}"
    );
    let del = b.texts("table.compare td.old del").await;
    assert!(
        del.iter().any(|t| t.contains(DELETED)),
        "the deleted word is marked deleted: {del:?}"
    );
    assert_eq!(
        b.all("table.compare tbody tr").await.len(),
        c.comparison.rows.len(),
        "one row per changed paragraph"
    );
    b.screenshot("09-comparison").await;

    // Publish: released, the modifications recorded — as many as counted.
    let publish = b.wait("#publish").await;
    publish.scroll_into_view().await.unwrap();
    publish.click().await.unwrap();
    b.wait_text("p.status", "已记录修改").await;
    assert_eq!(
        b.path().await,
        format!("/versions/{}/compare?from={}", new.0, parent.0)
    );
    assert!(b.all("#publish").await.is_empty(), "published once");
    let c = compare(new).await;
    assert!(c.to.released_at.is_some(), "the revision is released");
    let recorded = w.app.modifications(parent, new).await.unwrap();
    assert_eq!(recorded.len(), count, "one modification recorded per count");
    assert_eq!(
        b.wait("p.status").await.text().await.unwrap(),
        format!("共修改 {count} 处 · 已记录修改 {count} 处")
    );

    // Link the first modification to the consultee's first item, through its form.
    let form = b.wait(".links form").await;
    form.scroll_into_view().await.unwrap();
    let action = form.attr("action").await.unwrap().unwrap_or_default();
    let modification = ModificationId(
        action
            .strip_prefix("/modifications/")
            .and_then(|r| r.strip_suffix("/items"))
            .and_then(|id| id.parse().ok())
            .unwrap_or_else(|| panic!("a link form's action: {action:?}")),
    );
    assert!(recorded.iter().any(|m| m.id == modification));
    let item: ItemId = comment.items[0];
    form.find(By::Css("input[name='items']"))
        .await
        .unwrap()
        .send_keys(item.0.to_string())
        .await
        .unwrap();
    form.find(By::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_text(".links", &format!("依据意见 {}", item.0)).await;
    let c = compare(new).await;
    assert_eq!(
        c.links.get(&modification).map(Vec::as_slice),
        Some(&[item][..]),
        "the modification is linked to the item"
    );
    b.wait_text(".links", &format!("依据意见 {}", item.0))
        .await
        .scroll_into_view()
        .await
        .unwrap();
    b.screenshot("10-comparison-published-linked").await;
}

/// The auditor verifies the audit log from the audit view.
pub async fn audit_verify(b: &Browser) {
    let auditor = world().demo.dossier.people["auditor"];
    b.login("auditor").await;
    b.wait("a[href='/audit']").await.click().await.unwrap();
    b.wait_path("/audit").await;
    assert!(
        !b.all("table.audit tbody tr").await.is_empty(),
        "the newest entries are listed"
    );
    b.wait("#verify").await.click().await.unwrap();
    let line = b.wait("#verified").await.text().await.unwrap();
    assert!(b.all("#failure").await.is_empty());
    let report = world()
        .app
        .verify_audit_as(auditor, None)
        .await
        .expect("the log verifies");
    assert!(
        line.starts_with("校验通过")
            && line.contains(&format!("{} 条记录", report.entries))
            && line.contains(&report.head.to_string()),
        "{line:?} against {} entries, head {}",
        report.entries,
        report.head
    );
    b.screenshot("11-audit-verified").await;
}
