//! The drafting group's side: the leader opens the dossier dashboard (the nine steps, the
//! versions, the consultations), a version with its heat map, and clicks a paragraph's
//! count — htmx loads its items into the side panel without leaving the page. Every number
//! the pages show is compared with the record.

use std::collections::HashMap;

use thirtyfour::prelude::*;
use yijian_core::ids::{ParagraphId, VersionId};

use crate::consultee::Comment;
use crate::harness::Browser;
use crate::support::world;

/// One paragraph of the version page as the browser shows it.
struct ShownParagraph {
    number: u32,
    text: String,
    count: usize,
    /// Public comments shown beside the items (0 when none are shown).
    comments: usize,
    heat: u8,
    paragraph: ParagraphId,
}

async fn text_of(e: &WebElement, css: &str) -> String {
    e.find(By::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no {css:?} inside the element: {err}"))
        .text()
        .await
        .expect("an element's text")
}

/// Read the version page's paragraphs and check them against the record: numbered 1..n, in
/// the version's order, each with the record's count of items and a heat class that grows
/// with it.
async fn heat_map(b: &Browser, version: VersionId) -> Vec<ShownParagraph> {
    let leader = world().demo.dossier.people["leader"];
    let record = world()
        .app
        .version_record(leader, version)
        .await
        .unwrap()
        .expect("the leader sees the version");
    let h1 = b.wait("h1").await.text().await.unwrap();
    assert_eq!(h1, record.version.label);
    b.wait(".legend .heat5").await;
    // One script reads the whole map (one WebDriver round trip instead of five per
    // paragraph); `innerText` is the text as rendered, like WebDriver's element text.
    let read = b
        .script(
            "return Array.from(document.querySelectorAll('article.draft .para')).map(e => ({
               number: e.querySelector('span.num').innerText,
               text: e.querySelector('p').innerText,
               count: e.querySelector('a.count').innerText,
               comments: (e.querySelector('.public-count') || {innerText: ''}).innerText,
               class: e.className,
               shown: e.getClientRects().length > 0,
             }));",
        )
        .await;
    let mut blocks = record.blocks.iter();
    let mut shown = Vec::new();
    for row in read.as_array().expect("an array of paragraphs") {
        let field = |name: &str| row[name].as_str().unwrap_or_default().to_string();
        let number: u32 = field("number").trim().parse().unwrap();
        assert_eq!(row["shown"], true, "paragraph {number} is displayed");
        let text = field("text");
        let count_text = field("count");
        let count: usize = count_text
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("paragraph {number}'s count reads {count_text:?}"));
        assert!(count_text.trim().ends_with("条意见"), "{count_text:?}");
        let comments_text = field("comments");
        let comments: usize = comments_text
            .split_whitespace()
            .find_map(|w| w.replace(',', "").parse().ok())
            .unwrap_or(0);
        let class = field("class");
        let heat = class
            .split_whitespace()
            .find_map(|c| c.strip_prefix("heat"))
            .and_then(|h| h.parse().ok())
            .unwrap_or_else(|| panic!("paragraph {number} has no heat class: {class:?}"));
        let block = blocks
            .find(|bl| bl.text.trim() == text.trim())
            .unwrap_or_else(|| {
                panic!("paragraph {number} ({text:?}) is not in the version, in order")
            });
        shown.push(ShownParagraph {
            number,
            text,
            count,
            comments,
            heat,
            paragraph: block.paragraph,
        });
    }
    assert!(shown.len() >= 3, "{} paragraphs shown", shown.len());
    let numbers: Vec<u32> = shown.iter().map(|p| p.number).collect();
    let expected: Vec<u32> = (1..=shown.len() as u32).collect();
    assert_eq!(numbers, expected, "paragraphs are numbered 1..n");
    let per: &HashMap<ParagraphId, usize> = &record.items_per_paragraph;
    for p in &shown {
        let want = per.get(&p.paragraph).copied().unwrap_or(0);
        assert_eq!(p.count, want, "paragraph {}'s count", p.number);
        let public = record
            .comments_per_paragraph
            .get(&p.paragraph)
            .copied()
            .unwrap_or(0);
        assert_eq!(
            p.comments, public,
            "paragraph {}'s public comments",
            p.number
        );
        assert_eq!(
            p.heat == 0,
            p.count + p.comments == 0,
            "paragraph {}: heat {}",
            p.number,
            p.heat
        );
    }
    let total: usize = shown.iter().map(|p| p.count).sum();
    assert_eq!(
        total,
        per.values().sum::<usize>(),
        "every anchored item is on the map"
    );
    let hottest = shown
        .iter()
        .map(|p| p.count + p.comments)
        .max()
        .unwrap_or(0);
    if hottest > 0 {
        assert!(shown
            .iter()
            .filter(|p| p.count + p.comments == hottest)
            .all(|p| p.heat == 5));
        let mut by_count: Vec<(usize, u8)> = shown
            .iter()
            .map(|p| (p.count + p.comments, p.heat))
            .collect();
        by_count.sort();
        assert!(
            by_count.windows(2).all(|w| w[0].1 <= w[1].1),
            "more items never mean less heat: {by_count:?}"
        );
    }
    shown
}

