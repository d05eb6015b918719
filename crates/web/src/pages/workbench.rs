//! The analysis workbench (`/dossiers/{id}/items`): a dossier's items by paragraph, by
//! consultee, by category or by status, filtered; progress (handled / total); and one form
//! for what is done to a selection — assign it to a drafting-group member, dispose of each
//! item, or gather it into a group under a common view and dispose of the group.

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use yijian_app::{Ctx, GroupDisposal, Workbench, WorkbenchItem};
use yijian_core::error::RecordKind;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::DomainError;

use super::login::{see_other, CsrfForm};
use super::{html, Nav, PageError};
use crate::auth::{now, PageUser};
use crate::error::{Detail, WebError};
use crate::i18n::{Lang, Msgs};
use crate::state::AppState;

/// Rows per page: a dossier can hold many thousands of items.
pub(crate) const PAGE_ROWS: usize = 500;

#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    /// paragraph | consultee | category | status
    #[serde(default)]
    pub(crate) by: String,
    /// all | undisposed | a disposition code
    #[serde(default)]
    pub(crate) status: String,
    /// a category code, or empty
    #[serde(default)]
    pub(crate) category: String,
    /// a person id, "none", or empty
    #[serde(default)]
    pub(crate) assignee: String,
    #[serde(default)]
    pub(crate) page: usize,
}

impl Filters {
    pub(crate) fn keeps(&self, i: &WorkbenchItem) -> bool {
        let status_ok = match self.status.as_str() {
            "" | "all" => true,
            "undisposed" => i.disposition.is_none(),
            code => i.disposition.map(|d| d.code()) == Some(code),
        };
        let category_ok =
            self.category.is_empty() || i.category.map(|c| c.code()) == Some(&self.category);
        let assignee_ok = match self.assignee.as_str() {
            "" => true,
            "none" => i.assignee.is_none(),
            id => i.assignee.map(|p| p.0.to_string()).as_deref() == Some(id),
        };
        status_ok && category_ok && assignee_ok
    }

    /// The query string that brings the same view back (only known, safe characters).
    fn query(&self) -> String {
        let safe = |s: &str| {
            s.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        };
        format!(
            "by={}&status={}&category={}&assignee={}",
            safe(&self.by),
            safe(&self.status),
            safe(&self.category),
            safe(&self.assignee)
        )
    }
}

pub struct Row {
    pub id: i64,
    pub consultee: String,
    pub category: String,
    pub paragraph: String,
    pub kind: String,
    pub text: String,
    pub disposition: String,
    pub disposed: bool,
    pub group: Option<i64>,
    pub assignee: String,
}

pub struct Section {
    pub title: String,
    pub rows: Vec<Row>,
}

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "workbench.html")]
struct WorkbenchPage {
    m: Msgs,
    nav: Nav,
    dossier_id: i64,
    title: String,
    progress: String,
    percent: usize,
    shown: String,
    sections: Vec<Section>,
    by: Vec<Choice>,
    statuses: Vec<Choice>,
    categories: Vec<Choice>,
    assignees: Vec<Choice>,
    drafters: Vec<Choice>,
    kinds: Vec<Choice>,
    leads: bool,
    drafts: bool,
    query: String,
    prev_page: Option<usize>,
    next_page: Option<usize>,
    /// The dossier's public consultations (id, title): links into their analysis.
    public: Vec<(i64, String)>,
}

fn choices(options: Vec<(String, String)>, current: &str) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            selected: value == current,
            value,
            label,
        })
        .collect()
}

fn row(m: Msgs, i: &WorkbenchItem, names: &HashMap<PersonId, String>) -> Row {
    Row {
        id: i.item.id.0,
        consultee: i.consultee.clone(),
        category: i
            .category
            .map(|c| m.of("category", c.code()))
            .unwrap_or_default(),
        paragraph: match (i.item.anchor, i.paragraph_number) {
            (Some(_), Some(n)) => m.para(&n),
            (Some(_), None) => m.t("item-on-a-paragraph").to_string(),
            (None, _) => m.t("item-general").to_string(),
        },
        kind: m
            .t(&format!("item-kind-{}", i.item.kind.code()))
            .to_string(),
        text: i.item.text.clone(),
        disposition: match i.disposition {
            Some(d) => m.of("disposition", d.code()),
            None => m.t("workbench-undisposed").to_string(),
        },
        disposed: i.disposition.is_some(),
        group: i.group.map(|g| g.0),
        assignee: i
            .assignee
            .and_then(|p| names.get(&p).cloned())
            .unwrap_or_default(),
    }
}

