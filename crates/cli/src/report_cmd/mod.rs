//! `yijian report explanation|handling|comparison` and `yijian export version`: report data
//! from `yijian-app`, laid out by `yijian-report`, written atomically (see [`output`]).

mod output;

use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use yijian_app::HandlingFilter;
use yijian_core::ids::*;
use yijian_core::model::{Category, Code, DispositionKind};
use yijian_report::{comparison, draft, explanation, handling, Lang};

use crate::record::{run, Global, Out};

fn code<T: Code>(text: &str) -> Result<T, String> {
    T::parse(text).map_err(|e| e.to_string())
}

fn lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language {text:?}: expected zh-CN or en"))
}

/// Where and how a report is written.
#[derive(Args)]
pub struct Target {
    /// The file to write (replaced only once the report is complete).
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// The language of the report: zh-CN or en.
    #[arg(long, default_value = "zh-CN", value_parser = lang)]
    lang: Lang,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum DocFormat {
    Md,
    Docx,
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum HandlingFormat {
    Csv,
    Xlsx,
    Docx,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ComparisonFormat {
    Docx,
    Xlsx,
    Html,
}

#[derive(Subcommand)]
pub enum ReportCmd {
    /// The explanation (说明) of a dossier, from a template.
    Explanation {
        #[arg(long)]
        dossier: i64,
        #[arg(long, value_enum)]
        format: DocFormat,
        /// An edited template (default: the shipped one of --lang).
        #[arg(long)]
        template: Option<PathBuf>,
        #[command(flatten)]
        target: Target,
    },
    /// The handling table (意见处理情况表) of a dossier.
    Handling {
        #[arg(long)]
        dossier: i64,
        #[arg(long, value_enum)]
        format: HandlingFormat,
        /// Only the items of this consultation.
        #[arg(long)]
        consultation: Option<i64>,
        /// Only items with this disposition (adopted, partly_adopted, …).
        #[arg(long, value_parser = code::<DispositionKind>)]
        disposition: Option<DispositionKind>,
        /// Only items of bodies of this category (region, department, …).
        #[arg(long, value_parser = code::<Category>)]
        category: Option<Category>,
        #[command(flatten)]
        target: Target,
    },
    /// The comparison table (修改对照表) between two versions.
    Comparison {
        #[arg(long)]
        from: i64,
        #[arg(long)]
        to: i64,
        #[arg(long, value_enum)]
        format: ComparisonFormat,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
pub enum ExportCmd {
    /// A version of the draft as a formatted document (GB/T 9704 .docx, Markdown, PDF).
    Version {
        version: i64,
        #[arg(long, value_enum)]
        format: DocFormat,
        /// The consultation copy for this body (id or exact name): numbered, naming it.
        #[arg(long = "copy-for")]
        copy_for: Option<String>,
        #[command(flatten)]
        target: Target,
    },
}

/// Write a file atomically (the whole file or nothing).
pub fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<u64> {
    output::write_atomically(path, bytes)
}

/// Write the file and say what was written.
fn written(
    path: &Path,
    bytes: &[u8],
    report: &str,
    extra: serde_json::Value,
) -> anyhow::Result<Out> {
    let n = output::write_atomically(path, bytes)?;
    let mut out = json!({ "path": path.display().to_string(), "bytes": n, "report": report });
    if let (Some(fields), serde_json::Value::Object(extra)) = (out.as_object_mut(), extra) {
        fields.extend(extra);
    }
    Ok(Out::new(
        out,
        format!("{report}: wrote {} ({n} bytes)", path.display()),
    ))
}

/// Markdown, or .docx made from it, or PDF made from that .docx.
fn document(
    format: DocFormat,
    markdown: String,
    docx: impl FnOnce() -> yijian_report::Result<Vec<u8>>,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        DocFormat::Md => markdown.into_bytes(),
        DocFormat::Docx => docx()?,
        DocFormat::Pdf => output::docx_to_pdf(&docx()?)?,
    })
}

pub fn report(cmd: ReportCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        ReportCmd::Explanation {
            dossier,
            format,
            template,
            target,
        } => {
            let template = match &template {
                Some(path) => std::fs::read_to_string(path)
                    .map_err(|e| anyhow!("cannot read the template {}: {e}", path.display()))?,
                None => explanation::default_template(target.lang).to_string(),
            };
            run(g, async |s| {
                let data = s.app.explanation_report(DossierId(dossier)).await?;
                let md = explanation::markdown(&template, &data, target.lang)?;
                let bytes = document(format, md.clone(), || explanation::docx(&md))?;
                let figures = json!({
                    "items": data.items,
                    "modifications": data.revision.as_ref().map(|r| r.modifications),
                    "dispositions": data.dispositions.iter().map(|(k, n)| (k.code().to_string(), *n)).collect::<std::collections::BTreeMap<_, _>>(),
                });
                written(&target.output, &bytes, "explanation", figures)
            })
        }
        ReportCmd::Handling {
            dossier,
            format,
            consultation,
            disposition,
            category,
            target,
        } => run(g, async |s| {
            let filter = HandlingFilter {
                consultation: consultation.map(ConsultationId),
                disposition,
                category,
            };
            let table = s.app.handling_report(DossierId(dossier), filter).await?;
            let bytes = match format {
                HandlingFormat::Csv => handling::csv(&table, target.lang)?,
                HandlingFormat::Xlsx => handling::xlsx(&table, target.lang)?,
                HandlingFormat::Docx => handling::docx(&table, target.lang)?,
            };
            written(
                &target.output,
                &bytes,
                "handling",
                json!({ "rows": table.rows.len() }),
            )
        }),
        ReportCmd::Comparison {
            from,
            to,
            format,
            target,
        } => run(g, async |s| {
            let table = s
                .app
                .comparison_report(VersionId(from), VersionId(to))
                .await?;
            let bytes = match format {
                ComparisonFormat::Docx => comparison::docx(&table, target.lang)?,
                ComparisonFormat::Xlsx => comparison::xlsx(&table, target.lang)?,
                ComparisonFormat::Html => comparison::html(&table, target.lang).into_bytes(),
            };
            written(
                &target.output,
                &bytes,
                "comparison",
                json!({ "rows": table.rows.len() }),
            )
        }),
    }
}

pub fn export(cmd: ExportCmd, g: &Global) -> anyhow::Result<()> {
    let ExportCmd::Version {
        version,
        format,
        copy_for,
        target,
    } = cmd;
    run(g, async |s| {
        let doc = s
            .app
            .draft_report(VersionId(version), copy_for.as_deref())
            .await?;
        let md = draft::markdown(&doc, target.lang);
        let bytes = document(format, md, || draft::docx(&doc, target.lang))?;
        let copy = doc
            .copy
            .as_ref()
            .map(|c| json!({ "number": c.number, "recipient": c.recipient }));
        written(&target.output, &bytes, "version", json!({ "copy": copy }))
    })
}
