//! The browser harness: a server over the demo world, Debian's `chromedriver` as a child
//! process on a free port, and one headless Chromium session driven through WebDriver
//! (thirtyfour, plain HTTP to 127.0.0.1). Everything is torn down when the [`Browser`] is
//! dropped: the session is ended, chromedriver is killed and its profile removed.
//!
//! Helpers for the flows: [`Browser::login`], [`Browser::goto`], [`Browser::wait`] and friends
//! (explicit waits with a timeout, never fixed sleeps), [`Browser::screenshot`] (PNGs under
//! `<target>/browser-screenshots/`, checked not to be blank).
//!
//! The async helpers run on the demo world's runtime (`world().rt`), where the server runs
//! too; [`Browser::step`] runs a flow there. Do not drop a `Browser` inside that runtime.

#![allow(dead_code)]

use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;
use thirtyfour::ChromiumLikeCapabilities;

use crate::support::{config, server, world, PASSWORD};

/// How long a wait for an element or a page may take before the flow fails.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(50);
/// The browser, as Debian installs it (override with `YIJIAN_CHROMIUM`).
const CHROMIUM: &str = "/usr/bin/chromium";
/// Characters drawn to check that a CJK font is there.
const CJK_SAMPLE: &str = "意见稿段";
/// Below this a 1280×1000 screenshot is an empty page (a blank one is ~5 KB).
const MIN_SCREENSHOT_BYTES: u64 = 15_000;

/// The flags that make Chromium quiet and reliable headless on a machine without a display,
/// a GPU, a large /dev/shm or a network (see `shared/notes/libraries.md`).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
    "--lang=zh-CN",
];

/// A running headless Chromium with a server to point it at.
pub struct Browser {
    driver: Option<WebDriver>,
    /// `http://127.0.0.1:PORT` of the yijian server.
    pub base: String,
    pub addr: SocketAddr,
    chromedriver: Child,
    profile: PathBuf,
    shots: PathBuf,
}

/// What is needed to run the browser tests, or why they cannot run.
fn programs() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("YIJIAN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(CHROMIUM));
    let driver = match std::env::var_os("YIJIAN_CHROMEDRIVER") {
        Some(p) => Some(PathBuf::from(p)),
        None => find_on_path("chromedriver"),
    };
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!("{} (Debian package chromium)", chromium.display()));
    }
    match driver {
        Some(ref d) if d.is_file() => {}
        _ => missing.push("chromedriver on PATH (Debian package chromium-driver)".into()),
    }
    if missing.is_empty() {
        Ok((chromium, driver.unwrap()))
    } else {
        Err(format!(
            "missing {}; run scripts/ci-packages to install them",
            missing.join(" and ")
        ))
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Where screenshots go: `$CARGO_TARGET_DIR/browser-screenshots`, else the workspace's
/// `target/browser-screenshots`.
fn screenshot_dir() -> PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| {
            if t.is_relative() {
                workspace.join(t)
            } else {
                t
            }
        })
        .unwrap_or_else(|| workspace.join("target"));
    target.join("browser-screenshots")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Start chromedriver on a free port and wait until it accepts connections.
fn start_chromedriver(program: &Path, log: &Path) -> (Child, u16) {
    let mut last = String::new();
    for _attempt in 0..3 {
        let port = free_port();
        let mut child = Command::new(program)
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                last = format!("chromedriver exited with {status} (port {port} taken?)");
                break;
            }
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            if TcpStream::connect_timeout(&addr, POLL).is_ok() {
                return (child, port);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                last = format!("chromedriver did not listen on port {port} within {TIMEOUT:?}");
                break;
            }
            std::thread::sleep(POLL);
        }
    }
    panic!("{last}; its log: {}", log.display())
}

