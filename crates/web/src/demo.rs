//! The web demo: the demo dossier (all nine steps, re-enacted on its own dates), one more
//! consultation open *now* so that a consultee can try the form, and one account per role.
//!
//! Everything goes through the app's use cases, like the CLI's `demo` command.

use yijian_app::demo::{self, DemoDossier};
use yijian_app::{App, AppError, Ctx, OpenConsultation, PasswordCost};
use yijian_core::ids::ConsultationId;
use yijian_core::model::ConsultationKind;
use yijian_core::time::Instant;

/// The demo accounts: username, the cast key of the person behind it, and what they show.
pub const ACCOUNTS: &[(&str, &str, &str)] = &[
    ("admin", "admin", "administrator"),
    ("leader", "leader", "drafting-group leader"),
    ("deputy", "deputy1", "deputy leader"),
    ("member", "member1", "drafting-group member"),
    ("reviewer", "reviewer1", "reviewer (standing committee)"),
    (
        "consultee",
        "r02-contact",
        "contact of a body in the consultations' scope",
    ),
    (
        "outsider",
        "o01-contact",
        "contact of a body outside every scope",
    ),
    ("auditor", "auditor", "auditor"),
];

/// How long the demo's live consultation stays open.
const LIVE_DAYS: i64 = 30;

/// One demo account and its password.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub username: &'static str,
    pub password: String,
    pub name: String,
    pub role: &'static str,
}

/// What the web demo built.
#[derive(Debug, Clone)]
pub struct Demo {
    pub dossier: DemoDossier,
    /// A draft consultation on the revised version, open from now for 30 days, with the
    /// same scope as the draft consultation. (The dossier's public consultation,
    /// `dossier.public_consultation`, is kept open as long, for the public pages.)
    pub live_consultation: ConsultationId,
    pub accounts: Vec<DemoAccount>,
}

/// Build the demo in an empty database. `password` is every account's password when given
/// (for scripts and tests); otherwise each gets a random one.
pub async fn load(
    app: &App,
    password: Option<&str>,
    cost: PasswordCost,
    now: Instant,
) -> Result<Demo, AppError> {
    if let Some(p) = password {
        yijian_app::check_password_policy(p)?;
    }
    // The public consultation stays open for as long as the live one, under the real clock.
    let built = demo::build_open_until(app, Some(now.plus_days(LIVE_DAYS))).await?;
    let person = |key: &str| {
        built
            .people
            .get(key)
            .copied()
            .ok_or_else(|| AppError::Demo(format!("the cast has no person {key:?}")))
    };
    let live = open_live_consultation(app, &built, person("leader")?, now).await?;
    // The demo dossier is fully disposed: its consultees see what became of their items.
    app.publish_handling(&Ctx::new(person("leader")?, now), built.dossier)
        .await?;
    let admin = Ctx::new(person("admin")?, now);
    let people = app.people().await?;
    let mut accounts = Vec::new();
    for (username, key, role) in ACCOUNTS {
        let id = person(key)?;
        let account = app.create_account(&admin, id, username).await?;
        let password = match password {
            Some(p) => p.to_string(),
            None => random_password()?,
        };
        app.set_password(&admin, account, &password, cost).await?;
        accounts.push(DemoAccount {
            username,
            password,
            name: people
                .iter()
                .find(|p| p.id == id)
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            role,
        });
    }
    Ok(Demo {
        dossier: built,
        live_consultation: live,
        accounts,
    })
}

async fn open_live_consultation(
    app: &App,
    built: &DemoDossier,
    leader: yijian_core::ids::PersonId,
    now: Instant,
) -> Result<ConsultationId, AppError> {
    let (_, scope, _) = app.consultation(built.draft_consultation).await?;
    let ctx = Ctx::new(leader, now);
    app.open_consultation(
        &ctx,
        &OpenConsultation {
            dossier: built.dossier,
            kind: ConsultationKind::Draft,
            title: "《送审稿》补充征求意见（演示：正在进行）".into(),
            version: Some(built.revised),
            question: None,
            opens_at: now,
            closes_at: now.plus_days(LIVE_DAYS),
            scope: scope.into_iter().map(|m| m.respondent).collect(),
        },
    )
    .await
}

/// 16 characters from an alphabet without look-alikes (about 80 bits).
fn random_password() -> Result<String, AppError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut out = String::new();
    while out.len() < 16 {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte)
            .map_err(|e| AppError::Input(format!("the system random source failed: {e}")))?;
        // Rejection sampling keeps every character equally likely.
        let limit = 256 - 256 % ALPHABET.len();
        if (byte[0] as usize) < limit {
            out.push(ALPHABET[byte[0] as usize % ALPHABET.len()] as char);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn random_passwords_pass_the_policy_and_differ() {
        let a = super::random_password().unwrap();
        let b = super::random_password().unwrap();
        assert_eq!(a.chars().count(), 16);
        assert_ne!(a, b);
        yijian_app::check_password_policy(&a).unwrap();
    }
}
