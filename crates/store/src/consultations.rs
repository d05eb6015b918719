//! Consultations, their scope, responses and hearings.

use sqlx::any::AnyRow;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::Instant;
use yijian_core::DomainError;

use crate::rows::*;
use crate::{Result, StoreError, Tx};

fn consultation_row(row: &AnyRow) -> Result<Consultation> {
    Ok(Consultation {
        id: ConsultationId(int(row, "id")?),
        dossier: DossierId(int(row, "dossier")?),
        kind: code(row, "kind")?,
        title: text(row, "title")?,
        version: opt_int(row, "version")?.map(VersionId),
        question: opt_text(row, "question")?,
        opens_at: instant(row, "opens_at")?,
        closes_at: instant(row, "closes_at")?,
    })
}

fn respondent(row: &AnyRow) -> Result<Respondent> {
    match (opt_int(row, "body")?, opt_int(row, "person")?) {
        (Some(b), None) => Ok(Respondent::Body(BodyId(b))),
        (None, Some(p)) => Ok(Respondent::Person(PersonId(p))),
        _ => Err(StoreError::Corrupt(
            "a respondent is neither a body nor a person".into(),
        )),
    }
}

fn split(r: Respondent) -> (Option<i64>, Option<i64>) {
    match r {
        Respondent::Body(b) => (Some(b.0), None),
        Respondent::Person(p) => (None, Some(p.0)),
    }
}

fn response_row(row: &AnyRow) -> Result<Response> {
    Ok(Response {
        id: ResponseId(int(row, "id")?),
        consultation: ConsultationId(int(row, "consultation")?),
        respondent: respondent(row)?,
        status: code(row, "status")?,
        submitted_at: opt_instant(row, "submitted_at")?,
        submitted_by: opt_int(row, "submitted_by")?.map(PersonId),
        amendments: int(row, "amendments")?.clamp(0, u32::MAX as i64) as u32,
    })
}

const CONSULTATION_COLS: &str =
    "SELECT id, dossier, kind, title, version, question, opens_at, closes_at FROM consultation";
const RESPONSE_COLS: &str =
    "SELECT id, consultation, body, person, status, submitted_at, submitted_by, amendments FROM response";

/// One member of a consultation's scope, with the number of its copy of the draft.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScopeMember {
    pub respondent: Respondent,
    pub copy_no: u32,
    /// When the recipient first opened the draft (`None`: not yet).
    pub opened_at: Option<Instant>,
}

impl Tx {
    pub async fn insert_consultation(
        &mut self,
        c: &Consultation,
        created_by: PersonId,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO consultation (id, dossier, kind, title, version, question, opens_at, closes_at, created_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(c.id.0)
        .bind(c.dossier.0)
        .bind(c.kind.code())
        .bind(c.title.clone())
        .bind(c.version.map(|v| v.0))
        .bind(c.question.clone())
        .bind(c.opens_at.0)
        .bind(c.closes_at.0)
        .bind(created_by.0)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn consultation(&mut self, id: ConsultationId) -> Result<Consultation> {
        let sql = sqlx::AssertSqlSafe(format!("{CONSULTATION_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| consultation_row(&r))
            .transpose()?
            .ok_or_else(|| {
                DomainError::not_found(yijian_core::error::RecordKind::Consultation, id).into()
            })
    }

    pub async fn consultations(&mut self, dossier: DossierId) -> Result<Vec<Consultation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{CONSULTATION_COLS} WHERE dossier = $1 ORDER BY id"
        ));
        let rows = sqlx::query(sql)
            .bind(dossier.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter().map(consultation_row).collect()
    }

    pub async fn set_closes_at(&mut self, id: ConsultationId, at: Instant) -> Result<()> {
        sqlx::query("UPDATE consultation SET closes_at = $1 WHERE id = $2")
            .bind(at.0)
            .bind(id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Add a respondent to the scope with the next copy number; adding twice is an error.
    pub async fn add_to_scope(&mut self, c: ConsultationId, who: Respondent) -> Result<u32> {
        if self.in_scope(c, who).await? {
            return Err(DomainError::AlreadyInScope {
                consultation: c,
                who,
            }
            .into());
        }
        let row = sqlx::query(
            "SELECT COALESCE(MAX(copy_no), 0) AS n FROM scope_member WHERE consultation = $1",
        )
        .bind(c.0)
        .fetch_one(self.conn())
        .await?;
        let copy_no = int(&row, "n")? + 1;
        let (body, person) = split(who);
        sqlx::query("INSERT INTO scope_member (consultation, body, person, copy_no) VALUES ($1, $2, $3, $4)")
            .bind(c.0)
            .bind(body)
            .bind(person)
            .bind(copy_no)
            .execute(self.conn())
            .await?;
        Ok(copy_no as u32)
    }

    /// Note that a recipient opened the draft; only the first time counts (false after).
    pub async fn mark_opened(
        &mut self,
        c: ConsultationId,
        who: Respondent,
        at: Instant,
    ) -> Result<bool> {
        let (body, person) = split(who);
        let done = sqlx::query(
            "UPDATE scope_member SET opened_at = $1 WHERE consultation = $2 AND (body = $3 OR person = $4) AND opened_at IS NULL",
        )
        .bind(at.0)
        .bind(c.0)
        .bind(body.unwrap_or(-1))
        .bind(person.unwrap_or(-1))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether the recipient has opened the draft already.
    pub async fn opened(&mut self, c: ConsultationId, who: Respondent) -> Result<bool> {
        let (body, person) = split(who);
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM scope_member WHERE consultation = $1 AND (body = $2 OR person = $3) AND opened_at IS NOT NULL",
        )
        .bind(c.0)
        .bind(body.unwrap_or(-1))
        .bind(person.unwrap_or(-1))
        .fetch_one(self.conn())
        .await?;
        Ok(int(&row, "n")? > 0)
    }

    pub async fn in_scope(&mut self, c: ConsultationId, who: Respondent) -> Result<bool> {
        let (body, person) = split(who);
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM scope_member WHERE consultation = $1 AND (body = $2 OR person = $3)",
        )
        .bind(c.0)
        .bind(body.unwrap_or(-1))
        .bind(person.unwrap_or(-1))
        .fetch_one(self.conn())
        .await?;
        Ok(int(&row, "n")? > 0)
    }

    pub async fn scope(&mut self, c: ConsultationId) -> Result<Vec<ScopeMember>> {
        let rows = sqlx::query("SELECT body, person, copy_no, opened_at FROM scope_member WHERE consultation = $1 ORDER BY copy_no")
            .bind(c.0)
            .fetch_all(self.conn())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ScopeMember {
                    respondent: respondent(r)?,
                    copy_no: int(r, "copy_no")? as u32,
                    opened_at: opt_instant(r, "opened_at")?,
                })
            })
            .collect()
    }

