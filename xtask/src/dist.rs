//! `cargo xtask dist`: build, pack, inspect and smoke-test every archive, then write
//! `SHA256SUMS`. Nothing is summed that was not run first: a failure anywhere stops the
//! release with no `SHA256SUMS` written.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::project::Project;
use crate::runner::{Runner, output_of};
use crate::targets::{System, TARGETS, Target};
use crate::tools::Tools;
use crate::{archive, checks, compile, payload, smoke, tui, wine};

pub struct Options {
    targets: Vec<&'static Target>,
    keep: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut targets = Vec::new();
        let mut keep = false;
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--keep" => keep = true,
                "--target" => {
                    let name = args.next().context("--target needs a name")?;
                    let Some(t) = Target::by_name(name) else {
                        let known: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
                        bail!("no target `{name}` (known: {})", known.join(", "));
                    };
                    targets.push(t);
                }
                other => bail!("unknown option `{other}`"),
            }
        }
        if targets.is_empty() {
            targets = TARGETS.iter().collect();
        }
        Ok(Options { targets, keep })
    }
}

pub fn run(options: Options) -> Result<()> {
    let project = Project::find()?;
    if project.modified() {
        eprintln!(
            "warning: tracked files differ from commit {}: the archives will say {}",
            project.commit.trim_end_matches("-modified"),
            project.commit
        );
    }
    let tools = Tools::ready(&project)?;
    let dist = project.target_dir().join("dist");
    let smoke_root = project.target_dir().join("dist-smoke");
    for dir in [&dist, &smoke_root] {
        if dir.exists() {
            std::fs::remove_dir_all(dir)
                .with_context(|| format!("cannot clear {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir)?;
    }
    let mut made = Vec::new();
    for target in &options.targets {
        println!("== {} ({})", target.name, target.triple);
        let bin = compile::build(&project, &tools, target)?;
        if target.system == System::LinuxStatic {
            // Runs here: the schema it writes is asked of it.
            require_fixture(&project, &bin)?;
        }
        let entries = payload::entries(&project.root, target, &project.version, &bin)?;
        let path = dist.join(target.file_name(&project.version));
        archive::write(
            &path,
            &target.stem(&project.version),
            &entries,
            project.commit_time,
        )?;
        let transcript = try_archive(&project, target, &path, &smoke_root)
            .with_context(|| format!("{} did not pass", path.display()))?;
        let log = smoke_root.join(format!("{}.txt", target.name));
        std::fs::write(&log, transcript.join("\n") + "\n")?;
        println!("{}", transcript.join("\n"));
        made.push(path);
    }
    let sums = write_sums(&dist, &made)?;
    println!("== {}\n{sums}", dist.join("SHA256SUMS").display());
    if !options.keep {
        for target in &options.targets {
            let dir = smoke_root.join(target.name);
            if dir.exists() {
                std::fs::remove_dir_all(dir)?;
            }
        }
    }
    println!(
        "the archives are in {}; each one's checks and smoke test in {}",
        dist.display(),
        smoke_root.display()
    );
    Ok(())
}

/// Lists, unpacks, inspects and smoke-tests one archive; the transcript.
fn try_archive(
    project: &Project,
    target: &Target,
    path: &Path,
    smoke_root: &Path,
) -> Result<Vec<String>> {
    let bytes = std::fs::read(path)?;
    let name = path.file_name().expect("an archive file").to_string_lossy();
    let mut out = vec![
        format!("# {name}"),
        format!("{} bytes, sha256 {}", bytes.len(), sha256(&bytes)),
        "file list:".to_string(),
    ];
    out.extend(checks::file_list(path, target, &project.version)?);
    let dir = smoke_root.join(target.name);
    let unpacked = dir.join("unpacked");
    std::fs::create_dir_all(&unpacked)?;
    archive::unpack(path, &unpacked)?;
    let folder = unpacked.join(target.stem(&project.version));
    let bin = folder.join(target.exe());
    out.push("what a user cannot see:".to_string());
    out.extend(checks::texts(&folder, target)?);
    out.extend(checks::binary(
        &bin,
        target,
        &project.root.join("release/checks"),
    )?);
    let prefix;
    let runner = match target.system {
        System::Windows { prng_shim, .. } => {
            prefix = wine::Prefix::create(&project.root, &dir.join("wine-prefix"), prng_shim)?;
            if prng_shim {
                out.push(
                    "  (the Wine prefix has the test-only ProcessPrng DLL; the archive does not)"
                        .into(),
                );
            }
            prefix.runner()
        }
        System::LinuxStatic => Runner::Native,
        System::LinuxGlibc { .. } => Runner::Qemu {
            sysroot: PathBuf::from("/usr/aarch64-linux-gnu"),
        },
    };
    let version_line = format!("liaison {} (commit {},", project.version, project.commit);
    let work = dir.join("work");
    std::fs::create_dir_all(&work)?;
    out.push(format!(
        "smoke test {}, the binary unpacked from the archive into an empty directory:",
        runner.label()
    ));
    out.extend(smoke::cli(&runner, &bin, &work, &version_line)?);
    if target.tui {
        let expect = match runner {
            Runner::Wine { .. } => &tui::ENGLISH_UNDER_WINE,
            _ => &tui::CHINESE,
        };
        out.push(format!("terminal UI {} in tmux:", runner.label()));
        out.extend(tui::smoke(&runner, &bin, &work, expect)?);
    }
    Ok(out)
}

/// A release's files must open in every later release: the schema it writes needs its
/// upgrade fixture (tests/fixtures/schema-N/) before it ships.
fn require_fixture(project: &Project, native_bin: &Path) -> Result<()> {
    let line = output_of(std::process::Command::new(native_bin).arg("--version"))?;
    let schema = schema_of(&line).with_context(|| format!("`{}` names no schema", line.trim()))?;
    let dir = project.root.join(format!("tests/fixtures/schema-{schema}"));
    if !dir.join("README.md").is_file() {
        bail!(
            "this release writes schema {schema}, which has no upgrade fixture: run `cargo xtask \
             fixture` and commit {} (tests/upgrade.rs opens it with every later release)",
            dir.strip_prefix(&project.root).unwrap_or(&dir).display()
        );
    }
    Ok(())
}

/// `schema N` in a `--version` line.
fn schema_of(line: &str) -> Option<u32> {
    let (_, rest) = line.split_once("schema ")?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `SHA256SUMS` as `sha256sum` writes it (and `sha256sum -c` reads it).
fn write_sums(dist: &Path, archives: &[PathBuf]) -> Result<String> {
    let mut text = String::new();
    for path in archives {
        let name = path.file_name().expect("a file").to_string_lossy();
        text.push_str(&format!("{}  {name}\n", sha256(&std::fs::read(path)?)));
    }
    std::fs::write(dist.join("SHA256SUMS"), &text)?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_read_from_the_version_line() {
        assert_eq!(
            schema_of("liaison 0.1.0 (commit 0123456789ab, schema 9, bundle layout 2)\n"),
            Some(9)
        );
        assert_eq!(schema_of("liaison 0.1.0"), None);
    }

    #[test]
    fn sums_are_those_of_sha256sum() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
