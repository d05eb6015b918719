//! Invitation links: an administrator invites the person behind an account; the link
//! (a random token, shown once, stored only as its SHA-256) lets them set their password
//! once, before it expires. Setting it ends any session of the account.

use yijian_core::error::Action;
use yijian_core::ids::PersonId;
use yijian_core::rules::require_admin;
use yijian_core::time::Instant;
use yijian_core::DomainError;

use crate::accounts::{check_password_policy, hash_password, random_token, session_token_hash};
use crate::{actor, record, AccountId, App, Ctx, PasswordCost, Result};

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 7;

/// A new invitation: the token goes in the link; it is not stored anywhere.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub token: String,
    pub expires_at: Instant,
}

/// Whom a valid invitation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationFor {
    pub account: AccountId,
    pub username: String,
    pub name: String,
    pub expires_at: Instant,
}

impl App {
    /// Invite the person behind an account to set their password (administrators).
    pub async fn invite(&self, ctx: &Ctx, account: AccountId) -> Result<NewInvitation> {
        let token = random_token()?;
        let expires_at = ctx.now.plus_days(INVITATION_DAYS);
        let mut tx = self.begin().await?;
        require_admin(&actor(&mut tx, None, ctx.person).await?, Action::Invite)?;
        let a = tx.account(account).await?;
        if a.disabled {
            return Err(DomainError::AccountDisabled(a.username).into());
        }
        tx.insert_invitation(
            &session_token_hash(&token),
            account,
            ctx.person,
            ctx.now,
            expires_at,
        )
        .await?;
        record(
            &mut tx,
            ctx,
            "account.invite",
            &format!("account:{account} person:{}", a.person),
            &expires_at,
        )
        .await?;
        tx.commit().await?;
        Ok(NewInvitation { token, expires_at })
    }

    /// Whom an invitation link is for, if it is valid now (unknown, used and expired links
    /// are all `None`: the page says the same for each).
    pub async fn invitation(&self, token: &str, now: Instant) -> Result<Option<InvitationFor>> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let mut tx = self.read().await?;
        let Some(inv) = tx.invitation(&session_token_hash(token)).await? else {
            return Ok(None);
        };
        if inv.used_at.is_some() || now >= inv.expires_at {
            return Ok(None);
        }
        let a = tx.account(inv.account).await?;
        let p = tx.person(a.person).await?;
        tx.rollback().await?;
        Ok(Some(InvitationFor {
            account: a.id,
            username: a.username,
            name: p.name,
            expires_at: inv.expires_at,
        }))
    }

    /// Set the password through an invitation link; the link is used up.
    pub async fn accept_invitation(
        &self,
        token: &str,
        password: &str,
        now: Instant,
        cost: PasswordCost,
    ) -> Result<PersonId> {
        check_password_policy(password)?;
        let invalid = || DomainError::InvitationInvalid;
        let Some(for_whom) = self.invitation(token, now).await? else {
            return Err(invalid().into());
        };
        let phc = hash_password(password, cost).await?;
        let mut tx = self.begin().await?;
        if !tx.use_invitation(&session_token_hash(token), now).await? {
            return Err(invalid().into());
        }
        let a = tx.account(for_whom.account).await?;
        tx.set_password_hash(a.id, &phc).await?;
        tx.end_sessions_of(a.id, now).await?;
        let ctx = Ctx::new(a.person, now);
        record(
            &mut tx,
            &ctx,
            "account.invitation_accepted",
            &format!("account:{} person:{}", a.id, a.person),
            &now,
        )
        .await?;
        tx.commit().await?;
        Ok(a.person)
    }

    /// Disable (or enable again) an account: administrators, not their own. Disabling ends
    /// the account's sessions at once.
    pub async fn set_account_disabled(
        &self,
        ctx: &Ctx,
        account: AccountId,
        disabled: bool,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        require_admin(
            &actor(&mut tx, None, ctx.person).await?,
            Action::DisableAccount,
        )?;
        let a = tx.account(account).await?;
        if a.person == ctx.person && disabled {
            return Err(DomainError::CannotDisableSelf.into());
        }
        tx.set_account_disabled(account, disabled).await?;
        if disabled {
            tx.end_sessions_of(account, ctx.now).await?;
        }
        let action = if disabled {
            "account.disable"
        } else {
            "account.enable"
        };
        record(
            &mut tx,
            ctx,
            action,
            &format!("account:{account} person:{}", a.person),
            &disabled,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
