//! The authorization matrix: every role × every route × a target in the caller's scope and
//! one outside it. The routes come from the server's own table (`yijian_web::route_table`),
//! so a route added without an expectation here fails this test.
//!
//! "In scope" is the demo dossier, its revised version and the live consultation whose scope
//! holds the consultee's body. "Out of scope" is a second dossier made here, in which none
//! of the demo's dossier roles apply, with a consultation whose scope holds another body.
//! Global roles (administrator, auditor) see both records; nobody else sees the second.

mod support;

use std::collections::BTreeMap;

use support::*;
use yijian_app::{Ctx, NewDossier, OpenConsultation};
use yijian_core::ids::*;
use yijian_core::model::{BlockKind, ConsultationKind, Respondent, Role};

/// What one request targets.
#[derive(Debug, Clone)]
struct Target {
    dossier: DossierId,
    version: VersionId,
    paragraph: ParagraphId,
    consultation: ConsultationId,
    /// An item of the dossier.
    item: ItemId,
    /// An item of the consultee's own response (in scope only; the other dossier's item
    /// for the out-of-scope target).
    own_item: ItemId,
    /// A released version of the dossier.
    released: VersionId,
    /// The version `version` was revised from, with the modifications recorded.
    from: VersionId,
    /// A hearing of the target consultation.
    hearing: HearingId,
    /// The demo's plenary submission (of the in-scope dossier, for both targets).
    submission: SubmissionId,
    /// A recorded modification of the dossier.
    modification: ModificationId,
    /// A member of the dossier's drafting group (items can be assigned to them).
    drafter: PersonId,
    /// A paragraph's text: it must never appear in a denied answer.
    secret: String,
    /// A public consultation of the dossier, with a campaign and a theme of its comments.
    public: ConsultationId,
    campaign: CampaignId,
    theme: ThemeId,
}

const ROLES: &[&str] = &[
    "anonymous",
    "admin",
    "leader",
    "deputy",
    "member",
    "reviewer",
    "consultee",
    "outsider",
    "auditor",
];

const RECORD_HOLDERS: &[&str] = &["admin", "leader", "deputy", "member", "reviewer", "auditor"];
const GLOBAL_ROLES: &[&str] = &["admin", "auditor"];
/// The drafting group of the demo dossier (they analyse and dispose of items).
const DRAFTERS: &[&str] = &["leader", "deputy", "member"];
const LEADS: &[&str] = &["leader", "deputy"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A 2xx or a redirect that is not to the login page.
    Allow,
    /// 401, 403, 404 or the redirect to the login page — and never the target's data.
    Deny,
    /// Open to anyone: anything but a server error.
    Public,
    /// Allowed, and the list names the target consultation (true) or leaves it out (false).
    Listed(bool),
}

fn sees_record(role: &str, out: bool) -> bool {
    if out {
        GLOBAL_ROLES.contains(&role)
    } else {
        RECORD_HOLDERS.contains(&role)
    }
}

fn sees_consultation(role: &str, out: bool) -> bool {
    sees_record(role, out) || (role == "consultee" && !out)
}

fn allow_if(yes: bool) -> Expect {
    if yes {
        Expect::Allow
    } else {
        Expect::Deny
    }
}

