//! `yijian themes` and `yijian theme move|group`: the themes of a public consultation's
//! comments, found by `yijian-app` (the work) and printed here.

use clap::{Args, Subcommand};
use serde_json::json;
use yijian_app::{statistics_table, StatisticsView, ThemeView};
use yijian_core::ids::*;
use yijian_report::Lang;
use yijian_text::themes::ThemeParams;

use crate::record::{run, Global, Out};

/// Find the campaigns of a public consultation's comments (a new run) and list every group of
/// two or more; `--current` lists the current ones without looking again.
#[derive(Args)]
pub struct CampaignsArgs {
    #[arg(long)]
    consultation: i64,
    #[arg(long)]
    current: bool,
}

pub fn campaigns(args: CampaignsArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let ctx = s.ctx().await?;
        let consultation = ConsultationId(args.consultation);
        let found = if args.current {
            None
        } else {
            Some(
                s.app
                    .detect_campaigns(&ctx, consultation, &Default::default())
                    .await?,
            )
        };
        let listing = s.app.campaign_listing(&ctx, consultation).await?;
        let stats = s.app.comment_statistics(&ctx, consultation).await?;
        let groups: Vec<_> = listing
            .iter()
            .map(|(c, members)| {
                json!({
                    "id": c.id,
                    "size": c.size,
                    "representative": c.representative_text,
                    "representative_id": c.representative_source,
                    "first_seen": c.first_seen.map(|t| t.to_string()),
                    "last_seen": c.last_seen.map(|t| t.to_string()),
                    "members": members,
                })
            })
            .collect();
        let mut text = vec![stats.headline(Lang::En)];
        text.extend(listing.iter().map(|(c, _)| {
            let excerpt: String = c.representative_text.chars().take(40).collect();
            format!("campaign {}: {} comments — {excerpt}", c.id, c.size)
        }));
        Ok(Out::new(
            json!({
                "run": found,
                "comments": stats.comments,
                "in_campaigns": stats.in_campaigns,
                "groups": groups,
            }),
            text.join("\n"),
        ))
    })
}

/// Find the themes of a public consultation's comments (a new run), or list the current ones.
#[derive(Args)]
pub struct ThemesArgs {
    #[arg(long)]
    consultation: i64,
    /// How many overall themes (default: chosen from the number of comments).
    #[arg(long, default_value_t = 0)]
    count: usize,
    /// List the themes of this paragraph instead of the overall ones.
    #[arg(long)]
    paragraph: Option<i64>,
    /// Only list the current themes; do not look for them again.
    #[arg(long)]
    current: bool,
}

#[derive(Subcommand)]
pub enum ThemeCmd {
    /// Move a comment to another theme of the current run.
    Move {
        #[arg(long)]
        comment: i64,
        #[arg(long)]
        to: i64,
    },
    /// Make a theme an item group under a common view; its comments are disposed with it.
    Group {
        #[arg(long)]
        theme: i64,
        #[arg(long = "common-view")]
        common_view: String,
    },
}

pub fn themes(args: ThemesArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let ctx = s.ctx().await?;
        let consultation = ConsultationId(args.consultation);
        let found = if args.current {
            None
        } else {
            let params = ThemeParams {
                themes: args.count,
                ..ThemeParams::default()
            };
            Some(s.app.find_themes(&ctx, consultation, &params).await?)
        };
        let themes = s
            .app
            .themes(&ctx, consultation, args.paragraph.map(ParagraphId))
            .await?;
        let text = themes.iter().map(line).collect::<Vec<_>>().join("\n");
        Ok(Out::new(json!({ "run": found, "themes": themes }), text))
    })
}

pub fn theme(cmd: ThemeCmd, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let ctx = s.ctx().await?;
        match cmd {
            ThemeCmd::Move { comment, to } => {
                s.app
                    .move_to_theme(&ctx, CommentId(comment), ThemeId(to))
                    .await?;
                Ok(Out::done(format!("comment {comment} moved to theme {to}")))
            }
            ThemeCmd::Group { theme, common_view } => {
                let (group, n) = s
                    .app
                    .theme_to_group(&ctx, ThemeId(theme), &common_view)
                    .await?;
                Ok(Out::new(
                    json!({ "group": group, "comments": n }),
                    format!("group {group}: {n} comments"),
                ))
            }
        }
    })
}

fn line(t: &ThemeView) -> String {
    let terms: Vec<&str> = t.top_terms.iter().map(|(w, _)| w.as_str()).collect();
    let name = if t.unclassified {
        "(unclassified)".to_string()
    } else {
        terms.join(" ")
    };
    format!("theme {}: {} comments — {name}", t.id, t.size)
}

/// The figures of a public consultation's comments; `--view` with `-o` exports one view.
#[derive(Args)]
pub struct StatsArgs {
    #[arg(long)]
    consultation: i64,
    /// Export this view (paragraph, day, region) to the file given with -o (.csv or .xlsx).
    #[arg(long, value_parser = view, requires = "output")]
    view: Option<StatisticsView>,
    #[arg(short = 'o', long = "output", requires = "view")]
    output: Option<std::path::PathBuf>,
    #[arg(long, default_value = "zh-CN", value_parser = lang)]
    lang: Lang,
}

fn view(text: &str) -> Result<StatisticsView, String> {
    match text {
        "paragraph" => Ok(StatisticsView::Paragraph),
        "day" => Ok(StatisticsView::Day),
        "region" => Ok(StatisticsView::Region),
        _ => Err(format!(
            "unknown view {text:?}: expected paragraph, day or region"
        )),
    }
}

fn lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("unknown language {text:?}: expected zh-CN or en"))
}

pub fn stats(args: StatsArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let ctx = s.ctx().await?;
        let stats = s
            .app
            .comment_statistics(&ctx, ConsultationId(args.consultation))
            .await?;
        if let (Some(view), Some(path)) = (args.view, &args.output) {
            let table = statistics_table(&stats, view, args.lang);
            let bytes = match path.extension().and_then(|e| e.to_str()) {
                Some("xlsx") => yijian_report::table::xlsx(&table)?,
                Some("csv") => yijian_report::table::csv(&table)?,
                _ => anyhow::bail!("the export file must end in .csv or .xlsx"),
            };
            crate::report_cmd::write_file(path, &bytes)?;
        }
        let text = stats.headline(args.lang);
        Ok(Out::new(serde_json::to_value(&stats)?, text))
    })
}
