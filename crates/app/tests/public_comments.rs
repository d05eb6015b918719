//! Importing public comments on both backends: idempotent, rows refused one by one with
//! their line, paragraph references resolved, the rule (drafting group, public
//! consultations, also after the close) enforced before anything is written, one audit
//! entry per import, and file-level errors that leave nothing half-imported.

use std::io::{Cursor, Read, Seek, SeekFrom};

use yijian_app::{
    App, AppError, CommentFile, ImportObserver, ImportReport, NewDossier, OpenConsultation, RawRow,
    Reject, TX_ROWS,
};
use yijian_app::{Ctx, Result};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_store::on_both_backends;

const DRAFT: &str = "# 关于推进基层治理的决定\n\n## 第一部分　总体要求\n\n### 一、重大意义\n\n推进基层治理现代化，是国家治理的基础工程。\n\n基层治理连着千家万户。\n\n### 二、指导思想\n\n坚持以人民为中心的发展思想。\n\n## 第二部分　主要任务\n\n### 一、加强组织建设\n\n健全基层组织体系。\n";

const T0: i64 = 1_788_000_000_000;
const DAY: i64 = 86_400_000;

struct World {
    app: App,
    admin: PersonId,
    leader: PersonId,
    deputy: PersonId,
    member: PersonId,
    reviewer: PersonId,
    public: ConsultationId,
    topic: ConsultationId,
    /// The paragraph ids of the version, numbered paragraphs in order.
    numbered: Vec<ParagraphId>,
    blocks: Vec<Block>,
}

impl World {
    fn at(&self, person: PersonId, day: i64) -> Ctx {
        Ctx::new(person, Instant(T0 + day * DAY))
    }
}

async fn world(target: &str) -> World {
    let app = App::open(target).await.unwrap();
    let admin = app.init("管理员", Instant(T0)).await.unwrap();
    let a = Ctx::new(admin, Instant(T0));
    let dossier = app
        .create_dossier(
            &a,
            &NewDossier {
                title: "关于推进基层治理的决定".into(),
                purpose: "推进基层治理现代化".into(),
                requirements: "简明扼要".into(),
                topic_decided_on: None,
                leading_body: None,
                drafting_group: None,
            },
        )
        .await
        .unwrap();
    let person = async |name: &str, role: Role| {
        let id = app.add_person(&a, name, None).await.unwrap();
        app.assign_role(&a, Some(dossier), id, role).await.unwrap();
        id
    };
    let leader = person("组长", Role::Leader).await;
    let deputy = person("副组长", Role::Deputy).await;
    let member = person("成员", Role::Member).await;
    let reviewer = person("审议人", Role::Reviewer).await;
    let v = app
        .import_version(
            &Ctx::new(member, Instant(T0)),
            dossier,
            "征求意见稿",
            "draft.md",
            DRAFT.as_bytes(),
            None,
        )
        .await
        .unwrap();
    let lead = Ctx::new(leader, Instant(T0 + DAY));
    app.release_version(&lead, v).await.unwrap();
    let open = |kind: ConsultationKind| OpenConsultation {
        dossier,
        kind,
        title: "公开征求意见".into(),
        version: (kind != ConsultationKind::Topic).then_some(v),
        question: (kind == ConsultationKind::Topic).then(|| "议题？".to_string()),
        opens_at: Instant(T0 + 2 * DAY),
        closes_at: Instant(T0 + 30 * DAY),
        scope: vec![],
    };
    let public = app
        .open_consultation(&lead, &open(ConsultationKind::Public))
        .await
        .unwrap();
    let topic = app
        .open_consultation(&lead, &open(ConsultationKind::Topic))
        .await
        .unwrap();
    let (_, blocks) = app.version(v).await.unwrap();
    let numbered = blocks
        .iter()
        .filter(|b| b.kind.is_numbered())
        .map(|b| b.paragraph)
        .collect();
    World {
        app,
        admin,
        leader,
        deputy,
        member,
        reviewer,
        public,
        topic,
        numbered,
        blocks,
    }
}

fn line(id: &str, text: &str, paragraph: Option<&str>) -> String {
    let mut v = serde_json::json!({"id": id, "text": text, "region": "浙江"});
    if let Some(p) = paragraph {
        v["paragraph"] = serde_json::Value::String(p.into());
    }
    v.to_string()
}

fn file(name: &str, lines: &[String]) -> CommentFile<Cursor<Vec<u8>>> {
    let mut bytes = lines.join("\n").into_bytes();
    bytes.push(b'\n');
    CommentFile::new(name, Cursor::new(bytes)).unwrap()
}

/// Collects every refusal with what was read of it.
#[derive(Default)]
struct Collect(Vec<(Reject, Option<RawRow>)>);

