//! Running programs: the tools (cargo, objdump, tmux) and a target's own binary, natively,
//! under Wine or under qemu-user.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// Runs `cmd` to its end and returns what it printed on standard output; a failure names the
/// command and what it said on standard error.
pub fn output_of(cmd: &mut Command) -> Result<String> {
    let out = cmd
        .output()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    if !out.status.success() {
        bail!(
            "{} failed ({}): {}",
            describe(cmd),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    String::from_utf8(out.stdout).with_context(|| format!("{} printed non-UTF-8", describe(cmd)))
}

/// Runs `cmd` with its output going where ours goes; an error when it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    println!("+ {}", describe(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(cmd));
    }
    Ok(())
}

/// The command as a shell would show it (program and arguments, not the environment).
pub fn describe(cmd: &Command) -> String {
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(quoted)
        .collect::<Vec<_>>()
        .join(" ")
}

fn quoted(word: &OsStr) -> String {
    let word = word.to_string_lossy();
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:+,@%".contains(c))
    {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// How this machine starts a target's binary.
#[derive(Debug, Clone)]
pub enum Runner {
    /// An x86_64 Linux binary: started as it is.
    Native,
    /// A Windows binary: under Wine, in the smoke test's own prefix.
    Wine { prefix: PathBuf },
    /// An aarch64 Linux binary: under qemu-user, its glibc and loader from `sysroot`.
    Qemu { sysroot: PathBuf },
}

impl Runner {
    /// A command that starts `bin`; arguments are added by the caller.
    pub fn command(&self, bin: &Path) -> Command {
        match self {
            Runner::Native => Command::new(bin),
            Runner::Wine { prefix } => {
                let mut cmd = Command::new("wine");
                cmd.arg(bin)
                    .env("WINEPREFIX", prefix)
                    .env("WINEDEBUG", "-all")
                    // No Mono or Gecko installer dialogs in a prefix nobody looks at.
                    .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
                    // Wine turns the arguments into UTF-16 with the locale's encoding.
                    .env("LC_ALL", "C.UTF-8");
                cmd
            }
            Runner::Qemu { sysroot } => {
                let mut cmd = Command::new("qemu-aarch64-static");
                cmd.arg("-L").arg(sysroot).arg(bin);
                cmd
            }
        }
    }

    /// How the transcript names the way the binary was run.
    pub fn label(&self) -> &'static str {
        match self {
            Runner::Native => "natively",
            Runner::Wine { .. } => "under Wine",
            Runner::Qemu { .. } => "under qemu-aarch64-static",
        }
    }
}

/// Runs a target's binary to its end, at most `limit`, and returns what it printed. Its output
/// goes to files, not pipes: a process it leaves behind (Wine's services) cannot keep the
/// run from ending, and a run that hangs is killed and reported rather than stopping the
/// release (and CI) for good.
pub fn output_within(cmd: &mut Command, limit: Duration) -> Result<Output> {
    let base = std::env::temp_dir().join(format!(
        "liaison-xtask-{}-{}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let files = [base.with_extension("out"), base.with_extension("err")];
    let result = run_into(cmd, limit, &files);
    for f in &files {
        let _ = std::fs::remove_file(f);
    }
    result
}

static RUNS: AtomicU64 = AtomicU64::new(0);

fn run_into(cmd: &mut Command, limit: Duration, files: &[PathBuf; 2]) -> Result<Output> {
    let mut child = cmd
        .stdout(std::fs::File::create(&files[0])?)
        .stderr(std::fs::File::create(&files[1])?)
        .spawn()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "{} did not end within {} s; it printed:\n{}{}",
                describe(cmd),
                limit.as_secs(),
                String::from_utf8_lossy(&std::fs::read(&files[0]).unwrap_or_default()),
                String::from_utf8_lossy(&std::fs::read(&files[1]).unwrap_or_default())
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ok(Output {
        status,
        stdout: std::fs::read(&files[0])?,
        stderr: std::fs::read(&files[1])?,
    })
}

/// What a finished run printed, both streams, as text.
pub fn printed(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n"),
        String::from_utf8_lossy(&out.stderr).replace("\r\n", "\n"),
    )
}
