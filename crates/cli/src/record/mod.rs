//! The record commands: every step of the process, driven through `yijian-app`.
//!
//! Each command opens the database, resolves who acts (`--as`, an id or an exact name; or
//! `YIJIAN_AS`), calls one use case (one transaction) and prints either a line of text or a
//! JSON object. Arguments are parsed here into domain values, so bad input fails before the
//! database is touched.

mod args;
mod import;
mod process;
mod search;
mod setup;

use anyhow::{anyhow, bail, Context};
use serde_json::{json, Value};
use yijian_app::{App, Ctx};
use yijian_core::ids::PersonId;

pub use import::{import, ImportCmd};
pub use process::{
    audit, consultation, dispose, group, hearing, item, meeting, modifications, plenary, response,
    summary, version, AuditCmd, ConsultationCmd, DisposeArgs, GroupCmd, HearingCmd, ItemCmd,
    MeetingCmd, ModificationsCmd, PlenaryCmd, ResponseCmd, SummaryArgs, VersionCmd,
};
pub use search::{index, search, IndexArgs, SearchArgs};
pub use setup::{
    body as setup_body, demo as setup_demo, dossier as setup_dossier, init as setup_init,
    person as setup_person, role as setup_role, BodyCmd, DemoArgs, DossierCmd, InitArgs, PersonCmd,
    RoleCmd,
};

/// What every record command gets from the global options.
pub struct Global {
    pub db: String,
    pub json: bool,
    pub as_person: Option<String>,
}

/// What a command printed: a JSON value for `--json`, a text for people.
pub struct Out {
    pub json: Value,
    pub text: String,
    /// The JSON exactly as printed, when its key order matters (`Value` sorts keys).
    pub json_text: Option<String>,
}

impl Out {
    pub fn new(json: Value, text: impl Into<String>) -> Out {
        Out {
            json,
            text: text.into(),
            json_text: None,
        }
    }

    /// `{"id": N}` and a line saying what was created.
    pub fn created(what: &str, id: impl std::fmt::Display + serde::Serialize) -> Out {
        let text = format!("{what} {id}");
        Out::new(json!({ "id": id }), text)
    }

    pub fn done(text: impl Into<String>) -> Out {
        Out::new(json!({ "ok": true }), text)
    }

    pub fn print(&self, json: bool) {
        if json {
            match &self.json_text {
                Some(exact) => println!("{exact}"),
                None => println!("{}", self.json),
            }
        } else if !self.text.is_empty() {
            println!("{}", self.text);
        }
    }
}

/// Run an async command body on a small runtime and print its output.
pub fn run<F>(global: &Global, body: F) -> anyhow::Result<()>
where
    F: AsyncFnOnce(&Session) -> anyhow::Result<Out>,
{
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let out = rt.block_on(async {
        let app = App::open(&global.db)
            .await
            .with_context(|| format!("cannot open the database {}", redact(&global.db)))?;
        let session = Session {
            app,
            as_person: global.as_person.clone(),
        };
        let result = body(&session).await;
        session.app.close().await;
        result
    })?;
    out.print(global.json);
    Ok(())
}

/// An open database and who the caller says they are.
pub struct Session {
    pub app: App,
    as_person: Option<String>,
}

impl Session {
    /// The acting person, now. Required by every state-changing command.
    pub async fn ctx(&self) -> anyhow::Result<Ctx> {
        let who = self
            .as_person
            .clone()
            .or_else(|| std::env::var("YIJIAN_AS").ok())
            .ok_or_else(|| anyhow!("say who acts with --as PERSON (an id or a name)"))?;
        Ok(Ctx::now(self.person(&who).await?))
    }

    /// A person by id or exact name; a name shared by several people must be given as an id.
    pub async fn person(&self, who: &str) -> anyhow::Result<PersonId> {
        let people = self.app.people().await?;
        if let Ok(id) = who.trim().parse::<i64>() {
            return people
                .iter()
                .find(|p| p.id.0 == id)
                .map(|p| p.id)
                .ok_or_else(|| anyhow!("person {id} not found"));
        }
        let named: Vec<_> = people.iter().filter(|p| p.name == who.trim()).collect();
        match named.as_slice() {
            [one] => Ok(one.id),
            [] => bail!("no person named {who:?}"),
            _ => bail!("several people are named {who:?}; give the id"),
        }
    }
}

/// One line per row, for the text output of a list.
fn lines<T>(rows: &[T], line: impl Fn(&T) -> String) -> String {
    rows.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// A database target for messages, without any password in a URL.
fn redact(target: &str) -> String {
    match (target.find("://"), target.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://…{}", &target[..scheme], &target[at..])
        }
        _ => target.to_string(),
    }
}
