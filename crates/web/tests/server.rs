//! The web application over HTTP on 127.0.0.1:0, against the demo dossier on SQLite: login,
//! the API's access rules, the OpenAPI document, CSRF, cookies, rate limiting, pages by role,
//! escaping.

mod support;

use serde_json::Value;
use support::*;

fn ids(list: &Value) -> Vec<(i64, String)> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|c| {
            (
                c["id"].as_i64().unwrap(),
                c["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn api_login_refuses_wrong_passwords_alike_and_gives_a_token() {
    let addr = server(config());
    let login = |user: &str, pass: &str| {
        let body = serde_json::json!({"username": user, "password": pass}).to_string();
        async move {
            send(
                addr,
                "POST",
                "/api/v1/login",
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            )
            .await
        }
    };
    let wrong = login("leader", "not the password").await;
    assert_eq!(wrong.status, 401, "{}", wrong.text());
    let unknown = login("nobody", PASSWORD).await;
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.body, unknown.body, "the same answer for both");
    assert_eq!(wrong.json()["error"], "bad_credentials");
    let ok = login("leader", PASSWORD).await;
    assert_eq!(ok.status, 200, "{}", ok.text());
    let token = ok.json()["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    let me = api_get(addr, "/api/v1/me", &token).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.json()["username"], "leader");
    // Not JSON, or JSON of the wrong shape: a clear 4xx, never a 500.
    let bad = send(
        addr,
        "POST",
        "/api/v1/login",
        &[("Content-Type", "application/json")],
        b"{\"username\": 1",
    )
    .await;
    assert!((400..500).contains(&bad.status), "{}", bad.status);
    assert_eq!(
        bad.json()["error"],
        "invalid",
        "answered in JSON like every API error"
    );
    // Logging out ends the bearer token.
    let auth = format!("Bearer {token}");
    let out = send(
        addr,
        "POST",
        "/api/v1/logout",
        &[("Authorization", &auth)],
        b"",
    )
    .await;
    assert_eq!(out.status, 204);
    assert_eq!(api_get(addr, "/api/v1/me", &token).await.status, 401);
}

#[tokio::test]
async fn consultations_are_listed_by_role_and_scope() {
    let addr = server(config());
    let w = world();
    let d = &w.demo;
    let in_scope = vec![
        (d.dossier.topic_consultation.0, "topic".to_string()),
        (d.dossier.draft_consultation.0, "draft".to_string()),
        (d.live_consultation.0, "draft".to_string()),
    ];
    // The record holders also see the demo's public consultation, which has no scope.
    let mut all = in_scope.clone();
    all.insert(2, (d.dossier.public_consultation.0, "public".to_string()));
    for who in ["leader", "member", "reviewer", "auditor", "admin"] {
        let t = token(addr, who).await;
        let r = api_get(addr, "/api/v1/consultations", &t).await;
        assert_eq!(r.status, 200);
        assert_eq!(ids(&r.json()), all, "{who}");
        assert!(r.json()[0]["access"]["as"] == "record", "{who}");
    }
    let t = token(addr, "consultee").await;
    let r = api_get(addr, "/api/v1/consultations", &t).await;
    assert_eq!(
        ids(&r.json()),
        in_scope,
        "the consultee's body is in every scope"
    );
    let reads: Vec<bool> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["access"]["reads_version"] == true)
        .collect();
    assert_eq!(reads, vec![false, false, true], "only the open one's draft");
    let t = token(addr, "outsider").await;
    let r = api_get(addr, "/api/v1/consultations", &t).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), serde_json::json!([]));
    let anonymous = send(addr, "GET", "/api/v1/consultations", &[], b"").await;
    assert_eq!(anonymous.status, 401);
}

