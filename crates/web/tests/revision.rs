//! Revision through HTTP: the text to edit, a new version from it or from an uploaded file,
//! the comparison view with the engine's count and the changes marked, publishing (which
//! records the modifications), linking modifications to items, and bad input.

mod support;

use support::*;
use yijian_core::ids::*;

/// The text of a textarea, unescaped enough for the test's plain Chinese text.
fn textarea(html: &str) -> String {
    let start = html.find("id=\"revision-text\"").unwrap();
    let open = start + html[start..].find('>').unwrap() + 1;
    let close = open + html[open..].find("</textarea>").unwrap();
    html[open..close]
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn version_from_location(location: &str) -> VersionId {
    let id = location
        .trim_start_matches("/versions/")
        .split('/')
        .next()
        .unwrap();
    VersionId(id.parse().unwrap())
}

fn multipart(csrf: &str, parent: VersionId, name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----yijiantest";
    let mut body = Vec::new();
    for (k, v) in [
        ("csrf", csrf.to_string()),
        ("label", "上传稿".into()),
        ("parent", parent.0.to_string()),
    ] {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .bytes(),
        );
    }
    body.extend(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes(),
    );
    body.extend_from_slice(content);
    body.extend(format!("\r\n--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[test]
fn revise_compare_publish_and_link() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let revised = w.demo.dossier.revised;
    w.rt.block_on(async {
        let (mut leader, csrf) = logged_in(addr, "leader").await;
        // (The other test may have added a later version: revise the one this test knows.)
        let page = leader
            .get(&format!("/dossiers/{dossier}/revise?from={revised}"))
            .await;
        assert_eq!(page.status, 200);
        let text = textarea(&page.text());
        let (_, blocks) = w.app.version(revised).await.unwrap();
        let first = blocks
            .iter()
            .find(|b| b.kind == yijian_core::model::BlockKind::Paragraph)
            .unwrap();
        assert!(
            text.contains(&first.text),
            "the latest version's text to edit"
        );

        // One edit → one modification, marked in the comparison.
        let edited = text.replacen(&first.text, &format!("{}新增的一句话。", first.text), 1);
        let label = "第三稿<script>x</script>";
        let r = leader
            .post_form(
                &format!("/dossiers/{dossier}/versions"),
                &[
                    ("csrf", &csrf),
                    ("label", label),
                    ("parent", &revised.to_string()),
                    ("text", &edited),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let location = r.header("location").unwrap().to_string();
        let new = version_from_location(&location);
        let compare = leader.get(&location).await;
        assert_eq!(compare.status, 200);
        let html = compare.text();
        assert!(html.contains("共修改 1 处"), "the engine's count");
        assert!(
            html.contains("<ins>新增的一句话。</ins>"),
            "the insertion is marked"
        );
        assert!(!html.contains("<script>x</script>"), "the label is escaped");
        assert!(html.contains("id=\"publish\""), "the leader may publish");

        // A member sees no publish button and may not publish.
        let (mut member, member_csrf) = logged_in(addr, "member").await;
        assert!(!member
            .get(&location)
            .await
            .text()
            .contains("id=\"publish\""));
        let r = member
            .post_form(
                &format!("/versions/{new}/publish"),
                &[("csrf", &member_csrf)],
            )
            .await;
        assert_eq!(r.status, 403);

        // Publishing releases the version and records the modification.
        let r = leader
            .post_form(&format!("/versions/{new}/publish"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        let (v, _) = w.app.version(new).await.unwrap();
        assert!(v.released_at.is_some());
        let recorded = w.app.modifications(revised, new).await.unwrap();
        assert_eq!(recorded.len(), 1);
        let html = leader.get(&location).await.text();
        assert!(html.contains("已记录修改 1 处"));
        // Publishing twice is refused (released versions never change).
        let again = leader
            .post_form(&format!("/versions/{new}/publish"), &[("csrf", &csrf)])
            .await;
        assert_eq!(again.status, 409);

        // Link the modification to an item behind it; bad ids change nothing.
        let item = w.app.items(dossier).await.unwrap()[0].id;
        let link = format!("/modifications/{}/items", recorded[0].id);
        for bad in ["x", "", "999999"] {
            let r = leader
                .post_form(
                    &link,
                    &[("csrf", &csrf), ("items", bad), ("back", &location)],
                )
                .await;
            assert!(matches!(r.status, 404 | 422), "{bad:?}: {}", r.status);
        }
        let r = leader
            .post_form(
                &link,
                &[
                    ("csrf", &csrf),
                    ("items", &format!("#{item}")),
                    ("back", &location),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.text());
        assert_eq!(r.header("location"), Some(location.as_str()));
        let c = w
            .app
            .comparison(w.demo.dossier.people["leader"], revised, new)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.links.get(&recorded[0].id), Some(&vec![item]));
        assert!(leader
            .get(&location)
            .await
            .text()
            .contains(&format!("依据意见 {item}")));
    });
}

#[test]
fn uploads_and_bad_input() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let dossier = w.demo.dossier.dossier;
    let revised = w.demo.dossier.revised;
    w.rt.block_on(async {
        let (mut leader, csrf) = logged_in(addr, "leader").await;
        let before = w.app.versions(dossier).await.unwrap().len();
        let upload = format!("/dossiers/{dossier}/versions/upload");
        let origin = format!("http://{addr}");
        let send_file = |name: &'static str, content: Vec<u8>, csrf: String| {
            let (ct, body) = multipart(&csrf, revised, name, &content);
            (ct, body)
        };
        // Empty file, a binary file, a forged token: refused, nothing written.
        for (name, content, token, status) in [
            ("empty.md", Vec::new(), csrf.clone(), 422),
            ("x.docx", b"PK\x03\x04not a zip".to_vec(), csrf.clone(), 422),
            (
                "ok.md",
                "# 标题\n\n段落。\n".as_bytes().to_vec(),
                "forged".to_string(),
                403,
            ),
        ] {
            let (ct, body) = send_file(name, content, token);
            let headers = [
                ("Content-Type", ct.as_str()),
                ("Origin", origin.as_str()),
                ("Sec-Fetch-Site", "same-origin"),
            ];
            let r = leader.request("POST", &upload, &headers, &body).await;
            assert_eq!(r.status, status, "{name}: {}", r.text());
        }
        assert_eq!(
            w.app.versions(dossier).await.unwrap().len(),
            before,
            "nothing was written"
        );
        // A good Markdown file makes a version.
        let (ct, body) = send_file(
            "good.md",
            "# 上传的稿子\n\n## 第一部分 总则\n\n一段新的文字。\n"
                .as_bytes()
                .to_vec(),
            csrf.clone(),
        );
        let headers = [
            ("Content-Type", ct.as_str()),
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        let r = leader.request("POST", &upload, &headers, &body).await;
        assert_eq!(r.status, 303, "{}", r.text());
        assert_eq!(w.app.versions(dossier).await.unwrap().len(), before + 1);
        // A file name with markup: the version is made, and the name is never echoed back.
        let (ct, body) = send_file(
            "<script>alert(1)</script>.md",
            "# 标题\n\n另一段文字。\n".as_bytes().to_vec(),
            csrf.clone(),
        );
        let headers = [
            ("Content-Type", ct.as_str()),
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        let r = leader.request("POST", &upload, &headers, &body).await;
        assert_eq!(r.status, 303, "{}", r.text());
        let compare = leader.get(r.header("location").unwrap()).await.text();
        assert!(
            !compare.contains("<script>alert(1)"),
            "the file name is not shown raw"
        );
        let dossier_page = leader.get(&format!("/dossiers/{dossier}")).await.text();
        assert!(!dossier_page.contains("<script>alert(1)"));
        assert_eq!(w.app.versions(dossier).await.unwrap().len(), before + 2);
        // Bigger than the draft limit: 413, nothing written.
        let huge = "段".repeat(3_000_000);
        let r = leader
            .post_form(
                &format!("/dossiers/{dossier}/versions"),
                &[
                    ("csrf", &csrf),
                    ("label", "太大"),
                    ("parent", &revised.to_string()),
                    ("text", &huge),
                ],
            )
            .await;
        assert_eq!(r.status, 413);
        assert_eq!(w.app.versions(dossier).await.unwrap().len(), before + 2);
        // Other forms keep the small limit.
        let big_item = "意".repeat(30_000);
        let r = leader
            .post_form(
                &format!("/dossiers/{dossier}/items"),
                &[("csrf", &csrf), ("reason", &big_item)],
            )
            .await;
        assert_eq!(r.status, 413);
    });
}
