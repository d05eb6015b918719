//! Server-rendered pages: login, home, the dossier dashboard, the version view with its heat
//! map, a paragraph's items, and the consultee's view of a consultation.
//!
//! Handlers return `Result<Response, PageError>`; a `PageError` becomes an error page in the
//! user's language (rendered by [`render_failures`], which knows the request). Every page is
//! sent with `Cache-Control: no-store` and a strict Content-Security-Policy
//! ([`security_headers`]).

mod admin;
mod audit;
mod consultee;
mod hearings;
mod login;
mod open;
mod public;
mod record;
mod reports;
mod review;
mod revision;
pub use revision::MAX_DRAFT_BYTES;
mod setup;
pub(crate) mod workbench;

use askama::Template;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Router;

use crate::auth::{encode_component, Session};
use crate::error::{from_rejection, log_internal, WebError};
use crate::i18n::{Lang, Msgs};
use crate::routes::{self, RouteKey};
use crate::state::AppState;

const fn page(method: &'static str, path: &'static str) -> RouteKey {
    RouteKey { method, path }
}

/// Every page route; the router is built from this table.
pub const ROUTES: &[RouteKey] = &[
    page("GET", "/"),
    page("GET", "/login"),
    page("POST", "/login"),
    page("POST", "/logout"),
    page("GET", "/lang/{code}"),
    page("GET", "/dossiers/{id}"),
    page("GET", "/dossiers/{id}/items"),
    page("POST", "/dossiers/{id}/items"),
    page("GET", "/dossiers/{id}/revise"),
    page("POST", "/dossiers/{id}/versions"),
    page("POST", "/dossiers/{id}/versions/upload"),
    page("GET", "/versions/{id}/compare"),
    page("POST", "/versions/{id}/publish"),
    page("POST", "/modifications/{id}/items"),
    page("GET", "/audit"),
    page("POST", "/dossiers/{id}/handling"),
    page("GET", "/consultations/{id}/hearings"),
    page("POST", "/consultations/{id}/hearings"),
    page("POST", "/hearings/{id}/items"),
    page("GET", "/admin"),
    page("POST", "/admin"),
    page("GET", "/invite/{token}"),
    page("POST", "/invite/{token}"),
    page("GET", "/dossiers/{id}/reports"),
    page("GET", "/dossiers/{id}/reports/{file}"),
    page("GET", "/versions/{id}/comparison/{file}"),
    page("GET", "/versions/{id}/export.docx"),
    page("GET", "/consultations/{id}/copy.docx"),
    page("GET", "/dossiers/{id}/review"),
    page("POST", "/dossiers/{id}/meetings"),
    page("POST", "/dossiers/{id}/submissions"),
    page("POST", "/dossiers/{id}/opinions"),
    page("POST", "/dossiers/{id}/adoption"),
    page("GET", "/dossiers/{id}/consultations/new"),
    page("POST", "/dossiers/{id}/consultations"),
    page("GET", "/versions/{id}"),
    page("GET", "/versions/{id}/paragraphs/{paragraph}"),
    page("GET", "/consultations/{id}"),
    page("POST", "/consultations/{id}/items"),
    page("POST", "/consultations/{id}/submit"),
    page("POST", "/items/{id}/edit"),
    page("POST", "/items/{id}/withdraw"),
    page("GET", "/consultations/{id}/public"),
    page("POST", "/consultations/{id}/public"),
    page("GET", "/consultations/{id}/public/{file}"),
    page("GET", "/consultations/{id}/search"),
    page("GET", "/campaigns/{id}"),
    page("GET", "/campaigns/{id}/{file}"),
    page("GET", "/themes/{id}"),
    page("GET", "/themes/{id}/{file}"),
    page("POST", "/themes/{id}"),
    page("GET", "/open/{id}"),
    page("GET", "/open/{id}/register"),
    page("POST", "/open/{id}/register"),
    page("GET", "/open/{id}/verify"),
    page("POST", "/open/{id}/verify"),
    page("POST", "/open/{id}/comments"),
    page("GET", "/open/{id}/mine"),
    page("POST", "/open/{id}/logout"),
];

