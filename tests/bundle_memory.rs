//! Long work in constant memory: exporting a station's whole history (100k cases) stays far
//! below what the history weighs, measured on the real binary by the kernel's own peak
//! (`ru_maxrss` of the child, as `/usr/bin/time -v` reports it).

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

/// The most a bundle command may hold at once, whatever the bundle's size.
const BUDGET_KIB: i64 = 100 * 1024;

/// Runs the binary in `dir` with `args`, and returns its peak resident memory in KiB.
// The child is reaped by `wait4` (which also gives its peak), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn peak_kib(dir: &Path, args: &[&str]) -> i64 {
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
        .spawn()
        .expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 on the child");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{args:?} failed: status {status}"
    );
    usage.ru_maxrss
}

#[test]
#[ignore = "long"]
fn exporting_a_whole_history_of_100k_cases_stays_within_100_mib() {
    let dir = tempfile::tempdir().unwrap();
    let db = "station.db";
    peak_kib(dir.path(), &["--db", db, "demo", "--cases", "100000"]);
    let peak = peak_kib(
        dir.path(),
        &["--db", db, "bundle", "export", "--all", "--out", "usb"],
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
}
