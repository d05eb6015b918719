//! Setting up: the first administrator, dossiers, bodies, people and roles.

use serde::Serialize;
use yijian_core::error::{Action, Field};
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::rules::{require_admin, require_text};
use yijian_core::time::Date;
use yijian_core::DomainError;

use crate::{actor, record, App, Ctx, Result};

/// What a new dossier needs.
#[derive(Debug, Clone, Serialize)]
pub struct NewDossier {
    pub title: String,
    pub purpose: String,
    pub requirements: String,
    pub topic_decided_on: Option<Date>,
    pub leading_body: Option<BodyId>,
    pub drafting_group: Option<BodyId>,
}

impl App {
    /// Create the first administrator of a new database. Fails if there already is one.
    pub async fn init(
        &self,
        admin_name: &str,
        now: yijian_core::time::Instant,
    ) -> Result<PersonId> {
        require_text(Field::AdministratorName, admin_name)?;
        let mut tx = self.begin().await?;
        if !tx.people().await?.is_empty() {
            return Err(DomainError::AlreadyInitialised.into());
        }
        let person = Person {
            id: PersonId(tx.next_id("person").await?),
            name: admin_name.trim().to_string(),
            body: None,
        };
        tx.insert_person(&person).await?;
        tx.add_role(None, person.id, Role::Administrator).await?;
        let ctx = Ctx::new(person.id, now);
        record(
            &mut tx,
            &ctx,
            "init",
            &format!("person:{}", person.id),
            &person,
        )
        .await?;
        tx.commit().await?;
        Ok(person.id)
    }

    pub async fn create_dossier(&self, ctx: &Ctx, new: &NewDossier) -> Result<DossierId> {
        let mut tx = self.begin().await?;
        require_admin(
            &actor(&mut tx, None, ctx.person).await?,
            Action::CreateDossier,
        )?;
        require_text(Field::Title, &new.title)?;
        for (body, kind) in [
            (new.leading_body, BodyKind::Leading),
            (new.drafting_group, BodyKind::DraftingGroup),
        ] {
            if let Some(id) = body {
                let b = tx.body(id).await?;
                if b.kind != kind {
                    return Err(DomainError::WrongBodyKind {
                        body: id,
                        name: b.name,
                        kind: b.kind,
                        expected: kind,
                    }
                    .into());
                }
            }
        }
        let dossier = Dossier {
            id: DossierId(tx.next_id("dossier").await?),
            title: new.title.trim().to_string(),
            purpose: new.purpose.clone(),
            requirements: new.requirements.clone(),
            topic_decided_on: new.topic_decided_on,
            leading_body: new.leading_body,
            drafting_group: new.drafting_group,
            status: DossierStatus::Drafting,
        };
        tx.insert_dossier(&dossier, ctx.now.0).await?;
        record(
            &mut tx,
            ctx,
            "dossier.create",
            &format!("dossier:{}", dossier.id),
            &dossier,
        )
        .await?;
        tx.commit().await?;
        Ok(dossier.id)
    }

    pub async fn add_body(
        &self,
        ctx: &Ctx,
        name: &str,
        kind: BodyKind,
        category: Option<Category>,
    ) -> Result<BodyId> {
        require_text(Field::BodyName, name)?;
        match (kind, category) {
            (BodyKind::Consultee, None) => return Err(DomainError::CategoryNeeded.into()),
            (k, Some(_)) if k != BodyKind::Consultee => {
                return Err(DomainError::CategoryNotAllowed(k).into())
            }
            _ => {}
        }
        let mut tx = self.begin().await?;
        require_admin(&actor(&mut tx, None, ctx.person).await?, Action::AddBody)?;
        let body = Body {
            id: BodyId(tx.next_id("body").await?),
            name: name.trim().to_string(),
            kind,
            category,
        };
        tx.insert_body(&body).await?;
        record(
            &mut tx,
            ctx,
            "body.add",
            &format!("body:{}", body.id),
            &body,
        )
        .await?;
        tx.commit().await?;
        Ok(body.id)
    }

    pub async fn add_person(
        &self,
        ctx: &Ctx,
        name: &str,
        body: Option<BodyId>,
    ) -> Result<PersonId> {
        require_text(Field::PersonName, name)?;
        let mut tx = self.begin().await?;
        require_admin(&actor(&mut tx, None, ctx.person).await?, Action::AddPerson)?;
        if let Some(b) = body {
            tx.body(b).await?;
        }
        let person = Person {
            id: PersonId(tx.next_id("person").await?),
            name: name.trim().to_string(),
            body,
        };
        tx.insert_person(&person).await?;
        record(
            &mut tx,
            ctx,
            "person.add",
            &format!("person:{}", person.id),
            &person,
        )
        .await?;
        tx.commit().await?;
        Ok(person.id)
    }

    /// Give a person a role in a dossier (or a global role: administrator, auditor).
    pub async fn assign_role(
        &self,
        ctx: &Ctx,
        dossier: Option<DossierId>,
        person: PersonId,
        role: Role,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        require_admin(&actor(&mut tx, None, ctx.person).await?, Action::AssignRole)?;
        let p = tx.person(person).await?;
        if let Some(d) = dossier {
            tx.dossier(d).await?;
        }
        let global = matches!(role, Role::Administrator | Role::Auditor);
        if global != dossier.is_none() {
            return Err(if global {
                DomainError::GlobalRoleInDossier(role)
            } else {
                DomainError::DossierRoleWithoutDossier(role)
            }
            .into());
        }
        if matches!(role, Role::Contact | Role::Head | Role::Contributor) {
            let body = p
                .body
                .ok_or(DomainError::PersonWithoutBody { person, role })?;
            if tx.body(body).await?.kind != BodyKind::Consultee {
                return Err(DomainError::PersonBodyNotConsultee(person).into());
            }
        }
        if tx.add_role(dossier, person, role).await? {
            let subject = format!("person:{person} dossier:{}", dossier.map_or(0, |d| d.0));
            record(&mut tx, ctx, "role.assign", &subject, &role).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn dossiers(&self) -> Result<Vec<Dossier>> {
        let mut tx = self.read().await?;
        let d = tx.dossiers().await?;
        tx.rollback().await?;
        Ok(d)
    }

    pub async fn bodies(&self) -> Result<Vec<Body>> {
        let mut tx = self.read().await?;
        let b = tx.bodies().await?;
        tx.rollback().await?;
        Ok(b)
    }

    pub async fn people(&self) -> Result<Vec<Person>> {
        let mut tx = self.read().await?;
        let p = tx.people().await?;
        tx.rollback().await?;
        Ok(p)
    }
}
