//! A backup's seal: `liaison backup` seals the checked copy with the desk's key; a restore of
//! a file bearing this desk's seal, unchanged, skips the case-by-case check. Any other file
//! (no seal, another desk's or station's, changed or cut after sealing) gets the whole check,
//! and is refused as before when it fails it.

mod common;

use std::path::Path;

use common::liaison;
use predicates::prelude::*;

/// The seal's length at the end of a backup (magic, length, key, signature).
const SEAL: usize = 16 + 8 + 32 + 64;
const SEALED: &str = "bears this desk's seal";
const UNSEALED: &str = "bears no seal of this desk";

fn run_on(home: &Path, db: &str, today: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut all = vec!["--lang", "en", "--db", db, "--today", today];
    all.extend_from_slice(args);
    liaison(home).args(&all).assert()
}

fn run(home: &Path, today: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    run_on(home, "desk.db", today, args)
}

fn stdout(a: assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

fn add(home: &Path, db: &str, today: &str, content: &str) -> String {
    stdout(
        run_on(
            home,
            db,
            today,
            &[
                "case",
                "add",
                "--content",
                content,
                "--phone",
                "13812345678",
            ],
        )
        .success(),
    )
    .trim()
    .to_string()
}

/// A desk with one case, a sealed backup of it as `b.db`, then a second case.
fn desk_with_backup(h: &Path) -> (String, String) {
    run(h, "2026-11-01", &["init", "--station", "HF"]).success();
    let first = add(h, "desk.db", "2026-11-17", "路灯坏了");
    run(h, "2026-11-17", &["backup", "b.db"]).success();
    let later = add(h, "desk.db", "2026-11-18", "垃圾没人清");
    (first, later)
}

fn cases(h: &Path) -> String {
    stdout(run(h, "2026-11-18", &["cases", "--json"]).success())
}

fn leftovers(h: &Path) -> Vec<String> {
    std::fs::read_dir(h)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore") || n.contains(".restoring"))
        .collect()
}

/// Refused as a backup that fails its check; nothing changed, nothing left behind.
fn refused_unchanged(h: &Path, file: &str, later: &str) {
    let out = run(h, "2026-11-18", &["restore", file, "--yes"])
        .failure()
        .stderr(
            predicate::str::contains(format!("the backup {file} cannot be used"))
                .and(predicate::str::contains("nothing was changed")),
        );
    assert!(!stdout(out).contains(SEALED));
    assert!(cases(h).contains(later));
    assert_eq!(leftovers(h), Vec::<String>::new());
}

#[test]
fn a_sealed_backup_is_a_sound_database_and_restores_without_the_case_by_case_check() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (first, later) = desk_with_backup(h);
    // Any SQLite reads the sealed file as the database it is.
    let conn = rusqlite::Connection::open(h.join("b.db")).unwrap();
    for check in ["PRAGMA integrity_check", "PRAGMA quick_check"] {
        let verdict: String = conn.query_row(check, [], |r| r.get(0)).unwrap();
        assert_eq!(verdict, "ok");
    }
    drop(conn);
    let bytes = std::fs::read(h.join("b.db")).unwrap();
    assert!(bytes[bytes.len() - SEAL..].starts_with(b"liaison-seal-v1\n"));

    let out = stdout(run(h, "2026-11-18", &["restore", "b.db", "--yes"]).success());
    assert!(out.contains(SEALED) && !out.contains(UNSEALED), "{out}");
    assert!(out.contains("check: OK"), "{out}");
    assert!(
        out.contains(&format!(
            "registered after the backup, only in the file kept aside: {later}"
        )),
        "{out}"
    );
    let now = cases(h);
    assert!(now.contains(&first) && !now.contains(&later));
    assert_eq!(
        leftovers(h)
            .iter()
            .filter(|n| n.contains(".restoring"))
            .count(),
        0
    );
    // Work goes on, in a new epoch, and the whole check passes.
    add(h, "desk.db", "2026-11-18", "恢复后登记");
    run(h, "2026-11-18", &["check"]).success();
}

