//! The pinned tools of the release build (`release/tools.env`), installed by
//! `release/install-tools` and checked here before anything is built with them.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::runner::{output_of, run};

pub struct Tools {
    /// Where cargo-zigbuild and zig were installed.
    pub dir: PathBuf,
    /// The pinned nightly, for Windows 7.
    pub nightly: String,
}

impl Tools {
    /// Installs what is missing (the script does nothing for what is there), then checks
    /// that the versions are the pinned ones.
    pub fn ready(project: &Project) -> Result<Tools> {
        let pins = read_pins(&project.root.join("release/tools.env"))?;
        let pin = |key: &str| {
            pins.get(key)
                .cloned()
                .with_context(|| format!("release/tools.env has no {key}"))
        };
        let dir = std::env::var_os("LIAISON_TOOLS")
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .map(|h| PathBuf::from(h).join(".cache/liaison-release-tools"))
            })
            .context("neither LIAISON_TOOLS nor HOME is set: where do the release tools go?")?;
        run(Command::new(project.root.join("release/install-tools")).env("LIAISON_TOOLS", &dir))?;
        let tools = Tools {
            dir,
            nightly: pin("NIGHTLY")?,
        };
        let zigbuild = output_of(
            tools
                .zigbuild_env(Command::new("cargo-zigbuild"))
                .arg("--version"),
        )?;
        let want = format!("cargo-zigbuild {}", pin("CARGO_ZIGBUILD")?);
        if zigbuild.trim() != want {
            bail!(
                "found {} where release/tools.env pins {want}",
                zigbuild.trim()
            );
        }
        let zig = output_of(Command::new(tools.python()).args(["-m", "ziglang", "version"]))?;
        if zig.trim() != pin("ZIGLANG")? {
            bail!(
                "found zig {} where release/tools.env pins {}",
                zig.trim(),
                pin("ZIGLANG")?
            );
        }
        Ok(tools)
    }

    fn python(&self) -> PathBuf {
        self.dir.join("zig-venv/bin/python3")
    }

    /// `cmd` with cargo-zigbuild on the PATH and told to run zig from the pinned package.
    pub fn zigbuild_env(&self, mut cmd: Command) -> Command {
        let mut path = vec![self.dir.join("cargo/bin")];
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        cmd.env(
            "PATH",
            std::env::join_paths(path).expect("paths without separators"),
        )
        .env("CARGO_ZIGBUILD_PYTHON_PATH", self.python());
        cmd
    }
}

/// `KEY=VALUE` lines; `#` starts a comment line.
fn read_pins(path: &std::path::Path) -> Result<BTreeMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('=') {
            Some((k, v)) if !k.is_empty() && !v.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => bail!("{}: `{l}` is not KEY=VALUE", path.display()),
        })
        .collect()
}
