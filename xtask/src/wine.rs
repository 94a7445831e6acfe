//! The Wine prefix the Windows archives are smoke-tested in: made fresh for each archive,
//! holding (for Windows 10 binaries) the test-only `ProcessPrng` DLL that Debian's Wine 8
//! lacks (`release/checks/processprng.c`), and its wineserver stopped when done.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result};

use crate::runner::{Runner, output_of};

pub struct Prefix {
    pub dir: PathBuf,
}

impl Prefix {
    /// A new prefix in `dir` (which must not exist yet); with the ProcessPrng DLL in its
    /// system32 when `prng_shim`.
    pub fn create(root: &Path, dir: &Path, prng_shim: bool) -> Result<Prefix> {
        let prefix = Prefix {
            dir: dir.to_path_buf(),
        };
        // `wineboot --init` makes the prefix; wineserver -w waits until it has settled.
        output_of(wine_env(Command::new("wine"), dir).args(["wineboot", "--init"]))
            .context("cannot make a Wine prefix")?;
        output_of(wine_env(Command::new("wineserver"), dir).arg("-w"))?;
        // One wineserver for all the runs (each would start its own: 2-3 s a command), and
        // Wine's own services (services.exe, rpcss.exe...) started once, here. Both with no
        // standard handles of ours: they outlive the program that starts them and would
        // hold its output pipe open, so that reading a run's output to its end never ends.
        // Stopped when the prefix is dropped; if this process is killed instead, the server
        // and its services end a minute after the last program.
        quiet(wine_env(Command::new("wineserver"), dir).arg("-p60"))
            .context("cannot start wineserver")?;
        quiet(wine_env(Command::new("wine"), dir).args(["cmd", "/c", "exit"]))
            .context("cannot start Wine's services")?;
        if prng_shim {
            let system32 = dir.join("drive_c/windows/system32");
            let dll = system32.join("bcryptprimitives.dll");
            output_of(
                Command::new("x86_64-w64-mingw32-gcc")
                    .args(["-shared", "-O2", "-s", "-o"])
                    .arg(&dll)
                    .arg(root.join("release/checks/processprng.c"))
                    .arg("-ladvapi32"),
            )
            .context("cannot build the test-only ProcessPrng DLL")?;
        }
        Ok(prefix)
    }

    pub fn runner(&self) -> Runner {
        Runner::Wine {
            prefix: self.dir.clone(),
        }
    }
}

/// Runs `cmd` with no standard handles (nothing it leaves running holds a pipe of ours).
fn quiet(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !status.success() {
        anyhow::bail!("{} failed ({status})", crate::runner::describe(cmd));
    }
    Ok(())
}

fn wine_env(mut cmd: Command, prefix: &Path) -> Command {
    cmd.env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=");
    cmd
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = wine_env(Command::new("wineserver"), &self.dir)
            .arg("-k")
            .output();
    }
}