/// The rule for each route. A route of the server missing here panics: add its row.
fn expectation(method: &str, path: &str, role: &str, out: bool) -> Expect {
    let logged_in = role != "anonymous";
    match (method, path) {
        ("GET", "/") => allow_if(logged_in),
        ("GET", "/login") | ("POST", "/login") | ("GET", "/lang/{code}") => Expect::Public,
        ("POST", "/logout") => Expect::Public,
        ("GET", "/dossiers/{id}")
        | ("GET", "/versions/{id}")
        | ("GET", "/versions/{id}/paragraphs/{paragraph}")
        | ("GET", "/dossiers/{id}/items") => allow_if(sees_record(role, out)),
        ("POST", "/dossiers/{id}/items") => allow_if(DRAFTERS.contains(&role) && !out),
        ("GET", "/dossiers/{id}/revise") | ("GET", "/versions/{id}/compare") => {
            allow_if(sees_record(role, out))
        }
        // Writing versions and linking items: the drafting group; publishing: its leadership.
        ("POST", "/dossiers/{id}/versions")
        | ("POST", "/dossiers/{id}/versions/upload")
        | ("POST", "/modifications/{id}/items") => allow_if(DRAFTERS.contains(&role) && !out),
        ("GET", "/dossiers/{id}/consultations/new") => allow_if(sees_record(role, out)),
        // Opening a consultation: the dossier's leadership.
        ("POST", "/dossiers/{id}/consultations") => allow_if(LEADS.contains(&role) && !out),
        // Publishing the handling: the leadership (refused as a conflict once published).
        ("POST", "/dossiers/{id}/handling") => allow_if(LEADS.contains(&role) && !out),
        ("GET", "/consultations/{id}/hearings") => allow_if(sees_record(role, out)),
        // Hearings are minuted by the drafting group.
        ("POST", "/consultations/{id}/hearings") | ("POST", "/hearings/{id}/items") => {
            allow_if(DRAFTERS.contains(&role) && !out)
        }
        ("GET", "/dossiers/{id}/review") => allow_if(sees_record(role, out)),
        // Meetings are recorded by reviewers or the drafting group's leadership.
        ("POST", "/dossiers/{id}/meetings") => {
            allow_if((LEADS.contains(&role) || role == "reviewer") && !out)
        }
        ("POST", "/dossiers/{id}/submissions") | ("POST", "/dossiers/{id}/adoption") => {
            allow_if(LEADS.contains(&role) && !out)
        }
        ("POST", "/dossiers/{id}/opinions") => allow_if(DRAFTERS.contains(&role) && !out),
        // Administration is global: administrators only.
        ("GET", "/admin") | ("POST", "/admin") => allow_if(role == "admin"),
        // Invitation links: anyone with the link (an unknown one is answered as not valid).
        ("GET", "/invite/{token}") | ("POST", "/invite/{token}") => Expect::Public,
        // Reports are the record: its holders download them, every time checked again.
        ("GET", "/dossiers/{id}/reports")
        | ("GET", "/dossiers/{id}/reports/{file}")
        | ("GET", "/versions/{id}/comparison/{file}")
        | ("GET", "/versions/{id}/export.docx") => allow_if(sees_record(role, out)),
        // The numbered copy: only the consultee in scope (record-holders have the export).
        ("GET", "/consultations/{id}/copy.docx") => allow_if(role == "consultee" && !out),
        // One's own item: only its author's side, in scope.
        ("POST", "/items/{id}/edit") | ("POST", "/items/{id}/withdraw") => {
            allow_if(role == "consultee" && !out)
        }
        // The audit log is global: auditors and administrators, in and out of any scope.
        ("GET", "/audit") => allow_if(GLOBAL_ROLES.contains(&role)),
        ("POST", "/versions/{id}/publish") => allow_if(LEADS.contains(&role) && !out),
        ("GET", "/consultations/{id}") | ("GET", "/api/v1/consultations/{id}/version") => {
            allow_if(sees_consultation(role, out))
        }
        ("POST", "/consultations/{id}/items") | ("POST", "/consultations/{id}/submit") => {
            allow_if(role == "consultee" && !out)
        }
        ("POST", "/api/v1/login") | ("GET", "/api/v1/openapi.json") => Expect::Public,
        ("POST", "/api/v1/logout") | ("GET", "/api/v1/me") => allow_if(logged_in),
        ("GET", "/api/v1/consultations") if logged_in => {
            Expect::Listed(sees_consultation(role, out))
        }
        ("GET", "/api/v1/consultations") => Expect::Deny,
        // The caller's own response: only a consultee has one (anyone else: 404).
        ("GET", "/api/v1/consultations/{id}/response")
        | ("POST", "/api/v1/consultations/{id}/items")
        | ("POST", "/api/v1/consultations/{id}/submit") => allow_if(role == "consultee" && !out),
        ("GET", "/api/v1/consultations/{id}/recipients")
        | ("GET", "/api/v1/consultations/{id}/search")
        | ("GET", "/api/v1/dossiers/{id}/items")
        | ("GET", "/api/v1/versions/{id}/comparison") => allow_if(sees_record(role, out)),
        ("POST", "/api/v1/dossiers/{id}/dispositions")
        | ("POST", "/api/v1/modifications/{id}/items") => {
            allow_if(DRAFTERS.contains(&role) && !out)
        }
        ("POST", "/api/v1/dossiers/{id}/assignments")
        | ("POST", "/api/v1/versions/{id}/publish") => allow_if(LEADS.contains(&role) && !out),
        ("GET", "/api/v1/audit") | ("GET", "/api/v1/audit/verify") => {
            allow_if(GLOBAL_ROLES.contains(&role))
        }
        // A public consultation's comments: figures, campaigns, themes for the record's holders;
        // runs, moves and groups for the drafting group.
        ("GET", "/consultations/{id}/public")
        | ("GET", "/consultations/{id}/public/{file}")
        | ("GET", "/consultations/{id}/search")
        | ("GET", "/campaigns/{id}")
        | ("GET", "/campaigns/{id}/{file}")
        | ("GET", "/themes/{id}")
        | ("GET", "/themes/{id}/{file}") => allow_if(sees_record(role, out)),
        ("POST", "/consultations/{id}/public") | ("POST", "/themes/{id}") => {
            allow_if(DRAFTERS.contains(&role) && !out)
        }
        // The public pages of an open consultation: anyone reads its draft; registering,
        // verifying and commenting need the public's own forms and session, not a role.
        (_, p) if p.starts_with("/open/") => Expect::Public,
        ("GET", p) if p.starts_with("/assets/") => Expect::Public,
        _ => panic!(
            "the route {method} {path} has no row in the authorization matrix \
             (crates/web/tests/access_matrix.rs, fn expectation): say who may use it"
        ),
    }
}

