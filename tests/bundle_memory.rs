//! Long work in constant memory: exporting a station's whole history (100k cases) stays far
//! below what the history weighs, measured on the real binary by the kernel's own peak
//! (`ru_maxrss` of the child, as `/usr/bin/time -v` reports it).

#![cfg(target_os = "linux")]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// The most a bundle command may hold at once, whatever the bundle's size.
const BUDGET_KIB: i64 = 100 * 1024;

/// Runs the binary in `dir` with `args`, and returns its peak resident memory in KiB.
fn peak_kib(dir: &Path, args: &[&str]) -> i64 {
    peak_and_output(dir, args).0
}

/// Runs the binary in `dir` with `args`: its peak resident memory in KiB, and what it said.
// The child is reaped by `wait4` (which also gives its peak), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn peak_and_output(dir: &Path, args: &[&str]) -> (i64, String) {
    // Isolated as the tests' `common::liaison` is: nothing read or written outside `dir`.
    let child = Command::new(env!("CARGO_BIN_EXE_liaison"))
        .env_remove("LIAISON_DB")
        .env_remove("LIAISON_TODAY")
        .env_remove("LIAISON_OPERATOR")
        .env("LIAISON_LANG", "en")
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir)
        .env("LIAISON_CONFIG", dir.join("config.toml"))
        .current_dir(dir)
        .args(args)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    // What it says is a line or two: the pipe holds it until the child is reaped.
    let mut said = String::new();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 on the child");
    child
        .stdout
        .expect("piped")
        .read_to_string(&mut said)
        .unwrap();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{args:?} failed: status {status}: {said}"
    );
    (usage.ru_maxrss, said)
}

#[test]
#[ignore = "long"]
fn exporting_and_importing_a_whole_history_of_100k_cases_stays_within_100_mib() {
    let dir = tempfile::tempdir().unwrap();
    let db = "station.db";
    let day = ["--today", "2026-11-17"];
    // Exported the next day: the demo's day runs to the evening.
    let next = ["--today", "2026-11-18"];
    peak_kib(
        dir.path(),
        &[&day[..], &["--db", db, "demo", "--cases", "100000"]].concat(),
    );
    let peak = peak_kib(
        dir.path(),
        &[
            &next[..],
            &["--db", db, "bundle", "export", "--all", "--out", "usb"],
        ]
        .concat(),
    );
    let bundles: Vec<_> = std::fs::read_dir(dir.path().join("usb"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(bundles.len(), 1, "one bundle: {bundles:?}");
    let events = std::fs::metadata(bundles[0].join("events.jsonl"))
        .unwrap()
        .len();
    // The export really carries the history: well over what the budget could hold.
    assert!(
        events > BUDGET_KIB as u64 * 1024,
        "events.jsonl is {events} bytes"
    );
    assert!(
        peak <= BUDGET_KIB,
        "bundle export --all at 100k cases peaked at {} MiB",
        peak / 1024
    );

    // The home takes the whole history in, in as little.
    let home = "home.db";
    peak_kib(
        dir.path(),
        &[&day[..], &["--db", home, "init", "--station", "XA"]].concat(),
    );
    common::approve_cli(dir.path(), home, db);
    let bundle = bundles[0].to_str().unwrap();
    let import = [&next[..], &["--db", home, "bundle", "import", bundle]].concat();
    let (peak, said) = peak_and_output(dir.path(), &import);
    assert!(said.contains("100034 new cases"), "{said}");
    assert!(
        peak <= BUDGET_KIB,
        "bundle import at the home of 100k cases peaked at {} MiB",
        peak / 1024
    );
    // Again: known by its manifest, at once.
    let started = std::time::Instant::now();
    let (peak, said) = peak_and_output(dir.path(), &import);
    let took = started.elapsed();
    assert!(said.starts_with("nothing to do"), "{said}");
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    assert!(
        peak <= BUDGET_KIB,
        "re-import peaked at {} MiB",
        peak / 1024
    );
}
