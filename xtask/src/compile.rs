//! Building one target's binary: one cargo invocation per target, the `release-archive`
//! profile (the release profile, stripped), the binary alone (no tests, no benches).

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{Result, bail};

use crate::project::Project;
use crate::runner::run;
use crate::targets::{Build, Target};
use crate::tools::Tools;

/// Builds `target`'s binary and returns its path.
pub fn build(project: &Project, tools: &Tools, target: &Target) -> Result<PathBuf> {
    let started = Instant::now();
    let mut cmd = match target.build {
        Build::Cargo => {
            let mut cmd = Command::new("cargo");
            cmd.args(["build", "--target", target.triple]);
            cmd
        }
        Build::Zig { glibc } => {
            let mut cmd = tools.zigbuild_env(Command::new("cargo"));
            let triple = match glibc {
                Some(version) => format!("{}.{version}", target.triple),
                None => target.triple.to_string(),
            };
            cmd.args(["zigbuild", "--target", &triple]);
            cmd
        }
        Build::NightlyBuildStd => {
            let mut cmd = Command::new("cargo");
            cmd.arg(format!("+{}", tools.nightly)).args([
                "build",
                "-Z",
                "build-std=std,panic_unwind",
                "--target",
                target.triple,
            ]);
            // cc-rs does not know the win7 vendor and would compile SQLite for the host.
            let var = target.triple.replace('-', "_");
            cmd.env(format!("CC_{var}"), "x86_64-w64-mingw32-gcc")
                .env(format!("AR_{var}"), "x86_64-w64-mingw32-ar");
            cmd
        }
    };
    cmd.args([
        "--locked",
        "--profile",
        "release-archive",
        "--bin",
        "liaison",
    ])
    .current_dir(&project.root)
    // What `liaison --version` names (read by build.rs).
    .env("LIAISON_COMMIT", &project.commit);
    run(&mut cmd)?;
    let bin = project
        .target_dir()
        .join(target.triple)
        .join("release-archive")
        .join(target.exe());
    if !bin.is_file() {
        bail!("the build finished but {} is not there", bin.display());
    }
    println!(
        "built {} in {:.0} s: {} bytes",
        target.triple,
        started.elapsed().as_secs_f64(),
        std::fs::metadata(&bin)?.len()
    );
    Ok(bin)
}
