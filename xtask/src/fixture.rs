//! `cargo xtask fixture`: files written by this build, kept for the upgrade tests of every
//! later build (`tests/upgrade.rs`): a home and a station desk that have exchanged bundles,
//! plus one bundle each way not yet imported, so a newer home takes an older desk's bundle
//! and a newer station an older home's.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::project::Project;
use crate::runner::{Runner, output_of, run as run_cmd};
use crate::smoke::Session;

/// Stand for the fingerprints of the home's key and the desk's, read from `liaison desk`.
const HOME_FINGERPRINT: &str = "{home-fingerprint}";
const DESK_FINGERPRINT: &str = "{desk-fingerprint}";

/// The station's day and the home's, as the fixture records them. `up` and `down` are
/// imported on the spot; `pending-up` and `pending-down` are left for the newer build.
const SCRIPT: &[&[&str]] = &[
    &[
        "--db",
        "home.db",
        "--today",
        "2026-11-02",
        "init",
        "--station",
        "XA",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-02",
        "init",
        "--station",
        "HF",
    ],
    &[
        "--db",
        "home.db",
        "--today",
        "2026-11-02",
        "bundle",
        "export",
        "--out",
        "down",
    ],
    // Trust by approval: the station trusts its home, the home approves the desk, each by
    // the fingerprint the other's `desk` shows (read out by phone at a real station).
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-03",
        "desk",
        "trust-home",
        "--fingerprint",
        HOME_FINGERPRINT,
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-03",
        "bundle",
        "import",
        "down",
    ],
    &[
        "--db",
        "home.db",
        "--today",
        "2026-11-03",
        "desk",
        "approve",
        "HF",
        "1",
        "--fingerprint",
        DESK_FINGERPRINT,
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-17",
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
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-17",
        "case",
        "add",
        "--content",
        "楼道堆放杂物",
        "--name",
        "李四",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-17",
        "case",
        "add",
        "--content",
        "孩子上学的路口没有红绿灯",
        "--phone",
        "13912345678",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-17",
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
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-17",
        "case",
        "classify",
        "HF-20261117-002",
        "--category",
        "04",
        "--nature",
        "consult",
        "--level",
        "on_site",
        "--note",
        "已联系物业当天清理",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-17",
        "bundle",
        "export",
        "--out",
        "up",
    ],
    &[
        "--db",
        "home.db",
        "--today",
        "2026-11-18",
        "bundle",
        "import",
        "up",
    ],
    &[
        "--db",
        "home.db",
        "--today",
        "2026-11-18",
        "case",
        "note",
        "HF-20261117-001",
        "--text",
        "请加快处理",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-25",
        "case",
        "reply",
        "HF-20261117-001",
        "--text",
        "已更换路灯",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-26",
        "case",
        "add",
        "--content",
        "垃圾分类点太远",
    ],
    &[
        "--db",
        "hf.db",
        "--today",
        "2026-11-26",
        "bundle",
        "export",
        "--out",
        "pending-up",
    ],
    &[
        "--db",
        "home.db",
        "--today",
        "2026-11-27",
        "bundle",
        "export",
        "--out",
        "pending-down",
    ],
    &["--db", "home.db", "check"],
    &["--db", "hf.db", "check"],
];

pub fn run() -> Result<()> {
    let project = Project::find()?;
    if project.modified() {
        bail!("commit first: a fixture names the commit that wrote it");
    }
    run_cmd(
        Command::new("cargo")
            .args(["build", "--locked", "--release", "--bin", "liaison"])
            .current_dir(&project.root)
            .env("LIAISON_COMMIT", &project.commit),
    )?;
    let bin = project.target_dir().join("release/liaison");
    let version = output_of(Command::new(&bin).arg("--version"))?
        .trim()
        .to_string();
    let schema = version
        .split_once("schema ")
        .and_then(|(_, r)| r.split(|c: char| !c.is_ascii_digit()).next())
        .context("--version names no schema")?
        .to_string();
    let dir = project.root.join(format!("tests/fixtures/schema-{schema}"));
    if dir.exists() {
        bail!(
            "{} exists: the fixture of a schema is written once, by the release that wrote it",
            dir.display()
        );
    }
    let work = project.target_dir().join("fixture-work");
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let runner = Runner::Native;
    let mut session = Session::new(&runner, &bin, &work);
    let mut fingerprints: Vec<(&str, String)> = Vec::new();
    for args in SCRIPT {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                fingerprints
                    .iter()
                    .find(|(stand_in, _)| stand_in == a)
                    .map_or_else(|| a.to_string(), |(_, fp)| fp.clone())
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        session.ok(&args)?;
        // Once a file is made, its key's fingerprint is known.
        if let ["--db", db, _, _, "init", ..] = args.as_slice() {
            let stand_in = if *db == "home.db" {
                HOME_FINGERPRINT
            } else {
                DESK_FINGERPRINT
            };
            let said = session.ok(&["--lang", "en", "--db", db, "desk"])?;
            fingerprints.push((stand_in, fingerprint_in(&said)?));
        }
    }
    std::fs::create_dir_all(&dir)?;
    for db in ["home.db", "hf.db"] {
        if work.join(format!("{db}-wal")).exists() {
            bail!("{db} still has a write-ahead log: a process did not close it");
        }
        std::fs::copy(work.join(db), dir.join(db))?;
    }
    copy_dir(&work.join("pending-up"), &dir.join("pending-up"))?;
    // The home writes a reference bundle per station: HF's is the one its stick carries.
    let mut down = Vec::new();
    for entry in std::fs::read_dir(work.join("pending-down"))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with("-HF") || !name.contains("-reference-") {
            down.push(name);
        }
    }
    if down.len() != 1 {
        bail!("pending-down holds {} bundles for HF: {down:?}", down.len());
    }
    copy_dir(
        &work.join("pending-down").join(&down[0]),
        &dir.join("pending-down").join(&down[0]),
    )?;
    std::fs::write(
        dir.join("README.md"),
        readme(&schema, &version, &session.transcript),
    )?;
    std::fs::remove_dir_all(&work)?;
    println!("wrote {}: commit it with the release", dir.display());
    Ok(())
}

/// The 40 digits on the `key` line of `liaison desk`.
pub fn fingerprint_in(said: &str) -> Result<String> {
    let line = said
        .lines()
        .find_map(|l| l.strip_prefix("key"))
        .context("`liaison desk` shows no key")?;
    let digits: String = line
        .split('(')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    if digits.len() != 40 {
        bail!(
            "`liaison desk` shows a key of {} digits: {line}",
            digits.len()
        );
    }
    Ok(digits)
}

fn readme(schema: &str, version: &str, transcript: &[String]) -> String {
    let mut text = format!(
        "# Files of schema {schema}\n\nWritten by `{version}` (`cargo xtask fixture`), for \
         `tests/upgrade.rs`: every later build must open them, take the station's pending \
         bundle at the home and the home's pending bundle at the station. Never rewritten.\n\n\
         - `home.db`: the street home (XA), which imported HF's first bundle;\n\
         - `hf.db`: HF desk 1, which imported the home's first reference bundle;\n\
         - `pending-up/`: HF's next events bundle, not imported at the home;\n\
         - `pending-down/`: the home's next reference bundle, not imported at HF.\n\n\
         Made with:\n\n```\n"
    );
    for line in transcript {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("```\n");
    text
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}
