//! Every denied request goes to the audit log (issue 5; ASVS 7.2.x / 8.x): an anonymous call
//! to a protected route (401, or the redirect to the login page), a forbidden one (403), a
//! record the caller may not see or that does not exist (404 — the same answer on purpose),
//! and a cross-site form post refused by the CSRF check.
//!
//! Only routes the server has are logged (requests to no route at all are noise, not access
//! attempts), and the login routes are left to the login use case, which records its own
//! failures.
//!
//! A flood must not fill the log (ASVS 7.1: logs must not be a way to exhaust the disk or
//! bury the entries that matter): each client address (`client`: behind a trusted proxy, the
//! one it forwards) has a budget of entries a minute ([`DenialBudget`],
//! `Config::denials_logged_per_minute`). The first denial over it is written
//! with a note that the next ones are counted; the next entry from that address, once it is
//! under its budget again, says how many were not written one by one. Nothing is dropped
//! silently: every denial is written, or counted in an entry that is.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, LOCATION};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use crate::auth::{self, now};
use crate::client;
use crate::state::AppState;

/// Routes whose failures are recorded elsewhere (the login use case audits its attempts).
const NOT_LOGGED_HERE: &[&str] = &["/login", "/api/v1/login"];

pub async fn audit_denials(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let Some(route) = req.extensions().get::<MatchedPath>() else {
        return next.run(req).await;
    };
    if NOT_LOGGED_HERE.contains(&route.as_str()) {
        return next.run(req).await;
    }
    // Kept cheaply (reference-counted clones) and read only if the request is denied: this
    // runs on every request.
    let (method, uri) = (req.method().clone(), req.uri().clone());
    let mut credentials = axum::http::HeaderMap::new();
    for name in [AUTHORIZATION, COOKIE] {
        if let Some(v) = req.headers().get(&name) {
            credentials.insert(name, v.clone());
        }
    }
    let client = client::of_request(
        req.extensions(),
        req.headers(),
        &state.config.trusted_proxies,
    );
    let response = next.run(req).await;
    if let Some(outcome) = denial(&response) {
        let from = client.map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        let mut request = format!("{method} {} → {outcome} from {from}", uri.path());
        let verdict = client.map_or(Verdict::Write { held_back: 0 }, |ip| {
            state.denial_budget.admit(ip)
        });
        match verdict {
            Verdict::Hold => return response,
            Verdict::StartHolding => request.push_str(&format!(
                "; over {} a minute from this address: the next are counted, not written one by one",
                state.denial_budget.per_minute
            )),
            Verdict::Write { held_back: 0 } => {}
            Verdict::Write { held_back } => request.push_str(&format!(
                "; {held_back} earlier denials from this address counted, not written one by one"
            )),
        }
        write(&state, auth::request_token(&credentials, &state), &request).await;
    }
    response
}

/// What to do with one denial under the per-address budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Write it, saying how many before it were only counted.
    Write { held_back: u64 },
    /// The first over the budget: write it, saying the next are counted.
    StartHolding,
    /// Count it; the address's next written entry says how many.
    Hold,
}

/// Past this many addresses over their budget at once, denials are written one by one again
/// (memory stays bounded; nothing is lost, only the flood protection is off).
const MAX_HELD: usize = 10_000;
/// Past this many remembered addresses, forget the ones whose budget has fully recovered.
const MAX_KEYS: usize = 10_000;

/// Entries a minute per address (see the module doc).
pub struct DenialBudget<C: Clock = DefaultClock> {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, C, NoOpMiddleware<C::Instant>>,
    /// Addresses over their budget → denials counted since.
    held: Mutex<HashMap<IpAddr, u64>>,
    pub per_minute: u32,
}

impl DenialBudget {
    pub fn new(per_minute: u32) -> DenialBudget {
        DenialBudget::with_clock(per_minute, DefaultClock::default())
    }
}

