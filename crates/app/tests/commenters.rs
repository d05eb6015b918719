//! Public commenters on both backends: register → the outbox holds the code → a wrong code
//! counts an attempt → the right code opens a session → comments on a paragraph and in
//! general are stored with channel `web` → the rate limits refuse the one over and store
//! nothing → a closed window refuses; the outbox keeps a failed message pending with its
//! error; codes die after five wrong entries, expire, are used once; the draft is public
//! only for public consultations.

use std::io::Write;
use std::sync::{Arc, Mutex};

use yijian_app::{
    App, AppError, Ctx, LogSender, NewDossier, OpenConsultation, Registration, SendError, Sender,
    OUTBOX_LEASE_MS, RETRY_BASE_MS,
};
use yijian_core::error::Limit;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{PublicLimits, CODE_LIFETIME_MS};
use yijian_core::time::Instant;
use yijian_core::DomainError;
use yijian_store::on_both_backends;

const DRAFT: &str = "# 关于推进基层治理的决定\n\n## 第一部分　总体要求\n\n推进基层治理现代化，是国家治理的基础工程。\n\n基层治理连着千家万户。\n";

const T0: i64 = 1_788_000_000_000;
const MIN: i64 = 60_000;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
const IP: &str = "203.0.113.7";

struct World {
    app: App,
    admin: PersonId,
    public: ConsultationId,
    draft: ConsultationId,
    paragraphs: Vec<ParagraphId>,
}

fn t(ms: i64) -> Instant {
    Instant(T0 + ms)
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
    let leader = app.add_person(&a, "组长", None).await.unwrap();
    app.assign_role(&a, Some(dossier), leader, Role::Leader)
        .await
        .unwrap();
    let lead = Ctx::new(leader, Instant(T0));
    let v = app
        .import_version(&lead, dossier, "征求意见稿", "d.md", DRAFT.as_bytes(), None)
        .await
        .unwrap();
    app.release_version(&lead, v).await.unwrap();
    let open = |kind| OpenConsultation {
        dossier,
        kind,
        title: "公开征求意见".into(),
        version: Some(v),
        question: None,
        opens_at: t(HOUR),
        closes_at: t(30 * DAY),
        scope: vec![],
    };
    let public = app
        .open_consultation(&lead, &open(ConsultationKind::Public))
        .await
        .unwrap();
    let draft = app
        .open_consultation(&lead, &open(ConsultationKind::Draft))
        .await
        .unwrap();
    let (_, blocks) = app.version(v).await.unwrap();
    let paragraphs = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .map(|b| b.paragraph)
        .collect();
    World {
        app,
        admin,
        public,
        draft,
        paragraphs,
    }
}

fn reg(address: &str) -> Registration {
    Registration {
        address: address.into(),
        display_name: "李先生".into(),
        region: Some("上海市".into()),
    }
}

/// The code of the newest outbox message to `address`.
async fn code_sent_to(app: &App, address: &str) -> String {
    let m = app
        .outbox(100)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.address == address)
        .expect("a message to the address");
    let at = m.body.find("验证码是 ").expect("the body says the code") + "验证码是 ".len();
    let code: String = m.body[at..].chars().take(6).collect();
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{}", m.body);
    code
}

fn domain(r: Result<impl std::fmt::Debug, AppError>) -> DomainError {
    match r {
        Err(AppError::Domain(d)) => d,
        other => panic!("expected a domain error, got {other:?}"),
    }
}

