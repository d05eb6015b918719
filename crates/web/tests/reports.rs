//! Reports in the browser: the explanation previewed with the record's figures, and
//! downloads that check the caller again and are never cached.

mod support;

use support::*;

#[test]
fn the_explanation_is_previewed_and_reports_download() {
    let w = world();
    let addr = server(config());
    let d = w.demo.dossier.dossier;
    w.rt.block_on(async {
        let summary = w.app.summary(d).await.unwrap();
        let mut leader = Client::new(addr);
        assert_eq!(leader.login("leader", PASSWORD).await.status, 303);
        let page = leader.get(&format!("/dossiers/{d}/reports")).await;
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(html.contains("id=\"explanation\""));
        assert!(
            html.contains(&summary.modifications.to_string()),
            "the record's modification count is in the preview"
        );
        for (file, kind) in [
            ("explanation.docx", "wordprocessingml"),
            ("handling.xlsx", "spreadsheetml"),
            ("handling.docx", "wordprocessingml"),
        ] {
            let r = leader.get(&format!("/dossiers/{d}/reports/{file}")).await;
            assert_eq!(r.status, 200, "{file}");
            assert!(r.header("content-type").unwrap().contains(kind));
            assert!(r
                .header("content-disposition")
                .unwrap()
                .starts_with("attachment; filename*=UTF-8''"));
            assert_eq!(r.header("cache-control"), Some("no-store"));
            assert!(r.body.starts_with(b"PK"), "{file} is a zip (OOXML)");
        }
        let csv = leader
            .get(&format!("/dossiers/{d}/reports/handling.csv"))
            .await;
        let rows = csv.text().lines().count();
        assert!(
            rows as i64 > summary.items,
            "a header and one row per item: {rows} vs {}",
            summary.items
        );
        assert_eq!(
            leader
                .get(&format!("/dossiers/{d}/reports/nothing.exe"))
                .await
                .status,
            404
        );
        let (from, to) = (w.demo.dossier.draft_for_comments, w.demo.dossier.revised);
        let t = leader
            .get(&format!("/versions/{to}/comparison/table.xlsx?from={from}"))
            .await;
        assert_eq!(t.status, 200);
        assert!(t.body.starts_with(b"PK"));
        // A consultee and an outsider get nothing; after logout neither does the leader.
        for who in ["consultee", "outsider"] {
            let mut c = Client::new(addr);
            assert_eq!(c.login(who, PASSWORD).await.status, 303);
            let r = c.get(&format!("/dossiers/{d}/reports/handling.csv")).await;
            assert_eq!(r.status, 404, "{who}");
            assert!(!r.text().contains("处理"), "no data");
        }
        let csrf = field(&leader.get("/").await.text(), "csrf").unwrap();
        assert_eq!(
            leader.post_form("/logout", &[("csrf", &csrf)]).await.status,
            303
        );
        let r = leader
            .get(&format!("/dossiers/{d}/reports/handling.csv"))
            .await;
        assert_eq!(
            r.status, 303,
            "the session is checked again on every download"
        );
    });
}