/// The key an item is filed under in the chosen view, and the key's sort order.
fn section_of(m: Msgs, by: &str, i: &WorkbenchItem) -> (String, String) {
    match by {
        "consultee" => (i.consultee.clone(), i.consultee.clone()),
        "category" => match i.category {
            Some(c) => (
                format!("{:02}", position(Category::ALL, c)),
                m.of("category", c.code()),
            ),
            None => ("99".into(), m.t("workbench-no-category").to_string()),
        },
        "status" => match i.disposition {
            Some(d) => (
                format!("{:02}", position(DispositionKind::ALL, d) + 1),
                m.of("disposition", d.code()),
            ),
            None => ("00".into(), m.t("workbench-undisposed").to_string()),
        },
        _ => match i.paragraph_number {
            Some(n) => (format!("{n:06}"), m.para(&n)),
            None => ("999999".into(), m.t("item-general").to_string()),
        },
    }
}

fn position<T: PartialEq>(all: &[T], v: T) -> usize {
    all.iter().position(|x| *x == v).unwrap_or(all.len())
}

fn sections(
    m: Msgs,
    by: &str,
    items: &[&WorkbenchItem],
    names: &HashMap<PersonId, String>,
) -> Vec<Section> {
    let mut grouped: BTreeMap<String, Section> = BTreeMap::new();
    for i in items {
        let (key, title) = section_of(m, by, i);
        grouped
            .entry(key)
            .or_insert_with(|| Section {
                title,
                rows: Vec::new(),
            })
            .rows
            .push(row(m, i, names));
    }
    grouped.into_values().collect()
}

