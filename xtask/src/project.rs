//! The project being released: where it is, its version, and the commit it is built from.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::runner::output_of;

pub struct Project {
    pub root: PathBuf,
    /// `version` of liaison's Cargo.toml.
    pub version: String,
    /// The commit, 12 hex digits, with `-modified` when tracked files differ from it.
    pub commit: String,
    /// The commit's time (seconds since 1970): every file in the archives carries it, so the
    /// same commit gives the same archives.
    pub commit_time: u64,
}

impl Project {
    pub fn find() -> Result<Project> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("xtask lives inside the project")?
            .to_path_buf();
        let version = package_version(&root.join("Cargo.toml"))?;
        let git = |args: &[&str]| {
            let mut cmd = Command::new("git");
            cmd.arg("-C").arg(&root).args(args);
            output_of(&mut cmd).context(
                "the release names the commit it is built from: run it in the git checkout",
            )
        };
        let hash = git(&["rev-parse", "--short=12", "HEAD"])?
            .trim()
            .to_string();
        let modified = !git(&["status", "--porcelain", "--untracked-files=no"])?
            .trim()
            .is_empty();
        let commit = if modified {
            format!("{hash}-modified")
        } else {
            hash
        };
        let commit_time = git(&["log", "-1", "--format=%ct"])?
            .trim()
            .parse()
            .context("the commit's time")?;
        Ok(Project {
            root,
            version,
            commit,
            commit_time,
        })
    }

    /// Cargo's target directory (`CARGO_TARGET_DIR` when set).
    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| self.root.join("target"))
    }

    pub fn modified(&self) -> bool {
        self.commit.ends_with("-modified")
    }
}

fn package_version(manifest: &Path) -> Result<String> {
    let text = std::fs::read_to_string(manifest)
        .with_context(|| format!("cannot read {}", manifest.display()))?;
    let parsed: toml::Table = toml::from_str(&text)?;
    let Some(version) = parsed
        .get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
    else {
        bail!("{} has no package version", manifest.display());
    };
    Ok(version.to_string())
}