impl ImportObserver for Collect {
    fn rejected(&mut self, reject: &Reject, row: Option<&RawRow>) {
        self.0.push((reject.clone(), row.cloned()));
    }
}

async fn import(
    w: &World,
    ctx: &Ctx,
    c: ConsultationId,
    f: CommentFile<Cursor<Vec<u8>>>,
) -> Result<ImportReport> {
    w.app.import_comments(ctx, c, f, &mut ()).await
}

async fn audit_actions(w: &World) -> Vec<String> {
    w.app
        .audit_entries(w.admin, None, 1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("comments."))
        .collect()
}

on_both_backends!(
    /// The same file twice: the second import adds nothing and says each row was skipped.
    /// Duplicate texts under different ids are all kept.
    importing_twice_adds_nothing,
    |target: String| async move {
        let w = world(&target).await;
        let lines: Vec<String> = (0..30)
            .map(|i| {
                let text = if i % 3 == 0 { "坚决支持！".to_string() } else { format!("第{i}条：建议加强基层医疗。") };
                line(&format!("w{i:03}"), &text, (i % 5 == 0).then_some("2"))
            })
            .collect();
        let ctx = w.at(w.member, 3);
        let first = import(&w, &ctx, w.public, file("来信.jsonl", &lines)).await.unwrap();
        assert_eq!((first.imported, first.skipped, first.rejected), (30, 0, 0));
        assert_eq!(first.file_sha256.len(), 64);
        let second = import(&w, &ctx, w.public, file("来信.jsonl", &lines)).await.unwrap();
        assert_eq!((second.imported, second.skipped, second.rejected), (0, 30, 0));
        assert_eq!(second.file_sha256, first.file_sha256);
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 30);

        let comments = w.app.public_comments(w.public, None, 100).await.unwrap();
        assert_eq!(comments.iter().filter(|c| c.text == "坚决支持！").count(), 10, "duplicates of text are kept");
        let c0 = &comments[0];
        assert_eq!(c0.source_id, "w000");
        assert_eq!(c0.channel, CommentChannel::Import);
        assert_eq!(c0.import, Some(first.import));
        assert_eq!(c0.paragraph, Some(w.numbered[1]), "paragraph 2 as the version page numbers it");
        assert_eq!(c0.region.as_deref(), Some("浙江"));
        assert_eq!(c0.received_at, ctx.now);
        assert_eq!(c0.text_sha256, yijian_core::audit::digest("坚决支持！".as_bytes()));
        let imports = w.app.comment_imports(w.public).await.unwrap();
        assert_eq!(imports.len(), 2);
        assert_eq!((imports[1].imported, imports[1].skipped), (0, 30));
        assert!(imports.iter().all(|i| i.finished_at == Some(ctx.now) && i.file_name == "来信.jsonl"));
        // One audit entry per import, not per row.
        assert_eq!(audit_actions(&w).await, ["comments.import", "comments.import"]);
        w.app.verify_audit(None).await.unwrap();
    }
);

on_both_backends!(
    /// A known id with another text is refused for that row; the other rows go in. The
    /// same inside one file: the first wins, a repeat with the same text is skipped.
    same_id_other_text_is_refused_others_go_in,
    |target: String| async move {
        let w = world(&target).await;
        let ctx = w.at(w.deputy, 3);
        import(&w, &ctx, w.public, file("a.jsonl", &[line("x1", "原文", None)])).await.unwrap();
        let lines = [
            line("x1", "改过的文字", None),
            line("x2", "新意见", None),
            line("x2", "新意见", None),
            line("x2", "又改了", None),
            line("x3", "还有一条", None),
        ];
        let mut seen = Collect::default();
        let report = w
            .app
            .import_comments(&ctx, w.public, file("b.jsonl", &lines), &mut seen)
            .await
            .unwrap();
        assert_eq!((report.imported, report.skipped, report.rejected), (2, 1, 2));
        let lines_refused: Vec<u64> = report.rejects.iter().map(|r| r.line).collect();
        assert_eq!(lines_refused, [1, 4]);
        assert_eq!(report.rejects[0].code, "id_with_other_text");
        assert!(report.rejects[0].reason.contains("x1") && report.rejects[0].reason.contains("import"), "{}", report.rejects[0].reason);
        assert!(report.rejects[1].reason.contains("earlier in this file (line 3)") || report.rejects[1].reason.contains("earlier in this file (line 2)"), "{}", report.rejects[1].reason);
        // The observer got the refused rows' fields, to write a reject file.
        assert_eq!(seen.0.len(), 2);
        assert_eq!(seen.0[0].1.as_ref().unwrap().fields[1].as_deref(), Some("改过的文字"));
        let texts: Vec<String> = w.app.public_comments(w.public, None, 10).await.unwrap().into_iter().map(|c| c.text).collect();
        assert_eq!(texts, ["原文", "新意见", "还有一条"]);
    }
);

