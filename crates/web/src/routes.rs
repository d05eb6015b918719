//! The route tables. Each router (pages, API, assets) is built from a table of
//! `(method, path)` and a function giving the handler for each entry, so the list of routes
//! the server answers is data: the OpenAPI document is written from the API's table, and the
//! authorization matrix test (`tests/access_matrix.rs`) walks [`route_table`] — a route
//! added without an expectation there fails it.

use axum::routing::MethodRouter;
use axum::Router;

use crate::state::AppState;

/// One route: an HTTP method (upper case) and an axum path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteKey {
    pub method: &'static str,
    pub path: &'static str,
}

/// Build a router from a table; `handler` must know every entry (it panics otherwise, which
/// the tests that build the router catch at once).
pub fn build(
    table: impl IntoIterator<Item = RouteKey>,
    handler: fn(RouteKey) -> MethodRouter<AppState>,
) -> Router<AppState> {
    table.into_iter().fold(Router::new(), |router, key| {
        router.route(key.path, handler(key))
    })
}

/// Every route the server answers, as `(METHOD, full path)`.
pub fn route_table() -> Vec<(String, String)> {
    let pages = crate::pages::ROUTES
        .iter()
        .map(|k| (k.method.to_string(), k.path.to_string()));
    let api = crate::api::ROUTES
        .iter()
        .map(|r| (r.method.to_uppercase(), format!("/api/v1{}", r.path)));
    let assets = crate::assets::ROUTES
        .iter()
        .map(|k| (k.method.to_string(), k.path.to_string()));
    pages.chain(api).chain(assets).collect()
}

/// Panic for a table entry without a handler (a programming error, caught by any test that
/// builds the router).
pub fn unknown(key: RouteKey) -> ! {
    panic!("no handler for route {} {}", key.method, key.path)
}
