//! `yijian corpus --count N [--seed S] [--campaign-share F] [--campaigns M] --out FILE --truth FILE`:
//! a generated corpus of Chinese public comments on the demo draft (`yijian-corpus`), for tests
//! and benchmarks of import, search and campaign detection.
//!
//! `--out` gets one JSON object a line with the import fields `id`, `text`, `author`, `region`,
//! `paragraph` (absent when the comment names none) and `submitted_at` (`YYYY-MM-DDTHH:MM:SSZ`);
//! `--truth` gets `{"id", "campaign"}` a line, `campaign` being `"c17"` or `null`. Each file is
//! written beside its target and renamed into place when complete. The same arguments always
//! give the same files.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::Serialize;
use yijian_corpus::{Corpus, Params};

#[derive(clap::Args)]
pub struct CorpusArgs {
    /// Number of comments.
    #[arg(long)]
    pub count: usize,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// Share of the comments that belong to a campaign (0–1).
    #[arg(long, default_value_t = 0.5)]
    pub campaign_share: f64,
    /// Number of campaigns (default: one per 500 comments).
    #[arg(long)]
    pub campaigns: Option<usize>,
    /// The comments (JSONL).
    #[arg(long)]
    pub out: PathBuf,
    /// The ground truth (JSONL).
    #[arg(long)]
    pub truth: PathBuf,
}

#[derive(Serialize)]
struct Summary<'a> {
    comments: usize,
    campaigns: usize,
    in_campaigns: usize,
    out: &'a Path,
    truth: &'a Path,
}

/// A file written under a temporary name in the target's directory, renamed when complete.
struct Output {
    file: BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl Output {
    fn create(target: &Path) -> anyhow::Result<Output> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = tempfile::NamedTempFile::new_in(dir)
            .with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(Output {
            file: BufWriter::new(tmp),
            target: target.to_path_buf(),
        })
    }

    fn line(&mut self, value: &impl Serialize) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.file, value)?;
        self.file.write_all(b"\n")?;
        Ok(())
    }

    fn finish(self) -> anyhow::Result<()> {
        let tmp = self.file.into_inner().map_err(|e| e.into_error())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&self.target)
            .with_context(|| format!("cannot write {}", self.target.display()))?;
        Ok(())
    }
}

pub fn corpus(args: CorpusArgs, json: bool) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.campaign_share) {
        bail!(
            "--campaign-share must be between 0 and 1, not {}",
            args.campaign_share
        );
    }
    if args.out == args.truth {
        bail!("--out and --truth must be different files");
    }
    let params = Params {
        count: args.count,
        seed: args.seed,
        campaign_share: args.campaign_share,
        campaigns: args.campaigns,
        ..Params::new(args.count)
    };
    let corpus = Corpus::new(&params);
    let mut out = Output::create(&args.out)?;
    let mut truth = Output::create(&args.truth)?;
    for c in corpus.iter() {
        out.line(&c)?;
        truth.line(&c.truth())?;
    }
    out.finish()?;
    truth.finish()?;
    let summary = Summary {
        comments: corpus.len(),
        campaigns: corpus.campaign_sizes().len(),
        in_campaigns: corpus.campaign_sizes().iter().sum(),
        out: &args.out,
        truth: &args.truth,
    };
    if json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        println!(
            "{} comments ({} in {} campaigns) → {}, truth → {}",
            summary.comments,
            summary.in_campaigns,
            summary.campaigns,
            args.out.display(),
            args.truth.display()
        );
    }
    Ok(())
}