#[test]
fn a_backup_changed_after_sealing_gets_the_whole_check_and_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (_, later) = desk_with_backup(h);
    let sealed = std::fs::read(h.join("b.db")).unwrap();
    let (pages, seal) = sealed.split_at(sealed.len() - SEAL);
    // The rows changed behind the log, the seal put back after them.
    std::fs::write(h.join("t.db"), pages).unwrap();
    rusqlite::Connection::open(h.join("t.db"))
        .unwrap()
        .execute("UPDATE cases SET content = '改过的内容'", [])
        .unwrap();
    let mut changed = std::fs::read(h.join("t.db")).unwrap();
    assert_eq!(changed.len(), pages.len(), "the edit kept the file's size");
    assert_ne!(changed, pages);
    changed.extend(seal);
    std::fs::write(h.join("t.db"), &changed).unwrap();
    refused_unchanged(h, "t.db", &later);

    // One byte of a page changed: whatever it breaks, the seal does not hold.
    let mut flipped = sealed.clone();
    let at = pages.len() - 4096 + 100;
    flipped[at] ^= 0x01;
    std::fs::write(h.join("f.db"), &flipped).unwrap();
    let out = run(h, "2026-11-18", &["restore", "f.db", "--yes"]);
    assert!(!stdout(out).contains(SEALED));

    // Cut short: half the file is refused; the seal's last byte missing is no seal.
    std::fs::write(h.join("half.db"), &sealed[..sealed.len() / 2]).unwrap();
    refused_unchanged(h, "half.db", &later);
    std::fs::write(h.join("cut.db"), &sealed[..sealed.len() - 1]).unwrap();
    let out = stdout(run(h, "2026-11-18", &["restore", "cut.db", "--yes"]).success());
    assert!(out.contains(UNSEALED) && out.contains("check: OK"), "{out}");
}

#[test]
fn a_broken_signature_or_no_seal_at_all_is_checked_case_by_case() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (first, later) = desk_with_backup(h);
    let sealed = std::fs::read(h.join("b.db")).unwrap();
    // The signature's last byte changed: a sound file, restored after the whole check.
    let mut forged = sealed.clone();
    *forged.last_mut().unwrap() ^= 0x80;
    std::fs::write(h.join("forged.db"), &forged).unwrap();
    let out = stdout(run(h, "2026-11-18", &["restore", "forged.db", "--yes"]).success());
    assert!(out.contains(UNSEALED) && out.contains("check: OK"), "{out}");
    assert!(!cases(h).contains(&later));

    // A backup from before seals (or by another program): the same whole check.
    let later = add(h, "desk.db", "2026-11-18", "又一件");
    std::fs::write(h.join("old.db"), &sealed[..sealed.len() - SEAL]).unwrap();
    let out = stdout(run(h, "2026-11-18", &["restore", "old.db", "--yes"]).success());
    assert!(out.contains(UNSEALED) && out.contains("check: OK"), "{out}");
    let now = cases(h);
    assert!(now.contains(&first) && !now.contains(&later));
    run(h, "2026-11-18", &["check"]).success();
}

#[test]
fn a_seal_by_another_desk_or_station_is_not_this_desks() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let (_, later) = desk_with_backup(h);

    // Another desk of the same station: its key is not this desk's.
    run_on(h, "other.db", "2026-11-01", &["init", "--station", "HF"]).success();
    add(h, "other.db", "2026-11-17", "另一台终端的案件");
    run_on(h, "other.db", "2026-11-17", &["backup", "other-b.db"]).success();
    // Its backup, with this desk's rows changed behind the log: the other desk's seal over
    // it is whole, and still does not spare it the check.
    let sealed = std::fs::read(h.join("other-b.db")).unwrap();
    let (pages, seal) = sealed.split_at(sealed.len() - SEAL);
    std::fs::write(h.join("o.db"), pages).unwrap();
    rusqlite::Connection::open(h.join("o.db"))
        .unwrap()
        .execute("UPDATE cases SET content = '改过的内容'", [])
        .unwrap();
    let mut changed = std::fs::read(h.join("o.db")).unwrap();
    changed.extend(seal);
    std::fs::write(h.join("o.db"), &changed).unwrap();
    refused_unchanged(h, "o.db", &later);
    let out = stdout(run(h, "2026-11-18", &["restore", "other-b.db", "--yes"]));
    assert!(out.contains(UNSEALED) && !out.contains(SEALED), "{out}");

    // Another station's desk: checked, then refused as that station's.
    let h2 = tempfile::tempdir().unwrap();
    let h2 = h2.path();
    let (_, later) = desk_with_backup(h2);
    run_on(h2, "dz.db", "2026-11-01", &["init", "--station", "DZ"]).success();
    run_on(h2, "dz.db", "2026-11-17", &["backup", "dz-b.db"]).success();
    let out = run(h2, "2026-11-18", &["restore", "dz-b.db", "--yes"])
        .failure()
        .stderr(
            predicate::str::contains("station DZ")
                .and(predicate::str::contains("nothing was changed")),
        );
    assert!(!stdout(out).contains(SEALED));
    assert!(cases(h2).contains(&later));
    assert_eq!(leftovers(h2), Vec::<String>::new());
}
