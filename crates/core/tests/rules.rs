//! Each rule of the process, attacked: every test tries to break a rule and expects the
//! named error.

use yijian_core::error::{Action, Field};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{self, *};
use yijian_core::time::Instant;
use yijian_core::DomainError;

fn actor(roles: &[Role], body: Option<i64>) -> Actor {
    Actor {
        person: PersonId(7),
        name: "测试人".into(),
        body: body.map(BodyId),
        roles: roles.to_vec(),
    }
}

fn version(released: bool) -> Version {
    Version {
        id: VersionId(2),
        dossier: DossierId(1),
        label: "征求意见稿".into(),
        parent: None,
        created_at: Instant(0),
        released_at: released.then_some(Instant(10)),
    }
}

fn consultation() -> Consultation {
    Consultation {
        id: ConsultationId(3),
        dossier: DossierId(1),
        kind: ConsultationKind::Draft,
        title: "征求意见".into(),
        version: Some(VersionId(2)),
        question: None,
        opens_at: Instant(1_000),
        closes_at: Instant(2_000),
    }
}

fn forbidden(r: Result<(), DomainError>) -> bool {
    matches!(r, Err(DomainError::Forbidden { .. }))
}

#[test]
fn a_released_version_never_changes() {
    assert_eq!(
        rules::check_version_editable(&version(true)),
        Err(DomainError::VersionReleased(VersionId(2)))
    );
    assert!(rules::check_version_editable(&version(false)).is_ok());
    let lead = actor(&[Role::Leader], None);
    assert_eq!(
        check_release(&lead, &version(true), 5),
        Err(DomainError::VersionReleased(VersionId(2)))
    );
}

#[test]
fn only_a_leader_or_deputy_releases_a_version() {
    for role in [
        Role::Member,
        Role::Administrator,
        Role::Reviewer,
        Role::Contact,
        Role::Auditor,
    ] {
        assert!(
            forbidden(check_release(&actor(&[role], None), &version(false), 5)),
            "{role}"
        );
    }
    assert!(check_release(&actor(&[Role::Deputy], None), &version(false), 5).is_ok());
    assert_eq!(
        check_release(&actor(&[Role::Leader], None), &version(false), 0),
        Err(DomainError::VersionEmpty(VersionId(2)))
    );
}

#[test]
fn a_draft_consultation_needs_a_released_version() {
    let lead = actor(&[Role::Leader], None);
    let draft = version(false);
    let mut c = NewConsultation {
        kind: ConsultationKind::Draft,
        version: None,
        question: None,
        opens_at: Instant(0),
        closes_at: Instant(10),
    };
    assert_eq!(
        check_new_consultation(&lead, &c),
        Err(DomainError::DraftConsultationNeedsVersion)
    );
    c.version = Some(&draft);
    assert!(matches!(
        check_new_consultation(&lead, &c),
        Err(DomainError::VersionNotReleased(..))
    ));
    let released = version(true);
    c.version = Some(&released);
    assert!(check_new_consultation(&lead, &c).is_ok());
    c.closes_at = Instant(0);
    assert!(matches!(
        check_new_consultation(&lead, &c),
        Err(DomainError::WindowInverted { .. })
    ));
    c.closes_at = Instant(10);
    assert!(forbidden(check_new_consultation(
        &actor(&[Role::Member], None),
        &c
    )));
}

#[test]
fn a_topic_consultation_needs_its_question() {
    let lead = actor(&[Role::Leader], None);
    let mut c = NewConsultation {
        kind: ConsultationKind::Topic,
        version: None,
        question: Some("  "),
        opens_at: Instant(0),
        closes_at: Instant(10),
    };
    assert_eq!(
        check_new_consultation(&lead, &c),
        Err(DomainError::TopicConsultationNeedsQuestion)
    );
    c.question = Some("本次文件以什么为主题？");
    assert!(check_new_consultation(&lead, &c).is_ok());
}