fn fill(path: &str, t: &Target) -> String {
    let local = path.strip_prefix("/api/v1").unwrap_or(path);
    let id = if local.starts_with("/dossiers/") {
        t.dossier.0
    } else if local.starts_with("/versions/") {
        t.version.0
    } else if local.starts_with("/modifications/") {
        t.modification.0
    } else if path.starts_with("/hearings/") {
        t.hearing.0
    } else if path.starts_with("/items/") {
        t.own_item.0
    } else if path.starts_with("/campaigns/") {
        t.campaign.0
    } else if path.starts_with("/themes/") {
        t.theme.0
    } else if path.starts_with("/consultations/{id}/public")
        || path.starts_with("/consultations/{id}/search")
        || path.starts_with("/open/")
    {
        t.public.0
    } else {
        t.consultation.0
    };
    path.replace("{id}", &id.to_string())
        .replace("{paragraph}", &t.paragraph.0.to_string())
        .replace("{code}", "en")
        .replace("{token}", &"0".repeat(64))
        .replace("/reports/{file}", "/reports/explanation.docx")
        .replace("/public/{file}", "/public/paragraph.csv")
        .replace(
            &format!("/campaigns/{id}/{{file}}"),
            &format!("/campaigns/{id}/members.csv"),
        )
        .replace(
            &format!("/themes/{id}/{{file}}"),
            &format!("/themes/{id}/comments.csv"),
        )
        .replace("/search", "/search?q=x")
        .replace(
            "/comparison/{file}",
            &format!("/comparison/table.docx?from={}", t.from.0),
        )
}