#[tokio::test]
async fn the_version_is_readable_in_scope_and_absent_outside() {
    let addr = server(config());
    let d = &world().demo;
    let live = format!("/api/v1/consultations/{}/version", d.live_consultation);
    let closed = format!(
        "/api/v1/consultations/{}/version",
        d.dossier.draft_consultation
    );
    let topic = format!(
        "/api/v1/consultations/{}/version",
        d.dossier.topic_consultation
    );
    let consultee = token(addr, "consultee").await;
    let r = api_get(addr, &live, &consultee).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["version"]["id"], d.dossier.revised.0);
    let paragraphs = v["paragraphs"].as_array().unwrap();
    assert!(paragraphs.len() > 20);
    assert!(paragraphs.iter().any(|p| p["number"] == 1));
    assert!(paragraphs
        .iter()
        .all(|p| p["id"].is_i64() && p["text"].is_string()));
    // Closed: the consultee no longer reads the draft.
    assert_eq!(api_get(addr, &closed, &consultee).await.status, 403);
    // The outsider: the same 404 as for a consultation that does not exist.
    let outsider = token(addr, "outsider").await;
    let missing = api_get(addr, "/api/v1/consultations/999999/version", &outsider).await;
    assert_eq!(missing.status, 404);
    for path in [&live, &closed, &topic] {
        let r = api_get(addr, path, &outsider).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.body, missing.body, "{path}: nothing tells it exists");
    }
    // The record-holders read any draft; a topic consultation has none.
    let leader = token(addr, "leader").await;
    let r = api_get(addr, &closed, &leader).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["version"]["id"], d.dossier.draft_for_comments.0);
    assert_eq!(api_get(addr, &topic, &leader).await.status, 404);
    assert_eq!(send(addr, "GET", &live, &[], b"").await.status, 401);
    let r = api_get(addr, "/api/v1/consultations/abc/version", &leader).await;
    assert_eq!(
        (r.status, r.json()["error"].clone()),
        (404, "not_found".into())
    );
}

#[tokio::test]
async fn the_openapi_document_parses_and_its_paths_exist() {
    let addr = server(config());
    let r = send(addr, "GET", "/api/v1/openapi.json", &[], b"").await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/login",
        "/consultations",
        "/consultations/{id}/version",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(p), "{p} listed");
    }
    // Every listed operation reaches a real route (not the API's "no_route" fallback).
    let leader = token(addr, "leader").await;
    let auth = format!("Bearer {leader}");
    let live = world().demo.live_consultation.to_string();
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            if path == "/logout" {
                continue; // would end the token used here; covered by the login test
            }
            // Publishing would release a real version of the shared world: a missing one
            // still reaches the route (404 not_found, not no_route).
            let id = if path == "/versions/{id}/publish" {
                "999999"
            } else {
                live.as_str()
            };
            let url = format!("/api/v1{}", path.replace("{id}", id));
            let r = send(
                addr,
                &method.to_uppercase(),
                &url,
                &[
                    ("Authorization", &auth),
                    ("Content-Type", "application/json"),
                ],
                b"{}",
            )
            .await;
            let body = r.text();
            assert!(!body.contains("no_route"), "{method} {url}: {body}");
            assert_ne!(r.status, 405, "{method} {url}");
        }
    }
    let none = api_get(addr, "/api/v1/nothing-here", &leader).await;
    assert_eq!(
        (none.status, none.json()["error"].clone()),
        (404, "no_route".into())
    );
}

#[tokio::test]
async fn a_form_post_without_the_csrf_token_is_refused_and_changes_nothing() {
    let addr = server(config());
    let w = world();
    let live = w.demo.live_consultation;
    let consultee = w.demo.dossier.people["r02-contact"];
    let count = || async {
        w.app
            .own_response(consultee, live, now())
            .await
            .unwrap()
            .map_or(0, |o| o.items.len())
    };
    let mut c = Client::new(addr);
    assert_eq!(c.login("consultee", PASSWORD).await.status, 303);
    let page = c.get(&format!("/consultations/{live}")).await;
    assert_eq!(page.status, 200);
    let csrf = field(&page.text(), "csrf").unwrap();
    let before = count().await;
    let path = format!("/consultations/{live}/items");
    let item = |token: &str| {
        vec![
            ("kind", "suggestion".to_string()),
            ("paragraph", "3".to_string()),
            ("text", "建议在本段补充具体措施。".to_string()),
            ("csrf", token.to_string()),
        ]
    };
    let post = |pairs: Vec<(&'static str, String)>| {
        pairs
            .into_iter()
            .filter(|(k, v)| !(*k == "csrf" && v.is_empty()))
            .collect::<Vec<_>>()
    };
    for bad in ["", "0000", &"a".repeat(64)] {
        let pairs = post(item(bad));
        let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = c.post_form(&path, &refs).await;
        assert_eq!(r.status, 403, "token {bad:?}: {}", r.text());
    }
    // The right token from another site: refused before any handler runs.
    let body = form(&[
        ("kind", "suggestion"),
        ("text", "跨站提交"),
        ("csrf", csrf.as_str()),
    ]);
    let cookie = format!("yijian_session={}", c.cookies["yijian_session"]);
    for headers in [
        vec![("Sec-Fetch-Site", "cross-site")],
        vec![("Origin", "https://evil.example")],
    ] {
        let mut h = headers.clone();
        h.push(("Cookie", &cookie));
        h.push(("Content-Type", "application/x-www-form-urlencoded"));
        let r = send(addr, "POST", &path, &h, &body).await;
        assert_eq!(r.status, 403, "{headers:?}");
    }
    assert_eq!(count().await, before, "nothing was added");
    // Logout needs the token too; the session survives a forged one.
    let r = c.post_form("/logout", &[("csrf", "forged")]).await;
    assert_eq!(r.status, 403);
    assert_eq!(c.get("/").await.status, 200, "still logged in");
    // With the token, the same form adds the item.
    let pairs = item(&csrf);
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = c.post_form(&path, &refs).await;
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(count().await, before + 1);
}

