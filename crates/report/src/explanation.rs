//! The explanation (说明): Markdown from an editable template, then .docx from that Markdown.
//!
//! Templates use minijinja syntax (`{{ field }}`, `{% for x in list %}…{% endfor %}`,
//! `{% if %}`) over the fields of [`context`]. Undefined behaviour is strict: a field the
//! data does not have is an error naming it, never an empty string in a published report.

use std::collections::BTreeSet;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior};
use serde::Serialize;

use crate::docx_kit::*;
use crate::labels::{self, Lang};
use crate::{ExplanationData, ReportError, Result};

/// The templates that ship; the drafting office may pass its own edited copy instead.
pub const TEMPLATE_ZH: &str = include_str!("../templates/explanation.zh-CN.md");
pub const TEMPLATE_EN: &str = include_str!("../templates/explanation.en.md");

pub fn default_template(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => TEMPLATE_ZH,
        Lang::En => TEMPLATE_EN,
    }
}

#[derive(Serialize)]
struct Labelled {
    label: &'static str,
    count: i64,
}

#[derive(Serialize)]
struct Group {
    name: String,
    leaders: String,
    deputies: String,
    members: usize,
    institutions: String,
}

#[derive(Serialize)]
struct Consultation {
    kind: &'static str,
    title: String,
    question: String,
    version: String,
    opened_on: String,
    closes_on: String,
    scope: i64,
    scope_by_category: Vec<Labelled>,
    responses: i64,
    response_rate: String,
    hearings: Vec<crate::HearingFacts>,
}

#[derive(Serialize)]
struct GroupView {
    common_view: String,
    items: i64,
    comments: i64,
    disposition: &'static str,
}

#[derive(Serialize)]
struct Suggestion {
    consultee: String,
    text: String,
    disposition: &'static str,
}

#[derive(Serialize)]
struct Revision {
    from: String,
    to: String,
    modifications: i64,
    items_covered: i64,
}

#[derive(Serialize)]
struct Meetings {
    body: String,
    count: usize,
    dates: String,
}

/// The fields a template may use (see the shipped templates for every one in use).
#[derive(Serialize)]
pub struct Context {
    title: String,
    purpose: String,
    requirements: String,
    topic_decided_on: String,
    leading_body: String,
    drafting_group: Group,
    consultations: Vec<Consultation>,
    public: Vec<crate::PublicFacts>,
    items: i64,
    groups: Vec<GroupView>,
    main_suggestions: Vec<Suggestion>,
    dispositions: Vec<Labelled>,
    undisposed: i64,
    revision: Option<Revision>,
    meetings: Vec<Meetings>,
    framework: crate::Framework,
}

/// The names at the top of [`Context`], for naming an unknown field.
const FIELDS: &[&str] = &[
    "title",
    "purpose",
    "requirements",
    "topic_decided_on",
    "leading_body",
    "drafting_group",
    "consultations",
    "public",
    "items",
    "groups",
    "main_suggestions",
    "dispositions",
    "undisposed",
    "revision",
    "meetings",
    "framework",
];

/// The data with the record's codes turned into words of the language.
pub fn context(d: &ExplanationData, lang: Lang) -> Context {
    let sep = lang.pick("、", ", ");
    let names = |m: &[crate::Member]| {
        m.iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    };
    Context {
        title: d.title.clone(),
        purpose: d.purpose.clone(),
        requirements: d.requirements.clone(),
        topic_decided_on: d
            .topic_decided_on
            .as_deref()
            .map(|x| labels::date(x, lang))
            .unwrap_or_default(),
        leading_body: d.leading_body.clone().unwrap_or_default(),
        drafting_group: Group {
            name: d.drafting_group.name.clone().unwrap_or_default(),
            leaders: names(&d.drafting_group.leaders),
            deputies: names(&d.drafting_group.deputies),
            members: d.drafting_group.members.len(),
            institutions: d.drafting_group.institutions.join(sep),
        },
        consultations: d
            .consultations
            .iter()
            .map(|c| Consultation {
                kind: labels::consultation_kind(c.kind, lang),
                title: c.title.clone(),
                question: c.question.clone().unwrap_or_default(),
                version: c.version.clone().unwrap_or_default(),
                opened_on: labels::date(&c.opened_on, lang),
                closes_on: labels::date(&c.closes_on, lang),
                scope: c.scope,
                scope_by_category: c
                    .scope_by_category
                    .iter()
                    .map(|(cat, n)| Labelled {
                        label: labels::category(*cat, lang),
                        count: *n,
                    })
                    .collect(),
                responses: c.responses,
                response_rate: c.response_rate(),
                hearings: c
                    .hearings
                    .iter()
                    .map(|h| crate::HearingFacts {
                        held_on: labels::date(&h.held_on, lang),
                        ..h.clone()
                    })
                    .collect(),
            })
            .collect(),
        public: d.public.clone(),
        items: d.items,
        groups: d
            .groups
            .iter()
            .map(|g| GroupView {
                common_view: g.common_view.clone(),
                items: g.items,
                comments: g.comments,
                disposition: labels::disposition(g.disposition, lang),
            })
            .collect(),
        main_suggestions: d
            .main_suggestions
            .iter()
            .map(|s| Suggestion {
                consultee: s.consultee.clone(),
                text: s.text.clone(),
                disposition: labels::disposition(s.disposition, lang),
            })
            .collect(),
        dispositions: d
            .dispositions
            .iter()
            .map(|(k, n)| Labelled {
                label: labels::disposition(Some(*k), lang),
                count: *n,
            })
            .collect(),
        undisposed: d.undisposed,
        revision: d.revision.as_ref().map(|r| Revision {
            from: r.from_label.clone(),
            to: r.to_label.clone(),
            modifications: r.modifications,
            items_covered: r.items_covered,
        }),
        meetings: d
            .meetings
            .iter()
            .map(|m| Meetings {
                body: m.body.clone(),
                count: m.dates.len(),
                dates: m
                    .dates
                    .iter()
                    .map(|x| labels::date(x, lang))
                    .collect::<Vec<_>>()
                    .join(sep),
            })
            .collect(),
        framework: d.framework.clone(),
    }
}