fn body_for(path: &str, csrf: &str, t: &Target) -> Vec<(&'static str, String)> {
    let csrf = ("csrf", csrf.to_string());
    match path {
        "/dossiers/{id}/items" => vec![
            csrf,
            ("item", t.item.0.to_string()),
            ("action", "dispose".into()),
            ("kind", "adopted".into()),
            ("status", "proposed".into()),
            ("reason", "矩阵测试".into()),
        ],
        "/consultations/{id}/items" => vec![
            csrf,
            ("kind", "suggestion".into()),
            ("paragraph", "1".into()),
            ("text", "矩阵测试：建议写得更具体。".into()),
        ],
        "/consultations/{id}/submit"
        | "/logout"
        | "/versions/{id}/publish"
        | "/dossiers/{id}/handling" => vec![csrf],
        "/dossiers/{id}/versions" => vec![
            csrf,
            ("label", "矩阵测试稿".into()),
            ("parent", t.version.0.to_string()),
            ("text", "# 矩阵测试稿\n\n一段文字。\n".into()),
        ],
        "/modifications/{id}/items" => vec![csrf, ("items", t.item.0.to_string())],
        "/dossiers/{id}/meetings"
        | "/dossiers/{id}/submissions"
        | "/dossiers/{id}/opinions"
        | "/dossiers/{id}/adoption" => {
            let w = world();
            let body = if path.ends_with("/meetings") {
                w.demo.dossier.bodies["standing"]
            } else {
                w.demo.dossier.bodies["plenary"]
            };
            vec![
                csrf,
                ("body", body.0.to_string()),
                ("version", t.released.0.to_string()),
                ("on", "2030-01-10".into()),
                ("decision", "approved".into()),
                ("submission", t.submission.0.to_string()),
                ("speaker", "某委员".into()),
                ("kind", "opinion".into()),
                ("text", "分组讨论意见".into()),
            ]
        }
        // A new campaign run (themes stay, so the theme's routes keep their target).
        "/consultations/{id}/public" => vec![csrf, ("action", "campaigns".into())],
        "/themes/{id}" => vec![
            csrf,
            ("action", "group".into()),
            ("common_view", "矩阵测试：一组意见".into()),
        ],
        "/items/{id}/edit" | "/items/{id}/withdraw" => vec![
            csrf,
            ("consultation", t.consultation.0.to_string()),
            ("kind", "opinion".into()),
            ("text", "矩阵测试：修改后的意见".into()),
        ],
        "/admin" => vec![
            csrf,
            ("action", "person".into()),
            ("name", "矩阵测试人员".into()),
        ],
        "/invite/{token}" => vec![
            ("password", "long enough password".into()),
            ("again", "long enough password".into()),
        ],
        "/consultations/{id}/hearings" => vec![
            csrf,
            ("title", "矩阵测试座谈会".into()),
            ("held_on", "2030-01-05".into()),
        ],
        "/hearings/{id}/items" => vec![
            csrf,
            ("speaker", "发言人".into()),
            ("kind", "opinion".into()),
            ("text", "座谈会上的意见".into()),
            ("consultation", t.consultation.0.to_string()),
        ],
        "/dossiers/{id}/consultations" => vec![
            csrf,
            ("kind", "draft".into()),
            ("title", "矩阵测试征求意见".into()),
            ("version", t.released.0.to_string()),
            ("opens", "2030-01-01".into()),
            ("closes", "2030-01-31".into()),
            ("category", "region".into()),
        ],
        _ => vec![],
    }
}

/// A valid JSON body for each API route that takes one (empty for the others).
fn api_body(route: &str, t: &Target) -> String {
    let body = match route {
        "/api/v1/login" => serde_json::json!({"username": "nobody", "password": "wrong-password"}),
        "/api/v1/consultations/{id}/items" => serde_json::json!({
            "kind": "suggestion", "paragraph": 1, "text": "矩阵测试（API）：建议写得更具体。"
        }),
        "/api/v1/dossiers/{id}/dispositions" => serde_json::json!({
            "items": [t.item.0], "kind": "adopted", "status": "proposed", "reason": "矩阵测试（API）"
        }),
        "/api/v1/dossiers/{id}/assignments" => {
            serde_json::json!({"items": [t.item.0], "assignee": t.drafter.0})
        }
        "/api/v1/modifications/{id}/items" => serde_json::json!({"items": [t.item.0]}),
        _ => return String::new(),
    };
    body.to_string()
}

fn is_denial(r: &Resp) -> bool {
    matches!(r.status, 401 | 403 | 404)
        || (r.status == 303
            && r.header("location")
                .is_some_and(|l| l.starts_with("/login?")))
}

fn is_allowed(r: &Resp) -> bool {
    (200..400).contains(&r.status) && !is_denial(r)
}

