//! What the web benchmarks share: a small keep-alive HTTP/1.1 client (no client library:
//! the benchmarks need one connection per simulated user and nothing else), form encoding,
//! and latency statistics.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One connection that stays open, with the session cookie once logged in.
pub struct Conn {
    addr: SocketAddr,
    stream: BufReader<TcpStream>,
    pub cookie: String,
}

pub struct Reply {
    pub status: u16,
    pub location: Option<String>,
    pub set_cookie: Vec<String>,
    pub body: Vec<u8>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.expect("the server accepts");
        stream.set_nodelay(true).ok();
        Conn {
            addr,
            stream: BufReader::new(stream),
            cookie: String::new(),
        }
    }

    pub async fn request(&mut self, method: &str, path: &str, form: Option<&str>) -> Reply {
        let body = form.unwrap_or("");
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if form.is_some() {
            head.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
            head.push_str(&format!(
                "Origin: http://{}\r\nSec-Fetch-Site: same-origin\r\n",
                self.addr
            ));
        }
        if !self.cookie.is_empty() {
            head.push_str(&format!("Cookie: {}\r\n", self.cookie));
        }
        head.push_str("\r\n");
        head.push_str(body);
        self.stream
            .get_mut()
            .write_all(head.as_bytes())
            .await
            .expect("send");
        self.read_reply().await
    }

    async fn read_reply(&mut self) -> Reply {
        let mut line = String::new();
        self.stream.read_line(&mut line).await.expect("status line");
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        let (mut length, mut chunked, mut location, mut set_cookie) =
            (0usize, false, None, Vec::new());
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let Some((k, v)) = l.split_once(':') else {
                continue;
            };
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
            match k.as_str() {
                "content-length" => length = v.parse().unwrap_or(0),
                "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
                "location" => location = Some(v),
                "set-cookie" => set_cookie.push(v),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.stream.read_line(&mut line).await.expect("chunk size");
                let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16)
                    .unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk).await.expect("chunk");
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            body.resize(length, 0);
            self.stream.read_exact(&mut body).await.expect("body");
        }
        Reply {
            status,
            location,
            set_cookie,
            body,
        }
    }

    /// Log in through the form; keeps the session cookie; returns the CSRF token of pages.
    pub async fn login(&mut self, username: &str, password: &str) -> String {
        let page = self.request("GET", "/login", None).await;
        self.keep_cookies(&page);
        let html = String::from_utf8_lossy(&page.body).into_owned();
        let csrf = field(&html, "csrf").expect("the login form has a token");
        let form = encode_form(&[
            ("username", username),
            ("password", password),
            ("csrf", &csrf),
            ("next", "/"),
        ]);
        let r = self.request("POST", "/login", Some(&form)).await;
        assert_eq!(r.status, 303, "{username} logs in");
        self.keep_cookies(&r);
        let home = self.request("GET", "/", None).await;
        field(&String::from_utf8_lossy(&home.body), "csrf").expect("pages carry the token")
    }

    fn keep_cookies(&mut self, r: &Reply) {
        let mut jar: Vec<String> = self
            .cookie
            .split("; ")
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        for c in &r.set_cookie {
            let pair = c.split(';').next().unwrap_or("").to_string();
            let name = pair.split('=').next().unwrap_or("").to_string();
            jar.retain(|j| !j.starts_with(&format!("{name}=")));
            if !c.contains("Max-Age=0") {
                jar.push(pair);
            }
        }
        self.cookie = jar.join("; ");
    }
}

pub fn field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_string())
}

pub fn encode_form(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The q-quantile (0..=1) of sorted durations.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let k = ((sorted.len() as f64 - 1.0) * q).round() as usize;
    sorted[k.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}
