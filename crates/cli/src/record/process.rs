//! The steps of the process: versions, consultations, responses and items, hearings, groups,
//! dispositions, modifications, meetings, plenary and adoption; audit and summary.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;
use yijian_app::{NewItem, NewMeeting, OpenConsultation, ParagraphRef, Summary};
use yijian_core::audit::Head;
use yijian_core::ids::*;
use yijian_core::model::*;
use yijian_core::time::{Date, Instant};

use super::args::{code, date, file_name, instant, paragraph, read_file, span};
use super::{lines, run, Global, Out};

// ---------------------------------------------------------------- versions

#[derive(Subcommand)]
pub enum VersionCmd {
    /// Import a .txt, .md or .docx file as a new, unreleased version.
    Import {
        #[arg(long)]
        dossier: i64,
        /// e.g. 征求意见稿, 送审稿
        #[arg(long)]
        label: String,
        /// The version whose paragraph ids carry over (default: the latest).
        #[arg(long)]
        parent: Option<i64>,
        file: PathBuf,
    },
    /// Replace the text of an unreleased version.
    Replace { version: i64, file: PathBuf },
    /// Release a version: it never changes again.
    Release { version: i64 },
    /// Write the drafters' summary of a part (for the explanation's framework).
    Summarize {
        version: i64,
        /// The part's number among the part headings (preface, parts, conclusion), from 1.
        #[arg(long)]
        part: u32,
        #[arg(long)]
        text: String,
    },
    /// Show a version with its numbered paragraphs.
    Show { version: i64 },
    /// List the versions of a dossier.
    List {
        #[arg(long)]
        dossier: i64,
    },
}

pub fn version(cmd: VersionCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        VersionCmd::Import {
            dossier,
            label,
            parent,
            file,
        } => {
            let bytes = read_file(&file)?;
            run(g, async |s| {
                let ctx = s.ctx().await?;
                let id = s
                    .app
                    .import_version(
                        &ctx,
                        DossierId(dossier),
                        &label,
                        &file_name(&file),
                        &bytes,
                        parent.map(VersionId),
                    )
                    .await?;
                Ok(Out::created("imported version", id))
            })
        }
        VersionCmd::Replace { version, file } => {
            let bytes = read_file(&file)?;
            run(g, async |s| {
                let ctx = s.ctx().await?;
                s.app
                    .replace_version_text(&ctx, VersionId(version), &file_name(&file), &bytes)
                    .await?;
                Ok(Out::done(format!("replaced the text of version {version}")))
            })
        }
        VersionCmd::Release { version } => run(g, async |s| {
            s.app
                .release_version(&s.ctx().await?, VersionId(version))
                .await?;
            Ok(Out::done(format!("released version {version}")))
        }),
        VersionCmd::Summarize {
            version,
            part,
            text,
        } => run(g, async |s| {
            s.app
                .summarize_part(&s.ctx().await?, VersionId(version), part, &text)
                .await?;
            Ok(Out::done(format!(
                "summarised part {part} of version {version}"
            )))
        }),
        VersionCmd::Show { version } => run(g, async |s| {
            let (v, blocks) = s.app.version(VersionId(version)).await?;
            Ok(Out::new(
                json!({ "version": v, "blocks": blocks }),
                show_blocks(&v, &blocks),
            ))
        }),
        VersionCmd::List { dossier } => run(g, async |s| {
            let all = s.app.versions(DossierId(dossier)).await?;
            let text = lines(&all, |v| {
                let released = if v.released_at.is_some() {
                    "released"
                } else {
                    "draft"
                };
                format!("{}\t{}\t{released}", v.id, v.label)
            });
            Ok(Out::new(json!({ "versions": all }), text))
        }),
    }
}

fn show_blocks(v: &Version, blocks: &[Block]) -> String {
    let mut out = format!("version {} {}\n", v.id, v.label);
    let mut number = 0;
    for b in blocks {
        if matches!(b.kind, BlockKind::Paragraph | BlockKind::Item) {
            number += 1;
            out.push_str(&format!("{number:>4}  {}\n", b.text));
        } else {
            out.push_str(&format!("      【{}】{}\n", b.kind, b.text));
        }
    }
    out.trim_end().to_string()
}

// ----------------------------------------------------------- consultations

