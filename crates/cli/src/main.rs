//! `yijian`: the command-line program. Argument parsing and printing only; the work is done
//! by `yijian-app` (the record) and `yijian-text` (the text engine).

mod lint_cmd;
mod diff_cmd;
mod structure_cmd;

use clap::{Parser, Subcommand};

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
}

fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Structure(args) => structure_cmd::structure(args, cli.json),
        Command::Diff(args) => diff_cmd::diff(args, cli.json),
        Command::Lint(args) => lint_cmd::lint(args, cli.json),
    };
    if let Err(err) = result {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}
