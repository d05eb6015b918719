//! Writing a report file: to a temporary file in the target's directory, renamed into place
//! only when complete — an error never leaves a partial file. PDF goes through LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context};

/// Write `bytes` to `path` atomically; the number of bytes written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<u64> {
    use std::io::Write;
    if path.is_dir() {
        bail!("cannot write {}: it is a directory", path.display());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        bail!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        );
    }
    // The kind only: the temporary file's name would confuse the message.
    let fail = |e: std::io::Error| anyhow!("cannot write {}: {}", path.display(), e.kind());
    let mut tmp = tempfile::Builder::new()
        .prefix(".yijian-report-")
        .tempfile_in(&dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(bytes.len() as u64)
}

/// The LibreOffice program: `YIJIAN_SOFFICE` if set, else `soffice` or `libreoffice` on the PATH.
pub fn office_program() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("YIJIAN_SOFFICE") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("soffice"), dir.join("libreoffice")])
        .find(|p| p.is_file())
}

/// Where the official fonts named in our .docx files are missing (they are not free), the
/// closest installed ones: the licensed fonts first if a deployment has them, then Noto
/// Serif CJK SC for 宋/仿宋-like faces, Noto Sans CJK SC for 黑体, a Kai face for 楷体.
const FONT_FALLBACKS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <alias binding="same"><family>方正小标宋简体</family>
    <prefer><family>FZXiaoBiaoSong-B05S</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>仿宋_GB2312</family>
    <prefer><family>FangSong</family><family>仿宋</family><family>Noto Serif CJK SC</family></prefer></alias>
  <alias binding="same"><family>黑体</family>
    <prefer><family>SimHei</family><family>Noto Sans CJK SC</family></prefer></alias>
  <alias binding="same"><family>楷体_GB2312</family>
    <prefer><family>KaiTi</family><family>楷体</family><family>AR PL KaitiM GB</family><family>LXGW WenKai</family><family>Noto Serif CJK SC</family></prefer></alias>
</fontconfig>
"#;

/// Convert .docx bytes to PDF with LibreOffice headless (in a private profile, so parallel
/// runs and a user's open LibreOffice do not interfere).
pub fn docx_to_pdf(docx: &[u8]) -> anyhow::Result<Vec<u8>> {
    let program = office_program().ok_or_else(|| {
        anyhow!("PDF output needs LibreOffice, and neither soffice nor libreoffice is installed (Debian: apt-get install libreoffice-writer-nogui fonts-noto-cjk)")
    })?;
    let work = tempfile::tempdir().context("cannot create a temporary directory")?;
    let input = work.path().join("report.docx");
    std::fs::write(&input, docx).context("cannot write the temporary .docx")?;
    let profile = format!("file://{}", work.path().join("profile").display());
    let fonts = work.path().join("fonts.conf");
    std::fs::write(&fonts, FONT_FALLBACKS).context("cannot write the font configuration")?;
    let out = Command::new(&program)
        .env("FONTCONFIG_FILE", &fonts)
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(work.path())
        .arg(&input)
        .output()
        .with_context(|| format!("cannot run {}", program.display()))?;
    let pdf = work.path().join("report.pdf");
    if !out.status.success() || !pdf.is_file() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        bail!(
            "LibreOffice could not convert the report to PDF: {}",
            stderr.lines().next().unwrap_or("no output")
        );
    }
    std::fs::read(&pdf).context("cannot read the PDF LibreOffice wrote")
}