/// Click a paragraph's count and wait for htmx to put its items into the side panel; the
/// page itself stays.
async fn open_items(b: &Browser, page: &str, p: &ShownParagraph) {
    let link = b.wait(&format!("#p{} a.count", p.number)).await;
    link.scroll_into_view().await.unwrap();
    link.click().await.unwrap();
    let heading = format!("第{}段", p.number);
    b.wait_text("#items .paragraph-items h2", &heading).await;
    assert_eq!(
        b.path().await,
        page,
        "htmx swapped the panel, no navigation"
    );
    let quoted = b.wait("#items .paragraph-items blockquote").await;
    assert_eq!(quoted.text().await.unwrap().trim(), p.text.trim());
    let items = b.all("#items .paragraph-items ol.items li").await;
    assert_eq!(
        items.len(),
        p.count,
        "the panel lists the paragraph's items"
    );
    for item in &items {
        assert!(
            !text_of(item, "p").await.trim().is_empty(),
            "each item shows its text"
        );
    }
}

pub async fn dashboard_heat_map_items(b: &Browser, comment: &Comment) {
    let w = world();
    let d = &w.demo.dossier;
    let leader = d.people["leader"];
    b.login("leader").await;

    // The dashboard, from the home page's link.
    let dash = format!("/dossiers/{}", d.dossier.0);
    b.wait(&format!("a[href='{dash}']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&dash).await;
    let record = w
        .app
        .dossier_record(leader, d.dossier)
        .await
        .unwrap()
        .expect("the leader sees the dossier");
    assert_eq!(
        b.wait("h1").await.text().await.unwrap(),
        record.dossier.title
    );
    let steps = b.texts("ol.timeline li.step .step-no").await;
    let nine: Vec<String> = (1..=9).map(|n| n.to_string()).collect();
    assert_eq!(steps, nine, "the nine steps");
    for name in b.texts("ol.timeline li.step .step-name").await {
        assert!(!name.trim().is_empty());
    }
    assert_eq!(
        b.all("table a[href^='/consultations/']").await.len(),
        record.consultations.len(),
        "every consultation is listed"
    );
    b.wait(&format!(
        "a[href='/consultations/{}']",
        w.demo.live_consultation.0
    ))
    .await;
    assert_eq!(
        b.all("ul.links a[href^='/versions/']").await.len(),
        record.versions.len(),
        "every version is listed"
    );
    b.screenshot("05-dossier").await;

    // The draft for comments: the heat map of the draft consultation; its hottest paragraph.
    let page = format!("/versions/{}", d.draft_for_comments.0);
    b.wait(&format!("ul.links a[href='{page}']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&page).await;
    let shown = heat_map(b, d.draft_for_comments).await;
    let hottest = shown
        .iter()
        .max_by_key(|p| p.count)
        .filter(|p| p.count > 0)
        .expect("the draft for comments drew items");
    b.screenshot("06-version-heat-map").await;
    open_items(b, &page, hottest).await;
    b.wait("#items").await.scroll_into_view().await.unwrap();
    b.screenshot("07-paragraph-items").await;

    // The revised version, under consultation now: the consultee's new item is counted on
    // its paragraph, and listed in the panel.
    let page = format!("/versions/{}", d.revised.0);
    b.goto(&page).await;
    let shown = heat_map(b, d.revised).await;
    let p = shown
        .iter()
        .find(|p| p.paragraph == comment.paragraph)
        .expect("the commented paragraph is in the revised version");
    assert_eq!(p.number, comment.number);
    assert!(p.count >= 1);
    open_items(b, &page, p).await;
    let mine = b
        .wait_text("#items .paragraph-items li", &comment.text)
        .await;
    assert!(text_of(&mine, ".tag").await.contains("建议"));
}
