//! The smoke test of an unpacked archive, through its own binary: a station's day on the
//! command line (init, a walk-in, classification, the list, search, the monthly report, a
//! backup and its check, a bundle carried to a home that imports it), written to a transcript.

use std::ffi::OsString;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::runner::{Runner, output_within, printed};

/// The longest one command of the smoke test may take (the slowest, under qemu-user on a
/// loaded machine, takes seconds).
const RUN_LIMIT: Duration = Duration::from_secs(300);

/// The environment of every run: data and settings inside `work`, so nothing of whoever
/// makes the release is read or written.
pub fn private_env(work: &Path) -> Vec<(&'static str, OsString)> {
    vec![
        ("HOME", work.into()),
        ("XDG_DATA_HOME", work.join("data").into()),
        ("XDG_CONFIG_HOME", work.join("config").into()),
        ("LIAISON_CONFIG", work.join("config.toml").into()),
    ]
}

/// One run of the binary, its output kept for the transcript.
pub struct Session<'a> {
    runner: &'a Runner,
    bin: &'a Path,
    work: &'a Path,
    pub transcript: Vec<String>,
}

impl<'a> Session<'a> {
    pub fn new(runner: &'a Runner, bin: &'a Path, work: &'a Path) -> Session<'a> {
        Session {
            runner,
            bin,
            work,
            transcript: Vec::new(),
        }
    }

    /// Runs `liaison ARGS`; it must succeed. Returns its standard output.
    pub fn ok(&mut self, args: &[&str]) -> Result<String> {
        let mut cmd = self.runner.command(self.bin);
        cmd.args(args)
            .current_dir(self.work)
            .stdin(std::process::Stdio::null());
        for var in [
            "LIAISON_DB",
            "LIAISON_TODAY",
            "LIAISON_LANG",
            "LIAISON_OPERATOR",
        ] {
            cmd.env_remove(var);
        }
        cmd.envs(private_env(self.work));
        let started = Instant::now();
        let mut out = output_within(&mut cmd, RUN_LIMIT)?;
        if started_nothing(self.runner, &out) {
            // Wine now and then fails to start a program at all: exit 1 within milliseconds,
            // nothing printed on either stream (seen once in CI, on `check` of Windows 7's
            // archive, between two runs that passed). liaison itself says why on every
            // failure, so a silent one is Wine's: said in the transcript, and run once more.
            self.transcript.push(format!(
                "  (Wine started nothing: {} with nothing printed; run again)",
                out.status
            ));
            out = output_within(&mut cmd, RUN_LIMIT)?;
        }
        let took = started.elapsed();
        let (stdout, stderr) = printed(&out);
        self.transcript.push(format!(
            "$ liaison {}    # {:.2} s",
            args.join(" "),
            took.as_secs_f64()
        ));
        for line in stdout.lines().chain(stderr.lines()) {
            self.transcript.push(format!("  {line}"));
        }
        if !out.status.success() {
            bail!(
                "liaison {} failed ({}):\n{}",
                args.join(" "),
                out.status,
                self.transcript.join("\n")
            );
        }
        Ok(stdout)
    }

    /// Runs `liaison ARGS`, which must succeed and print every one of `wanted`.
    pub fn says(&mut self, args: &[&str], wanted: &[&str]) -> Result<String> {
        let stdout = self.ok(args)?;
        for w in wanted {
            if !stdout.contains(w) {
                bail!(
                    "liaison {} did not print `{w}`:\n{}",
                    args.join(" "),
                    self.transcript.join("\n")
                );
            }
        }
        Ok(stdout)
    }
}

/// Whether a failed run under Wine printed nothing at all: Wine that did not start the
/// program, since liaison names its error on every failure (a panic included).
fn started_nothing(runner: &Runner, out: &std::process::Output) -> bool {
    matches!(runner, Runner::Wine { .. })
        && !out.status.success()
        && out.stdout.is_empty()
        && out.stderr.is_empty()
}

/// The command-line smoke test. `version_line` is what `--version` must print.
pub fn cli(runner: &Runner, bin: &Path, work: &Path, version_line: &str) -> Result<Vec<String>> {
    let mut s = Session::new(runner, bin, work);
    let hf = ["--db", "hf.db", "--today", "2026-11-17"];
    let with = |base: &[&'static str], more: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(more).copied().collect()
    };
    s.says(&["--version"], &[version_line])?;
    s.says(&["stations"], &["HF", "XA"])?;
    s.says(&with(&hf, &["init", "--station", "HF"]), &["HF"])?;
    s.says(
        &with(
            &hf,
            &[
                "case",
                "add",
                "--content",
                "小区路灯坏了三个月",
                "--name",
                "王小红",
                "--phone",
                "13812345678",
                "--address",
                "和风雅苑3幢201室",
            ],
        ),
        &["HF-20261117-001"],
    )?;
    s.says(
        &with(
            &hf,
            &[
                "case",
                "classify",
                "HF-20261117-001",
                "--category",
                "03",
                "--nature",
                "help",
                "--level",
                "street",
            ],
        ),
        &["HF-20261117-001"],
    )?;
    let json = s.ok(&with(&hf, &["cases", "--json"]))?;
    let case: serde_json::Value = serde_json::from_str(json.trim()).context("cases --json")?;
    let field = |path: &[&str]| {
        path.iter()
            .fold(&case, |v, k| &v[*k])
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let seen = [
        field(&["number"]),
        field(&["status"]),
        field(&["content"]),
        field(&["resident", "name"]),
        field(&["resident", "phone"]),
    ];
    if seen
        != [
            "HF-20261117-001",
            "assigned",
            "小区路灯坏了三个月",
            "王小红",
            "138****5678",
        ]
    {
        bail!("cases --json read back {seen:?}");
    }
    s.says(
        &["calendar", "due", "--from", "2026-09-15", "--days", "15"],
        &["2026-10-12"],
    )?;
    s.says(&with(&hf, &["search", "路灯"]), &["HF-20261117-001"])?;
    s.ok(&[
        "--db",
        "hf.db",
        "--today",
        "2026-11-30",
        "report",
        "--month",
        "2026-11",
        "--out",
        "report-2026-11.xlsx",
    ])?;
    let xlsx = std::fs::read(work.join("report-2026-11.xlsx")).context("the report")?;
    if !xlsx.starts_with(b"PK") {
        bail!("the report is not an xlsx workbook");
    }
    s.transcript.push(format!(
        "  (report-2026-11.xlsx: {} bytes, a zip)",
        xlsx.len()
    ));
    s.ok(&["--db", "hf.db", "backup", "hf-backup.db"])?;
    s.says(&["--lang", "en", "--db", "hf-backup.db", "check"], &["OK"])?;
    let exported = s.ok(&with(&hf, &["bundle", "export", "--out", "usb"]))?;
    if !exported.contains("usb") {
        bail!("bundle export did not name the bundle it wrote: {exported}");
    }
    s.says(
        &[
            "--db",
            "home.db",
            "--today",
            "2026-11-18",
            "init",
            "--station",
            "XA",
        ],
        &["XA"],
    )?;
    // The home takes a desk's bundles once it approved the desk by the fingerprint the desk
    // shows (read out by phone at a real station).
    let shown = s.ok(&["--lang", "en", "--db", "hf.db", "desk"])?;
    let fingerprint = crate::fixture::fingerprint_in(&shown)?;
    s.ok(&[
        "--db",
        "home.db",
        "--today",
        "2026-11-18",
        "desk",
        "approve",
        "HF",
        "1",
        "--fingerprint",
        &fingerprint,
    ])?;
    s.ok(&[
        "--db",
        "home.db",
        "--today",
        "2026-11-18",
        "bundle",
        "import",
        "usb",
    ])?;
    s.says(
        &["--db", "home.db", "--today", "2026-11-18", "cases"],
        &["HF-20261117-001"],
    )?;
    s.says(&["--lang", "en", "--db", "home.db", "check"], &["OK"])?;
    // The backup put back (it keeps the current file aside first, another copy).
    s.says(
        &with(&hf, &["restore", "hf-backup.db", "--yes"]),
        &["hf-backup.db"],
    )?;
    s.says(&["--lang", "en", "--db", "hf.db", "check"], &["OK"])?;
    // Without --db: the file goes to the platform's data directory.
    s.says(
        &["--today", "2026-11-18", "init", "--station", "DZ"],
        &["DZ"],
    )?;
    let default = default_db(runner, work)?;
    s.transcript
        .push(format!("  (the database is {})", default.display()));
    Ok(s.transcript)
}

/// Where the binary keeps its database when not told: `%APPDATA%\renda\liaison\data` in
/// the Wine prefix, `$XDG_DATA_HOME/liaison` on Linux; relative to `work` or the prefix.
fn default_db(runner: &Runner, work: &Path) -> Result<std::path::PathBuf> {
    let (base, found) = match runner {
        Runner::Wine { prefix } => {
            let users = prefix.join("drive_c/users");
            let found = std::fs::read_dir(&users)?
                .filter_map(|e| e.ok())
                .map(|e| {
                    e.path()
                        .join("AppData/Roaming/renda/liaison/data/liaison.db")
                })
                .find(|p| p.is_file());
            (prefix.as_path(), found)
        }
        Runner::Native | Runner::Qemu { .. } => {
            let p = work.join("data/liaison/liaison.db");
            (work, p.is_file().then_some(p))
        }
    };
    let found = found.context("init without --db wrote no database where the guide says")?;
    Ok(found.strip_prefix(base).unwrap_or(&found).to_path_buf())
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::ExitStatusExt;
    use std::path::PathBuf;
    use std::process::{ExitStatus, Output};

    use super::*;

    fn output(code: i32, stdout: &str, stderr: &str) -> Output {
        Output {
            status: ExitStatus::from_raw(code << 8),
            stdout: stdout.into(),
            stderr: stderr.into(),
        }
    }

    #[test]
    fn only_a_silent_failure_under_wine_is_run_again() {
        let wine = Runner::Wine {
            prefix: PathBuf::from("prefix"),
        };
        assert!(started_nothing(&wine, &output(1, "", "")));
        // liaison's own failures say why: they stand.
        assert!(!started_nothing(
            &wine,
            &output(1, "", "liaison: no such case")
        ));
        assert!(!started_nothing(&wine, &output(1, "problems: 1\n", "")));
        assert!(!started_nothing(&wine, &output(0, "", "")));
        // Natively and under qemu, a silent failure is the binary's.
        assert!(!started_nothing(&Runner::Native, &output(1, "", "")));
    }
}
