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
        let export = leader.get(&format!("/versions/{to}/export.docx")).await;
        assert_eq!(export.status, 200);
        assert!(export.body.starts_with(b"PK"));
        // The consultee's numbered copy of the live consultation's draft names their body.
        let live = w.demo.live_consultation;
        let mut consultee = Client::new(addr);
        assert_eq!(consultee.login("consultee", PASSWORD).await.status, 303);
        let copy = consultee
            .get(&format!("/consultations/{live}/copy.docx"))
            .await;
        assert_eq!(copy.status, 200, "{}", copy.text());
        let xml = document_xml(&copy.body);
        let body = w
            .app
            .bodies()
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.id == w.demo.dossier.bodies["r02"])
            .unwrap();
        assert!(xml.contains(&body.name), "the copy names the recipient");
        assert!(xml.contains("No. "), "and carries its number");
        let mut outsider = Client::new(addr);
        assert_eq!(outsider.login("outsider", PASSWORD).await.status, 303);
        assert_eq!(
            outsider
                .get(&format!("/consultations/{live}/copy.docx"))
                .await
                .status,
            404
        );
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

/// The text of a .docx's main part and headers, for the checks above.
fn document_xml(docx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a .docx is a zip");
    let mut all = String::new();
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).unwrap();
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        if name.starts_with("word/") && name.ends_with(".xml") {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            all.push_str(&s);
        }
    }
    all
}
