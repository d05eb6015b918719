//! Static assets compiled into the binary: the stylesheet and htmx (vendored, no CDN).

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

/// The htmx file's path; its name carries the version, so it may be cached for long.
pub const HTMX_PATH: &str = "/assets/htmx-2.0.11.min.js";
pub const STYLE_PATH: &str = "/assets/style.css";

const HTMX: &str = include_str!("../assets/htmx-2.0.11.min.js");
const STYLE: &str = include_str!("../assets/style.css");

pub fn routes() -> Router {
    Router::new()
        .route(
            HTMX_PATH,
            get(|| async {
                (
                    [
                        (CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (CACHE_CONTROL, "public, max-age=31536000, immutable"),
                    ],
                    HTMX,
                )
                    .into_response()
            }),
        )
        .route(
            STYLE_PATH,
            get(|| async {
                (
                    [
                        (CONTENT_TYPE, "text/css; charset=utf-8"),
                        (CACHE_CONTROL, "public, max-age=300"),
                    ],
                    STYLE,
                )
                    .into_response()
            }),
        )
}