#[derive(Subcommand)]
pub enum ConsultationCmd {
    /// Open a consultation: topic (with a question) or draft (with a released version).
    Open {
        #[arg(long)]
        dossier: i64,
        #[arg(long, value_parser = code::<ConsultationKind>)]
        kind: ConsultationKind,
        #[arg(long)]
        title: String,
        #[arg(long)]
        version: Option<i64>,
        #[arg(long)]
        question: Option<String>,
        /// YYYY-MM-DD or YYYY-MM-DDTHH:MMZ
        #[arg(long, value_parser = instant)]
        opens: Instant,
        #[arg(long, value_parser = instant)]
        closes: Instant,
        /// A body in scope (repeatable).
        #[arg(long = "body")]
        bodies: Vec<i64>,
        /// A person in scope (repeatable).
        #[arg(long = "person")]
        people: Vec<i64>,
    },
    /// Add bodies or people to the scope of an open consultation.
    Scope {
        consultation: i64,
        #[arg(long = "body")]
        bodies: Vec<i64>,
        #[arg(long = "person")]
        people: Vec<i64>,
    },
    /// Close a consultation now: its responses become read-only.
    Close { consultation: i64 },
    /// Show a consultation with its scope and responses.
    Show { consultation: i64 },
    /// List the consultations of a dossier.
    List {
        #[arg(long)]
        dossier: i64,
    },
}

fn scope(bodies: &[i64], people: &[i64]) -> Vec<Respondent> {
    let bodies = bodies.iter().map(|b| Respondent::Body(BodyId(*b)));
    bodies
        .chain(people.iter().map(|p| Respondent::Person(PersonId(*p))))
        .collect()
}

pub fn consultation(cmd: ConsultationCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        ConsultationCmd::Open {
            dossier,
            kind,
            title,
            version,
            question,
            opens,
            closes,
            bodies,
            people,
        } => run(g, async |s| {
            let new = OpenConsultation {
                dossier: DossierId(dossier),
                kind,
                title,
                version: version.map(VersionId),
                question,
                opens_at: opens,
                closes_at: closes,
                scope: scope(&bodies, &people),
            };
            let id = s.app.open_consultation(&s.ctx().await?, &new).await?;
            Ok(Out::created("opened consultation", id))
        }),
        ConsultationCmd::Scope {
            consultation,
            bodies,
            people,
        } => run(g, async |s| {
            let ctx = s.ctx().await?;
            let members = scope(&bodies, &people);
            if members.is_empty() {
                anyhow::bail!("name at least one --body or --person to add");
            }
            let mut copies = Vec::new();
            for m in members {
                copies.push(
                    s.app
                        .add_to_scope(&ctx, ConsultationId(consultation), m)
                        .await?,
                );
            }
            Ok(Out::new(
                json!({ "copies": copies }),
                format!("added {} to the scope", copies.len()),
            ))
        }),
        ConsultationCmd::Close { consultation } => run(g, async |s| {
            s.app
                .close_consultation(&s.ctx().await?, ConsultationId(consultation))
                .await?;
            Ok(Out::done(format!("closed consultation {consultation}")))
        }),
        ConsultationCmd::Show { consultation } => run(g, async |s| {
            let (c, scope, responses) = s.app.consultation(ConsultationId(consultation)).await?;
            let submitted = responses
                .iter()
                .filter(|r| r.status == ResponseStatus::Submitted)
                .count();
            let text = format!(
                "consultation {} ({}) {}\nwindow {} – {}\nscope {} · responses {} · submitted {}",
                c.id,
                c.kind,
                c.title,
                c.opens_at,
                c.closes_at,
                scope.len(),
                responses.len(),
                submitted
            );
            Ok(Out::new(
                json!({ "consultation": c, "scope": scope, "responses": responses }),
                text,
            ))
        }),
        ConsultationCmd::List { dossier } => run(g, async |s| {
            let all = s.app.consultations(DossierId(dossier)).await?;
            let text = lines(&all, |c| format!("{}\t{}\t{}", c.id, c.kind, c.title));
            Ok(Out::new(json!({ "consultations": all }), text))
        }),
    }
}

// ------------------------------------------------------ responses and items

/// The content of an item, shared by every command that adds one.
#[derive(Args)]
pub struct ItemContent {
    /// opinion, suggestion, correction or endorsement
    #[arg(long, value_parser = code::<ItemKind>)]
    kind: ItemKind,
    #[arg(long)]
    text: String,
    /// The paragraph: its number (12) or its stable id (id:345). General if absent.
    #[arg(long, value_parser = paragraph)]
    paragraph: Option<ParagraphRef>,
    /// Characters START..END inside the paragraph (0-based, end exclusive).
    #[arg(long, value_parser = span, requires = "paragraph")]
    span: Option<(u32, u32)>,
}

