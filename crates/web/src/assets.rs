//! Static assets compiled into the binary: the stylesheet and htmx (vendored, no CDN).

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Router;

use crate::routes::{self, RouteKey};
use crate::state::AppState;

/// The htmx file's path; its name carries the version, so it may be cached for long.
pub const HTMX_PATH: &str = "/assets/htmx-2.0.11.min.js";
pub const STYLE_PATH: &str = "/assets/style.css";
/// The script that turns a text selection into a comment on those words.
pub const SELECT_PATH: &str = "/assets/select-1.js";

const HTMX: &str = include_str!("../assets/htmx-2.0.11.min.js");
const STYLE: &str = include_str!("../assets/style.css");
const SELECT: &str = include_str!("../assets/select.js");

/// The asset routes (public: they hold nothing confidential).
pub const ROUTES: &[RouteKey] = &[
    RouteKey {
        method: "GET",
        path: HTMX_PATH,
    },
    RouteKey {
        method: "GET",
        path: STYLE_PATH,
    },
    RouteKey {
        method: "GET",
        path: SELECT_PATH,
    },
];

fn handler(key: RouteKey) -> MethodRouter<AppState> {
    match key.path {
        HTMX_PATH => get(|| async {
            asset(
                "text/javascript; charset=utf-8",
                "public, max-age=31536000, immutable",
                HTMX,
            )
        }),
        STYLE_PATH => {
            get(|| async { asset("text/css; charset=utf-8", "public, max-age=300", STYLE) })
        }
        SELECT_PATH => get(|| async {
            asset(
                "text/javascript; charset=utf-8",
                "public, max-age=300",
                SELECT,
            )
        }),
        _ => routes::unknown(key),
    }
}

fn asset(content_type: &'static str, cache: &'static str, body: &'static str) -> Response {
    ([(CONTENT_TYPE, content_type), (CACHE_CONTROL, cache)], body).into_response()
}

pub fn routes() -> Router<AppState> {
    routes::build(ROUTES.iter().copied(), handler)
}
