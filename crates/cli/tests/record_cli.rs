//! The record commands, run as the real binary on both backends: the whole process from
//! `init` to adoption, and bad input on every kind of command — a clear one-line error, a
//! non-zero exit, and a database left exactly as it was (same audit head, same figures).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use yijian_store::on_both_backends;

const DRAFT_V1: &str = "关于改进社区服务的若干意见\n\n序言\n\n为了改进社区服务，提出以下意见。\n\n第一部分 总体要求\n\n坚持以人民为中心，推动社区服务高质量发展。\n\n到2030年，社区服务体系基本健全。\n\n第二部分 主要任务\n\n完善社区服务设施，补齐短板弱项。\n\n加强社区工作者队伍建设。\n\n结束语\n\n各地区各部门要结合实际抓好落实。\n";
const DRAFT_V2: &str = "关于改进社区服务的若干意见\n\n序言\n\n为了改进和加强社区服务，提出以下意见。\n\n第一部分 总体要求\n\n坚持以人民为中心，推动社区服务高质量发展。\n\n到2030年，社区服务体系基本健全，服务能力显著增强。\n\n第二部分 主要任务\n\n完善社区服务设施，补齐短板弱项。\n\n加强社区工作者队伍建设，提高待遇保障水平。\n\n结束语\n\n各地区各部门要结合实际抓好落实。\n";