    pub async fn response_of(
        &mut self,
        c: ConsultationId,
        who: Respondent,
    ) -> Result<Option<Response>> {
        let (body, person) = split(who);
        let sql = sqlx::AssertSqlSafe(format!(
            "{RESPONSE_COLS} WHERE consultation = $1 AND (body = $2 OR person = $3)"
        ));
        let row = sqlx::query(sql)
            .bind(c.0)
            .bind(body.unwrap_or(-1))
            .bind(person.unwrap_or(-1))
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| response_row(&r)).transpose()
    }

    pub async fn response(&mut self, id: ResponseId) -> Result<Response> {
        let sql = sqlx::AssertSqlSafe(format!("{RESPONSE_COLS} WHERE id = $1"));
        let row = sqlx::query(sql)
            .bind(id.0)
            .fetch_optional(self.conn())
            .await?;
        row.map(|r| response_row(&r)).transpose()?.ok_or_else(|| {
            DomainError::not_found(yijian_core::error::RecordKind::Response, id).into()
        })
    }

    pub async fn responses(&mut self, c: ConsultationId) -> Result<Vec<Response>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "{RESPONSE_COLS} WHERE consultation = $1 ORDER BY id"
        ));
        let rows = sqlx::query(sql).bind(c.0).fetch_all(self.conn()).await?;
        rows.iter().map(response_row).collect()
    }

    pub async fn insert_response(&mut self, r: &Response) -> Result<()> {
        let (body, person) = split(r.respondent);
        sqlx::query(
            "INSERT INTO response (id, consultation, body, person, status, submitted_at, submitted_by, amendments)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(r.id.0)
        .bind(r.consultation.0)
        .bind(body)
        .bind(person)
        .bind(r.status.code())
        .bind(r.submitted_at.map(|t| t.0))
        .bind(r.submitted_by.map(|p| p.0))
        .bind(i64::from(r.amendments))
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn update_response(&mut self, r: &Response) -> Result<()> {
        sqlx::query("UPDATE response SET status = $1, submitted_at = $2, submitted_by = $3, amendments = $4 WHERE id = $5")
            .bind(r.status.code())
            .bind(r.submitted_at.map(|t| t.0))
            .bind(r.submitted_by.map(|p| p.0))
            .bind(i64::from(r.amendments))
            .bind(r.id.0)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn insert_hearing(&mut self, h: &Hearing) -> Result<()> {
        sqlx::query("INSERT INTO hearing (id, consultation, title, held_on, minutes) VALUES ($1, $2, $3, $4, $5)")
            .bind(h.id.0)
            .bind(h.consultation.0)
            .bind(h.title.clone())
            .bind(h.held_on.to_string())
            .bind(h.minutes.clone())
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn hearing(&mut self, id: HearingId) -> Result<Hearing> {
        let row = sqlx::query(
            "SELECT id, consultation, title, held_on, minutes FROM hearing WHERE id = $1",
        )
        .bind(id.0)
        .fetch_optional(self.conn())
        .await?;
        let row =
            row.ok_or_else(|| DomainError::not_found(yijian_core::error::RecordKind::Hearing, id))?;
        Ok(Hearing {
            id,
            consultation: ConsultationId(int(&row, "consultation")?),
            title: text(&row, "title")?,
            held_on: date(&row, "held_on")?,
            minutes: text(&row, "minutes")?,
        })
    }
}

impl Tx {
    /// The hearings held in a consultation, by date.
    pub async fn hearings(&mut self, c: ConsultationId) -> Result<Vec<Hearing>> {
        let rows = sqlx::query(
            "SELECT id, consultation, title, held_on, minutes FROM hearing WHERE consultation = $1 ORDER BY held_on, id",
        )
        .bind(c.0)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Hearing {
                    id: HearingId(int(r, "id")?),
                    consultation: ConsultationId(int(r, "consultation")?),
                    title: text(r, "title")?,
                    held_on: date(r, "held_on")?,
                    minutes: text(r, "minutes")?,
                })
            })
            .collect()
    }
}
