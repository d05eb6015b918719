//! `yijian structure` and `yijian diff`. PLACEHOLDER: the text-engine work fills these in.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct StructureArgs {
    /// A .txt, .md or .docx file.
    pub file: PathBuf,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    /// Print the comparison table (old text | new text | kind).
    #[arg(long)]
    pub table: bool,
}

pub fn structure(_args: StructureArgs, _json: bool) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}

pub fn diff(_args: DiffArgs, _json: bool) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