/// A second dossier nobody of the demo's drafting group holds a role in, with a released
/// version and an open consultation of another body.
async fn out_of_scope_target() -> Target {
    let w = world();
    let people = &w.demo.dossier.people;
    let admin = Ctx::new(people["admin"], now());
    let dossier = w
        .app
        .create_dossier(
            &admin,
            &NewDossier {
                title: "另一文稿（矩阵测试）".into(),
                purpose: "测试".into(),
                requirements: "测试".into(),
                topic_decided_on: None,
                leading_body: None,
                drafting_group: None,
            },
        )
        .await
        .unwrap();
    let drafter = w.app.add_person(&admin, "另一起草人", None).await.unwrap();
    w.app
        .assign_role(&admin, Some(dossier), drafter, Role::Leader)
        .await
        .unwrap();
    let ctx = Ctx::new(drafter, now());
    let secret = "第二文稿的保密段落：只有它的起草组看得到。";
    let text = format!("# 另一文稿\n\n## 第一部分 总则\n\n{secret}\n");
    let version = w
        .app
        .import_version(&ctx, dossier, "征求意见稿", "d2.md", text.as_bytes(), None)
        .await
        .unwrap();
    w.app.release_version(&ctx, version).await.unwrap();
    let other_body = w.demo.dossier.bodies["r01"];
    let consultation = w
        .app
        .open_consultation(
            &ctx,
            &OpenConsultation {
                dossier,
                kind: ConsultationKind::Draft,
                title: "另一文稿征求意见".into(),
                version: Some(version),
                question: None,
                opens_at: now(),
                closes_at: now().plus_days(10),
                scope: vec![Respondent::Body(other_body)],
            },
        )
        .await
        .unwrap();
    let revised = format!("{text}\n第二段：修改稿新增。\n");
    let draft = w
        .app
        .import_version(
            &ctx,
            dossier,
            "修改稿",
            "d2b.md",
            revised.as_bytes(),
            Some(version),
        )
        .await
        .unwrap();
    let modification = w
        .app
        .record_modifications(&ctx, version, draft)
        .await
        .unwrap()[0]
        .id;
    let (_, blocks) = w.app.version(draft).await.unwrap();
    let paragraph = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .unwrap()
        .paragraph;
    let hearing = w
        .app
        .record_hearing(
            &ctx,
            consultation,
            "另一文稿座谈会",
            yijian_core::time::Date::parse("2030-01-02").unwrap(),
            "",
        )
        .await
        .unwrap();
    let contact = people["r01-contact"];
    w.app
        .assign_role(&admin, Some(dossier), contact, Role::Contact)
        .await
        .unwrap();
    let item = w
        .app
        .add_item(
            &Ctx::new(contact, now()),
            consultation,
            &yijian_app::NewItem {
                kind: yijian_core::model::ItemKind::Opinion,
                text: "另一文稿的一条意见".into(),
                paragraph: None,
                span: None,
            },
        )
        .await
        .unwrap();
    let (public, campaign, theme) = public_analysis(&ctx, dossier, version).await;
    Target {
        public,
        campaign,
        theme,
        dossier,
        version: draft,
        released: version,
        from: version,
        hearing,
        submission: demo_submission().await,
        paragraph,
        consultation,
        item,
        own_item: item,
        modification,
        drafter,
        secret: secret.into(),
    }
}

/// A public consultation on a released version with a few comments (a letter sent three
/// times among them), its campaigns and themes found.
async fn public_analysis(
    ctx: &Ctx,
    dossier: DossierId,
    version: VersionId,
) -> (ConsultationId, CampaignId, ThemeId) {
    // Comment ids of their own for each target (the tests share one database).
    static NEXT_ID: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(900_000);
    let first_id = NEXT_ID.fetch_add(100, std::sync::atomic::Ordering::Relaxed);
    let w = world();
    let public = w
        .app
        .open_consultation(
            ctx,
            &OpenConsultation {
                dossier,
                kind: ConsultationKind::Public,
                title: "向社会公开征求意见（矩阵测试）".into(),
                version: Some(version),
                question: None,
                opens_at: now(),
                closes_at: now().plus_days(10),
                scope: vec![],
            },
        )
        .await
        .unwrap();
    let texts = [
        "建议对养老服务补贴标准作出明确规定，并扩大高龄津贴的发放范围。",
        "建议对养老服务补贴标准作出明确规定，并扩大高龄津贴的发放范围！",
        "我们建议对养老服务补贴标准作出明确规定，并扩大高龄津贴的发放范围。",
        "义务教育阶段的课后服务应当由学校统一组织，费用由财政保障。",
        "河道污染防治需要上下游联动，建立跨区域的生态补偿机制。",
    ];
    for (i, text) in texts.iter().enumerate() {
        w.app
            .execute_raw(&format!(
                "INSERT INTO public_comment (id, consultation, source_id, text, text_sha256, received_at, channel)
                 VALUES ({}, {public}, 'm{i}', '{text}', '', {}, 'import')",
                first_id + i as i64,
                now().0
            ))
            .await
            .unwrap();
    }
    w.app
        .detect_campaigns(ctx, public, &Default::default())
        .await
        .unwrap();
    w.app
        .find_themes(ctx, public, &Default::default())
        .await
        .unwrap();
    let campaign = w.app.campaigns(ctx, public, 0, 1).await.unwrap()[0].id;
    let theme = w.app.themes(ctx, public, None).await.unwrap()[0].id;
    (public, campaign, theme)
}