#[test]
fn only_consultees_in_scope_respond_and_only_while_open() {
    let c = consultation();
    let me = actor(&[Role::Consultee], None);
    let mine = Respondent::Person(PersonId(7));
    let act = |in_scope, now| {
        check_response_action(
            &me,
            &c,
            mine,
            in_scope,
            false,
            ResponseAction::AddItem,
            Instant(now),
        )
    };
    assert!(matches!(
        act(false, 1_500),
        Err(DomainError::OutOfScope { .. })
    ));
    assert!(matches!(
        act(true, 999),
        Err(DomainError::NotYetOpen { .. })
    ));
    assert!(
        matches!(act(true, 2_000), Err(DomainError::Closed { .. })),
        "the close instant is already closed"
    );
    assert!(matches!(act(true, 5_000), Err(DomainError::Closed { .. })));
    assert!(act(true, 1_000).is_ok());
    // Someone else's personal response is not mine to touch.
    let other = Respondent::Person(PersonId(8));
    assert!(forbidden(check_response_action(
        &me,
        &c,
        other,
        true,
        false,
        ResponseAction::AddItem,
        Instant(1_500)
    )));
}

#[test]
fn after_the_close_responses_are_read_only() {
    let c = consultation();
    let head = actor(&[Role::Head], Some(5));
    for action in [
        ResponseAction::AddItem,
        ResponseAction::EditItem { author: None },
        ResponseAction::Submit,
    ] {
        let r = check_response_action(
            &head,
            &c,
            Respondent::Body(BodyId(5)),
            true,
            true,
            action,
            Instant(2_500),
        );
        assert!(matches!(r, Err(DomainError::Closed { .. })), "{action:?}");
    }
}

#[test]
fn an_organization_answers_as_one() {
    let c = consultation();
    let org = Respondent::Body(BodyId(5));
    let now = Instant(1_500);
    let check = |a: &Actor, has_head, action| {
        check_response_action(a, &c, org, true, has_head, action, now)
    };
    let contributor = actor(&[Role::Contributor], Some(5));
    let contact = actor(&[Role::Contact], Some(5));
    let head = actor(&[Role::Head], Some(5));
    assert!(check(&contributor, true, ResponseAction::AddItem).is_ok());
    assert!(check(
        &contributor,
        true,
        ResponseAction::EditItem {
            author: Some(PersonId(7))
        }
    )
    .is_ok());
    assert!(forbidden(check(
        &contributor,
        true,
        ResponseAction::EditItem {
            author: Some(PersonId(9))
        }
    )));
    assert!(forbidden(check(&contributor, true, ResponseAction::Submit)));
    assert!(check(
        &contact,
        true,
        ResponseAction::EditItem {
            author: Some(PersonId(9))
        }
    )
    .is_ok());
    assert!(
        forbidden(check(&contact, true, ResponseAction::Submit)),
        "the head approves when there is one"
    );
    assert!(check(&contact, false, ResponseAction::Submit).is_ok());
    assert!(check(&head, true, ResponseAction::Submit).is_ok());
    // A member of another organization cannot touch this response.
    let stranger = actor(&[Role::Head], Some(6));
    assert!(forbidden(check(&stranger, true, ResponseAction::AddItem)));
}

#[test]
fn anchors_must_point_inside_the_version() {
    let blocks = vec![Block {
        paragraph: ParagraphId(11),
        position: 0,
        kind: BlockKind::Paragraph,
        level: 1,
        text: "坚持人民至上。".into(),
    }];
    let at = |p, span| Anchor {
        paragraph: ParagraphId(p),
        version: VersionId(2),
        span,
    };
    assert!(check_anchor(VersionId(2), &blocks, &at(11, Some((0, 7)))).is_ok());
    assert!(matches!(
        check_anchor(VersionId(2), &blocks, &at(12, None)),
        Err(DomainError::ParagraphNotInVersion { .. })
    ));
    assert!(matches!(
        check_anchor(VersionId(2), &blocks, &at(11, Some((3, 8)))),
        Err(DomainError::SpanOutOfRange { .. })
    ));
    assert!(matches!(
        check_anchor(VersionId(2), &blocks, &at(11, Some((3, 3)))),
        Err(DomainError::SpanOutOfRange { .. })
    ));
}

#[test]
fn only_a_leader_or_deputy_finalises_a_disposition() {
    let member = actor(&[Role::Member], None);
    assert!(forbidden(check_disposition(
        &member,
        DispositionStatus::Final,
        "已吸收"
    )));
    assert!(check_disposition(&member, DispositionStatus::Proposed, "已吸收").is_ok());
    assert!(check_disposition(
        &actor(&[Role::Deputy], None),
        DispositionStatus::Final,
        "已吸收"
    )
    .is_ok());
    assert!(forbidden(check_disposition(
        &actor(&[Role::Consultee], None),
        DispositionStatus::Proposed,
        "x"
    )));
    assert_eq!(
        check_disposition(&actor(&[Role::Leader], None), DispositionStatus::Final, " "),
        Err(DomainError::Empty {
            field: Field::Reason
        })
    );
}

