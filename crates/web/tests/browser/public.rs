//! The public's flow, with no account: open the demo's public consultation, follow the link
//! to register, type an address, enter the code the outbox holds, comment on a paragraph
//! through its own form, see it under "my comments" — and find it in the database with
//! channel `web` on that paragraph.

use thirtyfour::prelude::*;
use yijian_core::model::CommentChannel;

use crate::harness::Browser;
use crate::support::{now, world};

async fn fill(b: &Browser, css: &str, text: &str) {
    b.wait(css).await.send_keys(text).await.unwrap();
}

pub async fn register_verify_comment(b: &Browser) {
    let w = world();
    let public = w.demo.dossier.public_consultation;
    let (consultation, _, _) = w.app.consultation(public).await.unwrap();
    let page = format!("/open/{public}");
    b.goto(&page).await;
    let h1 = b.wait("h1").await.text().await.unwrap();
    assert_eq!(h1, consultation.title);
    b.assert_draws_chinese().await;
    assert!(
        b.all("textarea[name='text']").await.is_empty(),
        "no form yet"
    );
    b.screenshot("30-public-draft").await;
    b.wait(&format!("a[href='{page}/register']"))
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&format!("{page}/register")).await;
    let address = format!("browser{}@example.cn", now().0);
    fill(b, "input[name='address']", &address).await;
    fill(b, "input[name='display_name']", "浏览器测试者").await;
    fill(b, "input[name='region']", "南京市").await;
    b.wait("form.login button[type='submit']")
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&format!(
        "{page}/verify?address={}",
        address.replace('@', "%40")
    ))
    .await;
    let message = w
        .app
        .outbox(100)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.address == address)
        .expect("the code is in the outbox");
    assert!(
        message.sent_at.is_none(),
        "not delivered (its code would be masked)"
    );
    let at = message.body.find("验证码是 ").unwrap() + "验证码是 ".len();
    let code: String = message.body[at..].chars().take(6).collect();
    fill(b, "input[name='code']", &code).await;
    b.screenshot("31-public-verify").await;
    b.wait("form.login button[type='submit']")
        .await
        .click()
        .await
        .unwrap();
    b.wait_path(&page).await;
    b.wait_text("p.commenter", "浏览器测试者").await;

    // Comment on the second paragraph through its own form.
    let (_, blocks) = w
        .app
        .version(w.demo.dossier.draft_for_comments)
        .await
        .unwrap();
    let second = blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .nth(1)
        .unwrap();
    let para = b.wait("#p2").await;
    para.find(By::Css("summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let text = format!("建议本段写明公开的时限。（浏览器测试 {}）", now().0);
    para.find(By::Css("textarea[name='text']"))
        .await
        .unwrap()
        .send_keys(&text)
        .await
        .unwrap();
    para.find(By::Css("button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_path(&format!("{page}/mine?saved=1")).await;
    b.wait_text("ol.mine li", &text).await;
    b.wait_text("ol.mine li", "第2段").await;
    b.screenshot("32-public-mine").await;

    let stored = w.app.public_comments(public, None, 100_000).await.unwrap();
    let c = stored
        .iter()
        .find(|c| c.text == text)
        .expect("the comment is stored");
    assert_eq!(c.channel, CommentChannel::Web);
    assert_eq!(c.paragraph, Some(second.paragraph));
    assert_eq!(c.author.as_deref(), Some("浏览器测试者"));
}