async fn demo_submission() -> SubmissionId {
    let w = world();
    let leader = w.demo.dossier.people["leader"];
    let r = w
        .app
        .review_record(leader, w.demo.dossier.dossier)
        .await
        .unwrap()
        .unwrap();
    r.submissions[0].submission.id
}

async fn in_scope_target() -> Target {
    let w = world();
    let version = w.demo.dossier.revised;
    let (_, blocks) = w.app.version(version).await.unwrap();
    let first = blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .unwrap();
    let item = w.app.items(w.demo.dossier.dossier).await.unwrap()[0].id;
    let own_item = w
        .app
        .add_item(
            &Ctx::new(w.demo.dossier.people["r02-contact"], now()),
            w.demo.live_consultation,
            &yijian_app::NewItem {
                kind: yijian_core::model::ItemKind::Opinion,
                text: "矩阵测试：本单位的意见".into(),
                paragraph: None,
                span: None,
            },
        )
        .await
        .unwrap();
    let leader = Ctx::new(w.demo.dossier.people["leader"], now());
    let hearing = w
        .app
        .record_hearing(
            &leader,
            w.demo.live_consultation,
            "矩阵座谈会",
            yijian_core::time::Date::parse("2030-01-02").unwrap(),
            "",
        )
        .await
        .unwrap();
    let modification = w
        .app
        .modifications(w.demo.dossier.draft_for_comments, version)
        .await
        .unwrap()[0]
        .id;
    let (public, campaign, theme) = public_analysis(
        &leader,
        w.demo.dossier.dossier,
        w.demo.dossier.draft_for_comments,
    )
    .await;
    Target {
        public,
        campaign,
        theme,
        dossier: w.demo.dossier.dossier,
        version,
        released: version,
        from: w.demo.dossier.draft_for_comments,
        hearing,
        submission: demo_submission().await,
        paragraph: first.paragraph,
        consultation: w.demo.live_consultation,
        item,
        own_item,
        modification,
        drafter: w.demo.dossier.people["member1"],
        secret: first.text.chars().take(24).collect(),
    }
}

/// One caller: a page client with its cookie and an API token (none for anonymous).
struct Caller {
    role: &'static str,
    pages: Client,
    csrf: String,
    token: Option<String>,
}

async fn caller(addr: std::net::SocketAddr, role: &'static str) -> Caller {
    let mut pages = Client::new(addr);
    if role == "anonymous" {
        return Caller {
            role,
            pages,
            csrf: String::new(),
            token: None,
        };
    }
    let r = pages.login(role, PASSWORD).await;
    assert_eq!(r.status, 303, "{role} logs in: {}", r.text());
    let home = pages.get("/").await;
    let csrf = field(&home.text(), "csrf").expect("the home page has the logout form");
    Caller {
        role,
        pages,
        csrf,
        token: Some(token(addr, role).await),
    }
}

async fn call(c: &mut Caller, method: &str, route: &str, t: &Target) -> Resp {
    let path = fill(route, t);
    if route.starts_with("/api/v1/") {
        let auth = c.token.as_ref().map(|t| format!("Bearer {t}"));
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("Authorization", a.as_str()));
        }
        let body = api_body(route, t);
        return send(c.pages.addr, method, &path, &headers, body.as_bytes()).await;
    }
    if method == "GET" {
        return c.pages.get(&path).await;
    }
    if route == "/dossiers/{id}/versions/upload" {
        return upload(c, &path, t).await;
    }
    let pairs = body_for(route, &c.csrf, t);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.pages.post_form(&path, &pairs).await
}

