//! Setting up: init, dossiers, bodies, people, roles — and the demo dossier.

use clap::{Args, Subcommand};
use serde_json::json;
use yijian_app::{demo, NewDossier};
use yijian_core::ids::*;
use yijian_core::model::{BodyKind, Category, Role};
use yijian_core::time::Date;

use super::args::{code, date};
use super::{lines, run, Global, Out};

#[derive(Args)]
pub struct InitArgs {
    /// Name of the first administrator.
    #[arg(long)]
    pub admin: String,
}

pub fn init(args: InitArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let now = yijian_app::Ctx::now(PersonId(0)).now;
        let id = s.app.init(&args.admin, now).await?;
        Ok(Out::new(
            json!({ "administrator": id }),
            format!("initialised; administrator {} is person {id}", args.admin),
        ))
    })
}

#[derive(Subcommand)]
pub enum DossierCmd {
    /// Create a dossier (文稿项目).
    Create {
        #[arg(long)]
        title: String,
        /// Why the topic: the dossier's stated purpose.
        #[arg(long, default_value = "")]
        purpose: String,
        /// The drafting requirements.
        #[arg(long, default_value = "")]
        requirements: String,
        #[arg(long, value_parser = date)]
        topic_decided_on: Option<Date>,
        #[arg(long)]
        leading_body: Option<i64>,
        #[arg(long)]
        drafting_group: Option<i64>,
    },
    /// List dossiers.
    List,
}

pub fn dossier(cmd: DossierCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        DossierCmd::Create {
            title,
            purpose,
            requirements,
            topic_decided_on,
            leading_body,
            drafting_group,
        } => run(g, async |s| {
            let new = NewDossier {
                title,
                purpose,
                requirements,
                topic_decided_on,
                leading_body: leading_body.map(BodyId),
                drafting_group: drafting_group.map(BodyId),
            };
            let id = s.app.create_dossier(&s.ctx().await?, &new).await?;
            Ok(Out::created("created dossier", id))
        }),
        DossierCmd::List => run(g, async |s| {
            let all = s.app.dossiers().await?;
            let text = lines(&all, |d| format!("{}\t{}\t{}", d.id, d.status, d.title));
            Ok(Out::new(json!({ "dossiers": all }), text))
        }),
    }
}

#[derive(Subcommand)]
pub enum BodyCmd {
    /// Add a body: leading, review, plenary, drafting_group or consultee.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = code::<BodyKind>)]
        kind: BodyKind,
        /// region, department, party, federation, non_party, senior_members, …
        #[arg(long, value_parser = code::<Category>)]
        category: Option<Category>,
    },
    /// List bodies.
    List,
}

pub fn body(cmd: BodyCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        BodyCmd::Add {
            name,
            kind,
            category,
        } => run(g, async |s| {
            let id = s
                .app
                .add_body(&s.ctx().await?, &name, kind, category)
                .await?;
            Ok(Out::created("added body", id))
        }),
        BodyCmd::List => run(g, async |s| {
            let all = s.app.bodies().await?;
            let text = lines(&all, |b| format!("{}\t{}\t{}", b.id, b.kind, b.name));
            Ok(Out::new(json!({ "bodies": all }), text))
        }),
    }
}

#[derive(Subcommand)]
pub enum PersonCmd {
    /// Add a person, optionally belonging to a body.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        body: Option<i64>,
    },
    /// List people.
    List,
}

pub fn person(cmd: PersonCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        PersonCmd::Add { name, body } => run(g, async |s| {
            let id = s
                .app
                .add_person(&s.ctx().await?, &name, body.map(BodyId))
                .await?;
            Ok(Out::created("added person", id))
        }),
        PersonCmd::List => run(g, async |s| {
            let all = s.app.people().await?;
            let text = lines(&all, |p| format!("{}\t{}", p.id, p.name));
            Ok(Out::new(json!({ "people": all }), text))
        }),
    }
}

#[derive(Subcommand)]
pub enum RoleCmd {
    /// Give a person a role, in a dossier or (without --dossier) globally.
    Assign {
        #[arg(long)]
        person: i64,
        /// administrator, leader, deputy, member, reviewer, contact, head, contributor,
        /// consultee, auditor
        #[arg(long, value_parser = code::<Role>)]
        role: Role,
        #[arg(long)]
        dossier: Option<i64>,
    },
}

pub fn role(cmd: RoleCmd, g: &Global) -> anyhow::Result<()> {
    let RoleCmd::Assign {
        person,
        role,
        dossier,
    } = cmd;
    run(g, async |s| {
        let ctx = s.ctx().await?;
        s.app
            .assign_role(&ctx, dossier.map(DossierId), PersonId(person), role)
            .await?;
        Ok(Out::done(format!("person {person} is now {role}")))
    })
}

#[derive(Args)]
pub struct DemoArgs {}

/// Build the demo dossier in a new database and print its summary.
pub fn demo(_args: DemoArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        if !s.app.dossiers().await?.is_empty() || !s.app.people().await?.is_empty() {
            anyhow::bail!("the database is not empty; give the demo a new --db path");
        }
        let built = demo::build(&s.app).await?;
        let summary = s.app.summary(built.dossier).await?;
        let mut value = serde_json::to_value(&summary)?;
        value["ids"] = json!({
            "draft_for_comments": built.draft_for_comments,
            "revised": built.revised,
            "topic_consultation": built.topic_consultation,
            "draft_consultation": built.draft_consultation,
            "public_consultation": built.public_consultation,
        });
        let text = super::process::summary_text(&summary);
        Ok(Out::new(value, text))
    })
}