#[tokio::test]
async fn session_cookies_carry_their_flags_and_change_at_login() {
    let addr = server(config());
    let mut c = Client::new(addr);
    let r = c.login("member", PASSWORD).await;
    assert_eq!(r.status, 303);
    let set: Vec<&str> = r
        .all("set-cookie")
        .into_iter()
        .filter(|c| c.starts_with("yijian_session="))
        .collect();
    assert_eq!(set.len(), 1, "{:?}", r.all("set-cookie"));
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set[0].contains(flag), "{flag} in {}", set[0]);
    }
    assert!(
        !set[0].contains("Secure"),
        "no Secure on plain loopback HTTP"
    );
    let first = c.cookies["yijian_session"].clone();
    // Logging in again with the old cookie still set (as after a fixation attempt) gives a
    // new id, and the old one is dead. The login form comes from a fresh visitor, since a
    // logged-in visitor is sent on from /login.
    let mut fresh = Client::new(addr);
    let form_page = fresh.get("/login").await;
    let csrf = field(&form_page.text(), "csrf").unwrap();
    c.cookies
        .insert("yijian_login".into(), fresh.cookies["yijian_login"].clone());
    let r = c
        .post_form(
            "/login",
            &[
                ("username", "member"),
                ("password", PASSWORD),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, 303);
    let second = c.cookies["yijian_session"].clone();
    assert_ne!(first, second);
    let old = format!("yijian_session={first}");
    let r = send(addr, "GET", "/", &[("Cookie", &old)], b"").await;
    assert_eq!(r.status, 303, "the replaced session is refused");
    assert!(r.header("location").unwrap().starts_with("/login"));
    // Logout ends it on the server: replaying the cookie afterwards gets the login page.
    let page = c.get("/").await;
    let csrf = field(&page.text(), "csrf").unwrap();
    let r = c.post_form("/logout", &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 303);
    let replay = format!("yijian_session={second}");
    let r = send(addr, "GET", "/", &[("Cookie", &replay)], b"").await;
    assert_eq!(r.status, 303);
    // With secure cookies: the __Host- prefix and Secure.
    let mut secure = support::config();
    secure.secure_cookies = true;
    let mut c = Client::new(server(secure));
    let r = c.login("member", PASSWORD).await;
    let set = r
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("__Host-yijian_session="))
        .expect("a __Host- cookie");
    assert!(
        set.contains("; Secure") && set.contains("HttpOnly"),
        "{set}"
    );
}

#[tokio::test]
async fn login_is_rate_limited() {
    let mut cfg = config();
    cfg.login_attempts_per_minute = 3;
    let addr = server(cfg);
    let body = serde_json::json!({"username": "deputy", "password": "wrong password"}).to_string();
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let r = send(
            addr,
            "POST",
            "/api/v1/login",
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
        .await;
        statuses.push(r.status);
    }
    assert_eq!(statuses, vec![401, 401, 401, 429, 429]);
    // The form says so too, in the user's language.
    let mut c = Client::new(addr);
    let r = c.login("deputy", PASSWORD).await;
    assert_eq!(r.status, 429);
    assert!(r.text().contains("尝试次数过多"), "{}", r.text());
}