/// A multipart upload as a browser sends it.
async fn upload(c: &mut Caller, path: &str, t: &Target) -> Resp {
    let boundary = "----yijianmatrix";
    let mut body = String::new();
    for (name, value) in [
        ("csrf", c.csrf.clone()),
        ("label", "矩阵上传稿".to_string()),
        ("parent", t.version.0.to_string()),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    body.push_str(&format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.md\"\r\nContent-Type: text/markdown\r\n\r\n# 上传稿\n\n一段文字。\n\r\n--{boundary}--\r\n"
    ));
    let origin = format!("http://{}", c.pages.addr);
    let content_type = format!("multipart/form-data; boundary={boundary}");
    let headers = [
        ("Content-Type", content_type.as_str()),
        ("Origin", origin.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    c.pages
        .request("POST", path, &headers, body.as_bytes())
        .await
}

fn check(c: &Caller, method: &str, route: &str, out: bool, t: &Target, r: &Resp) -> bool {
    let what = format!(
        "{} {method} {route} ({}) → {}: {}",
        c.role,
        if out { "out of scope" } else { "in scope" },
        r.status,
        r.text().chars().take(300).collect::<String>()
    );
    assert!(r.status < 500, "server error: {what}");
    match expectation(method, route, c.role, out) {
        // Open routes are logged when they deny too (an unknown invitation link), except the
        // login routes, whose failures the login use case records itself.
        Expect::Public => is_denial(r) && !route.ends_with("/login"),
        // A GET must show the page; a POST must get past authorization (a business refusal —
        // 409 for a version released already, 422 for a form that does not apply — is fine).
        Expect::Allow if method == "GET" => {
            assert!(is_allowed(r), "should be allowed: {what}");
            false
        }
        Expect::Allow => {
            assert!(!is_denial(r), "should be allowed: {what}");
            false
        }
        Expect::Listed(listed) => {
            assert!(is_allowed(r), "should be allowed: {what}");
            let ids: Vec<i64> = r
                .json()
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap())
                .collect();
            assert_eq!(ids.contains(&t.consultation.0), listed, "listing: {what}");
            false
        }
        Expect::Deny => {
            assert!(is_denial(r), "should be denied: {what}");
            assert!(
                !r.text().contains(&t.secret),
                "a denial leaked the draft: {what}"
            );
            true
        }
    }
}

fn denials_logged(since: i64) -> Vec<String> {
    let w = world();
    let admin = w.demo.dossier.people["admin"];
    let entries =
        w.rt.block_on(w.app.audit_entries(admin, None, 1_000))
            .unwrap();
    entries
        .iter()
        .filter(|e| e.seq > since && e.action == yijian_app::DENIED)
        .map(|e| format!("{} {}", e.actor, e.subject))
        .collect()
}

fn audit_head() -> i64 {
    let w = world();
    let admin = w.demo.dossier.people["admin"];
    let entries = w.rt.block_on(w.app.audit_entries(admin, None, 1)).unwrap();
    entries.first().map(|e| e.seq).unwrap_or(0)
}

#[test]
fn every_role_every_route_in_and_out_of_scope() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let routes = yijian_web::route_table();
    assert!(routes.len() >= 15, "the table lists the routes: {routes:?}");
    // Every route has a row (this panics naming the first that has none).
    for (method, path) in &routes {
        for role in ROLES {
            expectation(method, path, role, false);
        }
    }
    let (inside, outside) =
        w.rt.block_on(async { (in_scope_target().await, out_of_scope_target().await) });
    // Logging out last, or the caller's later requests would be anonymous.
    let mut ordered = routes.clone();
    ordered.sort_by_key(|(_, p)| p.ends_with("/logout"));
    let start = audit_head();
    let mut denied = 0;
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    w.rt.block_on(async {
        for role in ROLES {
            let mut c = caller(addr, role).await;
            for (method, route) in &ordered {
                for (out, target) in [(false, &inside), (true, &outside)] {
                    if out && route.ends_with("/logout") {
                        continue; // a session ends once; logging out has no target
                    }
                    let r = call(&mut c, method, route, target).await;
                    if check(&c, method, route, out, target, &r) {
                        denied += 1;
                    }
                    *outcomes.entry(r.status.to_string()).or_default() += 1;
                }
            }
        }
    });
    println!(
        "{} routes × {} roles × 2 scopes; statuses {outcomes:?}",
        routes.len(),
        ROLES.len()
    );
    assert!(
        denied > 60,
        "the matrix denies a good share of requests: {denied}"
    );
    let logged = denials_logged(start);
    assert_eq!(
        logged.len(),
        denied,
        "every denied request is written to the audit log, once: {logged:#?}"
    );
}