#[test]
fn an_item_joins_one_group_only() {
    assert!(check_groupable(ItemId(1), None).is_ok());
    assert_eq!(
        check_groupable(ItemId(1), Some(GroupId(4))),
        Err(DomainError::ItemAlreadyGrouped {
            item: ItemId(1),
            group: GroupId(4)
        })
    );
}

fn body(kind: BodyKind) -> Body {
    Body {
        id: BodyId(9),
        name: "常务委员会".into(),
        kind,
        category: None,
    }
}

#[test]
fn meetings_review_released_versions_in_review_bodies() {
    let lead = actor(&[Role::Leader], None);
    assert!(check_meeting(&lead, &body(BodyKind::Leading), &version(true)).is_ok());
    assert!(check_meeting(
        &actor(&[Role::Reviewer], None),
        &body(BodyKind::Review),
        &version(true)
    )
    .is_ok());
    assert!(check_meeting(&lead, &body(BodyKind::Consultee), &version(true)).is_err());
    assert!(matches!(
        check_meeting(&lead, &body(BodyKind::Review), &version(false)),
        Err(DomainError::VersionNotReleased(..))
    ));
    assert!(forbidden(check_meeting(
        &actor(&[Role::Member], None),
        &body(BodyKind::Review),
        &version(true)
    )));
}

#[test]
fn adoption_needs_a_plenary_submission_of_a_reviewed_version() {
    let lead = actor(&[Role::Leader], None);
    let plenary = body(BodyKind::Plenary);
    assert!(
        check_submission(&lead, &plenary, &version(true), 0).is_err(),
        "not reviewed"
    );
    assert!(
        check_submission(&lead, &plenary, &version(false), 1).is_err(),
        "not released"
    );
    assert!(
        check_submission(&lead, &body(BodyKind::Review), &version(true), 1).is_err(),
        "not a plenary"
    );
    assert!(check_submission(&lead, &plenary, &version(true), 1).is_ok());
    let submission = Submission {
        id: SubmissionId(1),
        dossier: DossierId(1),
        plenary: BodyId(9),
        version: VersionId(2),
        submitted_on: yijian_core::time::Date::parse("2026-10-20").unwrap(),
        adopted_version: None,
        adopted_on: None,
    };
    assert!(check_adoption(&lead, &submission, &version(true)).is_ok());
    assert!(check_adoption(&lead, &submission, &version(false)).is_err());
    assert!(forbidden(check_adoption(
        &actor(&[Role::Member], None),
        &submission,
        &version(true)
    )));
    let mut adopted = submission.clone();
    adopted.adopted_on = submission.submitted_on.into();
    assert!(matches!(
        check_adoption(&lead, &adopted, &version(true)),
        Err(DomainError::AlreadyAdopted(_))
    ));
}

#[test]
fn only_the_scope_and_the_record_holders_see_a_consultation() {
    use yijian_core::access::{consultation_access, ConsultationAccess};
    let c = consultation();
    let open = Instant(1_500);
    let closed = Instant(2_500);
    // A contact of a body outside the scope sees nothing, open or closed.
    let outsider = actor(&[Role::Contact], Some(9));
    assert_eq!(
        consultation_access(&outsider, &c, false, open),
        ConsultationAccess::None
    );
    // A consultee in scope reads the draft only inside the window.
    let consultee = actor(&[Role::Contact], Some(4));
    assert!(consultation_access(&consultee, &c, true, open).reads_version());
    assert!(!consultation_access(&consultee, &c, true, closed).reads_version());
    assert!(!consultation_access(&consultee, &c, true, Instant(500)).reads_version());
    // Holding a consultee role in another body never opens the record.
    let head = actor(&[Role::Head, Role::Contributor, Role::Consultee], Some(4));
    assert_ne!(
        consultation_access(&head, &c, true, open),
        ConsultationAccess::Record
    );
    // The drafting group, reviewers, auditors and administrators see the record, always.
    for role in [
        Role::Leader,
        Role::Deputy,
        Role::Member,
        Role::Reviewer,
        Role::Auditor,
        Role::Administrator,
    ] {
        let a = actor(&[role], None);
        assert_eq!(
            consultation_access(&a, &c, false, closed),
            ConsultationAccess::Record,
            "{role}"
        );
    }
}