fn handler(key: RouteKey) -> MethodRouter<AppState> {
    match (key.method, key.path) {
        ("GET", "/") => get(record::home),
        ("GET", "/login") => get(login::page),
        ("POST", "/login") => post(login::submit),
        ("POST", "/logout") => post(login::logout),
        ("GET", "/lang/{code}") => get(login::switch_language),
        ("GET", "/dossiers/{id}") => get(record::dossier),
        ("GET", "/dossiers/{id}/items") => get(workbench::page),
        ("POST", "/dossiers/{id}/items") => post(workbench::act),
        ("GET", "/dossiers/{id}/revise") => get(revision::page),
        // Drafts are larger than forms: these two take up to MAX_DRAFT_BYTES.
        ("POST", "/dossiers/{id}/versions") => post(revision::from_text).layer(draft_limit()),
        ("POST", "/dossiers/{id}/versions/upload") => {
            post(revision::from_file).layer(draft_limit())
        }
        ("GET", "/versions/{id}/compare") => get(revision::compare),
        ("POST", "/versions/{id}/publish") => post(revision::publish),
        ("POST", "/modifications/{id}/items") => post(revision::link),
        ("GET", "/audit") => get(audit::page),
        ("POST", "/dossiers/{id}/handling") => post(workbench::publish_handling),
        ("GET", "/consultations/{id}/hearings") => get(hearings::page),
        ("POST", "/consultations/{id}/hearings") => post(hearings::record),
        ("POST", "/hearings/{id}/items") => post(hearings::add_item),
        ("GET", "/admin") => get(admin::page),
        ("POST", "/admin") => post(admin::act),
        ("GET", "/invite/{token}") => get(admin::invite_page),
        ("POST", "/invite/{token}") => post(admin::accept),
        ("GET", "/dossiers/{id}/reports") => get(reports::page),
        ("GET", "/dossiers/{id}/reports/{file}") => get(reports::file),
        ("GET", "/versions/{id}/comparison/{file}") => get(reports::comparison_file),
        ("GET", "/versions/{id}/export.docx") => get(reports::export_version),
        ("GET", "/consultations/{id}/copy.docx") => get(reports::consultee_copy),
        ("GET", "/dossiers/{id}/review") => get(review::page),
        ("POST", "/dossiers/{id}/meetings") => post(review::meeting),
        ("POST", "/dossiers/{id}/submissions") => post(review::submit),
        ("POST", "/dossiers/{id}/opinions") => post(review::opinion),
        ("POST", "/dossiers/{id}/adoption") => post(review::adopt),
        ("GET", "/dossiers/{id}/consultations/new") => get(setup::page),
        ("POST", "/dossiers/{id}/consultations") => post(setup::open),
        ("GET", "/versions/{id}") => get(record::version),
        ("GET", "/versions/{id}/paragraphs/{paragraph}") => get(record::paragraph),
        ("GET", "/consultations/{id}") => get(consultee::page),
        ("POST", "/consultations/{id}/items") => post(consultee::add_item),
        ("POST", "/consultations/{id}/submit") => post(consultee::submit),
        ("POST", "/items/{id}/edit") => post(consultee::edit_item),
        ("POST", "/items/{id}/withdraw") => post(consultee::withdraw_item),
        ("GET", "/consultations/{id}/public") => get(public::overview),
        ("POST", "/consultations/{id}/public") => post(public::run),
        ("GET", "/consultations/{id}/public/{file}") => get(public::export),
        ("GET", "/consultations/{id}/search") => get(public::search),
        ("GET", "/campaigns/{id}") => get(public::campaign),
        ("GET", "/campaigns/{id}/{file}") => get(public::campaign_export),
        ("GET", "/themes/{id}") => get(public::theme),
        ("GET", "/themes/{id}/{file}") => get(public::theme_export),
        ("POST", "/themes/{id}") => post(public::act),
        ("GET", "/open/{id}") => get(open::draft),
        ("GET", "/open/{id}/register") => get(open::register_page),
        ("POST", "/open/{id}/register") => post(open::register),
        ("GET", "/open/{id}/verify") => get(open::verify_page),
        ("POST", "/open/{id}/verify") => post(open::verify),
        ("POST", "/open/{id}/comments") => post(open::comment),
        ("GET", "/open/{id}/mine") => get(open::mine),
        ("POST", "/open/{id}/logout") => post(open::logout),
        _ => routes::unknown(key),
    }
}