#[tokio::test]
async fn login_limits_count_the_client_behind_a_trusted_proxy() {
    let attempts = async |addr, forwarded_for: &[&str]| {
        let mut statuses = Vec::new();
        for (n, xff) in forwarded_for.iter().enumerate() {
            // A new username each time: only the address's limit is in play.
            let body = serde_json::json!({"username": format!("nobody{n}"), "password": "x"});
            let headers = [
                ("Content-Type", "application/json"),
                ("X-Forwarded-For", *xff),
            ];
            let body = body.to_string();
            statuses.push(
                send(addr, "POST", "/api/v1/login", &headers, body.as_bytes())
                    .await
                    .status,
            );
        }
        statuses
    };
    let mut cfg = config();
    cfg.login_attempts_per_minute = 2;
    let spoofs = ["203.0.113.1", "203.0.113.2", "203.0.113.3"];
    assert_eq!(
        attempts(server(cfg.clone()), &spoofs).await,
        [401, 401, 429],
        "without a trusted proxy the header changes nothing"
    );
    cfg.trusted_proxies = vec![yijian_web::parse_trusted_proxy("127.0.0.0/8").unwrap()];
    let a = "203.0.113.1";
    assert_eq!(
        attempts(server(cfg), &[a, a, a, "203.0.113.2"]).await,
        [401, 401, 429, 401]
    );
}