#[test]
fn a_denied_request_names_the_caller_and_the_request_in_the_log() {
    let _serial = one_at_a_time();
    let w = world();
    let addr = server(config());
    let inside = w.rt.block_on(in_scope_target());
    let start = audit_head();
    w.rt.block_on(async {
        let mut outsider = caller(addr, "outsider").await;
        let r = outsider
            .pages
            .get(&format!("/versions/{}", inside.version))
            .await;
        assert!(is_denial(&r), "{}", r.status);
    });
    let admin = w.demo.dossier.people["admin"];
    let outsider = w.demo.dossier.people["o01-contact"];
    let entries = w.rt.block_on(w.app.audit_entries(admin, None, 50)).unwrap();
    let entry = entries
        .iter()
        .find(|e| e.seq > start && e.action == yijian_app::DENIED)
        .expect("the denial is logged");
    assert_eq!(entry.actor, format!("person:{outsider}"));
    assert!(
        entry.subject.starts_with(&format!(
            "GET /versions/{} → 404 from 127.0.0.1",
            inside.version
        )),
        "{}",
        entry.subject
    );
    // The log still verifies with the denials in it.
    w.rt.block_on(w.app.verify_audit(None)).unwrap();
    // And only auditors and administrators read it.
    let leader = w.demo.dossier.people["leader"];
    assert!(w.rt.block_on(w.app.audit_entries(leader, None, 5)).is_err());
}

#[test]
fn a_flood_of_denials_is_counted_not_written_one_by_one() {
    let _serial = one_at_a_time();
    let w = world();
    let mut flood = config();
    flood.denials_logged_per_minute = 3;
    let addr = server(flood);
    let inside = w.rt.block_on(in_scope_target());
    let start = audit_head();
    w.rt.block_on(async {
        let mut anonymous = caller(addr, "anonymous").await;
        for _ in 0..8 {
            let r = anonymous
                .pages
                .get(&format!("/versions/{}", inside.version))
                .await;
            assert!(is_denial(&r), "{}", r.status);
        }
    });
    let logged = denials_logged(start);
    assert_eq!(
        logged.len(),
        4,
        "three, then one saying the rest are counted: {logged:?}"
    );
    assert!(
        logged.iter().any(|e| e.contains("the next are counted")),
        "{logged:?}"
    );
    w.rt.block_on(w.app.verify_audit(None)).unwrap();
}

#[test]
fn the_audit_view_lists_and_verifies() {
    let _serial = one_at_a_time();
    let addr = server(config());
    world().rt.block_on(async {
        let mut auditor = caller(addr, "auditor").await;
        let home = auditor.pages.get("/").await.text();
        assert!(home.contains("href=\"/audit\""));
        // A denial, then the view shows it on top.
        let _ = auditor.pages.get("/dossiers/999999").await;
        let page = auditor.pages.get("/audit").await;
        assert_eq!(page.status, 200);
        let html = page.text();
        assert!(
            html.contains("GET /dossiers/999999 → 404"),
            "the denial is listed"
        );
        let verified = auditor.pages.get("/audit?verify=1").await.text();
        assert!(verified.contains("id=\"verified\""), "{verified}");
        let wrong = format!("/audit?verify=1&checkpoint=3:{}", "0".repeat(64));
        let bad = auditor.pages.get(&wrong).await.text();
        assert!(
            bad.contains("id=\"failure\""),
            "a wrong checkpoint fails verification"
        );
        let malformed = auditor
            .pages
            .get("/audit?verify=1&checkpoint=nonsense")
            .await;
        assert_eq!(malformed.status, 422);
        let mut leader = caller(addr, "leader").await;
        assert!(!leader
            .pages
            .get("/")
            .await
            .text()
            .contains("href=\"/audit\""));
        assert_eq!(leader.pages.get("/audit").await.status, 404);
    });
}
