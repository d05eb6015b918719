//! `yijian diff OLD NEW`. PLACEHOLDER: the text-engine work fills it in.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct DiffArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    /// Print the comparison table (old text | new text | kind).
    #[arg(long)]
    pub table: bool,
}

pub fn diff(_args: DiffArgs, _json: bool) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
