//! The rules of public commenting, attacked: addresses, the public draft, the window, the
//! verified commenter, the text and its paragraph, the rate limits and the codes.

use yijian_core::error::{Field, Limit};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::*;
use yijian_core::time::Instant;
use yijian_core::DomainError;

fn public() -> Consultation {
    Consultation {
        id: ConsultationId(3),
        dossier: DossierId(1),
        kind: ConsultationKind::Public,
        title: "公开征求意见".into(),
        version: Some(VersionId(2)),
        question: None,
        opens_at: Instant(1_000),
        closes_at: Instant(2_000),
    }
}

fn commenter(verified: bool) -> PublicCommenter {
    PublicCommenter {
        id: CommenterId(9),
        kind: AddressKind::Email,
        address: "li@example.cn".into(),
        display_name: "李先生".into(),
        region: None,
        created_at: Instant(0),
        verified_at: verified.then_some(Instant(10)),
    }
}

fn blocks() -> Vec<Block> {
    vec![Block {
        paragraph: ParagraphId(40),
        position: 0,
        kind: BlockKind::Paragraph,
        level: 0,
        text: "第一条 为了……".into(),
    }]
}

#[test]
fn addresses_are_e_mail_or_mainland_mobile_numbers() {
    assert_eq!(
        normalize_address("  Li.Wei+cn@Example.COM.cn ").unwrap(),
        (AddressKind::Email, "li.wei+cn@example.com.cn".into())
    );
    assert_eq!(
        normalize_address("+86 138-0013-8000").unwrap(),
        (AddressKind::Sms, "13800138000".into())
    );
    assert_eq!(
        normalize_address("8619912345678").unwrap(),
        (AddressKind::Sms, "19912345678".into())
    );
    for bad in [
        "",
        "@",
        "li@",
        "@example.com",
        "li@example",
        "li@@example.com",
        "li wei@example.com",
        "li@exa_mple.com",
        "li@-example.com",
        "li@example.c",
        ".li@example.com",
        "li..wei@example.com",
        "12800138000",
        "1380013800",
        "138001380001",
        "23800138000",
        "1380013800x",
        "李@例子.中国",
        "<script>@x.com",
    ] {
        assert!(
            matches!(normalize_address(bad), Err(DomainError::InvalidAddress(_))),
            "{bad:?} is refused"
        );
    }
    let long = format!("{}@example.com", "a".repeat(250));
    assert!(normalize_address(&long).is_err());
    // The refusal shows at most 100 characters of what was typed.
    let Err(DomainError::InvalidAddress(shown)) = normalize_address(&"9".repeat(500)) else {
        panic!("refused")
    };
    assert_eq!(shown.chars().count(), 100);
}

#[test]
fn a_profile_has_a_name_of_at_most_fifty_characters() {
    assert!(check_commenter_profile("李先生", Some("上海市")).is_ok());
    assert_eq!(
        check_commenter_profile("  ", None),
        Err(DomainError::Empty {
            field: Field::DisplayName
        })
    );
    assert_eq!(
        check_commenter_profile(&"名".repeat(51), None),
        Err(DomainError::TooLong {
            field: Field::DisplayName,
            len: 51,
            max: 50
        })
    );
    assert!(matches!(
        check_commenter_profile("李", Some(&"区".repeat(51))),
        Err(DomainError::TooLong {
            field: Field::Region,
            ..
        })
    ));
}

#[test]
fn only_a_public_consultation_with_a_draft_is_read_in_public_once_open() {
    let c = public();
    assert!(check_public_draft(&c, Instant(1_000)).is_ok());
    assert!(
        check_public_draft(&c, Instant(5_000)).is_ok(),
        "still readable after it closed"
    );
    let missing = Err(DomainError::not_found(
        yijian_core::error::RecordKind::Consultation,
        c.id,
    ));
    assert_eq!(check_public_draft(&c, Instant(999)), missing);
    for kind in [ConsultationKind::Draft, ConsultationKind::Topic] {
        let other = Consultation { kind, ..public() };
        assert_eq!(check_public_draft(&other, Instant(1_500)), missing);
    }
    let no_version = Consultation {
        version: None,
        ..public()
    };
    assert_eq!(check_public_draft(&no_version, Instant(1_500)), missing);
}