on_both_backends!(
    /// Paragraph references: numbers as the page shows them, heading paths; an unknown one
    /// refuses the row and names the reference. Malformed rows are refused with their line.
    paragraphs_resolve_and_unknown_ones_are_refused,
    |target: String| async move {
        let w = world(&target).await;
        let lines = [
            line("p1", "关于第一段", Some("1")),
            line("p2", "关于第一部分的一", Some("第一部分/一、")),
            line("p3", "关于第二部分", Some("第二部分 / 一、 / 1")),
            line("p4", "不存在的段落", Some("9")),
            line("p5", "不存在的标题", Some("第九部分/一、")),
            line("p6", "含糊的标题", Some("一、")),
            "{\"id\": \"p7\", \"text\": ".to_string(),
            "{\"id\": 8, \"text\": \"编号是数字\"}".to_string(),
        ];
        let ctx = w.at(w.leader, 3);
        let report = import(&w, &ctx, w.public, file("p.jsonl", &lines)).await.unwrap();
        assert_eq!((report.imported, report.rejected), (3, 5));
        let c = w.app.public_comments(w.public, None, 10).await.unwrap();
        let heading = |t: &str| w.blocks.iter().find(|b| b.text.starts_with(t)).unwrap().paragraph;
        assert_eq!(c[0].paragraph, Some(w.numbered[0]));
        assert_eq!(c[1].paragraph, Some(heading("一、重大意义")));
        assert_eq!(c[2].paragraph, Some(w.numbered[3]));
        let r = &report.rejects;
        assert_eq!(r.iter().map(|r| r.line).collect::<Vec<_>>(), [4, 5, 6, 7, 8]);
        assert!(r[0].reason.contains("paragraph 9"), "{}", r[0].reason);
        assert!(r[1].reason.contains("第九部分"), "{}", r[1].reason);
        assert!(r[2].reason.contains("ambiguous"), "{}", r[2].reason);
        assert_eq!(r[0].code, "unknown_paragraph");
        assert_eq!(r[3].code, "bad_json");
        assert_eq!(r[4].code, "wrong_type");
    }
);

on_both_backends!(
    /// Only the drafting group imports, and only into a public consultation: anyone else is
    /// refused before anything is written — no comment, no import record, no audit entry.
    the_rule_is_checked_before_anything_is_written,
    |target: String| async move {
        let w = world(&target).await;
        let lines = [line("r1", "意见", None)];
        let head = w.app.verify_audit(None).await.unwrap().head;
        for who in [w.reviewer, w.admin] {
            let err = import(&w, &w.at(who, 3), w.public, file("r.jsonl", &lines)).await.unwrap_err();
            assert!(matches!(err, AppError::Domain(DomainError::Forbidden { .. })), "{err}");
        }
        let err = import(&w, &w.at(w.member, 3), w.topic, file("r.jsonl", &lines)).await.unwrap_err();
        assert!(matches!(err, AppError::Domain(DomainError::NotPublic { .. })), "{err}");
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 0);
        assert!(w.app.comment_imports(w.public).await.unwrap().is_empty());
        assert_eq!(w.app.verify_audit(None).await.unwrap().head, head);
        // After the close (day 30): letters keep coming, the drafting group imports them.
        let late = import(&w, &w.at(w.member, 45), w.public, file("r.jsonl", &lines)).await.unwrap();
        assert_eq!(late.imported, 1);
    }
);

/// Fails after `ok` bytes, like a disk that gives up.
struct Failing {
    inner: Cursor<Vec<u8>>,
    ok: u64,
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.inner.position() >= self.ok {
            return Err(std::io::Error::other("read error: the disk gave up"));
        }
        let room = (self.ok - self.inner.position()) as usize;
        let n = buf.len().min(room);
        self.inner.read(&mut buf[..n])
    }
}

