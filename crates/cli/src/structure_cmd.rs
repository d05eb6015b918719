//! `yijian structure FILE`. PLACEHOLDER: the text-engine work fills it in.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct StructureArgs {
    /// A .txt, .md or .docx file.
    pub file: PathBuf,
}

pub fn structure(_args: StructureArgs, _json: bool) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
