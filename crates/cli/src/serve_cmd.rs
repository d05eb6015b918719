//! `yijian serve`: the web application (`yijian-web`) on a database, optionally with the
//! demo dossier and one account per role.

use std::net::SocketAddr;

use anyhow::{bail, Context};
use yijian_app::App;
use yijian_core::time::Instant;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on: IP:PORT (`localhost:PORT` means 127.0.0.1). Off loopback, cookies
    /// are sent `Secure`; behind a TLS proxy on loopback set YIJIAN_SECURE_COOKIES=1.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Load the demo dossier into a fresh database and print the demo accounts with their
    /// passwords (random unless YIJIAN_DEMO_PASSWORD is set). With the default --db it uses a
    /// new temporary database, removed when the server stops. Serves on loopback only.
    #[arg(long)]
    pub demo: bool,
    /// A reverse proxy whose X-Forwarded-For is believed for the client's address (the
    /// per-address limits): an IP (one host) or a network in CIDR form. Repeatable, or
    /// comma-separated. Without it the connection's peer is the client.
    #[arg(
        long = "trusted-proxy",
        value_name = "CIDR_OR_IP",
        env = "YIJIAN_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
}

/// The global `--db` default (main.rs); the demo does not fill that file.
const DEFAULT_DB: &str = "yijian.db";

pub fn serve(args: ServeArgs, db: &str) -> anyhow::Result<()> {
    let addr = yijian_web::parse_bind(&args.bind)?;
    if args.demo {
        yijian_web::check_demo_bind(addr)?;
    }
    let mut config = yijian_web::Config::for_bind(addr);
    config.trusted_proxies = args
        .trusted_proxies
        .iter()
        .map(|p| yijian_web::parse_trusted_proxy(p))
        .collect::<Result<_, _>>()?;
    if std::env::var("YIJIAN_SECURE_COOKIES").as_deref() == Ok("1") {
        config.secure_cookies = true;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(run(args.demo, addr, config, db))
}

async fn run(
    demo: bool,
    addr: SocketAddr,
    config: yijian_web::Config,
    db: &str,
) -> anyhow::Result<()> {
    let temporary = (demo && db == DEFAULT_DB)
        .then(fresh_demo_dir)
        .transpose()?;
    let target = match &temporary {
        Some(dir) => dir.join("demo.db").to_string_lossy().into_owned(),
        None => db.to_string(),
    };
    let app = App::open(&target)
        .await
        .with_context(|| format!("cannot open the database {target}"))?;
    let mut public_page = None;
    if demo {
        if !app.people().await?.is_empty() {
            bail!(
                "the database {target} is not empty; the demo needs a new one (give another --db)"
            );
        }
        let password = std::env::var("YIJIAN_DEMO_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty());
        eprintln!("building the demo dossier in {target} …");
        let demo = yijian_web::demo::load(&app, password.as_deref(), config.password_cost, now())
            .await
            .context("cannot build the demo")?;
        println!("demo accounts (username  password  person — role):");
        for a in &demo.accounts {
            println!(
                "  {:<10} {:<18} {} — {}",
                a.username, a.password, a.name, a.role
            );
        }
        public_page = Some(demo.dossier.public_consultation);
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local = listener.local_addr()?;
    println!("yijian is serving on http://{local}/  (Ctrl-C to stop)");
    if let Some(id) = public_page {
        println!("the public consultation, for anyone: http://{local}/open/{id}");
    }
    eprintln!(
        "verification codes for public commenters are written to this log (the development sender)"
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let served = yijian_web::serve(listener, app.clone(), config, shutdown).await;
    app.close().await;
    if let Some(dir) = temporary {
        let _ = std::fs::remove_dir_all(dir);
    }
    Ok(served?)
}

fn now() -> Instant {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0);
    Instant(ms)
}

/// A new directory under the system's temp dir for a throw-away demo database (removed when
/// the server stops).
fn fresh_demo_dir() -> anyhow::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("yijian-demo-{}-{}", std::process::id(), now().0));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_refuses_to_serve_off_loopback_before_touching_anything() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        for bind in ["0.0.0.0:8080", "192.168.1.10:8080", "[::]:8080"] {
            let args = ServeArgs {
                bind: bind.into(),
                demo: true,
                trusted_proxies: Vec::new(),
            };
            let err = serve(args, db.to_str().unwrap()).unwrap_err();
            assert!(err.to_string().contains("loopback"), "{bind}: {err}");
        }
        assert!(!db.exists(), "no database was created");
        let args = ServeArgs {
            bind: "not an address".into(),
            demo: false,
            trusted_proxies: Vec::new(),
        };
        assert!(serve(args, db.to_str().unwrap()).is_err());
    }

    #[test]
    fn a_bad_trusted_proxy_is_named_and_nothing_starts() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let args = ServeArgs {
            bind: "127.0.0.1:0".into(),
            demo: false,
            trusted_proxies: vec!["10.0.0.0/8".into(), "proxy.internal".into()],
        };
        let err = serve(args, db.to_str().unwrap()).unwrap_err();
        assert!(err.to_string().contains("\"proxy.internal\""), "{err}");
        assert!(!db.exists(), "no database was created");
    }
}