impl Browser {
    /// Start the server, chromedriver and a Chromium session; `None` (after printing
    /// "skipped: …") when chromium or chromedriver is not installed — unless
    /// `YIJIAN_REQUIRE_BROWSER=1`, then that is a failure.
    pub fn start() -> Option<Browser> {
        let (chromium, chromedriver) = match programs() {
            Ok(p) => p,
            Err(why) => {
                if std::env::var("YIJIAN_REQUIRE_BROWSER").as_deref() == Ok("1") {
                    panic!("YIJIAN_REQUIRE_BROWSER=1 but the browser tests cannot run: {why}");
                }
                // Straight to stderr, past the test harness's capture: a skip must be seen.
                let _ = writeln!(std::io::stderr(), "skipped: browser tests: {why}");
                return None;
            }
        };
        let w = world();
        let addr = server(config());
        let profile = std::env::temp_dir().join(format!(
            "yijian-browser-{}-{}",
            std::process::id(),
            crate::support::now().0
        ));
        std::fs::create_dir_all(&profile).expect("a temporary profile directory");
        let (child, port) = start_chromedriver(&chromedriver, &profile.join("chromedriver.log"));
        let shots = screenshot_dir();
        std::fs::create_dir_all(&shots).expect("the screenshot directory");
        // What an earlier run left (a renamed screenshot, a FAILED-* of a flow that passes
        // now) would mislead: the directory shows this run only.
        for e in std::fs::read_dir(&shots).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".png") || name.ends_with(".html") {
                let _ = std::fs::remove_file(e.path());
            }
        }
        let mut browser = Browser {
            driver: None,
            base: format!("http://{addr}"),
            addr,
            chromedriver: child,
            profile,
            shots,
        };
        let user_data = browser.profile.join("chromium");
        let started = Instant::now();
        let driver = w.rt.block_on(async {
            let mut caps = DesiredCapabilities::chrome();
            caps.set_binary(&chromium.to_string_lossy())?;
            for flag in CHROMIUM_FLAGS {
                caps.add_arg(flag)?;
            }
            caps.add_arg(&format!("--user-data-dir={}", user_data.display()))?;
            // Console errors, failed loads and CSP violations are collected (see `step`).
            caps.set_browser_log_level(thirtyfour::common::log::LoggingPrefsLogLevel::Warning)?;
            // The language the pages are asked for (Accept-Language): Chinese first.
            caps.add_experimental_option(
                "prefs",
                serde_json::json!({"intl.accept_languages": "zh-CN,zh"}),
            )?;
            WebDriver::builder(format!("http://127.0.0.1:{port}"), caps)
                .request_timeout(Duration::from_secs(60))
                .connect()
                .await
        });
        match driver {
            Ok(d) => browser.driver = Some(d),
            Err(e) => panic!(
                "no Chromium session ({e}); chromedriver's log: {}",
                browser.profile.join("chromedriver.log").display()
            ),
        }
        // Past the capture, like a skip: where to look at what the browser saw.
        let _ = writeln!(
            std::io::stderr(),
            "browser: Chromium session in {:.1?}; server {}; screenshots in {}",
            started.elapsed(),
            browser.base,
            browser.shots.display()
        );
        Some(browser)
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("a live session")
    }

    /// Run one flow on the world's runtime, timed; it fails too if the browser's console
    /// reported an error meanwhile (a script error, a resource that did not load, a blocked
    /// request). If it fails, a screenshot and the page's HTML are saved as `FAILED-<name>`
    /// before the failure goes on.
    pub fn step<T, F: Future<Output = T>>(&self, name: &str, flow: F) -> T {
        let rt = &world().rt;
        let started = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rt.block_on(async {
                let out = flow.await;
                let errors = self.console_errors().await;
                assert!(
                    errors.is_empty(),
                    "the browser's console reported: {errors:#?}"
                );
                out
            })
        }));
        match outcome {
            Ok(out) => {
                println!("browser flow {name:?}: ok in {:.1?}", started.elapsed());
                out
            }
            Err(panic) => {
                let slug: String = name
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                rt.block_on(async {
                    let d = self.driver();
                    let url = d.current_url().await.map(|u| u.to_string());
                    let shot = self.shots.join(format!("FAILED-{slug}.png"));
                    let _ = d.screenshot(&shot).await;
                    if let Ok(html) = d.source().await {
                        let _ =
                            std::fs::write(self.shots.join(format!("FAILED-{slug}.html")), html);
                    }
                    eprintln!(
                        "browser flow {name:?} failed at {url:?}; its screenshot and HTML: {}",
                        self.shots.join(format!("FAILED-{slug}.*")).display()
                    );
                });
                std::panic::resume_unwind(panic)
            }
        }
    }

    /// The full URL of a local path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Open a local path and wait until the page has loaded (WebDriver's navigation waits for
    /// the load event).
    pub async fn goto(&self, path: &str) {
        self.driver()
            .goto(self.url(path))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    /// The path (and query) of the current page.
    pub async fn path(&self) -> String {
        let url = self.driver().current_url().await.expect("the current URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// The first displayed element matching `css`, waiting for it.
    pub async fn wait(&self, css: &str) -> WebElement {
        self.driver()
            .query(By::Css(css))
            .desc(css)
            // An element of the page being left goes stale mid-check: look again.
            .ignore_errors(true)
            .and_displayed()
            .wait(TIMEOUT, POLL)
            .first()
            .await
            .unwrap_or_else(|e| panic!("no displayed {css:?} within {TIMEOUT:?}: {e}"))
    }

    /// The first displayed element matching `css` whose text contains `text`, waiting for it.
    pub async fn wait_text(&self, css: &str, text: &str) -> WebElement {
        self.driver()
            .query(By::Css(css))
            .desc(css)
            // An element of the page being left goes stale mid-check: look again.
            .ignore_errors(true)
            .and_displayed()
            .with_text(thirtyfour::stringmatch::StringMatch::from(text).partial())
            .wait(TIMEOUT, POLL)
            .first()
            .await
            .unwrap_or_else(|e| {
                panic!("no displayed {css:?} containing {text:?} within {TIMEOUT:?}: {e}")
            })
    }

    /// Wait until the current page's path is `path` (after a redirect or a form post).
    pub async fn wait_path(&self, path: &str) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let now = self.path().await;
            if now == path {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "still at {now:?} after {TIMEOUT:?}, expected {path:?}"
            );
            tokio::time::sleep(POLL).await;
        }
    }

    /// All elements matching `css` now (no wait).
    pub async fn all(&self, css: &str) -> Vec<WebElement> {
        self.driver()
            .find_all(By::Css(css))
            .await
            .unwrap_or_else(|e| panic!("cannot look for {css:?}: {e}"))
    }

    /// The errors the browser's console logged since the last call (the log is drained).
    pub async fn console_errors(&self) -> Vec<String> {
        self.driver()
            .browser_log()
            .await
            .expect("the browser's log")
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            // The app serves no favicon and the pages name none, so Chromium's own request
            // for /favicon.ico is answered 404: known, harmless, not what this looks for.
            .filter(|e| !e.message.contains("/favicon.ico "))
            .map(|e| e.message)
            .collect()
    }

    /// Check that the page's font draws Chinese: two different characters must come out as
    /// different pictures. Without a CJK font Chromium draws each as the same box (its
    /// "missing glyph"), which a screenshot check alone would not notice.
    pub async fn assert_draws_chinese(&self) {
        let js = format!(
            "const family = getComputedStyle(document.body).fontFamily;
             const draw = ch => {{
               const c = document.createElement('canvas'); c.width = 48; c.height = 48;
               const g = c.getContext('2d'); g.font = '40px ' + family;
               g.fillText(ch, 2, 42);
               return Array.from(g.getImageData(0, 0, 48, 48).data).join(',');
             }};
             return {{ family, chars: {CJK_SAMPLE:?}.split('').map(draw), blank: draw(' ') }};"
        );
        let out = self.script(&js).await;
        let family = out["family"].as_str().unwrap_or_default().to_string();
        let chars: Vec<&str> = out["chars"]
            .as_array()
            .expect("pictures of the characters")
            .iter()
            .map(|v| v.as_str().unwrap_or_default())
            .collect();
        let blank = out["blank"].as_str().unwrap_or_default();
        for (i, a) in chars.iter().enumerate() {
            assert!(*a != blank, "{family}: a Chinese character draws nothing");
            for b in &chars[i + 1..] {
                assert!(
                    a != b,
                    "{family}: different Chinese characters draw the same picture — no CJK \
                     font (install fonts-noto-cjk)"
                );
            }
        }
    }

    /// Run a script in the page; what it returns, as JSON.
    pub async fn script(&self, js: &str) -> serde_json::Value {
        self.driver()
            .execute(js, Vec::new())
            .await
            .unwrap_or_else(|e| panic!("the script failed: {e}"))
            .json()
            .clone()
    }

    /// The visible texts of all elements matching `css` now.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.all(css).await {
            out.push(e.text().await.expect("an element's text"));
        }
        out
    }

    /// Log out if someone is logged in, then log `username` in through the login form
    /// (typing and clicking like a user) and wait for the page behind it.
    pub async fn login(&self, username: &str) {
        self.goto("/login").await;
        if !self.all("form[action='/logout'] button").await.is_empty() {
            self.all("form[action='/logout'] button").await[0]
                .click()
                .await
                .expect("the logout button clicks");
            self.wait("form.login").await;
        }
        let form = self.wait("form.login").await;
        let field = |name: &'static str| {
            let form = form.clone();
            async move {
                form.find(By::Css(format!("input[name='{name}']")))
                    .await
                    .unwrap_or_else(|e| panic!("the login form has no {name}: {e}"))
            }
        };
        field("username")
            .await
            .send_keys(username)
            .await
            .expect("typing the username");
        field("password")
            .await
            .send_keys(PASSWORD)
            .await
            .expect("typing the password");
        form.find(By::Css("button[type='submit']"))
            .await
            .expect("the login button")
            .click()
            .await
            .expect("clicking the login button");
        let name = world()
            .demo
            .accounts
            .iter()
            .find(|a| a.username == username)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| panic!("no demo account {username:?}"));
        // The page behind the login shows who is logged in.
        self.wait_text("header .user", &name).await;
    }

    /// Save a screenshot of the viewport as `<name>.png`, check that it is a real picture
    /// (a PNG of the window's size, not one colour), print and return its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let png = self
            .driver()
            .screenshot_as_png()
            .await
            .unwrap_or_else(|e| panic!("no screenshot {name}: {e}"));
        let path = self.shots.join(format!("{name}.png"));
        std::fs::write(&path, &png).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
        check_not_blank(&png, &path);
        println!("screenshot: {}", path.display());
        path
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(driver) = self.driver.take() {
            let quit = world().rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(20), driver.quit()).await
            });
            if !matches!(quit, Ok(Ok(()))) {
                eprintln!("browser: the session did not end cleanly: {quit:?}");
            }
        }
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// A screenshot must be a PNG of a plausible size whose pixels are not all one colour: at
/// least 2% of them differ from the most common one (the page background), and there are
/// many distinct colours (anti-aliased text).
pub fn check_not_blank(png: &[u8], path: &Path) {
    let bytes = png.len() as u64;
    assert!(
        bytes >= MIN_SCREENSHOT_BYTES,
        "{path:?} is only {bytes} bytes: a blank page?"
    );
    let image = decode_png(png).unwrap_or_else(|e| panic!("{path:?} is not a PNG we read: {e}"));
    assert!(
        image.width >= 800 && image.height >= 600,
        "{path:?} is {}×{}",
        image.width,
        image.height
    );
    let mut counts = std::collections::HashMap::<[u8; 3], u64>::new();
    for px in image.rgb.chunks_exact(3) {
        *counts.entry([px[0], px[1], px[2]]).or_default() += 1;
    }
    let total = (image.width * image.height) as u64;
    let background = counts.values().copied().max().unwrap_or(0);
    let other = total - background;
    assert!(
        other * 50 >= total,
        "{path:?} is nearly one colour: {other} of {total} pixels differ from the background"
    );
    assert!(
        counts.len() >= 50,
        "{path:?} has only {} colours: no text drawn?",
        counts.len()
    );
}

