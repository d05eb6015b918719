//! The public pages of an open consultation over HTTP: anyone reads the demo's public
//! draft; registering writes a code that the server's own outbox task delivers; a wrong
//! code is refused and counted, the right one sets the commenter cookie; comments on a
//! paragraph and in general are stored with channel `web`; CSRF refusals, bad input and the
//! rate limit change nothing; staff and commenter sessions do not stand in for each other;
//! behind a trusted proxy the limits count each forwarded client, and without one a spoofed
//! `X-Forwarded-For` changes nothing.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::*;
use yijian_app::{SendError, Sender};
use yijian_core::model::{BlockKind, CommentChannel, OutboxMessage};
use yijian_web::OutboxSender;

/// Keeps what the server delivered.
#[derive(Default)]
struct Collect(Mutex<Vec<OutboxMessage>>);

impl Sender for Collect {
    fn send(&self, m: &OutboxMessage) -> Result<(), SendError> {
        self.0.lock().unwrap().push(m.clone());
        Ok(())
    }
}

/// The code the server delivered to `address`, waiting for the outbox task.
async fn delivered_code(sent: &Collect, address: &str) -> String {
    for _ in 0..100 {
        let body = sent
            .0
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|m| m.address == address)
            .map(|m| m.body.clone());
        if let Some(body) = body {
            let at = body.find("验证码是 ").unwrap() + "验证码是 ".len();
            return body[at..].chars().take(6).collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server never delivered a message to {address}")
}

#[test]
fn the_public_reads_registers_verifies_and_comments() {
    let _serial = one_at_a_time();
    let w = world();
    let sent = Arc::new(Collect::default());
    let mut cfg = config();
    cfg.outbox_every = Some(Duration::from_millis(50));
    cfg.sender = Some(OutboxSender(sent.clone()));
    cfg.public_limits.comments_per_hour = 3;
    let addr = server(cfg);
    let public = w.demo.dossier.public_consultation;
    let page = format!("/open/{public}");
    w.rt.block_on(async {
        let (_, blocks) = w
            .app
            .version(w.demo.dossier.draft_for_comments)
            .await
            .unwrap();
        let first = blocks
            .iter()
            .find(|b| b.kind == BlockKind::Paragraph)
            .unwrap();
        let count = || async { w.app.public_comment_count(public).await.unwrap() };
        let before = count().await;

        // Anyone reads the draft, open under the real clock; no form without a session.
        let mut anon = Client::new(addr);
        let r = anon.get(&page).await;
        assert_eq!(r.status, 200, "{}", r.text());
        let html = r.text();
        assert!(html.contains(&first.text), "the draft is shown");
        assert!(html.contains(&format!("/open/{public}/register")));
        assert!(
            !html.contains("name=\"text\""),
            "no comment form before verifying"
        );
        // Other consultations are not public: the same 404 as for a missing one.
        for other in [w.demo.live_consultation.0, 987_654] {
            assert_eq!(anon.get(&format!("/open/{other}")).await.status, 404);
        }

        // Register: CSRF first, then the address; bad input writes no message.
        let outbox_before = w.app.outbox(10_000).await.unwrap().len();
        let mut c = Client::new(addr);
        let form = c.get(&format!("{page}/register")).await;
        assert_eq!(form.status, 200);
        let pre = field(&form.text(), "csrf").expect("the form carries a CSRF token");
        let register = format!("{page}/register");
        let fields = |csrf: &str, address: &str| {
            vec![
                ("csrf".to_string(), csrf.to_string()),
                ("address".to_string(), address.to_string()),
                ("display_name".to_string(), "张女士".to_string()),
                ("region".to_string(), "杭州市".to_string()),
            ]
        };
        let post = async |c: &mut Client, path: &str, pairs: Vec<(String, String)>| {
            let pairs: Vec<(&str, &str)> = pairs
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            c.post_form(path, &pairs).await
        };
        let r = post(&mut c, &register, fields("forged", "zhang@example.cn")).await;
        assert_eq!(r.status, 403);
        let r = post(&mut c, &register, fields(&pre, "zhang@example")).await;
        assert_eq!(r.status, 422);
        assert!(r.text().contains("既不是电子邮箱"), "{}", r.text());
        assert!(r.text().contains("张女士"), "the form keeps what was typed");
        assert_eq!(w.app.outbox(10_000).await.unwrap().len(), outbox_before);
        let r = post(&mut c, &register, fields(&pre, " Zhang@Example.CN ")).await;
        assert_eq!(r.status, 303, "{}", r.text());
        let verify = r.header("location").unwrap().to_string();
        assert_eq!(verify, format!("{page}/verify?address=zhang%40example.cn"));
        let code = delivered_code(&sent, "zhang@example.cn").await;
        let stored = w.app.outbox(10).await.unwrap();
        let m = stored
            .iter()
            .find(|m| m.address == "zhang@example.cn")
            .unwrap();
        assert!(m.sent_at.is_some(), "the server marked it sent");

        // Verify: a wrong code is refused and counted; the right one sets the cookie.
        let form = c.get(&verify).await;
        assert_eq!(form.status, 200);
        assert!(form.text().contains("zhang@example.cn"));
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let pairs = |csrf: &str, code: &str| {
            vec![
                ("csrf".to_string(), csrf.to_string()),
                ("address".to_string(), "zhang@example.cn".to_string()),
                ("code".to_string(), code.to_string()),
            ]
        };
        let r = post(&mut c, &format!("{page}/verify"), pairs(&pre, wrong)).await;
        assert_eq!(r.status, 422);
        assert!(r.text().contains("还可尝试 4 次"), "{}", r.text());
        let r = post(&mut c, &format!("{page}/verify"), pairs("forged", &code)).await;
        assert_eq!(r.status, 403, "CSRF before the code");
        let r = post(&mut c, &format!("{page}/verify"), pairs(&pre, &code)).await;
        assert_eq!(r.status, 303, "{}", r.text());
        let cookie = r
            .all("set-cookie")
            .into_iter()
            .find(|c| c.starts_with("yijian_commenter="))
            .expect("the commenter cookie")
            .to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        assert!(
            !c.cookies.contains_key("yijian_session"),
            "not a staff session"
        );
        // The commenter cookie opens no staff page.
        let r = c.get("/").await;
        assert_eq!(r.status, 303);
        assert!(r.header("location").unwrap().starts_with("/login"));

        // The draft now has the forms.
        let html = c.get(&page).await.text();
        assert!(html.contains("张女士"));
        let csrf = field(&html, "csrf").unwrap();
        assert_ne!(csrf, pre);
        assert!(html.contains(&format!("name=\"paragraph\" value=\"{}\"", first.paragraph)));
        let comments = format!("{page}/comments");
        let comment = |csrf: &str, paragraph: String, text: &str| {
            vec![
                ("csrf".to_string(), csrf.to_string()),
                ("paragraph".to_string(), paragraph),
                ("text".to_string(), text.to_string()),
            ]
        };
        let p = first.paragraph.0.to_string();
        let r = post(&mut c, &comments, comment("forged", p.clone(), "建议")).await;
        assert_eq!(r.status, 403);
        for (paragraph, text, status) in [
            (p.clone(), "   ", 422),
            ("999999999".to_string(), "建议", 422),
            ("第一段".to_string(), "建议", 422),
            (String::new(), &*"字".repeat(5_001), 422),
        ] {
            let r = post(&mut c, &comments, comment(&csrf, paragraph, text)).await;
            assert_eq!(r.status, status, "{}", r.text());
        }
        assert_eq!(count().await, before, "refusals store nothing");
        let r = post(
            &mut c,
            &comments,
            comment(&csrf, p.clone(), "建议明确本段的适用范围。"),
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.text());
        assert_eq!(
            r.header("location").unwrap(),
            format!("{page}/mine?saved=1")
        );
        let script = "<script>alert(1)</script>总体上赞成。";
        for _ in 0..2 {
            let r = post(&mut c, &comments, comment(&csrf, String::new(), script)).await;
            assert_eq!(r.status, 303, "duplicates are kept: {}", r.text());
        }
        assert_eq!(count().await, before + 3);
        // The fourth within the hour is over this server's limit of three.
        let r = post(&mut c, &comments, comment(&csrf, String::new(), "第四条")).await;
        assert_eq!(r.status, 429);
        assert!(r.text().contains("请求过于频繁"), "{}", r.text());
        assert_eq!(count().await, before + 3);

        let all = w.app.public_comments(public, None, 100_000).await.unwrap();
        let web: Vec<_> = all
            .iter()
            .filter(|x| x.channel == CommentChannel::Web)
            .collect();
        assert_eq!(web.len(), 3);
        assert_eq!(web[0].paragraph, Some(first.paragraph));
        assert_eq!(web[0].author.as_deref(), Some("张女士"));
        assert_eq!(web[0].region.as_deref(), Some("杭州市"));
        assert_eq!(web[1].paragraph, None);
        assert_eq!(web[1].text, web[2].text);

        let mine = c.get(&format!("{page}/mine?saved=1")).await;
        assert_eq!(mine.status, 200);
        let html = mine.text();
        assert!(html.contains("您的意见已收到"));
        assert!(html.contains("建议明确本段的适用范围。"));
        assert!(html.contains("总体意见"));
        assert!(!html.contains("<script>alert(1)"), "escaped");
        assert!(html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;"));

        // A staff session is not a commenter session.
        let (mut leader, staff_csrf) = logged_in(addr, "leader").await;
        let r = post(
            &mut leader,
            &comments,
            comment(&staff_csrf, String::new(), "起草组"),
        )
        .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").unwrap(), format!("{page}/register"));
        // The analysis page links to the public page.
        let r = leader.get(&format!("/consultations/{public}/public")).await;
        assert!(r.text().contains(&format!("href=\"/open/{public}\"")));

        // Signing out ends the session.
        let r = post(
            &mut c,
            &format!("{page}/logout"),
            vec![("csrf".to_string(), csrf.clone())],
        )
        .await;
        assert_eq!(r.status, 303);
        assert!(!c.cookies.contains_key("yijian_commenter"));
        let r = c.get(&format!("{page}/mine")).await;
        assert_eq!(r.status, 303);
        assert_eq!(count().await, before + 3);
    });
}

/// Ask for a code from a fresh client, with `X-Forwarded-For: forwarded_for`; the status.
async fn ask_for_code(
    addr: std::net::SocketAddr,
    page: &str,
    forwarded_for: &str,
    to: &str,
) -> u16 {
    let mut c = Client::new(addr);
    let register = format!("{page}/register");
    let csrf = field(&c.get(&register).await.text(), "csrf").unwrap();
    let origin = format!("http://{addr}");
    let headers = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Origin", origin.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
        ("X-Forwarded-For", forwarded_for),
    ];
    let body = form(&[
        ("csrf", &csrf),
        ("address", to),
        ("display_name", "王先生"),
        ("region", "杭州市"),
    ]);
    let r = c.request("POST", &register, &headers, &body).await;
    assert!(matches!(r.status, 303 | 429), "{}", r.text());
    r.status
}

#[test]
fn code_limits_count_the_client_a_trusted_proxy_forwards_and_ignore_spoofed_headers() {
    let _serial = one_at_a_time();
    let w = world();
    let page = format!("/open/{}", w.demo.dossier.public_consultation);
    let mut cfg = config();
    cfg.public_limits.codes_per_request_hour = 1;
    w.rt.block_on(async {
        // No trusted proxy (the default): the header is the client's own words, and every
        // request counts for the peer, 127.0.0.1 (which other tests may have used already,
        // so the first answer may be either).
        let direct = server(cfg.clone());
        ask_for_code(direct, &page, "198.51.100.1", "spoof1@example.cn").await;
        let r = ask_for_code(direct, &page, "198.51.100.2", "spoof2@example.cn").await;
        assert_eq!(r, 429, "a spoofed X-Forwarded-For is not another client");

        // Behind a trusted proxy on loopback, each forwarded client has its own count; the
        // spoofed requests above were not counted for the addresses they named.
        cfg.trusted_proxies = vec![yijian_web::parse_trusted_proxy("127.0.0.1").unwrap()];
        let proxied = server(cfg);
        let a = "192.0.2.66, 198.51.100.1";
        assert_eq!(ask_for_code(proxied, &page, a, "a1@example.cn").await, 303);
        assert_eq!(
            ask_for_code(proxied, &page, "198.51.100.1", "a2@example.cn").await,
            429,
            "the same client, whatever it wrote left of the proxy's entry"
        );
        assert_eq!(
            ask_for_code(proxied, &page, "198.51.100.2", "b1@example.cn").await,
            303,
            "another client still passes"
        );
    });
}