impl Seek for Failing {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

on_both_backends!(
    /// A truncated workbook imports nothing. A read error in the middle of a JSONL file
    /// keeps the whole batches before it, leaves the import unfinished and audited as
    /// failed; importing the file again adds the rest.
    file_errors_leave_nothing_half_imported,
    |target: String| async move {
        let w = world(&target).await;
        let ctx = w.at(w.member, 3);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let sheet = wb.add_worksheet();
        sheet.write_string(0, 0, "id").unwrap();
        sheet.write_string(0, 1, "text").unwrap();
        for r in 1..500u32 {
            sheet.write_string(r, 0, format!("x{r}")).unwrap();
            sheet.write_string(r, 1, format!("第{r}条意见：建议完善基层治理。")).unwrap();
        }
        let xlsx = wb.save_to_buffer().unwrap();
        let whole = CommentFile::new("意见.xlsx", Cursor::new(xlsx.clone())).unwrap();
        let report = w.app.import_comments(&ctx, w.public, whole, &mut ()).await.unwrap();
        assert_eq!(report.imported, 499);
        let truncated = CommentFile::new("意见.xlsx", Cursor::new(xlsx[..xlsx.len() - 100].to_vec())).unwrap();
        let err = w.app.import_comments(&ctx, w.public, truncated, &mut ()).await.unwrap_err();
        assert!(matches!(err, AppError::Text(yijian_text::TextError::CorruptXlsx(_))), "{err}");
        assert_eq!(w.app.comment_imports(w.public).await.unwrap().len(), 1, "no record of the failed file");
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 499);

        let n = TX_ROWS + 2_500;
        let lines: Vec<String> = (0..n).map(|i| line(&format!("j{i}"), &format!("第{i}条"), None)).collect();
        let mut bytes = lines.join("\n").into_bytes();
        bytes.push(b'\n');
        // Fail in the middle of row 12,001.
        let cut = lines[..12_000].iter().map(|l| l.len() + 1).sum::<usize>() + 5;
        let failing = CommentFile::new("j.jsonl", Failing { inner: Cursor::new(bytes.clone()), ok: cut as u64 }).unwrap();
        let err = w.app.import_comments(&ctx, w.public, failing, &mut ()).await.unwrap_err();
        let AppError::ImportIncomplete { import, imported, .. } = err else {
            panic!("{err}");
        };
        assert_eq!(imported, 12_000, "whole batches before the error");
        assert!(err_text(import, imported).contains("import"));
        let record = w.app.comment_imports(w.public).await.unwrap().pop().unwrap();
        assert_eq!((record.id, record.imported, record.finished_at), (import, 12_000, None));
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 499 + 12_000);
        assert_eq!(searchable(&w, &ctx).await, (capped(499 + 12_000), 0), "what went in is in the index");
        assert_eq!(audit_actions(&w).await, ["comments.import_failed", "comments.import"]);
        let again = CommentFile::new("j.jsonl", Cursor::new(bytes)).unwrap();
        let report = w.app.import_comments(&ctx, w.public, again, &mut ()).await.unwrap();
        assert_eq!((report.imported, report.skipped), ((n - 12_000) as u64, 12_000));
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), (499 + n) as u64);
        assert_eq!(searchable(&w, &ctx).await, (capped(499 + n), 0));
        w.app.verify_audit(None).await.unwrap();
    }
);

/// How many comments a search for 条 (in every text of these tests) finds — counted up to
/// the cap (see [`capped`]) — and how many are not in the index.
async fn searchable(w: &World, ctx: &Ctx) -> (usize, usize) {
    let q = yijian_app::SearchQuery::new(w.public, "条");
    let r = w.app.search(ctx, &q).await.unwrap();
    (r.total, r.unindexed)
}

fn capped(n: usize) -> usize {
    n.min(yijian_app::search::COUNT_CAP)
}

on_both_backends!(
    /// An import indexes what it adds, in its own transactions: searchable at once, nothing
    /// left for `index_pending`, and a second import of the file adds nothing to the index.
    imported_comments_are_searchable_at_once,
    |target: String| async move {
        let w = world(&target).await;
        let ctx = w.at(w.member, 3);
        let lines: Vec<String> = (0..2_500)
            .map(|i| {
                let text = if i % 10 == 0 { format!("第{i}条：建议加强基层医疗。") } else { format!("第{i}条：坚持人民至上。") };
                line(&format!("s{i:04}"), &text, (i % 7 == 0).then_some("2"))
            })
            .collect();
        let report = import(&w, &ctx, w.public, file("来信.jsonl", &lines)).await.unwrap();
        assert_eq!(report.imported, 2_500);
        let r = w.app.search(&ctx, &yijian_app::SearchQuery::new(w.public, "基层医疗")).await.unwrap();
        assert_eq!((r.total, r.exact, r.unindexed), (250, true, 0));
        let mut q = yijian_app::SearchQuery::new(w.public, "医疗");
        q.paragraph = Some(yijian_app::ParagraphRef::Number(2));
        let on_2 = (0..2_500).filter(|i| i % 10 == 0 && i % 7 == 0).count();
        assert_eq!(w.app.search(&ctx, &q).await.unwrap().total, on_2, "filters are in the entries");
        assert_eq!(w.app.index_pending(&ctx, w.public).await.unwrap().indexed, 0);
        import(&w, &ctx, w.public, file("来信.jsonl", &lines)).await.unwrap();
        assert_eq!(searchable(&w, &ctx).await, (2_500, 0));
        let rebuilt = w.app.reindex(&ctx, w.public).await.unwrap();
        assert_eq!((rebuilt.removed, rebuilt.indexed), (2_500, 2_500), "one entry per comment");
    }
);

fn err_text(import: CommentImportId, imported: u64) -> String {
    format!("import {import}: {imported}")
}
