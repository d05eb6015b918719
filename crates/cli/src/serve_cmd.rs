//! `yijian serve`. PLACEHOLDER: the web work (crates/web) fills it in.

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Load the demo dossier into a fresh database and print the demo accounts.
    #[arg(long)]
    pub demo: bool,
}

pub fn serve(_args: ServeArgs, _db: &str) -> anyhow::Result<()> {
    anyhow::bail!("not yet implemented")
}
