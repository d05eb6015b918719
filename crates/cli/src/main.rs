//! `yijian`: the command-line program. Argument parsing and printing only; the work is done
//! by `yijian-app` (the record) and `yijian-text` (the text engine).

mod analysis_cmd;
mod corpus_cmd;
mod diff_cmd;
mod lint_cmd;
mod outbox_cmd;
mod record;
mod report_cmd;
mod serve_cmd;
mod structure_cmd;

use clap::{Parser, Subcommand};
use record::*;

#[derive(Parser)]
#[command(
    name = "yijian",
    version,
    about = "Drafting a document through structured consultation"
)]
struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// The database: a SQLite file path or a postgres:// URL.
    #[arg(long, global = true, env = "YIJIAN_DB", default_value = "yijian.db")]
    db: String,
    /// Who acts: a person id or exact name (or set YIJIAN_AS).
    #[arg(long = "as", global = true)]
    as_person: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the structure (parts, sections, paragraphs) of a text, Markdown or .docx file.
    Structure(structure_cmd::StructureArgs),
    /// Compare two versions: alignment, modifications, comparison table.
    Diff(diff_cmd::DiffArgs),
    /// Proofread a file (校对).
    Lint(lint_cmd::LintArgs),
    /// Create a new database with its first administrator.
    Init(InitArgs),
    /// Dossiers (文稿项目).
    #[command(subcommand)]
    Dossier(DossierCmd),
    /// Bodies: leading, review, plenary, drafting group, consultee organizations.
    #[command(subcommand)]
    Body(BodyCmd),
    /// People.
    #[command(subcommand)]
    Person(PersonCmd),
    /// Roles of people, in a dossier or globally.
    #[command(subcommand)]
    Role(RoleCmd),
    /// Versions of the draft: import, release, show.
    #[command(subcommand)]
    Version(VersionCmd),
    /// Consultations: open, scope, close, show.
    #[command(subcommand)]
    Consultation(ConsultationCmd),
    /// Items of a response: add, amend, withdraw, list.
    #[command(subcommand)]
    Item(ItemCmd),
    /// Responses: submit, show.
    #[command(subcommand)]
    Response(ResponseCmd),
    /// Hearings and the items heard there.
    #[command(subcommand)]
    Hearing(HearingCmd),
    /// Item groups under a common view.
    #[command(subcommand)]
    Group(GroupCmd),
    /// Dispose of an item or a group (处理).
    Dispose(DisposeArgs),
    /// Modifications between two versions, and the items behind them.
    #[command(subcommand)]
    Modifications(ModificationsCmd),
    /// Review meetings.
    #[command(subcommand)]
    Meeting(MeetingCmd),
    /// Plenary submission, group-discussion opinions, adoption.
    #[command(subcommand)]
    Plenary(PlenaryCmd),
    /// The audit trail: verify, checkpoint.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// The figures of a dossier, counted from the record.
    Summary(SummaryArgs),
    /// Full-text search over a consultation's comments and items (indexes new ones first).
    Search(SearchArgs),
    /// Bring a consultation's search index up to date (or rebuild it).
    Index(IndexArgs),
    /// Import public comments from a file (JSONL, CSV, .xlsx) into a public consultation.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Build the demo dossier (all nine steps) in a new database and print its summary.
    Demo(DemoArgs),
    /// Reports: the explanation, the handling table, the comparison table.
    #[command(subcommand)]
    Report(report_cmd::ReportCmd),
    /// Export a version of the draft as a formatted document.
    #[command(subcommand)]
    Export(report_cmd::ExportCmd),
    /// Serve the web application.
    Serve(serve_cmd::ServeArgs),
    /// The campaigns (near-duplicate comments) of a public consultation.
    Campaigns(analysis_cmd::CampaignsArgs),
    /// The themes of a public consultation's comments.
    Themes(analysis_cmd::ThemesArgs),
    #[command(subcommand)]
    Theme(analysis_cmd::ThemeCmd),
    /// The figures of a public consultation's comments.
    Stats(analysis_cmd::StatsArgs),
    /// Generate a corpus of public comments with campaigns, and its ground truth (JSONL).
    Corpus(corpus_cmd::CorpusArgs),
    /// The outbox (verification codes of public commenters): list, or deliver through the
    /// development sender (standard error).
    Outbox(outbox_cmd::OutboxArgs),
}

/// Parse the arguments; a usage error is one line on stderr (like every other error), help
/// and version go to stdout as usual.
fn parse() -> Cli {
    match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => err.exit(),
        Err(err) => {
            let rendered = err.render().to_string();
            let message: Vec<&str> = rendered
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more"))
                .filter(|l| !l.is_empty())
                .collect();
            eprintln!("{}", message.join(" "));
            std::process::exit(2);
        }
    }
}

fn main() {
    let cli = parse();
    let g = Global {
        db: cli.db,
        json: cli.json,
        as_person: cli.as_person,
    };
    let result = match cli.command {
        Command::Structure(args) => structure_cmd::structure(args, g.json),
        Command::Diff(args) => diff_cmd::diff(args, g.json),
        Command::Lint(args) => lint_cmd::lint(args, g.json),
        Command::Init(args) => record::setup_init(args, &g),
        Command::Dossier(cmd) => record::setup_dossier(cmd, &g),
        Command::Body(cmd) => record::setup_body(cmd, &g),
        Command::Person(cmd) => record::setup_person(cmd, &g),
        Command::Role(cmd) => record::setup_role(cmd, &g),
        Command::Version(cmd) => record::version(cmd, &g),
        Command::Consultation(cmd) => record::consultation(cmd, &g),
        Command::Item(cmd) => record::item(cmd, &g),
        Command::Response(cmd) => record::response(cmd, &g),
        Command::Hearing(cmd) => record::hearing(cmd, &g),
        Command::Group(cmd) => record::group(cmd, &g),
        Command::Dispose(args) => record::dispose(args, &g),
        Command::Modifications(cmd) => record::modifications(cmd, &g),
        Command::Meeting(cmd) => record::meeting(cmd, &g),
        Command::Plenary(cmd) => record::plenary(cmd, &g),
        Command::Audit(cmd) => record::audit(cmd, &g),
        Command::Summary(args) => record::summary(args, &g),
        Command::Search(args) => record::search(args, &g),
        Command::Index(args) => record::index(args, &g),
        Command::Import(cmd) => record::import(cmd, &g),
        Command::Demo(args) => record::setup_demo(args, &g),
        Command::Report(cmd) => report_cmd::report(cmd, &g),
        Command::Export(cmd) => report_cmd::export(cmd, &g),
        Command::Serve(args) => serve_cmd::serve(args, &g.db),
        Command::Campaigns(args) => analysis_cmd::campaigns(args, &g),
        Command::Themes(args) => analysis_cmd::themes(args, &g),
        Command::Theme(cmd) => analysis_cmd::theme(cmd, &g),
        Command::Stats(args) => analysis_cmd::stats(args, &g),
        Command::Corpus(args) => corpus_cmd::corpus(args, g.json),
        Command::Outbox(args) => outbox_cmd::outbox(args, &g),
    };
    if let Err(err) = result {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}