async fn audit_actions(w: &World) -> Vec<String> {
    w.app
        .audit_entries(w.admin, None, 1_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

on_both_backends!(
    /// The whole path of a commenter, the comment limit and the window.
    register_verify_comment_and_the_limits,
    |target: String| async move {
        let w = world(&target).await;
        let limits = PublicLimits::default();
        let now = t(2 * HOUR);
        let r = w
            .app
            .register_commenter(&reg(" Li.Wei@Example.CN "), IP, &limits, now)
            .await
            .unwrap();
        assert!(r.new);
        assert_eq!(r.address, "li.wei@example.cn");
        assert_eq!(r.kind, AddressKind::Email);
        let code = code_sent_to(&w.app, "li.wei@example.cn").await;
        // The code is nowhere but in the outbox body.
        let dump = w.app.outbox(10).await.unwrap();
        assert_eq!(dump.len(), 1);
        assert!(dump[0].sent_at.is_none());

        // Not verified yet: no comment.
        assert_eq!(
            domain(
                w.app
                    .submit_public_comment(r.commenter, w.public, None, "建议", IP, &limits, now)
                    .await
            ),
            DomainError::CommenterNotVerified(r.commenter)
        );
        let wrong = if code == "000000" { "000001" } else { "000000" };
        assert_eq!(
            domain(w.app.verify_commenter("li.wei@example.cn", wrong, now).await),
            DomainError::CodeWrong { left: 4 }
        );
        assert_eq!(
            domain(w.app.verify_commenter("li.wei@example.cn", wrong, now).await),
            DomainError::CodeWrong { left: 3 },
            "the wrong attempt was counted"
        );
        assert_eq!(
            domain(w.app.verify_commenter("nobody@example.cn", &code, now).await),
            DomainError::CodeInvalid
        );
        let session = w
            .app
            .verify_commenter("LI.WEI@example.cn", &code, now)
            .await
            .unwrap();
        assert_eq!(session.commenter, r.commenter);
        let me = w
            .app
            .commenter_session(&session.token, now)
            .await
            .unwrap()
            .expect("a live session");
        assert!(me.verified_at.is_some());
        assert_eq!(me.display_name, "李先生");
        assert!(w
            .app
            .commenter_session(&session.token, Instant(session.expires_at.0))
            .await
            .unwrap()
            .is_none());
        assert_eq!(
            domain(w.app.verify_commenter("li.wei@example.cn", &code, now).await),
            DomainError::CodeInvalid,
            "a code is used once"
        );

        let p = w.paragraphs[1];
        let c = w
            .app
            .submit_public_comment(
                r.commenter,
                w.public,
                Some(p),
                "  建议写明基层治理的经费保障。 ",
                IP,
                &limits,
                now,
            )
            .await
            .unwrap();
        let stored = w.app.public_comments(w.public, None, 100).await.unwrap();
        assert_eq!(stored.len(), 1);
        let s = &stored[0];
        assert_eq!(s, &c);
        assert_eq!(s.channel, CommentChannel::Web);
        assert_eq!(s.paragraph, Some(p));
        assert_eq!(s.text, "建议写明基层治理的经费保障。");
        assert_eq!(s.source_id, format!("web-{}", s.id));
        assert_eq!(s.author.as_deref(), Some("李先生"));
        assert_eq!(s.region.as_deref(), Some("上海市"));
        assert_eq!(s.received_at, now);
        assert!(s.import.is_none());
        // Bad input changes nothing.
        for (paragraph, text) in [
            (Some(ParagraphId(999_999)), "建议"),
            (None, "   "),
            (None, &*"字".repeat(5_001)),
        ] {
            assert!(w
                .app
                .submit_public_comment(r.commenter, w.public, paragraph, text, IP, &limits, now)
                .await
                .is_err());
        }
        assert!(matches!(
            domain(
                w.app
                    .submit_public_comment(r.commenter, w.draft, None, "建议", IP, &limits, now)
                    .await
            ),
            DomainError::NotFound { .. }
        ));
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 1);

        // Nine more in the hour — duplicates kept — then the eleventh is refused.
        for i in 0..9 {
            w.app
                .submit_public_comment(
                    r.commenter,
                    w.public,
                    None,
                    "同一条意见",
                    IP,
                    &limits,
                    Instant(now.0 + i * MIN),
                )
                .await
                .unwrap();
        }
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 10);
        assert_eq!(
            domain(
                w.app
                    .submit_public_comment(
                        r.commenter,
                        w.public,
                        None,
                        "第十一条",
                        "198.51.100.1",
                        &limits,
                        Instant(now.0 + 30 * MIN)
                    )
                    .await
            ),
            DomainError::TooMany {
                limit: Limit::CommentsPerHour,
                max: 10
            }
        );
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 10);
        // An hour after the first, it is allowed again.
        w.app
            .submit_public_comment(
                r.commenter,
                w.public,
                None,
                "一小时后",
                IP,
                &limits,
                Instant(now.0 + HOUR + MIN),
            )
            .await
            .unwrap();
        let mine = w
            .app
            .my_public_comments(r.commenter, w.public)
            .await
            .unwrap();
        assert_eq!(mine.len(), 11);
        assert_eq!(mine[0].id, c.id);

        // The per-address limit: another commenter from the same network address.
        let tight = PublicLimits {
            comments_per_address_hour: 2,
            ..limits
        };
        let r2 = w
            .app
            .register_commenter(&reg("13800138000"), IP, &limits, now)
            .await
            .unwrap();
        assert_eq!(r2.kind, AddressKind::Sms);
        let code2 = code_sent_to(&w.app, "13800138000").await;
        w.app
            .verify_commenter("+86 138 0013 8000", &code2, now)
            .await
            .unwrap();
        assert_eq!(
            domain(
                w.app
                    .submit_public_comment(
                        r2.commenter,
                        w.public,
                        None,
                        "同一网络地址",
                        IP,
                        &tight,
                        Instant(now.0 + HOUR + 2 * MIN)
                    )
                    .await
            ),
            DomainError::TooMany {
                limit: Limit::CommentsPerAddressHour,
                max: 2
            }
        );
        // Closed: refused, whoever asks.
        assert!(matches!(
            domain(
                w.app
                    .submit_public_comment(r2.commenter, w.public, None, "晚了", "192.0.2.1", &limits, t(30 * DAY))
                    .await
            ),
            DomainError::Closed { .. }
        ));
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 11);
        let actions = audit_actions(&w).await;
        for a in [
            "commenter.register",
            "commenter.code_wrong",
            "commenter.verify",
            "comment.web",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} audited: {actions:?}");
        }
        assert_eq!(actions.iter().filter(|a| *a == "comment.web").count(), 11);
        w.app.verify_audit(None).await.unwrap();
    }
);

