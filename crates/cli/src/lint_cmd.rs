//! `yijian lint`. PLACEHOLDER: the proofreading work fills it in.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct LintArgs {
    /// A .txt, .md or .docx file.
    pub file: PathBuf,
}

pub fn lint(_args: LintArgs, _json: bool) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