#[test]
fn only_auditors_and_administrators_read_the_audit_log() {
    for role in [Role::Auditor, Role::Administrator] {
        assert!(rules::require_audit_reader(&actor(&[role], None), Action::ReadAuditLog).is_ok());
    }
    for role in [Role::Leader, Role::Deputy, Role::Member, Role::Reviewer] {
        assert!(forbidden(rules::require_audit_reader(
            &actor(&[role], None),
            Action::ReadAuditLog
        )));
    }
    assert!(forbidden(rules::require_audit_reader(
        &actor(&[], Some(4)),
        Action::ReadAuditLog
    )));
}

#[test]
fn only_record_holders_search_a_consultation() {
    use yijian_core::access::consultation_access;
    let c = consultation();
    let open = Instant(1_500);
    for role in [
        Role::Leader,
        Role::Deputy,
        Role::Member,
        Role::Reviewer,
        Role::Auditor,
        Role::Administrator,
    ] {
        let a = actor(&[role], None);
        let access = consultation_access(&a, &c, false, open);
        assert!(rules::check_search(&a, c.id, access).is_ok(), "{role}");
    }
    // A consultee in scope sees the consultation but may not search what others wrote.
    let consultee = actor(&[Role::Contact, Role::Head], Some(4));
    let access = consultation_access(&consultee, &c, true, open);
    assert!(forbidden(rules::check_search(&consultee, c.id, access)));
    // Outside the scope the consultation does not exist, as for a missing id.
    let outsider = actor(&[Role::Contact], Some(9));
    let access = consultation_access(&outsider, &c, false, open);
    assert!(matches!(
        rules::check_search(&outsider, c.id, access),
        Err(DomainError::NotFound {
            kind: yijian_core::error::RecordKind::Consultation,
            ..
        })
    ));
}

#[test]
fn only_the_leadership_assigns_and_only_to_drafters() {
    let leader = actor(&[Role::Leader], None);
    assert!(rules::check_assignment(&leader, &[Role::Member]).is_ok());
    assert!(rules::check_assignment(&actor(&[Role::Deputy], None), &[Role::Leader]).is_ok());
    assert!(forbidden(rules::check_assignment(
        &actor(&[Role::Member], None),
        &[Role::Member]
    )));
    assert!(forbidden(rules::check_assignment(
        &actor(&[Role::Reviewer], None),
        &[Role::Member]
    )));
    for not_a_drafter in [vec![], vec![Role::Reviewer], vec![Role::Contact]] {
        assert!(matches!(
            rules::check_assignment(&leader, &not_a_drafter),
            Err(DomainError::AssigneeNotDrafter)
        ));
    }
}

#[test]
fn a_recipients_status_follows_what_they_did() {
    let response = |status| Response {
        id: ResponseId(1),
        consultation: ConsultationId(3),
        respondent: Respondent::Body(BodyId(4)),
        status,
        submitted_at: None,
        submitted_by: None,
        amendments: 0,
    };
    assert_eq!(
        rules::recipient_status(false, None),
        RecipientStatus::NotOpened
    );
    assert_eq!(rules::recipient_status(true, None), RecipientStatus::Opened);
    let draft = response(ResponseStatus::Draft);
    let submitted = response(ResponseStatus::Submitted);
    assert_eq!(
        rules::recipient_status(true, Some(&draft)),
        RecipientStatus::DraftSaved
    );
    // A response written without opening the page first (e.g. by another member) still counts.
    assert_eq!(
        rules::recipient_status(false, Some(&draft)),
        RecipientStatus::DraftSaved
    );
    assert_eq!(
        rules::recipient_status(false, Some(&submitted)),
        RecipientStatus::Submitted
    );
}

mod public_comments {
    use yijian_core::ids::*;
    use yijian_core::model::*;
    use yijian_core::rules::*;
    use yijian_core::time::Instant;
    use yijian_core::DomainError;