/// Fails every send.
struct Down;

impl Sender for Down {
    fn send(&self, _: &OutboxMessage) -> Result<(), SendError> {
        Err(SendError("smtp: connection refused".into()))
    }
}

#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

on_both_backends!(
    /// A failed send keeps the message pending with its error and a retry time; the log
    /// sender delivers it later, once.
    a_failed_send_is_kept_and_retried,
    |target: String| async move {
        let w = world(&target).await;
        let limits = PublicLimits::default();
        let now = t(2 * HOUR);
        w.app
            .register_commenter(&reg("wang@example.org"), IP, &limits, now)
            .await
            .unwrap();
        let code = code_sent_to(&w.app, "wang@example.org").await;
        let r = w.app.deliver_outbox(&Down, 10, now).await.unwrap();
        assert_eq!((r.sent, r.failed), (0, 1));
        let m = &w.app.outbox(10).await.unwrap()[0];
        assert!(m.sent_at.is_none());
        assert_eq!(m.attempts, 1);
        assert_eq!(m.last_error.as_deref(), Some("smtp: connection refused"));
        assert_eq!(m.next_attempt_at, Instant(now.0 + RETRY_BASE_MS));
        // Not due again before its retry time.
        let log = Shared::default();
        let sender = LogSender::new(log.clone());
        let r = w.app.deliver_outbox(&sender, 10, now).await.unwrap();
        assert_eq!((r.sent, r.failed), (0, 0));
        let later = Instant(now.0 + RETRY_BASE_MS);
        let r = w.app.deliver_outbox(&Down, 10, later).await.unwrap();
        assert_eq!(r.failed, 1);
        let m = &w.app.outbox(10).await.unwrap()[0];
        assert_eq!(m.attempts, 2);
        assert_eq!(m.next_attempt_at, Instant(later.0 + 2 * RETRY_BASE_MS));
        let r = w
            .app
            .deliver_outbox(&sender, 10, Instant(later.0 + 2 * RETRY_BASE_MS))
            .await
            .unwrap();
        assert_eq!((r.sent, r.failed), (1, 0));
        let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("wang@example.org"), "{text}");
        assert!(text.contains(&code), "the log sender writes the message: {text}");
        let m = &w.app.outbox(10).await.unwrap()[0];
        assert!(m.sent_at.is_some());
        assert!(
            !m.body.contains(&code) && m.body.contains("••••••"),
            "a sent message keeps its code masked: {}",
            m.body
        );
        let r = w.app.deliver_outbox(&sender, 10, t(DAY)).await.unwrap();
        assert_eq!((r.sent, r.failed), (0, 0), "a sent message is not sent again");
        let actions = audit_actions(&w).await;
        assert_eq!(actions.iter().filter(|a| *a == "outbox.deliver").count(), 3);
    }
);