/// GET /dossiers/{id}/items
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Query(filters): Query<Filters>,
) -> Result<Response, PageError> {
    let m = Lang::from_headers(&headers).msgs();
    let wb: Workbench = state
        .app
        .workbench(session.user.person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    let public: Vec<(i64, String)> = state
        .app
        .consultations(DossierId(id))
        .await?
        .into_iter()
        .filter(|c| c.kind == ConsultationKind::Public)
        .map(|c| (c.id.0, c.title))
        .collect();
    let names: HashMap<PersonId, String> = wb.drafters.iter().cloned().collect();
    let kept: Vec<&WorkbenchItem> = wb.items.iter().filter(|i| filters.keeps(i)).collect();
    let pages = kept.len().div_ceil(PAGE_ROWS).max(1);
    let page_no = filters.page.min(pages - 1);
    let shown: Vec<&WorkbenchItem> = kept
        .iter()
        .skip(page_no * PAGE_ROWS)
        .take(PAGE_ROWS)
        .copied()
        .collect();
    let (handled, total) = (wb.handled(), wb.items.len());
    let by = if filters.by.is_empty() {
        "paragraph"
    } else {
        filters.by.as_str()
    };
    let page = WorkbenchPage {
        m,
        nav: Nav::new(m, &format!("/dossiers/{id}/items"), Some(&session)),
        dossier_id: id,
        title: wb.dossier.title.clone(),
        progress: m.f(
            "workbench-progress",
            &[("handled", &handled), ("total", &total)],
        ),
        percent: (handled * 100).checked_div(total).unwrap_or(100),
        shown: m.f("workbench-shown", &[("n", &kept.len()), ("total", &total)]),
        sections: sections(m, by, &shown, &names),
        by: choices(
            ["paragraph", "consultee", "category", "status"]
                .iter()
                .map(|k| (k.to_string(), m.t(&format!("workbench-by-{k}")).to_string()))
                .collect(),
            by,
        ),
        statuses: choices(
            [
                ("all".to_string(), m.t("workbench-all").to_string()),
                ("undisposed".into(), m.t("workbench-undisposed").into()),
            ]
            .into_iter()
            .chain(
                DispositionKind::ALL
                    .iter()
                    .map(|d| (d.code().to_string(), m.of("disposition", d.code()))),
            )
            .collect(),
            &filters.status,
        ),
        categories: choices(
            std::iter::once((String::new(), m.t("workbench-all").to_string()))
                .chain(
                    Category::ALL
                        .iter()
                        .map(|c| (c.code().to_string(), m.of("category", c.code()))),
                )
                .collect(),
            &filters.category,
        ),
        assignees: choices(
            [
                (String::new(), m.t("workbench-all").to_string()),
                ("none".into(), m.t("workbench-unassigned").into()),
            ]
            .into_iter()
            .chain(
                wb.drafters
                    .iter()
                    .map(|(p, n)| (p.0.to_string(), n.clone())),
            )
            .collect(),
            &filters.assignee,
        ),
        drafters: choices(
            wb.drafters
                .iter()
                .map(|(p, n)| (p.0.to_string(), n.clone()))
                .collect(),
            "",
        ),
        kinds: choices(
            DispositionKind::ALL
                .iter()
                .map(|d| (d.code().to_string(), m.of("disposition", d.code())))
                .collect(),
            "",
        ),
        leads: wb.roles.iter().any(|r| r.leads()),
        drafts: wb.roles.iter().any(|r| r.drafts()),
        query: filters.query(),
        prev_page: page_no.checked_sub(1),
        next_page: (page_no + 1 < pages).then_some(page_no + 1),
        public,
    };
    html(&page)
}

/// What the selection form sent.
struct Action {
    csrf: String,
    action: String,
    items: Vec<ItemId>,
    assignee: String,
    kind: String,
    reason: String,
    common_view: String,
    status: String,
    back: String,
}

fn parse_action(pairs: Vec<(String, String)>) -> Result<Action, WebError> {
    let mut a = Action {
        csrf: String::new(),
        action: String::new(),
        items: Vec::new(),
        assignee: String::new(),
        kind: String::new(),
        reason: String::new(),
        common_view: String::new(),
        status: String::new(),
        back: String::new(),
    };
    for (k, v) in pairs {
        match k.as_str() {
            "item" => a.items.push(ItemId(v.parse().map_err(|_| {
                WebError::Invalid(Detail::NotAnId {
                    kind: RecordKind::Item,
                    value: v.clone(),
                })
            })?)),
            "csrf" => a.csrf = v,
            "action" => a.action = v,
            "assignee" => a.assignee = v,
            "kind" => a.kind = v,
            "reason" => a.reason = v,
            "common_view" => a.common_view = v,
            "status" => a.status = v,
            "back" => a.back = v,
            _ => {}
        }
    }
    Ok(a)
}

/// POST /dossiers/{id}/items: assign, dispose each, or dispose as a group.
pub async fn act(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let a = parse_action(pairs)?;
    session.check_csrf(&a.csrf)?;
    let dossier = DossierId(id);
    let person = session.user.person;
    // Existence and visibility first: a dossier the caller may not see is "not found".
    state
        .app
        .dossier_record(person, dossier)
        .await?
        .ok_or(WebError::NotFound)?;
    if a.items.is_empty() {
        return Err(WebError::Invalid(Detail::NoItems).into());
    }
    let ctx = Ctx::new(person, now());
    let status = || match a.status.as_str() {
        "final" => Ok(DispositionStatus::Final),
        "" | "proposed" => Ok(DispositionStatus::Proposed),
        other => Err(WebError::from(DomainError::InvalidValue {
            field: DispositionStatus::FIELD,
            value: other.to_string(),
            expected: DispositionStatus::EXPECTED,
        })),
    };
    let kind = || DispositionKind::parse(a.kind.trim()).map_err(WebError::from);
    match a.action.as_str() {
        "assign" => {
            let assignee = a
                .assignee
                .parse()
                .map(PersonId)
                .map_err(|_| WebError::Invalid(Detail::NoAssignee))?;
            state
                .app
                .assign_items(&ctx, dossier, &a.items, assignee)
                .await?;
        }
        "dispose" => {
            state
                .app
                .dispose_items(&ctx, dossier, &a.items, kind()?, &a.reason, status()?)
                .await?;
        }
        "group" => {
            let d = GroupDisposal {
                items: a.items.clone(),
                common_view: a.common_view.clone(),
                kind: kind()?,
                reason: a.reason.clone(),
                status: status()?,
            };
            state.app.dispose_as_group(&ctx, dossier, &d).await?;
        }
        other => return Err(WebError::Invalid(Detail::UnknownAction(other.into())).into()),
    }
    let back: String = a
        .back
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '=' | '&'))
        .collect();
    Ok(see_other(&format!("/dossiers/{id}/items?{back}")))
}

/// POST /dossiers/{id}/handling: publish the handling to the consultees.
pub async fn publish_handling(
    State(state): State<AppState>,
    PageUser(session): PageUser,
    Path(id): Path<i64>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let person = session.user.person;
    state
        .app
        .dossier_record(person, DossierId(id))
        .await?
        .ok_or(WebError::NotFound)?;
    state
        .app
        .publish_handling(&Ctx::new(person, now()), DossierId(id))
        .await?;
    Ok(see_other(&format!("/dossiers/{id}")))
}
