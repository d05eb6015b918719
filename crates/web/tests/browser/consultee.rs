//! The consultee's flow: log in through the form, open the live consultation from the home
//! page, comment on a paragraph through the page's own link and form, see the item listed as
//! theirs, submit the response and see it as submitted — and find the item and the
//! submission in the database.

use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;
use yijian_core::ids::{ConsultationId, ItemId, ParagraphId, PersonId};
use yijian_core::model::{ItemKind, ResponseStatus};

use crate::harness::Browser;
use crate::support::{now, world};

/// What the consultee wrote, for the flows that look for it from the other side.
pub struct Comment {
    pub number: u32,
    pub paragraph: ParagraphId,
    pub text: String,
    /// Both items the consultee added: on the paragraph, and on the selected words.
    pub items: Vec<ItemId>,
}

fn consultee() -> PersonId {
    world().demo.dossier.people["r02-contact"]
}

async fn own(live: ConsultationId) -> yijian_app::OwnResponse {
    world()
        .app
        .own_response(consultee(), live, now())
        .await
        .expect("own_response")
        .expect("the consultee is in the live consultation's scope")
}

async fn text_of(e: &WebElement, css: &str) -> String {
    e.find(By::Css(css))
        .await
        .unwrap_or_else(|err| panic!("no {css:?} inside the element: {err}"))
        .text()
        .await
        .expect("an element's text")
}

