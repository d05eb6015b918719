//! Dossiers, bodies, people and their roles.

use sqlx::any::AnyRow;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, Tx};

/// The dossier number of global roles (administrator, auditor).
pub const GLOBAL: i64 = 0;

fn dossier_row(row: &AnyRow) -> Result<Dossier> {
    Ok(Dossier {
        id: DossierId(int(row, "id")?),
        title: text(row, "title")?,
        purpose: text(row, "purpose")?,
        requirements: text(row, "requirements")?,
        topic_decided_on: opt_date(row, "topic_decided_on")?,
        leading_body: opt_int(row, "leading_body")?.map(BodyId),
        drafting_group: opt_int(row, "drafting_group")?.map(BodyId),
        status: code(row, "status")?,
    })
}

fn body_row(row: &AnyRow) -> Result<Body> {
    Ok(Body {
        id: BodyId(int(row, "id")?),
        name: text(row, "name")?,
        kind: code(row, "kind")?,
        category: opt_code(row, "category")?,
    })
}

fn person_row(row: &AnyRow) -> Result<Person> {
    Ok(Person {
        id: PersonId(int(row, "id")?),
        name: text(row, "name")?,
        body: opt_int(row, "body")?.map(BodyId),
    })
}

const DOSSIER_COLS: &str =
    "SELECT id, title, purpose, requirements, topic_decided_on, leading_body, drafting_group, status FROM dossier";

impl Tx {
    pub async fn insert_dossier(&mut self, d: &Dossier, created_at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO dossier (id, title, purpose, requirements, topic_decided_on, leading_body, drafting_group, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(d.id.0)
        .bind(d.title.clone())
        .bind(d.purpose.clone())
        .bind(d.requirements.clone())
        .bind(d.topic_decided_on.map(|x| x.to_string()))
        .bind(d.leading_body.map(|b| b.0))
        .bind(d.drafting_group.map(|b| b.0))
        .bind(d.status.code())
        .bind(created_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn dossier(&mut self, id: DossierId) -> Result<Dossier> {
        let sql = sqlx::AssertSqlSafe(format!("{DOSSIER_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| dossier_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Dossier, id).into()
        })
    }

    pub async fn dossiers(&mut self) -> Result<Vec<Dossier>> {
        let sql = sqlx::AssertSqlSafe(format!("{DOSSIER_COLS} ORDER BY id"));
        let rows = sqlx::query(sql).fetch_all(self.conn()).await?;
        rows.iter().map(dossier_row).collect()
    }

    pub async fn set_dossier_status(&mut self, id: DossierId, status: DossierStatus) -> Result<()> {
        sqlx::query("UPDATE dossier SET status = $1 WHERE id = $2")
            .bind(status.code())
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn insert_body(&mut self, b: &Body) -> Result<()> {
        if self.body_by_name(&b.name).await?.is_some() {
            return Err(DomainError::BodyNameTaken(b.name.clone()).into());
        }
        sqlx::query("INSERT INTO body (id, name, kind, category) VALUES ($1, $2, $3, $4)")
            .bind(b.id.0)
            .bind(b.name.clone())
            .bind(b.kind.code())
            .bind(b.category.map(|c| c.code()))
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn body(&mut self, id: BodyId) -> Result<Body> {
        let row = sqlx::query("SELECT id, name, kind, category FROM body WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| body_row(&r))
            .transpose()?
            .ok_or_else(|| DomainError::not_found(yijian_core::error::RecordKind::Body, id).into())
    }

    pub async fn body_by_name(&mut self, name: &str) -> Result<Option<Body>> {
        let row = sqlx::query("SELECT id, name, kind, category FROM body WHERE name = $1")
            .bind(name.to_string())
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| body_row(&r)).transpose()
    }

    pub async fn bodies(&mut self) -> Result<Vec<Body>> {
        let rows = sqlx::query("SELECT id, name, kind, category FROM body ORDER BY id")
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(body_row).collect()
    }

    pub async fn insert_person(&mut self, p: &Person) -> Result<()> {
        sqlx::query("INSERT INTO person (id, name, body) VALUES ($1, $2, $3)")
            .bind(p.id.0)
            .bind(p.name.clone())
            .bind(p.body.map(|b| b.0))
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn person(&mut self, id: PersonId) -> Result<Person> {
        let row = sqlx::query("SELECT id, name, body FROM person WHERE id = $1")
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| person_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Person, id).into()
        })
    }

    pub async fn people(&mut self) -> Result<Vec<Person>> {
        let rows = sqlx::query("SELECT id, name, body FROM person ORDER BY id")
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(person_row).collect()
    }

    /// Give a role; `dossier` None gives a global role. Giving a role twice is a no-op.
    pub async fn add_role(
        &mut self,
        dossier: Option<DossierId>,
        person: PersonId,
        role: Role,
    ) -> Result<bool> {
        let d = dossier.map_or(GLOBAL, |d| d.0);
        let exists = sqlx::query(
            "SELECT role FROM role_assignment WHERE dossier = $1 AND person = $2 AND role = $3",
        )
        .bind(d)
        .bind(person.0)
        .bind(role.code())
        .fetch_optional(self.conn())
        .await?;
        if exists.is_some() {
            return Ok(false);
        }
        sqlx::query("INSERT INTO role_assignment (dossier, person, role) VALUES ($1, $2, $3)")
            .bind(d)
            .bind(person.0)
            .bind(role.code())
            .execute(self.conn())
            .await?;
        Ok(true)
    }

    /// A person's roles in a dossier, global roles included.
    pub async fn roles(
        &mut self,
        dossier: Option<DossierId>,
        person: PersonId,
    ) -> Result<Vec<Role>> {
        let d = dossier.map_or(GLOBAL, |d| d.0);
        let rows = sqlx::query("SELECT role FROM role_assignment WHERE person = $1 AND (dossier = $2 OR dossier = $3) ORDER BY role")
            .bind(person.0)
            .bind(d)
            .bind(GLOBAL)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(|r| code(r, "role")).collect()
    }

    /// Whether anyone holds `role` for `body` in the dossier (e.g. does the body have a head).
    pub async fn body_has_role(
        &mut self,
        dossier: DossierId,
        body: BodyId,
        role: Role,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM role_assignment r JOIN person p ON p.id = r.person
             WHERE r.dossier = $1 AND p.body = $2 AND r.role = $3",
        )
        .bind(dossier.0)
        .bind(body.0)
        .bind(role.code())
        .fetch_one(self.conn())
        .await?;
        Ok(int(&row, "n")? > 0)
    }

    /// Everyone with a role in the dossier: (person, role).
    pub async fn role_assignments(&mut self, dossier: DossierId) -> Result<Vec<(PersonId, Role)>> {
        let rows = sqlx::query(
            "SELECT person, role FROM role_assignment WHERE dossier = $1 ORDER BY person, role",
        )
        .bind(dossier.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((PersonId(int(r, "person")?), code(r, "role")?)))
            .collect()
    }
}