/// Counts what it is asked to send, by message id.
#[derive(Default)]
struct Counting(Mutex<Vec<OutboxId>>);

impl Sender for Counting {
    fn send(&self, m: &OutboxMessage) -> Result<(), SendError> {
        self.0.lock().unwrap().push(m.id);
        Ok(())
    }
}

on_both_backends!(
    /// Two deliverers at once (`serve` and `yijian outbox --deliver`) send each message
    /// once: each claims what it sends, and what one claimed the other does not see.
    two_deliverers_send_each_message_once,
    |target: String| async move {
        let w = world(&target).await;
        let limits = PublicLimits::default();
        let now = t(2 * HOUR);
        for (i, ip) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
            .iter()
            .enumerate()
        {
            w.app
                .register_commenter(&reg(&format!("u{i}@example.org")), ip, &limits, now)
                .await
                .unwrap();
        }
        let (one, two) = (Counting::default(), Counting::default());
        let (a, b) = tokio::join!(
            w.app.deliver_outbox(&one, 10, now),
            w.app.deliver_outbox(&two, 10, now)
        );
        let (a, b) = (a.unwrap(), b.unwrap());
        let mut sent: Vec<OutboxId> = one.0.lock().unwrap().clone();
        sent.extend(two.0.lock().unwrap().iter().copied());
        sent.sort();
        let mut ids: Vec<OutboxId> = w.app.outbox(10).await.unwrap().iter().map(|m| m.id).collect();
        ids.sort();
        assert_eq!(sent, ids, "every message sent, none twice");
        assert_eq!(a.sent + b.sent, 3);
        // A claim that was never answered (a deliverer that died) is sent after the lease.
        w.app
            .register_commenter(&reg("late@example.org"), IP, &limits, now)
            .await
            .unwrap();
        let mut tx = yijian_store::Store::open(&target).await.unwrap().begin().await.unwrap();
        let lease = Instant(now.0 + OUTBOX_LEASE_MS);
        assert_eq!(tx.claim_outbox(now, lease, 10).await.unwrap().len(), 1);
        tx.commit().await.unwrap();
        let three = Counting::default();
        let r = w.app.deliver_outbox(&three, 10, now).await.unwrap();
        assert_eq!(r.sent, 0, "held by the lease");
        let r = w.app.deliver_outbox(&three, 10, lease).await.unwrap();
        assert_eq!(r.sent, 1, "sent once the lease ended");
    }
);