/// The binary against one database.
struct Yijian {
    db: String,
    dir: tempfile::TempDir,
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

impl Yijian {
    fn new(db: String) -> Yijian {
        Yijian {
            db,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn run(&self, who: Option<&str>, args: &[&str]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_yijian"));
        cmd.env_remove("YIJIAN_AS").env_remove("YIJIAN_DB");
        cmd.arg("--db").arg(&self.db).arg("--json");
        if let Some(who) = who {
            cmd.arg("--as").arg(who);
        }
        let out = cmd.args(args).output().unwrap();
        Run {
            ok: out.status.success(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Run a command that must succeed; its JSON output.
    fn ok(&self, who: Option<&str>, args: &[&str]) -> Value {
        let r = self.run(who, args);
        assert!(r.ok, "yijian {args:?} failed: {}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
    }

    /// Run a command that creates something; its id as a string.
    fn id(&self, who: Option<&str>, args: &[&str]) -> String {
        self.ok(who, args)["id"].to_string()
    }

    /// What must not change when a command fails.
    fn state(&self) -> (String, String) {
        let head = self.ok(None, &["audit", "checkpoint"])["head"].to_string();
        let summary = self.run(None, &["summary", "--dossier", "1"]).stdout;
        (head, summary)
    }

    /// Run a command that must fail with a message containing `expected`, changing nothing.
    fn refused(&self, who: Option<&str>, args: &[&str], expected: &str) {
        let before = self.state();
        let r = self.run(who, args);
        assert!(!r.ok, "yijian {args:?} should have failed: {}", r.stdout);
        let message = r.stderr.trim();
        assert_eq!(message.lines().count(), 1, "one line: {message}");
        assert!(message.starts_with("error: "), "{message}");
        assert!(
            message.to_lowercase().contains(&expected.to_lowercase()),
            "yijian {args:?}: expected {expected:?} in {message:?}"
        );
        assert_eq!(self.state(), before, "yijian {args:?} changed the database");
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The cast of a small dossier, set up through the CLI. Returns the ids by role.
struct Cast {
    leading: String,
    review: String,
    plenary: String,
    city: String,
    outsider_body: String,
}

fn set_up(y: &Yijian) -> Cast {
    y.ok(None, &["init", "--admin", "管理员"]);
    let admin = Some("管理员");
    let body = |name: &str, kind: &str, category: Option<&str>| {
        let mut args = vec!["body", "add", "--name", name, "--kind", kind];
        if let Some(c) = category {
            args.extend(["--category", c]);
        }
        y.id(admin, &args)
    };
    let leading = body("领导小组", "leading", None);
    let review = body("审议委员会", "review", None);
    let plenary = body("全体会议", "plenary", None);
    let group = body("文件起草组", "drafting_group", None);
    let city = body("东城市", "consultee", Some("region"));
    let outsider_body = body("西城市", "consultee", Some("region"));
    let person =
        |name: &str, body: &str| y.id(admin, &["person", "add", "--name", name, "--body", body]);
    let people = [
        ("组长", person("组长", &group)),
        ("副组长", person("副组长", &group)),
        ("成员", person("成员", &group)),
        ("东城联络员", person("东城联络员", &city)),
        ("东城负责人", person("东城负责人", &city)),
        ("西城联络员", person("西城联络员", &outsider_body)),
    ];
    let dossier = y.id(
        admin,
        &[
            "dossier",
            "create",
            "--title",
            "关于改进社区服务的若干意见",
            "--purpose",
            "改进社区服务",
            "--topic-decided-on",
            "2026-01-10",
            "--leading-body",
            &leading,
            "--drafting-group",
            &group,
        ],
    );
    assert_eq!(dossier, "1");
    let roles = [
        ("组长", "leader"),
        ("副组长", "deputy"),
        ("成员", "member"),
        ("东城联络员", "contact"),
        ("东城负责人", "head"),
        ("西城联络员", "contact"),
    ];
    for (name, role) in roles {
        let id = &people.iter().find(|(n, _)| *n == name).unwrap().1;
        y.ok(
            admin,
            &[
                "role",
                "assign",
                "--person",
                id,
                "--role",
                role,
                "--dossier",
                "1",
            ],
        );
    }
    Cast {
        leading,
        review,
        plenary,
        city,
        outsider_body,
    }
}

on_both_backends!(
    /// Every step through the CLI, ending in adoption and a verified audit trail.
    whole_process_through_the_cli, |db: String| async move {
    let y = Yijian::new(db);
    let c = set_up(&y);
    let (leader, member) = (Some("组长"), Some("成员"));
    let v1_file = y.file("v1.txt", DRAFT_V1.as_bytes());
    let v1 = y.id(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "征求意见稿",
            s(&v1_file),
        ],
    );
    let shown = y.ok(None, &["version", "show", &v1]);
    let kinds: Vec<&str> = shown["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["kind"].as_str().unwrap())
        .collect();
    for k in ["title", "preface", "part", "conclusion", "paragraph"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    // A member may not release; the leader may.
    y.refused(member, &["version", "release", &v1], "leader");
    y.ok(leader, &["version", "release", &v1]);
    let consultation = y.id(
        leader,
        &[
            "consultation",
            "open",
            "--dossier",
            "1",
            "--kind",
            "draft",
            "--title",
            "征求意见",
            "--version",
            &v1,
            "--opens",
            "2026-01-01",
            "--closes",
            "2099-12-31",
            "--body",
            &c.city,
        ],
    );
    let contact = Some("东城联络员");
    let item = y.id(
        contact,
        &[
            "item",
            "add",
            "--consultation",
            &consultation,
            "--kind",
            "suggestion",
            "--text",
            "建议增加服务能力的表述。",
            "--paragraph",
            "3",
            "--span",
            "0..5",
        ],
    );
    y.id(
        contact,
        &[
            "item",
            "add",
            "--consultation",
            &consultation,
            "--kind",
            "endorsement",
            "--text",
            "完全赞同。",
        ],
    );
    // The contact may not submit when the body has a head; the head does.
    y.refused(
        contact,
        &["response", "submit", "--consultation", &consultation],
        "head",
    );
    y.id(
        Some("东城负责人"),
        &["response", "submit", "--consultation", &consultation],
    );
    // Amendable until the deadline.
    y.ok(
        contact,
        &[
            "item",
            "amend",
            &item,
            "--kind",
            "suggestion",
            "--text",
            "建议增加服务能力显著增强的表述。",
        ],
    );
    let hearing = y.id(
        leader,
        &[
            "hearing",
            "record",
            "--consultation",
            &consultation,
            "--title",
            "专家座谈会",
            "--held-on",
            "2026-03-01",
        ],
    );
    let heard = y.id(
        leader,
        &[
            "hearing",
            "item",
            "--hearing",
            &hearing,
            "--speaker",
            "张教授",
            "--kind",
            "opinion",
            "--text",
            "建议提高社区工作者待遇。",
            "--paragraph",
            "5",
        ],
    );
    let group = y.id(
        member,
        &[
            "group",
            "create",
            "--dossier",
            "1",
            "--common-view",
            "各方面都赞成加强能力建设",
            &item,
            &heard,
        ],
    );
    y.refused(
        member,
        &[
            "dispose",
            "--group",
            &group,
            "--kind",
            "adopted",
            "--reason",
            "已采纳",
        ],
        "leader",
    );
    y.id(
        member,
        &[
            "dispose",
            "--group",
            &group,
            "--kind",
            "adopted",
            "--reason",
            "已采纳",
            "--proposed",
        ],
    );
    y.id(
        leader,
        &[
            "dispose",
            "--group",
            &group,
            "--kind",
            "adopted",
            "--reason",
            "已采纳",
        ],
    );
    y.ok(leader, &["consultation", "close", &consultation]);
    let v2_file = y.file("v2.md", DRAFT_V2.as_bytes());
    let v2 = y.id(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "送审稿",
            s(&v2_file),
        ],
    );
    y.ok(leader, &["version", "release", &v2]);
    let recorded = y.ok(
        leader,
        &["modifications", "record", "--from", &v1, "--to", &v2],
    );
    assert_eq!(recorded["modifications"], 3, "{recorded}");
    let first = recorded["ids"][0].to_string();
    y.ok(leader, &["modifications", "link", &first, &item]);
    y.id(
        leader,
        &[
            "meeting",
            "record",
            "--dossier",
            "1",
            "--body",
            &c.leading,
            "--held-on",
            "2026-04-01",
            "--version",
            &v2,
            "--decision",
            "approved",
        ],
    );
    y.id(
        leader,
        &[
            "meeting",
            "record",
            "--dossier",
            "1",
            "--body",
            &c.review,
            "--held-on",
            "2026-04-10",
            "--version",
            &v2,
            "--decision",
            "approved",
        ],
    );
    let submission = y.id(
        leader,
        &[
            "plenary",
            "submit",
            "--dossier",
            "1",
            "--body",
            &c.plenary,
            "--version",
            &v2,
            "--on",
            "2026-05-01",
        ],
    );
    y.id(
        leader,
        &[
            "plenary",
            "opinion",
            "--submission",
            &submission,
            "--speaker",
            "代表甲",
            "--kind",
            "endorsement",
            "--text",
            "赞成。",
        ],
    );
    y.ok(
        leader,
        &[
            "plenary",
            "adopt",
            "--submission",
            &submission,
            "--version",
            &v2,
            "--on",
            "2026-05-03",
        ],
    );
    let summary = y.ok(None, &["summary", "--dossier", "1"]);
    assert_eq!(summary["versions"], 2);
    assert_eq!(summary["responses"], 1);
    assert_eq!(summary["items"], 4);
    assert_eq!(summary["dispositions"]["adopted"], 2);
    assert_eq!(summary["modifications"], 3);
    assert_eq!(summary["items_covered"], 1);
    assert_eq!(summary["meetings"]["领导小组"], 1);
    assert_eq!(summary["adopted"], true);
    let head = y.ok(None, &["audit", "checkpoint"])["head"]
        .as_str()
        .unwrap()
        .to_string();
    y.ok(None, &["audit", "verify", "--checkpoint", &head]);
    let _ = c.outsider_body;
});

on_both_backends!(
    /// Bad input on every kind of command: refused, one clear line, nothing changed.
    bad_input_changes_nothing, |db: String| async move {
    let y = Yijian::new(db);
    let c = set_up(&y);
    let (leader, contact, outsider) = (Some("组长"), Some("东城联络员"), Some("西城联络员"));
    let v1_file = y.file("v1.txt", DRAFT_V1.as_bytes());
    let v1 = y.id(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "征求意见稿",
            s(&v1_file),
        ],
    );

    // A draft consultation needs a released version.
    y.refused(
        leader,
        &[
            "consultation",
            "open",
            "--dossier",
            "1",
            "--kind",
            "draft",
            "--title",
            "征求意见",
            "--version",
            &v1,
            "--opens",
            "2026-01-01",
            "--closes",
            "2099-12-31",
            "--body",
            &c.city,
        ],
        "released",
    );
    y.ok(leader, &["version", "release", &v1]);
    // A released version never changes.
    y.refused(
        leader,
        &["version", "replace", &v1, s(&v1_file)],
        "released",
    );

    // Files: empty, binary, not UTF-8 (nor a Chinese legacy encoding), missing, unknown format.
    let empty = y.file("empty.txt", b"");
    y.refused(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "x",
            s(&empty),
        ],
        "empty",
    );
    let binary = y.file("binary.txt", &[0, 1, 2, 0xff, 0xfe, 0, 0, 7, 8, 0, 0x80]);
    y.refused(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "x",
            s(&binary),
        ],
        "binary",
    );
    let latin1 = y.file(
        "latin1.txt",
        b"caf\xe9 na\xefve r\xe9sum\xe9 \xe0 la carte, d\xe9j\xe0 vu",
    );
    y.refused(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "x",
            s(&latin1),
        ],
        "utf-8",
    );
    y.refused(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "x",
            "/nonexistent/draft.txt",
        ],
        "cannot read",
    );
    let pdf = y.file("draft.pdf", b"%PDF-1.4");
    y.refused(
        leader,
        &[
            "version",
            "import",
            "--dossier",
            "1",
            "--label",
            "x",
            s(&pdf),
        ],
        "format",
    );

    // Invalid dates and an inverted window.
    y.refused(
        leader,
        &[
            "consultation",
            "open",
            "--dossier",
            "1",
            "--kind",
            "draft",
            "--title",
            "t",
            "--version",
            &v1,
            "--opens",
            "2026-02-30",
            "--closes",
            "2099-12-31",
        ],
        "2026-02-30",
    );
    y.refused(
        leader,
        &[
            "consultation",
            "open",
            "--dossier",
            "1",
            "--kind",
            "draft",
            "--title",
            "t",
            "--version",
            &v1,
            "--opens",
            "2027-01-01",
            "--closes",
            "2026-12-31",
        ],
        "close",
    );
    y.refused(
        leader,
        &[
            "consultation",
            "open",
            "--dossier",
            "1",
            "--kind",
            "topic",
            "--title",
            "t",
            "--opens",
            "2026-01-01",
            "--closes",
            "2099-12-31",
        ],
        "question",
    );
    y.refused(
        leader,
        &[
            "meeting",
            "record",
            "--dossier",
            "1",
            "--body",
            &c.review,
            "--held-on",
            "2026-13-01",
            "--version",
            &v1,
            "--decision",
            "approved",
        ],
        "2026-13-01",
    );
    y.refused(
        leader,
        &["dispose", "--item", "1", "--kind", "maybe", "--reason", "r"],
        "partly_adopted",
    );

    let consultation = y.id(
        leader,
        &[
            "consultation",
            "open",
            "--dossier",
            "1",
            "--kind",
            "draft",
            "--title",
            "征求意见",
            "--version",
            &v1,
            "--opens",
            "2026-01-01",
            "--closes",
            "2099-12-31",
            "--body",
            &c.city,
        ],
    );
    let add = |cons: &str| -> Vec<String> {
        [
            "item",
            "add",
            "--consultation",
            cons,
            "--kind",
            "opinion",
            "--text",
            "意见。",
        ]
        .map(String::from)
        .to_vec()
    };
    let args = add(&consultation);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // Out of scope.
    y.refused(outsider, &args, "scope");
    // Unknown paragraph, span outside it, nobody acting.
    y.refused(
        contact,
        &[&args[..], &["--paragraph", "999"]].concat(),
        "paragraph",
    );
    y.refused(
        contact,
        &[&args[..], &["--paragraph", "1", "--span", "0..9999"]].concat(),
        "span",
    );
    y.refused(None, &args, "--as");
    y.refused(Some("无名氏"), &args, "no person");
    let item = y.id(contact, &args);

    // Unknown ids are errors, not silent no-ops.
    y.refused(leader, &["version", "release", "999"], "999");
    y.refused(leader, &["version", "show", "999"], "999");
    y.refused(
        contact,
        &["item", "amend", "999", "--kind", "opinion", "--text", "x"],
        "999",
    );
    y.refused(contact, &["item", "withdraw", "999"], "999");
    y.refused(leader, &["consultation", "close", "999"], "999");
    y.refused(
        leader,
        &[
            "dispose", "--item", "999", "--kind", "adopted", "--reason", "r",
        ],
        "999",
    );
    y.refused(
        leader,
        &[
            "group",
            "create",
            "--dossier",
            "1",
            "--common-view",
            "v",
            &item,
            "999",
        ],
        "999",
    );
    y.refused(leader, &["modifications", "link", "999", &item], "999");
    y.refused(
        leader,
        &[
            "meeting",
            "record",
            "--dossier",
            "1",
            "--body",
            "999",
            "--held-on",
            "2026-04-01",
            "--version",
            &v1,
            "--decision",
            "approved",
        ],
        "999",
    );
    y.refused(
        leader,
        &[
            "plenary",
            "adopt",
            "--submission",
            "999",
            "--version",
            &v1,
            "--on",
            "2026-05-01",
        ],
        "999",
    );
    y.refused(
        Some("管理员"),
        &["dossier", "create", "--title", "t", "--leading-body", "999"],
        "999",
    );
    y.refused(
        Some("管理员"),
        &[
            "role",
            "assign",
            "--person",
            "999",
            "--role",
            "leader",
            "--dossier",
            "1",
        ],
        "999",
    );

    // Adoption needs a plenary submission of a reviewed version.
    y.refused(
        leader,
        &[
            "plenary",
            "submit",
            "--dossier",
            "1",
            "--body",
            &c.plenary,
            "--version",
            &v1,
            "--on",
            "2026-05-01",
        ],
        "review",
    );

    // After the close, responses are read-only.
    y.ok(leader, &["consultation", "close", &consultation]);
    y.refused(contact, &args, "closed");
    y.refused(
        contact,
        &["item", "amend", &item, "--kind", "opinion", "--text", "改"],
        "closed",
    );
    y.refused(contact, &["item", "withdraw", &item], "closed");
    y.refused(
        Some("东城负责人"),
        &["response", "submit", "--consultation", &consultation],
        "closed",
    );

    // A checkpoint that is not a head, and one the log does not extend.
    y.refused(
        None,
        &["audit", "verify", "--checkpoint", "nonsense"],
        "checkpoint",
    );
    y.refused(
        None,
        &[
            "audit",
            "verify",
            "--checkpoint",
            &format!("1:{}", "0".repeat(64)),
        ],
        "checkpoint",
    );
    let _ = c.outsider_body;
});

/// `yijian demo` on a fresh SQLite file prints the summary the issue names, counted from
/// the record; the audit trail verifies, and fails after an UPDATE behind its back.
#[test]
fn demo_summary_and_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let y = Yijian::new(dir.path().join("demo.db").to_str().unwrap().to_string());
    let summary = y.ok(None, &["demo"]);
    for key in [
        "dossier",
        "versions",
        "consultations",
        "bodies_in_scope",
        "responses",
        "items",
        "dispositions",
        "modifications",
        "items_covered",
        "meetings",
        "adopted",
    ] {
        assert!(summary.get(key).is_some(), "{key} missing: {summary}");
    }
    assert!(summary["items"].as_i64().unwrap() >= 300);
    assert!(summary["bodies_in_scope"].as_i64().unwrap() >= 30);
    assert_eq!(summary["adopted"], true);
    y.ok(None, &["audit", "verify"]);
    // A second demo into the same database is refused.
    assert!(!y.run(None, &["demo"]).ok);
    let conn = rusqlite_free_update(
        &y.db,
        "UPDATE audit_log SET action = 'item.delete' WHERE seq = 7",
    );
    assert_eq!(conn, 1);
    let r = y.run(None, &["audit", "verify"]);
    assert!(!r.ok);
    assert!(r.stderr.contains("entry 7"), "{}", r.stderr);
}

/// Change the database behind the system's back, through the store's raw escape hatch.
fn rusqlite_free_update(db: &str, sql: &str) -> u64 {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let app = yijian_app::App::open(db).await.unwrap();
        let n = app.execute_raw(sql).await.unwrap();
        app.close().await;
        n
    })
}