/// Render a template over the data: the explanation as Markdown.
pub fn markdown(template: &str, d: &ExplanationData, lang: Lang) -> Result<String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    let tmpl = env
        .template_from_str(template)
        .map_err(|e| template_error(&e, template))?;
    let known: BTreeSet<&str> = FIELDS.iter().copied().collect();
    let mut unknown: Vec<String> = tmpl
        .undeclared_variables(false)
        .into_iter()
        .filter(|v| !known.contains(v.as_str()))
        .collect();
    unknown.sort();
    if let Some(field) = unknown.first() {
        return Err(ReportError::Template(format!(
            "unknown field `{field}` (known fields: {})",
            FIELDS.join(", ")
        )));
    }
    tmpl.render(context(d, lang))
        .map_err(|e| template_error(&e, template))
}

/// One line naming what is wrong and where: for an undefined attribute (`g.commn_view`) the
/// template line holding it, so the field is named.
fn template_error(e: &minijinja::Error, template: &str) -> ReportError {
    let line = e.line();
    let source = line
        .and_then(|n| template.lines().nth(n.saturating_sub(1)))
        .map(str::trim)
        .unwrap_or("");
    let what = match e.kind() {
        ErrorKind::UndefinedError => "unknown field".to_string(),
        _ => e
            .detail()
            .map(String::from)
            .unwrap_or_else(|| e.kind().to_string()),
    };
    match line {
        Some(n) => ReportError::Template(format!("{what} at line {n}: {source}")),
        None => ReportError::Template(what),
    }
}

/// Strip the inline Markdown the templates may use (`**bold**`, `` `code` ``).
fn inline(text: &str) -> String {
    text.replace("**", "").replace('`', "")
}

/// The explanation as .docx: `#` the title (小标宋 二号, centred), `##` headings (黑体 三号),
/// `###` (楷体 三号), other lines body paragraphs (仿宋 三号, two-character first-line
/// indent, fixed 28.95 pt lines); `- ` items become indented paragraphs.
pub fn docx(markdown: &str) -> Result<Vec<u8>> {
    use docx_rs::{AlignmentType, Paragraph};
    let lines = exact_lines(28.95);
    let mut doc = gbt_page(false);
    for raw in markdown.lines() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let p = if let Some(t) = line.strip_prefix("# ") {
            title(&inline(t), SIZE_ERHAO).line_spacing(exact_lines(36.0))
        } else if let Some(t) = line.strip_prefix("## ") {
            Paragraph::new()
                .add_run(run(&inline(t), FONT_HEADING1, SIZE_SANHAO))
                .indent(None, two_char_indent(), None, None)
                .line_spacing(lines.clone())
        } else if let Some(t) = line.strip_prefix("### ") {
            Paragraph::new()
                .add_run(run(&inline(t), FONT_HEADING2, SIZE_SANHAO))
                .indent(None, two_char_indent(), None, None)
                .line_spacing(lines.clone())
        } else {
            let t = line.trim_start();
            let t = t.strip_prefix("- ").unwrap_or(t);
            Paragraph::new()
                .align(AlignmentType::Both)
                .add_run(run(&inline(t), FONT_BODY, SIZE_SANHAO))
                .indent(None, two_char_indent(), None, None)
                .line_spacing(lines.clone())
        };
        doc = doc.add_paragraph(p);
    }
    pack(with_page_numbers(doc))
}