on_both_backends!(
    /// Codes: five wrong entries kill one, they expire, a new one replaces the old, and
    /// the code limits (per address, per network address) refuse and write nothing.
    codes_die_expire_and_are_limited,
    |target: String| async move {
        let w = world(&target).await;
        let limits = PublicLimits::default();
        let now = t(2 * HOUR);
        let a = "zhao@example.com";
        w.app.register_commenter(&reg(a), IP, &limits, now).await.unwrap();
        let code = code_sent_to(&w.app, a).await;
        let wrong = if code == "999999" { "999998" } else { "999999" };
        for left in (0..5).rev() {
            assert_eq!(
                domain(w.app.verify_commenter(a, wrong, now).await),
                DomainError::CodeWrong { left }
            );
        }
        assert_eq!(
            domain(w.app.verify_commenter(a, &code, now).await),
            DomainError::CodeInvalid,
            "dead after five wrong entries"
        );
        // A new code; the old one no longer counts.
        w.app
            .register_commenter(&reg(a), IP, &limits, Instant(now.0 + MIN))
            .await
            .unwrap();
        let fresh = code_sent_to(&w.app, a).await;
        assert_eq!(
            domain(
                w.app
                    .verify_commenter(a, &fresh, Instant(now.0 + MIN + CODE_LIFETIME_MS))
                    .await
            ),
            DomainError::CodeInvalid,
            "expired after 15 minutes"
        );
        // The third code of the hour to this address is allowed, the fourth is not.
        w.app
            .register_commenter(&reg(a), IP, &limits, Instant(now.0 + 2 * MIN))
            .await
            .unwrap();
        let before = w.app.outbox(100).await.unwrap().len();
        assert_eq!(
            domain(
                w.app
                    .register_commenter(&reg(a), "192.0.2.9", &limits, Instant(now.0 + 3 * MIN))
                    .await
            ),
            DomainError::TooMany {
                limit: Limit::CodesPerAddressHour,
                max: 3
            }
        );
        assert_eq!(w.app.outbox(100).await.unwrap().len(), before, "nothing sent");
        // Ten codes an hour from one network address, to any addresses.
        for i in 0..7 {
            w.app
                .register_commenter(&reg(&format!("u{i}@example.com")), IP, &limits, now)
                .await
                .unwrap();
        }
        assert_eq!(
            domain(
                w.app
                    .register_commenter(&reg("new@example.com"), IP, &limits, now)
                    .await
            ),
            DomainError::TooMany {
                limit: Limit::CodesPerRequestHour,
                max: 10
            }
        );
        let refused = w.app.outbox(100).await.unwrap();
        assert!(
            !refused.iter().any(|m| m.address == "new@example.com"),
            "a refused registration writes no message"
        );
        // Bad addresses and names are refused before anything is written.
        for bad in [reg("not an address"), Registration {
            display_name: " ".into(),
            ..reg("ok@example.com")
        }] {
            assert!(w.app.register_commenter(&bad, "192.0.2.50", &limits, now).await.is_err());
        }
        assert_eq!(w.app.outbox(100).await.unwrap().len(), refused.len());
    }
);

on_both_backends!(
    /// The draft is public for a public consultation from its opening, also once closed.
    the_public_reads_only_public_drafts,
    |target: String| async move {
        let w = world(&target).await;
        let d = w.app.public_draft(w.public, t(2 * HOUR)).await.unwrap();
        assert!(d.open);
        assert!(d.blocks.iter().any(|b| b.text.contains("千家万户")));
        let closed = w.app.public_draft(w.public, t(31 * DAY)).await.unwrap();
        assert!(!closed.open);
        for (c, at) in [
            (w.public, t(0)),
            (w.draft, t(2 * HOUR)),
            (ConsultationId(987_654), t(2 * HOUR)),
        ] {
            assert!(matches!(
                domain(w.app.public_draft(c, at).await),
                DomainError::NotFound { .. }
            ));
        }
    }
);

on_both_backends!(
    /// Fifteen comments of one commenter at once: exactly the limit's ten are stored (the
    /// counts and the insert of one commenter run one after the other on both backends).
    concurrent_comments_stop_at_the_limit,
    |target: String| async move {
        let w = world(&target).await;
        let limits = PublicLimits::default();
        let now = t(2 * HOUR);
        let r = w
            .app
            .register_commenter(&reg("sun@example.cn"), IP, &limits, now)
            .await
            .unwrap();
        let code = code_sent_to(&w.app, "sun@example.cn").await;
        w.app
            .verify_commenter("sun@example.cn", &code, now)
            .await
            .unwrap();
        let tasks: Vec<_> = (0..15)
            .map(|i| {
                let app = w.app.clone();
                let (who, c) = (r.commenter, w.public);
                tokio::spawn(async move {
                    app.submit_public_comment(
                        who,
                        c,
                        None,
                        &format!("同时提交的第{i}条"),
                        IP,
                        &PublicLimits::default(),
                        now,
                    )
                    .await
                })
            })
            .collect();
        let mut stored = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => stored += 1,
                Err(AppError::Domain(DomainError::TooMany { .. })) => {}
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(stored, 10);
        assert_eq!(w.app.public_comment_count(w.public).await.unwrap(), 10);
    }
);