impl ItemContent {
    fn to_new(&self) -> NewItem {
        NewItem {
            kind: self.kind,
            text: self.text.clone(),
            paragraph: self.paragraph,
            span: self.span,
        }
    }
}

#[derive(Subcommand)]
pub enum ItemCmd {
    /// Add an item to your (or your body's) response in a consultation.
    Add {
        #[arg(long)]
        consultation: i64,
        #[command(flatten)]
        content: ItemContent,
    },
    /// Amend an item's kind and text (until the consultation closes).
    Amend {
        item: i64,
        #[arg(long, value_parser = code::<ItemKind>)]
        kind: ItemKind,
        #[arg(long)]
        text: String,
    },
    /// Withdraw an item (until the consultation closes); its record stays.
    Withdraw { item: i64 },
    /// List the live items of a dossier.
    List {
        #[arg(long)]
        dossier: i64,
    },
}

pub fn item(cmd: ItemCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        ItemCmd::Add {
            consultation,
            content,
        } => run(g, async |s| {
            let id = s
                .app
                .add_item(
                    &s.ctx().await?,
                    ConsultationId(consultation),
                    &content.to_new(),
                )
                .await?;
            Ok(Out::created("added item", id))
        }),
        ItemCmd::Amend { item, kind, text } => run(g, async |s| {
            s.app
                .amend_item(&s.ctx().await?, ItemId(item), kind, &text)
                .await?;
            Ok(Out::done(format!("amended item {item}")))
        }),
        ItemCmd::Withdraw { item } => run(g, async |s| {
            s.app.withdraw_item(&s.ctx().await?, ItemId(item)).await?;
            Ok(Out::done(format!("withdrew item {item}")))
        }),
        ItemCmd::List { dossier } => run(g, async |s| {
            let all = s.app.items(DossierId(dossier)).await?;
            let text = lines(&all, |i| format!("{}\t{}\t{}", i.id, i.kind, i.text));
            Ok(Out::new(json!({ "items": all }), text))
        }),
    }
}

#[derive(Subcommand)]
pub enum ResponseCmd {
    /// Submit your (or, as its head, your body's) response: the official one.
    Submit {
        #[arg(long)]
        consultation: i64,
    },
    /// Show a response with its items.
    Show { response: i64 },
}

pub fn response(cmd: ResponseCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        ResponseCmd::Submit { consultation } => run(g, async |s| {
            let id = s
                .app
                .submit_response(&s.ctx().await?, ConsultationId(consultation))
                .await?;
            Ok(Out::created("submitted response", id))
        }),
        ResponseCmd::Show { response } => run(g, async |s| {
            let (r, items) = s.app.response_items(ResponseId(response)).await?;
            let text = format!(
                "response {} ({})\n{}",
                r.id,
                r.status,
                lines(&items, |i| format!("{}\t{}\t{}", i.id, i.kind, i.text))
            );
            Ok(Out::new(json!({ "response": r, "items": items }), text))
        }),
    }
}

#[derive(Subcommand)]
pub enum HearingCmd {
    /// Record a hearing (座谈会) held in a consultation.
    Record {
        #[arg(long)]
        consultation: i64,
        #[arg(long)]
        title: String,
        #[arg(long, value_parser = date)]
        held_on: Date,
        #[arg(long, default_value = "")]
        minutes: String,
    },
    /// Add an item heard at a hearing, attributed to a speaker (and their body).
    Item {
        #[arg(long)]
        hearing: i64,
        #[arg(long)]
        speaker: String,
        #[arg(long)]
        body: Option<i64>,
        #[command(flatten)]
        content: ItemContent,
    },
}

pub fn hearing(cmd: HearingCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        HearingCmd::Record {
            consultation,
            title,
            held_on,
            minutes,
        } => run(g, async |s| {
            let id = s
                .app
                .record_hearing(
                    &s.ctx().await?,
                    ConsultationId(consultation),
                    &title,
                    held_on,
                    &minutes,
                )
                .await?;
            Ok(Out::created("recorded hearing", id))
        }),
        HearingCmd::Item {
            hearing,
            speaker,
            body,
            content,
        } => run(g, async |s| {
            let id = s
                .app
                .add_hearing_item(
                    &s.ctx().await?,
                    HearingId(hearing),
                    &speaker,
                    body.map(BodyId),
                    &content.to_new(),
                )
                .await?;
            Ok(Out::created("added item", id))
        }),
    }
}

// ------------------------------------------------------------------ analysis

#[derive(Subcommand)]
pub enum GroupCmd {
    /// Gather similar items under a written common view.
    Create {
        #[arg(long)]
        dossier: i64,
        #[arg(long)]
        common_view: String,
        #[arg(required = true)]
        items: Vec<i64>,
    },
}

