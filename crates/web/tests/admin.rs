//! Administration and invitation links through HTTP: an administrator adds a body, a person
//! and an account, makes an invitation link; the invitee sets a password once and logs in;
//! used, unknown and expired links are refused; nobody else sees the page.

mod support;

use support::*;
use yijian_app::Ctx;

#[test]
fn invite_a_consultee_to_set_a_password() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    w.rt.block_on(async {
        let mut admin = Client::new(addr);
        assert_eq!(admin.login("admin", PASSWORD).await.status, 303);
        let page = admin.get("/admin").await;
        assert_eq!(page.status, 200);
        let csrf = field(&page.text(), "csrf").unwrap();
        let name = "新单位<script>x</script>";
        let r = admin
            .post_form(
                "/admin",
                &[
                    ("csrf", &csrf),
                    ("action", "body"),
                    ("name", name),
                    ("kind", "consultee"),
                    ("category", "region"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let html = admin.get("/admin").await.text();
        assert!(!html.contains("<script>x</script>"), "names are escaped");
        let body = w
            .app
            .bodies()
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.name == name)
            .unwrap()
            .id;
        let r = admin
            .post_form(
                "/admin",
                &[
                    ("csrf", &csrf),
                    ("action", "person"),
                    ("name", "新联络员"),
                    ("body", &body.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let person = w
            .app
            .people()
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name == "新联络员")
            .unwrap()
            .id;
        let r = admin
            .post_form(
                "/admin",
                &[
                    ("csrf", &csrf),
                    ("action", "account"),
                    ("person", &person.to_string()),
                    ("username", "newcontact"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let ctx = Ctx::new(w.demo.dossier.people["admin"], now());
        let account = w
            .app
            .accounts(&ctx)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.username == "newcontact")
            .unwrap();
        assert!(!account.has_password);
        let r = admin
            .post_form(
                "/admin",
                &[
                    ("csrf", &csrf),
                    ("action", "invite"),
                    ("account", &account.id.0.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, 200);
        let html = r.text();
        let start = html.find("/invite/").expect("the link is shown once");
        let token: String = html[start + 8..].chars().take(64).collect();
        assert_eq!(token.len(), 64);
        // The invitee sets the password through the link (without a session).
        let mut invitee = Client::new(addr);
        let form = invitee.get(&format!("/invite/{token}")).await;
        assert_eq!(form.status, 200);
        assert!(form.text().contains("newcontact"));
        let path = format!("/invite/{token}");
        let short = invitee
            .post_form(&path, &[("password", "short"), ("again", "short")])
            .await;
        assert_eq!(short.status, 422, "the password policy applies");
        let differ = invitee
            .post_form(
                &path,
                &[
                    ("password", "a long password 1"),
                    ("again", "a long password 2"),
                ],
            )
            .await;
        assert_eq!(differ.status, 422);
        let ok = invitee
            .post_form(
                &path,
                &[
                    ("password", "a long password 1"),
                    ("again", "a long password 1"),
                ],
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.text());
        assert_eq!(
            invitee
                .login("newcontact", "a long password 1")
                .await
                .status,
            303
        );
        // Used once: the link is dead now; an unknown one too.
        assert_eq!(Client::new(addr).get(&path).await.status, 404);
        let again = Client::new(addr)
            .post_form(
                &path,
                &[
                    ("password", "another long one"),
                    ("again", "another long one"),
                ],
            )
            .await;
        assert_eq!(again.status, 422);
        assert_eq!(
            Client::new(addr)
                .get(&format!("/invite/{}", "a".repeat(64)))
                .await
                .status,
            404
        );
        assert_eq!(Client::new(addr).get("/invite/short").await.status, 404);
        // An expired link: made "8 days ago".
        let old = Ctx::new(
            ctx.person,
            yijian_core::time::Instant(now().0 - 8 * 86_400_000),
        );
        let expired = w.app.invite(&old, account.id).await.unwrap();
        assert_eq!(
            Client::new(addr)
                .get(&format!("/invite/{}", expired.token))
                .await
                .status,
            404
        );
        // Disabling ends the account's session and refuses logins; enabling restores them.
        let aid = account.id.0.to_string();
        let r = admin
            .post_form(
                "/admin",
                &[("csrf", &csrf), ("action", "disable"), ("account", &aid)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(invitee.get("/").await.status, 303, "the session ended");
        assert_ne!(
            Client::new(addr)
                .login("newcontact", "a long password 1")
                .await
                .status,
            303
        );
        let r = admin
            .post_form(
                "/admin",
                &[("csrf", &csrf), ("action", "enable"), ("account", &aid)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            Client::new(addr)
                .login("newcontact", "a long password 1")
                .await
                .status,
            303
        );
        let own = w
            .app
            .accounts(&ctx)
            .await
            .unwrap()
            .into_iter()
            .find(|a| a.username == "admin")
            .unwrap();
        let r = admin
            .post_form(
                "/admin",
                &[
                    ("csrf", &csrf),
                    ("action", "disable"),
                    ("account", &own.id.0.to_string()),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "not one's own account");
        // Nobody but an administrator sees the page or acts on it.
        for who in ["leader", "auditor", "consultee"] {
            let mut c = Client::new(addr);
            assert_eq!(c.login(who, PASSWORD).await.status, 303);
            assert_eq!(c.get("/admin").await.status, 404, "{who}");
            let csrf = field(&c.get("/").await.text(), "csrf").unwrap();
            let r = c
                .post_form(
                    "/admin",
                    &[
                        ("csrf", &csrf),
                        ("action", "person"),
                        ("name", "不该有的人"),
                    ],
                )
                .await;
            assert_eq!(r.status, 404, "{who}");
        }
        assert!(!w
            .app
            .people()
            .await
            .unwrap()
            .iter()
            .any(|p| p.name == "不该有的人"));
    });
}