impl<C: Clock> DenialBudget<C> {
    pub fn with_clock(per_minute: u32, clock: C) -> DenialBudget<C> {
        let n = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        DenialBudget {
            limiter: RateLimiter::new(
                Quota::per_minute(n),
                DefaultKeyedStateStore::default(),
                clock,
            ),
            held: Mutex::new(HashMap::new()),
            per_minute: n.get(),
        }
    }

    pub fn admit(&self, ip: IpAddr) -> Verdict {
        if self.limiter.len() > MAX_KEYS {
            self.limiter.retain_recent();
        }
        let within = self.limiter.check_key(&ip).is_ok();
        let mut held = self
            .held
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if within {
            return Verdict::Write {
                held_back: held.remove(&ip).unwrap_or(0),
            };
        }
        if let Some(n) = held.get_mut(&ip) {
            *n += 1;
            return Verdict::Hold;
        }
        if held.len() >= MAX_HELD {
            return Verdict::Write { held_back: 0 };
        }
        held.insert(ip, 0);
        Verdict::StartHolding
    }
}

/// How a response denies the request, if it does.
fn denial(response: &Response) -> Option<String> {
    let status = response.status();
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => {
            Some(status.as_u16().to_string())
        }
        StatusCode::SEE_OTHER => {
            let to = response.headers().get(LOCATION)?.to_str().ok()?;
            // The redirect of a protected page; not the one after logging out.
            to.starts_with("/login?next=")
                .then(|| "303 to the login page".to_string())
        }
        _ => None,
    }
}

async fn write(state: &AppState, token: Option<String>, request: &str) {
    let person = match token {
        Some(t) => state
            .app
            .session(&t, now())
            .await
            .ok()
            .flatten()
            .map(|u| u.person),
        None => None,
    };
    if let Err(e) = state.app.record_denial(person, now(), request).await {
        // The denial itself stands; the failure to log it must be seen by the operator.
        eprintln!("yijian: could not write a denied request to the audit log: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::{IntoResponse, Redirect};
    use governor::clock::FakeRelativeClock;
    use std::time::Duration;

    #[test]
    fn a_flood_is_counted_and_the_count_written() {
        let clock = FakeRelativeClock::default();
        let budget = DenialBudget::with_clock(3, clock.clone());
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(budget.admit(a), Verdict::Write { held_back: 0 });
        }
        assert_eq!(budget.admit(a), Verdict::StartHolding);
        for _ in 0..5 {
            assert_eq!(budget.admit(a), Verdict::Hold);
        }
        // Another address has its own budget.
        assert_eq!(budget.admit(b), Verdict::Write { held_back: 0 });
        // A third of a minute later one entry is allowed again: it carries the count.
        clock.advance(Duration::from_secs(20));
        assert_eq!(budget.admit(a), Verdict::Write { held_back: 5 });
        assert_eq!(
            budget.admit(a),
            Verdict::StartHolding,
            "a new flood is noted again"
        );
        clock.advance(Duration::from_secs(60));
        assert_eq!(budget.admit(a), Verdict::Write { held_back: 0 });
    }

    #[test]
    fn what_counts_as_a_denial() {
        assert!(denial(&StatusCode::OK.into_response()).is_none());
        assert!(denial(&StatusCode::UNPROCESSABLE_ENTITY.into_response()).is_none());
        assert_eq!(
            denial(&StatusCode::NOT_FOUND.into_response()).unwrap(),
            "404"
        );
        assert_eq!(
            denial(&StatusCode::FORBIDDEN.into_response()).unwrap(),
            "403"
        );
        assert!(denial(&Redirect::to("/login?next=%2F").into_response()).is_some());
        assert!(denial(&Redirect::to("/dossiers/1").into_response()).is_none());
        assert!(
            denial(&Redirect::to("/login").into_response()).is_none(),
            "after logging out"
        );
        assert!(
            denial(&Redirect::to("/login").into_response()).is_none(),
            "after logout"
        );
    }
}
