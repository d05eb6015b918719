//! The yijian web application: server-rendered pages (askama, zh-CN by default, English by a
//! switch), a JSON API under `/api/v1`, accounts and server-side sessions.
//!
//! This crate parses requests and renders answers; every use case — logging in, reading a
//! consultation, adding an item — is a method of [`yijian_app::App`], which also decides who
//! may see what. Pages work without JavaScript; the one script (htmx, vendored) only loads a
//! paragraph's items in place.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let app = yijian_app::App::open("yijian.db").await?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! let config = yijian_web::Config::for_bind(listener.local_addr()?);
//! yijian_web::serve(listener, app, config, std::future::pending()).await?;
//! # Ok(()) }
//! ```

mod api;
mod assets;
mod auth;
mod client;
pub mod demo;
mod denials;
mod error;
mod forms;
mod i18n;
mod pages;
mod progress;
mod routes;
mod state;
mod submit;

use std::net::{IpAddr, SocketAddr};

use axum::extract::DefaultBodyLimit;
use axum::Router;
use yijian_app::{App, PasswordCost};

pub use api::openapi_document;
pub use client::parse_trusted_proxy;
pub use i18n::Lang;
pub use routes::route_table;

/// The largest request body accepted (forms and JSON); bigger ones get 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// How the server behaves. Build it with [`Config::for_bind`] and adjust.
#[derive(Debug, Clone)]
pub struct Config {
    /// Send cookies with `Secure` and the `__Host-` prefix. Off only for plain HTTP on
    /// loopback, where browsers would refuse to send them back.
    pub secure_cookies: bool,
    /// Login attempts allowed per minute, separately per client IP and per username.
    pub login_attempts_per_minute: u32,
    /// The Argon2id cost of passwords set through this server.
    pub password_cost: PasswordCost,
    /// Items added and responses submitted per minute per person (429 beyond).
    pub submissions_per_minute: u32,
    /// Denied requests written to the audit log one by one per minute per address; beyond,
    /// they are counted and the count written (`denials`).
    pub denials_logged_per_minute: u32,
    /// The public pages' limits (comments and verification codes), checked by the app on
    /// counts of the record.
    pub public_limits: yijian_core::rules::PublicLimits,
    /// How often `serve` delivers the outbox (verification codes) through `sender`; None:
    /// never (tests deliver themselves).
    pub outbox_every: Option<std::time::Duration>,
    /// Who delivers the outbox: the log sender (standard error) unless set.
    pub sender: Option<OutboxSender>,
    /// Reverse proxies believed about the client's address in `X-Forwarded-For` (see
    /// `client`); empty: none, the peer address is the client's.
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

/// The sender `serve` delivers the outbox with.
#[derive(Clone)]
pub struct OutboxSender(pub std::sync::Arc<dyn yijian_app::Sender>);

impl std::fmt::Debug for OutboxSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutboxSender")
    }
}

impl Config {
    /// The defaults for a server bound to `addr`: secure cookies unless it is loopback.
    pub fn for_bind(addr: SocketAddr) -> Config {
        Config {
            secure_cookies: !addr.ip().is_loopback(),
            login_attempts_per_minute: 10,
            password_cost: PasswordCost::STANDARD,
            submissions_per_minute: 120,
            denials_logged_per_minute: 120,
            public_limits: Default::default(),
            outbox_every: Some(std::time::Duration::from_secs(3)),
            sender: None,
            trusted_proxies: Vec::new(),
        }
    }
}

/// Errors of starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot read {0:?} as an address to listen on: expected IP:PORT, e.g. 127.0.0.1:8080")]
    BadBind(String),
    #[error("demo mode serves only on loopback (127.0.0.1 or ::1), not on {0}: its passwords are printed on the terminal")]
    DemoNotLoopback(IpAddr),
    #[error("cannot read {0:?} as a trusted proxy: expected an IP address or a network in CIDR form, e.g. 10.0.0.1 or 10.0.0.0/8")]
    BadTrustedProxy(String),
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Parse a `--bind` value: `IP:PORT`, or `localhost:PORT` (taken as 127.0.0.1).
pub fn parse_bind(bind: &str) -> Result<SocketAddr, ServeError> {
    let text = bind.trim();
    let text = match text.strip_prefix("localhost:") {
        Some(port) => format!("127.0.0.1:{port}"),
        None => text.to_string(),
    };
    text.parse()
        .map_err(|_| ServeError::BadBind(bind.to_string()))
}

/// Demo mode prints passwords on the terminal: it refuses any address but loopback.
pub fn check_demo_bind(addr: SocketAddr) -> Result<(), ServeError> {
    if addr.ip().is_loopback() {
        Ok(())
    } else {
        Err(ServeError::DemoNotLoopback(addr.ip()))
    }
}

/// The whole application as a router (pages, API, assets), for `serve` and for tests.
pub fn router(app: App, config: Config) -> Router {
    let state = state::AppState::new(app, config);
    Router::new()
        .merge(pages::routes(state.clone()))
        .nest("/api/v1", api::routes(state.clone()))
        .merge(assets::routes().with_state(state.clone()))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(forms::reject_invalid_utf8))
        .layer(axum::middleware::from_fn(auth::reject_cross_site))
        // Outside the CSRF check, so that its refusals are logged too.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            denials::audit_denials,
        ))
        .layer(axum::middleware::from_fn(pages::security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// Serve until `shutdown` completes (e.g. Ctrl-C), then finish the requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    config: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    if let Some(every) = config.outbox_every {
        let sender = config
            .sender
            .clone()
            .map(|s| s.0)
            .unwrap_or_else(|| std::sync::Arc::new(yijian_app::LogSender::stderr()));
        tokio::spawn(deliver_outbox(app.clone(), sender, every));
    }
    let service = router(app, config).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Deliver the outbox every `every`, for as long as the runtime runs: a failed round is
/// logged and tried again at the next tick (the messages stay pending in the database).
async fn deliver_outbox(
    app: App,
    sender: std::sync::Arc<dyn yijian_app::Sender>,
    every: std::time::Duration,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(e) = app.deliver_outbox(sender.as_ref(), 50, auth::now()).await {
            eprintln!("outbox delivery failed (tried again later): {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_addresses() {
        assert_eq!(
            parse_bind("localhost:8080").unwrap(),
            "127.0.0.1:8080".parse().unwrap()
        );
        assert!(parse_bind("[::1]:80").is_ok());
        assert!(parse_bind("example.org:80").is_err());
        assert!(parse_bind("8080").is_err());
        assert!(check_demo_bind(parse_bind("127.0.0.1:8080").unwrap()).is_ok());
        assert!(check_demo_bind(parse_bind("[::1]:8080").unwrap()).is_ok());
        let err = check_demo_bind(parse_bind("0.0.0.0:8080").unwrap()).unwrap_err();
        assert!(err.to_string().contains("0.0.0.0"), "{err}");
        assert!(check_demo_bind(parse_bind("192.168.1.2:8080").unwrap()).is_err());
    }

    #[test]
    fn cookies_are_secure_off_loopback() {
        assert!(!Config::for_bind("127.0.0.1:1".parse().unwrap()).secure_cookies);
        assert!(Config::for_bind("0.0.0.0:1".parse().unwrap()).secure_cookies);
    }
}
