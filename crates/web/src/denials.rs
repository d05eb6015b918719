//! Every denied request goes to the audit log (issue 5; ASVS 7.2.x / 8.x): an anonymous call
//! to a protected route (401, or the redirect to the login page), a forbidden one (403), a
//! record the caller may not see or that does not exist (404 — the same answer on purpose),
//! and a cross-site form post refused by the CSRF check.
//!
//! Only routes the server has are logged (requests to no route at all are noise, not access
//! attempts), and the login routes are left to the login use case, which records its own
//! failures.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, LOCATION};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::{self, now};
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
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let response = next.run(req).await;
    if let Some(outcome) = denial(&response) {
        let from = peer.map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        let request = format!("{method} {} → {outcome} from {from}", uri.path());
        write(&state, auth::request_token(&credentials, &state), &request).await;
    }
    response
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