fn draft_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(revision::MAX_DRAFT_BYTES)
}

pub fn routes(state: AppState) -> Router {
    routes::build(ROUTES.iter().copied(), handler)
        .layer(axum::middleware::from_fn(render_failures))
        .with_state(state)
}

/// A page handler's error; rendered as a page in the user's language.
#[derive(Debug)]
pub struct PageError(pub WebError);

impl<E: Into<WebError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        if self.0 == WebError::Unauthenticated {
            return Redirect::to("/login").into_response();
        }
        let mut response = self.0.status().into_response();
        response.extensions_mut().insert(self.0);
        response
    }
}

/// Turn a `PageError` left in a response into the error page, in the request's language.
async fn render_failures(req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let mut response = next.run(req).await;
    if let Some(err) = response.extensions_mut().remove::<WebError>() {
        return failure_page(lang, &err);
    }
    match from_rejection(response).await {
        Ok(err) => failure_page(lang, &err),
        Err(response) => response,
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    m: Msgs,
    nav: Nav,
    status: u16,
    title: String,
    detail: Option<String>,
}

/// The error page for an error.
pub fn failure_page(lang: Lang, err: &WebError) -> Response {
    log_internal(err);
    let m = lang.msgs();
    let page = ErrorPage {
        m,
        nav: Nav::anonymous(m, "/"),
        status: err.status().as_u16(),
        title: m.t(err.title_key()).to_string(),
        detail: err.detail().map(|d| d.say(m)),
    };
    let status = err.status();
    match page.render() {
        Ok(body) => (status, html_headers(), body).into_response(),
        Err(_) => status.into_response(),
    }
}

/// The fallback: no such page.
pub async fn not_found(headers: HeaderMap) -> Response {
    failure_page(Lang::from_headers(&headers), &WebError::NotFound)
}

fn html_headers() -> [(HeaderName, HeaderValue); 1] {
    [(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    )]
}

/// Render a page.
pub fn html(page: &impl Template) -> Result<Response, PageError> {
    let body = page.render().map_err(WebError::internal)?;
    Ok((html_headers(), body).into_response())
}

/// Render a page with a status other than 200.
pub fn html_status(status: StatusCode, page: &impl Template) -> Result<Response, PageError> {
    let body = page.render().map_err(WebError::internal)?;
    Ok((status, html_headers(), body).into_response())
}

/// What the frame of every page needs: the language switch, the user and the logout form.
pub struct Nav {
    pub lang_code: &'static str,
    pub user: Option<String>,
    pub csrf: String,
    pub switch_href: String,
    pub switch_label: &'static str,
}

impl Nav {
    pub fn new(m: Msgs, here: &str, session: Option<&Session>) -> Nav {
        let other = m.lang().other();
        Nav {
            lang_code: m.lang().code(),
            user: session.map(|s| s.user.name.clone()),
            csrf: session.map(|s| s.csrf()).unwrap_or_default(),
            switch_href: format!("/lang/{}?back={}", other.code(), encode_component(here)),
            switch_label: match other {
                Lang::ZhCn => "中文",
                Lang::En => "English",
            },
        }
    }

    pub fn anonymous(m: Msgs, here: &str) -> Nav {
        Nav::new(m, here, None)
    }
}

/// Headers for every response: no caching of anything but assets (pages show confidential
/// drafts), a strict CSP (scripts and styles only from this server), no framing, no sniffing.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    if !h.contains_key(CACHE_CONTROL) {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
        ),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    response
}

/// Whether htmx asked for a fragment rather than a whole page.
pub fn wants_fragment(headers: &HeaderMap) -> bool {
    headers.get("hx-request").is_some_and(|v| v == "true")
}

/// A count with thousands separated: `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1_204), "1,204");
        assert_eq!(super::thousands(10_000), "10,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