pub fn group(cmd: GroupCmd, g: &Global) -> anyhow::Result<()> {
    let GroupCmd::Create {
        dossier,
        common_view,
        items,
    } = cmd;
    run(g, async |s| {
        let items: Vec<ItemId> = items.into_iter().map(ItemId).collect();
        let id = s
            .app
            .create_group(&s.ctx().await?, DossierId(dossier), &common_view, &items)
            .await?;
        Ok(Out::created("created group", id))
    })
}

#[derive(Args)]
pub struct DisposeArgs {
    #[arg(long, conflicts_with = "group", required_unless_present = "group")]
    item: Option<i64>,
    #[arg(long)]
    group: Option<i64>,
    /// adopted, partly_adopted, not_adopted, already_reflected, out_of_scope
    #[arg(long, value_parser = code::<DispositionKind>)]
    kind: DispositionKind,
    #[arg(long)]
    reason: String,
    /// Propose only; a leader or deputy finalises.
    #[arg(long)]
    proposed: bool,
}

pub fn dispose(args: DisposeArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let target = match (args.item, args.group) {
            (Some(i), _) => DispositionTarget::Item(ItemId(i)),
            (None, Some(gr)) => DispositionTarget::Group(GroupId(gr)),
            (None, None) => anyhow::bail!("give --item or --group"),
        };
        let status = if args.proposed {
            DispositionStatus::Proposed
        } else {
            DispositionStatus::Final
        };
        let id = s
            .app
            .dispose(&s.ctx().await?, target, args.kind, &args.reason, status)
            .await?;
        Ok(Out::created("recorded disposition", id))
    })
}

// -------------------------------------------------------------- modifications

#[derive(Subcommand)]
pub enum ModificationsCmd {
    /// Compare two versions and record each modification.
    Record {
        #[arg(long)]
        from: i64,
        #[arg(long)]
        to: i64,
    },
    /// Link a modification to the items behind it.
    Link {
        modification: i64,
        #[arg(required = true)]
        items: Vec<i64>,
    },
    /// List the recorded modifications between two versions.
    List {
        #[arg(long)]
        from: i64,
        #[arg(long)]
        to: i64,
    },
}

pub fn modifications(cmd: ModificationsCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        ModificationsCmd::Record { from, to } => run(g, async |s| {
            let all = s
                .app
                .record_modifications(&s.ctx().await?, VersionId(from), VersionId(to))
                .await?;
            Ok(Out::new(
                json!({ "modifications": all.len(), "ids": all.iter().map(|m| m.id).collect::<Vec<_>>() }),
                format!("recorded {} modifications", all.len()),
            ))
        }),
        ModificationsCmd::Link {
            modification,
            items,
        } => run(g, async |s| {
            let items: Vec<ItemId> = items.into_iter().map(ItemId).collect();
            let n = s
                .app
                .link_modification(&s.ctx().await?, ModificationId(modification), &items)
                .await?;
            Ok(Out::new(
                json!({ "linked": n }),
                format!("linked {n} items to modification {modification}"),
            ))
        }),
        ModificationsCmd::List { from, to } => run(g, async |s| {
            let all = s.app.modifications(VersionId(from), VersionId(to)).await?;
            let text = lines(&all, |m| {
                format!("{}\t{}\t{} → {}", m.id, m.kind, m.old_text, m.new_text)
            });
            Ok(Out::new(json!({ "modifications": all }), text))
        }),
    }
}

// ------------------------------------------------------------------- review

#[derive(Subcommand)]
pub enum MeetingCmd {
    /// Record a review body's meeting on a version.
    Record {
        #[arg(long)]
        dossier: i64,
        #[arg(long)]
        body: i64,
        #[arg(long, value_parser = date)]
        held_on: Date,
        #[arg(long)]
        version: i64,
        /// approved, approved_with_changes, returned, discussed
        #[arg(long, value_parser = code::<MeetingDecision>)]
        decision: MeetingDecision,
        #[arg(long, default_value = "")]
        minutes: String,
    },
}

pub fn meeting(cmd: MeetingCmd, g: &Global) -> anyhow::Result<()> {
    let MeetingCmd::Record {
        dossier,
        body,
        held_on,
        version,
        decision,
        minutes,
    } = cmd;
    run(g, async |s| {
        let new = NewMeeting {
            dossier: DossierId(dossier),
            body: BodyId(body),
            held_on,
            version: VersionId(version),
            decision,
            minutes,
        };
        let id = s.app.record_meeting(&s.ctx().await?, &new).await?;
        Ok(Out::created("recorded meeting", id))
    })
}