pub struct Rgb {
    pub width: usize,
    pub height: usize,
    /// Row-major RGB triples.
    pub rgb: Vec<u8>,
}

/// Decode the PNGs Chromium writes (8-bit RGB or RGBA, not interlaced) into RGB pixels.
pub fn decode_png(png: &[u8]) -> Result<Rgb, String> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !png.starts_with(SIGNATURE) {
        return Err("no PNG signature".into());
    }
    let mut at = SIGNATURE.len();
    let (mut width, mut height, mut channels) = (0usize, 0usize, 0usize);
    let mut idat = Vec::new();
    while at + 8 <= png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind = &png[at + 4..at + 8];
        let data = png
            .get(at + 8..at + 8 + len)
            .ok_or("a chunk runs past the end")?;
        match kind {
            b"IHDR" => {
                width = u32::from_be_bytes(data[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(data[4..8].try_into().unwrap()) as usize;
                let (depth, colour, interlace) = (data[8], data[9], data[12]);
                channels = match (depth, colour) {
                    (8, 2) => 3,
                    (8, 6) => 4,
                    _ => return Err(format!("bit depth {depth}, colour type {colour}")),
                };
                if interlace != 0 {
                    return Err("interlaced".into());
                }
            }
            b"IDAT" => idat.extend_from_slice(data),
            b"IEND" => break,
            _ => {}
        }
        at += 12 + len;
    }
    if width == 0 || height == 0 {
        return Err("no IHDR".into());
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .map_err(|e| format!("the image data does not inflate: {e}"))?;
    let stride = width * channels;
    if raw.len() < height * (stride + 1) {
        return Err(format!(
            "{} bytes of image data for {width}×{height}",
            raw.len()
        ));
    }
    let mut prev = vec![0u8; stride];
    let mut rgb = Vec::with_capacity(width * height * 3);
    for row in raw.chunks_exact(stride + 1).take(height) {
        let (filter, line) = (row[0], &row[1..]);
        let mut cur = vec![0u8; stride];
        for i in 0..stride {
            let a = if i >= channels { cur[i - channels] } else { 0 };
            let b = prev[i];
            let c = if i >= channels { prev[i - channels] } else { 0 };
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => ((a as u16 + b as u16) / 2) as u8,
                4 => paeth(a, b, c),
                f => return Err(format!("filter type {f}")),
            };
            cur[i] = line[i].wrapping_add(predicted);
        }
        for px in cur.chunks_exact(channels) {
            rgb.extend_from_slice(&px[..3]);
        }
        prev = cur;
    }
    Ok(Rgb { width, height, rgb })
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = a as i16 + b as i16 - c as i16;
    let (pa, pb, pc) = (
        (p - a as i16).abs(),
        (p - b as i16).abs(),
        (p - c as i16).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}