    fn consultation(kind: ConsultationKind) -> Consultation {
        Consultation {
            id: ConsultationId(7),
            dossier: DossierId(1),
            kind,
            title: "公开征求意见".into(),
            version: Some(VersionId(3)),
            question: None,
            opens_at: Instant(0),
            closes_at: Instant(10),
        }
    }

    fn actor(roles: &[Role]) -> Actor {
        Actor {
            person: PersonId(5),
            name: "某人".into(),
            body: None,
            roles: roles.to_vec(),
        }
    }

    #[test]
    fn only_drafters_analyse_and_only_public_consultations() {
        let public = consultation(ConsultationKind::Public);
        for role in [Role::Leader, Role::Deputy, Role::Member] {
            assert!(check_public_analysis(&actor(&[role]), &public).is_ok());
        }
        for roles in [
            &[][..],
            &[Role::Reviewer],
            &[Role::Auditor],
            &[Role::Administrator],
        ] {
            assert!(matches!(
                check_public_analysis(&actor(roles), &public),
                Err(DomainError::Forbidden { .. })
            ));
        }
        for kind in [ConsultationKind::Draft, ConsultationKind::Topic] {
            assert_eq!(
                check_public_analysis(&actor(&[Role::Leader]), &consultation(kind)),
                Err(DomainError::NotPublic {
                    consultation: ConsultationId(7)
                })
            );
        }
    }

    #[test]
    fn record_holders_read_outsiders_do_not() {
        let public = consultation(ConsultationKind::Public);
        for role in [
            Role::Leader,
            Role::Member,
            Role::Reviewer,
            Role::Auditor,
            Role::Administrator,
        ] {
            assert!(
                check_public_reading(&actor(&[role]), &public).is_ok(),
                "{role:?}"
            );
        }
        assert!(check_public_reading(&actor(&[]), &public).is_err());
        assert!(check_public_reading(
            &actor(&[Role::Leader]),
            &consultation(ConsultationKind::Draft)
        )
        .is_err());
    }
}
fn public_consultation() -> Consultation {
    Consultation {
        kind: ConsultationKind::Public,
        ..consultation()
    }
}

#[test]
fn only_the_drafting_group_imports_public_comments() {
    let c = public_consultation();
    for role in [Role::Leader, Role::Deputy, Role::Member] {
        assert!(
            check_comment_import(&actor(&[role], None), &c).is_ok(),
            "{role}"
        );
    }
    // Everyone else, however high: administrators set up, reviewers review, auditors read,
    // consultees answer in their own consultations.
    for role in [
        Role::Administrator,
        Role::Reviewer,
        Role::Contact,
        Role::Head,
        Role::Contributor,
        Role::Consultee,
        Role::Auditor,
    ] {
        assert!(
            forbidden(check_comment_import(&actor(&[role], Some(4)), &c)),
            "{role}"
        );
    }
    assert!(forbidden(check_comment_import(&actor(&[], None), &c)));
    // A global role does not stand in for a dossier role, but holding both is enough.
    assert!(check_comment_import(&actor(&[Role::Administrator, Role::Member], None), &c).is_ok());
}

#[test]
fn public_comments_go_only_into_a_public_consultation() {
    let member = actor(&[Role::Member], None);
    for kind in [ConsultationKind::Topic, ConsultationKind::Draft] {
        let c = Consultation {
            kind,
            ..consultation()
        };
        assert_eq!(
            check_comment_import(&member, &c),
            Err(DomainError::NotPublic {
                consultation: ConsultationId(3),
            }),
            "{kind}"
        );
    }
    // Not a drafter and the wrong kind: the refusal says who may, not what the record holds.
    let outsider = actor(&[Role::Contact], Some(4));
    let topic = Consultation {
        kind: ConsultationKind::Topic,
        ..consultation()
    };
    assert!(forbidden(check_comment_import(&outsider, &topic)));
}

#[test]
fn comments_are_imported_also_after_the_close_and_before_the_opening() {
    // The window does not bind imports: letters arrive late. The rule takes no clock at all,
    // so no instant can break it; the window's own rule still refuses a response then.
    let c = public_consultation();
    let member = actor(&[Role::Member], None);
    assert!(check_comment_import(&member, &c).is_ok());
    assert!(rules::check_window(&c, Instant(5_000)).is_err());
    assert!(rules::check_window(&c, Instant(0)).is_err());
}
