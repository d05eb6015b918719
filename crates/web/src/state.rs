//! The shared state of the server: the app, the configuration, the login limiter.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use yijian_app::App;

use crate::Config;

/// Cloned into every handler; cheap (an `Arc`).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub app: App,
    pub config: Config,
    pub login_limiter: LoginLimiter,
    /// Items added and responses submitted per person per minute.
    pub submission_limiter: DefaultKeyedRateLimiter<i64>,
    /// Denied requests written to the audit log per address per minute.
    pub denial_budget: crate::denials::DenialBudget,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(app: App, config: Config) -> AppState {
        let login_limiter = LoginLimiter::new(config.login_attempts_per_minute);
        let submission_limiter = RateLimiter::keyed(per_minute(config.submissions_per_minute));
        AppState(Arc::new(Inner {
            app,
            login_limiter,
            submission_limiter,
            denial_budget: crate::denials::DenialBudget::new(config.denials_logged_per_minute),
            config,
        }))
    }

    /// Count one submission (an item added, a response submitted) by a person; false when
    /// they are over their limit.
    pub fn allow_submission(&self, person: yijian_core::ids::PersonId) -> bool {
        if self.submission_limiter.len() > MAX_KEYS {
            self.submission_limiter.retain_recent();
        }
        self.submission_limiter.check_key(&person.0).is_ok()
    }
}

/// Login attempts per minute, counted separately per client IP and per username, so that
/// neither one address trying many names nor many addresses trying one name gets far.
/// In memory: per process (a DB-backed counter for several instances is future work).
pub struct LoginLimiter {
    by_ip: DefaultKeyedRateLimiter<IpAddr>,
    by_user: DefaultKeyedRateLimiter<String>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

/// Past this many remembered keys, forget the ones whose limit has fully recovered.
const MAX_KEYS: usize = 10_000;

impl LoginLimiter {
    fn new(per_minute: u32) -> LoginLimiter {
        let quota = self::per_minute(per_minute);
        LoginLimiter {
            by_ip: RateLimiter::keyed(quota),
            by_user: RateLimiter::keyed(quota),
        }
    }

    /// Count one attempt; false when either the address or the username is over its limit.
    pub fn allow(&self, ip: IpAddr, username: &str) -> bool {
        if self.by_ip.len() > MAX_KEYS {
            self.by_ip.retain_recent();
        }
        if self.by_user.len() > MAX_KEYS {
            self.by_user.retain_recent();
        }
        let user = username.trim().to_lowercase();
        let ip_ok = self.by_ip.check_key(&ip).is_ok();
        let user_ok = self.by_user.check_key(&user).is_ok();
        ip_ok && user_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_ip_and_per_username() {
        let limiter = LoginLimiter::new(3);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(limiter.allow(a, "leader"));
        }
        assert!(!limiter.allow(a, "leader"));
        assert!(!limiter.allow(a, "member"), "the address is over its limit");
        assert!(
            !limiter.allow(b, "LEADER "),
            "the username is over its limit"
        );
        assert!(limiter.allow(b, "member"));
    }
}