#[test]
fn web_comments_need_the_window_a_verified_commenter_a_text_and_a_real_paragraph() {
    let c = public();
    let b = blocks();
    let on = |p| Some((VersionId(2), b.as_slice(), ParagraphId(p)));
    let ok = commenter(true);
    assert!(check_web_comment(&c, &ok, "建议", on(40), Instant(1_500)).is_ok());
    assert!(check_web_comment(&c, &ok, "总体意见", None, Instant(1_500)).is_ok());
    assert!(matches!(
        check_web_comment(&c, &ok, "建议", None, Instant(2_000)),
        Err(DomainError::Closed { .. })
    ));
    assert!(matches!(
        check_web_comment(&c, &ok, "建议", None, Instant(999)),
        Err(DomainError::NotFound { .. })
    ));
    let draft = Consultation {
        kind: ConsultationKind::Draft,
        ..public()
    };
    assert!(matches!(
        check_web_comment(&draft, &ok, "建议", None, Instant(1_500)),
        Err(DomainError::NotFound { .. })
    ));
    assert_eq!(
        check_web_comment(&c, &commenter(false), "建议", None, Instant(1_500)),
        Err(DomainError::CommenterNotVerified(CommenterId(9)))
    );
    assert_eq!(
        check_web_comment(&c, &ok, " \n ", None, Instant(1_500)),
        Err(DomainError::Empty {
            field: Field::CommentText
        })
    );
    assert!(check_web_comment(&c, &ok, &"字".repeat(5_000), None, Instant(1_500)).is_ok());
    assert_eq!(
        check_web_comment(&c, &ok, &"字".repeat(5_001), None, Instant(1_500)),
        Err(DomainError::TooLong {
            field: Field::CommentText,
            len: 5_001,
            max: 5_000
        })
    );
    assert_eq!(
        check_web_comment(&c, &ok, "建议", on(41), Instant(1_500)),
        Err(DomainError::ParagraphNotInVersion {
            paragraph: ParagraphId(41),
            version: VersionId(2)
        })
    );
}

#[test]
fn comment_rate_limits_refuse_the_one_over_each_limit() {
    let limits = PublicLimits::default();
    let counts = |h, d, a| CommentCounts {
        by_commenter_hour: h,
        by_commenter_day: d,
        by_address_hour: a,
    };
    assert!(check_public_comment_rate(counts(9, 49, 29), &limits).is_ok());
    assert_eq!(
        check_public_comment_rate(counts(10, 10, 10), &limits),
        Err(DomainError::TooMany {
            limit: Limit::CommentsPerHour,
            max: 10
        })
    );
    assert_eq!(
        check_public_comment_rate(counts(3, 50, 3), &limits),
        Err(DomainError::TooMany {
            limit: Limit::CommentsPerDay,
            max: 50
        })
    );
    assert_eq!(
        check_public_comment_rate(counts(0, 0, 30), &limits),
        Err(DomainError::TooMany {
            limit: Limit::CommentsPerAddressHour,
            max: 30
        })
    );
    let none = PublicLimits {
        comments_per_hour: 0,
        ..limits
    };
    assert!(check_public_comment_rate(counts(0, 0, 0), &none).is_err());
}

#[test]
fn code_rate_limits_per_address_and_per_request_address() {
    let limits = PublicLimits::default();
    assert!(check_code_rate(2, 9, &limits).is_ok());
    assert_eq!(
        check_code_rate(3, 0, &limits),
        Err(DomainError::TooMany {
            limit: Limit::CodesPerAddressHour,
            max: 3
        })
    );
    assert_eq!(
        check_code_rate(0, 10, &limits),
        Err(DomainError::TooMany {
            limit: Limit::CodesPerRequestHour,
            max: 10
        })
    );
}

#[test]
fn codes_are_refused_when_wrong_used_expired_or_dead() {
    let code = VerificationCode {
        id: VerificationCodeId(1),
        commenter: CommenterId(9),
        code_hash: "h".into(),
        request_address: "127.0.0.1".into(),
        created_at: Instant(0),
        expires_at: Instant(CODE_LIFETIME_MS),
        attempts: 0,
        used_at: None,
    };
    assert!(check_code(Some(&code), true, Instant(1)).is_ok());
    assert_eq!(
        check_code(None, true, Instant(1)),
        Err(DomainError::CodeInvalid)
    );
    assert_eq!(
        check_code(Some(&code), false, Instant(1)),
        Err(DomainError::CodeWrong { left: 4 })
    );
    let tried = VerificationCode {
        attempts: 4,
        ..code.clone()
    };
    assert_eq!(
        check_code(Some(&tried), false, Instant(1)),
        Err(DomainError::CodeWrong { left: 0 })
    );
    let dead = VerificationCode {
        attempts: MAX_CODE_ATTEMPTS,
        ..code.clone()
    };
    assert_eq!(
        check_code(Some(&dead), true, Instant(1)),
        Err(DomainError::CodeInvalid),
        "the right code no longer helps after five wrong ones"
    );
    assert_eq!(
        check_code(Some(&code), true, Instant(CODE_LIFETIME_MS)),
        Err(DomainError::CodeInvalid)
    );
    let used = VerificationCode {
        used_at: Some(Instant(5)),
        ..code
    };
    assert_eq!(
        check_code(Some(&used), true, Instant(6)),
        Err(DomainError::CodeInvalid)
    );
}