#[derive(Subcommand)]
pub enum PlenaryCmd {
    /// Submit a reviewed version to the plenary.
    Submit {
        #[arg(long)]
        dossier: i64,
        /// The plenary body.
        #[arg(long)]
        body: i64,
        #[arg(long)]
        version: i64,
        #[arg(long, value_parser = date)]
        on: Date,
    },
    /// Record an opinion from the plenary's group discussions.
    Opinion {
        #[arg(long)]
        submission: i64,
        #[arg(long)]
        speaker: String,
        #[command(flatten)]
        content: ItemContent,
    },
    /// Record the plenary's adoption of the submitted version.
    Adopt {
        #[arg(long)]
        submission: i64,
        #[arg(long)]
        version: i64,
        #[arg(long, value_parser = date)]
        on: Date,
    },
}

pub fn plenary(cmd: PlenaryCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        PlenaryCmd::Submit {
            dossier,
            body,
            version,
            on,
        } => run(g, async |s| {
            let id = s
                .app
                .submit_to_plenary(
                    &s.ctx().await?,
                    DossierId(dossier),
                    BodyId(body),
                    VersionId(version),
                    on,
                )
                .await?;
            Ok(Out::created("submitted to the plenary: submission", id))
        }),
        PlenaryCmd::Opinion {
            submission,
            speaker,
            content,
        } => run(g, async |s| {
            let id = s
                .app
                .add_group_discussion_item(
                    &s.ctx().await?,
                    SubmissionId(submission),
                    &speaker,
                    &content.to_new(),
                )
                .await?;
            Ok(Out::created("added item", id))
        }),
        PlenaryCmd::Adopt {
            submission,
            version,
            on,
        } => run(g, async |s| {
            s.app
                .adopt(
                    &s.ctx().await?,
                    SubmissionId(submission),
                    VersionId(version),
                    on,
                )
                .await?;
            Ok(Out::done(format!("version {version} adopted on {on}")))
        }),
    }
}

// -------------------------------------------------------------- audit, summary

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Verify the hash chain and the content it vouches for; non-zero exit on any tampering.
    Verify {
        /// A head printed earlier by `audit checkpoint` (COUNT:HASH): the log must extend it.
        #[arg(long)]
        checkpoint: Option<String>,
    },
    /// Print the current head (entry count and hash) to keep outside the database.
    Checkpoint,
}

pub fn audit(cmd: AuditCmd, g: &Global) -> anyhow::Result<()> {
    match cmd {
        AuditCmd::Verify { checkpoint } => {
            let checkpoint = checkpoint
                .map(|c| c.parse::<Head>())
                .transpose()
                .map_err(|e| anyhow::anyhow!("invalid --checkpoint: {e}"))?;
            run(g, async |s| {
                let r = s.app.verify_audit(checkpoint).await?;
                let text = format!(
                    "audit log intact: {} entries, head {}; {} items and {} released versions match",
                    r.entries, r.head, r.items_checked, r.versions_checked
                );
                Ok(Out::new(serde_json::to_value(&r)?, text))
            })
        }
        AuditCmd::Checkpoint => run(g, async |s| {
            let r = s.app.verify_audit(None).await?;
            Ok(Out::new(
                json!({ "head": r.head.to_string(), "count": r.head.count, "hash": r.head.hash }),
                r.head.to_string(),
            ))
        }),
    }
}

#[derive(Args)]
pub struct SummaryArgs {
    #[arg(long)]
    dossier: i64,
}

pub fn summary(args: SummaryArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let summary = s.app.summary(DossierId(args.dossier)).await?;
        Ok(Out::new(
            serde_json::to_value(&summary)?,
            summary_text(&summary),
        ))
    })
}

/// The figures of a dossier, for people.
pub fn summary_text(s: &Summary) -> String {
    let by = |m: &std::collections::BTreeMap<String, i64>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "dossier {} {}\nversions {} · consultations: {} · bodies in scope {} · responses {}\n\
         items {} · dispositions: {} · undisposed {}\n\
         modifications {} covering {} items\nmeetings: {}\nadopted: {}",
        s.dossier,
        s.title,
        s.versions,
        by(&s.consultations),
        s.bodies_in_scope,
        s.responses,
        s.items,
        by(&s.dispositions),
        s.undisposed,
        s.modifications,
        s.items_covered,
        by(&s.meetings),
        if s.adopted { "yes" } else { "no" }
    )
}
