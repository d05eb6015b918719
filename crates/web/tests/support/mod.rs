//! Test support: one demo database per test binary (building the demo takes seconds),
//! servers on 127.0.0.1:0 over it with whatever configuration a test needs, and a small
//! HTTP/1.1 client with a cookie jar (no client library: the tests need full control over
//! headers, and no dependency is lighter).

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::OnceLock;

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use yijian_app::{App, PasswordCost};
use yijian_core::time::Instant;
use yijian_web::demo::Demo;
use yijian_web::Config;

/// Every demo account's password in the tests.
pub const PASSWORD: &str = "demo-password";

pub struct World {
    pub rt: tokio::runtime::Runtime,
    pub app: App,
    pub demo: Demo,
    _dir: std::path::PathBuf,
}

pub fn now() -> Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Instant(ms)
}

/// The demo world shared by the tests of this binary, built once on a runtime of its own.
pub fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        std::thread::spawn(build_world)
            .join()
            .expect("the demo builds")
    })
}

fn build_world() -> World {
    let base = std::env::temp_dir();
    // The world lives in a static and is never dropped: clear what earlier runs left.
    if let Ok(entries) = std::fs::read_dir(&base) {
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if old
                && e.file_name()
                    .to_string_lossy()
                    .starts_with("yijian-web-tests-")
            {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let dir = base.join(format!(
        "yijian-web-tests-{}-{}",
        std::process::id(),
        now().0
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("demo.db").to_string_lossy().into_owned();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (app, demo) = rt.block_on(async {
        let app = App::open(&target).await.unwrap();
        let demo =
            yijian_web::demo::load(&app, Some(PASSWORD), PasswordCost::FAST_FOR_TESTS, now())
                .await
                .unwrap();
        (app, demo)
    });
    World {
        rt,
        app,
        demo,
        _dir: dir,
    }
}

/// The configuration of a loopback test server.
pub fn config() -> Config {
    let mut c = Config::for_bind("127.0.0.1:0".parse().unwrap());
    c.password_cost = PasswordCost::FAST_FOR_TESTS;
    c.login_attempts_per_minute = 1_000;
    // The access matrix counts one entry per denial; the budget has its own test.
    c.denials_logged_per_minute = u32::MAX;
    // No delivery rounds: tests read verification codes from the outbox, and a message once
    // sent keeps its code masked (a round every 3 s, the default, sometimes came between a
    // request and the read). A test of delivery sets its own interval and sender.
    c.outbox_every = None;
    c
}

/// Start a server over the demo world; its address.
pub fn server(config: Config) -> SocketAddr {
    let w = world();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let app = w.app.clone();
    w.rt.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        yijian_web::serve(listener, app, config, std::future::pending())
            .await
            .unwrap();
    });
    addr
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Send one request on a new connection and read the whole response.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server may answer (413) and close before a big body is sent: read its answer anyway.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
            Err(_) if !raw.is_empty() => break,
            Err(e) => panic!("no response: {e}"),
        }
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..eol]);
        let size =
            usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..start + size]);
        data = &data[start + size + 2..];
    }
    out
}

/// Percent-encode a form value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn form(pairs: &[(&str, &str)]) -> Vec<u8> {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
        .into_bytes()
}

/// The value of a hidden form field in a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

/// A browser-like client: keeps cookies, sends them back.
pub struct Client {
    pub addr: SocketAddr,
    pub cookies: BTreeMap<String, String>,
}

impl Client {
    pub fn new(addr: SocketAddr) -> Client {
        Client {
            addr,
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, r: &Resp) {
        for c in r.all("set-cookie") {
            let pair = c.split(';').next().unwrap_or("");
            let Some((k, v)) = pair.split_once('=') else {
                continue;
            };
            if c.contains("Max-Age=0") {
                self.cookies.remove(k.trim());
            } else {
                self.cookies.insert(k.trim().into(), v.trim().into());
            }
        }
    }

    pub async fn request(
        &mut self,
        method: &str,
        path: &str,
        extra: &[(&str, &str)],
        body: &[u8],
    ) -> Resp {
        let cookie = self.cookie_header();
        let mut headers: Vec<(&str, &str)> = extra.to_vec();
        if !cookie.is_empty() {
            headers.push(("Cookie", &cookie));
        }
        let r = send(self.addr, method, path, &headers, body).await;
        self.keep_cookies(&r);
        r
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.request("GET", path, &[], b"").await
    }

    /// A same-origin form post, as a browser sends it.
    pub async fn post_form(&mut self, path: &str, pairs: &[(&str, &str)]) -> Resp {
        let origin = format!("http://{}", self.addr);
        let headers = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Origin", origin.as_str()),
            ("Sec-Fetch-Site", "same-origin"),
        ];
        self.request("POST", path, &headers, &form(pairs)).await
    }

    /// Log in through the form; the response to the POST.
    pub async fn login(&mut self, username: &str, password: &str) -> Resp {
        let page = self.get("/login").await;
        assert_eq!(page.status, 200, "{}", page.text());
        let csrf = field(&page.text(), "csrf").expect("the login form has a CSRF field");
        self.post_form(
            "/login",
            &[
                ("username", username),
                ("password", password),
                ("csrf", &csrf),
                ("next", "/"),
            ],
        )
        .await
    }
}

/// A client logged in through the form as a demo account, and its pages' CSRF token.
pub async fn logged_in(addr: SocketAddr, who: &str) -> (Client, String) {
    let mut c = Client::new(addr);
    assert_eq!(c.login(who, PASSWORD).await.status, 303, "{who} logs in");
    let home = c.get("/").await;
    let csrf = field(&home.text(), "csrf").expect("pages carry the CSRF token");
    (c, csrf)
}

/// Log in through the API; the bearer token.
pub async fn token(addr: SocketAddr, username: &str) -> String {
    let body = serde_json::json!({"username": username, "password": PASSWORD}).to_string();
    let r = send(
        addr,
        "POST",
        "/api/v1/login",
        &[("Content-Type", "application/json")],
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["token"].as_str().unwrap().to_string()
}

/// GET an API path with a bearer token.
pub async fn api_get(addr: SocketAddr, path: &str, token: &str) -> Resp {
    let auth = format!("Bearer {token}");
    send(addr, "GET", path, &[("Authorization", &auth)], b"").await
}

/// For tests that count records of the shared demo world: they run one at a time.
pub fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}