#[tokio::test]
async fn pages_show_each_role_what_it_may_see() {
    let addr = server(config());
    let d = &world().demo;
    let dossier = format!("/dossiers/{}", d.dossier.dossier);
    let version = format!("/versions/{}", d.dossier.draft_for_comments);
    let live = format!("/consultations/{}", d.live_consultation);

    let anonymous = send(addr, "GET", &dossier, &[], b"").await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(
        anonymous.header("location"),
        Some(format!("/login?next={dossier}").as_str())
    );

    let mut leader = Client::new(addr);
    leader.login("leader", PASSWORD).await;
    let home = leader.get("/").await;
    assert_eq!(home.status, 200);
    assert!(home.text().contains("关于推进城乡基层治理现代化"));
    let page = leader.get(&dossier).await;
    assert_eq!(page.status, 200);
    let text = page.text();
    for step in [
        "确定议题",
        "议题征求意见",
        "逐条逐段分析",
        "审议",
        "全体会议",
        "起草说明",
    ] {
        assert!(text.contains(step), "{step}");
    }
    assert!(text.contains("当前进程"), "where the dossier stands");
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    let page = leader.get(&version).await;
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(
        text.contains("class=\"para heat5\""),
        "the busiest paragraph"
    );
    assert!(
        text.contains("class=\"para heat0\""),
        "paragraphs nobody commented"
    );
    assert!(text.contains("id=\"p1\""));
    // A paragraph's items: a page without JavaScript, a fragment for htmx.
    let marker = format!(
        "href=\"/versions/{}/paragraphs/",
        d.dossier.draft_for_comments
    );
    let start = text.find(&marker).unwrap() + "href=\"".len();
    let link: String = text[start..].chars().take_while(|c| *c != '"').collect();
    let full = leader.get(&link).await;
    assert_eq!(full.status, 200, "{link}");
    assert!(full.text().contains("<html"));
    let fragment = leader
        .request("GET", &link, &[("HX-Request", "true")], b"")
        .await;
    assert_eq!(fragment.status, 200);
    assert!(!fragment.text().contains("<html"));
    assert!(fragment.text().contains("paragraph-items"));
    // The same page in English after the switch.
    let r = leader
        .get(&format!("/lang/en?back={}", support::encode(&dossier)))
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.header("location"), Some(dossier.as_str()));
    assert!(leader
        .get(&dossier)
        .await
        .text()
        .contains("Where it stands"));

    let mut consultee = Client::new(addr);
    consultee.login("consultee", PASSWORD).await;
    assert_eq!(consultee.get(&dossier).await.status, 404);
    assert_eq!(consultee.get(&version).await.status, 404);
    let page = consultee.get(&live).await;
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("action=\"/consultations/"), "the item form");
    assert!(text.contains("id=\"p1\""), "the draft is there");
    let closed = consultee
        .get(&format!("/consultations/{}", d.dossier.draft_consultation))
        .await;
    assert_eq!(closed.status, 200);
    assert!(closed.text().contains("征求意见已截止"));
    assert!(
        !closed.text().contains("id=\"p1\""),
        "no draft after the close"
    );

    let mut outsider = Client::new(addr);
    outsider.login("outsider", PASSWORD).await;
    for path in [&live, &dossier, &version] {
        assert_eq!(outsider.get(path).await.status, 404, "{path}");
    }
    let r = outsider
        .post_form(
            &format!("{live}/items"),
            &[("kind", "opinion"), ("text", "x"), ("csrf", "")],
        )
        .await;
    assert_eq!(r.status, 403, "CSRF first");
    let page = outsider.get("/").await;
    let csrf = field(&page.text(), "csrf").unwrap();
    let r = outsider
        .post_form(
            &format!("{live}/items"),
            &[("kind", "opinion"), ("text", "x"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(
        r.status, 404,
        "not 403: the consultation does not exist for them"
    );
}

/// The payload's `<script>` shown as text (askama writes `<` as `&#60;`).
fn shows_escaped(html: &str) -> bool {
    html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;")
}

#[tokio::test]
async fn user_text_is_escaped_everywhere_it_is_shown() {
    let addr = server(config());
    let d = &world().demo;
    let live = d.live_consultation;
    let mut c = Client::new(addr);
    c.login("consultee", PASSWORD).await;
    let page = c.get(&format!("/consultations/{live}")).await;
    let csrf = field(&page.text(), "csrf").unwrap();
    let payload = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
    let r = c
        .post_form(
            &format!("/consultations/{live}/items"),
            &[
                ("kind", "opinion"),
                ("paragraph", "2"),
                ("text", payload),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.text());
    let own = c.get(&format!("/consultations/{live}")).await.text();
    assert!(!own.contains("<script>alert"), "escaped for its author");
    assert!(shows_escaped(&own), "{own}");
    // The leader reads it on the paragraph's page of the revised version.
    let record = world()
        .app
        .version_record(d.dossier.people["leader"], d.dossier.revised)
        .await
        .unwrap()
        .unwrap();
    let mut leader = Client::new(addr);
    leader.login("leader", PASSWORD).await;
    let mut seen = false;
    for p in record.items_per_paragraph.keys() {
        let text = leader
            .get(&format!("/versions/{}/paragraphs/{}", d.dossier.revised, p))
            .await
            .text();
        assert!(!text.contains("<script>alert"));
        assert!(!text.contains("<img src=x"));
        seen |= shows_escaped(&text);
    }
    assert!(seen, "the item is shown, escaped");
}

#[tokio::test]
async fn wrong_input_gets_clear_errors() {
    let addr = server(config());
    let mut c = Client::new(addr);
    c.login("consultee", PASSWORD).await;
    let live = world().demo.live_consultation;
    let page = c.get(&format!("/consultations/{live}")).await;
    let csrf = field(&page.text(), "csrf").unwrap();
    let path = format!("/consultations/{live}/items");
    let r = c
        .post_form(&path, &[("kind", "rant"), ("text", "x"), ("csrf", &csrf)])
        .await;
    assert_eq!(r.status, 422);
    let r = c
        .post_form(
            &path,
            &[
                ("kind", "opinion"),
                ("paragraph", "9999"),
                ("text", "x"),
                ("csrf", &csrf),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.text().contains("9999"), "names the paragraph");
    let r = c
        .post_form(
            &path,
            &[("kind", "opinion"), ("text", "  "), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 422);
    let big = "x".repeat(yijian_web::MAX_BODY_BYTES + 1);
    let r = c
        .post_form(
            &path,
            &[("kind", "opinion"), ("text", &big), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, 413);
    assert!(
        r.text().contains("提交的内容过大"),
        "an error page: {}",
        r.text()
    );
    assert_eq!(c.get("/no/such/page").await.status, 404);
    let r = c.get("/versions/abc").await;
    assert_eq!(r.status, 404);
    assert!(r.text().contains("<html"), "an error page, not plain text");
    let r = c.post_form(&path, &[("csrf", &csrf)]).await;
    assert_eq!(r.status, 422, "a form without its fields");
    assert_eq!(c.get("/consultations/1/../../etc/passwd").await.status, 404);
    // The submission of the response: the consultee is its body's contact and it has no head.
    let r = c
        .post_form(&format!("/consultations/{live}/submit"), &[("csrf", &csrf)])
        .await;
    assert!(matches!(r.status, 303 | 422), "{}: {}", r.status, r.text());
}