pub async fn comment_and_submit(b: &Browser) -> Comment {
    let w = world();
    let live = w.demo.live_consultation;
    let (consultation, _, _) = w
        .app
        .consultation(live)
        .await
        .expect("the live consultation");
    let before = own(live).await;
    assert!(
        before.response.is_none() && before.items.is_empty(),
        "the live consultation starts without a response from the consultee"
    );

    // The login page, in Chinese (the browser asks for zh-CN).
    b.goto("/login").await;
    b.wait_text("h1", "登录").await;
    b.wait("form.login input[name='username']").await;
    b.assert_draws_chinese().await;
    b.screenshot("01-login").await;
    b.login("consultee").await;

    // The home page lists the live consultation; follow its link like a user.
    let page = format!("/consultations/{}", live.0);
    b.wait(&format!("a[href='{page}']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&page).await;
    let h1 = b.wait("h1").await.text().await.unwrap();
    assert_eq!(h1, consultation.title);
    let title = b.driver().title().await.unwrap();
    assert!(
        title.starts_with(&format!("{} · ", consultation.title)) && !title.contains('<'),
        "the window's title is the consultation's, no markup: {title:?}"
    );
    let paras = b.all("article.draft .para").await;
    assert!(
        paras.len() >= 3,
        "the draft under consultation is shown: {} paragraphs",
        paras.len()
    );
    b.wait_text("#own + p.status", "尚未填写").await;
    b.wait_text("#own ~ p", "尚未填写意见").await;
    b.screenshot("02-consultation").await;

    // "对此段提意见" on the third paragraph: the form comes back with that paragraph chosen.
    let para = &paras[2];
    let number: u32 = text_of(para, "span.num").await.parse().expect("a number");
    let paragraph_text = text_of(para, "p").await;
    para.find(By::Css("a.comment"))
        .await
        .expect("a comment link on each paragraph")
        .click()
        .await
        .unwrap();
    b.wait_path(&format!("{page}?paragraph={number}")).await;
    let form = b.wait("form.item-form").await;
    let place = SelectElement::new(
        &form
            .find(By::Css("select[name='paragraph']"))
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let chosen = place.first_selected_option().await.unwrap();
    assert_eq!(
        chosen.value().await.unwrap().as_deref(),
        Some(number.to_string().as_str()),
        "the comment link preselects its paragraph"
    );
    SelectElement::new(&form.find(By::Css("select[name='kind']")).await.unwrap())
        .await
        .unwrap()
        .select_by_value("suggestion")
        .await
        .unwrap();
    let text = format!(
        "建议本段增加“按季度向社会公开进展”的要求，便于监督。（浏览器测试 {}）",
        now().0
    );
    form.find(By::Css("textarea[name='text']"))
        .await
        .unwrap()
        .send_keys(&text)
        .await
        .unwrap();
    form.find(By::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Back on the page: the item is listed among the consultee's own, on that paragraph.
    let item = b.wait_text("ol.items li", &text).await;
    assert_eq!(text_of(&item, ".tag").await, "建议");
    assert_eq!(text_of(&item, ".where").await, format!("针对第{number}段"));
    assert_eq!(b.all("ol.items li").await.len(), 1, "exactly one own item");
    b.wait_text("#own + p.status", "草稿，尚未报送").await;
    item.scroll_into_view().await.unwrap();
    b.screenshot("03-item-saved").await;

    // Stored: one suggestion anchored to the paragraph that was shown as number `number`.
    let stored = own(live).await;
    assert_eq!(stored.items.len(), 1, "{:?}", stored.items);
    let saved = &stored.items[0];
    assert_eq!(saved.text, text);
    assert_eq!(saved.kind, ItemKind::Suggestion);
    assert_eq!(saved.author, Some(consultee()));
    let anchor = saved.anchor.expect("anchored to a paragraph");
    assert_eq!(anchor.version, w.demo.dossier.revised);
    let blocks = match w
        .app
        .consultation_version(consultee(), live, now())
        .await
        .unwrap()
    {
        yijian_app::ConsultationVersion::Readable { blocks, .. } => blocks,
        _ => panic!("the consultee reads the draft while the window is open"),
    };
    let block = blocks
        .iter()
        .find(|bl| bl.paragraph == anchor.paragraph)
        .expect("the anchor's paragraph is in the version");
    assert_eq!(
        block.text.trim(),
        paragraph_text.trim(),
        "the item is anchored to the paragraph the consultee clicked"
    );
    let response = stored.response.expect("a draft response");
    assert_eq!(response.status, ResponseStatus::Draft);
    assert_eq!(response.submitted_at, None);

    // Then on words selected with the mouse in another paragraph, still before submitting.
    let paras = b.all("article.draft .para").await;
    let quoted = comment_on_selection(b, live, &paras[1], &blocks).await;

    // Submit: the page says so.
    b.wait("form.submit-form button[type='submit']")
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&page).await;
    let status = b.wait_text("#own + p.status", "已于").await;
    let status = status.text().await.unwrap();
    assert!(
        status.contains("报送") && !status.contains("草稿"),
        "{status:?}"
    );
    b.wait_text("ol.items li", &text).await;
    b.wait_text("ol.items li q", &quoted.words).await;
    b.screenshot("04-submitted").await;

    // Stored: the response is submitted, by the consultee, with the one item.
    let after = own(live).await;
    let response = after.response.expect("the response");
    assert_eq!(response.status, ResponseStatus::Submitted);
    assert!(response.submitted_at.is_some());
    assert_eq!(response.submitted_by, Some(consultee()));
    assert_eq!(response.amendments, 0);
    assert_eq!(after.items.len(), 2);
    Comment {
        number,
        paragraph: anchor.paragraph,
        text,
        items: vec![saved.id, quoted.item],
    }
}

/// The words the consultee selected and the item made on them.
struct Quoted {
    words: String,
    item: ItemId,
}

/// Select words of a paragraph by dragging the mouse across them (WebDriver pointer
/// actions: press before the first character, release after the last), check that the
/// page's script filled the form (paragraph, quoted words, where they start), add an
/// opinion on them, and check the item: listed with its quote, and stored with the span
/// of exactly those characters.
async fn comment_on_selection(
    b: &Browser,
    live: ConsultationId,
    para: &WebElement,
    blocks: &[yijian_core::model::Block],
) -> Quoted {
    para.scroll_into_view().await.unwrap();
    let number: u32 = text_of(para, "span.num").await.parse().expect("a number");
    // A drag from this paragraph into the next selects across two: the page leaves the
    // form alone (words are quoted from one paragraph only).
    let across = b
        .script(&format!(
            "const a = document.querySelector('#p{number} p').getBoundingClientRect();
             const z = document.querySelector('#p{next} p').getBoundingClientRect();
             return [a.left + 30, a.top + 8, z.left + 30, z.top + 8];",
            next = number + 1
        ))
        .await;
    let at = |k: usize| across[k].as_f64().unwrap().round() as i64;
    b.driver()
        .action_chain()
        .move_to(at(0), at(1))
        .click_and_hold()
        .move_to(at(2), at(3))
        .release()
        .perform()
        .await
        .expect("dragging across two paragraphs");
    let state = b
        .script(
            "const f = document.getElementById('add-form');
             return [window.getSelection().toString().length > 0, f.elements['quote'].value,
                     document.getElementById('selection-hint').hidden];",
        )
        .await;
    assert_eq!(
        state,
        serde_json::json!([true, "", true]),
        "a selection across paragraphs fills nothing"
    );
    // Pressing inside a selection would drag the selected text: start afresh, like a click
    // elsewhere.
    b.script("window.getSelection().removeAllRanges(); return null;")
        .await;
    // Where the characters are drawn: four characters on one line, a third of the way in or
    // further, that also occur earlier in the paragraph — so only the start the page sends
    // tells the server which occurrence was meant.
    let geometry = b
        .script(&format!(
            "const p = document.querySelector('#p{number} p');
             const node = p.firstChild;
             const text = node.textContent;
             const chars = Array.from(text);
             const unit = k => chars.slice(0, k).join('').length; // char index → UTF-16
             const rect = k => {{
               const r = document.createRange();
               r.setStart(node, unit(k)); r.setEnd(node, unit(k + 1));
               return r.getBoundingClientRect();
             }};
             const n = 4;
             for (let s = Math.floor(chars.length / 3); s + n <= chars.length; s++) {{
               const words = chars.slice(s, s + n).join('');
               const a = rect(s), z = rect(s + n - 1);
               if (Math.abs(a.top - z.top) < 1 && !/[\\s，。；、：（）“”]/.test(words)
                   && text.indexOf(words) < unit(s)) {{
                 return {{ text, start: s, words,
                          x0: a.left + a.width * 0.2, x1: z.right - z.width * 0.2,
                          y: (a.top + a.bottom) / 2 }};
               }}
             }}
             return null;"
        ))
        .await;
    assert!(
        !geometry.is_null(),
        "paragraph {number} repeats four characters on one line"
    );
    let start = geometry["start"].as_u64().unwrap() as usize;
    let words = geometry["words"].as_str().unwrap().to_string();
    let paragraph_text = geometry["text"].as_str().unwrap().to_string();
    let px = |k: &str| geometry[k].as_f64().unwrap().round() as i64;
    b.driver()
        .action_chain()
        .move_to(px("x0"), px("y"))
        .click_and_hold()
        .move_to(px("x1"), px("y"))
        .release()
        .perform()
        .await
        .expect("dragging across the words");
    let selected = b.script("return window.getSelection().toString();").await;
    assert_eq!(
        selected.as_str(),
        Some(words.as_str()),
        "the drag selected exactly the words"
    );
    b.screenshot("03a-words-selected").await;

    // The page's script filled the form from the selection.
    b.wait("#selection-hint").await;
    let form = b.wait("#add-form").await;
    let value = |name: &'static str| {
        let form = form.clone();
        async move {
            form.find(By::Css(format!("[name='{name}']")))
                .await
                .unwrap_or_else(|e| panic!("the form has no {name}: {e}"))
                .prop("value")
                .await
                .unwrap()
                .unwrap_or_default()
        }
    };
    assert_eq!(value("paragraph").await, number.to_string());
    assert_eq!(value("quote").await, words);
    assert_eq!(value("span_start").await, start.to_string());

    SelectElement::new(&form.find(By::Css("select[name='kind']")).await.unwrap())
        .await
        .unwrap()
        .select_by_value("opinion")
        .await
        .unwrap();
    let text = format!(
        "所选文字表述过宽，建议限定适用范围。（浏览器测试 {}）",
        now().0
    );
    let area = form.find(By::Css("textarea[name='text']")).await.unwrap();
    area.scroll_into_view().await.unwrap();
    area.send_keys(&text).await.unwrap();
    form.find(By::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    // Listed among the consultee's own items, on that paragraph, with the words quoted.
    let item = b.wait_text("ol.items li", &text).await;
    assert_eq!(text_of(&item, ".where").await, format!("针对第{number}段"));
    assert_eq!(text_of(&item, "q").await, words);
    assert_eq!(b.all("ol.items li").await.len(), 2, "two own items now");
    item.scroll_into_view().await.unwrap();
    b.screenshot("03b-item-on-selected-words").await;

    // Stored with the span of the selected characters in that paragraph.
    let stored = own(live).await;
    let saved = stored
        .items
        .iter()
        .find(|i| i.text == text)
        .expect("the item on the selected words is stored");
    assert_eq!(saved.kind, ItemKind::Opinion);
    let anchor = saved.anchor.expect("anchored");
    let block = blocks
        .iter()
        .find(|bl| bl.paragraph == anchor.paragraph)
        .expect("the anchor's paragraph is in the version");
    assert_eq!(
        block.text.trim(),
        paragraph_text.trim(),
        "the paragraph selected in"
    );
    let end = start + words.chars().count();
    assert_eq!(
        anchor.span,
        Some((start as u32, end as u32)),
        "the span is the selected characters' offsets"
    );
    let chars: Vec<char> = block.text.chars().collect();
    assert_eq!(chars[start..end].iter().collect::<String>(), words);
    let first = block
        .text
        .find(&words)
        .map(|at| block.text[..at].chars().count());
    assert!(
        first < Some(start),
        "the words occur earlier too ({first:?}): the selection's start decided the span"
    );
    Quoted {
        words,
        item: saved.id,
    }
}
